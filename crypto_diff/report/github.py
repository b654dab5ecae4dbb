"""GitHub Actions workflow commands: one ::error (or ::warning) line per statement of
each new contradiction, so the annotation shows at every place that states it."""
from __future__ import annotations

from .wording import message


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render_report(report) -> str:
    diff, lines = report.diff, []
    for fact in report.facts:
        if not diff.is_new(fact) or fact.verdict.verdict not in report.verdicts:
            continue
        level = "error" if fact.verdict.verdict == "conflict" else "warning"
        text = _data(message(fact, report.rules, diff))
        title = _property(f"crypto-diff {fact.verdict.verdict}: {fact.label}")
        for f in fact.figures:
            lines.append(f"::{level} file={_property(f.source)},line={f.line},"
                         f"col={f.column},title={title}::{text}")
    return "".join(line + "\n" for line in lines)
