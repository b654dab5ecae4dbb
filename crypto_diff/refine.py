"""What an article's context tells about its figures, beyond the words of each match:
- a USD amount that states a price per coin or per share ("bitcoin hit a record of
  $44,200", "shares fell to $2.97", "$3 a share") is a price, per the coin or share the
  sentence names (else the one the article talks about most); a price at the time of
  writing ("is trading at", "at press time") is marked as the market's, never compared;
- a bare count that states an amount whose unit the sentence gives ("94,000 of the stolen
  bitcoin") or the article writes elsewhere with the same value takes that unit;
- a date without a year takes the year that puts it nearest before the article's date
  ("March 28" in an article of March 29, 2024; "December" in one of February 2021 is
  December 2020), the article's date being its published date or, without one, the
  latest full date it states.
What is refined and how comes from the rules (their `prices` section and the kinds' unit
words). Pure functions.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter
from dataclasses import replace
from typing import Optional

from .figure_values import first_last_days, magnitude, parse_timeml, period_months, precise
from .models import Figure

SCALED = re.compile(r"\d\s*(?:million|billion|trillion|mn|bn|m|b)\b", re.I)
OF_UNIT = re.compile(r"^\s*(?:of\s+(?:the\s+|its\s+|those\s+|their\s+|these\s+)?(?:[a-z-]+\s+){0,2}?)?"
                     r"(?:[a-z-]+\s+)?([A-Za-z]+?)s?\b")
REACHED = re.compile(r"(?i)^as\s+(?:high|low)\s+as\b")  # of a price: where it went, not a bound
PRICE_LIST = re.compile(r"^\s*(?:\w+\s+){0,2}?(?:,|and|or|to|then)\s+(?:\w+\s+)?$", re.I)
BARE = re.compile(r"^[\d.,]+\s?(?:%|per\s?cent|percent)$", re.I)  # a figure of digits and its unit only
LIST_ON = re.compile(r"(?:,|;|\b(?:and|while|against|versus|vs|from|compared\s+(?:with|to)|but|or)\b)", re.I)
LIST_ENDS = re.compile(r"\b(?:is|are|was|were|be|been|has|have|had|make|makes|made|hold|holds|held|own|owns|"
                       r"owned|account|accounts|represent|represents|control|controls|stake|share|of|to|at|"
                       r"rate|yield|tariffs?)\b|[.!?%]", re.I)
OF_AFTER = re.compile(r"^\s*of\b", re.I)
COIN_WORDS = ("token", "coin", "unit")  # counts of these take the coin their sentence names
UNIT_LIST = re.compile(r"^(?:\s+(?:tokens?|coins?|units?))?(?:\s+per\s+[a-z]+)?[\s,;]*(?:(?:and|or|to|from|then\s+to|then|compared\s+(?:with|to)|"
                       r"against|versus|vs\.?|up\s+from|down\s+from|than)\b)?[\s,]*(?:(?:on|in|at|only|just)\b[^,;]*?)?"
                       r"[\s,;]*(?:(?:and|or|to|from|then\s+to|then|compared\s+(?:with|to)|against|versus|vs\.?|"
                       r"up\s+from|down\s+from|than)\b)?\s*$", re.I)
VERB_AFTER = re.compile(r"^\s+(?:is|are|was|were|has|have|had|will|would|can|could)\b", re.I)
CONNECTOR = re.compile(r"\b(?:and|or|to|from|then|compared|against|versus|vs|than)\b", re.I)
HOLDINGS = re.compile(r"^(.*\b(?:holdings?|supply|balance|reserves?|stash|stack|treasury|position|tally|"
                      r"stockpile)\b[^.;]{0,40}?)\b(?:to|at|of|be|is|was|are|were|reach(?:ed|es)?|"
                      r"totals?|totall?ed|stands?\s+at|stood\s+at|now)\s+$", re.I)
LATE_DAYS = 7  # a date without a year may lie this many days after the article's date
RELATIVE = {"last": -1, "previous": -1, "past": -1, "this": 0, "current": 0, "next": 1, "coming": 1}
RELATIVE_YEAR = re.compile(r"\b(last|previous|past|this|current|next|coming)\s+year\b", re.I)
RELATIVE_YEAR_AFTER = re.compile(r"^\s*(?:of\s+)?(last|previous|this|current|next)\s+year\b", re.I)
NEXT_BEFORE = re.compile(r"\b(?:next|coming)\s+$", re.I)
AGO = re.compile(r"^\s*ago\b", re.I)
AGO_UNITS = {"year": 365, "decade": 3650, "month": 30, "week": 7, "day": 1}
DOT_THOUSANDS = re.compile(r"^(?:[A-Za-z]+\s+)*?(\d{1,3}(?:\.\d{3})+)(?![\d.,])(?!\s*(?:million|billion|"
                           r"trillion|thousand|[mbk]n?)\b)", re.I)
SERIES = re.compile(r"^\s*,\s*(?:and\s+)?$")  # the next item of a list: ", " or ", and "
LISTED = re.compile(r"^\s*(?:,|and|or|&|to|through|until|till|-|–)\s*(?:(?:early|late|mid|the)[\s-]+)?$", re.I)


def refine(figures: list[Figure], rules, lines: tuple, published: Optional[str]) -> list[Figure]:
    """The article's figures with prices, units and years made explicit, in their order."""
    main = _main_priced(lines, rules) if figures else None
    figures = _listed_prices([_priced(f, rules, main) for f in figures], rules)
    figures = _listed_hedges(_local_currency(figures, rules, lines), rules)
    figures = [_whole_count(f, rules) for f in figures]
    figures = _elliptic_changes(infer_units(figures, rules))
    figures = _shared_years(figures)
    anchor = _anchor(figures, published)
    if anchor is None:  # "early last year" says nothing without the article's date
        return [f for f in figures if f.low != "XXXX" and f.high != "XXXX"]
    return [_dated(_ago(f, rules, anchor), anchor) for f in figures]


