"""The machine-readable report (--format json). Stable: fields are only ever added.

{"version": 1,
 "sources": [{"path", "outlet", "published"}],
 "stories": [{"id", "title", "sources"}],
 "facts": [{"id", "label", "kind", "unit", "verdict", "spread", "gap", "declared", "new",
            "new_values", "story", "subject", "measure", "contradicts_itself", "odd",
            "statements": [{"source", "line", "column", "text", "low", "high", "low_open",
            "high_open", "approx", "role", "time"}]}],
 "stale": [{"label", "kind", "unit", "verdict", "values", "says"}],
 "summary": {"facts", "sources", "conflict", "approx", "agree", "single", "new",
             "accepted", "stale"}}
"""
from __future__ import annotations

import json

from ..models import Fact, Figure
from .summary import counts, sources_of
from .wording import number

VERSION = 1


def statement(f: Figure) -> dict:
    frame = f.frame
    return {"source": f.source, "line": f.line, "column": f.column, "text": f.text,
            "low": number(f.low), "high": number(f.high), "low_open": f.low_open,
            "high_open": f.high_open, "approx": f.approx,
            "role": frame.role if frame else "body",
            "time": sorted([category, value] for category, value in frame.times) if frame else []}


def fact_dict(fact: Fact, diff=None) -> dict:
    new = diff is not None and diff.is_new(fact)
    return {"id": fact.id, "label": fact.label, "kind": fact.kind, "unit": fact.unit,
            "verdict": fact.verdict.verdict, "spread": fact.verdict.spread,
            "gap": number(fact.verdict.gap), "declared": fact.declared,
            "new": new, "new_values": diff.new[fact.id] if new else [],
            "story": fact.story, "subject": fact.subject, "measure": fact.measure,
            "contradicts_itself": list(fact.contradicts_itself), "odd": list(fact.verdict.odd),
            "statements": [statement(f) for f in fact.figures]}


def render_report(report) -> str:
    diff = report.diff
    out = {"version": VERSION,
           "sources": [{"path": s.path, "outlet": s.outlet, "published": s.published}
                       for s in sources_of(report)],
           "stories": [{"id": s.id, "title": s.title, "sources": list(s.sources)} for s in report.stories],
           "facts": [fact_dict(f, diff) for f in report.facts],
           "stale": [e.as_dict() for e in diff.stale] if diff else [],
           "summary": counts(report.facts, diff)}
    return json.dumps(out, indent=2, ensure_ascii=False) + "\n"


def render_figures(figures: list[Figure], rules=None) -> str:
    """extract --format json: every figure with its kind, unit, extractor and furniture mark."""
    rows = [{**statement(f), "kind": f.kind, "unit": f.unit, "extractor": f.extractor,
             "furniture": f.furniture} for f in figures]
    return json.dumps({"version": VERSION, "figures": rows}, indent=2, ensure_ascii=False) + "\n"
