"""The verdict on a group of figures: can every statement hold at once?

Amounts: each figure is an interval, widened by the precision of its written digits
(plain figures) or by the kind's tolerance (approximate figures). agree: the intervals
meet with precision only; approx: they meet only once approximate figures are widened by
the tolerance, and round ones (two trailing zeros or more: "80,000") by the rounding they
may hide, within the tolerance; conflict: they never meet. Dates: a figure is the set of days it allows
("2021" is every day of 2021, "XXXX-01" every January); agree when one day fits all.
What a figure's interval or days are comes from figure_values.py. A conflict also names
its odd ones out: the fewest sources that, left out, let all the others hold at once.
Pure functions, no I/O.
"""
from __future__ import annotations

import datetime as dt
import itertools
import math
from dataclasses import replace

from .figure_values import amount_bounds, date_bounds, meet, parse_timeml, stated_bounds, stated_value
from .models import AGREE, APPROX, CONFLICT, SINGLE, Figure, Kind, Verdict

INF = math.inf
MAX_TRIED = 2000  # choices of sources tried in search of odd ones out among undated days


# ---------------------------------------------------------------- amounts

def amounts_verdict(figures: list[Figure], kind: Kind) -> Verdict:
    if not meet(amount_bounds(f, kind, False) for f in figures)[2]:
        return Verdict(AGREE)
    if not meet(amount_bounds(f, kind, True) for f in figures)[2]:
        centers = [stated_value(f) for f in figures]
        spread = (max(centers) - min(centers)) / min(centers) * 100 if min(centers) else 0.0
        return Verdict(APPROX, spread=round(spread, 2))
    low, high, _ = meet(stated_bounds(f) for f in figures)
    gap = max(low - high, 0.0)
    relative = gap / high * 100 if high not in (0, INF, -INF) else None
    return Verdict(CONFLICT, gap=gap, gap_percent=relative)


# ---------------------------------------------------------------- dates

def dates_verdict(figures: list[Figure]) -> Verdict:
    bounds = [(f, date_bounds(f)) for f in figures]
    dated = [b for _, b in bounds if b is not None]
    undated = [parse_timeml(stated_value(f)) for f, b in bounds if b is None]
    first = max((b[0] for b in dated), default=-INF)
    last = min((b[1] for b in dated), default=INF)
    if first <= last and _calendar_fits(first, last, undated):
        return Verdict(AGREE)
    if first > last and first != INF and last != -INF:
        return Verdict(CONFLICT, gap=int(first - last))
    return Verdict(CONFLICT)


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
    """The verdict on figures of one kind; single when they come from one source. A
    conflict names its odd ones out (odd_ones)."""
    if len({f.source for f in figures}) < 2:
        return Verdict(SINGLE)
    found = dates_verdict(figures) if kind.is_date else amounts_verdict(figures, kind)
    if found.verdict == CONFLICT:
        found = replace(found, odd=odd_ones(figures, kind))
    return found


def odd_ones(figures: list[Figure], kind: Kind) -> tuple:
    """The sources of a conflict that, left out, let every other statement hold at once
    (approximate agreement counts): the fewest that do, when they are fewer than the
    sources left and no other choice of as few sources does it; else ()."""
    by_source: dict = {}
    for f in figures:
        by_source.setdefault(f.source, []).append(f)
    if kind.is_date and any(date_bounds(f) is None for f in figures):
        return _odd_ones_by_trying(by_source, kind)  # a month or day without its year
    # each source's statements as one interval (what they all allow); the others agree
    # when their intervals share a point, so the most sources that agree are those whose
    # intervals hold the point that most of them hold (intervals on a line meet when
    # they meet two by two): it is enough to try the lowest point of each interval
    intervals = {s: _interval(found, kind) for s, found in by_source.items()}
    best, kept = 0, set()
    for point in {(i[0], i[1]) for i in intervals.values() if i is not None}:
        holding = frozenset(s for s, i in intervals.items() if i is not None and _holds(i, point))
        if len(holding) > best:
            best, kept = len(holding), {holding}
        elif len(holding) == best:
            kept.add(holding)
    if len(kept) != 1 or 2 * best <= len(by_source):
        return ()  # no single choice of as few sources, or not fewer left out than kept
    return tuple(sorted(set(by_source) - next(iter(kept))))


def _interval(figures: list[Figure], kind: Kind):
    """(low, low_strict, high, high_strict) that every figure allows (approximate agreement
    counts; for dates, days), or None when they allow nothing in common."""
    if kind.is_date:
        days = [date_bounds(f) for f in figures]
        bounds = [(first, False, last, False) for first, last in days]
    else:
        bounds = [amount_bounds(f, kind, True) for f in figures]
    low, low_strict, high, high_strict = -INF, False, INF, False
    for lo, lo_s, hi, hi_s in bounds:
        if lo > low or (lo == low and lo_s):
            low, low_strict = lo, lo_s and lo != -INF
        if hi < high or (hi == high and hi_s):
            high, high_strict = hi, hi_s and hi != INF
    if low > high or (low == high and (low_strict or high_strict)):
        return None
    return low, low_strict, high, high_strict


def _holds(interval: tuple, point: tuple) -> bool:
    """Whether an interval holds a point (value, just above it)."""
    low, low_strict, high, high_strict = interval
    value, above = point
    if above:  # the point is just above value
        return low <= value and value < high
    return (low < value or (low == value and not low_strict)) and \
        (value < high or (value == high and not high_strict))


def _odd_ones_by_trying(by_source: dict, kind: Kind) -> tuple:
    """odd_ones() by trying ever larger choices of sources to leave out (for dates without
    a year, which are not intervals); () past MAX_TRIED choices."""
    sources = sorted(by_source)
    tried = 0
    for count in range(1, (len(sources) - 1) // 2 + 1):  # fewer left out than kept
        found = None
        for left_out in itertools.combinations(sources, count):
            tried += 1
            if tried > MAX_TRIED:
                return ()
            if compatible([f for s in sources if s not in left_out for f in by_source[s]], kind):
                if found is not None:
                    return ()  # two choices do it: no one is the odd one out
                found = left_out
        if found is not None:
            return found
    return ()


def compatible(figures: list[Figure], kind: Kind) -> bool:
    """Whether the figures can all hold at once (approximate agreement counts)."""
    if kind.is_date:
        return dates_verdict(figures).verdict == AGREE
    return amounts_verdict(figures, kind).verdict != CONFLICT
