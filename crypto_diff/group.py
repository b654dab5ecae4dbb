"""Group figures into facts: the figures that state one quantity, across sources.

Two figures of one kind are scored as a pair:
- context: the words of each figure's sentence, nearer words heavier, every word weighted
  by its rarity over the sentences that hold figures (a tf-idf cosine). Numbers are not
  words: the other figures of the sentence enter as value tokens instead;
- neighbours (amounts): both sentences hold another figure of about the same value
  (a BTC count beside a USD value of the same size says it is the same holding); less
  when they share a word and state one same day (the event's date in both);
- value: amounts more than the kind's `band` apart are never one fact. Compatible values
  add a bonus, more when the shared value is rare among all figures; incompatible ones add
  less, the closer the more, and need some context too, so a contradiction can still form
  but two unrelated figures do not make one. Figures whose sentences share no word are
  one fact only when they give the same precise value (three significant digits or more);
- a source may state a fact more than once, but only compatibly: two incompatible
  figures from one source never join one fact.
Pairs that score LINK or more are merged greedily, strongest first, while every merge
keeps the band and the same-source rule. Declared facts of the rules file take the
figures whose sentence matches their context pattern before any of this.
"""
from __future__ import annotations

import itertools
import math
from array import array
from collections import Counter, defaultdict
from typing import Optional

import regex

from .compare import compatible, verdict
from .context import Node, cosine
from .context import nodes as context_nodes
from .figure_values import bounds_meet, date_bounds, stated_value, written_digits
from .models import Fact, Figure, Kind
from .rules import Rules

LINK = 0.45  # the score a pair needs to join one fact
COMPAT_BONUS = 0.35  # compatible values
NEAR_BONUS = 0.3  # times how close incompatible values are (1 = equal, 0 = a band apart)
NEIGHBOUR_BONUS = 0.2  # amounts: both sentences hold another figure of about the same value
NEIGHBOUR_RATIO = 1.05  # how close those other figures must be
PRECISE_DIGITS = 3  # significant digits, trailing zeros left out (100% and 2,000 are round)
SAME_DAY_BONUS = 0.1  # amounts: both sentences also state one same day (with its year)
RARE_VALUE_BONUS = 0.2  # compatible values, times how rare the shared value is
DATE_NEAR_DAYS = 60  # dates this many days apart are no closer than any others
DATED_APART = 31  # amounts dated further apart than this (days) are not one fact
MIN_CONTEXT = 0.15  # the least context overlap two incompatible figures need
RESTATE = 0.3  # the context overlap two figures of one source need to be one statement
CLEAR_CONTEXT = 0.2  # pairs with this much context overlap are merged before all others
ALL_PAIRS = 300  # blocks up to this many statements are scored pair by pair
NEIGHBOURS = 24  # in larger blocks, each statement meets this many value neighbours a side
DATE_WINDOW = 400  # days: dates further apart are not candidates in large blocks
PARALLEL_FROM = 5000  # figures from which blocks are clustered in worker processes


def group(figures: list[Figure], rules: Rules, jobs: int = 1) -> list[Fact]:
    """Facts from figures (furniture is left out), in order of first appearance. With
    jobs > 1 and enough figures, the blocks (one per kind and unit) are clustered in
    worker processes that inherit the nodes (fork); the facts are the same."""
    bystanders = defaultdict(tuple)  # figures in no fact are still their sentence's context
    for f in figures:  # (prices, changes, furniture such as datelines; not bare numbers)
        kind = rules.kinds.get(f.kind)
        if kind is not None and (f.furniture or not kind.compare):
            bystanders[(f.source, f.sentence_id)] += (f,)
    figures = [f for f in figures if comparable(f, rules)]
    pinned, free = _pin(figures, rules)
    facts = [_fact(members, rules.kinds[d.kind], ident=d.id, label=d.label, declared=True)
             for d, members in pinned if members]
    by_key = defaultdict(list)
    for f in free:
        by_key[(f.kind, f.unit)].append(f)
    surfaces: dict = {}
    nodes = context_nodes(free, rules, surfaces, bystanders)
    blocks = [([nodes[id(f)] for f in members], rules.kinds[kind_name])
              for (kind_name, _), members in by_key.items()]
    for (block, kind), clusters in zip(blocks, _cluster_blocks(blocks, jobs)):
        for cluster in clusters:
            members = [block[i] for i in cluster]
            facts.append(_fact([n.figure for n in members], kind, nodes=members,
                               surfaces=surfaces))
    facts.sort(key=lambda fact: _position(fact.figures[0]))
    return _unique_ids(facts)


