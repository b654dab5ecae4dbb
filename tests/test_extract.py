import textwrap
from pathlib import Path

import pytest
import regex
import yaml

from crypto_diff import extract
from crypto_diff.models import Article

CASES = yaml.safe_load((Path(__file__).parent / "data" / "extract_cases.yaml").read_text())["cases"]


@pytest.mark.parametrize("case", CASES, ids=[c["text"] for c in CASES])
def test_extraction_case(rules, case):
    found = extract.extract_text(case["text"], rules)
    assert len(found) == len(case["expect"]), [f.text for f in found]
    for want, figure in zip(case["expect"], found):
        for key, value in want.items():
            assert getattr(figure, key) == value, (key, figure)


def test_every_rules_example_passes(rules):
    assert extract.example_failures(rules) == []


def test_every_extractor_has_positive_and_negative_examples(rules):
    for extractor in rules.extractors:
        assert any(e.expect for e in extractor.examples), extractor.id


def test_figure_knows_its_line_column_and_sentence(rules):
    article = Article("a.txt", ("Title", "First sentence. The fund holds 6,238 BTC now."))
    [figure] = extract.extract_article(article, rules).figures
    assert (figure.line, figure.column) == (2, 32)
    assert figure.sentence == "The fund holds 6,238 BTC now."
    assert figure.sentence[figure.offset:].startswith("6,238 BTC")


def test_lines_repeated_in_an_article_are_furniture(rules):
    lines = ("The fund bought 400 BTC on July 1, 2025.",) + ("Dec.02 2025",) * 3
    figures = extract.extract_article(Article("a.txt", lines), rules).figures
    assert [f.furniture for f in figures] == [False, False, True, True, True]


def test_a_line_shared_by_most_articles_is_furniture(rules):
    shared = "Markets update, March 3, 2025"
    articles = [extract.extract_article(Article(f"{i}.txt", (shared, f"It sold {i}00 BTC.")), rules)
                for i in range(1, 5)]
    figures = extract.mark_furniture(articles, rules.share_across)
    assert {f.text: f.furniture for f in figures} == {
        "March 3, 2025": True, "100 BTC": False, "200 BTC": False, "300 BTC": False, "400 BTC": False}


def test_two_articles_never_make_furniture_of_each_other(rules):
    same = "The exchange lost $1.5 billion on February 21, 2025."
    articles = [extract.extract_article(Article(f"{i}.txt", (same,)), rules) for i in range(2)]
    assert not any(f.furniture for f in extract.mark_furniture(articles, rules.share_across))


def test_wire_copy_shared_by_every_article_is_not_furniture(rules):
    wire = "Hackers stole $1.5 billion from the exchange's cold wallet on Friday, it said."
    articles = [extract.extract_article(Article(f"{i}.txt", (wire,)), rules) for i in range(5)]
    assert not any(f.furniture for f in extract.mark_furniture(articles, rules.share_across))


def test_rewrapping_a_text_keeps_its_sentences_and_reports_the_real_line(rules):
    text = ("The exchange said on Friday that hackers had drained one of its cold wallets, "
            "taking tokens worth about $1.5 billion in the biggest theft the industry has seen. "
            "Bybit processed more than 350,000 withdrawal requests in the hours after the breach.")
    wrapped = textwrap.fill(text, 40)
    [one] = [f for f in extract.extract_text(text, rules) if f.kind == "usd"]
    [other] = [f for f in extract.extract_text(wrapped, rules) if f.kind == "usd"]
    assert one.sentence == other.sentence and one.offset == other.offset
    line = wrapped.splitlines()[other.line - 1]
    assert line[other.column - 1:].startswith(other.text.split()[0])


def test_copyright_lines_are_furniture(rules):
    lines = ("The fund bought 400 BTC on July 1, 2025.", "Copyright © 2010-2025 Example News.",
             "(c) 2024 Example Media. All rights reserved.")
    figures = extract.extract_article(Article("a.txt", lines), rules).figures
    assert [(f.text, f.furniture) for f in figures if f.kind == "date"] == [
        ("July 1, 2025", False), ("2010-2025", True), ("2024", True)]


def test_a_datelines_date_is_furniture_the_storys_own_dates_are_not(rules):
    lines = ("Hackers drain $625 million from Ronin bridge", "",
             "SINGAPORE, March 30 (Wire) - Hackers stole 173,600 ether on March 23, 2022.", "",
             "AUSTIN, Texas, May 14, 2024 (Wire) -- Riot energized a 300-megawatt expansion.", "",
             "Jan. 6 (Wire) - Strategy bought 5,262 bitcoin.", "",
             "LONDON, Nov. 11 — FTX filed for bankruptcy.", "",
             "On March 29, a user could not withdraw 5,000 ether. NEW YORK, May 2 (Wire) - no.")
    figures = extract.extract_article(Article("a.txt", lines), rules).figures
    assert [(f.text, f.furniture) for f in figures if f.kind == "date"] == [
        ("March 30", True), ("March 23, 2022", False), ("May 14, 2024", True),
        ("Jan. 6", True), ("Nov. 11", True), ("March 29", False), ("May 2", False)]
    assert not any(f.furniture for f in figures if f.kind != "date")


def _texts_to_scan():
    root = Path(__file__).parent
    paths = sorted((root.parent / "seeds").glob("*")) + sorted((root / "stories").rglob("*.*"))
    texts = [p.read_text(encoding="utf-8") for p in paths if p.suffix in {".txt", ".md", ".html"}]
    texts += [c["text"] for c in CASES]
    texts += ["US$5 and A$ 3, a million, half a billion, the fourth month of 2024, "
              "Usd 40, 5-Dec, twenty-one, EUR 3, TRY 4, try it, Mar. 3 and mArch, "
              "éUS$3 _a million x-US$4 ரூ 500"]
    return texts


def test_word_anchors_are_found_exactly_where_the_pattern_matches(rules):
    """Words are tested alone once each, then confirmed in place: the places found must be
    exactly those where the anchor and word anchor patterns match in the text."""
    assert rules.word_anchor is not None
    both = regex.compile(f"{rules.anchor.pattern}|{rules.word_anchor.pattern}")
    for text in _texts_to_scan():
        for line in text.splitlines():
            assert extract.anchors(line, rules) == [m.start() for m in both.finditer(line)], line


def test_words_that_cannot_start_a_figure_are_not_anchors(rules):
    line = "Market makers may report a million users in March; the marketing report."
    words = {line[i:].split()[0] for i in extract.anchors(line, rules)}
    assert words == {"a", "March;"}
