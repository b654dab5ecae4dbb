"""Facts: the figures of one story that state one quantity about one subject, across sources.

Within each story (story.py), the figures of one kind and unit are scored pair by pair
from their frames (pairs.py: what they measure, whose figure it is, when, where it
stands, and how their values relate). Pairs that score LINK or more merge, strongest
first, while every pair across the two groups may be one fact, their mean score stays
AVERAGE or more, and their values stay within pairs.WIDE of each other; a source may give
a fact more than once. Figures that take part in no comparison (page furniture, boxes,
bylines, market prices at the time of writing, kinds listed but never compared, counts
of nothing) are left out. Declared facts of the rules file take the figures whose
sentence matches their context pattern first. Each fact is labelled by its subject and
measure ("El Salvador · holdings"), from its frames.
"""
from __future__ import annotations

import itertools
import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Optional

import regex

from . import pairs
from .compare import compatible, verdict
from .figure_values import date_bounds, magnitude, precise
from .models import Fact, Figure, Kind, Story
from .names import aliases
from .refine import date_story, infer_units
from .rules import Rules

LINK = 0.5  # the score (log-odds) a pair needs to start or extend a fact
AVERAGE = 0.0  # the mean score two groups need across all their pairs to merge
SAME_SOURCE = -2.0  # the score two different values of one source need to be one fact
CORE_SHARE = 0.4  # a name in this share of a story's articles is what the story is about
NEAR = 6  # a name further than this many words from a figure is not whose it is
CORE_LIGHT = 0.3  # ...and weighs this much as a figure's subject
ALL_PAIRS = 300  # blocks up to this many statements are scored pair by pair
NEIGHBOURS = 24  # in larger blocks, each statement meets this many value neighbours a side
DATE_WINDOW = 400  # days: dates further apart are not candidates in large blocks
PARALLEL_FROM = 5000  # figures from which blocks are clustered in worker processes
FRAME_JOIN = True
OUT_OF_COMPARISON = ("box", "byline", "market")  # roles whose figures are never compared


@dataclass
class Statement:
    """A figure in its story, with what its frame says in the story's terms."""

    figure: Figure
    names: dict  # canonical name -> weight (nearer and possessive heavier, core lighter)
    measures: dict
    words: dict

    @property
    def frame(self):
        return self.figure.frame


def group(figures: list[Figure], stories: list[Story], rules: Rules, jobs: int = 1) -> list[Fact]:
    """Facts from figures, story by story, in order of first appearance."""
    _KIND_LABELS.update({name: kind.label if kind.label[:2].isupper() else kind.label.lower()
                         for name, kind in rules.kinds.items()})
    story_of = {source: story for story in stories for source in story.sources}
    by_story = defaultdict(list)
    for f in figures:
        by_story[story_of[f.source].id if f.source in story_of else ""].append(f)
    facts: list[Fact] = []
    for story in stories or [Story("", "", ())]:
        facts.extend(_story_facts(by_story.pop(story.id, []), story, rules, jobs))
    facts.sort(key=lambda fact: _position(fact.figures[0]))
    return _unique(facts)


def comparable(f: Figure, rules: Rules) -> bool:
    """Figures that take part in comparisons: of a kind that is compared, not page
    furniture, not in a role that is never compared (a box, a byline, a market price),
    and with a unit (a bare number counts nothing) unless written precisely."""
    kind = rules.kinds.get(f.kind)
    if kind is None or not kind.compare or f.furniture:
        return False
    if f.frame is not None and f.frame.role in OUT_OF_COMPARISON:
        return False
    return bool(f.unit) or (kind.counts and precise(f))


def compared(figures: list[Figure], rules: Rules) -> list[Figure]:
    """The figures of a story that take part in comparisons, bare counts given the unit
    that another figure of the same value has ("94,000" beside another outlet's 94,000 BTC),
    and dates still without a year given one from the story's latest full date."""
    return [f for f in date_story(infer_units(figures, rules)) if comparable(f, rules)]