_forked_blocks: list = []


def _cluster_blocks(blocks: list, jobs: int) -> list:
    """For each block, its clusters as lists of indexes into the block."""
    if jobs > 1 and len(blocks) > 1 and sum(len(b) for b, _ in blocks) >= PARALLEL_FROM:
        import multiprocessing  # deferred: a small run never pays for importing it
        if "fork" in multiprocessing.get_all_start_methods():
            return _cluster_in_workers(blocks, jobs, multiprocessing.get_context("fork"))
    return [_cluster_indexes(block, kind) for block, kind in blocks]


def _cluster_in_workers(blocks: list, jobs: int, context) -> list:
    """_cluster_blocks in forked worker processes, biggest block first."""
    from concurrent.futures import ProcessPoolExecutor  # deferred, as multiprocessing above
    global _forked_blocks
    _forked_blocks = blocks  # the workers inherit them: nothing is pickled on the way in
    order = sorted(range(len(blocks)), key=lambda i: -len(blocks[i][0]))  # biggest first
    try:
        with ProcessPoolExecutor(jobs, mp_context=context) as pool:
            done = dict(zip(order, pool.map(_cluster_forked_block, order)))
    finally:
        _forked_blocks = []
    return [done[i] for i in range(len(blocks))]


def _cluster_forked_block(index: int) -> list:
    block, kind = _forked_blocks[index]
    return _cluster_indexes(block, kind)


def _cluster_indexes(block: list, kind: Kind) -> list:
    position = {id(node): i for i, node in enumerate(block)}
    return [[position[id(node)] for node in cluster] for cluster in _cluster(block, kind)]


def comparable(f: Figure, rules: Rules) -> bool:
    """Figures that take part in comparisons: not page furniture, of a kind that is
    compared, and with a unit (a bare number counts nothing, so it compares with nothing)."""
    kind = rules.kinds.get(f.kind)
    return kind is not None and kind.compare and not f.furniture and bool(f.unit)


def _pin(figures: list[Figure], rules: Rules):
    pinned = [(d, []) for d in rules.facts]
    free = []
    for f in figures:
        for declared, members in pinned:
            if declared.kind == f.kind and declared.context.search(f.sentence):
                members.append(f)
                break
        else:
            free.append(f)
    return pinned, free


def _position(f: Figure) -> tuple:
    return (f.source, f.line, f.column)


# ---------------------------------------------------------------- clustering

def score(a: Node, b: Node, kind: Kind) -> tuple[Optional[float], float]:
    """How strongly two figures state one fact (None when they cannot), and how much
    their words alone have in common."""
    is_date = kind.is_date
    if is_date:
        closeness = _date_closeness(a.figure, b.figure)
    else:
        if not a.center or not b.center:
            return None, 0.0
        ratio = max(a.center, b.center) / min(a.center, b.center)
        if ratio > kind.band:
            return None, 0.0
        closeness = 1.0 - math.log(ratio) / math.log(kind.band) if kind.band > 1 else 1.0
        if a.spans and b.spans and _dated_apart(a, b):
            return None, 0.0  # "5 million users in 2023" and "8 million users in 2024"
    words = cosine(a.vector, b.vector)
    beside = not is_date and _same_neighbour(a, b)
    if words <= 0 and not beside and not _same_precise_value(a.figure, b.figure, kind):
        return None, words  # nothing in common but a round value: a coincidence
    context = words + (NEIGHBOUR_BONUS if beside else 0.0)
    if not is_date and words > 0 and not a.days.isdisjoint(b.days):
        context += SAME_DAY_BONUS  # "Nov. 11, 2022 ... $8 billion" / "11 November 2022 ... $8.7bn"
    fits = compatible([a.figure, b.figure], kind) if is_date else bounds_meet(a.bounds, b.bounds)
    if fits:
        return context + COMPAT_BONUS + RARE_VALUE_BONUS * cosine(a.values, b.values), words
    if context < MIN_CONTEXT:
        return None, words
    return context + NEAR_BONUS * closeness, words


