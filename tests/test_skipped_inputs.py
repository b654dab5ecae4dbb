"""Nothing is skipped without a word, and nothing shifts a line number.

Every input left out gets a warning (a folder that cannot be listed, a path longer than
the system allows); a Markdown document nested deeper than its parser goes is read to
its end; a figure's line is the line an editor or `grep -n` shows, whatever characters
other than a line feed (U+2028, a form feed, a lone carriage return) stand in the text
before it."""
import errno
import os
from pathlib import Path

import pytest

from crypto_diff import articles

BTC_6238 = "The fund holds 6,238 BTC in reserve, the filing says.\n"
BTC_6240 = "The fund holds 6,240 BTC in reserve, the filing says.\n"


ONE_READ = ("crypto-diff: only one article was read (./a.txt): nothing to compare it with; "
            "`crypto-diff extract ./a.txt` lists its figures")


def unreadable_folder(root: Path, monkeypatch):
    (root / "a.txt").write_text(BTC_6238)
    (root / "locked").mkdir()
    (root / "locked" / "b.txt").write_text(BTC_6240)
    real = os.scandir

    def scandir(path="."):  # root may list anything: refuse this one
        if str(path).endswith("locked"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path)
    monkeypatch.setattr(os, "scandir", scandir)
    return ["compare", "."], 0, ["crypto-diff: warning: ./locked: skipped: a folder that "
                                 "cannot be listed (permission denied)", ONE_READ]


def path_too_long(root: Path, monkeypatch):
    (root / "a.txt").write_text(BTC_6238)
    limit = os.pathconf(root, "PC_PATH_MAX")
    name = "d" * 200
    deep, depth = root, 0
    top = os.open(root, os.O_RDONLY)
    try:
        handle = top
        while len(str(deep)) <= limit:  # made one level at a time, below the limit each time
            os.mkdir(name, dir_fd=handle)
            inner = os.open(name, os.O_RDONLY, dir_fd=handle)
            if handle != top:
                os.close(handle)
            handle, deep, depth = inner, deep / name, depth + 1
        fd = os.open("b.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=handle)
        os.write(fd, BTC_6240.encode())
        os.close(fd)
        os.close(handle)
    finally:
        os.close(top)
    shown = next(path for path in ("./" + "/".join([name] * k) for k in range(1, depth + 1))
                 if len(path) >= limit)  # the first folder that cannot be named
    return ["compare", "."], 0, [f"crypto-diff: warning: {shown}: skipped: a folder that cannot "
                                 f"be listed (its path is longer than the system allows)", ONE_READ]


def nested_markdown(root: Path, monkeypatch):
    (root / "a.md").write_text("- " * 10 + "deep item\n\n" + BTC_6238)
    (root / "b.md").write_text(BTC_6240)
    return ["compare", "."], 1, []


# (id, setup: (folder, monkeypatch) -> (arguments, exit status, stderr lines))
CASES = [
    ("unreadable sub-folder", unreadable_folder),
    ("path longer than the system limit", path_too_long),
    ("ten nested Markdown list markers", nested_markdown),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_every_skipped_input_gets_a_warning(run, tmp_path, monkeypatch, case):
    _, setup = case
    root = tmp_path / "work"
    root.mkdir()
    monkeypatch.chdir(root)
    args, status, stderr = setup(root, monkeypatch)
    result = run(*args)
    assert (result.exit_code, result.stderr.splitlines()) == (status, stderr)


FIGURE = "It holds 6,238 BTC."
# (id, file name, bytes, line and column of the figure, as an editor shows them)
LINES = [
    ("line separator", "a.txt", f"One\u2028two.\n{FIGURE}\n", 2, 10),
    ("paragraph separator", "a.txt", f"One\u2029two.\n{FIGURE}\n", 2, 10),
    ("form feed", "a.txt", f"One\x0ctwo.\n{FIGURE}\n", 2, 10),
    ("vertical tab", "a.txt", f"One\x0btwo.\n{FIGURE}\n", 2, 10),
    ("next line", "a.txt", f"One\x85two.\n{FIGURE}\n", 2, 10),
    ("file separator", "a.txt", f"One\x1ctwo.\n{FIGURE}\n", 2, 10),
    ("lone carriage return", "a.txt", f"One\rtwo.\n{FIGURE}\n", 2, 10),
    ("carriage return before the figure", "a.txt", f"One.\nTwo.\r{FIGURE}\n", 2, 15),
    ("windows line ends", "a.txt", f"One.\r\nTwo.\r\n{FIGURE}\r\n", 3, 10),
    ("old mac line ends", "a.txt", f"One.\rTwo.\r{FIGURE}\r", 3, 10),
    ("markdown line separator", "a.md", f"One\u2028two.\n\n{FIGURE}\n", 3, 10),
    ("markdown form feed", "a.md", f"One\x0ctwo.\n\n{FIGURE}\n", 3, 10),
    ("markdown lone carriage return", "a.md", f"One\rtwo.\n\n{FIGURE}\n", 3, 10),
    ("markdown windows line ends", "a.md", f"One.\r\n\r\n{FIGURE}\r\n", 3, 10),
]


@pytest.mark.parametrize("case", LINES, ids=[c[0] for c in LINES])
def test_line_numbers_count_line_feeds_only(run, tmp_path, case):
    _, name, text, line, column = case
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    figures = run("extract", path, "--format", "json").json()["figures"]
    assert [(f["text"], f["line"], f["column"]) for f in figures] == [("6,238 BTC", line, column)]


def test_a_markdown_document_nested_past_the_parser_s_limit_is_read_to_its_end(run, tmp_path):
    path = tmp_path / "a.md"
    path.write_text("> " * 40 + "- " * 40 + "quoted\n\n" + BTC_6238 + "\nMore: 400 BTC.\n")
    article = articles.read_article(str(path), str(path))
    assert article.lines[2:] == (BTC_6238.strip(), "", "More: 400 BTC.")
    result = run("extract", path, "--format", "json")
    assert [(f["text"], f["line"]) for f in result.json()["figures"]] == [("6,238 BTC", 3), ("400 BTC", 5)]
    assert result.stderr == (f"crypto-diff: warning: {path}: Markdown nested deeper than 100 "
                             f"levels: read as plain text\n")