def _story_facts(figures: list[Figure], story: Story, rules: Rules, jobs: int) -> list[Fact]:
    figures = compared(figures, rules)
    pinned, free = _pin(figures, rules)
    facts = [_fact(members, rules.kinds[d.kind], story, ident=d.id, label=d.label, declared=True)
             for d, members in pinned if members]
    statements = _statements(free, story, rules)
    idf = context(statements, rules)
    blocks = defaultdict(list)
    for s in statements:
        blocks[(s.figure.kind, s.figure.unit)].append(s)
    work = [(members, rules.kinds[kind]) for (kind, _), members in blocks.items()]
    main = _main_subject(statements)
    for (members, kind), clusters in zip(work, _cluster_blocks(work, idf, jobs)):
        facts.extend(_fact([members[i].figure for i in cluster], kind, story,
                           statements=[members[i] for i in cluster], main=main,
                           events=rules.vocabulary.events) for cluster in clusters)
    return facts


def _main_subject(statements: list[Statement]) -> str:
    """Whom the story is about, as written: the name its articles put nearest their
    figures most often ("" when none stands out)."""
    articles = defaultdict(set)
    for s in statements:
        for key, _, distance, _ in s.frame.names:
            if distance <= NEAR:
                articles[key].add(s.figure.source)
    total = len({s.figure.source for s in statements})
    if not articles:
        return ""
    key = max(articles, key=lambda k: (len(articles[k]), -len(k), k))
    if total >= 2 and len(articles[key]) < CORE_SHARE * total:
        return ""
    return _written(statements, key)


def _written(statements: list[Statement], key: str) -> str:
    forms = Counter(_display(text) for s in statements for k, text, _, _ in s.frame.names if k == key)
    return forms.most_common(1)[0][0]


def _statements(figures: list[Figure], story: Story, rules: Rules) -> list[Statement]:
    """Each figure with its names resolved in the story: the forms of one name become one
    (SBF, Sam Bankman-Fried), and the names most of its articles use weigh little."""
    seen = defaultdict(set)
    for f in figures:
        for key, _, _, _ in f.frame.names:
            seen[key].add(f.source)
    counts = {key: len(sources) for key, sources in seen.items()}
    canonical = aliases(counts)
    articles = max(1, len(story.sources) or len({f.source for f in figures}))
    in_articles = Counter()
    for key, sources in seen.items():
        in_articles[canonical[key]] += len(sources)
    core = {key for key, n in in_articles.items() if articles >= 4 and n >= CORE_SHARE * articles}
    out = []
    for f in figures:
        names: dict = {}
        for key, _, distance, possessive in f.frame.names:
            if distance > NEAR:
                continue
            weight = 1.0 / (1.0 + distance / 2.0) * (1.5 if possessive else 1.0)
            name = canonical[key]
            weight *= CORE_LIGHT if name in core else 1.0
            names[name] = max(names.get(name, 0.0), weight)
        measures = rules.vocabulary.of(f.frame.measures, rules.kinds[f.kind])
        out.append(Statement(f, names, measures, dict(f.frame.words)))
    return out


def context(statements: list[Statement], rules: Rules) -> pairs.Context:
    """The story's context for scoring pairs: each clause word weighted by its rarity."""
    df = Counter(word for s in statements for word in s.words)
    total = len(statements) or 1
    return pairs.Context({word: math.log(1.0 + total / n) for word, n in df.items()},
                         rules.vocabulary.related)


# ---------------------------------------------------------------- clustering

_forked: list = []


