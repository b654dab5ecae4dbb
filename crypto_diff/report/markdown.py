"""A Markdown report for a pull-request comment or $GITHUB_STEP_SUMMARY."""
from __future__ import annotations

from .summary import order, source_numbers, summary_line
from .wording import describe, distinct, ranges, verdict_text

ICONS = {"conflict": "❌", "approx": "≈", "agree": "✅", "single": "·"}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "<br>")


def render_report(report) -> str:
    facts, diff, rules = report.facts, report.shown, report.rules
    numbers = source_numbers(facts)
    lines = ["## crypto-diff", "", summary_line(facts, diff), "",
             "| | Fact | Sources say | Verdict |", "|---|---|---|---|"]
    for fact in order(facts):
        says = "<br>".join(f"{describe(f, rules)} [{ranges([numbers[s] for s in sources])}]"
                           for f, sources in distinct(fact))
        verdict = verdict_text(fact, rules)
        if diff is not None and diff.is_new(fact):
            verdict = f"**NEW** {verdict}"
        lines.append(f"| {ICONS[fact.verdict.verdict]} | {_cell(fact.label)} | {_cell(says)} "
                     f"| {_cell(verdict)} |")
    lines += ["", "Sources:", ""]
    lines += [f"{n}. `{source}`" for source, n in numbers.items()]
    if diff is not None and diff.stale:
        lines += ["", "Stale baseline entries (no longer contradicted; rewrite the baseline "
                  "to drop them):", ""]
        lines += [f"- {_cell(e.label)}: {', '.join(e.says)}" for e in diff.stale]
    return "\n".join(lines) + "\n"