def _dated_apart(a: Node, b: Node) -> bool:
    """Both sentences date what they state, and every date of one is apart from every
    date of the other (no day in common, middles more than DATED_APART days apart): a
    quantity that changes over time, stated for two different times. Dates a few days
    apart may be the event and its report; dates without a year say too little."""
    spans = (a.spans, b.spans)
    if not all(spans) or None in spans[0] + spans[1]:
        return False
    return all(max(x[0] - y[1], y[0] - x[1]) > 0 and (_middle_gap(x, y) or 0) > DATED_APART
               for x in spans[0] for y in spans[1])


def _middle_gap(first: tuple, second: tuple) -> Optional[float]:
    """Days between the middles of two date spans; None when one has an open end."""
    if math.inf in map(abs, first + second):
        return None
    return abs(first[0] + first[1] - second[0] - second[1]) / 2


def _same_neighbour(a: Node, b: Node) -> bool:
    """Both sentences hold another figure of one kind and unit within NEIGHBOUR_RATIO
    (a BTC count beside about the same USD value: the same holding)."""
    for kind, unit, value in a.neighbours:
        for kind2, unit2, value2 in b.neighbours:
            if (kind, unit) == (kind2, unit2) and max(value, value2) <= NEIGHBOUR_RATIO * min(value, value2):
                return True
    return False


def _same_precise_value(a: Figure, b: Figure, kind: Kind) -> bool:
    """The same amount written with three significant digits or more (1,364 BTC, $27.9
    billion): two sources that give it state one fact, whatever their words ("mined 1,364
    bitcoin" / "produced 1,364 BTC"); a round value ($8 billion, 100%) may be chance."""
    if kind.is_date or (a.low, a.high) != (b.low, b.high) or not a.precision or not b.precision:
        return False
    value = stated_value(a) or 0.0
    digits = written_digits(value, max(a.precision, b.precision))  # 1364, 279
    return len(digits.rstrip("0")) >= PRECISE_DIGITS


def _date_closeness(a: Figure, b: Figure) -> float:
    """1 for the same day, falling to 0 at DATE_NEAR_DAYS between the middles of the two
    dates (so two years a year apart are not close); 0 without a year or with open ends."""
    first, second = date_bounds(a), date_bounds(b)
    gap = _middle_gap(first, second) if first and second else None
    return 0.0 if gap is None else max(0.0, 1.0 - gap / DATE_NEAR_DAYS)


def _cluster(nodes: list[Node], kind: Kind) -> list[list[Node]]:
    """Facts of one kind: first each source's restatements, then across sources."""
    statements = _restatements(nodes, kind)
    clear, other = _Pairs(), _Pairs()
    for i, j in _candidate_pairs(statements, kind):
        first, second = statements[i], statements[j]
        if first[0].figure.source == second[0].figure.source:
            continue
        if len(first) == 1 and len(second) == 1:  # most statements are one figure
            best = score(first[0], second[0], kind)
            best = (best[0] or 0.0, best[1])
        else:
            best = max(((s or 0.0), words) for a in first for b in second
                       for s, words in [score(a, b, kind)])
        if best[0] >= LINK:
            # pairs whose words clearly match go first: a figure joins the fact its
            # sentence speaks of before a look-alike value elsewhere can claim it
            (clear if best[1] >= CLEAR_CONTEXT else other).add(best[0], i, j)
    sources = {i: {st[0].figure.source} for i, st in enumerate(statements)}
    centers = {i: [n.center for n in st if n.center] for i, st in enumerate(statements)}
    spans = {i: (min(c), max(c)) if c else None for i, c in centers.items()}

    def can_merge(_, __, a, b):
        if sources[a] & sources[b]:
            return False  # a fact holds one statement of each source
        if kind.is_date or spans[a] is None or spans[b] is None:
            return True
        return max(spans[a][1], spans[b][1]) / min(spans[a][0], spans[b][0]) <= kind.band

    def join(a, b):
        sources[a] |= sources.pop(b)
        if spans[a] is not None and spans[b] is not None:
            spans[a] = (min(spans[a][0], spans[b][0]), max(spans[a][1], spans[b][1]))
        spans.pop(b)

    ordered = itertools.chain(clear.strongest_first(), other.strongest_first())
    return [[n for i in group for n in statements[i]]
            for group in _merge(len(statements), ordered, can_merge, join)]


