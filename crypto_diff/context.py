"""The context of a figure: the words around it and the figures beside it, as vectors.

Words are stemmed crudely (holdings, holds, held -> hold), stop words dropped, and each
word weighted by its distance from the figure and by its rarity over the sentences that
hold figures (idf); other figures of the sentence enter by value, never as words.
"""
from __future__ import annotations

import math
import sys
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Optional

import regex

from .figure_values import (amount_bounds, date_bounds, is_full_day, magnitude, parse_timeml,
                            stated_value)
from .models import Figure
from .rules import Rules

DECAY = 8.0  # context words this many tokens away from the figure weigh half
BUCKET = math.log(1.05)  # neighbour figures are compared in buckets 5% wide
# past forms of verbs that news about money uses, so that 'held' meets 'holds'
IRREGULAR = {past: verb for verb, forms in {
    "hold": "held", "sell": "sold", "buy": "bought", "lose": "lost", "pay": "paid",
    "steal": "stole stolen", "take": "took taken", "fall": "fell fallen", "rise": "rose risen",
    "win": "won", "spend": "spent", "send": "sent", "lend": "lent",
    "seek": "sought", "bring": "brought", "leave": "left", "make": "made", "give": "gave given",
    "get": "got gotten", "keep": "kept", "begin": "began begun", "grow": "grew grown",
    "freeze": "froze frozen", "sink": "sank sunk", "strike": "struck",
}.items() for past in forms.split()}
JOINERS = frozenset({"of", "and", "for", "the", "&"})  # small words inside a name
WORD = regex.compile(r"\p{L}+")
TOKEN = regex.compile(r"\p{L}[\p{L}\p{N}]*(?:['’]\p{L}+)?|\p{N}+(?:[.,]\p{N}+)*")
STOPWORDS = frozenset("""
a an the of to in on at for from by with as and or but nor so yet if than that this these
those there here it its it's he she they them their his her our we you your i me my be is
are was were been being has have had do does did will would can could should may might
must shall not no also just only very more most much many such some any all each every
other another into onto over under about after before since until while when where which
who whom whose what why how per via up down out off again further then once both few own
same too s t said says say according reported reports report recently currently now new
""".split())


@dataclass(slots=True)
class Node:
    figure: Figure
    vector: dict  # context token -> weight (idf applied), unit length
    values: dict  # the figure's own value tokens -> weight (idf applied), unit length
    center: Optional[float]  # amounts: figure_values.magnitude; None for dates
    neighbours: tuple = ()  # (kind, unit, value) of the other figures of its sentence
    bounds: Optional[tuple] = None  # amounts: the interval the verdict reads, with tolerance
    spans: tuple = ()  # the dates stated in its sentence, as (first day, last day) or None
    days: frozenset = frozenset()  # of those, the single calendar days with a year (TimeML)


_stems: dict = {}  # word -> its stem: a run meets the same words again and again
MAX_STEMS = 100_000


def stem(word: str) -> str:
    """A crude English stem, enough to make 'holds', 'holding', 'holdings' and 'held' one word."""
    found = _stems.get(word)
    if found is None:
        if len(_stems) > MAX_STEMS:
            _stems.clear()
        found = _stems[word] = sys.intern(_stem(word))
    return found


def _stem(word: str) -> str:
    w = word.lower()
    if w.endswith(("'s", "’s")):
        w = w[:-2]
    w = IRREGULAR.get(w, w)
    if len(w) > 4 and w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    if len(w) > 6 and w.endswith("ing"):
        w = w[:-3]
    elif len(w) > 5 and w.endswith("ed"):
        w = w[:-2]
    elif len(w) > 6 and w.endswith("er"):
        w = w[:-2]  # the doer meets the deed: attacker, attack
    if len(w) > 4 and w.endswith("e"):
        w = w[:-1]
    return w


