"""What every format shares: the sources (numbered, named), the stories and the order of
their facts, the sides of a conflict and who is silent on it, the counts and the summary
line, and the lines on stale baseline entries."""
from __future__ import annotations

import os
from dataclasses import dataclass

from ..models import SINGLE, VERDICTS, Fact, Figure, Source, Story
from .wording import plural, ranges

MANY = 3  # this many sources or more are counted ("3 sources [1,2,5]"), fewer are named


def order(facts: list[Fact]) -> list[Fact]:
    """Most urgent verdict first, then in order of appearance."""
    rank = {v: i for i, v in enumerate(VERDICTS)}
    return sorted(facts, key=lambda f: rank[f.verdict.verdict])


def listed(facts: list[Fact], show_all: bool) -> list[Fact]:
    """The facts a person reads, most urgent first: single-source facts only with --all
    (the summary counts them)."""
    return [f for f in order(facts) if show_all or f.verdict.verdict != SINGLE]


def sources_of(report) -> list[Source]:
    """The report's sources in the order they were read; a report made without them (by
    hand) has the sources of its facts, by path."""
    if report.sources:
        return list(report.sources)
    return [Source(path) for path in sorted({f.source for fact in report.facts for f in fact.figures})]


def numbered(report) -> list[Source]:
    """The report's sources in the order the legend numbers them: story by story (in the
    order of the stories), each story's in the order they were read."""
    read = sources_of(report)
    rank = {}
    for section in sections(report):
        for path in section.sources:
            rank.setdefault(path, len(rank))
    return sorted(read, key=lambda s: rank.get(s.path, len(rank)))


def source_numbers(sources: list[Source]) -> dict:
    """path -> its number in the legend, from 1."""
    return {s.path: i for i, s in enumerate(sources, start=1)}


def name(source: Source) -> str:
    """A source as a person names it: its outlet, else its file's name."""
    return source.outlet or os.path.basename(source.path) or source.path


def legend_line(source: Source) -> str:
    """CoinDesk, 2025-07-18 (seeds/003_fe570fab2ddfa6dd.txt); the path alone when the
    article tells neither outlet nor date."""
    told = ", ".join(x for x in (source.outlet, source.published) if x)
    return f"{told} ({source.path})" if told else source.path


class Sources:
    """The sources of a report, numbered and named, for the formats to word."""

    def __init__(self, sources: list[Source]):  # in the order of the legend (numbered)
        self.list = sources
        self.numbers = source_numbers(sources)
        self.by_path = {s.path: s for s in sources}

    def name(self, path: str) -> str:
        return name(self.by_path.get(path) or Source(path))

    def who(self, paths) -> str:
        """"CoinDesk [4]", "CoinDesk [4], Reuters [6]", "3 sources [1,2,5]"; sources that
        name no outlet go by number ("source [4]", "2 sources [1,2]")."""
        paths = sorted(set(paths), key=lambda p: self.numbers.get(p, 0))
        named = all(self.by_path.get(p) is not None and self.by_path[p].outlet for p in paths)
        if len(paths) >= MANY or (len(paths) > 1 and not named):
            return f"{len(paths)} sources [{ranges([self.numbers[p] for p in paths])}]"
        if not named:
            return f"source [{self.numbers[paths[0]]}]"
        return ", ".join(f"{self.name(p)} [{self.numbers[p]}]" for p in paths)


@dataclass(frozen=True)
class Side:
    """Sources of a conflict that state compatible values: the figures (one per distinct
    claim, in order) and whether these sources are the odd ones out."""

    sources: tuple
    figures: tuple
    odd: bool = False