class _Pairs:
    """Scored pairs of statements, in flat arrays: a large block gives a million pairs,
    and tuples of them would take more memory than the figures."""

    def __init__(self):
        self.scores, self.first, self.second = array("d"), array("l"), array("l")

    def add(self, score: float, i: int, j: int) -> None:
        self.scores.append(score)
        self.first.append(i)
        self.second.append(j)

    def strongest_first(self):
        """(i, j) by score, highest first; equal scores in the order they were added."""
        order = sorted(range(len(self.scores)), key=self.scores.__getitem__, reverse=True)
        return ((self.first[k], self.second[k]) for k in order)


def _candidate_pairs(statements: list, kind: Kind):
    """The pairs of statements worth scoring. A block of up to ALL_PAIRS statements is
    scored in full; a larger one only between statements whose values are neighbours
    (sorted by value, within the kind's band or DATE_WINDOW days, at most NEIGHBOURS on
    each side), so grouping stays near-linear in the number of figures."""
    count = len(statements)
    if count <= ALL_PAIRS:
        yield from itertools.combinations(range(count), 2)
        return
    keyed, undated = [], defaultdict(list)
    for i, st in enumerate(statements):
        key = _value_key(st[0], kind)
        if key is None:
            undated[_month(st[0].figure)].append(i)
        else:
            keyed.append((key, i))
    keyed.sort()
    width = DATE_WINDOW if kind.is_date else math.log(kind.band)
    for x, (key, i) in enumerate(keyed):
        for key2, j in keyed[x + 1:x + 1 + NEIGHBOURS]:
            if key2 - key > width:
                break
            yield (i, j) if i < j else (j, i)
    by_month = defaultdict(list)
    for key, i in keyed:  # a month without a year meets the dates of that month
        by_month[_month(statements[i][0].figure)].append(i)
    for month, members in undated.items():
        others = by_month.get(month, [])[:NEIGHBOURS]
        for x, i in enumerate(members):
            for j in members[x + 1:x + 1 + NEIGHBOURS] + others:
                yield (i, j) if i < j else (j, i)


def _value_key(node: Node, kind: Kind) -> Optional[float]:
    """Where a statement sits on its kind's value line: log of an amount, the middle day
    of a date (None for a date without a year)."""
    if not kind.is_date:
        return math.log(node.center) if node.center else None
    bounds = date_bounds(node.figure)
    if bounds is None or math.inf in map(abs, bounds):
        return None if bounds is None else (bounds[0] if abs(bounds[0]) != math.inf else bounds[1])
    return (bounds[0] + bounds[1]) / 2


def _month(f: Figure) -> str:
    parts = str(stated_value(f)).split("-")
    return parts[1] if len(parts) > 1 else ""


