"""Invisible characters and digits of other scripts are read as what they show: a zero-width
space, word joiner, soft hyphen or zero-width joiner inside a number, a direction mark
before its unit, Arabic-Indic or full-width digits with their separators. The figure's
text, line and column still point at the file as it is written."""
import pytest

# (id, line as written, the figure's text as written, its low value, its unit)
CASES = [
    ("zero-width space", "It holds 6,\u200b238 BTC now.", "6,\u200b238 BTC", 6238, "BTC"),
    ("word joiner", "It holds 6,\u2060238 BTC now.", "6,\u2060238 BTC", 6238, "BTC"),
    ("soft hyphen", "It holds 6,2\u00ad38 BTC now.", "6,2\u00ad38 BTC", 6238, "BTC"),
    ("zero-width joiner", "It holds 6,23\u200d8 BTC now.", "6,23\u200d8 BTC", 6238, "BTC"),
    ("byte order mark", "It holds 6,238\ufeff BTC now.", "6,238\ufeff BTC", 6238, "BTC"),
    ("right-to-left mark before the unit", "It holds 6,238 \u200fBTC now.", "6,238 \u200fBTC", 6238, "BTC"),
    ("left-to-right mark inside", "It holds 6,\u200e238 BTC now.", "6,\u200e238 BTC", 6238, "BTC"),
    ("arabic-indic digits and separator", "It holds \u0666\u066c\u0662\u0663\u0668 BTC now.",
     "\u0666\u066c\u0662\u0663\u0668 BTC", 6238, "BTC"),
    ("extended arabic-indic digits", "It holds \u06f6\u066c\u06f2\u06f3\u06f8 BTC now.",
     "\u06f6\u066c\u06f2\u06f3\u06f8 BTC", 6238, "BTC"),
    ("arabic decimal separator", "It holds \u0661\u066b\u0665 BTC now.", "\u0661\u066b\u0665 BTC", 1.5, "BTC"),
    ("full-width digits and comma", "It holds \uff16\uff0c\uff12\uff13\uff18 BTC now.",
     "\uff16\uff0c\uff12\uff13\uff18 BTC", 6238, "BTC"),
    ("full-width dollar and point", "It raised \uff04\uff11\uff0e\uff15 billion.",
     "\uff04\uff11\uff0e\uff15 billion", 1.5e9, "USD"),
    ("devanagari digits", "It holds \u096c,\u0968\u0969\u096e BTC now.", "\u096c,\u0968\u0969\u096e BTC", 6238, "BTC"),
    ("invisible characters before the figure", "A\u200bB \u00adholds 6,238 BTC now.", "6,238 BTC", 6238, "BTC"),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_figures_read_through_invisible_characters_and_other_digits(run, tmp_path, case):
    _, line, text, low, unit = case
    path = tmp_path / "a.txt"
    path.write_text(f"Title\n{line}\n", encoding="utf-8")
    figures = run("extract", path, "--format", "json").json()["figures"]
    assert [(f["text"], f["low"], f["unit"]) for f in figures] == [(text, low, unit)]
    assert (figures[0]["line"], figures[0]["column"]) == (2, line.index(text) + 1)


def test_the_sentence_holds_the_figure_as_written(rules):
    from crypto_diff import extract
    line = "Its reserve\u200b holds 6,\u200b238 BTC. Later it sold \u0661\u066c\u0662\u0660\u0660 BTC."
    figures = extract.extract_text(line, rules)
    assert [f.text for f in figures] == ["6,\u200b238 BTC", "\u0661\u066c\u0662\u0660\u0660 BTC"]
    for f in figures:
        assert f.sentence[f.offset:f.offset + len(f.text)] == f.text
        assert line[f.column - 1:f.column - 1 + len(f.text)] == f.text
    assert figures[1].sentence == "Later it sold \u0661\u066c\u0662\u0660\u0660 BTC."
    assert [f.low for f in figures] == [6238, 1200]
