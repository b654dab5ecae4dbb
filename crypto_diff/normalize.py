"""Turn a scanner match into a normalized value: a number or date interval with its unit.

Amounts: value = number x scale word x unit multiplier. A number may be written in digits
("6,238", "1.5") or in words ("seven", "one hundred and three", "half a"): words go
through the rules' `number_words` table, then text2num. A hedge before the figure (or
after it: "200 or more") turns the value into a bound or an approximate value; a range
gives both ends; a `negative` group ("minus 5", "fell 4%") flips the sign. Dates become
TimeML strings with unknown parts written X; a date range takes from one end what the
other leaves out ("Jan-Feb 2017", "January 12 - 22, 2016").

Precision: a plain figure is as precise as its last written digit, zeros included
("2,000" is 2,000 +/- 0.5, "$7 billion" is 7 billion +/- 0.5 billion, "$2.5 billion"
2.5 billion +/- 0.05 billion); numbers in words are as precise as a written integer.
The verdict uses the precision; the reported low/high never include it.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Optional

from .models import Kind
from .rules import Rules

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
SEPARATORS = re.compile(r"[,\s\u00a0\u202f]")
DECIMAL_COMMA = re.compile(r"^\d{1,3},\d{1,2}$")


def normalize(groups: dict, kind: Kind, rules: Rules) -> Optional[dict]:
    """The Figure fields (low, high, opens, approx, precision, unit) of a match's named
    groups, or None when the match states no usable value."""
    if kind.is_date:
        return normalize_date(groups, rules)
    return normalize_amount(groups, kind, rules)


# ---------------------------------------------------------------- numbers

def parse_number(text: str, rules: Rules) -> Optional[tuple[float, float]]:
    """The value of a written number and the half-width of its last digit."""
    text = text.strip()
    if len(text) == 1 and unicodedata.numeric(text, None) is not None and not text.isdigit():
        return unicodedata.numeric(text), 0.0  # ⅔
    if DECIMAL_COMMA.match(text):  # 6,25 BTC, $266,5 million: the rules match this only before a unit
        text = text.replace(",", ".")
    if text[:1].isdigit() or text[:1] == ".":
        digits = SEPARATORS.sub("", text)
        decimals = len(digits.split(".", 1)[1]) if "." in digits else 0
        try:
            return float(digits), 0.5 * 10 ** -decimals
        except ValueError:
            return None
    words = " ".join(text.lower().replace("-", " ").split())
    if words in rules.number_words:
        value = rules.number_words[words]
    else:
        value = _text2num(words)
        if value is None and " " in words:  # twenty one trillion three hundred: text2num skips a scale
            value = compound_number(words, rules)
        if value is None:
            return None
    return float(value), 0.5 if value >= 1 else value / 10


def _text2num(words: str) -> Optional[float]:
    from text_to_num import text2num  # deferred: only numbers in words need it
    for candidate in (words, words.replace(" and ", " ")):
        try:
            return float(text2num(candidate, "en"))
        except ValueError:
            continue
    return None


def _multiplier(groups: dict, key: str, rules: Rules) -> float:
    word = groups.get(key)
    return rules.scales.get(" ".join(word.lower().split()), 1.0) if word else 1.0


def _unit(groups: dict, kind: Kind) -> Optional[tuple[float, str]]:
    """(multiplier, unit name) from the match's unit and currency groups."""
    multiplier, name = 1.0, kind.unit
    word = groups.get("unit")
    if word:
        found = _lookup(word, kind.units)
        if found is None and kind.units:
            return None
        multiplier = found if found is not None else 1.0
    named = groups.get("currency") or groups.get("unit")
    if named and kind.unit_names:
        found = _lookup(named, kind.unit_names)
        if found is None:
            return None
        name = found
    if groups.get("ticker"):
        name = groups["ticker"].upper()  # a token's ticker names its unit as written
    if kind.counts:
        noun = groups.get("noun")
        name = _singular(noun.lower()) if noun else ""
    return multiplier, name


def _lookup(word: str, table: dict):
    key = " ".join(word.lower().replace("-", " ").split())  # terawatt-hours: terawatt hours
    if key in table:
        return table[key]
    if key.endswith("s") and key[:-1] in table:
        return table[key[:-1]]
    return None


