"""SARIF 2.1.0 for code-scanning uploads: one result per new contradiction, with a
fingerprint from the contradiction's identity (its kind, unit and values), never from
line numbers. Its location (the one code scanning shows) is the statement that brought
a new value; the fact's other statements are its related locations."""
from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from pathlib import Path, PurePath
from urllib.parse import quote

from .. import __version__
from ..baseline import claim, identity
from .wording import message

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT = "cryptoDiffContradiction/v1"
RULES = {
    "conflict": ("No single value satisfies every source's statement of this fact.", "error"),
    "approx": ("The sources agree only within the tolerance of hedged figures.", "warning"),
}


def _uri(source: str) -> str:
    """A URI reference for a source: relative paths stay relative (to the folder the tool
    ran in, as code scanning expects), absolute ones become file: URIs. A backslash is a
    separator only where the system says so (Windows); elsewhere it is part of a name."""
    path = PurePath(source)
    if path.is_absolute():
        return Path(source).as_uri()
    return quote(source.replace(os.sep, "/") if os.sep != "/" else source)


def _location(f) -> dict:
    region = {"startLine": f.line, "startColumn": f.column,
              "snippet": {"text": f.text}}
    if "\n" not in f.text:
        region["endColumn"] = f.column + len(f.text)
    return {"physicalLocation": {"artifactLocation": {"uri": _uri(f.source)},
                                 "region": region}}


def _bringer(fact, diff):
    """The statement that brought the contradiction: one whose value no baseline entry
    accepts (all of them, without a baseline), stated by the fewest sources (the odd
    one out), the first of those in the fact's order."""
    new = set(diff.new.get(fact.id, ()))
    sources = Counter(claim(f) for f in fact.figures)
    candidates = [f for f in fact.figures if claim(f) in new] or list(fact.figures)
    return min(candidates, key=lambda f: sources[claim(f)])


def render_report(report) -> str:
    diff, seen, results = report.diff, Counter(), []
    for fact in report.facts:
        if not diff.is_new(fact) or fact.verdict.verdict not in report.verdicts:
            continue
        key = identity(fact)
        seen[key] += 1
        digest = hashlib.sha256(f"{key}#{seen[key]}".encode()).hexdigest()
        primary = _bringer(fact, diff)
        others = [f for f in fact.figures if f is not primary]
        results.append({
            "ruleId": fact.verdict.verdict,
            "level": RULES[fact.verdict.verdict][1],
            "message": {"text": message(fact, report.rules, diff)},
            "locations": [_location(primary)],
            "relatedLocations": [{"id": i, **_location(f),
                                  "message": {"text": f"also stated here: {' '.join(f.text.split())}"}}
                                 for i, f in enumerate(others, start=1)],
            "partialFingerprints": {FINGERPRINT: digest},
            "properties": {"fact": fact.id, "kind": fact.kind, "unit": fact.unit},
        })
    rules = [{"id": rule, "shortDescription": {"text": text},
              "defaultConfiguration": {"level": level}}
             for rule, (text, level) in RULES.items()]
    log = {"$schema": SCHEMA, "version": "2.1.0", "runs": [{
        "tool": {"driver": {"name": "crypto-diff", "version": __version__, "rules": rules}},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }]}
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
