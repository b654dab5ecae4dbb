"""What a newcomer tripped on, each reproduced."""
import pytest

from conftest import SEEDS

MARKDOWN = "# Fund holds **6,238 BTC**\n\nIt bought [400 BTC](http://x.test/500-btc) in May 2025.\n"


def sources_read(run, *args) -> list:
    figures = run("extract", *args, "--format", "json").json()["figures"]
    return sorted({f["source"] for f in figures})


def test_an_article_is_read_once_whatever_paths_name_it(run):
    once = run("extract", SEEDS, "--format", "json").json()["figures"]
    again = run("extract", SEEDS, SEEDS, SEEDS / "003_fe570fab2ddfa6dd.txt", "--format", "json")
    assert again.json()["figures"] == once
    assert run("compare", SEEDS, SEEDS, "--format", "json").json()["summary"] == \
        run("compare", SEEDS, "--format", "json").json()["summary"]


def test_a_saved_page_folder_is_not_read_as_articles(run, tree):
    folder = tree({
        "page.html": "<html><head><title>Hack | Wire</title></head><body><article>"
                     "<p>Hackers stole $1.5 billion from the exchange on Friday, it said.</p>"
                     "</article></body></html>",
        "page_files/ad.html": "<html><body><article><p>Win $5 million today with our partner "
                              "offer, every single day of the year.</p></article></body></html>",
        "page_files/notes.txt": "Sponsored: 20% off.",
        "other.txt": "Hackers stole $1.4 billion from the exchange on Friday.",
    })
    assert sources_read(run, folder) == [f"{folder}/other.txt", f"{folder}/page.html"]


def test_a_folder_named_files_without_its_page_is_read(run, tree):
    folder = tree({"case_files/a.txt": "It holds 400 BTC.", "b.txt": "It holds 400 BTC."})
    assert sources_read(run, folder) == [f"{folder}/b.txt", f"{folder}/case_files/a.txt"]


def test_standard_input_is_named_stdin(run):
    result = run("extract", "-", "--format", "json", input="It holds 400 BTC.\n")
    assert [f["source"] for f in result.json()["figures"]] == ["<stdin>"]


def test_markdown_on_standard_input_is_read_as_markdown_with_stdin_filename(run):
    plain = run("extract", "-", "--format", "json", input=MARKDOWN).json()["figures"]
    assert any(f["text"].startswith("500") for f in plain)  # the link target, read as text
    named = run("extract", "-", "--stdin-filename", "notes/fund.md", "--format", "json",
                input=MARKDOWN).json()["figures"]
    assert [f["text"] for f in named] == ["6,238 BTC", "400 BTC", "May 2025"]
    assert {f["source"] for f in named} == {"notes/fund.md"}


def test_counts_of_nouns_in_s_are_plural(run, tree):
    folder = tree({"a.txt": "The hacker moved the coins through 48 addresses on Monday.",
                   "b.txt": "The hacker moved the coins through 48 addresses, the firm said."})
    assert "48 addresses" in run("compare", folder).stdout


def test_percentages_read_without_a_space_and_never_in_exponent_form(rules):
    from crypto_diff.models import Fact, Figure, Verdict
    from crypto_diff.report.wording import describe, verdict_text
    share = Figure(kind="percent", unit="%", text="9%", source="a", line=1, column=1, low=9.0, high=9.0)
    assert describe(share, rules) == "9%"
    fact = Fact("f", "f", "usd", "USD", (share,), Verdict("conflict", gap=3e6, gap_percent=-200.0))
    assert verdict_text(fact, rules) == "conflict (gap $3M, -200%)"
    small = Fact("f", "f", "btc", "BTC", (share,), Verdict("conflict", gap=2, gap_percent=0.032051))
    assert verdict_text(small, rules) == "conflict (gap 2 BTC, 0.032%)"


def test_dates_a_day_apart_read_as_such(rules):
    from crypto_diff.models import Fact, Verdict
    from crypto_diff.report.wording import verdict_text
    fact = Fact("f", "f", "date", "date", (), Verdict("conflict", gap=1))
    assert verdict_text(fact, rules) == "conflict (1 day apart)"


def test_rules_check_counts_one_example_in_the_singular(run, tmp_path):
    one = tmp_path / "one.yaml"
    one.write_text("version: 1\nkinds:\n  btc: {unit: BTC}\nextractors:\n"
                   "  - id: btc\n    kind: btc\n    pattern: '(?P<num>\\d+) BTC'\n"
                   "    examples: [{text: 'it holds 5 BTC', expect: [{low: 5}]}]\n")
    out = run("rules", "check", one).stdout
    assert "1 example\n" in out and "1 kind," in out and "1 extractor," in out
    assert "0 declared facts" in out


def test_one_article_alone_says_there_is_nothing_to_compare(run):
    one = SEEDS / "000_d2a616fbbad02a35.txt"
    result = run("compare", one)
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr == (f"crypto-diff: only one article was read ({one}): nothing to compare "
                             f"it with; `crypto-diff extract {one}` lists its figures\n")


