"""GitHub Actions workflow commands: one ::error (or ::warning) line per new contradiction,
placed where the run page and the pull request's diff show it best: at the statement of a
value the baseline did not accept, else at the odd one out, else at the first statement.
The message names every value and where each is stated."""
from __future__ import annotations

from ..baseline import claim
from .wording import message


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def place(fact, diff):
    """The statement an annotation of a new contradiction stands at."""
    new = set(diff.new.get(fact.id, ())) if diff.baseline else set()
    odd = set(fact.verdict.odd)
    return (next((f for f in fact.figures if claim(f) in new), None)
            or next((f for f in fact.figures if f.source in odd), None)
            or fact.figures[0])


def render_report(report) -> str:
    diff, lines = report.diff, []
    for fact in report.facts:
        if not diff.is_new(fact) or fact.verdict.verdict not in report.verdicts:
            continue
        level = "error" if fact.verdict.verdict == "conflict" else "warning"
        text = _data(message(fact, report.rules, diff))
        title = _property(f"crypto-diff {fact.verdict.verdict}: {fact.label}")
        f = place(fact, diff)
        lines.append(f"::{level} file={_property(f.source)},line={f.line},"
                     f"col={f.column},title={title}::{text}")
    return "".join(line + "\n" for line in lines)
