"""The terminal report: one row per fact, the sources numbered in a legend below."""
from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from ..models import Fact, Figure
from ..rules import Rules
from .summary import order, source_numbers, stale_lines, summary_line
from .wording import describe, distinct, ranges, verdict_text

STYLES = {"conflict": "bold red", "approx": "yellow", "agree": "green", "single": "dim"}


def render_report(report) -> Group:
    """The table of facts with its legend and summary; with details, every figure's
    evidence below."""
    parts = [facts_table(report.facts, report.shown, report.rules)]
    if report.details:
        parts.append(evidence_list(report.facts, report.rules))
    return Group(*parts)


def says(fact: Fact, numbers: dict, rules: Rules) -> Text:
    """Each distinct value once, with the numbers of the sources that state it."""
    text = Text()
    for i, (figure, sources) in enumerate(distinct(fact)):
        if i:
            text.append("\n")
        text.append(describe(figure, rules), style="bold")
        text.append(f"  [{ranges([numbers[s] for s in sources])}]", style="cyan")
    return text


def verdict_cell(fact: Fact, rules: Rules, diff=None) -> Text:
    text = Text()
    if diff is not None and diff.is_new(fact):
        text.append("NEW ", style="bold reverse")
    text.append(verdict_text(fact, rules), style=STYLES[fact.verdict.verdict])
    return text


def facts_table(facts: list[Fact], diff, rules: Rules) -> Group:
    """One row per fact, the legend of sources, stale baseline entries, the summary line."""
    numbers = source_numbers(facts)
    table = Table(show_lines=True, expand=False)
    table.add_column("Fact", ratio=2, overflow="fold")
    table.add_column("Sources say", ratio=3, overflow="fold")
    table.add_column("Verdict", ratio=1, overflow="fold")
    for fact in order(facts):
        table.add_row(Text(fact.label), says(fact, numbers, rules), verdict_cell(fact, rules, diff))
    legend = Text()
    for source, n in numbers.items():
        legend.append(f"[{n}]", style="cyan")
        legend.append(f" {source}\n")
    parts = [table, legend]
    parts += [Text(line, style="yellow") for line in stale_lines(diff)]
    return Group(*parts, Text(summary_line(facts, diff)))


def evidence_list(facts: list[Fact], rules: Rules, width: int = 160) -> Group:
    """Every figure's evidence: file:line:column and its sentence, the figure highlighted."""
    parts = []
    for fact in order(facts):
        head = Text(f"\n{fact.label}  ", style="bold")
        head.append(verdict_text(fact, rules), style=STYLES[fact.verdict.verdict])
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


def render_figures(figures: list[Figure], rules: Rules) -> Table:
    """extract: one row per figure, furniture dimmed."""
    table = Table(show_lines=False)
    for name in ("Where", "Kind", "Text", "Value", "Extractor"):
        table.add_column(name, overflow="fold", no_wrap=name in ("Where", "Extractor"))
    for f in figures:
        style = "dim" if f.furniture else ""
        table.add_row(f.where, f.kind, f.text,
                      describe(f, rules) + ("  (furniture)" if f.furniture else ""),
                      f.extractor, style=style)
    return table