# ---------------------------------------------------------------- prices

def _main_priced(lines: tuple, rules) -> Optional[str]:
    """The price unit an article talks about most: USD/BTC when it names bitcoin more
    often than shares, USD/share when shares and stock come first."""
    prices = rules.prices
    if prices is None:
        return None
    text = "\n".join(lines)
    coins = Counter()
    for m in prices.coin.finditer(text):
        coins[prices.coins[m.group(0).lower()]] += 1
    shares = len(prices.shares.findall(text))
    if shares > sum(coins.values()):
        return prices.share_unit
    return coins.most_common(1)[0][0] if coins else None


def _priced(f: Figure, rules, main: Optional[str]) -> Figure:
    """A USD amount that states the price of one coin or share becomes a price: per the
    words right after it (a share, apiece), right before it (hit, closed at, a high of),
    or, in a sentence that names a coin or speaks of a price, a level word before it
    (bitcoin could slide to $30 000, then at $39 000, below 20 cents); never an amount
    paid, raised or moved by ("by $1,000", "$500 in fees")."""
    prices = rules.prices
    if prices is None or f.kind != prices.source:
        return f
    sentence = f.sentence
    size = magnitude(f)
    if size is None or size >= prices.largest or SCALED.search(f.text):
        return f
    hedge = _hedge_words(rules).match(f.text).group()  # "above $2,000": its hedge is words before it
    plain = sentence[max(0, f.offset - 60):f.offset]
    before = plain + hedge
    after = sentence[f.offset + len(f.text):f.offset + len(f.text) + 40]
    per_share = prices.per_share.match(after)
    per_unit = _match(prices.per_unit, after)
    named = _coins(prices, sentence[:f.offset])
    if per_share and _search(prices.amount, before):
        return f  # a profit of $75 million, or 28 cents a share: earnings per share, not a price
    about_price = named or _search(prices.context, sentence[:f.offset]) or \
        prices.shares.search(sentence[:f.offset]) or _search(prices.coin_context, sentence)
    if not (per_share or per_unit):
        if _search(prices.amount, before) or _match(prices.amount_after, after):
            return f
        if not (prices.before.search(plain) or prices.before.search(before)
                or (about_price and _search(prices.level, before))):
            return f
    if per_share:
        unit = prices.share_unit
    elif named:
        unit = named[-1]
    elif per_unit and _coins(prices, after):
        unit = _coins(prices, after)[0]  # $144 apiece for Ether
    elif prices.shares.search(sentence[:f.offset]):
        unit = prices.share_unit
    else:
        # of no coin named: the article's coin, else a coin's price all the same when the
        # words say it is one ($52,000 per token, the token changing hands at $.91)
        unit = main or (rules.kinds[prices.kind].unit
                        if per_unit or _search(prices.coin_context, sentence) else None)
    if unit is None:
        return f
    if REACHED.match(hedge):  # rallied as high as $43,625: the price it reached, no bound
        value = f.high if f.low is None else f.low
        return replace(f, kind=prices.kind, unit=unit, low=value, high=value, low_open=False,
                       high_open=False, text=f.text[len(hedge):], offset=f.offset + len(hedge),
                       column=f.column + len(hedge))
    return replace(f, kind=prices.kind, unit=unit)


