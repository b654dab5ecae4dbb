"""The CI contract: fail when, and only when, a new contradiction appears."""
import json
import textwrap

import pytest
import yaml

from crypto_diff import baseline, files
from crypto_diff.compare import verdict
from crypto_diff.extract import extract_text
from crypto_diff.models import Fact

INTRO = "Crypto markets were calm this week as traders waited for fresh data on inflation."
HOLDINGS_A = "The national treasury now holds 6,238 BTC in its strategic reserve, officials said."
HOLDINGS_B = "The national treasury now holds over 6,240 BTC in its strategic reserve, officials said."
LOAN = "The country is repaying a $7 billion loan from the fund until 2027."


def articles(tree, **texts):
    return tree({f"{name}.txt": "\n".join(lines) + "\n" for name, lines in texts.items()})


@pytest.fixture
def folder(tree):
    return articles(tree, alpha=[INTRO, HOLDINGS_A, LOAN], beta=[HOLDINGS_B, LOAN, INTRO])


@pytest.fixture
def accepted(run, folder, tmp_path):
    path = tmp_path / "accepted.yaml"
    result = run("baseline", folder, "--baseline", path)
    assert result.exit_code == 0, result.stderr
    return path


def test_without_baseline_a_contradiction_fails(run, folder):
    assert run("compare", folder).exit_code == 1


def test_baseline_accepts_the_current_contradictions(run, folder, accepted):
    result = run("compare", folder, "--baseline", accepted)
    assert result.exit_code == 0, result.stdout
    assert "0 new, 1 accepted" in result.stdout


def test_baseline_file_is_readable_and_versioned(accepted):
    text = accepted.read_text()
    data = yaml.safe_load(text)
    assert data["version"] == 1
    [entry] = data["contradictions"]
    assert entry["kind"] == "btc" and entry["values"] == ["6238", ">6240"]
    assert entry["says"] == ["6,238 BTC", "over 6,240 BTC"]
    assert "label" in entry and text.startswith("# Contradictions accepted by crypto-diff")


def test_moving_a_paragraph_keeps_it_accepted(run, tree, accepted, folder):
    (folder / "alpha.txt").write_text("\n".join([LOAN, INTRO, HOLDINGS_A]) + "\n")
    assert run("compare", folder, "--baseline", accepted).exit_code == 0


def test_renaming_and_reordering_files_keeps_it_accepted(run, folder, accepted):
    (folder / "alpha.txt").rename(folder / "zz-last.txt")
    (folder / "beta.txt").rename(folder / "00-first.txt")
    assert run("compare", folder, "--baseline", accepted).exit_code == 0


def test_rewrapping_lines_keeps_it_accepted(run, folder, accepted):
    body = " ".join([HOLDINGS_B, LOAN, INTRO])
    (folder / "beta.txt").write_text(textwrap.fill(body, 60) + "\n")
    assert run("compare", folder, "--baseline", accepted).exit_code == 0


def test_an_agreeing_article_keeps_it_accepted(run, folder, accepted):
    (folder / "gamma.txt").write_text("\n".join([HOLDINGS_A, LOAN]) + "\n")
    assert run("compare", folder, "--baseline", accepted).exit_code == 0


def test_a_new_conflicting_value_is_new_and_named(run, folder, accepted):
    (folder / "gamma.txt").write_text(
        "The national treasury now holds 6,300 BTC in its strategic reserve, officials said.\n")
    result = run("compare", folder, "--baseline", accepted, "--format", "json")
    assert result.exit_code == 1
    [fact] = [f for f in result.json()["facts"] if f["new"]]
    assert fact["new_values"] == ["6300"]
    assert any(s["source"].endswith("gamma.txt") and s["text"] == "6,300 BTC"
               for s in fact["statements"])
    table = run("compare", folder, "--baseline", accepted)
    assert "NEW" in table.stdout and "6,300 BTC" in table.stdout


def hand_fact(rules, ident, *statements, kind="btc", unit="BTC"):
    """A fact of the given (source, sentence) statements, grouped by hand."""
    figures = [f for source, text in statements for f in extract_text(text, rules, source)]
    return Fact(ident, ident, kind, unit, tuple(figures), verdict(figures, rules.kinds[kind]))


def test_accepted_values_stay_accepted_whatever_facts_they_sit_in(rules):
    before = [hand_fact(rules, "treasury", ("a.txt", "It holds 6,238 BTC."),
                        ("b.txt", "It holds over 6,240 BTC."))]
    accepted = baseline.entries(before)
    # regrouped: the same values, split over other facts, one of them still contradicted
    after = [hand_fact(rules, "reserve", ("a.txt", "It holds 6,238 BTC."), ("c.txt", "It has 6,238 BTC.")),
             hand_fact(rules, "wallet", ("b.txt", "It holds over 6,240 BTC."),
                       ("d.txt", "It has 6,238 BTC.")),
             hand_fact(rules, "miner", ("e.txt", "It mined 6,238 BTC."), ("f.txt", "It mined over 6,240 BTC."))]
    result = baseline.diff(after, accepted, rules.kinds)
    assert result.new == {} and result.accepted == {"wallet", "miner"} and result.stale == []


