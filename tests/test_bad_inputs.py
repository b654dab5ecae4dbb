"""Bad input of every kind: a clear answer, the right exit status, no traceback, and
nothing on disk changed. Each case builds its own folder, runs one command and checks
the exit status, that every message is one line naming the file, and that the files
are byte for byte as they were."""
import hashlib
import os
from pathlib import Path

import pytest

from crypto_diff import articles

from conftest import MINIMAL_RULES

GOOD = "The exchange said hackers stole $1.5 billion from its cold wallet on Friday.\n"
OTHER = "Hackers stole $1.5 billion from the exchange's cold wallet, it said.\n"
RULES_OK = MINIMAL_RULES


def two_good(root: Path):
    (root / "a.txt").write_text(GOOD)
    (root / "b.txt").write_text(OTHER)


def with_file(name, content):
    def setup(root: Path):
        two_good(root)
        path = root / name
        path.write_bytes(content) if isinstance(content, bytes) else path.write_text(content)
    return setup


def rules_file(content):
    def setup(root: Path):
        two_good(root)
        (root / "r.yaml").write_bytes(content) if isinstance(content, bytes) \
            else (root / "r.yaml").write_text(content)
    return setup


def baseline_file(content):
    def setup(root: Path):
        two_good(root)
        (root / "base.yaml").write_text(content)
    return setup


def broken_link(root: Path):
    two_good(root)
    os.symlink(root / "gone.txt", root / "link.txt")


def link_loop(root: Path):
    two_good(root)
    os.symlink(root / "loop2.txt", root / "loop1.txt")
    os.symlink(root / "loop1.txt", root / "loop2.txt")


def folder_loop(root: Path):
    two_good(root)
    (root / "sub").mkdir()
    os.symlink(root, root / "sub" / "up")


def only(name, content):
    def setup(root: Path):
        path = root / name
        path.write_bytes(content) if isinstance(content, bytes) else path.write_text(content)
    return setup


def nothing(root: Path):
    pass


def baseline_folder(root: Path):
    two_good(root)
    (root / "base.yaml").mkdir()


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
UNDECODABLE = b"Hackers stole \x81\x8d\x8f\x90\x9d $5 " * 20
CATASTROPHIC = RULES_OK.replace("'\\$(?P<num>\\d+)'", "'(?P<num>(a|aa)+$)'")