def sides(fact: Fact) -> list[Side]:
    """The sides of a fact: with odd ones out, the others first, then the odd ones, those
    that state the same values together; else each distinct value with its sources."""
    odd = set(fact.verdict.odd)
    if odd:
        rest = [f for f in fact.figures if f.source not in odd]
        out = [Side(tuple(_in_order(f.source for f in rest)), tuple(_distinct(rest)))]
        by_values: dict = {}
        for path in _in_order(f.source for f in fact.figures if f.source in odd):
            own = _distinct([f for f in fact.figures if f.source == path])
            paths, _ = by_values.setdefault(tuple(f.claim for f in own), ([], own))
            paths.append(path)
        out += [Side(tuple(paths), tuple(own), odd=True) for paths, own in by_values.values()]
        return out
    by_sources: dict = {}  # the values that the same sources state, together
    for figure, paths in _claims(list(fact.figures)):
        by_sources.setdefault(tuple(paths), []).append(figure)
    return [Side(paths, tuple(figures)) for paths, figures in by_sources.items()]


def _in_order(items) -> list:
    return list(dict.fromkeys(items))


def _distinct(figures: list[Figure]) -> list[Figure]:
    return list({f.claim: f for f in reversed(figures)}.values())[::-1]


def _claims(figures: list[Figure]) -> list[tuple]:
    """(the first figure, its sources) for each distinct claim, in order."""
    out: dict = {}
    for f in figures:
        figure, paths = out.setdefault(f.claim, (f, []))
        if f.source not in paths:
            paths.append(f.source)
    return list(out.values())


def silent(fact: Fact, story_sources) -> list[str]:
    """The sources of the fact's story that state nothing of it."""
    stating = {f.source for f in fact.figures}
    return [p for p in story_sources if p not in stating]


@dataclass(frozen=True)
class Section:
    """One story of a report: its title (None when the report has one story), its
    sources (paths, in legend order) and its facts."""

    title: object
    sources: tuple
    facts: list


def sections(report) -> list[Section]:
    """The report's stories, each with its facts in order of appearance; facts never join
    two stories. Without stories (or with one), one section of every source."""
    paths = [s.path for s in sources_of(report)]
    stories = list(report.stories or ())
    ids = list(dict.fromkeys(f.story for f in report.facts))
    if not stories and len(ids) > 1:  # facts of several stories, without their records
        stories = [Story(i, i, tuple(_in_order(f.source for fact in report.facts
                                               if fact.story == i for f in fact.figures)))
                   for i in ids]
    if len(stories) <= 1:  # one story: the articles given are it, no heading needed
        return [Section(None, tuple(paths), list(report.facts))]
    known = {story.id for story in stories}
    out = []
    for story in stories:
        members = [p for p in paths if p in set(story.sources)] or list(story.sources)
        out.append(Section(story.title or story.id, tuple(members),
                           [f for f in report.facts if f.story == story.id]))
    strays = [f for f in report.facts if f.story not in known]
    if strays:
        out.append(Section("Other facts", tuple(paths), strays))
    return out


def counts(facts: list[Fact], diff=None) -> dict:
    """Facts by verdict, sources, and new, accepted and stale contradictions."""
    by_verdict = {v: sum(1 for f in facts if f.verdict.verdict == v) for v in VERDICTS}
    sources = {f.source for fact in facts for f in fact.figures}
    return {"facts": len(facts), "sources": len(sources), **by_verdict,
            "new": len(diff.new) if diff else 0,
            "accepted": len(diff.accepted) if diff else 0,
            "stale": len(diff.stale) if diff else 0}


def summary_line(facts: list[Fact], diff=None, show_all: bool = True) -> str:
    """12 facts: 1 conflict, 1 approx, 6 agree, 4 single source (listed with --all)."""
    found = counts(facts, diff)
    line = (f"{plural(found['facts'], 'fact')}: {found['conflict']} conflict, {found['approx']} approx, "
            f"{found['agree']} agree, {found['single']} single source")
    if found["single"] and not show_all:
        line += " (listed with --all)"
    if diff is not None:
        line += f"; {found['new']} new, {found['accepted']} accepted, {found['stale']} stale"
    return line


def stale_lines(diff) -> list[str]:
    return [f"stale: the baseline accepts a value no longer stated: {e.label} "
            f"({', '.join(e.says) or ', '.join(e.values)}); rewrite the baseline to drop it"
            for e in (diff.stale if diff is not None else [])]