def _coins(prices, text: str) -> list:
    """The price units of the coins a text names, in order: by name (bitcoin: USD/BTC) or
    by ticker (UST's, a LUNA token: USD/UST, USD/LUNA)."""
    found = [(m.start(), prices.coins[m.group(0).lower()]) for m in prices.coin.finditer(text)]
    if prices.ticker is not None:
        found += [(m.start(), f"USD/{m.group(1).upper()}") for m in prices.ticker.finditer(text)
                  if m.group(1).lower() not in prices.coins]
    return [unit for _, unit in sorted(found)]


def _hedge_words(rules):
    """The hedge words a figure's text may open with (well below, just above, ~)."""
    return _hedge_pattern(tuple(rules.hedges))


@functools.lru_cache(maxsize=8)
def _hedge_pattern(hedges: tuple):
    words = sorted(hedges, key=len, reverse=True)
    return re.compile(r"(?i)^(?:(?:just|well|far|still)\s+)?(?:(?:" + "|".join(map(re.escape, words))
                      + r")\s*)?")


def _match(pattern, text: str):
    return pattern.match(text) if pattern is not None else None


def _search(pattern, text: str):
    return pattern.search(text) if pattern is not None else None


def _listed_prices(figures: list[Figure], rules) -> list[Figure]:
    """An amount listed right after a price in its sentence is a price of the same coin
    ("bounced off both $45 000 overhead and $34 000 underneath")."""
    prices = rules.prices
    if prices is None:
        return figures
    out = list(figures)
    for i in range(1, len(out)):
        f, prev = out[i], out[i - 1]
        if f.kind != prices.source or prev.kind != prices.kind or prev.sentence_id != f.sentence_id \
                or prev.offset + len(prev.text) > f.offset or SCALED.search(f.text):
            continue
        size = magnitude(f)
        between = f.sentence[prev.offset + len(prev.text):f.offset]
        if size is None or size >= prices.largest or not PRICE_LIST.match(between):
            continue
        out[i] = replace(f, kind=prev.kind, unit=prev.unit)
    return out


def _listed_hedges(figures: list[Figure], rules) -> list[Figure]:
    """A list of plain amounts after a hedge of approximation shares it: "around 142,000
    bitcoin, 143,000 bitcoin cash, and 69 billion yen" are all approximate."""
    out = list(figures)
    hedged = False
    for i, f in enumerate(out):
        prev = out[i - 1] if i else None
        listed = prev is not None and prev.sentence_id == f.sentence_id and hedged \
            and prev.offset + len(prev.text) <= f.offset \
            and SERIES.match(f.sentence[prev.offset + len(prev.text):f.offset]) is not None
        if listed and not f.approx and f.low == f.high and f.low is not None \
                and not isinstance(f.low, str) and not _hedge_words(rules).match(f.text).group():
            out[i] = f = replace(f, approx=True)
            continue
        hedged = f.approx and f.low == f.high and bool(_hedge_words(rules).match(f.text).group())
    return out


