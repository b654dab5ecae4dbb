"""Fit the weights of grouping's pair score (crypto_diff/pairs.py) on labelled story sets.

usage: python benchmarks/pair_weights.py TRAIN [TRAIN ...] [--test TEST ...] [--write]

Each TRAIN or TEST is a story set: a folder of articles with its gold file, given as
FOLDER=GOLD.yaml, or a folder holding `articles/` and `gold.yaml`, or a folder of such
folders. The gold file lists each fact's statements (file, text) and the distractors, as
tests/gold/*.gold.yaml do. Every pair of figures of one story, kind and unit whose two
figures are a gold statement or a distractor is an example: one fact (1) or not (0). A
logistic regression (numpy; pairs whose values conflict but state one fact weigh more,
since finding those is the point) gives a weight per piece of evidence; the script prints
them with precision and recall on the training and test pairs, and with --write puts them
into pairs.py. Needs numpy, which crypto-diff itself does not.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml  # noqa: E402

from crypto_diff import group, pairs, pipeline, rules_loader  # noqa: E402

CONFLICTING_WEIGHT = 3.0  # one fact whose values conflict: what the tool exists to find
L2 = 1.0


def story_sets(specs: list[str]) -> list[tuple[Path, Path]]:
    out = []
    for spec in specs:
        if "=" in spec:
            folder, gold = spec.split("=", 1)
            out.append((Path(folder), Path(gold)))
        elif (Path(spec) / "gold.yaml").is_file():
            out.append((Path(spec) / "articles", Path(spec) / "gold.yaml"))
        else:
            out.extend((p.parent / "articles", p) for p in sorted(Path(spec).glob("*/gold.yaml")))
    return out


def same(gold_file: str, gold_text: str, figure) -> bool:
    """The scorer's matching: same file stem, same text once leading hedges are dropped,
    or one within the other with the same digits."""
    if Path(figure.source).stem != Path(gold_file).stem:
        return False
    lead = r"^(?:(?:approximately|about|around|roughly|some|nearly|almost|over|more than|exceeding|" \
           r"above|surpassing|up to|under|less than|below|in|on|since|until|through|by|from|as of|~)\s+)+"
    a = re.sub(lead, "", " ".join(gold_text.split()).lower())
    b = re.sub(lead, "", " ".join(figure.text.split()).lower())
    return a == b or ((a in b or b in a) and re.findall(r"\d", a) == re.findall(r"\d", b))


def examples(folder: Path, gold_path: Path, rules):
    gold = yaml.safe_load(gold_path.read_text())
    extraction = pipeline.read_and_extract([str(folder)], rules)
    story_of = {s: story for story in extraction.stories for s in story.sources}
    out = []
    for story in extraction.stories:
        figures = group.compared([f for f in extraction.figures if story_of.get(f.source) is story], rules)
        statements = group._statements(figures, story, rules)
        context = group.context(statements, rules)
        labels = {}
        for gi, fact in enumerate(gold.get("facts", [])):
            for s in fact["statements"]:
                hit = next((x for x in statements if id(x) not in labels and same(s["file"], s["text"], x.figure)), None)
                if hit is not None:
                    labels[id(hit)] = ("fact", gi)
        for d in gold.get("distractors") or []:
            hit = next((x for x in statements if id(x) not in labels and same(d["file"], d["text"], x.figure)), None)
            if hit is not None:
                labels[id(hit)] = ("distractor", d["text"])
        for a, b in combinations(statements, 2):
            if (a.figure.kind, a.figure.unit) != (b.figure.kind, b.figure.unit):
                continue
            la, lb = labels.get(id(a)), labels.get(id(b))
            if la is None or lb is None:
                continue
            evidence = pairs.features(a, b, rules.kinds[a.figure.kind], context)
            if evidence is not None:
                out.append(([evidence.get(name, 0.0) for name in pairs.FEATURES],
                            float(la[0] == "fact" and la == lb)))
    return out


def fit(rows):
    import numpy as np  # only this script needs it
    x = np.array([r[0] for r in rows])
    y = np.array([r[1] for r in rows])
    compat = x[:, pairs.FEATURES.index("v_compat")]
    weight = np.where(y == 1, 0.5 / y.mean(), 0.5 / (1 - y.mean()))
    weight = weight * np.where((y == 1) & (compat == 0), CONFLICTING_WEIGHT, 1.0)
    w = np.zeros(x.shape[1])
    for _ in range(4000):
        p = 1 / (1 + np.exp(-(x @ w)))
        grad = x.T @ ((p - y) * weight) / len(y) + L2 * np.r_[0, w[1:]] / len(y)
        w -= grad
    return {name: round(float(v), 3) for name, v in zip(pairs.FEATURES, w)}


def report(weights, rows, tag):
    tp = fp = fn = 0
    for evidence, label in rows:
        predicted = sum(weights[n] * v for n, v in zip(pairs.FEATURES, evidence)) >= 0
        tp += predicted and label == 1
        fp += predicted and label == 0
        fn += (not predicted) and label == 1
    print(f"{tag}: {len(rows)} pairs, {int(sum(r[1] for r in rows))} of one fact; "
          f"precision {tp / max(1, tp + fp):.2f}, recall {tp / max(1, tp + fn):.2f}")


def main():
    os.environ.setdefault("CRYPTO_DIFF_NO_CACHE", "1")  # measure the rules, not the cache
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("train", nargs="+")
    parser.add_argument("--test", nargs="*", default=[])
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    rules = rules_loader.load_rules(rules_loader.SHIPPED)
    train = [row for folder, gold in story_sets(args.train) for row in examples(folder, gold, rules)]
    weights = fit(train)
    for name in pairs.FEATURES:
        print(f"  {name:12} {weights[name]:+.3f}")
    report(weights, train, "train")
    if args.test:
        report(weights, [row for folder, gold in story_sets(args.test) for row in examples(folder, gold, rules)],
               "test")
    if args.write:
        path = Path(pairs.__file__)
        text = path.read_text()
        body = "".join(f'    "{name}": {weights[name]},\n' for name in pairs.FEATURES)
        text = re.sub(r"(WEIGHTS = \{[^\n]*\n)(?:    \"[a-z_]+\": [-0-9.e]+,\n)+", lambda m: m.group(1) + body, text)
        path.write_text(text)
        print(f"written to {path}")


if __name__ == "__main__":
    main()
