"""What every format shares: the order of facts, the numbering of sources, the counts
and the summary line, and the lines on stale baseline entries."""
from __future__ import annotations

from ..models import VERDICTS, Fact


def order(facts: list[Fact]) -> list[Fact]:
    """Most urgent verdict first, then in order of appearance."""
    rank = {v: i for i, v in enumerate(VERDICTS)}
    return sorted(facts, key=lambda f: rank[f.verdict.verdict])


def source_numbers(facts: list[Fact]) -> dict:
    sources = sorted({f.source for fact in facts for f in fact.figures})
    return {s: i for i, s in enumerate(sources, start=1)}


def counts(facts: list[Fact], diff=None) -> dict:
    """Facts by verdict, sources, and new, accepted and stale contradictions."""
    by_verdict = {v: sum(1 for f in facts if f.verdict.verdict == v) for v in VERDICTS}
    sources = {f.source for fact in facts for f in fact.figures}
    return {"facts": len(facts), "sources": len(sources), **by_verdict,
            "new": len(diff.new) if diff else 0,
            "accepted": len(diff.accepted) if diff else 0,
            "stale": len(diff.stale) if diff else 0}


def summary_line(facts: list[Fact], diff=None) -> str:
    found = counts(facts, diff)
    line = (f"{found['facts']} facts: {found['conflict']} conflict, {found['approx']} approx, "
            f"{found['agree']} agree, {found['single']} single source")
    if diff is not None:
        line += f"; {found['new']} new, {found['accepted']} accepted, {found['stale']} stale"
    return line


def stale_lines(diff) -> list[str]:
    return [f"stale: the baseline accepts a contradiction no longer found: {e.label} "
            f"({', '.join(e.says) or ', '.join(e.values)}); rewrite the baseline to drop it"
            for e in (diff.stale if diff is not None else [])]