def _restatements(nodes: list[Node], kind: Kind) -> list[list[Node]]:
    """Group each source's figures that state one thing twice (headline and body, rounded
    and precise): compatible values, and the same value, a headline, or much the same
    words."""
    by_source = defaultdict(list)
    for i, node in enumerate(nodes):
        by_source[node.figure.source].append(i)
    pairs = []
    for members in by_source.values():
        for i, j in itertools.combinations(members, 2):
            a, b = nodes[i], nodes[j]
            if a.figure.sentence_id == b.figure.sentence_id:
                continue  # a sentence does not state one quantity twice
            same = (a.figure.low, a.figure.high) == (b.figure.low, b.figure.high)
            headline = _in_headline(a.figure) or _in_headline(b.figure)
            if (same or headline or cosine(a.vector, b.vector) >= RESTATE) and \
                    compatible([a.figure, b.figure], kind):
                pairs.append((1.0 if same else cosine(a.vector, b.vector), i, j))
    pairs.sort(key=lambda p: p[0], reverse=True)

    def can_merge(left, right, *_):
        group = [nodes[i] for i in left + right]
        return _within_band(group, kind) and compatible([n.figure for n in group], kind)

    return [[nodes[i] for i in group]
            for group in _merge(len(nodes), ((i, j) for _, i, j in pairs), can_merge)]


def _in_headline(f: Figure) -> bool:
    """On the article's first block: a headline restates the story's main figures in a
    few words, sharing little vocabulary with the sentence that states them in full."""
    return bool(f.sentence_id) and f.sentence_id[0] == 0


def _merge(count: int, pairs, can_merge, join=None) -> list[list[int]]:
    """Greedy agglomeration: join the groups of each pair (i, j), taken in the order
    given (strongest first), when can_merge(members of one, members of the other, root
    of one, root of the other) allows it; join(a, b), if given, tells the caller that group b went into group a."""
    owner = list(range(count))
    members = {i: [i] for i in range(count)}
    for i, j in pairs:
        a, b = owner[i], owner[j]
        if a == b or not can_merge(members[a], members[b], a, b):
            continue
        if len(members[a]) < len(members[b]):
            a, b = b, a
        for k in members[b]:
            owner[k] = a
        members[a].extend(members.pop(b))
        if join:
            join(a, b)
    return [sorted(group) for group in members.values()]


def _within_band(nodes: list[Node], kind: Kind) -> bool:
    """Whether the values lie within the kind's band (zero values only with each other)."""
    if kind.is_date:
        return True
    centers = [n.center for n in nodes]
    if None in centers:
        return all(c is None for c in centers)
    return max(centers) / min(centers) <= kind.band


# ---------------------------------------------------------------- facts

def _fact(figures: list[Figure], kind: Kind, ident: str = "", label: str = "",
          nodes: Optional[list[Node]] = None, surfaces: Optional[dict] = None,
          declared: bool = False) -> Fact:
    figures = sorted(figures, key=_position)
    if not label:
        words = _label_words(nodes or [], surfaces or {})
        unit = figures[0].unit
        name = kind.label if unit == kind.unit else f"{kind.label} ({unit})"
        label = name + (": " + ", ".join(words) if words else "")
        ident = "-".join([kind.name] + ([] if unit == kind.unit else [unit.lower()]) +
                         [w.lower() for w in words[:3]])
        ident = regex.sub(r"[^\w-]+", "-", ident).strip("-")
    return Fact(id=ident, label=label, kind=kind.name, unit=figures[0].unit, figures=tuple(figures),
                verdict=verdict(figures, kind), declared=declared)


def _label_words(nodes: list[Node], surfaces: dict, size: int = 3) -> list[str]:
    """The words that best name a fact: heavy in its contexts, shared by its sources."""
    weight = Counter()
    sources = defaultdict(set)
    for node in nodes:
        for token, w in node.vector.items():
            if token[:1] in "#=" or token[:1].isdigit():
                continue
            weight[token] += w
            sources[token].add(node.figure.source)
    ranked = sorted(weight, key=lambda t: (-len(sources[t]), -weight[t], t))
    return [surfaces.get(t, t) for t in ranked[:size]]


def _unique_ids(facts: list[Fact]) -> list[Fact]:
    seen = Counter()
    out = []
    for fact in facts:
        seen[fact.id] += 1
        if seen[fact.id] > 1:
            fact = Fact(f"{fact.id}-{seen[fact.id]}", fact.label, fact.kind, fact.unit,
                        fact.figures, fact.verdict, fact.declared)
        out.append(fact)
    return out