def _whole_count(f: Figure, rules) -> Figure:
    """A count of things written with a point before three digits counts thousands, as
    much of Europe writes them: "every 210.000 blocks" is 210,000 blocks, for no one counts
    210 blocks to three decimals. Coins, tokens and units, which split, are left alone."""
    kind = rules.kinds.get(f.kind)
    if kind is None or not kind.counts or not f.unit or f.unit in COIN_WORDS or f.low != f.high \
            or not isinstance(f.low, float) or f.low >= 1000:
        return f
    m = DOT_THOUSANDS.match(f.text)
    if m is None or abs(float(m.group(1)) - f.low) > 1e-9:
        return f
    value = float(m.group(1).replace(".", ""))
    return replace(f, low=value, high=value, precision=0.5)


# ---------------------------------------------------------------- units

def _local_currency(figures: list[Figure], rules, lines: tuple) -> list[Figure]:
    """Amounts in a currency word or sign several countries use ("Rs", "rupees", ¥) take
    the code of the country the article names most (Pakistan: PKR, India: INR); when it
    names none, or two as often, the word stays their unit."""
    if not rules.local_currencies or not any(f.unit.lower() in dict(rules.local_currencies) for f in figures):
        return figures
    text = "\n".join(lines)
    codes = {}
    for unit, by_country in rules.local_currencies:
        counts = sorted(((len(pattern.findall(text)), code) for code, pattern in by_country), reverse=True)
        if counts and counts[0][0] and (len(counts) == 1 or counts[0][0] > counts[1][0]):
            codes[unit] = counts[0][1]
    return [replace(f, unit=codes[f.unit.lower()]) if f.unit.lower() in codes else f for f in figures]


def unit_words(rules) -> dict:
    """word -> (kind, unit) for the units of the amount kinds (bitcoin -> btc, BTC)."""
    out = {}
    for kind in rules.kinds.values():
        if kind.counts or kind.is_date:
            continue
        for word in kind.units:
            out.setdefault(word, (kind.name, kind.unit))
        for word, unit in kind.unit_names.items():
            if kind.unit == "other":
                out.setdefault(word, (kind.name, unit))
    return out


def infer_units(figures: list[Figure], rules) -> list[Figure]:
    """Bare counts, and counts of mere tokens, coins or units, take the unit that their
    sentence gives: after them ("94,000 of the stolen bitcoin"), in an amount they are
    listed with ("to 25 from 50 bitcoins", "1,663 Bitcoin tokens on Jan. 24, compared
    with 8,705", "from 12,5 bitcoins per block to 6,25 units"), in the coin whose tokens
    they count ("Bitcoin held by the funds dropped by 11,000 tokens") or whose holdings
    or supply they state ("total Bitcoin holdings now come to 140,000"); else another
    figure of the same value, written with two significant digits or more ("94,000"
    beside "94,000 BTC" elsewhere; never "100" beside "100 homes")."""
    words = rules.unit_words
    valued = {}
    for f in figures:
        if f.unit and not _bare(f, rules) and rules.kinds[f.kind].unit != "date" and isinstance(f.low, float):
            valued.setdefault((f.low, f.high), (f.kind, f.unit))
    out = []
    for i, f in enumerate(figures):
        if _bare(f, rules) and f.low is not None:
            after = f.sentence[f.offset + len(f.text):f.offset + len(f.text) + 50]
            m = OF_UNIT.match(after)
            found = words.get(m.group(1).lower()) if m else None
            found = found or _listed_unit(figures, i, rules) or _named_coin(f, rules)
            if found is None and precise(f, digits=2):  # a round value (100) may be anything's
                found = valued.get((f.low, f.high))
            if found is not None:
                f = replace(f, kind=found[0], unit=found[1])
        out.append(f)
    return out


def _bare(f: Figure, rules) -> bool:
    """A count with no noun, or one of mere tokens, coins or units: its unit is to be found."""
    kind = rules.kinds.get(f.kind)
    return kind is not None and kind.counts and (not f.unit or f.unit in COIN_WORDS)


