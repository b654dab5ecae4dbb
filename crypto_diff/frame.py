"""What each figure of an article is about: its frame, read from the text around it.

A frame holds what grouping needs to tell one fact from another without comparing whole
sentences word for word (models.Frame):
- names: the proper names in the figure's clause (El Salvador, Bybit, SBF), with how far
  each stands from the figure, possessives ("Wormhole's") nearer;
- measures: what the figure measures, from the rules' measures vocabulary (holdings,
  amount stolen, fine, prison sentence...), the nearer the word the heavier;
- words: the clause's other content words, stemmed;
- times and qualifiers: the time words of the clause (a weekday, a quarter, a month, a
  year, "after hours") and the rules' opposites near the figure (gross/net, before/after);
- neighbours: the other figures of the sentence, by value (a BTC count beside its value);
- role: where the figure stands: headline, body, list or table cell, a box of related
  links or promotion, or a byline.
A clause that names no measure looks at its whole sentence (lighter); a figure that is
the value of the figure before it ("120,000 ETH (or $321 million)") shares its clause.
Pure functions.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace

from . import names as names_module
from .figure_values import magnitude, precise
from .models import Article, Figure, Frame
from .text import clause, content_stem, stem, tokens

APPOSITION = re.compile(r"^\s*(?:\([A-Za-z]{2,6}\)\s*)?[(,]?\s*(?:or|worth|valued at|about|roughly|"
                        r"approximately|around|some|equivalent to|totall?ing|amounting to|=|~|at)?\s*[(]?\s*$",
                        re.I)
DECAY = 3.0  # a word this many tokens from the figure weighs half
OUTSIDE = 0.3  # the weight of the sentence's words outside the figure's clause
WIDENED = 0.6  # the same, when the clause itself names no measure
WEAK_MEASURE = 0.5  # a clause whose best measure weighs less looks at its whole sentence
QUALIFIER_WORDS = 5  # opposites (gross/net...) count this many words either side of the figure
ATTRIBUTION_BEFORE = re.compile(r"(?:according to|data from|per|cited by|citing|told|reported by|"
                                r"estimates? (?:from|by)|analysts? at|researchers? at|tracked by|"
                                r"compiled by|"  # a channel a statement went out on: "said on Twitter"
                                r"(?:said|says|posted|posts|wrote|announced|confirmed|asked|reacted|tweeted|"
                                r"noted|published|shared|stated|reported|warned|explained)\s+(?:\w+\s+)?(?:on|via))\s*$", re.I)
ATTRIBUTION_AFTER = re.compile(r"^\s*(?:['’]s\s+)?(?:said|says|reported|reports|estimated|estimates|"
                               r"estimate|noted|wrote|told|data|analysts?|researchers?|count|"
                               r"calculations?|numbers|figures|tally|report|research|analysis|"
                               r"tracker|dashboard)\b", re.I)
TIME_MARKS = (
    (re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I), "weekday"),
    (re.compile(r"\b(after[- ]hours|after the bell|extended(?:\s+[A-Z][\w.]*){0,2}\s+trading|premarket|"
                r"pre-market|overnight)\b", re.I), "session"),
    (re.compile(r"\b(?:q([1-4])|(first|second|third|fourth) quarter)\b", re.I), "quarter"),
    (re.compile(r"\b(january|february|march|april|may|june|july|august|september|october|november|"
                r"december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b", re.I), "month"),
    (re.compile(r"\b((?:19|20)\d\d)\b"), "year"),
)
QUARTERS = {"first": "1", "second": "2", "third": "3", "fourth": "4"}
BOX = re.compile(r"^(?:related|read more|see also|also read|recommended|more from|go deeper|don't miss|"
                 r"watch|sponsored|advertisement|editor'?s? note|disclaimer|elsewhere|more:|trending|"
                 r"latest|popular|what'?s next)\b|newsletter|subscribe|inbox|min read|follow us|"
                 r"all rights reserved|cookie|sign up|delivered to|every weekday|catch all", re.I)
BYLINE = re.compile(r"^(?:By\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}\s*(?:[|,·]|$|and\s)|"
                    r"(?i:published|updated|posted|last updated)\b|\*?[A-Z][\w .&]+ · )|\s\|\s")
BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
HEADLINE_WORDS = 25  # a first block longer than this is a paragraph, not a headline
BYLINE_WORDS = 20


def frames(figures: list[Figure], lexicon: names_module.Lexicon, rules, line_roles: dict) -> list[Figure]:
    """The figures of one article, each with its frame (in their order)."""
    by_sentence = defaultdict(list)
    for f in figures:
        by_sentence[f.sentence_id].append(f)
    framed = {}
    for sentence_id, members in by_sentence.items():
        for f, frame in zip(members, _sentence_frames(members, lexicon, rules, line_roles)):
            framed[id(f)] = frame
    return [_with_frame(f, framed[id(f)]) for f in figures]


def _with_frame(f: Figure, frame: Frame) -> Figure:
    return replace(f, frame=frame)


def _sentence_frames(members: list[Figure], lexicon, rules, line_roles: dict) -> list[Frame]:
    """The frames of the figures of one sentence, all read from one reading of its words."""
    vocabulary = rules.vocabulary
    sentence = members[0].sentence
    spans = [(f.offset, f.offset + len(f.text)) for f in members]
    headline = members[0].sentence_id[0] == 0
    found = names_module.runs(sentence, lexicon, spans, headline=headline)
    words = _Words(sentence, spans + [(s, e) for s, e, _, _ in found], vocabulary)
    clauses = _clauses(members, sentence, spans)
    out = []
    for f in members:
        start, end = f.offset, f.offset + len(f.text)
        left, right = clauses[id(f)]
        measures, near = words.profile(start, end, (left, right), OUTSIDE)
        if max(measures.values(), default=0.0) < WEAK_MEASURE:
            measures, near = words.profile(start, end, (left, right), WIDENED)
        times = _times(sentence[left:start] + " " + sentence[end:right])
        out.append(Frame(
            role=_role(f, sentence, line_roles, headline, rules.prices, measures, times),
            names=_names(found, words.tokens, sentence, start, end, left, right, rules.coin_names),
            measures=tuple(sorted(measures.items(), key=lambda kv: -kv[1])),
            words=tuple(sorted(near.items())),
            times=times,
            qualifiers=_qualifiers(words.tokens, start, end, left, right, vocabulary),
            neighbours=tuple((o.kind, o.unit, magnitude(o), precise(o)) for o in members
                             if o is not f and o.kind != f.kind and magnitude(o))))
    return out


def _clauses(members: list[Figure], sentence: str, spans: list) -> dict:
    """id(figure) -> its clause bounds; a figure that states the value of the figure
    before it ("120,000 ETH (or $321 million)") shares that figure's clause."""
    ordered = sorted(members, key=lambda f: f.offset)
    bounds: dict = {}
    for k, f in enumerate(ordered):
        left, right = clause(sentence, f.offset, f.offset + len(f.text), spans)
        if k:
            before = ordered[k - 1]
            gap = sentence[before.offset + len(before.text):f.offset]
            if before.kind != f.kind and APPOSITION.match(gap):
                other = bounds[id(before)]
                left, right = min(left, other[0]), max(right, other[1])
                bounds[id(before)] = (left, right)
        bounds[id(f)] = (left, right)
    return bounds