# (id, setup, arguments, exit status, text every message must hold, warning or error)
CASES = [
    # articles
    ("missing path", nothing, ["compare", "nope"], 2, "nope: no such file or folder", "error"),
    ("missing file among paths", two_good, ["compare", "a.txt", "gone.txt"], 2, "gone.txt", "error"),
    ("empty folder", nothing, ["compare", "."], 2, "no article found", "error"),
    ("folder of other files", only("data.csv", "a,b\n"), ["compare", "."], 2, "no article found", "error"),
    ("only an empty article", only("a.txt", ""), ["compare", "."], 2, "no article could be read", "error"),
    ("only whitespace", only("a.txt", "  \n\n\t\n"), ["compare", "."], 2, "a.txt: skipped: empty", "warning"),
    ("binary file", with_file("image.txt", PNG), ["compare", "."], 0, "image.txt: skipped: binary", "warning"),
    ("empty file", with_file("empty.md", ""), ["compare", "."], 0, "empty.md: skipped: empty", "warning"),
    ("undecodable", with_file("bad.txt", UNDECODABLE), ["compare", "."], 0, "bad.txt: skipped", "warning"),
    ("utf-16 without bom", with_file("u16.txt", GOOD.encode("utf-16-le")), ["compare", "."], 0,
     "u16.txt: skipped: binary", "warning"),
    ("broken symlink", broken_link, ["compare", "."], 0, "link.txt: skipped: a broken symbolic link", "warning"),
    ("symlink loop", link_loop, ["compare", "."], 0, "skipped: a symbolic link loop", "warning"),
    ("folder link loop", folder_loop, ["compare", "."], 0, None, None),
    ("over the size limit", with_file("big.txt", GOOD * 50), ["compare", ".", "--max-size", "1000"], 0,
     "big.txt: skipped: larger than the size limit", "warning"),
    ("size limit of zero", two_good, ["compare", ".", "--max-size", "0"], 2, "--max-size", "error"),
    ("html without article", with_file("page.html", "<html><head><title>x</title></head><body></body></html>"),
     ["compare", "."], 0, "page.html: skipped: no article text", "warning"),
    ("a folder given as rules", two_good, ["compare", ".", "--rules", "."], 2, "cannot read rules file", "error"),
    ("unknown format", two_good, ["compare", ".", "--format", "xml"], 2, "--format", "error"),
    ("unknown option", two_good, ["compare", ".", "--colour", "always"], 2, "--colour", "error"),
    ("no path at all", nothing, ["compare"], 2, "Missing argument", "error"),
    # rules
    ("rules missing", two_good, ["compare", ".", "--rules", "none.yaml"], 2, "none.yaml: rules file not found", "error"),
    ("rules yaml syntax", rules_file("version: 1\nextractors: [\n"), ["compare", ".", "--rules", "r.yaml"], 2,
     "r.yaml:3:1: YAML syntax error", "error"),
    ("rules misspelt key", rules_file(RULES_OK.replace("pattern:", "patern:")),
     ["compare", ".", "--rules", "r.yaml"], 2, "r.yaml:7:5: unknown key 'patern' in 'extractors.0' (did you mean 'pattern'?)", "error"),
    ("rules wrong type", rules_file(RULES_OK.replace("{unit: USD}", "{unit: USD, band: wide}")),
     ["compare", ".", "--rules", "r.yaml"], 2, "r.yaml:3:26: 'kinds.usd.band' must be a number", "error"),
    ("rules bad pattern", rules_file(RULES_OK.replace("\\d+)'", "\\d+'")),
     ["compare", ".", "--rules", "r.yaml"], 2, "r.yaml:7:14: pattern does not compile", "error"),
    ("rules no named group", rules_file(RULES_OK.replace("(?P<num>\\d+)", "(\\d+)")),
     ["compare", ".", "--rules", "r.yaml"], 2, "r.yaml:7:14: extractor 'usd' has no named group", "error"),
    ("rules undefined piece", rules_file(RULES_OK.replace("(?P<num>\\d+)", "{amont}")),
     ["compare", ".", "--rules", "r.yaml"], 2, "undefined piece '{amont}'", "error"),
    ("rules duplicate id", rules_file(RULES_OK + "  - {id: usd, kind: usd, pattern: '(?P<num>1)'}\n"),
     ["compare", ".", "--rules", "r.yaml"], 2, "r.yaml:8:10: duplicate extractor id 'usd'", "error"),
    ("rules unknown kind", rules_file(RULES_OK.replace("kind: usd", "kind: eur")),
     ["compare", ".", "--rules", "r.yaml"], 2, "unknown kind 'eur'", "error"),
    ("rules unknown version", rules_file(RULES_OK.replace("version: 1", "version: 2")),
     ["compare", ".", "--rules", "r.yaml"], 2, "r.yaml:1:10: unknown rules version 2", "error"),
    ("rules empty", rules_file(""), ["compare", ".", "--rules", "r.yaml"], 2, "the rules file is empty", "error"),
    ("rules binary", rules_file(b"\xff\xd8\xff\xe0" * 10), ["compare", ".", "--rules", "r.yaml"], 2,
     "r.yaml: cannot read rules file", "error"),
    ("rules not a mapping", rules_file("- a\n- b\n"), ["compare", ".", "--rules", "r.yaml"], 2,
     "r.yaml:1:1: the rules file must be a mapping", "error"),
    ("rules bad timeout", rules_file(RULES_OK + "timeout: 0\n"), ["compare", ".", "--rules", "r.yaml"], 2,
     "timeout must be more than 0", "error"),
    ("rules catastrophic pattern",
     lambda root: (rules_file(CATASTROPHIC)(root), (root / "c.txt").write_text("a" * 40 + "!\n")),
     ["compare", ".", "--rules", "r.yaml"], 2, "r.yaml:5: extractor 'usd' ran past the 1 s time budget of ./c.txt", "error"),
    ("rules check broken", rules_file("version: 1\n"), ["rules", "check", "r.yaml"], 2,
     "r.yaml:1:1: the rules file needs 'extractors'", "error"),
    # baselines
    ("baseline missing", two_good, ["compare", ".", "--baseline", "none.yaml"], 2, "none.yaml: baseline not found", "error"),
    ("baseline yaml syntax", baseline_file("version: 1\ncontradictions: [\n"),
     ["compare", ".", "--baseline", "base.yaml"], 2, "base.yaml:3:1: baseline is not valid YAML", "error"),
    ("baseline unknown version", baseline_file("version: 3\ncontradictions: []\n"),
     ["compare", ".", "--baseline", "base.yaml"], 2, "base.yaml: unknown baseline version 3", "error"),
    ("baseline without version", baseline_file("contradictions: []\n"),
     ["compare", ".", "--baseline", "base.yaml"], 2, "base.yaml: not a crypto-diff baseline", "error"),
    ("baseline wrong entries", baseline_file("version: 1\ncontradictions: 5\n"),
     ["compare", ".", "--baseline", "base.yaml"], 2, "base.yaml: 'contradictions' must be a list", "error"),
    ("baseline is a folder", baseline_folder, ["compare", ".", "--baseline", "base.yaml"], 2,
     "base.yaml: this folder was taken as the baseline file", "error"),
    ("baseline written into a missing folder", two_good, ["baseline", ".", "--baseline", "no/such/b.yaml"], 2,
     "no/such/b.yaml: cannot write", "error"),
    # output
    ("output into a missing folder", two_good, ["compare", ".", "--output", "no/such/r.json"], 2,
     "no/such/r.json: cannot write", "error"),
    ("output onto a folder", lambda root: (two_good(root), (root / "out").mkdir()),
     ["compare", ".", "--format", "json", "--output", "out"], 2, "out: cannot write", "error"),
]