def test_a_new_value_is_new_alone_and_an_agreeing_one_is_not(rules):
    accepted = baseline.entries([hand_fact(rules, "t", ("a.txt", "It holds 6,238 BTC."),
                                           ("b.txt", "It holds over 6,240 BTC."))])
    grown = hand_fact(rules, "t", ("a.txt", "It holds 6,238 BTC."), ("b.txt", "It holds over 6,240 BTC."),
                      ("c.txt", "It holds 6,300 BTC."))
    assert baseline.diff([grown], accepted, rules.kinds).new == {"t": ["6300"]}
    agreeing = hand_fact(rules, "t", ("a.txt", "It holds 6,238 BTC."), ("b.txt", "It holds over 6,240 BTC."),
                         ("c.txt", "It holds more than 6,000 BTC."))
    assert baseline.diff([agreeing], accepted, rules.kinds).new == {}


def test_accepted_values_never_accepted_together_are_a_new_pair(rules):
    accepted = baseline.entries([
        hand_fact(rules, "x", ("a.txt", "It holds 6,238 BTC."), ("b.txt", "It holds over 6,240 BTC.")),
        hand_fact(rules, "y", ("a.txt", "It sold 6,100 BTC."), ("b.txt", "It sold 6,150 BTC."))])
    joined = hand_fact(rules, "z", ("c.txt", "It holds 6,238 BTC."), ("d.txt", "It holds 6,150 BTC."))
    assert baseline.diff([joined], accepted, rules.kinds).new == {"z": ["6150", "6238"]}


def test_stale_only_when_an_accepted_value_is_stated_nowhere(rules):
    accepted = baseline.entries([hand_fact(rules, "t", ("a.txt", "It holds 6,238 BTC."),
                                           ("b.txt", "It holds over 6,240 BTC."))])
    apart = [hand_fact(rules, "u", ("a.txt", "It holds 6,238 BTC.")),
             hand_fact(rules, "v", ("b.txt", "It holds over 6,240 BTC."))]
    assert baseline.diff(apart, accepted, rules.kinds).stale == []
    gone = [hand_fact(rules, "u", ("a.txt", "It holds 6,238 BTC."), ("b.txt", "It holds 6,238 BTC."))]
    assert [e.values for e in baseline.diff(gone, accepted, rules.kinds).stale] == [("6238", ">6240")]


SEVEN = {
    "01_wire.txt": ["El Salvador's treasury holds 6,238 BTC in its strategic reserve, officials said.",
                    "The reserve is worth about $738 million at current prices.",
                    "Pakistan is repaying a $7 billion loan from the IMF until 2027."],
    "02_daily.txt": ["The treasury of El Salvador now holds over 6,240 BTC in reserve, the office said.",
                     "That stake is worth about $745 million, the office added.",
                     "Pakistan owes the IMF $7 billion under a loan running until 2027."],
    "03_markets.txt": ["El Salvador holds 6,238 BTC in its strategic reserve, the treasury said.",
                       "Pakistan set aside 2,000 MW of surplus power for bitcoin mining."],
    "04_blog.txt": ["Pakistan earmarked up to 2,000 MW of surplus power for bitcoin mining.",
                    "Its $7 billion IMF loan runs until 2027."],
    "05_asia.txt": ["Pakistan offered 2,000 MW of surplus power to bitcoin miners and AI centres.",
                    "El Salvador's strategic reserve holds 6,238 BTC, worth about $740 million."],
    "06_tv.txt": ["Pakistan and El Salvador signed a memorandum on July 18, 2025.",
                  "The memorandum covers bitcoin mining and 2,000 MW of surplus power."],
    "07_review.txt": ["The memorandum between Pakistan and El Salvador was signed on July 18, 2025.",
                      "Pakistan's IMF loan of $7 billion runs until 2027."],
}
EIGHTH = ["The memorandum between Pakistan and El Salvador was signed on July 18, 2025.",
          "El Salvador's treasury holds 6,300 BTC in its strategic reserve, officials said.",
          "Pakistan allocated 2,000 MW of surplus power to bitcoin mining."]