def _listed_unit(figures: list[Figure], i: int, rules) -> Optional[tuple]:
    """(kind, unit) of the amount a bare count is listed with in its sentence: the nearest
    before or after it, with only listing words between them."""
    f = figures[i]
    if VERB_AFTER.match(f.sentence[f.offset + len(f.text):]):
        return None  # "$4.25 and 32 is the quantity": a clause of its own
    words = set(rules.unit_words.values())
    for j in (i - 1, i + 1, i - 2, i + 2):
        if not 0 <= j < len(figures):
            continue
        g = figures[j]
        if g.source != f.source or g.sentence_id != f.sentence_id or (g.kind, g.unit) not in words:
            continue
        first, second = (g, f) if j < i else (f, g)
        between = f.sentence[first.offset + len(first.text):second.offset]
        for h in figures[min(i, j) + 1:max(i, j)]:  # a date between them is no word of the list
            between = between.replace(h.text, " ")
        if len(between) <= 60 and UNIT_LIST.match(between) and CONNECTOR.search(between):
            return g.kind, g.unit
    return None


def _named_coin(f: Figure, rules) -> Optional[tuple]:
    """(kind, unit) of the coin whose tokens a count counts, or whose holdings or supply a
    bare count states, named before it in its sentence."""
    prices = rules.prices
    if prices is None:
        return None
    before = f.sentence[:f.offset]
    if f.unit:  # 11,000 tokens: of the coin the sentence names
        names = prices.coin.findall(before)
    else:  # 140,000: only as the coin's holdings or supply
        held = HOLDINGS.search(before)
        names = prices.coin.findall(held.group(1)) if held else []
    if not names:
        return None
    ticker = prices.coins[names[-1].lower()].split("/")[-1].lower()
    return rules.unit_words.get(ticker)


# ---------------------------------------------------------------- changes

def _elliptic_changes(figures: list[Figure]) -> list[Figure]:
    """A bare figure that goes on a list after a figure of the same unit and another kind
    states one of that kind, with its direction: "Nvidia rose 2% and Western Digital
    7.8%", "lost 21% and bitcoin 39%", "rose 0.4%, against 0.3% expected", "up from 3%"
    are changes, each a fall when the first is. A share ("and 40% of supply") or a verb
    between them ("and now holds 40%") ends the list."""
    out = list(figures)
    for i in range(1, len(out)):
        f = out[i]
        prev = next((g for g in reversed(out[:i]) if g.sentence_id == f.sentence_id and g.unit == f.unit), None)
        if prev is None or prev.kind == f.kind \
                or not BARE.match(f.text) or prev.offset + len(prev.text) > f.offset \
                or not isinstance(f.low, float) or not isinstance(prev.low if prev.low is not None else prev.high, float):
            continue
        between = f.sentence[prev.offset + len(prev.text):f.offset]
        if not LIST_ON.search(between) or LIST_ENDS.search(between) or \
                OF_AFTER.match(f.sentence[f.offset + len(f.text):]):
            continue
        sign = -1 if (prev.low if prev.low is not None else prev.high) < 0 else 1
        if sign < 0:
            f = replace(f, low=-f.high if f.high is not None else None, high=-f.low if f.low is not None else None,
                        low_open=f.high_open, high_open=f.low_open)
        out[i] = replace(f, kind=prev.kind)
    return out


# ---------------------------------------------------------------- years

def _anchor(figures: list[Figure], published: Optional[str]) -> Optional[dt.date]:
    """The day the article speaks from: its published date, else the latest full date it
    gives (a byline, a dateline), else None."""
    if published:
        try:
            return dt.date.fromisoformat(published[:10])
        except ValueError:
            pass
    days = [f.low for f in figures if isinstance(f.low, str) and len(f.low) == 10 and f.low[:1] != "X"]
    try:
        return dt.date.fromisoformat(max(days)) if days else None
    except ValueError:
        return None


