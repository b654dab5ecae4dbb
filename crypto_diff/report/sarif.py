"""SARIF 2.1.0 for code-scanning uploads: one result per new contradiction, located at
each of its statements, with a fingerprint from the contradiction's identity (its kind,
unit and values), never from line numbers."""
from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from pathlib import Path, PurePath
from urllib.parse import quote

from .. import __version__
from ..baseline import identity
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


def render_report(report) -> str:
    diff, seen, results = report.diff, Counter(), []
    for fact in report.facts:
        if not diff.is_new(fact) or fact.verdict.verdict not in report.verdicts:
            continue
        key = identity(fact)
        seen[key] += 1
        digest = hashlib.sha256(f"{key}#{seen[key]}".encode()).hexdigest()
        results.append({
            "ruleId": fact.verdict.verdict,
            "level": RULES[fact.verdict.verdict][1],
            "message": {"text": message(fact, report.rules, diff)},
            "locations": [_location(f) for f in fact.figures],
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
