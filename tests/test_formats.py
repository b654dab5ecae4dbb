"""Every output format on the seeds: golden files for the ones people read, structure
and schema for the ones machines read."""
import json
import os
from pathlib import Path

import jsonschema
import pytest

from conftest import ROOT

GOLDEN = Path(__file__).parent / "golden"
SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif" / "sarif-schema-2.1.0.json").read_text())
ANSI = "\x1b["


@pytest.fixture
def seeds_here(monkeypatch):
    """Run from the project folder, so sources read seeds/... as a user would see them."""
    monkeypatch.chdir(ROOT)
    return "seeds"


def golden(name: str, text: str):
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text)
    assert text == path.read_text(), f"{name} changed; UPDATE_GOLDEN=1 rewrites it"


def test_markdown_on_the_seeds(run, seeds_here):
    result = run("compare", seeds_here, "--format", "markdown")
    assert result.exit_code == 1
    golden("seeds.md", result.stdout)


def test_github_annotations_on_the_seeds(run, seeds_here):
    result = run("compare", seeds_here, "--format", "github")
    assert result.exit_code == 1
    golden("seeds.github.txt", result.stdout)
    [line] = result.stdout.splitlines()  # one annotation per contradiction, at the odd one out
    assert line.startswith("::error file=seeds/003_fe570fab2ddfa6dd.txt,line=6,col=374,")
    assert "seeds/000_d2a616fbbad02a35.txt:6:222" in line  # every statement is named


def test_sarif_is_valid_and_locates_each_statement(run, seeds_here):
    result = run("compare", seeds_here, "--format", "sarif")
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    [res] = log["runs"][0]["results"]
    assert res["ruleId"] == "conflict" and res["level"] == "error"
    where = lambda locations: [(l["physicalLocation"]["artifactLocation"]["uri"],
                                l["physicalLocation"]["region"]["startLine"]) for l in locations]
    # the odd value out (over 6,240, one source) is where the alert stands
    assert where(res["locations"]) == [("seeds/003_fe570fab2ddfa6dd.txt", 6)]
    assert where(res["relatedLocations"]) == [("seeds/000_d2a616fbbad02a35.txt", 6),
                                              ("seeds/001_119ad6f32dfe874b.txt", 4)]


def test_sarif_fingerprint_ignores_place(run, tree, tmp_path):
    lines = ["The national treasury now holds 6,238 BTC in its strategic reserve, officials said.",
             "The national treasury now holds over 6,240 BTC in its strategic reserve, officials said."]
    first = tree({"a.txt": lines[0], "b.txt": lines[1]}, root=tmp_path / "one")
    second = tree({"z.txt": "Intro line here.\n\n" + lines[0], "y.txt": lines[1]}, root=tmp_path / "two")
    prints = [json.loads(run("compare", f, "--format", "sarif").stdout)["runs"][0]["results"][0]
              ["partialFingerprints"] for f in (first, second)]
    assert prints[0] == prints[1] and list(prints[0]) == ["cryptoDiffContradiction/v1"]


def test_sarif_with_everything_accepted_has_no_result(run, seeds_here, tmp_path):
    accepted = tmp_path / "b.yaml"
    run("baseline", seeds_here, "--baseline", accepted)
    result = run("compare", seeds_here, "--baseline", accepted, "--format", "sarif")
    assert result.exit_code == 0
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    assert log["runs"][0]["results"] == []


def test_json_marks_new_contradictions_and_counts(run, seeds_here):
    report = run("compare", seeds_here, "--format", "json").json()
    new = [f for f in report["facts"] if f["new"]]
    assert sorted(f["verdict"] for f in new) == ["approx", "conflict"]
    assert report["summary"]["new"] == 2 and report["stale"] == []


@pytest.mark.parametrize("fmt", ["json", "sarif", "github", "markdown"])
def test_machine_formats_never_carry_colour(run, seeds_here, monkeypatch, fmt):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("FORCE_COLOR", "1")
    result = run("compare", seeds_here, "--format", fmt, "--color", "always")
    assert ANSI not in result.stdout
    if fmt in ("json", "sarif"):
        json.loads(result.stdout)


def test_colour_follows_conventions(run, seeds_here, monkeypatch):
    assert ANSI not in run("compare", seeds_here).stdout  # not a terminal
    assert ANSI in run("compare", seeds_here, "--color", "always").stdout
    monkeypatch.setenv("NO_COLOR", "1")
    assert ANSI not in run("compare", seeds_here).stdout
    assert ANSI not in run("compare", seeds_here, "--color", "never").stdout


def test_counted_nouns_read_as_plurals(run, tree):
    folder = tree({"a.txt": "The group includes 134 companies and 3 subsidiaries.\n",
                   "b.txt": "The group includes 130 companies and 3 subsidiaries.\n"})
    out = run("compare", folder, "--color", "never").stdout
    assert "134 companies" in out and "3 subsidiaries" in out
    assert "companys" not in out and "subsidiarys" not in out


def test_every_counting_kind_reads_as_plurals(run, tree):
    """The plural comes from a kind's `counts` flag, not from its name: a second
    counting kind in a rules file reads like the shipped one."""
    rules = Path(__file__).parent / "data" / "two_counts.rules.yaml"
    folder = tree({"a.txt": "The token trades on 5 exchanges and 40 desks with 12 staff.\n",
                   "b.txt": "The token trades on 5 exchanges and 40 desks with 12 staff.\n"})
    out = run("compare", folder, "--rules", rules, "--color", "never").stdout
    assert "Venues (exchange)" in out and "Count (desk)" in out
    assert "5 exchanges" in out and "40 desks" in out
    assert "12 staff " in out  # a plural noun of the rules file reads as written
    figures = run("extract", folder, "--rules", rules, "--color", "never").stdout
    assert "5 exchanges" in figures and "5 exchange " not in figures


def test_html_is_one_self_contained_page(run, seeds_here):
    result = run("compare", seeds_here, "--format", "html")
    page = result.stdout
    assert result.exit_code == 1 and page.startswith("<!DOCTYPE html>") and page.endswith("</html>\n")
    for outside in ("src=", "href=", "<link", "@import", "url(", "http://", "https://"):
        assert outside not in page, outside
    assert "default-src 'none'" in page  # the browser may fetch nothing
    assert page.index('class="fact conflict"') < page.index('class="fact approx"') \
        < page.index('class="fact agree"')
    assert "<mark>over 6,240 BTC</mark>" in page
    assert 'data-verdict="single" id=' in page and " hidden>" in page  # singles behind a filter


def test_html_escapes_what_the_articles_say(run, tree):
    folder = tree({"a.txt": "The <b>fund</b> holds 6,238 BTC & more, it said.",
                   "b.txt": "The <b>fund</b> holds over 6,240 BTC & more, it said."})
    page = run("compare", folder, "--format", "html").stdout
    assert "&lt;b&gt;fund&lt;/b&gt;" in page and "<b>fund" not in page
