"""Words of news prose: tokens, stems, stop words, clauses. Pure functions.

Stems come from the Snowball English stemmer (snowballstemmer, pure Python), so that
"holdings", "holds" and "holding" are one word; each distinct word is stemmed once.
"""
from __future__ import annotations

import re
from functools import lru_cache

# a word (letters, inner digits, apostrophes, hyphens, dots: Bankman-Fried, U.S., FTX's) or
# a number
TOKEN = re.compile(r"[^\W\d_][\w'’&.-]*[^\W_]|[^\W\d_]|\d[\d,.]*")
# where a clause ends: punctuation, dashes, quotes, and the conjunctions that start one
CLAUSE_BREAK = re.compile(r"\s*[;:()\[\]—–\"“”]\s*|\s+-\s+|,\s+|\s+(?:and|but|while|whereas|although|though)\s+")
STOPWORDS = frozenset("""
a an the of to in on at for from by with as and or but nor so yet if than that this these those
there here it its it's he she they them their his her our we you your i me my be is are was were
been being has have had do does did will would can could should may might must shall not no also
just only very more most much many such some any all each every other another into onto over under
about after before since until while when where which who whom whose what why how per via up down
out off again further then once both few own same too s t said says say according reported reports
report recently currently now new around nearly almost approximately roughly least less worth
""".split())
MONTHS = frozenset("""january february march april may june july august september october
november december jan feb mar apr jun jul aug sep sept oct nov dec""".split())
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A word's stem, lower case, possessive dropped: holdings -> hold, Wormhole's -> wormhol."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    return _english().stemWord(w)


@lru_cache(maxsize=1)
def _english():
    import snowballstemmer  # here: a run whose figures all come from the cache needs none
    return snowballstemmer.stemmer("english")


def tokens(text: str) -> list[tuple[int, int, str]]:
    """(start, end, token) of each word or number of a text."""
    return [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)]


def content_stem(word: str) -> str:
    """The stem a word adds to a context, or "" for numbers, stop words and short words."""
    if not word[:1].isalpha() or word.lower() in STOPWORDS:
        return ""
    s = stem(word)
    return "" if len(s) < 2 or s in STOPWORDS else s


def clause(sentence: str, start: int, end: int, figure_spans: list) -> tuple[int, int]:
    """The clause of a sentence around the text at [start, end): its bounds, cut where a
    clause breaks, never inside a figure."""
    left, right = 0, len(sentence)
    for m in CLAUSE_BREAK.finditer(sentence):
        if any(a <= m.start() < b for a, b in figure_spans):
            continue
        if left < m.end() <= start:
            left = m.end()
        if end <= m.start() < right:
            right = m.start()
    return left, right
