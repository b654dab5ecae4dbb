"""The machine-readable report (--format json). Stable: fields are only ever added.

{"version": 1,
 "facts": [{"id", "label", "kind", "unit", "verdict", "spread", "gap", "declared", "new",
            "new_values", "statements": [{"source", "line", "column", "text", "low",
            "high", "low_open", "high_open", "approx"}]}],
 "stale": [{"label", "kind", "unit", "verdict", "values", "says"}],
 "summary": {"facts", "sources", "conflict", "approx", "agree", "single", "new",
             "accepted", "stale"}}
"""
from __future__ import annotations

from ..models import VERDICTS, Fact, Figure
from .wording import number

VERSION = 1


def statement(f: Figure) -> dict:
    return {"source": f.source, "line": f.line, "column": f.column, "text": f.text,
            "low": number(f.low), "high": number(f.high), "low_open": f.low_open,
            "high_open": f.high_open, "approx": f.approx}


def fact_dict(fact: Fact, diff=None) -> dict:
    new = diff is not None and diff.is_new(fact)
    return {"id": fact.id, "label": fact.label, "kind": fact.kind, "unit": fact.unit,
            "verdict": fact.verdict.verdict, "spread": fact.verdict.spread,
            "gap": number(fact.verdict.gap), "declared": fact.declared,
            "new": new, "new_values": diff.new[fact.id] if new else [],
            "statements": [statement(f) for f in fact.figures]}


def summary(facts: list[Fact], diff=None) -> dict:
    counts = {v: sum(1 for f in facts if f.verdict.verdict == v) for v in VERDICTS}
    sources = {f.source for fact in facts for f in fact.figures}
    return {"facts": len(facts), "sources": len(sources), **counts,
            "new": len(diff.new) if diff else 0,
            "accepted": len(diff.accepted) if diff else 0,
            "stale": len(diff.stale) if diff else 0}


def render(facts: list[Fact], diff=None) -> str:
    import json  # here: the table imports this module for summary() alone
    report = {"version": VERSION, "facts": [fact_dict(f, diff) for f in facts],
              "stale": [e.as_dict() for e in diff.stale] if diff else [],
              "summary": summary(facts, diff)}
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def render_figures(figures: list[Figure]) -> str:
    import json
    rows = [{**statement(f), "kind": f.kind, "unit": f.unit, "extractor": f.extractor,
             "furniture": f.furniture} for f in figures]
    return json.dumps({"version": VERSION, "figures": rows}, indent=2, ensure_ascii=False) + "\n"
