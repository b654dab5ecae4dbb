"""The verdict on a group of figures: can every statement hold at once?

Amounts: each figure is an interval, widened by the precision of its written digits
(plain figures) or by the kind's tolerance (approximate figures). agree: the intervals
meet with precision only; approx: they meet only once approximate figures are widened by
the tolerance, and round ones (two trailing zeros or more: "80,000") by the rounding they
may hide, within the tolerance; conflict: they never meet. Dates: a figure is the set of days it allows
("2021" is every day of 2021, "XXXX-01" every January); agree when one day fits all.
Pure functions, no I/O.
"""
from __future__ import annotations

import calendar
import datetime as dt
import functools
import math
from typing import Iterable, Optional

from .models import AGREE, APPROX, CONFLICT, SINGLE, Figure, Kind, Verdict

INF = math.inf


# ---------------------------------------------------------------- amounts

def amount_bounds(f: Figure, kind: Kind, tolerant: bool) -> tuple:
    """(low, low_strict, high, high_strict) of a figure as the verdict reads it."""
    center = f.low if f.low is not None else f.high
    width = f.precision
    if tolerant and f.approx:
        width = max(width, kind.tolerance * abs(center))
    elif tolerant and f.precision and f.low == f.high and not (f.low_open or f.high_open):
        # a round figure ("80,000 bitcoin") may be a rounding of the precise one
        # (80,081): within the kind's tolerance that is approximate agreement
        width = max(width, min(kind.tolerance * abs(center), _rounding(f)))
    low = f.low - width if f.low is not None else -INF
    high = f.high + width if f.high is not None else INF
    # a widened bound is exclusive: "6,238" is 6,237.5 up to (not including) 6,238.5,
    # so 6,238 and 6,239 do not meet at 6,238.5
    return low, f.low_open or width > 0, high, f.high_open or width > 0


def written_digits(value: float, precision: float) -> str:
    """The digits of an amount as written, from its value and the half-width of its last
    digit: 80,000 (precision 0.5) -> '80000'; $27.9 billion (0.05 billion) -> '279'."""
    return str(round(abs(value) / (2 * precision)))


def _rounding(f: Figure) -> float:
    """Half a unit of the last digit that is not zero, for a figure written with two
    trailing zeros or more (80,000: 5,000; 6,200: 50); else 0."""
    digits = written_digits(f.low, f.precision)
    zeros = len(digits) - len(digits.rstrip("0"))
    return f.precision * 10 ** zeros if zeros >= 2 and digits != "0" else 0.0


def _meet(bounds: Iterable[tuple]) -> tuple:
    """The intersection (low, high) of intervals and whether it is empty."""
    low, low_strict, high, high_strict = -INF, False, INF, False
    for lo, lo_s, hi, hi_s in bounds:
        if lo > low or (lo == low and lo_s):
            low, low_strict = lo, lo_s
        if hi < high or (hi == high and hi_s):
            high, high_strict = hi, hi_s
    empty = low > high or (low == high and (low_strict or high_strict))
    return low, high, empty


def amounts_verdict(figures: list[Figure], kind: Kind) -> Verdict:
    if not _meet(amount_bounds(f, kind, False) for f in figures)[2]:
        return Verdict(AGREE)
    if not _meet(amount_bounds(f, kind, True) for f in figures)[2]:
        centers = [f.low if f.low is not None else f.high for f in figures]
        spread = (max(centers) - min(centers)) / min(centers) * 100 if min(centers) else 0.0
        return Verdict(APPROX, spread=round(spread, 2))
    stated = [(f.low if f.low is not None else -INF, f.low_open,
               f.high if f.high is not None else INF, f.high_open) for f in figures]
    low, high, _ = _meet(stated)
    gap = max(low - high, 0.0)
    relative = gap / high * 100 if high not in (0, INF, -INF) else None
    text = format_amount(gap, figures[0].unit or kind.unit)
    if relative is not None:
        text += f", {relative:.2g}%"
    return Verdict(CONFLICT, gap=gap, gap_text=text)


