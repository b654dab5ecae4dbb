"""The terminal report: one row per fact, the sources numbered in a legend below."""
from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from ..models import VERDICTS, Fact, Figure
from .json_report import summary
from .wording import describe, distinct, ranges, verdict_text

STYLES = {"conflict": "bold red", "approx": "yellow", "agree": "green", "single": "dim"}


def order(facts: list[Fact]) -> list[Fact]:
    """Most urgent verdict first, then in order of appearance."""
    rank = {v: i for i, v in enumerate(VERDICTS)}
    return sorted(facts, key=lambda f: rank[f.verdict.verdict])


def source_numbers(facts: list[Fact]) -> dict:
    sources = sorted({f.source for fact in facts for f in fact.figures})
    return {s: i for i, s in enumerate(sources, start=1)}


def says(fact: Fact, numbers: dict) -> Text:
    """Each distinct value once, with the numbers of the sources that state it."""
    text = Text()
    for i, (figure, sources) in enumerate(distinct(fact)):
        if i:
            text.append("\n")
        text.append(describe(figure), style="bold")
        text.append(f"  [{ranges([numbers[s] for s in sources])}]", style="cyan")
    return text


def verdict_cell(fact: Fact, diff=None) -> Text:
    text = Text()
    if diff is not None and diff.is_new(fact):
        text.append("NEW ", style="bold reverse")
    text.append(verdict_text(fact), style=STYLES[fact.verdict.verdict])
    return text


def render(facts: list[Fact], diff=None) -> Group:
    numbers = source_numbers(facts)
    table = Table(show_lines=True, expand=False)
    table.add_column("Fact", ratio=2, overflow="fold")
    table.add_column("Sources say", ratio=3, overflow="fold")
    table.add_column("Verdict", ratio=1, overflow="fold")
    for fact in order(facts):
        table.add_row(Text(fact.label), says(fact, numbers), verdict_cell(fact, diff))
    legend = Text()
    for source, n in numbers.items():
        legend.append(f"[{n}]", style="cyan")
        legend.append(f" {source}\n")
    parts = [table, legend]
    parts += [Text(line, style="yellow") for line in stale_lines(diff)]
    return Group(*parts, Text(summary_line(facts, diff)))


def stale_lines(diff) -> list[str]:
    return [f"stale: the baseline accepts a contradiction no longer found: {e.label} "
            f"({', '.join(e.says) or ', '.join(e.values)}); rewrite the baseline to drop it"
            for e in (diff.stale if diff is not None else [])]


def summary_line(facts: list[Fact], diff=None) -> str:
    counts = summary(facts, diff)
    line = (f"{counts['facts']} facts: {counts['conflict']} conflict, {counts['approx']} approx, "
            f"{counts['agree']} agree, {counts['single']} single source")
    if diff is not None:
        line += f"; {counts['new']} new, {counts['accepted']} accepted, {counts['stale']} stale"
    return line


def details(facts: list[Fact], width: int = 160) -> Group:
    """Every figure's evidence: file:line:column and its sentence, the figure highlighted."""
    parts = []
    for fact in order(facts):
        head = Text(f"\n{fact.label}  ", style="bold")
        head.append(verdict_text(fact), style=STYLES[fact.verdict.verdict])
        parts.append(head)
        for f in fact.figures:
            parts.append(evidence(f, width))
    return Group(*parts)


def evidence(f: Figure, width: int = 160) -> Text:
    start, end = f.offset, f.offset + len(f.text)
    left = max(0, start - width // 2)
    right = min(len(f.sentence), end + width // 2)
    text = Text(f"  {f.where}  ", style="cyan")
    text.append(("…" if left else "") + f.sentence[left:start])
    text.append(f.sentence[start:end], style="bold reverse")
    text.append(f.sentence[end:right] + ("…" if right < len(f.sentence) else ""))
    return text


def figures_table(figures: list[Figure]) -> Table:
    table = Table(show_lines=False)
    for name in ("Where", "Kind", "Text", "Value", "Extractor"):
        table.add_column(name, overflow="fold", no_wrap=name in ("Where", "Extractor"))
    for f in figures:
        style = "dim" if f.furniture else ""
        table.add_row(f.where, f.kind, f.text,
                      describe(f) + ("  (furniture)" if f.furniture else ""), f.extractor,
                      style=style)
    return table
