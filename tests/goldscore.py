"""Score a comparison (the JSON report) against a gold file of what a careful reader finds.

A gold statement is found in a reported fact when the figure comes from the same file
(by stem) and has the same text, ignoring leading hedge and temporal words, or one text
contains the other with the same digits.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

LEADING = re.compile(r"^(?:(?:approximately|about|around|roughly|some|nearly|almost|over|"
                     r"more than|exceeding|above|surpassing|up to|under|less than|below|"
                     r"in|on|since|until|through|by|from|as of|~)\s*)+", re.I)


def _norm(text: str) -> str:
    return LEADING.sub("", " ".join(str(text).split()).lower())


def _same(gold_file: str, gold_text: str, statement: dict) -> bool:
    if Path(statement["source"]).stem != gold_file:
        return False
    a, b = _norm(gold_text), _norm(statement["text"])
    digits = re.findall(r"\d", a) == re.findall(r"\d", b)
    return a == b or ((a in b or b in a) and digits)


@dataclass
class Score:
    conflicts_expected: int = 0
    conflicts_found: list = field(default_factory=list)
    false_conflicts: list = field(default_factory=list)
    multi_source: int = 0
    grouped: list = field(default_factory=list)
    over_merged: list = field(default_factory=list)
    distractors_compared: list = field(default_factory=list)
    unmatched: list = field(default_factory=list)


def score(gold: dict, report: dict) -> Score:
    facts = report["facts"]
    owner = {}  # (gold fact id, statement index) -> reported fact index
    used = set()
    for g in gold["facts"]:
        for si, s in enumerate(g["statements"]):
            for fi, fact in enumerate(facts):
                hit = next((ti for ti, st in enumerate(fact["statements"])
                            if (fi, ti) not in used and _same(s["file"], s["text"], st)), None)
                if hit is not None:
                    owner[(g["id"], si)] = fi
                    used.add((fi, hit))
                    break
            else:
                score_unmatched = (g["id"], s["text"])
                owner.setdefault("unmatched", []).append(score_unmatched)
    result = Score(unmatched=owner.pop("unmatched", []))
    files = [{Path(st["source"]).stem for st in f["statements"]} for f in facts]
    golds_in = {}
    for (gid, _), fi in owner.items():
        golds_in.setdefault(fi, set()).add(gid)
    for g in gold["facts"]:
        places = {owner.get((g["id"], i)) for i in range(len(g["statements"]))}
        if len({s["file"] for s in g["statements"]}) > 1:
            result.multi_source += 1
            if len(places) == 1 and None not in places:
                result.grouped.append(g["id"])
        if g.get("verdict") == "conflict":
            result.conflicts_expected += 1
            for fi in places - {None}:
                mine = {s["file"] for i, s in enumerate(g["statements"])
                        if owner.get((g["id"], i)) == fi}
                if facts[fi]["verdict"] == "conflict" and len(mine) >= 2:
                    result.conflicts_found.append(g["id"])
                    break
    conflict_golds = {g["id"] for g in gold["facts"] if g.get("verdict") == "conflict"}
    for fi, fact in enumerate(facts):
        if len(files[fi]) < 2:
            continue
        inside = golds_in.get(fi, set())
        if fact["verdict"] == "conflict" and not (inside & conflict_golds):
            result.false_conflicts.append(fact["label"])
        if len(inside) > 1:
            result.over_merged.append(sorted(inside))
    for d in gold.get("distractors") or []:
        for fi, fact in enumerate(facts):
            if d.get("kind") and d["kind"] not in (fact["kind"], fact["unit"].lower()):
                continue  # a distractor of one kind only (e.g. no BTC count of it)
            if len(files[fi]) > 1 and any(_same(d["file"], d["text"], st)
                                          for st in fact["statements"]):
                result.distractors_compared.append(d["text"])
                break
    return result
