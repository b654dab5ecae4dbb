"""The report a fact-checker reads: per story, what disagrees first, between which
outlets, where; sources named as people name them."""
import io

import pytest
from rich.console import Console

from conftest import SEEDS
from crypto_diff import baseline
from crypto_diff.compare import verdict
from crypto_diff.extract import extract_text
from crypto_diff.models import Fact, Source, Story
from crypto_diff.report import Report, render

HOLDS = "El Salvador's treasury holds {} in its strategic reserve, officials said on Monday."
OUTLETS = {"a.txt": ("CoinDesk", "2025-07-18"), "b.txt": ("Reuters", "2025-07-18"),
           "c.txt": ("The Block", None), "d.txt": ("Decrypt", "2025-07-19"), "e.txt": (None, None)}


def fact(rules, ident, statements, story="", kind="btc", unit="BTC"):
    figures = [f for source, text in statements for f in extract_text(text, rules, source)]
    return Fact(ident, ident.title(), kind, unit, tuple(figures), verdict(figures, rules.kinds[kind]),
                story=story)


def sources(*paths):
    return tuple(Source(p, *OUTLETS[p]) for p in paths)


def table_text(report, width=100) -> str:
    buffer = io.StringIO()
    Console(file=buffer, width=width, no_color=True).print(render("table", report), soft_wrap=True)
    return buffer.getvalue()


@pytest.fixture
def holdings(rules):
    return fact(rules, "holdings", [("a.txt", HOLDS.format("over 6,240 BTC")),
                                    ("b.txt", HOLDS.format("6,238 BTC")),
                                    ("c.txt", HOLDS.format("6,238 BTC")),
                                    ("d.txt", HOLDS.format("6,238 BTC"))])


def test_a_conflict_row_names_the_odd_one_out_and_who_is_silent(rules, holdings):
    agree = fact(rules, "loan", [("a.txt", "A $7 billion loan."), ("b.txt", "The $7 billion loan.")],
                 kind="usd", unit="USD")
    report = Report([agree, holdings], baseline.diff([agree, holdings], None), rules,
                    sources=sources("a.txt", "b.txt", "c.txt", "d.txt", "e.txt"))
    out = table_text(report)
    assert out.index("Holdings") < out.index("Loan")  # what disagrees first
    assert "3 sources [2-4]: 6,238 BTC" in out
    assert "CoinDesk [1]: over 6,240 BTC" in out
    assert "silent: source [5]" in out
    # the evidence right under the table: each side, where, and its sentence
    assert "CoinDesk [1] says over 6,240 BTC: a.txt:1:30" in out
    assert "3 sources [2-4] say 6,238 BTC: b.txt:1:30" in out
    assert "treasury holds over 6,240 BTC in its strategic reserve" in out


def test_the_legend_names_outlet_date_and_file(rules, holdings):
    report = Report([holdings], baseline.diff([holdings], None), rules,
                    sources=sources("a.txt", "b.txt", "c.txt", "d.txt", "e.txt"))
    out = table_text(report)
    assert "[1] CoinDesk, 2025-07-18 (a.txt)" in out
    assert "[3] The Block (c.txt)" in out
    assert "[5] e.txt" in out


def test_each_story_has_its_section_and_silence_counts_within_it(rules):
    first = fact(rules, "holdings", [("a.txt", HOLDS.format("6,238 BTC")),
                                     ("b.txt", HOLDS.format("6,238 BTC")),
                                     ("c.txt", HOLDS.format("over 6,240 BTC"))], story="s1")
    second = fact(rules, "hack", [("d.txt", "Hackers stole $1.5 billion, it said."),
                                  ("e.txt", "Hackers stole $1.4 billion, it said.")],
                  story="s2", kind="usd", unit="USD")
    stories = (Story("s1", "El Salvador's reserve", ("a.txt", "b.txt", "c.txt")),
               Story("s2", "The Bybit hack", ("d.txt", "e.txt")))
    facts = [second, first]
    report = Report(facts, baseline.diff(facts, None), rules, stories=stories,
                    sources=sources("a.txt", "b.txt", "c.txt", "d.txt", "e.txt"))
    out = table_text(report)
    assert out.index("El Salvador's reserve") < out.index("Holdings") < out.index("The Bybit hack") \
        < out.index("Hack ")
    assert "silent" not in out  # every source of each story states its fact
    assert "Decrypt [4]: $1.5B" in out and "e.txt" in out
    markdown = render("markdown", report)
    assert markdown.index("### El Salvador's reserve") < markdown.index("### The Bybit hack")


def test_facts_of_several_stories_without_their_records_still_part(rules):
    first = fact(rules, "one", [("a.txt", HOLDS.format("6,238 BTC")),
                                ("b.txt", HOLDS.format("over 6,240 BTC"))], story="story-1")
    second = fact(rules, "two", [("c.txt", HOLDS.format("5 BTC")), ("d.txt", HOLDS.format("5 BTC"))],
                  story="story-2")
    report = Report([first, second], baseline.diff([first, second], None), rules,
                    sources=sources("a.txt", "b.txt", "c.txt", "d.txt"))
    out = table_text(report)
    assert out.index("story-1") < out.index("story-2")
    assert "silent" not in out


