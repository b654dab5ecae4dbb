"""Score the shipped extractors against other projects' test cases.

usage: python benchmarks/peer_suites.py PATH/TO/cases.jsonl [--rules FILE] [--misses KIND]

For every case the text is run through crypto-diff's extractors and the figures of the
case's kind are kept (other_currency cases keep the USD figures: any of them overlapping
the expected span is a look-alike read as USD). Printed per source and per kind:
  cases       cases of that kind
  found       expected figures whose span a figure of that kind overlaps
  exact       found with the same low/high (numbers within 1e-6 relative, dates as ISO
              strings, open ends open) and the same approximate flag. The peer suites
              leave hedge words outside their spans ("more than $ 247 million" expects
              "$ 247 million", exact): where crypto-diff read a hedge that lies outside
              the expected span, the value it read before the hedge is compared.
  false pos.  figures of that kind overlapping no expected figure (exhaustive cases only)
Then one summary line per kind, and for two slices: "in scope", the cases without the
tags spelled_out / fraction / power / lakh_crore, whose forms lie outside crypto-diff's
scope; "with scale word", the number cases written with one (1.5 million, 100k, 3 dozens).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from crypto_diff.rules_loader import load_rules  # noqa: E402
from crypto_diff.extract import extract_text  # noqa: E402

KIND_OF = {"usd": "usd", "number": "number", "date": "date", "btc": "btc",
           "other_currency": "usd"}
OUT_OF_SCOPE = {"spelled_out", "fraction", "power", "lakh_crore"}
# a number written with a scale word or letter: 1.5 million, 100k, 3 dozens, 10 bln
SCALED = re.compile(r"\d\s*(?:k|m|mm|b|bn|bln|g|t|tn|tln|thousand|million|billion|trillion|"
                    r"dozens?|dzs?|lakhs?|crores?|mil|hundred)\b", re.I)


def spans(text: str, figures) -> list:
    """(start, end) of each figure in the one-line or multi-line text."""
    starts = [0]
    for line in text.split("\n")[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    out = []
    for f in figures:
        start = starts[f.line - 1] + f.column - 1
        out.append((start, start + len(f.text)))
    return out


def same_number(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def unhedged(figure):
    """The figure's value before its hedge: what a span without the hedge states."""
    value = figure.low if figure.low is not None else figure.high
    return value, value, False


def exact(figure, span, expected) -> bool:
    low, high, approx = figure.low, figure.high, figure.approx
    hedged = figure.low is None or figure.high is None or figure.approx
    if hedged and span[0] < expected["start"]:  # the hedge lies outside the peer's span
        low, high, approx = unhedged(figure)
    return (same_number(low, expected["low"]) and same_number(high, expected["high"])
            and approx == bool(expected.get("approx", False)))


def score(cases, rules):
    rows = defaultdict(lambda: defaultdict(int))
    misses = defaultdict(list)
    for case in cases:
        kind = case["kind"]
        figures = [f for f in extract_text(case["text"], rules) if f.kind == KIND_OF[kind]]
        where = spans(case["text"], figures)
        slices = [("source", case["source"].split()[0], kind), ("kind", kind)]
        if not OUT_OF_SCOPE & set(case.get("tags") or ()):
            slices.append(("scope", kind))
        if kind == "number" and any(SCALED.search(e["text"]) for e in case["expect"]):
            slices.append(("scaled", kind))
        for key in slices:
            row = rows[key]
            row["cases"] += 1
            if kind == "other_currency":
                hit = any(s < e["end"] and e["start"] < t for (s, t) in where for e in case["expect"])
                row["false_usd"] += hit
                continue
            used = set()
            all_exact = True
            for e in case["expect"]:
                row["expected"] += 1
                match = [i for i, (s, t) in enumerate(where) if s < e["end"] and e["start"] < t]
                if match:
                    row["found"] += 1
                    used.update(match)
                    if any(exact(figures[i], where[i], e) for i in match):
                        row["exact"] += 1
                        continue
                all_exact = False
                if key[0] == "kind":
                    got = [(figures[i].text, figures[i].low, figures[i].high) for i in match]
                    misses[kind].append((case["id"], case["text"][:80], e["text"], e["low"], e["high"], got))
            row["cases_exact"] += all_exact
            if case.get("exhaustive"):
                row["figures"] += len(figures)
                row["false_pos"] += len(set(range(len(figures))) - used)
    return rows, misses


def pct(a, b) -> str:
    return f"{100 * a / b:5.1f}%" if b else "    -"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("cases", type=Path)
    parser.add_argument("--rules", default=None)
    parser.add_argument("--misses", default=None, help="list the misses of one kind")
    args = parser.parse_args(argv)
    rules = load_rules(args.rules)
    cases = [json.loads(line) for line in args.cases.read_text().splitlines() if line.strip()]
    rows, misses = score(cases, rules)
    print(f"{'slice':44} {'cases':>5} {'expect':>6} {'found':>7} {'exact':>7} {'cases ok':>8} {'false pos.':>10}")
    for key in sorted(rows, key=lambda k: (k[0] != "source", k)):
        row = rows[key]
        name = {"scope": f"{key[-1]} (in scope)", "scaled": f"{key[-1]} (with scale word)"}.get(
            key[0], " ".join(key[1:]))
        name = f"[{key[0]}] {name}"
        if key[-1] == "other_currency":
            print(f"{name:44} {row['cases']:5}  read as USD: {row['false_usd']} ({pct(row['false_usd'], row['cases']).strip()})")
            continue
        print(f"{name:44} {row['cases']:5} {row['expected']:6} {pct(row['found'], row['expected']):>7} "
              f"{pct(row['exact'], row['expected']):>7} {pct(row['cases_exact'], row['cases']):>8} "
              f"{row['false_pos']:>4}/{row['figures']:<5}")
    print()
    for kind in ("usd", "number", "date", "btc", "other_currency"):
        for slice_ in ("kind", "scope", "scaled"):
            row = rows.get((slice_, kind))
            if not row:
                continue
            label = kind + {"scope": " in scope", "scaled": " with scale word"}.get(slice_, "")
            if kind == "other_currency":
                print(f"SUMMARY {label}: {row['cases']} cases, {row['false_usd']} read as USD")
            else:
                print(f"SUMMARY {label}: {row['expected']} figures, found {pct(row['found'], row['expected']).strip()}, "
                      f"normalized exactly {pct(row['exact'], row['expected']).strip()}, "
                      f"false positives {row['false_pos']}")
    if args.misses:
        print()
        for miss in misses[args.misses]:
            print("MISS", *miss)
    return 0


if __name__ == "__main__":
    sys.exit(main())