def test_an_eighth_article_with_a_new_value_makes_that_value_new_and_nothing_stale(run, tree, tmp_path):
    folder = tree({name: "\n".join(lines) + "\n" for name, lines in SEVEN.items()})
    accepted = tmp_path / "accepted.yaml"
    assert run("baseline", folder, "--baseline", accepted).exit_code == 0
    before = run("compare", folder, "--baseline", accepted, "--format", "json").json()
    assert before["summary"]["new"] == 0 and before["summary"]["accepted"] >= 1
    (folder / "08_agency.txt").write_text("\n".join(EIGHTH) + "\n")
    result = run("compare", folder, "--baseline", accepted, "--format", "json")
    report = result.json()
    new = [f for f in report["facts"] if f["new"]]
    assert [f["new_values"] for f in new] == [["6300"]]
    assert report["stale"] == [] and report["summary"]["stale"] == 0
    assert report["summary"]["new"] == 1 and result.exit_code == 1
    annotations = run("compare", folder, "--baseline", accepted, "--format", "github").stdout
    assert annotations.count("::error") == 1 and "08_agency.txt,line=2," in annotations


def test_a_baseline_written_before_still_loads(run, tmp_path):
    from conftest import ROOT
    earlier = ROOT / "tests" / "data" / "baseline-written-by-0.1.0.yaml"  # before values were accepted apart
    result = run("compare", ROOT / "seeds", "--baseline", earlier)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "0 new" in result.stdout and "0 stale" in result.stdout


def test_a_fixed_contradiction_is_stale_and_dropped_on_rewrite(run, folder, accepted):
    (folder / "beta.txt").write_text("\n".join([HOLDINGS_A, LOAN, INTRO]) + "\n")
    result = run("compare", folder, "--baseline", accepted)
    assert result.exit_code == 0
    assert "stale" in result.stdout and "1 stale" in result.stdout
    rewrite = run("baseline", folder, "--baseline", accepted)
    assert rewrite.exit_code == 0 and "1 stale dropped" in rewrite.stdout
    assert yaml.safe_load(accepted.read_text())["contradictions"] == []


@pytest.mark.parametrize("content, message", [
    ("version: 1\ncontradictions: [\n", "baseline is not valid YAML"),
    ("version: 9\ncontradictions: []\n", "unknown baseline version 9"),
    ("just text\n", "not a crypto-diff baseline"),
    ("version: 1\ncontradictions:\n  - {kind: btc}\n", "needs kind, unit and a list of values"),
])
def test_a_broken_baseline_is_exit_2_never_empty(run, folder, tmp_path, content, message):
    bad = tmp_path / "bad.yaml"
    bad.write_text(content)
    result = run("compare", folder, "--baseline", bad)
    assert result.exit_code == 2
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert str(bad) in result.stderr
    assert bad.read_text() == content


def test_a_missing_baseline_is_exit_2(run, folder, tmp_path):
    result = run("compare", folder, "--baseline", tmp_path / "none.yaml")
    assert result.exit_code == 2 and "baseline not found" in result.stderr


def test_an_interrupted_write_leaves_the_old_baseline(run, folder, accepted, monkeypatch):
    before = accepted.read_text()
    (folder / "gamma.txt").write_text(
        "The national treasury now holds 6,300 BTC in its strategic reserve, officials said.\n")

    def broken_rename(src, dst):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(files.os, "replace", broken_rename)
    result = run("baseline", folder, "--baseline", accepted)
    assert result.exit_code == 2 and "No space left on device" in result.stderr
    assert accepted.read_text() == before
    assert sorted(p.name for p in accepted.parent.iterdir() if p.name.startswith(".")) == []


def test_default_baseline_file(run, folder, tmp_path):
    assert run("baseline", folder).exit_code == 0
    assert (tmp_path / baseline.DEFAULT_FILE).exists()
    assert run("compare", folder, "--baseline").exit_code == 0
    assert run("compare", folder, "-b", "--format", "json").exit_code == 0


def test_fail_on_and_exit_zero(run, folder, tree):
    assert run("compare", folder, "--fail-on", "never").exit_code == 0
    assert run("compare", folder, "--exit-zero").exit_code == 0
    approx = tree({"a.txt": "The fund holds about 738 BTC in total, the filing shows.\n",
                   "b.txt": "The fund holds about 752 BTC in total, the filing shows.\n"},
                  root=folder.parent / "approx")
    assert run("compare", approx).exit_code == 0
    assert run("compare", approx, "--fail-on", "approx").exit_code == 1


def test_output_file_gets_the_report_and_terminal_the_summary(run, folder, tmp_path):
    target = tmp_path / "report.json"
    result = run("compare", folder, "--format", "json", "--output", target)
    assert result.exit_code == 1
    assert "report written to" in result.stdout and "{" not in result.stdout
    assert json.loads(target.read_text())["summary"]["conflict"] == 1


def test_entries_are_sorted_and_identity_ignores_place(run, folder, tmp_path):
    first, second = tmp_path / "1.yaml", tmp_path / "2.yaml"
    run("baseline", folder, "--baseline", first)
    (folder / "alpha.txt").rename(folder / "omega.txt")
    run("baseline", folder, "--baseline", second)
    assert first.read_text() == second.read_text()