def _sentence_tokens(sentence: str, stop: frozenset, vocabulary: frozenset, kept: dict) -> tuple:
    """What every figure of a sentence needs of it, worked out once per sentence: its
    tokens' places, each token's stem (None for numbers and stop words), the pairs of
    words some text writes as one ("hash rate": hashrate), and the initials of names."""
    words = [(m.start(), m.group()) for m in TOKEN.finditer(sentence)]
    stems = [kept[word] if word in kept else _kept(word, stop, kept) for _, word in words]
    lowers = [word.lower() for _, word in words]
    joined = []
    for i in range(len(words) - 1):
        together = lowers[i] + lowers[i + 1]
        if together in vocabulary and words[i][1].isalpha() and words[i + 1][1].isalpha():
            joined.append((i, stem(together)))
    return [pos for pos, _ in words], words, stems, joined, _acronyms(words)


def _kept(word: str, stop: frozenset, kept: dict) -> Optional[str]:
    """The stem a word adds to a context, or None (numbers, stop words), remembered."""
    s = None if word[0].isdigit() else stem(word)
    lower = word.lower()
    if s is not None and (s in STOPWORDS or lower in STOPWORDS or lower in stop or len(s) < 2):
        s = None
    kept[word] = s
    return s


def _context(f: Figure, tokens: tuple, neighbours: list[Figure], surfaces: dict) -> dict:
    """Words of the sentence around a figure (stemmed, nearer words heavier), and the
    values of the other figures in the sentence (#tokens). Two words that some text
    writes as one ("hash rate", "hashrate"; "stable coin") also count as that word."""
    places, words, stems, joined, acronyms = tokens
    start, end = f.offset, f.offset + len(f.text)
    before = bisect_left(places, start)
    inside = bisect_left(places, end) - before
    vector: dict = {}
    for i, s in enumerate(stems):
        if s is None or start <= places[i] < end:
            continue
        word = words[i][1]
        surfaces.setdefault(s, word[:-2] if word.endswith(("'s", "’s")) else word)
        distance = before - i - 1 if i < before else i - before - inside
        weight = 1.0 / (1.0 + distance / DECAY)
        if weight > vector.get(s, 0.0):
            vector[s] = weight
    for i, s in joined:
        if start <= places[i] < end or start <= places[i + 1] < end:
            continue
        distance = before - i - 2 if i + 1 < before else i - before - inside
        weight = 1.0 / (1.0 + max(distance, 0) / DECAY)
        vector[s] = max(vector.get(s, 0.0), weight)
    for acronym, i in acronyms:
        distance = before - i - 1 if i < before else i - before - inside
        weight = 1.0 / (1.0 + max(distance, 0) / DECAY)
        token = sys.intern("~" + acronym)
        vector[token] = max(vector.get(token, 0.0), weight)
    for other in neighbours:
        distance = abs(other.offset - f.offset) / 6.0  # characters -> about words
        weight = 1.0 / (1.0 + distance / DECAY)
        for token in _value_tokens(other, "#"):
            vector[token] = max(vector.get(token, 0.0), weight)
    return vector


def _acronyms(words: list) -> list[tuple[str, int]]:
    """The initials of each run of capitalized words ("Office of Foreign Assets Control"
    -> ofac, "International Monetary Fund" -> imf), so that a name meets its acronym
    (nodes() keeps them only where some sentence uses the acronym); with the index of
    the run's first word."""
    out, run, first = [], [], 0
    for i, (_, word) in enumerate(words + [(0, "x")]):
        if word[:1].isupper() and word[1:2].islower() and word.lower() not in STOPWORDS:
            if not run:
                first = i
            run.append(word[0])
        elif run and word in JOINERS:
            continue
        else:
            if len(run) >= 3:
                out.append(("".join(run).lower(), first))
            run = []
    return out