def test_piped_output_never_wraps_the_summary_or_messages(run, monkeypatch, tree):
    from conftest import ROOT
    monkeypatch.setenv("COLUMNS", "80")
    out = run("compare", SEEDS, "--baseline", ROOT / "crypto-diff.baseline.yaml").stdout.splitlines()
    summary = next(line for line in out if " facts: " in line)
    assert summary.endswith("0 new, 2 accepted, 0 stale") and len(summary) > 80
    assert f"[1] {SEEDS}/000_d2a616fbbad02a35.txt" in out  # a long path stays on its line
    long_name = "an-empty-article-whose-name-alone-is-longer-than-a-line-of-the-terminal.txt"
    folder = tree({"a.txt": "It holds 1 BTC.", long_name: ""})
    warned = run("compare", folder).stderr.splitlines()
    assert len(warned) == 2 and long_name in warned[0] and "nothing to compare" in warned[1]


def test_the_extract_table_reads_at_80_columns(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    out = run("extract", SEEDS / "003_fe570fab2ddfa6dd.txt").stdout.splitlines()
    assert all(len(line) <= 80 for line in out[1:])  # the table; the path above it is whole
    row = next(line for line in out if "around $740 million" in line)  # no column folded away
    assert row.split()[:2] == ["6:395", "usd"] and "~$740M" in row and "usd-sign" in row
    assert out[0] == f"{SEEDS}/003_fe570fab2ddfa6dd.txt"


def test_help_is_printed_once_with_no_arguments_and_for_a_bare_group(run):
    for args in ((), ("rules",)):
        result = run(*args)
        assert result.exit_code == 0 and result.stdout.count("Usage:") == 1, args


@pytest.mark.parametrize("args", [("--help",), ("-h",), ("compare", "-h"), ("compare", "--help"),
                                  ("baseline", "-h"), ("extract", "-h"), ("rules", "check", "-h"),
                                  ("rules", "test", "--help"), ("rules", "schema", "-h"),
                                  ("compare", "seeds", "-h")])
def test_help_shows_defaults_and_no_internal_type_names(run, args):
    result = run(*args)
    assert result.exit_code == 0 and result.stdout.startswith("Usage: crypto-diff")
    for leak in ("<bool>", "<list[str]>", "<path>", "<int", "{", "Rules file .", "\x1b["):
        assert leak not in result.stdout, leak
    assert "-h, --help" in result.stdout


def test_help_of_compare_names_every_option_with_its_default(run):
    out = " ".join(run("compare", "-h").stdout.split())  # however the terminal wraps it
    assert "Usage: crypto-diff compare [OPTIONS] PATH..." in out
    assert "-r, --rules FILE" in out and "(default: ./rules.yaml when there is one" in out
    assert "--format FORMAT" in out and "(default: table)" in out
    assert "-a, --all" in out and "--stdin-filename NAME" in out


def test_version(run):
    from crypto_diff import __version__
    for flag in ("--version", "-V"):
        result = run(flag)
        assert result.exit_code == 0 and result.stdout == f"crypto-diff {__version__}\n"


@pytest.mark.parametrize("args", [("compare", SEEDS, "--baseline", SEEDS), ("compare", "--baseline", SEEDS),
                                  ("compare", f"--baseline={SEEDS}", SEEDS)])
def test_a_folder_after_baseline_is_said_to_be_taken_as_the_baseline_file(run, args):
    result = run(*args)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (f"crypto-diff: error: {SEEDS}: this folder was taken as the baseline "
                             f"file (the value of --baseline); name a file (--baseline FILE), or put "
                             f"--baseline after the paths for crypto-diff.baseline.yaml "
                             f"(crypto-diff compare {SEEDS} --baseline)\n")


def test_a_rules_file_of_the_working_folder_that_fails_says_where_it_came_from(run, tmp_path):
    from crypto_diff.rules_loader import SHIPPED
    (tmp_path / "rules.yaml").write_text("title: my own notes\n")  # the tests run in tmp_path
    for args in (("compare", SEEDS), ("extract", SEEDS), ("rules", "check")):
        result = run(*args)
        assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1
        assert "rules.yaml was read from the working folder because no --rules was given" in result.stderr
        assert f"--rules {SHIPPED} for the shipped ones" in result.stderr
    assert run("compare", SEEDS, "--rules", SHIPPED).exit_code == 1
    named = run("compare", SEEDS, "--rules", tmp_path / "rules.yaml")
    assert named.exit_code == 2 and "working folder" not in named.stderr


def test_the_path_above_an_extract_table_stays_whole_when_piped(run, monkeypatch, tree):
    monkeypatch.setenv("COLUMNS", "80")
    folder = tree({"a-folder-name-long-enough-to-push-the-path-of-its-article-past-80/a.txt":
                   "The fund holds 6,238 BTC in reserve."})
    out = run("extract", folder).stdout.splitlines()
    assert out[0].endswith("/a.txt") and len(out[0]) > 80
