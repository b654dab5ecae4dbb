"""GitHub Actions workflow commands: one ::error (or ::warning) line per statement of
each new contradiction, so the annotation shows at every place that states it."""
from __future__ import annotations

from ..models import Fact
from .wording import message


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(facts: list[Fact], diff, verdicts=("conflict",)) -> str:
    lines = []
    for fact in facts:
        if not diff.is_new(fact) or fact.verdict.verdict not in verdicts:
            continue
        level = "error" if fact.verdict.verdict == "conflict" else "warning"
        text = _data(message(fact, diff))
        title = _property(f"crypto-diff {fact.verdict.verdict}: {fact.label}")
        for f in fact.figures:
            lines.append(f"::{level} file={_property(f.source)},line={f.line},"
                         f"col={f.column},title={title}::{text}")
    return "".join(line + "\n" for line in lines)