def _value_tokens(f: Figure, mark: str) -> list[str]:
    """Tokens that figures of about the same value share: for amounts two shifted grids
    of 5% buckets, for dates the year and the month. `mark` tells a figure's own value
    (=) from that of a figure beside it (#); neither is ever a word."""
    value = stated_value(f)
    if isinstance(value, str):
        year, month, _ = parse_timeml(value)
        return [sys.intern(token) for token in
                ([f"{mark}{f.kind}:y{year:04d}"] if year is not None else []) +
                ([f"{mark}{f.kind}:{month:02d}"] if month is not None else [])]
    if not value or value <= 0:
        return []
    x = math.log(value) / BUCKET
    return [sys.intern(f"{mark}{f.kind}:{math.floor(x)}"),
            sys.intern(f"{mark}{f.kind}:{math.floor(x + 0.5)}h")]


def nodes(figures: list[Figure], rules: Rules, surfaces: dict,
          bystanders: Optional[dict] = None) -> dict:
    """A node per figure (by id): context and value vectors weighted by rarity (idf
    over the sentences that hold figures), and the figure's value for the band.
    bystanders: (source, sentence id) -> the figures of that sentence that take part in
    no fact (a price change, a price, a dateline's date): still the context of the others."""
    bystanders = bystanders or {}
    stop = frozenset(rules.hedges) | frozenset(rules.scales)
    by_sentence = defaultdict(list)
    for f in figures:
        by_sentence[(f.source, f.sentence_id)].append(f)
    contexts, values, neighbours, dates = {}, {}, {}, {}
    kept: dict = {}  # word -> the stem it adds to a context, or None
    vocabulary = frozenset(w.lower() for sentence_figures in by_sentence.values()
                           for w in WORD.findall(sentence_figures[0].sentence))
    for sentence_figures in by_sentence.values():
        tokens = _sentence_tokens(sentence_figures[0].sentence, stop, vocabulary, kept)
        for f in sentence_figures:
            others = [o for o in sentence_figures if o is not f and o.kind != f.kind] + \
                [o for o in bystanders.get((f.source, f.sentence_id), ()) if o.kind != f.kind]
            contexts[id(f)] = _context(f, tokens, others, surfaces)
            if rules.kinds[f.kind].counts:
                contexts[id(f)]["=" + f.unit] = 1.0  # a count's noun says what is counted
            neighbours[id(f)] = tuple((o.kind, o.unit, size) for o in others
                                      for size in [magnitude(o)] if size)
            values[id(f)] = dict.fromkeys(_value_tokens(f, "="), 1.0)
            dates[id(f)] = tuple(o for o in others if rules.kinds[o.kind].is_date)
    # a name's initials count only where some sentence writes them as a word (OFAC)
    words_seen = {t for vector in contexts.values() for t in vector if t[:1].isalpha()}
    for vector in contexts.values():
        for token in [t for t in vector if t.startswith("~")]:
            weight = vector.pop(token)
            if token[1:] in words_seen:
                vector[token[1:]] = max(vector.get(token[1:], 0.0), weight)
    df = Counter()
    for sentence_figures in by_sentence.values():
        df.update({t for f in sentence_figures for t in (*contexts[id(f)], *values[id(f)])})
    n = len(by_sentence) or 1
    idf = {t: math.log(1.0 + n / count) for t, count in df.items()}
    out = {}
    for f in figures:  # each raw vector is dropped as soon as its weighted one is built
        kind = rules.kinds[f.kind]
        out[id(f)] = Node(f, _weighted(contexts.pop(id(f)), idf), _weighted(values.pop(id(f)), idf),
                          None if kind.is_date else magnitude(f), neighbours[id(f)],
                          None if kind.is_date else amount_bounds(f, kind, tolerant=True),
                          tuple(date_bounds(d) for d in dates[id(f)]),
                          frozenset(d.low for d in dates[id(f)] if is_full_day(d)))
    return out


def _weighted(vector: dict, idf: dict) -> dict:
    """The vector with each token weighted by its rarity, scaled to unit length."""
    for token, weight in vector.items():
        vector[token] = weight * idf[token]
    norm = math.sqrt(sum(w * w for w in vector.values())) or 1.0
    for token, weight in vector.items():
        vector[token] = weight / norm
    return vector


def cosine(a: dict, b: dict) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum([w * b[t] for t, w in a.items() if t in b])