class _Words:
    """A sentence's words as frames read them, worked out once for all its figures: each
    token's stem, its content stem (None for stop words, numbers, names and figures), and
    where the vocabulary's phrases stand."""

    def __init__(self, sentence: str, skip: list, vocabulary):
        self.tokens = tokens(sentence)
        self.vocabulary = vocabulary
        skipped = [any(a <= s < b for a, b in skip) for s, _, _ in self.tokens]
        self.content = [None if out else content_stem(w) or None for (_, _, w), out in zip(self.tokens, skipped)]
        stems = [None if out or not w[:1].isalpha() else stem(w) for (_, _, w), out in zip(self.tokens, skipped)]
        self.phrases = []  # (first token, last token, measure) of each phrase found
        for x, first in enumerate(stems):
            for parts, label in vocabulary.phrases.get(first, ()) if first else ():
                if tuple(stems[x:x + len(parts)]) == parts:
                    self.phrases.append((x, x + len(parts) - 1, label))

    def profile(self, start: int, end: int, bounds: tuple, outside: float):
        """(measure -> weight, stem -> weight) of the words around a figure: a word weighs
        1 / (1 + distance / DECAY), its distance counted in content words (stop words,
        names and figures between do not count), times `outside` beyond the clause."""
        toks, content = self.tokens, self.content
        left, right = bounds
        before = sum(1 for _, e, _ in toks if e <= start)
        after = sum(1 for s, _, _ in toks if s < end)
        distance = [0] * len(toks)  # content words between each token and the figure
        count = 0
        for i in range(before - 1, -1, -1):
            distance[i] = count
            count += content[i] is not None
        count = 0
        for i in range(after, len(toks)):
            distance[i] = count
            count += content[i] is not None
        measures, words = {}, {}
        single = self.vocabulary.single
        for i, (s, _, _) in enumerate(toks):
            word = content[i]
            if word is None or before <= i < after:
                continue
            weight = 1.0 / (1.0 + distance[i] / DECAY) * (1.0 if left <= s < right else outside)
            words[word] = max(words.get(word, 0.0), weight)
            for label in single.get(word, ()):
                measures[label] = max(measures.get(label, 0.0), weight)
        for first, last, label in self.phrases:  # "made off with", "cost basis"
            if before <= first < after or before <= last < after:
                continue
            near = distance[last] if first < before else distance[first]
            weight = 1.0 / (1.0 + near / DECAY) * (1.0 if left <= toks[first][0] < right else outside)
            measures[label] = max(measures.get(label, 0.0), weight * 1.1)
        return measures, words