def test_single_source_facts_are_counted_and_listed_only_with_all(run):
    report = run("compare", SEEDS, "--format", "json").json()
    singles = [f["label"] for f in report["facts"] if f["verdict"] == "single"]
    plain = run("compare", SEEDS).stdout
    assert f"{len(singles)} single source (listed with --all)" in plain
    assert not any(f"│ {label}" in plain for label in singles)
    listed = run("compare", SEEDS, "--all").stdout
    assert all(label.split()[0] in listed for label in singles) and "(listed with --all)" not in listed
    assert len(listed.splitlines()) > len(plain.splitlines()) + len(singles)


def test_details_keep_every_figures_whole_sentence(run):
    out = run("compare", SEEDS, "--details").stdout
    assert f"{SEEDS}/003_fe570fab2ddfa6dd.txt:6:374" in out
    assert "El Salvador currently holds over 6,240 BTC worth around $740 million, despite" in out


def test_json_names_every_source(run, tree):
    folder = tree({"coindesk.html": "<html><head><meta property='og:site_name' content='CoinDesk'>"
                                    "<meta property='article:published_time' content='2025-07-18T09:00:00Z'>"
                                    "</head><body><article><p>El Salvador's treasury holds 6,238 BTC in "
                                    "reserve, officials said.</p></article></body></html>",
                   "notes.md": "---\noutlet: The Block\ndate: 2025-07-19\n---\n\nEl Salvador's "
                               "treasury holds 6,238 BTC in reserve, officials said.\n"})
    report = run("compare", folder, "--format", "json").json()
    assert report["sources"] == [
        {"path": f"{folder}/coindesk.html", "outlet": "CoinDesk", "published": "2025-07-18"},
        {"path": f"{folder}/notes.md", "outlet": "The Block", "published": "2025-07-19"}]


def test_a_new_value_is_marked_in_its_row(run, tree, tmp_path):
    folder = tree({"a.txt": HOLDS.format("6,238 BTC"), "b.txt": HOLDS.format("over 6,240 BTC")})
    accepted = tmp_path / "b.yaml"
    run("baseline", folder, "--baseline", accepted)
    (folder / "c.txt").write_text(HOLDS.format("6,300 BTC"))
    out = run("compare", folder, "--baseline", accepted).stdout
    assert "6,300 BTC (new)" in out and "NEW conflict" in out


def test_details_name_each_statements_source_as_the_legend_does(run, monkeypatch):
    from conftest import ROOT
    monkeypatch.chdir(ROOT)
    out = run("compare", "tests/stories/outlets", "--details").stdout
    assert "  [4] The Ledger, 2025-07-18 (tests/stories/outlets/ledger.html:14:34)  El Salvador's " \
           "treasury now holds over 6,240 BTC in its strategic reserve" in out
    assert "  [3] digest (tests/stories/outlets/digest.txt:3:24)" in out


def test_the_legend_numbers_sources_story_by_story(rules):
    first = fact(rules, "holdings", [("a.txt", HOLDS.format("6,238 BTC")),
                                     ("c.txt", HOLDS.format("6,238 BTC")),
                                     ("e.txt", HOLDS.format("over 6,240 BTC"))], story="s1")
    second = fact(rules, "hack", [("b.txt", "Hackers stole $1.5 billion, it said."),
                                  ("d.txt", "Hackers stole $1.4 billion, it said.")],
                  story="s2", kind="usd", unit="USD")
    stories = (Story("s1", "El Salvador's reserve", ("a.txt", "c.txt", "e.txt")),
               Story("s2", "The Bybit hack", ("b.txt", "d.txt")))
    report = Report([first, second], baseline.diff([first, second], None), rules, stories=stories,
                    sources=sources("a.txt", "b.txt", "c.txt", "d.txt", "e.txt"))
    out = table_text(report)
    assert "El Salvador's reserve (3 sources)" in out and "The Bybit hack (2 sources)" in out
    legend = [line for line in out.splitlines() if line.startswith("[")]
    assert [line.split()[-1].strip("()") for line in legend] == ["a.txt", "c.txt", "e.txt", "b.txt", "d.txt"]
    assert "CoinDesk [1], The Block [2]: 6,238 BTC" in out and "source [3]: over 6,240 BTC" in out


def test_percentages_apart_read_in_points(rules):
    from crypto_diff.models import Verdict
    from crypto_diff.report.wording import verdict_text
    fact = Fact("f", "f", "percent", "%", (), Verdict("conflict", gap=2.0, gap_percent=20.0))
    assert verdict_text(fact, rules) == "conflict (gap 2 percentage points)"
