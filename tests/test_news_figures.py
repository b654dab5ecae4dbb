"""Extraction on figures in news prose (tests/data/news_figures.yaml): the share of the
labelled figures found, and found right, never falls below what the rules reach today."""
import sys
from collections import Counter
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from news_figures import score_case  # noqa: E402

CASES = Path(__file__).resolve().parent / "data" / "news_figures.yaml"
FOUND_AT_LEAST = 0.97
RIGHT_AT_LEAST = 0.96
PRECISION_AT_LEAST = 0.96


def _totals(rules) -> Counter:
    """Expected, found and right figures, overall and per kind, and the reported ones."""
    if id(rules) in _SCORED:
        return _SCORED[id(rules)]
    data = yaml.safe_load(CASES.read_text())
    totals = Counter()
    for article in data["articles"]:
        for case in article["cases"]:
            expected, reported, _ = score_case(case, article.get("published"), rules)
            for kind, hit, ok in expected:
                for key in ("", kind):
                    totals[key, "expected"] += 1
                    totals[key, "found"] += hit
                    totals[key, "right"] += ok
            totals["", "reported"] += len(reported)
            totals["", "reported right"] += sum(ok for _, ok in reported)
    _SCORED[id(rules)] = totals
    return totals


_SCORED: dict = {}


def test_news_figures_are_found_and_read_right(rules):
    totals = {key: value for (kind, key), value in _totals(rules).items() if kind == ""}
    assert totals["expected"] >= 500
    assert totals["found"] / totals["expected"] >= FOUND_AT_LEAST
    assert totals["right"] / totals["expected"] >= RIGHT_AT_LEAST
    assert totals["reported right"] / totals["reported"] >= PRECISION_AT_LEAST


# per kind: (found, right) reached today; kinds with fewer than 10 labelled figures are left out
KIND_FLOORS = {"btc": (0.93, 0.93), "change": (0.96, 0.96), "crypto": (1.0, 0.95), "date": (1.0, 1.0),
               "duration": (1.0, 1.0), "hashrate": (0.9, 0.9), "money": (0.84, 0.84),
               "number": (0.97, 0.95), "percent": (1.0, 1.0), "price": (0.95, 0.85), "usd": (0.99, 0.99)}


def test_no_kind_falls_below_what_it_reaches(rules):
    totals = _totals(rules)
    for kind, (found, right) in KIND_FLOORS.items():
        assert totals[kind, "found"] / totals[kind, "expected"] >= found, kind
        assert totals[kind, "right"] / totals[kind, "expected"] >= right, kind
