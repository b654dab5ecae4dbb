"""Proper names in news prose: who a figure is about. Pure functions.

A name is a run of capitalized words ("El Salvador", "Jump Trading", "Federal Home Loan
Bank") or an acronym ("SBF", "IMF"), ending at a possessive ("Wormhole's"). In a
headline written in title case, and at the start of a sentence, a capitalized word counts
only when the article also writes it capitalized mid-sentence and never in lower case.
Within a story, the forms of one name (Sam Bankman-Fried, Bankman-Fried, SBF) become one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .text import MONTHS, TOKEN, WEEKDAYS

JOINERS = frozenset({"of", "&", "de"})  # small words inside a name: Bank of America
# capitalized words that open sentences and are rarely names
OPENERS = frozenset("""The A An In On At For But And It Its This That These Those He She They We
According After Before While Despite Since As When Data Reports Experts Yesterday Today Instead
Unlike Like Meanwhile However Although Though Still Also Once If Then There Here What Why How Who
Which Over Under About With Without By From To Of Some Many Most More Less Several Both Each
Every All Any No None Other Another Such Only Even Last First Next New Old Now So Where Among Amid
Following Including During Until Within Through Per Between Against Across Anyone Everyone Someone
Anybody Everybody Nobody Whoever""".split())
# capitals that are units, times or titles, never whose figure it is
NOT_A_NAME = re.compile(r"^(?:q[1-4]|h[12]|fy\d*|cy\d*|[a-z]|bil|mil|bn|mn|mln|k|m|b|usd|us|u\.s|am|pm|"
                        r"utc|gmt|est|edt|ceo|cfo|cto|coo)$")
SENTENCE = re.compile(r"(?<=[.!?])\s+")
OPENS = re.compile(r"[\"“‘'(:;—–-]\s*$")  # what stands before a word that starts a sentence of its own


@dataclass(frozen=True)
class Lexicon:
    """What one article says about its capitalized words: the words it writes in lower
    case, and those it writes capitalized in the middle of a sentence."""

    lower: frozenset
    capitalized: frozenset


def lexicon(lines: tuple) -> Lexicon:
    lower, capitalized = set(), set()
    for line in lines:
        lower.update(w for w in re.findall(r"\b[a-z][a-z]+\b", line))
    for line in lines:
        for sentence in SENTENCE.split(line):
            words = [m.group() for m in TOKEN.finditer(sentence)]
            if _title_case(words, sentence):
                continue
            for word in words[1:]:
                base = _base(word)
                if word[:1].isupper() and _name_word(base) and (base.lower() not in lower or base.isupper()):
                    capitalized.add(base.lower())
    return Lexicon(frozenset(lower), frozenset(capitalized))


def runs(sentence: str, lexicon: Lexicon, skip: list = (), headline: bool = False) -> list[tuple]:
    """(start, end, key, text) of each name in a sentence; words inside skip (the figures'
    own spans) are never part of a name."""
    toks = [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(sentence)
            if not any(a <= m.start() < b for a, b in skip)]
    title = headline or _title_case([t for _, _, t in toks], sentence)
    first = toks[0][0] if toks else -1
    out, i = [], 0
    while i < len(toks):
        start, end, word = toks[i]
        opens = start == first or OPENS.search(sentence[max(0, start - 3):start])  # a sentence, a quote
        if not _counts(word, "title" if title else "first" if opens else "", lexicon):
            i += 1
            continue
        parts, j = [word], i + 1
        while j < len(toks) and not _possessive(parts[-1]) and not sentence[end:toks[j][0]].strip():
            word2 = toks[j][2]
            if _counts(word2, "title" if title else "", lexicon):
                parts.append(word2)
                end = toks[j][1]
                j += 1
            elif word2.lower() in JOINERS and j + 1 < len(toks) and \
                    _counts(toks[j + 1][2], "title" if title else "", lexicon):
                parts.append(word2)
                j += 1
            else:
                break
        text = " ".join(parts)
        key = name_key(text)
        if key and not NOT_A_NAME.match(key):
            out.append((start, end, key, text))
        i = j
    return out


def name_key(text: str) -> str:
    """How a name is compared: lower case, without "the" or a possessive."""
    t = re.sub(r"['’]s$", "", text.replace("’", "'"))
    t = re.sub(r"^(?:the|The)\s+", "", t).rstrip(".")
    return t.lower()


def aliases(counts: dict) -> dict:
    """Each name -> the name it stands for within a story: a shorter or longer form of a
    name (Bankman-Fried, Sam Bankman-Fried) and its initials (SBF) become the most
    frequent of them."""
    ranked = sorted(counts, key=lambda k: (-counts[k], len(k), k))
    out: dict = {}
    for name in ranked:
        other = next((o for o in ranked if o in out and _related(name, o)), None)
        out[name] = out[other] if other is not None else name
    return out


def _related(a: str, b: str) -> bool:
    ta, tb = a.split(), b.split()
    if len(ta) != len(tb):
        shorter, longer = (ta, tb) if len(ta) < len(tb) else (tb, ta)
        if all(t in longer for t in shorter):
            return True
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return " " not in short and _abbreviates(short.replace(".", ""), _words(long_))


def _words(name: str) -> list:
    return [p for p in re.split(r"[\s-]+", name) if p and p not in JOINERS and p not in ("the", "and")]


def _abbreviates(short: str, words: list) -> bool:
    """Whether a short name is made of the starts of a longer name's words, in order,
    from the first and of two words at least: SBF (Sam Bankman-Fried), OFAC (Office of
    Foreign Assets Control), FinCEN (Financial Crimes Enforcement Network); never ARB
    for Arbitrum Foundation."""
    if len(words) < 2 or len(short) < 2:
        return False

    def fits(rest: str, index: int) -> bool:
        if not rest:  # the starts of two words at least, the last ones may be left out
            return index >= 2
        if index >= len(words):
            return False
        word = words[index]
        return any(fits(rest[n:], index + 1) for n in range(1, min(len(word), len(rest)) + 1)
                   if word.startswith(rest[:n]))
    return fits(short, 0)


def _counts(word: str, place: str, lexicon: Lexicon) -> bool:
    """Whether a word is part of a name: capitalized, and, where capitals say little,
    known as a name: in a title-case headline, written capitalized mid-sentence in the
    article; as a sentence's first word, that or never written in lower case."""
    if not word[:1].isupper():
        return False
    base = _base(word)
    if not _name_word(base):
        return False
    if base.isupper() and len(base) >= 2:
        return True  # an acronym
    known = base.lower() in lexicon.capitalized
    if place == "title":
        return known and base not in OPENERS
    if place == "first":  # unknown words that look like verbs or adverbs are none
        return base not in OPENERS and (known or (base.lower() not in lexicon.lower
                                                  and not base.lower().endswith(("ing", "ed", "ly"))))
    return True


def _name_word(base: str) -> bool:
    low = base.lower()
    return low not in MONTHS and low not in WEEKDAYS


def _title_case(words: list, text: str = "") -> bool:
    """A headline's capitals: most long words capitalized, in a line that ends no sentence."""
    long_words = [w for w in words if w[:1].isalpha() and len(w) >= 4]
    return len(long_words) >= 3 and sum(w[0].isupper() for w in long_words) >= 0.6 * len(long_words) \
        and not text.rstrip().endswith(".")


def _possessive(word: str) -> bool:
    return word.endswith(("'s", "’s", "s'", "s’"))


def _base(word: str) -> str:
    base = word.rstrip(".").replace("’", "'")
    return base[:-2] if base.endswith("'s") else base