def _singular(noun: str) -> str:
    if noun.endswith("ies") and len(noun) > 4:
        return noun[:-3] + "y"
    if noun.endswith(("sses", "xes", "ches", "shes", "zzes")) or \
            (noun.endswith("uses") and not noun.endswith(("ouses", "auses"))):
        return noun[:-2]  # addresses, taxes, buses; houses and clauses lose only their s
    if noun.endswith("s") and not noun.endswith("ss"):
        return noun[:-1]
    return noun


def _denominator(text: str, rules: Rules) -> Optional[float]:
    """The denominator a fraction names: 40 (1/40), 3 (thirds), 4 (quarters), 6 (one in six)."""
    text = _words(text)
    if text.isdigit():
        return float(text)
    if text in ("half", "halves"):
        return 2.0
    if text.rstrip("s") == "quarter":
        return 4.0
    value = rules.number_words.get(text[:-1] if text.endswith("s") else text)  # thirds: third, 3
    if value is None or value < 1:
        found = parse_number(text, rules)
        value = found[0] if found else None
    return float(value) if value else None


def _clean(value: float):
    """Whole numbers as int-valued floats without float noise (7e9, not 7000000000.000001)."""
    rounded = round(value, 8)
    return float(int(rounded)) if rounded == int(rounded) else rounded


def compound_number(text: str, rules: Rules) -> Optional[float]:
    """4 thousand 3 hundred and 21 -> 4321: digits and words, each scale word closing
    what came before it."""
    total = current = 0.0
    for word in text.lower().replace("-", " ").split():
        if word == "and":
            continue
        if word == "hundred":
            current = (current or 1) * 100
        elif word in rules.scales and word not in ("k", "m", "b", "t", "g"):
            total += (current or 1) * rules.scales[word]
            current = 0.0
        else:
            value = parse_number(word, rules)
            if value is None:
                return None
            current += value[0]
    return total + current


def normalize_amount(groups: dict, kind: Kind, rules: Rules) -> Optional[dict]:
    if groups.get("compound"):
        groups = dict(groups, num=str(compound_number(groups["compound"], rules) or ""))
        if not groups["num"]:
            return None
    if groups.get("point"):  # 1 point 1
        groups = dict(groups, num=f"{groups['num']}.{groups['point']}")
    first = parse_number(groups["num"], rules)
    unit = _unit(groups, kind)
    if first is None or unit is None:
        return None
    multiplier, name = unit
    scale = _multiplier(groups, "scale", rules) if groups.get("scale") else \
        _multiplier(groups, "scale2", rules)
    value, half = first
    if groups.get("denominator"):  # 1/40, two thirds, one in six
        denominator = _denominator(groups["denominator"], rules)
        if not denominator:
            return None
        value, half = value / denominator, 0.0
        if groups.get("share") is not None:  # two thirds of supply: a share, in percent
            value, half = round(value * 100, 2), 0.005
    if groups.get("fraction"):  # 3 million and a half
        value += rules.number_words.get(_words(groups["fraction"]), 0.0)
    if groups.get("minus"):
        value = -value
    if groups.get("cents") and not groups.get("scale"):
        value += (parse_number(groups["cents"], rules) or (0.0, 0.0))[0] / 100
        half = 0.005
    low = high = _clean(value * scale * multiplier)
    fields = dict(low=low, high=high, precision=half * scale * multiplier, unit=name)
    if groups.get("num2"):
        second = parse_number(groups["num2"], rules)
        if second is None:
            return None
        scale2 = _multiplier(groups, "scale2", rules) if groups.get("scale2") else scale
        fields.update(high=_clean(second[0] * scale2 * multiplier),
                      precision=max(fields["precision"], second[1] * scale2 * multiplier))
        if groups.get("hedge2"):  # more than 10 and less than 40: a bound at each end
            return _two_bounds(fields, rules.hedges.get(_words(groups.get("hedge"))),
                               rules.hedges.get(_words(groups.get("hedge2"))))
        if fields["high"] < low:
            return None
        if rules.hedges.get(_words(groups.get("hedge"))) == "approx":
            fields["approx"] = True  # about $10-$20
    else:
        _hedge(fields, rules.hedges.get(_words(groups.get("hedge") or groups.get("hedge_after"))))
    if groups.get("negative"):
        _negate(fields)
    return fields


def _words(text: Optional[str]) -> str:
    return " ".join((text or "").lower().split())


def _hedge(fields: dict, meaning: Optional[str]) -> None:
    if meaning in ("gt", "ge"):
        fields.update(high=None, low_open=meaning == "gt")
    elif meaning in ("lt", "le"):
        fields.update(low=None, high_open=meaning == "lt")
    elif meaning == "approx":
        fields.update(approx=True)