def date_story(figures: list[Figure]) -> list[Figure]:
    """Dates still without a year (their article gave none to go by) take one from the
    latest full date of their story."""
    anchor = _anchor(figures, None)
    return [_dated(f, anchor) for f in figures] if anchor else figures


def _dated(f: Figure, anchor: dt.date) -> Figure:
    values = [v for v in (f.low, f.high) if isinstance(v, str)]
    if not values or not any(v.startswith("XXXX") for v in values):
        return f
    after = f.sentence[f.offset + len(f.text):]
    before = f.sentence[:f.offset]
    said = RELATIVE_YEAR_AFTER.match(after) or RELATIVE_YEAR.search(f.text)
    if said:  # November last year, early last year
        year = anchor.year + RELATIVE[said.group(1).lower()]
    elif period_months(values[0]):  # the first quarter: the one nearest the article's date
        year = year_nearest(values[0], anchor)
    elif NEXT_BEFORE.search(before):  # next March
        year = year_before(values[0], anchor) + 1
    else:
        year = year_before(values[0], anchor)
    fill = (lambda v: v.replace("XXXX", str(year), 1) if isinstance(v, str) else v)
    return replace(f, low=fill(f.low), high=fill(f.high))


def year_before(value: str, anchor: dt.date) -> int:
    """The year that puts a month (and day) without a year nearest before the anchor day
    (LATE_DAYS after it at most)."""
    _, month, day = parse_timeml(value)
    month, day = month or 1, day or 1
    for year in (anchor.year, anchor.year - 1):
        if dt.date(year, month, min(day, 28)) <= anchor + dt.timedelta(days=LATE_DAYS):
            return year
    return anchor.year - 1


def year_nearest(value: str, anchor: dt.date) -> int:
    """The year that puts a quarter or half without a year nearest the anchor day: an
    article of late March speaks of the second quarter to come, one of early April of
    the first quarter just ended."""
    def distance(year: int) -> int:
        first, last = first_last_days(f"{year}{value[4:]}")
        day = anchor.toordinal()
        return max(first - day, day - last, 0)
    return min((anchor.year - 1, anchor.year, anchor.year + 1), key=distance)


def _ago(f: Figure, rules, anchor: dt.date) -> Figure:
    """A duration followed by "ago" is the date that far before the article's ("three years
    ago" in 2021: 2018), as precise as its unit."""
    if f.kind == "date" or not AGO.match(f.sentence[f.offset + len(f.text):]) or \
            f.low is None or f.low != f.high or f.low != int(f.low) or f.unit not in AGO_UNITS:
        return f
    date_kind = next((k for k in rules.kinds.values() if k.is_date), None)
    if date_kind is None:
        return f
    n = int(f.low)
    if f.unit in ("year", "decade"):
        value = str(anchor.year - n * (10 if f.unit == "decade" else 1))
    elif f.unit == "month":
        months = anchor.year * 12 + anchor.month - 1 - n
        value = f"{months // 12:04d}-{months % 12 + 1:02d}"
    else:
        value = (anchor - dt.timedelta(days=n * AGO_UNITS[f.unit])).isoformat()
    return replace(f, kind=date_kind.name, unit=date_kind.unit, low=value, high=value, precision=0.0,
                   approx=f.approx, low_open=False, high_open=False)


def _shared_years(figures: list[Figure]) -> list[Figure]:
    """A month without a year listed with one that has it takes its year ("in July and
    December of 2021", "the April or November 2021 highs")."""
    out = list(figures)
    for i, f in enumerate(out):
        if not (isinstance(f.low, str) and f.low.startswith("XXXX-") and f.low == f.high):
            continue
        for g in out[i + 1:i + 3]:
            if g.sentence_id != f.sentence_id or not isinstance(g.low, str) or g.low[:1] == "X" \
                    or g.low != g.high or g.offset < f.offset:
                continue
            between = f.sentence[f.offset + len(f.text):g.offset]
            if LISTED.match(between) and len(g.low) > 4:
                out[i] = replace(f, low=g.low[:4] + f.low[4:], high=g.low[:4] + f.high[4:])
            break
    return out
