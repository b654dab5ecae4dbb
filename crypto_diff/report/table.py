"""The terminal report: per story, a table of its facts (what disagrees first), the
evidence of each conflict right under it, then the legend of sources and the summary."""
from __future__ import annotations

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text

from ..baseline import claim
from ..models import CONFLICT, Fact, Figure
from ..rules import Rules
from .summary import (Sources, legend_line, listed, numbered, sections, sides, silent,
                      stale_lines, summary_line)
from .wording import describe, distinct, ranges, snippet, verdict_text

STYLES = {"conflict": "bold red", "approx": "yellow", "agree": "green", "single": "dim"}
INDENT = 6  # the indent of a sentence under its place


def render_report(report) -> Group:
    """Each story's table of facts with the evidence of its conflicts; the legend, stale
    baseline entries and the summary line; with details, every listed fact's evidence."""
    sources = Sources(numbered(report))
    diff, rules = report.shown, report.rules
    parts = []
    for section in sections(report):
        facts = listed(section.facts, report.show_all)
        if section.title is not None:
            parts.append(Text(f"\n{section.title} ({len(section.sources)} sources)", style="bold"))
        if not facts:
            parts.append(Text("No fact is stated by two sources or more.", style="dim"))
            continue
        parts.append(facts_table(facts, sources, section.sources, rules, diff))
        conflicts = [f for f in facts if f.verdict.verdict == CONFLICT]
        if conflicts:
            parts.append(Text("\nWhere they disagree:", style="bold"))
            for fact in conflicts:
                parts.extend(conflict_evidence(fact, sources, rules, diff))
    parts.append(legend(sources))
    parts += [Text(line, style="yellow") for line in stale_lines(diff)]
    parts.append(Text(summary_line(report.facts, diff, report.show_all)))
    if report.details:
        parts.append(evidence_list(listed(report.facts, report.show_all), rules, sources))
    return Group(*parts)


def facts_table(facts: list[Fact], sources: Sources, story_sources, rules: Rules, diff) -> Table:
    table = Table(show_lines=True, expand=False)
    table.add_column("Fact", ratio=2, overflow="fold")
    table.add_column("Sources say", ratio=3, overflow="fold")
    table.add_column("Verdict", ratio=1, overflow="fold")
    for fact in facts:
        cell = conflict_says(fact, sources, story_sources, rules, diff) \
            if fact.verdict.verdict == CONFLICT else says(fact, sources.numbers, rules)
        table.add_row(Text(fact.label), cell, verdict_cell(fact, rules, diff))
    return table


def says(fact: Fact, numbers: dict, rules: Rules) -> Text:
    """Each distinct value once, with the numbers of the sources that state it."""
    text = Text()
    for i, (figure, paths) in enumerate(distinct(fact)):
        if i:
            text.append("\n")
        text.append(describe(figure, rules), style="bold")
        text.append(f"  [{ranges([numbers[p] for p in paths])}]", style="cyan")
    return text


def conflict_says(fact: Fact, sources: Sources, story_sources, rules: Rules, diff=None) -> Text:
    """Who says what, the odd ones out by name ("3 sources [1,2,5]: 6,238 BTC" then
    "CoinDesk [4]: over 6,240 BTC"), and who is silent on it."""
    text = Text()
    for i, side in enumerate(sides(fact)):
        if i:
            text.append("\n")
        text.append(sources.who(side.sources) + ": ", style="cyan")
        for j, figure in enumerate(side.figures):
            text.append(" / " if j else "")
            text.append(describe(figure, rules), style="bold red" if side.odd else "bold")
            if _is_new(figure, fact, diff):
                text.append(" (new)", style="bold reverse")
    quiet = silent(fact, story_sources)
    if quiet:
        text.append(f"\nsilent: {sources.who(quiet)}", style="dim")
    return text


def _is_new(figure: Figure, fact: Fact, diff) -> bool:
    return diff is not None and claim(figure) in diff.new.get(fact.id, ())


def verdict_cell(fact: Fact, rules: Rules, diff=None) -> Text:
    text = Text()
    if diff is not None and diff.is_new(fact):
        text.append("NEW ", style="bold reverse")
    text.append(verdict_text(fact, rules), style=STYLES[fact.verdict.verdict])
    return text


