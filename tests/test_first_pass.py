"""The first pass (prefilter.py) finds exactly what the combined scanner finds.

Every text is extracted twice, once with the first pass and once with the scanner alone,
and the figures must be identical: the rules' examples, the extraction cases, the seeds,
the story folders, a few thousand generated texts with odd characters, and, when their
paths are given, the peer suites' cases (CRYPTO_DIFF_PEER_CASES, a cases.jsonl) and a
corpus of story folders (CRYPTO_DIFF_DEV_CORPUS).
"""
import json
import os
import random
from pathlib import Path

import pytest
import yaml

from crypto_diff import extract, prefilter
from crypto_diff.articles import read_article
from crypto_diff.budget import Budget

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(not prefilter.AVAILABLE, reason="google-re2 is not installed")

# characters that tell apart RE2's and regex's views of text: spaces, marks, case folds,
# digits of other scripts, full-width forms, format characters, letters outside ASCII
ODD = ["\u00a0", "\u2009", "\u202f", "\u3000", "\u1680", "\u0085", "\x1c", "\x0b", "\t",
       "\u200b", "\u200d", "\u00ad", "\ufeff", "\u0301", "\u0130", "\u0131", "\u017f",
       "\u212a", "\u00df", "\u1e9e", "\u0660", "\u0967", "\uff11", "\uff04", "\u066b",
       "\u066c", "\u20ac", "\u00a3", "\u20bf", "\u2212", "\u2013", "\u2014", "\u00bd",
       "\u2153", "\u00b2", "\u2075", "\u2460", "\u216b", "\u24b6", "\U0001d7d9", "\U0001f600",
       "\u00e9", "\u0639", "\u4e07", "\u0e51", "K", "S", "k", "s", "$", "%", ".", ",", "-",
       "'", "\u2019", "(", ")", "/", ":", "+", "#", "@", "\n"]


def _with_first_pass(monkeypatch, on: bool):
    monkeypatch.setattr(extract, "USE_FIRST_PASS", on)


def _both(monkeypatch, call):
    """call() with the first pass and with the scanner alone."""
    _with_first_pass(monkeypatch, True)
    fast = call()
    _with_first_pass(monkeypatch, False)
    slow = call()
    _with_first_pass(monkeypatch, True)
    return fast, slow


def _scan(text, rules):
    """The raw figures of one block: extractor, place, values."""
    plain, _ = extract.plain_text(text)
    spending = Budget(rules, "<text>", len(plain))
    return [(e.id, start, end, values) for e, start, end, values
            in extract._scan(plain, rules, True, spending)]


def _texts_of_examples(rules):
    cases = yaml.safe_load((ROOT / "tests" / "data" / "extract_cases.yaml").read_text())["cases"]
    return [e.text for x in rules.extractors for e in x.examples] + [c["text"] for c in cases]


def _article_files():
    files = sorted((ROOT / "seeds").iterdir()) + sorted((ROOT / "tests" / "stories").glob("*/*"))
    corpus = os.environ.get("CRYPTO_DIFF_DEV_CORPUS")
    if corpus:
        files += sorted(Path(corpus).glob("*/articles/*"))
    return [f for f in files if f.is_file()]


def test_the_first_pass_is_used(rules):
    assert extract._first_pass(rules) is not None
    assert extract._first_pass(rules).always == []  # every shipped extractor relaxes


def test_examples_and_cases_give_the_same_figures(monkeypatch, rules):
    for text in _texts_of_examples(rules):
        fast, slow = _both(monkeypatch, lambda: extract.extract_text(text, rules))
        assert fast == slow, text


def test_articles_give_the_same_figures(monkeypatch, rules):
    files = _article_files()
    assert len(files) > 40
    for path in files:
        article = read_article(str(path), str(path))
        fast, slow = _both(monkeypatch, lambda: extract.extract_article(article, rules))
        assert fast == slow, path


def test_generated_texts_with_odd_characters_give_the_same_figures(monkeypatch, rules):
    pool = _texts_of_examples(rules)
    for path in sorted((ROOT / "seeds").iterdir()):
        pool.extend(line for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    chance = random.Random(17)
    for _ in range(3000):
        text = list(" ".join(chance.sample(pool, 2)))
        for _ in range(chance.randint(1, 6)):
            at = chance.randrange(len(text) + 1)
            if chance.random() < 0.3 and text:  # a character replaced
                text[min(at, len(text) - 1)] = chance.choice(ODD)
            else:
                text.insert(at, chance.choice(ODD))
        text = "".join(text)
        fast, slow = _both(monkeypatch, lambda: _scan(text, rules))
        assert fast == slow, text


def test_a_lone_surrogate_is_read_by_the_scanner(monkeypatch, rules):
    text = "The fund holds 6,238 BTC\ud800 worth $5 million."
    fast, slow = _both(monkeypatch, lambda: _scan(text, rules))
    assert fast == slow and len(fast) == 2


@pytest.mark.skipif(not os.environ.get("CRYPTO_DIFF_PEER_CASES"),
                    reason="CRYPTO_DIFF_PEER_CASES names no peer suites' cases.jsonl")
def test_peer_suites_give_the_same_figures(monkeypatch, rules):
    lines = Path(os.environ["CRYPTO_DIFF_PEER_CASES"]).read_text(encoding="utf-8").splitlines()
    for line in lines:
        text = json.loads(line)["text"]
        fast, slow = _both(monkeypatch, lambda: extract.extract_text(text, rules))
        assert fast == slow, text


def test_an_extractor_relaxed_matches_where_it_matches():
    import re2
    for pattern, text in [(r"(?<![\w.])\d+(?:\.\d+)?\s?(?:million|bn)\b", "12.5 million"),
                          (r"(?i:USD)\s*(?P<num>\d[\d,]*)(?=\W|$)", "usd 1,000"),
                          (r"[^\W\d_]+(?P<n>\d)", "Ab9"), (r"a{,3}b{2000}", "aab" + "b" * 1999),
                          (r"(?P<x>\d)(?P=x)", "11")]:
        relaxed = prefilter.relax(pattern)
        assert relaxed == "" or re2.match(relaxed, text), (pattern, relaxed)


def test_a_failed_set_match_makes_every_extractor_a_candidate(rules):
    first = extract._first_pass(rules)
    assert first.candidates(b"zzz") == []
    real = first._match
    try:
        first._match = lambda data: []  # what RE2 gives when its DFA runs out of memory
        assert first.candidates(b"$5 million") == list(range(len(rules.extractors)))
    finally:
        first._match = real


def test_furniture_lines_are_found_as_before(monkeypatch, rules):
    chance = random.Random(5)
    lines = ["© 2024 Example Media", "(C) 1999", "(c)2023 x", "COPYRIGHT Wire", "copyrighted",
             "All Rights Reserved.", "ALL RIGHTS RESERVED", "all  rights reserved", "\u00a9",
             "Copyright \u0662\u0660\u0662\u0664", "(C) \u0661\u0669\u0669\u0669", "Kopyright",
             "\u017fome text", "The fund holds 6,238 BTC."]
    for _ in range(2000):
        text = list(chance.choice(lines))
        for _ in range(chance.randint(0, 3)):
            text.insert(chance.randrange(len(text) + 1), chance.choice(ODD))
        lines.append("".join(text))
    for line in lines:
        fast, slow = _both(monkeypatch, lambda: extract._furniture_line(
            line, rules, Budget(rules, "<text>", len(line))))
        assert fast == slow, line
