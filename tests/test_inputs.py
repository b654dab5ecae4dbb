"""Reading articles: encodings, Markdown, HTML, folders and globs."""

import pytest

from crypto_diff import articles, extract, rules_loader

SENTENCE = "The fund holds 6,238 BTC \u201cin reserve\u201d, worth \u20ac5 million, the filing says."


@pytest.mark.parametrize("encoding, bom", [
    ("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"),
    ("utf-16-be", b"\xfe\xff"), ("cp1252", b""),
])
def test_encodings_are_decoded(tmp_path, encoding, bom):
    path = tmp_path / "a.txt"
    path.write_bytes(bom + SENTENCE.encode(encoding))
    article = articles.read_article(str(path), str(path))
    assert article.lines == (SENTENCE,)


def test_markdown_is_read_without_markup_and_keeps_line_numbers(run, tree):
    folder = tree({"a.md": "# Fund holds **6,238 BTC**\n\nIt bought [400 BTC](http://x.test/500-btc)\n"
                           "on *July 1, 2025*.\n\n```\n$9 billion in a code block\n```\n"})
    figures = run("extract", folder, "--format", "json").json()["figures"]
    assert [(f["text"], f["line"]) for f in figures] == [
        ("6,238 BTC", 1), ("400 BTC", 3), ("July 1, 2025", 4)]


def test_a_markdown_paragraph_is_one_text_however_its_lines_break(tmp_path):
    # a paragraph soft-wrapped before a figure is one sentence (its figures share their
    # context), while list items on consecutive lines stay apart
    path = tmp_path / "a.md"
    path.write_text("The bridge lost 173,600 ETH and\n25.5 million USDC in an exploit spotted on "
                    "March 29, 2022.\n\n- Attack: March 23, 2022\n- Validators: 5 of 9\n")
    article = articles.read_article(str(path), str(path))
    figures = extract.extract_article(article, rules_loader.load_rules(rules_loader.SHIPPED)).figures
    by_text = {f.text: f for f in figures}
    assert by_text["25.5 million USDC"].sentence == by_text["173,600 ETH"].sentence
    assert (by_text["25.5 million USDC"].line, by_text["25.5 million USDC"].column) == (2, 1)
    assert by_text["March 23, 2022"].sentence == "Attack: March 23, 2022"


def test_html_main_text_only_with_source_lines(run, tree):
    page = ("<html><head><title>t</title></head><body>\n"
            "<nav><a href='/'>Home</a> Bitcoin at $96,000</nav>\n"
            "<article>\n"
            "<p>The exchange said hackers stole $1.5 billion from its cold wallet on Friday, in the\n"
            "largest theft the industry has seen, according to the company.</p>\n"
            "<p>The company offered a bounty of up to $140 million to anyone who helps recover it.</p>\n"
            "</article>\n<footer>Subscribe for $5 a month. Updated March 3, 2025.</footer>\n</body></html>\n")
    folder = tree({"page.html": page})
    figures = run("extract", folder, "--format", "json").json()["figures"]
    assert [(f["text"], f["line"]) for f in figures] == [
        ("$1.5 billion", 4), ("up to $140 million", 6)]


def test_include_and_exclude_globs(run, tree):
    folder = tree({"a.txt": "It holds 400 BTC.", "notes/b.txt": "It holds 500 BTC.",
                   "c.rst": "It holds 600 BTC."})
    texts = lambda *args: sorted(f["text"] for f in run("extract", folder, *args, "--format", "json")
                                 .json()["figures"])
    assert texts() == ["400 BTC", "500 BTC"]
    assert texts("--exclude", "notes/*") == ["400 BTC"]
    assert texts("--include", "*.rst") == ["600 BTC"]


def test_several_paths_and_single_files(run, tree):
    folder = tree({"a.txt": "It holds 400 BTC.", "b.txt": "It holds 500 BTC."})
    result = run("extract", folder / "a.txt", folder / "b.txt", "--format", "json")
    assert [f["source"] for f in result.json()["figures"]] == [str(folder / "a.txt"), str(folder / "b.txt")]


def test_hidden_folders_are_not_searched(run, tree):
    folder = tree({".git/x.txt": "It holds 400 BTC.", "a.txt": "It holds 500 BTC."})
    assert [f["text"] for f in run("extract", folder, "--format", "json").json()["figures"]] == ["500 BTC"]
