"""How values read to a person: over 6,240 BTC, ~$740M, 18 Jul 2025, gaps and spreads.

Every wording of a value the reports print is made here; the other modules of the
report package only lay it out."""
from __future__ import annotations

import calendar
import math
from typing import TYPE_CHECKING

from ..figure_values import parse_timeml
from ..models import Fact, Figure, Kind

if TYPE_CHECKING:  # for annotations only: the rules module loads regex, which --help does not need
    from ..rules import Rules


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
    if unit == "USD":
        return f"${number}"
    return f"{number}{unit}" if unit == "%" else f"{number} {unit}"


def percent_text(value: float) -> str:
    """A percentage to two significant digits, never in exponent form: 0.032%, 3.2%, 200%."""
    if not value:
        return "0%"
    digits = max(0, 1 - math.floor(math.log10(abs(value))))
    return f"{value:,.{digits}f}%"


def plural(count: int, word: str) -> str:
    """1 example, 2 examples; 1 address, 48 addresses."""
    return f"{count} {word if count == 1 else _plural(word)}"


def _plural(noun: str) -> str:
    if noun.endswith("y") and noun[-2:-1] not in tuple("aeiou"):
        return noun[:-1] + "ies"  # company -> companies (day -> days)
    return noun + ("es" if noun.endswith(("s", "sh", "ch", "x", "z")) else "s")


def format_date(value: str) -> str:
    """'2025-07-18' -> '18 Jul 2025', '2021-09' -> 'Sep 2021', 'XXXX-01' -> 'January (no year)'."""
    year, month, day = parse_timeml(value)
    if year is None:
        name = calendar.month_name[month] if month else "?"
        return f"{name}{f' {day}' if day else ''} (no year)"
    if month is None:
        return str(year)
    text = f"{calendar.month_abbr[month]} {year}"
    return f"{day} {text}" if day else text


def number(value):
    """A JSON number: whole values as int (6238, not 6238.0)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e18:
        return int(value)
    return value


def describe(f: Figure, rules: Rules) -> str:
    """One statement as a reader would write it, from its normalized value and the flags
    of its kind."""
    kind = rules.kinds[f.kind]
    date = kind.is_date
    show = format_date if date else (lambda v: format_amount(v, f.unit))
    if kind.counts:
        show = lambda v: _count(v, f.unit, rules.plural_nouns)  # noqa: E731
    if f.low is not None and f.high is not None and f.low != f.high:
        text = f"{show(f.low)} to {show(f.high)}"
    elif f.high is None:
        word = ("after" if f.low_open else "since") if date else ("over" if f.low_open else "at least")
        text = f"{word} {show(f.low)}"
    elif f.low is None:
        word = ("before" if f.high_open else "until") if date else ("under" if f.high_open else "up to")
        text = f"{word} {show(f.high)}"
    else:
        text = str(show(f.low))
    return ("~" + text) if f.approx else text


def _count(value, noun: str, plural_nouns: frozenset) -> str:
    """6 exchanges, 16M users, 5 people: a count with its noun (plural_nouns are plural
    as they are)."""
    number = format_amount(value, "").strip()
    if noun and value != 1 and noun not in plural_nouns:
        noun = _plural(noun)  # the unit is the noun in the singular: address -> addresses
    return f"{number} {noun}".strip()


def verdict_text(fact: Fact, rules: Rules) -> str:
    """The verdict with its spread (approx) or gap (conflict)."""
    kind = rules.kinds[fact.kind]
    v = fact.verdict
    if v.verdict == "approx" and v.spread is not None:
        return f"approx (spread {spread_text(v.spread)})"
    if v.verdict == "conflict" and kind.is_date:
        return f"conflict ({gap_text(fact, kind)})"
    if v.verdict == "conflict" and v.gap is not None:
        return f"conflict (gap {gap_text(fact, kind)})"
    return v.verdict


def spread_text(spread: float) -> str:
    """0.95%, 12.5%, 1,234%: the spread as computed (to two decimals), never in exponent form."""
    return f"{spread:,.2f}".rstrip("0").rstrip(".") + "%"


def gap_text(fact: Fact, kind: Kind) -> str:
    """A conflict's gap as a person reads it: 2 BTC, 0.032%; 3 days apart."""
    v = fact.verdict
    if kind.is_date:
        if v.gap is None:
            return "different months or days"
        return f"{plural(int(v.gap), 'day')} apart"
    if (fact.unit or kind.unit) == "%":  # 12% against 10%: 2 points, not 20% of 10%
        points = f"{v.gap:,.6f}".rstrip("0").rstrip(".")
        return f"{points} percentage point{'s' * (v.gap != 1)}"
    text = format_amount(v.gap, fact.unit or kind.unit)
    if v.gap_percent is not None:
        text += f", {percent_text(v.gap_percent)}"
    return text


def ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 5] -> '1-3,5': source numbers stay short with 50 sources."""
    out, run = [], []
    for n in sorted(set(numbers)):
        if run and n == run[-1] + 1:
            run.append(n)
            continue
        if run:
            out.append(f"{run[0]}-{run[-1]}" if len(run) > 2 else ",".join(map(str, run)))
        run = [n]
    if run:
        out.append(f"{run[0]}-{run[-1]}" if len(run) > 2 else ",".join(map(str, run)))
    return ",".join(out)


def distinct(fact) -> list:
    """(a figure, the sources that state it) for each distinct claim of a fact."""
    out: dict = {}
    for f in fact.figures:
        figure, sources = out.setdefault(f.claim, (f, []))
        if f.source not in sources:
            sources.append(f.source)
    return list(out.values())


def message(fact: Fact, rules: Rules, diff=None) -> str:
    """A contradiction in one line: the fact, each value with where its sources state it
    (file:line:column), the verdict, and, against a baseline, the values it did not accept."""
    parts = [f"{describe(f, rules)} ({', '.join(x.where for x in fact.figures if x.claim == f.claim)})"
             for f, _ in distinct(fact)]
    text = f"{fact.label}: {' vs '.join(parts)}; {verdict_text(fact, rules)}"
    if diff is not None and diff.baseline and diff.new.get(fact.id):
        text += f"; not in the baseline: {', '.join(diff.new[fact.id])}"
    return text


def snippet(sentence: str, start: int, end: int, width=None) -> tuple:
    """(before, figure, after) of a sentence cut to about width characters around the
    figure at [start, end), at word boundaries, an ellipsis where it is cut; whole when it
    fits or width is None. Less is kept before the figure than after it."""
    before, middle, after = sentence[:start], sentence[start:end], sentence[end:]
    if width is None or len(sentence) <= width:
        return before, middle, after
    room = max(0, width - len(middle) - 2)  # two ellipses
    left = min(len(before), room // 3)
    right = min(len(after), room - left)
    left = min(len(before), room - right)  # what the right side leaves
    if left < len(before):
        kept = before[len(before) - left:]
        cut = kept.find(" ")
        before = "…" + (kept[cut + 1:] if cut >= 0 else "")
    if right < len(after):
        kept = after[:right]
        cut = kept.rfind(" ")
        after = (kept[:cut] if cut >= 0 else "") + "…"
    return before, middle, after