def _cluster_blocks(work: list, idf: dict, jobs: int) -> list:
    """For each block, its clusters as lists of indexes; in worker processes that inherit
    the blocks (fork) when jobs > 1 and the run is large. The same clusters either way."""
    if jobs > 1 and len(work) > 1 and sum(len(m) for m, _ in work) >= PARALLEL_FROM:
        import multiprocessing  # only here: a small run never pays for importing it
        if "fork" in multiprocessing.get_all_start_methods():
            from concurrent.futures import ProcessPoolExecutor
            global _forked
            _forked = [(members, kind, idf) for members, kind in work]
            order = sorted(range(len(work)), key=lambda i: -len(work[i][0]))
            try:
                with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
                    done = dict(zip(order, pool.map(_cluster_forked, order)))
            finally:
                _forked = []
            return [done[i] for i in range(len(work))]
    return [cluster(members, kind, idf) for members, kind in work]


def _cluster_forked(index: int) -> list:
    return cluster(*_forked[index])


def cluster(members: list[Statement], kind: Kind, idf: dict) -> list[list[int]]:
    """Greedy agglomeration: pairs taken strongest first join their groups when every
    pair across the two may be one fact, the mean score across them is AVERAGE or more,
    and the values stay within pairs.WIDE."""
    scores: dict = {}
    blocked: set = set()
    for i, j in _candidate_pairs(members, kind):
        s = pairs.score(members[i], members[j], kind, idf)
        if s is None:
            blocked.add((i, j))
        else:
            scores[(i, j)] = s
    owner = list(range(len(members)))
    groups = {i: [i] for i in range(len(members))}
    links = _Links(members, scores, blocked, kind)
    for (i, j), s in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0])):
        if s < LINK:
            break
        a, b = owner[i], owner[j]
        if a == b or not links.may_join(a, b):
            continue
        _join(groups, owner, a, b, links)
    _join_by_frame(groups, owner, members, links, kind)
    return [sorted(g) for g in groups.values()]


class _Links:
    """What the pairs across two groups say, kept up to date as groups join, so that
    deciding a join costs the same whatever the groups' sizes: the sum and count of the
    scores that count, whether a pair across forbids the join, and each group's smallest
    and largest value."""

    def __init__(self, members: list, scores: dict, blocked: set, kind: Kind):
        self.across: dict = {}  # (group, group), lower first -> [total, known, forbidden]
        self.near: dict = defaultdict(set)  # group -> the groups it has pairs with
        for key in blocked:
            self._add(key, 0.0, 0, True)
        for (i, j), s in scores.items():
            fi, fj = members[i].figure, members[j].figure
            if fi.source != fj.source or fi.claim != fj.claim:
                # a source's two different values, unless much alike otherwise, forbid it;
                # a source saying the same value twice counts neither for nor against
                forbidden = fi.source == fj.source and s < SAME_SOURCE and not compatible([fi, fj], kind)
                self._add((i, j), s, 1, forbidden)
        sizes = [magnitude(m.figure) for m in members]
        self.extent = {i: (s, s) if s else None for i, s in enumerate(sizes)}

    def _add(self, key: tuple, total: float, known: int, forbidden: bool) -> None:
        entry = self.across.setdefault(key, [0.0, 0, False])
        entry[0] += total
        entry[1] += known
        entry[2] = entry[2] or forbidden
        self.near[key[0]].add(key[1])
        self.near[key[1]].add(key[0])

    def may_join(self, a: int, b: int, average: bool = True) -> bool:
        total, known, forbidden = self.across.get((min(a, b), max(a, b)), (0.0, 0, False))
        if forbidden:
            return False
        if average and known and total / known < AVERAGE:
            return False
        ea, eb = self.extent[a], self.extent[b]
        if ea is None or eb is None:
            return True
        return max(ea[1], eb[1]) / min(ea[0], eb[0]) <= pairs.WIDE

    def largest(self, group: int) -> float:
        """The group's largest value (1 when none of its figures has one)."""
        extent = self.extent[group]
        return extent[1] if extent else 1

    def join(self, a: int, b: int) -> None:
        """Group b joins group a."""
        for c in self.near.pop(b, set()):
            total, known, forbidden = self.across.pop((min(b, c), max(b, c)))
            self.near[c].discard(b)
            if c != a:
                self._add((min(a, c), max(a, c)), total, known, forbidden)
        self.near[a].discard(b)
        ea, eb = self.extent[a], self.extent.pop(b)
        self.extent[a] = eb if ea is None else ea if eb is None else (min(ea[0], eb[0]), max(ea[1], eb[1]))


