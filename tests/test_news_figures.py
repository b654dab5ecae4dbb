"""Extraction on figures in news prose (tests/data/news_figures.yaml): the share of the
labelled figures found, and found right, never falls below what the rules reach today."""
import sys
from collections import Counter
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from news_figures import score_case  # noqa: E402

CASES = Path(__file__).resolve().parent / "data" / "news_figures.yaml"
FOUND_AT_LEAST = 0.81
RIGHT_AT_LEAST = 0.75
PRECISION_AT_LEAST = 0.73


def test_news_figures_are_found_and_read_right(rules):
    data = yaml.safe_load(CASES.read_text())
    totals = Counter()
    for article in data["articles"]:
        for case in article["cases"]:
            expected, reported, _ = score_case(case, article.get("published"), rules)
            totals["expected"] += len(expected)
            totals["found"] += sum(hit for _, hit, _ in expected)
            totals["right"] += sum(ok for _, _, ok in expected)
            totals["reported"] += len(reported)
            totals["reported right"] += sum(ok for _, ok in reported)
    assert totals["expected"] >= 500
    assert totals["found"] / totals["expected"] >= FOUND_AT_LEAST
    assert totals["right"] / totals["expected"] >= RIGHT_AT_LEAST
    assert totals["reported right"] / totals["reported"] >= PRECISION_AT_LEAST
