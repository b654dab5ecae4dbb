"""Score extraction on figures in news prose (tests/data/news_figures.yaml), per kind.

usage: python benchmarks/news_figures.py [CASES.yaml] [--rules FILE] [--misses [KIND,...]]

Each case is a sentence or two with every figure a careful reader finds (kind, unit,
interval, hedges) and the look-alikes that are no figure. Each case is extracted as an
article published on its article's date (so a month without a year takes its year), and:
  expected   figures labelled, per kind
  found      expected figures that a figure of the same kind overlaps
  right      found with the same unit, low/high, open ends and approximate flag
  reported   figures crypto-diff reports, per kind
  precision  reported figures that are right (the rest are wrong or no figure at all)
--misses lists, for the kinds given (all without a value), every miss and every wrong
or surplus figure.
"""
from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from crypto_diff import rules_loader  # noqa: E402
from crypto_diff.extract import extract_text  # noqa: E402

KIND = {"count": "number"}  # the set's kind names -> crypto-diff's


def same_value(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, str) or isinstance(b, str):
        return str(a) == str(b)
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def right(figure, want: dict) -> bool:
    return (figure.unit == (want.get("unit") or "")
            and same_value(figure.low, want.get("low")) and same_value(figure.high, want.get("high"))
            and figure.low_open == bool(want.get("low_open")) and figure.high_open == bool(want.get("high_open"))
            and figure.approx == bool(want.get("approx")))


def score_case(case: dict, published, rules):
    """(expected kind, found, right) per expected figure; (kind, right) per reported one;
    and the problems found, as lines."""
    text = case["text"]
    figures = extract_text(text, rules, published=str(published) if published else None)
    spans = [(f.column - 1, f.column - 1 + len(f.text)) for f in figures]
    expected, matched, problems = [], set(), []
    cursor = {}
    for want in case.get("expect", []):
        kind = KIND.get(want["kind"], want["kind"])
        start = text.find(want["text"], cursor.get(want["text"], 0))
        cursor[want["text"]] = start + 1
        end = start + len(want["text"])
        hits = [i for i, (s, e) in enumerate(spans) if s < end and start < e and figures[i].kind == kind]
        good = bool(hits) and right(figures[hits[0]], want)
        expected.append((kind, bool(hits), good))
        if good:
            matched.add(hits[0])
        else:
            got = ", ".join(f"{figures[i].text!r} {figures[i].kind} {figures[i].unit} {figures[i].low}"
                            f"..{figures[i].high}" for i, (s, e) in enumerate(spans) if s < end and start < e)
            problems.append((kind, f"{'WRONG' if hits else 'MISSED'} {kind} {want['text']!r} "
                                   f"(want {want.get('unit', '')} {want.get('low')}..{want.get('high')}; "
                                   f"got {got or 'nothing'}) in: {text}"))
    reported = [(f.kind, i in matched) for i, f in enumerate(figures)]
    for i, f in enumerate(figures):
        if i not in matched and not any(s < spans[i][1] and spans[i][0] < s + len(w["text"])
                                        for w in case.get("expect", []) for s in [text.find(w["text"])]):
            problems.append((f.kind, f"SURPLUS {f.kind} {f.text!r} {f.unit} {f.low}..{f.high} in: {text}"))
    return expected, reported, problems


def main():
    os.environ.setdefault("CRYPTO_DIFF_NO_CACHE", "1")  # measure the rules, not the cache
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="?", default=str(ROOT / "tests/data/news_figures.yaml"))
    parser.add_argument("--rules", default=None)
    parser.add_argument("--misses", nargs="?", const="", default=None)
    args = parser.parse_args()
    rules = rules_loader.load_rules(args.rules or rules_loader.SHIPPED)
    data = yaml.safe_load(Path(args.cases).read_text())
    exp, found, good, rep, rep_good = Counter(), Counter(), Counter(), Counter(), Counter()
    problems = []
    for article in data["articles"]:
        for case in article["cases"]:
            expected, reported, found_problems = score_case(case, article.get("published"), rules)
            for kind, hit, ok in expected:
                exp[kind] += 1
                found[kind] += hit
                good[kind] += ok
            for kind, ok in reported:
                rep[kind] += 1
                rep_good[kind] += ok
            problems.extend(found_problems)
    print(f"{'kind':10} {'expected':>8} {'found':>7} {'right':>7} {'reported':>8} {'precision':>9}")
    for kind in sorted(set(exp) | set(rep)):
        e, r = exp[kind], rep[kind]
        print(f"{kind:10} {e:8} {100 * found[kind] / e if e else 0:6.1f}% {100 * good[kind] / e if e else 0:6.1f}% "
              f"{r:8} {100 * rep_good[kind] / r if r else 0:8.1f}%")
    e, r = sum(exp.values()), sum(rep.values())
    print(f"{'all':10} {e:8} {100 * sum(found.values()) / e:6.1f}% {100 * sum(good.values()) / e:6.1f}% "
          f"{r:8} {100 * sum(rep_good.values()) / r:8.1f}%")
    if args.misses is not None:
        wanted = set(args.misses.split(",")) if args.misses else None
        for kind, line in problems:
            if wanted is None or kind in wanted:
                print(line)


if __name__ == "__main__":
    main()
