"""What a figure's value means: the one place that reads low/high, precision and TimeML.

An amount is an interval (low, high), each end open or closed, and as precise as its
written digits: the verdict widens a plain figure by its precision, an approximate one
by its kind's tolerance, a round one ("80,000") by the rounding it may hide. A date is a
TimeML string ("2025-07-18", "2021-09", "XXXX-01", a quarter "2024-Q1", a half "2024-H1"):
the set of days it allows. Grouping and verdicts read values through these functions;
nothing else re-derives them.
Pure functions, no I/O.
"""
from __future__ import annotations

import calendar
import datetime as dt
import functools
import math
from typing import Iterable, Optional

from .models import Figure, Kind, Value

INF = math.inf


def stated_value(f: Figure) -> Value:
    """The value a figure states: its low end, else its high end ("up to 2,000 MW": 2,000)."""
    return f.low if f.low is not None else f.high


def magnitude(f: Figure) -> Optional[float]:
    """How large an amount is, for ratios between amounts: the size of its stated value;
    None for a date, and for zero (no ratio can be taken with it)."""
    value = stated_value(f)
    if isinstance(value, str) or not value:
        return None
    return abs(value)


# ---------------------------------------------------------------- amounts

def amount_bounds(f: Figure, kind: Kind, tolerant: bool) -> tuple:
    """(low, low_strict, high, high_strict) of a figure as the verdict reads it."""
    center = stated_value(f)
    width = f.precision
    if tolerant and f.approx:
        width = max(width, kind.tolerance * abs(center))
    elif tolerant and f.precision and f.low == f.high and not (f.low_open or f.high_open):
        # a round figure ("80,000 bitcoin") may be a rounding of the precise one
        # (80,081): within the kind's tolerance that is approximate agreement
        width = max(width, min(kind.tolerance * abs(center), rounding(f)))
    low = f.low - width if f.low is not None else -INF
    high = f.high + width if f.high is not None else INF
    # a widened bound is exclusive: "6,238" is 6,237.5 up to (not including) 6,238.5,
    # so 6,238 and 6,239 do not meet at 6,238.5; a width too small to move a very large
    # value (half a unit of a 23-digit number) leaves its bound as stated, inclusive
    return (low, f.low_open or (width > 0 and low != f.low),
            high, f.high_open or (width > 0 and high != f.high))


def stated_bounds(f: Figure) -> tuple:
    """(low, low_strict, high, high_strict) of a figure as stated, without precision."""
    return (f.low if f.low is not None else -INF, f.low_open,
            f.high if f.high is not None else INF, f.high_open)


def written_digits(value: float, precision: float) -> str:
    """The digits of an amount as written, from its value and the half-width of its last
    digit: 80,000 (precision 0.5) -> '80000'; $27.9 billion (0.05 billion) -> '279'."""
    return str(round(abs(value) / (2 * precision)))


PRECISE_DIGITS = 3  # significant digits that make a value precise (6,238; $27.9 billion)


def precise(f: Figure, digits: int = PRECISE_DIGITS) -> bool:
    """An amount written with three significant digits or more (6,238 BTC, $27.9 billion):
    two sources that write it state one thing; a round value ($8 billion, 100) may be
    chance. Never a date."""
    size = magnitude(f)
    if not f.precision or size is None:
        return False
    return len(written_digits(size, f.precision).rstrip("0")) >= digits


def rounding(f: Figure) -> float:
    """Half a unit of the last digit that is not zero, for a figure written with two
    trailing zeros or more (80,000: 5,000; 6,200: 50); else 0."""
    digits = written_digits(f.low, f.precision)
    zeros = len(digits) - len(digits.rstrip("0"))
    return f.precision * 10 ** zeros if zeros >= 2 and digits != "0" else 0.0


def meet(bounds: Iterable[tuple]) -> tuple:
    """The intersection (low, high) of intervals and whether it is empty."""
    low, low_strict, high, high_strict = -INF, False, INF, False
    for lo, lo_s, hi, hi_s in bounds:
        if lo > low or (lo == low and lo_s):
            low, low_strict = lo, lo_s
        if hi < high or (hi == high and hi_s):
            high, high_strict = hi, hi_s
    empty = low > high or (low == high and (low_strict or high_strict))
    return low, high, empty


def bounds_meet(first: tuple, second: tuple) -> bool:
    """Whether two intervals from amount_bounds have a value in common."""
    return not meet((first, second))[2]


# ---------------------------------------------------------------- dates

PERIODS = {"Q": 3, "H": 6}  # TimeML quarters and halves of a year, by their months


@functools.lru_cache(maxsize=4096)
def parse_timeml(value: str) -> tuple:
    """'2025-07-18' -> (2025, 7, 18); 'XXXX-01' -> (None, 1, None); '2021' -> (2021, None, None);
    a quarter or half names no one month: '2024-Q1' -> (2024, None, None)."""
    parts = value.split("-")
    year = None if parts[0].startswith("X") else int(parts[0])
    month = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
    day = int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else None
    return year, month, day


@functools.lru_cache(maxsize=4096)
def period_months(value: str) -> Optional[tuple]:
    """The first and last month of a quarter or half ('2024-Q2' -> (4, 6), 'XXXX-H2' ->
    (7, 12)); None for any other value."""
    parts = value.split("-")
    if len(parts) != 2 or len(parts[1]) != 2 or parts[1][0] not in PERIODS or not parts[1][1].isdigit():
        return None
    size, index = PERIODS[parts[1][0]], int(parts[1][1])
    if not 1 <= index <= 12 // size:
        return None
    return size * (index - 1) + 1, size * index


def first_last_days(value: str) -> Optional[tuple]:
    """The first and last day (ordinals) a dated value allows, or None without a year."""
    year, month, day = parse_timeml(value)
    if year is None:
        return None
    period = period_months(value)
    if period is not None:
        last = calendar.monthrange(year, period[1])[1]
        return dt.date(year, period[0], 1).toordinal(), dt.date(year, period[1], last).toordinal()
    if month is None:
        return dt.date(year, 1, 1).toordinal(), dt.date(year, 12, 31).toordinal()
    if day is None:
        last = calendar.monthrange(year, month)[1]
        return dt.date(year, month, 1).toordinal(), dt.date(year, month, last).toordinal()
    day = min(day, calendar.monthrange(year, month)[1])
    return (dt.date(year, month, day).toordinal(),) * 2


def date_bounds(f: Figure) -> Optional[tuple]:
    """(first day, last day) the figure allows, inclusive; None when it has no year."""
    return _date_bounds(f.low, f.high, f.low_open, f.high_open)


@functools.lru_cache(maxsize=4096)
def _date_bounds(low_value, high_value, low_open: bool, high_open: bool) -> Optional[tuple]:
    low = first_last_days(low_value) if low_value is not None else (-INF, -INF)
    high = first_last_days(high_value) if high_value is not None else (INF, INF)
    if low is None or high is None:
        return None
    first = low[1] + 1 if low_open else low[0]
    last = high[0] - 1 if high_open else high[1]
    return first, last


def is_full_day(date: Figure) -> bool:
    """A date that is one calendar day, year included (2022-11-11)."""
    return date.low == date.high and isinstance(date.low, str) and len(date.low) == 10 \
        and "X" not in date.low
