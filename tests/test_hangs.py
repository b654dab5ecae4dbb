"""Nothing hangs. A FIFO or a device among the articles (in a folder, or named on the
command line) is skipped with a warning instead of waiting on it; a single-line article
costs what the same text with line breaks costs (the work on one line grows linearly
with its length); a rules file or a baseline full of aliases ("billion laughs") is
refused at once. Each case runs the real command in a process of its own, under a
timeout."""
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import MINIMAL_RULES, SEEDS

GOOD = "The exchange said hackers stole $1.5 billion from its cold wallet on Friday.\n"
OTHER = "Hackers stole $1.5 billion from the exchange's cold wallet, it said.\n"


def crypto_diff(*args, cwd, timeout=60, stdin=subprocess.DEVNULL):
    return subprocess.run([sys.executable, "-m", "crypto_diff", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=timeout, stdin=stdin)


def two_good(root: Path):
    (root / "a.txt").write_text(GOOD)
    (root / "b.txt").write_text(OTHER)


def fifo_in_folder(root: Path):
    two_good(root)
    os.mkfifo(root / "pipe.txt")
    return ["compare", "."], 0, ["crypto-diff: warning: ./pipe.txt: skipped: not a regular file (a FIFO)"]


def fifo_on_the_command_line(root: Path):
    two_good(root)
    os.mkfifo(root / "pipe.txt")
    return (["compare", "a.txt", "pipe.txt", "b.txt"], 0,
            ["crypto-diff: warning: pipe.txt: skipped: not a regular file (a FIFO)"])


def only_a_fifo(root: Path):
    os.mkfifo(root / "pipe.md")
    return (["compare", "pipe.md"], 2,
            ["crypto-diff: warning: pipe.md: skipped: not a regular file (a FIFO)",
             "crypto-diff: error: pipe.md: no article could be read (every input was skipped)"])


def link_to_a_fifo(root: Path):
    two_good(root)
    os.mkfifo(root / "pipe")
    (root / "article.txt").symlink_to("pipe")
    return ["compare", "."], 0, ["crypto-diff: warning: ./article.txt: skipped: not a regular file (a FIFO)"]


def _device(root: Path, name: str, numbers: tuple):
    try:
        os.mknod(root / name, 0o666 | stat.S_IFCHR, os.makedev(*numbers))
    except OSError:
        pytest.skip("device nodes cannot be made here (not root)")


def zero_device_in_folder(root: Path):
    two_good(root)
    _device(root, "zero.txt", (1, 5))  # reads as /dev/zero does: zeros, without end
    return (["compare", ".", "--max-size", str(10 ** 15)], 0,
            ["crypto-diff: warning: ./zero.txt: skipped: not a regular file (a character device)"])


def fifo_as_rules(root: Path):
    two_good(root)
    os.mkfifo(root / "r.yaml")
    return (["compare", ".", "--rules", "r.yaml"], 2,
            ["crypto-diff: error: r.yaml: cannot read rules file: not a regular file (a FIFO)"])


def fifo_as_baseline(root: Path):
    two_good(root)
    os.mkfifo(root / "base.yaml")
    return (["compare", ".", "--baseline", "base.yaml"], 2,
            ["crypto-diff: error: base.yaml: cannot read baseline: not a regular file (a FIFO)"])


ALIAS_BOMB = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def alias_bomb_rules(root: Path):
    two_good(root)
    (root / "r.yaml").write_text(MINIMAL_RULES + "pieces:\n  x: 'a'\n" + "furniture:\n  lines:\n"
                                 + "".join(f"    - &l{i} [" + ", ".join([f"*l{i - 1}"] * 9 if i else ["'x'"] * 9) + "]\n"
                                           for i in range(10)))
    return (["compare", ".", "--rules", "r.yaml"], 2,
            ["crypto-diff: error: r.yaml:16:12: YAML aliases that expand to more than 10000 "
             'values (a "billion laughs"): a rules file may use only a few'])


def alias_bomb_baseline(root: Path):
    two_good(root)
    (root / "base.yaml").write_text(ALIAS_BOMB + "version: 1\ncontradictions:\n"
                                    "  - {kind: usd, unit: USD, values: *i}\n")
    return (["compare", ".", "--baseline", "base.yaml"], 2,
            ["crypto-diff: error: base.yaml:5:8: YAML aliases that expand to more than 10000 "
             'values (a "billion laughs"): a baseline may use only a few'])


def many_aliases_in_rules(root: Path):
    two_good(root)
    (root / "r.yaml").write_text(MINIMAL_RULES + "plural_nouns: [&w people, " + ", ".join(["*w"] * 101) + "]\n")
    return (["compare", ".", "--rules", "r.yaml"], 2,
            ["crypto-diff: error: r.yaml:8:427: too many YAML aliases (more than 100): "
             "a rules file may use only a few"])


# (id, setup: folder -> (arguments, exit status, stderr lines))
CASES = [
    ("fifo in a folder", fifo_in_folder),
    ("fifo on the command line", fifo_on_the_command_line),
    ("only a fifo", only_a_fifo),
    ("link to a fifo", link_to_a_fifo),
    ("zero device, huge size limit", zero_device_in_folder),
    ("fifo as rules", fifo_as_rules),
    ("fifo as baseline", fifo_as_baseline),
    ("alias bomb in rules", alias_bomb_rules),
    ("alias bomb in a baseline", alias_bomb_baseline),
    ("many aliases in rules", many_aliases_in_rules),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_nothing_waits_forever(tmp_path, case):
    _, setup = case
    root = tmp_path / "work"
    root.mkdir()
    (root / "rules.yaml").write_text(MINIMAL_RULES)  # the rules of the folder: quick to compile
    args, status, stderr = setup(root)
    done = crypto_diff(*args, cwd=root, timeout=60)
    assert (done.returncode, done.stderr.splitlines()) == (status, stderr)


def test_standard_input_that_is_a_pipe_is_still_read(tmp_path):
    (tmp_path / "rules.yaml").write_text(MINIMAL_RULES)
    done = subprocess.run([sys.executable, "-m", "crypto_diff", "extract", "-", "--format", "json"],
                          input="The fund paid $6238.\n", capture_output=True, text=True,
                          timeout=60, cwd=tmp_path)
    assert done.returncode == 0 and '"$6238"' in done.stdout, done.stderr


def _timed(rules, text: str, tmp_path: Path) -> float:
    from crypto_diff import pipeline
    path = tmp_path / f"article{len(text)}{text.count(chr(10))}.txt"
    path.write_text(text)
    start = time.perf_counter()
    found = pipeline.read_and_extract([str(path)], rules)
    pipeline.facts(found, rules)
    return time.perf_counter() - start


def test_a_single_line_article_costs_what_its_text_with_line_breaks_costs(rules, tmp_path, monkeypatch):
    monkeypatch.setenv("CRYPTO_DIFF_NO_CACHE", "1")
    # lower case: no sentence ends the rules can see, the worst case for one line
    paragraphs = [" ".join(line.split()).lower() for path in sorted(SEEDS.glob("*.txt"))
                  for line in path.read_text().splitlines() if line.strip()]
    paragraphs = paragraphs * (250_000 // sum(map(len, paragraphs)) + 1)
    rules.scanner  # compiled before the clock starts
    broken = _timed(rules, "\n".join(paragraphs) + "\n", tmp_path)
    single = _timed(rules, " ".join(paragraphs) + "\n", tmp_path)
    assert single < 3 * broken + 1, (single, broken)


def test_a_long_line_keeps_each_figure_whole_in_a_sentence_of_bounded_length(rules):
    from crypto_diff import extract
    text = " ".join(f"item {i} of the list paid $1.5 billion in june, for {i % 7} holders" for i in range(400))
    figures = extract.extract_text(text, rules)
    assert [f.text for f in figures].count("$1.5 billion") == 400
    for f in figures:
        assert f.sentence[f.offset:f.offset + len(f.text)] == f.text
        assert len(f.sentence) <= extract.MAX_SENTENCE
    assert len({f.sentence_id for f in figures}) > 400 * 60 // extract.MAX_SENTENCE
    assert len({f.sentence_id[0] for f in figures}) > 1  # parts of the line stand for blocks