def _join(groups: dict, owner: list, a: int, b: int, links: _Links) -> None:
    if len(groups[a]) < len(groups[b]):
        a, b = b, a
    for k in groups[b]:
        owner[k] = a
    groups[a].extend(groups.pop(b))
    links.join(a, b)


def _join_by_frame(groups: dict, owner: list, members: list, links: _Links, kind: Kind) -> None:
    """Groups whose frames say they state one thing (the same strong measure, the same
    subject) are one fact whatever their values, within pairs.WIDE: "112 TWh a year" and
    "23 million megawatt hours a year" of one network's energy use conflict. Nearest
    values first; never where a pair across them may not be one fact."""
    if not FRAME_JOIN:
        return
    keys = {a: _frame_key([members[k] for k in g]) for a, g in groups.items()}
    candidates = []
    for a, b in itertools.combinations(sorted(keys), 2):
        if keys[a] is None or keys[a] != keys[b]:
            continue
        gap = abs(math.log(links.largest(a)) - math.log(links.largest(b))) if kind.is_date is False else 0.0
        candidates.append((gap, a, b))
    for _, a, b in sorted(candidates):
        a, b = owner[a], owner[b]
        if a != b and links.may_join(a, b, average=False):
            _join(groups, owner, a, b, links)


def _frame_key(statements: list) -> Optional[tuple]:
    """(measure, subject) that most of a group's statements name strongly, or None."""
    measures = Counter(max(s.measures, key=s.measures.get) for s in statements
                       if s.measures and max(s.measures.values()) >= pairs.STRONG)
    if not measures:
        return None
    measure, n = measures.most_common(1)[0]
    if n * 2 < len(statements):
        return None
    names = Counter(max(s.names, key=s.names.get) for s in statements
                    if s.names and max(s.names.values()) >= pairs.STRONG)
    return measure, names.most_common(1)[0][0] if names else ""


def _candidate_pairs(members: list[Statement], kind: Kind):
    """The pairs worth scoring: all of them in a block of up to ALL_PAIRS statements; in a
    larger one only statements whose values are neighbours (sorted by value, within the
    band or DATE_WINDOW days, at most NEIGHBOURS on each side), so grouping stays
    near-linear in the number of figures."""
    count = len(members)
    if count <= ALL_PAIRS:
        yield from itertools.combinations(range(count), 2)
        return
    keyed, loose = [], []
    for i, s in enumerate(members):
        key = _value_key(s.figure, kind)
        (loose if key is None else keyed).append((key, i))
    keyed.sort()
    width = DATE_WINDOW if kind.is_date else math.log(pairs.WIDE)
    for x, (key, i) in enumerate(keyed):
        for key2, j in keyed[x + 1:x + 1 + NEIGHBOURS]:
            if key2 - key > width:
                break
            yield (i, j) if i < j else (j, i)
    for x, (_, i) in enumerate(loose):
        for _, j in loose[x + 1:x + 1 + NEIGHBOURS]:
            yield (i, j) if i < j else (j, i)


def _value_key(f: Figure, kind: Kind) -> Optional[float]:
    if not kind.is_date:
        size = magnitude(f)
        return math.log(size) if size else None
    bounds = date_bounds(f)
    if bounds is None or math.inf in map(abs, bounds):
        return None
    return (bounds[0] + bounds[1]) / 2


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


# ---------------------------------------------------------------- facts

