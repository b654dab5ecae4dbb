"""Stories: which articles report the same event, so that facts never join two of them.

Each article's signature (models.Signature) holds its names, its content words and its
precise values (a story's outlets share "$320 million" and "120,000 wETH", and name
"Wormhole"); two articles are as close as the cosine of their signatures, each term
weighted by its rarity over the run (names and values count double). Stories form by
average linkage: the two closest groups merge while their mean closeness is LINK or
more; then an article left alone joins the story it is clearly nearest to. Larger runs
first gather articles around running centroids (near-linear), then link those groups the
same way. A folder of one story stays one story. Pure functions.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from itertools import combinations

from .models import Signature, Story

LINK = 0.2  # mean closeness at which two groups of articles are one story
ATTACH = 0.1  # an article alone joins its nearest story from this closeness...
MARGIN = 2.0  # ...when that story is this many times closer than the next one
EXACT_UP_TO = 300  # articles clustered pair by pair; more are gathered around centroids first
HEAVY = 2.0  # names and values weigh this much more than words
TITLE_CHARACTERS = 90
HEADLINE_WORDS = 15  # a first line this short is a headline


def stories(signatures: list[Signature]) -> list[Story]:
    """The stories of a run, in order of their first article; each article in one."""
    if not signatures:
        return []
    vectors = _vectors(signatures)
    if len(signatures) <= EXACT_UP_TO:
        groups = _link([[i] for i in range(len(signatures))], vectors)
    else:
        groups = _link(_gather(vectors), vectors)
    groups.sort(key=min)
    return [Story(f"s{n}", _title(sorted(g), signatures, vectors), tuple(signatures[i].source for i in sorted(g)))
            for n, g in enumerate(groups, start=1)]


def _vectors(signatures: list[Signature]) -> list[dict]:
    """Each signature as a unit vector of terms weighted by rarity; a term that only one
    article holds tells nothing about stories and is left out."""
    count = len(signatures)
    df = Counter(term for s in signatures for term, _ in s.terms)
    out = []
    for s in signatures:
        weights = {term: (1.0 + math.log(n)) * math.log(1.0 + count / df[term]) *
                   (HEAVY if term[0] in "NV" else 1.0)
                   for term, n in s.terms if df[term] > 1 or count <= 2}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        out.append({term: w / norm for term, w in weights.items()})
    return out


def cosine(a: dict, b: dict) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b[t] for t, w in a.items() if t in b)


def _link(groups: list[list[int]], vectors: list[dict]) -> list[list[int]]:
    """Average linkage over groups of articles, then lone articles attached."""
    centroid = [_mean([vectors[i] for i in g]) for g in groups]
    alive = {k: g for k, g in enumerate(groups)}
    closeness = {(a, b): _between(alive[a], alive[b], vectors) for a, b in combinations(alive, 2)}
    while closeness:
        (a, b), best = max(closeness.items(), key=lambda kv: (kv[1], -kv[0][0], -kv[0][1]))
        if best < LINK:
            break
        size_a, size_b = len(alive[a]), len(alive[b])
        alive[a] = alive[a] + alive.pop(b)
        for other in alive:
            if other == a:
                continue
            x, y = closeness.pop(_key(a, other)), closeness.pop(_key(b, other))
            closeness[_key(a, other)] = (x * size_a + y * size_b) / (size_a + size_b)
        closeness.pop(_key(a, b), None)
    del centroid
    _attach_alone(alive, vectors)
    return list(alive.values())


def _attach_alone(alive: dict, vectors: list[dict]) -> None:
    for k in [k for k, g in alive.items() if len(g) == 1]:
        if k not in alive or len(alive) < 2:
            continue
        near = sorted(((_between(alive[k], g, vectors), other) for other, g in alive.items() if other != k),
                      reverse=True)
        best, other = near[0]
        second = near[1][0] if len(near) > 1 else 0.0
        if best >= ATTACH and best >= MARGIN * second:
            alive[other] = alive[other] + alive.pop(k)


def _between(a: list[int], b: list[int], vectors: list[dict]) -> float:
    return sum(cosine(vectors[i], vectors[j]) for i in a for j in b) / (len(a) * len(b))


def _key(a: int, b: int) -> tuple:
    return (a, b) if a < b else (b, a)


def _gather(vectors: list[dict]) -> list[list[int]]:
    """Articles gathered around running centroids, in input order: each joins the most
    similar centroid (found through the centroids' heaviest terms) when it reaches LINK,
    else starts a group. Linear in the articles for a bounded number of stories."""
    groups: list[list[int]] = []
    sums: list[Counter] = []
    postings = defaultdict(set)  # term -> groups whose centroid holds it among its heaviest
    for i, vector in enumerate(vectors):
        candidates = set()
        for term in sorted(vector, key=vector.get, reverse=True)[:20]:
            candidates |= postings.get(term, set())
        best, chosen = LINK, None
        for g in sorted(candidates):
            c = _normalized(sums[g])
            closeness = cosine(vector, c)
            if closeness >= best:
                best, chosen = closeness, g
        if chosen is None:
            chosen = len(groups)
            groups.append([])
            sums.append(Counter())
        groups[chosen].append(i)
        sums[chosen].update(vector)
        for term, _ in sums[chosen].most_common(40):
            postings[term].add(chosen)
    return groups


def _normalized(total: Counter) -> dict:
    norm = math.sqrt(sum(w * w for w in total.values())) or 1.0
    return {t: w / norm for t, w in total.items()}


def _mean(vectors: list[dict]) -> dict:
    total = Counter()
    for v in vectors:
        total.update(v)
    return _normalized(total)


def _title(members: list[int], signatures: list[Signature], vectors: list[dict]) -> str:
    """The most telling headline: that of the article nearest the story's centre, a real
    headline (a short first line) before a first sentence."""
    centre = _mean([vectors[i] for i in members])
    best = max(members, key=lambda i: (len(signatures[i].headline.split()) <= HEADLINE_WORDS,
                                       cosine(vectors[i], centre), -i))
    title = " ".join(signatures[best].headline.split())
    if len(title) > TITLE_CHARACTERS:
        title = title[:TITLE_CHARACTERS].rsplit(" ", 1)[0] + "…"
    return title


def signature(source: str, lines: tuple, figures: list, lexicon) -> Signature:
    """An article's signature: its names, its content words (four letters or more) and
    its precise values and months, counted."""
    from .figure_values import precise  # the article stage's helpers; stories read only signatures
    from .names import SENTENCE, runs
    from .text import content_stem, tokens
    terms = Counter()
    for line in lines:
        for sentence in SENTENCE.split(line):
            for _, _, key, _ in runs(sentence, lexicon):
                terms["N:" + key] += 1
        for _, _, word in tokens(line):
            if len(word) >= 4:
                stem = content_stem(word)
                if stem:
                    terms["W:" + stem] += 1
    for f in figures:
        if isinstance(f.low, str) and len(f.low) >= 7 and f.low[:1] != "X":
            terms["D:" + f.low[:7]] += 1
        elif precise(f):
            terms[f"V:{f.kind}:{f.low}"] += 1
    return Signature(source, headline(lines), tuple(sorted(terms.items())))


def headline(lines: tuple) -> str:
    """An article's headline: its first line of four words or more that is no promotion
    or byline (a newsletter box, "By ... | Outlet"), cut to its first sentence."""
    from .frame import BOX, BYLINE
    for line in lines:
        text = " ".join(line.split())
        if len(text.split()) >= 4 and not BOX.search(text) and not BYLINE.search(text):
            first = re.split(r"(?<=[.!?])\s+(?=[A-Z])", text, maxsplit=1)[0]
            return first[:200]
    return next((" ".join(line.split())[:200] for line in lines if line.strip()), "")