def conflict_evidence(fact: Fact, sources: Sources, rules: Rules, diff=None) -> list:
    """Under the table, each side of a conflict: who says what, where, and the sentence
    around the figure, cut at word boundaries to the width of the terminal."""
    head = Text(f"{fact.label}  ", style="bold")
    head.append(verdict_text(fact, rules), style=STYLES[fact.verdict.verdict])
    out = [head]
    for side in sides(fact):
        first = next(f for p in side.sources for f in fact.figures
                     if f.source == p and f.claim in {x.claim for x in side.figures})
        line = Text("  " + sources.who(side.sources), style="cyan")
        verb = " say " if len(side.sources) > 1 else " says "
        line.append(verb + " / ".join(describe(f, rules) for f in side.figures))
        line.append(f": {first.where}", style="cyan")
        out += [line, Sentence(first, INDENT)]
    return out


class Sentence:
    """A figure's sentence, the figure highlighted; cut at word boundaries to the width it
    is given (width None: whole)."""

    def __init__(self, figure: Figure, indent: int = 2, cut: bool = True):
        self.figure, self.indent, self.cut = figure, indent, cut

    def __rich_console__(self, console, options):
        f = self.figure
        width = max(20, options.max_width - self.indent) if self.cut else None
        before, middle, after = snippet(f.sentence, f.offset, f.offset + len(f.text), width)
        text = Text(" " * self.indent)
        text.append(before)
        text.append(middle, style="bold reverse")
        text.append(after)
        yield text


def legend(sources: Sources) -> Text:
    """[4] CoinDesk, 2025-07-18 (seeds/003_fe570fab2ddfa6dd.txt): one line per source."""
    text = Text("\nSources:\n")
    for source in sources.list:
        text.append(f"[{sources.numbers[source.path]}]", style="cyan")
        text.append(f" {legend_line(source)}\n")
    return text


def evidence_list(facts: list[Fact], rules: Rules, sources: Sources) -> Group:
    """Every figure's evidence: its source as the legend names it, file:line:column and the
    whole sentence, the figure highlighted."""
    parts = []
    for fact in facts:
        head = Text(f"\n{fact.label}  ", style="bold")
        head.append(verdict_text(fact, rules), style=STYLES[fact.verdict.verdict])
        parts.append(head)
        for f in fact.figures:
            parts.append(evidence(f, sources))
    return Group(*parts)


def evidence(f: Figure, sources: Sources) -> Text:
    """[4] CoinDesk, 2025-07-18 (seeds/003_….txt:6:374)  …the sentence…"""
    source = sources.by_path.get(f.source)
    told = ", ".join(x for x in (source.outlet, source.published) if x) if source else ""
    where = f"{told} ({f.where})" if told else f.where
    text = Text(f"  [{sources.numbers.get(f.source, '?')}] {where}  ", style="cyan")
    text.append(f.sentence[:f.offset])
    text.append(f.sentence[f.offset:f.offset + len(f.text)], style="bold reverse")
    text.append(f.sentence[f.offset + len(f.text):])
    return text


def render_figures(figures: list[Figure], rules: Rules) -> Group:
    """extract: per article, one row per figure (furniture dimmed); the columns fit in 80."""
    parts, by_source = [], {}
    for f in figures:
        by_source.setdefault(f.source, []).append(f)
    for source, found in by_source.items():
        parts.append(Text(source, style="bold"))
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1))
        table.add_column("Line:col", no_wrap=True, min_width=8)
        table.add_column("Kind", no_wrap=True, min_width=4)
        table.add_column("Text", overflow="fold", ratio=3, min_width=12)
        table.add_column("Value", overflow="fold", ratio=3, min_width=12)
        table.add_column("Extractor", overflow="fold", ratio=2, min_width=9)
        for f in found:
            style = "dim" if f.furniture else ""
            table.add_row(f"{f.line}:{f.column}", f.kind, " ".join(f.text.split()),
                          describe(f, rules) + (" (furniture)" if f.furniture else ""),
                          f.extractor, style=style)
        parts.append(table)
    return Group(*parts)
