"""Every command and exit status, run in-process."""
import json
import subprocess
import sys

from conftest import ROOT, SEEDS

AGREEING = {
    "a.txt": "The exchange said hackers stole $1.5 billion from its cold wallet.",
    "b.txt": "Hackers stole $1.5 billion from the exchange's cold wallet.",
}


def test_compare_prints_a_table_with_verdicts_and_sources(run):
    result = run("compare", SEEDS)
    assert result.exit_code == 1
    assert "conflict" in result.stdout and "approx" in result.stdout
    assert "6,238 BTC" in result.stdout and "over 6,240 BTC" in result.stdout
    assert f"{SEEDS}/000_d2a616fbbad02a35.txt" in result.stdout
    assert "1 conflict" in result.stdout


def test_compare_exits_0_without_contradiction(run, tree):
    result = run("compare", tree(AGREEING))
    assert result.exit_code == 0, result.stdout
    assert "agree" in result.stdout


def test_json_report_has_the_documented_fields(run):
    report = run("compare", SEEDS, "--format", "json").json()
    fact = report["facts"][0]
    assert set(fact) >= {"id", "label", "kind", "unit", "verdict", "statements"}
    assert set(fact["statements"][0]) >= {"source", "line", "column", "text", "low", "high",
                                          "low_open", "high_open", "approx"}
    assert report["summary"]["conflict"] == 1


def test_json_source_is_the_given_path_joined_with_the_file_name(run, tree, tmp_path):
    tree(AGREEING)
    report = run("compare", "articles", "--format", "json").json()
    assert sorted(s["source"] for s in report["facts"][0]["statements"]) == [
        "articles/a.txt", "articles/b.txt"]


def test_json_values_are_numbers_and_open_ends_null(run):
    facts = run("compare", SEEDS, "--format", "json").json()["facts"]
    over = next(s for f in facts for s in f["statements"] if s["text"] == "over 6,240 BTC")
    assert over["low"] == 6240 and over["high"] is None and over["low_open"] is True
    date = next(s for f in facts for s in f["statements"] if s["text"] == "In January")
    assert date["low"] == date["high"] == "2025-01"  # the year from the article's latest date


def test_details_show_file_line_column_and_sentence(run):
    result = run("compare", SEEDS, "--details")
    assert f"{SEEDS}/003_fe570fab2ddfa6dd.txt:6:374" in result.stdout
    assert "El Salvador currently holds over 6,240 BTC" in result.stdout


def test_extract_lists_every_figure(run):
    result = run("extract", SEEDS / "003_fe570fab2ddfa6dd.txt", "--format", "json")
    assert result.exit_code == 0
    figures = result.json()["figures"]
    assert {"kind", "unit", "text", "low", "high", "line", "column"} <= set(figures[0])
    assert [f["text"] for f in figures if f["kind"] == "btc"] == ["over 6,240 BTC"]
    assert len(figures) == 7


def test_extract_marks_furniture(run):
    figures = run("extract", SEEDS / "001_119ad6f32dfe874b.txt", "--format", "json").json()["figures"]
    assert sum(f["furniture"] for f in figures) == 5


def test_extract_table(run):
    result = run("extract", SEEDS / "000_d2a616fbbad02a35.txt")
    assert result.exit_code == 0 and "6,238 Bitcoins" in result.stdout


def test_missing_path_is_exit_2_with_one_line(run):
    result = run("compare", "no/such/folder")
    assert result.exit_code == 2
    assert result.stderr == "crypto-diff: error: no/such/folder: no such file or folder\n"
    assert result.stdout == ""


def test_folder_without_articles_is_exit_2(run, tree):
    result = run("compare", tree({"notes.csv": "a,b"}))
    assert result.exit_code == 2 and "no article found" in result.stderr


def test_bad_rules_is_exit_2_naming_file_and_line(run, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nextractors:\n  - id: x\n    kind: usd\n    pattern: '(('\n")
    result = run("compare", SEEDS, "--rules", bad)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"crypto-diff: error: {bad}:")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_rules_option_changes_what_is_found(run, tmp_path):
    only_btc = tmp_path / "btc.yaml"
    only_btc.write_text("version: 1\nkinds:\n  btc: {unit: BTC}\nextractors:\n"
                        "  - {id: btc, kind: btc, pattern: '(?P<num>\\d[\\d,]*) BTC'}\n")
    figures = run("extract", SEEDS, "--rules", only_btc, "--format", "json").json()["figures"]
    assert {f["kind"] for f in figures} == {"btc"}


def test_stdin_is_read_with_dash(run):
    result = run("extract", "-", "--format", "json", input="It holds 400 BTC.\n")
    assert [f["source"] for f in result.json()["figures"]] == ["<stdin>"]


def test_python_dash_m_runs_the_tool():
    done = subprocess.run([sys.executable, "-m", "crypto_diff", "compare", str(SEEDS),
                           "--format", "json"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 1
    assert json.loads(done.stdout)["summary"]["conflict"] == 1


def test_every_command_has_help(run):
    for command in ("compare", "extract"):
        result = run(command, "--help")
        assert result.exit_code == 0 and "Usage" in result.stdout


def test_table_stays_readable_with_50_sources(run, tree):
    files = {f"{i:02d}.txt": "The exchange said hackers stole $1.5 billion from its cold wallet."
             for i in range(1, 51)}
    files["51.txt"] = "The exchange said hackers stole $1.2 billion from its cold wallet."
    result = run("compare", tree(files))
    row = next(line for line in result.stdout.splitlines() if "$1.5B" in line)
    assert "[1-50]" in row and len(row) <= 160
    assert "[51]" in result.stdout and "conflict" in result.stdout