def _names(found, toks, sentence: str, start: int, end: int, left: int, right: int,
           coins: dict) -> tuple:
    """(key, as written, distance in words, possessive) of the names in the figure's clause; names
    that only say who reported it ("according to Chainalysis") are left out. A coin's name
    and its ticker have one key (Wrapped Bitcoin, WBTC: wbtc)."""
    out = []
    for s, e, key, text in found:
        if not (left <= s < right or left < e <= right):
            continue
        if ATTRIBUTION_BEFORE.search(sentence[max(0, s - 30):s]) or ATTRIBUTION_AFTER.match(sentence[e:e + 20]):
            continue
        low, high = (e, start) if e <= start else (end, s)
        distance = sum(1 for ts, te, _ in toks if low <= ts and te <= high)
        out.append((coins.get(key, key), text, distance,
                    text.endswith(("'s", "’s")) or sentence[e:e + 2] in ("'s", "’s")))
    return tuple(out)


def _times(text: str) -> frozenset:
    marks = set()
    for pattern, category in TIME_MARKS:
        for m in pattern.finditer(text):
            value = next((g for g in m.groups() if g), m.group(0)).lower()
            if category == "quarter":
                value = QUARTERS.get(value, value)
            elif category == "month":
                value = value[:3]
            elif category == "session":
                value = "after hours"
            marks.add((category, value))
    return frozenset(marks)


def _qualifiers(toks, start: int, end: int, left: int, right: int, vocabulary) -> frozenset:
    inside = [t for t in toks if left <= t[0] < right]
    first = sum(1 for t in inside if t[1] <= start)
    last = sum(1 for t in inside if t[0] < end)
    near = {stem(w) for _, _, w in inside[max(0, first - QUALIFIER_WORDS):last + QUALIFIER_WORDS]}
    return frozenset((group, word) for group, members in enumerate(vocabulary.opposites)
                     for word in members if word in near)


def _role(f: Figure, sentence: str, line_roles: dict, headline: bool, prices, measures: dict,
          times: frozenset) -> str:
    if f.furniture:
        return "box"
    if prices is not None and f.kind == prices.kind and (prices.market.search(sentence) or not (
            prices.events & measures.keys() or any(c in ("session", "year", "month") for c, _ in times))):
        # a price at the time of writing or in a market's passing, not at a stated time or
        # session or one of the event's (a record, a close): prices move by the hour
        return "market"
    hint = line_roles.get(f.line, "")
    if hint:
        return hint
    words = len(sentence.split())
    if headline and words <= HEADLINE_WORDS:
        return "headline"
    if BOX.search(sentence):
        return "box"
    if BYLINE.search(sentence) and words <= BYLINE_WORDS:
        return "byline"
    return "body"


def roles_by_line(article: Article) -> dict:
    """Line number in the file -> "list", "table" or "quote", for the lines whose markup
    says so: as reading the article found them (Markdown), else from each line's shape
    (a bullet, a table row, a quoted line)."""
    out = {}
    for index, line in enumerate(article.lines):
        number = article.numbers[index] if article.numbers else index + 1
        role = article.line_roles[index] if index < len(article.line_roles) else _shape_role(line)
        if role and number not in out:
            out[number] = role
    return out


def _shape_role(line: str) -> str:
    s = line.strip()
    if s.startswith("|"):
        return "table"
    if BULLET.match(s):
        return "list"
    return "quote" if s.startswith(">") else ""