def _two_bounds(fields: dict, first: Optional[str], second: Optional[str]) -> Optional[dict]:
    """An interval from a lower and an upper bound, written in either order."""
    lower, upper = ("gt", "ge"), ("lt", "le")
    if first in upper and second in lower:
        fields["low"], fields["high"] = fields["high"], fields["low"]
        first, second = second, first
    if first not in lower or second not in upper or fields["high"] < fields["low"]:
        return None
    fields.update(low_open=first == "gt", high_open=second == "lt")
    return fields


def _negate(fields: dict) -> None:
    low, high = fields["low"], fields["high"]
    fields["low"] = -high if high is not None else None
    fields["high"] = -low if low is not None else None
    fields["low_open"], fields["high_open"] = fields.get("high_open", False), fields.get("low_open", False)


# ---------------------------------------------------------------- dates

def _month(text: Optional[str], rules: Rules) -> Optional[int]:
    if not text:
        return None
    text = text.strip(". ").lower()
    if text.isdigit():
        return int(text) if 1 <= int(text) <= 12 else 0
    if text[:3] in MONTHS:
        return MONTHS.index(text[:3]) + 1
    value = rules.number_words.get(_words(text.replace("-", " ")))  # the third month
    return int(value) if value and 1 <= value <= 12 else 0


def _day(text: Optional[str], rules: Rules) -> Optional[int]:
    if not text:
        return None
    if text.isdigit():
        return int(text)
    value = rules.number_words.get(_words(text.replace("-", " ")))  # the fourth of July
    return int(value) if value else 0


def _date_parts(groups: dict, suffix: str, rules: Rules) -> tuple:
    year = groups.get("year" + suffix)
    return (int(year) if year else None, _month(groups.get("month" + suffix), rules),
            _day(groups.get("day" + suffix), rules))


def timeml(year: Optional[int], month: Optional[int], day: Optional[int]) -> str:
    text = f"{year:04d}" if year else "XXXX"
    if month:
        text += f"-{month:02d}"
        if day:
            text += f"-{day:02d}"
    return text


def _period(groups: dict, rules: Rules) -> Optional[str]:
    """A quarter or half of a year as TimeML ('2024-Q1', 'XXXX-H2'), from the groups
    quarter or half (1, 2nd, third) and year, or a two-digit year yy (Q3'23); '' when
    the groups name none, None when they name one that is not."""
    for key, letter, count in (("quarter", "Q", 4), ("half", "H", 2)):
        text = groups.get(key)
        if not text:
            continue
        index = _day(text.lower().rstrip("stndrh") if text[:1].isdigit() else text, rules)
        if not index or not 1 <= index <= count:
            return None
        year = groups.get("year") or (f"20{groups['yy']}" if groups.get("yy") else None)
        return f"{year or 'XXXX'}-{letter}{index}"
    return ""


def normalize_date(groups: dict, rules: Rules) -> Optional[dict]:
    period = _period(groups, rules)
    if period is None:
        return None
    if period:
        fields = dict(low=period, high=period)
        _hedge(fields, rules.date_hedges.get(_words(groups.get("hedge") or groups.get("hedge_after"))))
        return fields
    if groups.get("relative_year"):  # early last year: the year is the article's (refine.py)
        fields = dict(low="XXXX", high="XXXX")
        _hedge(fields, rules.date_hedges.get(_words(groups.get("hedge"))))
        return fields
    start = list(_date_parts(groups, "", rules))
    end = list(_date_parts(groups, "2", rules))
    if 0 in (start[1], end[1]) or (start[2] and not 1 <= start[2] <= 31) or \
            (end[2] and not 1 <= end[2] <= 31):
        return None  # a month or day that is not one
    if any(end):
        # an end written short takes from the start, and the start from the end
        if end[0] is None:
            end[0] = start[0]
        if start[0] is None:
            start[0] = end[0]
        if end[1] is None and end[2] is not None:
            end[1] = start[1]
        if start[1] is None and start[2] is not None:
            start[1] = end[1]
        if start[2] is not None and end[2] is None and end[1] is not None and start[1] == end[1]:
            return None
    if start[0] is None and start[1] is None:
        return None
    if start[2] and not start[1]:
        return None
    low = timeml(*start)
    high = timeml(*end) if any(end) else low
    if any(end) and high < low:
        return None
    fields = dict(low=low, high=high)
    _hedge(fields, rules.date_hedges.get(_words(groups.get("hedge") or groups.get("hedge_after"))))
    return fields