def snapshot(root: Path) -> dict:
    state = {}
    for folder, dirs, files in os.walk(root, followlinks=False):
        for name in dirs + files:
            path = Path(folder) / name
            if path.is_symlink():
                state[str(path)] = "link:" + os.readlink(path)
            elif path.is_file():
                state[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                state[str(path)] = "dir"
    return state


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_bad_input(run, tmp_path, monkeypatch, case):
    name, setup, args, status, expected, level = case
    root = tmp_path / "work"
    root.mkdir()
    setup(root)
    monkeypatch.chdir(root)
    before = snapshot(root)
    result = run(*args)
    assert result.exit_code == status, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.splitlines()
    if level == "error":  # warnings may come first; one error line ends the run
        assert [l for l in lines if l.startswith("crypto-diff: error: ")] == lines[-1:]
    for line in lines:
        assert line.startswith(("crypto-diff: error: ", "crypto-diff: warning: ")), line
    if expected:
        assert any(expected in line for line in lines), lines
    assert snapshot(root) == before


def test_at_least_thirty_distinct_cases():
    assert len({c[0] for c in CASES}) >= 30


def test_unreadable_file_is_skipped_with_a_warning(run, tmp_path, monkeypatch):
    root = tmp_path / "work"
    root.mkdir()
    two_good(root)
    (root / "secret.txt").write_text(GOOD)
    real_read = articles.read_regular

    def guarded_read(path, *args, **kwargs):  # root may read anything: refuse this one
        if str(path).endswith("secret.txt"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_read(path, *args, **kwargs)
    monkeypatch.setattr(articles, "read_regular", guarded_read)
    result = run("compare", root)
    assert result.exit_code == 0
    assert result.stderr == f"crypto-diff: warning: {root}/secret.txt: skipped: permission denied\n"


def test_stdin_that_is_empty_is_an_error(run):
    result = run("compare", "-", input="")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == ["crypto-diff: warning: <stdin>: skipped: empty",
                                          "crypto-diff: error: -: no article could be read "
                                          "(every input was skipped)"]