def format_amount(value: float, unit: str) -> str:
    """A value as a reader writes it: 7 billion USD -> $7B, 6238 BTC -> 6,238 BTC."""
    if value is None:
        return "?"
    for size, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M")):
        if abs(value) >= size:
            number = f"{value / size:,.3f}".rstrip("0").rstrip(".") + suffix
            break
    else:
        number = f"{value:,.6f}".rstrip("0").rstrip(".")
    return f"${number}" if unit == "USD" else f"{number} {unit}"


# ---------------------------------------------------------------- dates

@functools.lru_cache(maxsize=4096)
def parse_timeml(value: str) -> tuple:
    """'2025-07-18' -> (2025, 7, 18); 'XXXX-01' -> (None, 1, None); '2021' -> (2021, None, None)."""
    parts = value.split("-")
    year = None if parts[0].startswith("X") else int(parts[0])
    month = int(parts[1]) if len(parts) > 1 and not parts[1].startswith("X") else None
    day = int(parts[2]) if len(parts) > 2 and not parts[2].startswith("X") else None
    return year, month, day


def _first_last(value: str) -> Optional[tuple]:
    """The first and last day (ordinals) a dated value allows, or None without a year."""
    year, month, day = parse_timeml(value)
    if year is None:
        return None
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
    low = _first_last(low_value) if low_value is not None else (-INF, -INF)
    high = _first_last(high_value) if high_value is not None else (INF, INF)
    if low is None or high is None:
        return None
    first = low[1] + 1 if low_open else low[0]
    last = high[0] - 1 if high_open else high[1]
    return first, last


def dates_verdict(figures: list[Figure]) -> Verdict:
    bounds = [(f, date_bounds(f)) for f in figures]
    dated = [b for _, b in bounds if b is not None]
    undated = [parse_timeml(f.low or f.high) for f, b in bounds if b is None]
    first = max((b[0] for b in dated), default=-INF)
    last = min((b[1] for b in dated), default=INF)
    if first <= last and _calendar_fits(first, last, undated):
        return Verdict(AGREE)
    if first > last and first != INF and last != -INF:
        days = int(first - last)
        return Verdict(CONFLICT, gap=days, gap_text=f"{days} day{'s' * (days != 1)} apart")
    return Verdict(CONFLICT, gap_text="different months or days")


def _calendar_fits(first: float, last: float, undated: list[tuple]) -> bool:
    """Whether one day between first and last has every month/day the undated values name."""
    months = {m for _, m, _ in undated if m is not None}
    days = {d for _, _, d in undated if d is not None}
    if len(months) > 1 or len(days) > 1:
        return False
    if not months and not days:
        return True
    month = next(iter(months), None)
    day = next(iter(days), None)
    if first == -INF or last == INF or last - first > 800:
        return True  # every month and day of the year lies in the range
    for ordinal in range(int(first), int(last) + 1):
        date = dt.date.fromordinal(ordinal)
        if (month is None or date.month == month) and (day is None or date.day == day):
            return True
    return False


# ---------------------------------------------------------------- both

def verdict(figures: list[Figure], kind: Kind) -> Verdict:
    """The verdict on figures of one kind; single when they come from one source."""
    if len({f.source for f in figures}) < 2:
        return Verdict(SINGLE)
    if kind.is_date:
        return dates_verdict(figures)
    return amounts_verdict(figures, kind)


def bounds_meet(first: tuple, second: tuple) -> bool:
    """Whether two intervals from amount_bounds have a value in common."""
    return not _meet((first, second))[2]


def compatible(figures: list[Figure], kind: Kind) -> bool:
    """Whether the figures can all hold at once (approximate agreement counts)."""
    if kind.is_date:
        return dates_verdict(figures).verdict == AGREE
    return amounts_verdict(figures, kind).verdict != CONFLICT