def _fact(figures: list[Figure], kind: Kind, story: Story, ident: str = "", label: str = "",
          declared: bool = False, statements: Optional[list] = None, main: str = "",
          events: frozenset = frozenset()) -> Fact:
    """A fact of these figures, labelled by its subject and measure; a date of what is
    no event (the amount stolen, not the launch) says it is the date: "amount stolen
    (date)"."""
    figures = sorted(figures, key=_position)
    subject, measure = _subject(statements or []) or main, _measure(statements or [])
    if not label:
        unit = figures[0].unit
        what = measure or (kind.label if unit in (kind.unit, "") else f"{kind.label} ({unit})")
        if measure and kind.is_date and measure not in events:
            what = f"{measure} ({kind.label if kind.label[:2].isupper() else kind.label.lower()})"
        if subject:
            label = f"{subject} · {what if what[:2].isupper() else what[:1].lower() + what[1:]}"
        else:
            label = what[:1].upper() + what[1:]
        ident = "-".join(p for p in (story.id, kind.name, subject, measure or unit) if p)
        ident = regex.sub(r"[^\w-]+", "-", ident.lower()).strip("-")
    return Fact(id=ident, label=label, kind=kind.name, unit=figures[0].unit, figures=tuple(figures),
                verdict=verdict(figures, kind), declared=declared, story=story.id,
                subject=subject, measure=measure, contradicts_itself=_self_contradicting(figures, kind))


def _self_contradicting(figures: list[Figure], kind: Kind) -> tuple:
    """The sources that state the fact twice with values that cannot both hold."""
    by_source = defaultdict(list)
    for f in figures:
        by_source[f.source].append(f)
    return tuple(sorted(source for source, own in by_source.items()
                        if len(own) > 1 and not compatible(own, kind)))


def _subject(statements: list[Statement]) -> str:
    """Whose figure it is: the name the fact's sources put nearest its figures, as written."""
    weight, written = Counter(), {}
    for s in statements:
        for key, text, distance, possessive in s.frame.names:
            if distance <= NEAR:
                weight[key] += 1.0 / (1.0 + distance / 2.0) * (1.5 if possessive else 1.0)
                written.setdefault(key, Counter())[_display(text)] += 1
    if not weight:
        return ""
    key = max(weight, key=lambda k: (weight[k], -len(k), k))
    return written[key].most_common(1)[0][0]


def _display(text: str) -> str:
    return text[:-2] if text.endswith(("'s", "’s")) else text


def _measure(statements: list[Statement]) -> str:
    weight = Counter()
    for s in statements:
        for measure, w in s.measures.items():
            weight[measure] += w
    return max(weight, key=lambda m: (weight[m], m)) if weight else ""


def _unique(facts: list[Fact]) -> list[Fact]:
    """Ids and labels told apart: of the facts of one label, the first keeps it, the others
    say their kind where it differs ("Silvergate · deposits (change)"), then their first
    statement's words ("Silvergate · deposits ($3.8 billion)")."""
    from dataclasses import replace
    out = list(facts)
    for tell in (lambda f: _KIND_LABELS.get(f.kind, f.kind), lambda f: " ".join(f.figures[0].text.split())):
        by_label = defaultdict(list)
        for i, fact in enumerate(out):
            by_label[fact.label].append(i)
        for label, members in by_label.items():
            first = tell(out[members[0]])
            for i in members[1:]:
                if tell(out[i]) != first:
                    out[i] = replace(out[i], label=f"{label} ({tell(out[i])})")
    seen_ids, seen_labels = Counter(), Counter()
    for i, fact in enumerate(out):
        seen_ids[fact.id] += 1
        seen_labels[fact.label] += 1
        if seen_ids[fact.id] > 1:
            out[i] = fact = replace(fact, id=f"{fact.id}-{seen_ids[fact.id]}")
        if seen_labels[fact.label] > 1:
            out[i] = replace(fact, label=f"{fact.label} ({seen_labels[fact.label]})")
    return out


_KIND_LABELS: dict = {}  # kind name -> its label as within a sentence, for telling facts apart
