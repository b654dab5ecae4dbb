"""The terminal report: one row per fact, the sources numbered in a legend below."""
from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from ..models import VERDICTS, Fact, Figure
from .values import describe, ranges, verdict_text

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
    distinct: dict = {}
    for f in fact.figures:
        distinct.setdefault(f.claim, (f, []))[1].append(numbers[f.source])
    text = Text()
    for i, (figure, who) in enumerate(distinct.values()):
        if i:
            text.append("\n")
        text.append(describe(figure), style="bold")
        text.append(f"  [{ranges(who)}]", style="cyan")
    return text


def render(facts: list[Fact], title: str = "") -> Group:
    numbers = source_numbers(facts)
    table = Table(title=title or None, show_lines=True, expand=False)
    table.add_column("Fact", ratio=2, overflow="fold")
    table.add_column("Sources say", ratio=3, overflow="fold")
    table.add_column("Verdict", ratio=1, overflow="fold")
    for fact in order(facts):
        table.add_row(Text(fact.label), says(fact, numbers),
                      Text(verdict_text(fact), style=STYLES[fact.verdict.verdict]))
    legend = Text()
    for source, n in numbers.items():
        legend.append(f"[{n}]", style="cyan")
        legend.append(f" {source}\n")
    return Group(table, legend, Text(summary_line(facts)))


def summary_line(facts: list[Fact]) -> str:
    counts = {v: sum(1 for f in facts if f.verdict.verdict == v) for v in VERDICTS}
    return (f"{len(facts)} facts: {counts['conflict']} conflict, {counts['approx']} approx, "
            f"{counts['agree']} agree, {counts['single']} single source")


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
        table.add_column(name, overflow="fold")
    for f in figures:
        style = "dim" if f.furniture else ""
        table.add_row(f.where, f.kind, f.text,
                      describe(f) + ("  (furniture)" if f.furniture else ""), f.extractor,
                      style=style)
    return table
