"""A Markdown report for a pull-request comment or $GITHUB_STEP_SUMMARY: per story, what
disagrees first, each conflict with its odd ones out, who is silent, and where each side
says it."""
from __future__ import annotations

from ..models import CONFLICT
from .summary import (Sources, legend_line, listed, numbered, sections, sides, silent,
                      stale_lines, summary_line)
from .wording import describe, distinct, ranges, snippet, verdict_text

ICONS = {"conflict": "❌", "approx": "≈", "agree": "✅", "single": "·"}
SENTENCE = 160  # characters of a sentence quoted under a conflict


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "<br>")


def _says(fact, sources: Sources, story_sources, rules) -> str:
    if fact.verdict.verdict != CONFLICT:
        return "<br>".join(f"{describe(f, rules)} [{ranges([sources.numbers[s] for s in paths])}]"
                           for f, paths in distinct(fact))
    lines = [f"{sources.who(side.sources)}: "
             + " / ".join(("**%s**" if side.odd else "%s") % describe(f, rules) for f in side.figures)
             for side in sides(fact)]
    quiet = silent(fact, story_sources)
    if quiet:
        lines.append(f"silent: {sources.who(quiet)}")
    return "<br>".join(lines)


def render_report(report) -> str:
    diff, rules = report.shown, report.rules
    sources = Sources(numbered(report))
    lines = ["## crypto-diff", "", summary_line(report.facts, diff, report.show_all)]
    for section in sections(report):
        facts = listed(section.facts, report.show_all)
        if section.title is not None:
            lines += ["", f"### {section.title}"]
        if not facts:
            lines += ["", "No fact is stated by two sources or more."]
            continue
        lines += ["", "| | Fact | Sources say | Verdict |", "|---|---|---|---|"]
        for fact in facts:
            verdict = verdict_text(fact, rules)
            if diff is not None and diff.is_new(fact):
                verdict = f"**NEW** {verdict}"
            lines.append(f"| {ICONS[fact.verdict.verdict]} | {_cell(fact.label)} "
                         f"| {_cell(_says(fact, sources, section.sources, rules))} | {_cell(verdict)} |")
        for fact in (f for f in facts if f.verdict.verdict == CONFLICT):
            lines += ["", f"**{_cell(fact.label)}**: {verdict_text(fact, rules)}", ""]
            for side in sides(fact):
                first = next(f for p in side.sources for f in fact.figures
                             if f.source == p and f.claim in {x.claim for x in side.figures})
                before, middle, after = snippet(first.sentence, first.offset,
                                                first.offset + len(first.text), SENTENCE)
                verb = "say" if len(side.sources) > 1 else "says"
                values = " / ".join(describe(f, rules) for f in side.figures)
                lines.append(f"- {sources.who(side.sources)} {verb} {values}, `{first.where}`: "
                             f"{_cell(before)}**{_cell(middle)}**{_cell(after)}")
    lines += ["", "Sources:", ""]
    lines += [f"{sources.numbers[s.path]}. {legend_line(s)}" for s in sources.list]
    if diff is not None and diff.stale:
        lines += ["", *[f"- {_cell(line)}" for line in stale_lines(diff)]]
    return "\n".join(lines) + "\n"
