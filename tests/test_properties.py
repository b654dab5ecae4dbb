"""Property-based tests: every way of writing an amount normalizes to the right interval,
and no text, however strange, makes extraction or grouping fail or hang."""
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crypto_diff import group
from crypto_diff.extract import anchors, extract_text

SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
SHORT = {"k": 1e3, "m": 1e6, "bn": 1e9}
HEDGES = {
    None: (False, "point"), "over": (False, "gt"), "more than": (False, "gt"),
    "at least": (False, "ge"), "up to": (False, "le"), "under": (False, "lt"),
    "nearly": (False, "lt"), "about": (True, "point"), "approximately": (True, "point"),
    "~": (True, "point"), "roughly": (True, "point"),
}


@st.composite
def written_amounts(draw):
    whole = draw(st.integers(min_value=1, max_value=999_999))
    decimals = draw(st.sampled_from(["", "5", "25", "125"]))
    commas = draw(st.booleans())
    number = f"{whole:,}" if commas else str(whole)
    if decimals:
        number += "." + decimals
    value = float(number.replace(",", ""))
    form = draw(st.sampled_from(["sign", "words", "us-short"]))
    if form == "us-short":
        word = draw(st.sampled_from(sorted(SHORT)))
        text, scale = f"US${number}{word}", SHORT[word]
    else:
        word = draw(st.sampled_from(sorted(SCALES)))
        scale = SCALES[word]
        text = f"${number} {word}" if form == "sign" else f"{number} {word} dollars"
    hedge = draw(st.sampled_from(list(HEDGES)))
    if hedge == "~":
        text = "~" + text
    elif hedge:
        text = f"{hedge} {text}"
    return text, value * scale, hedge


@settings(max_examples=300, deadline=None)
@given(written_amounts(), st.sampled_from(["The fund raised {} last year.", "{}", "Up {} on Friday"]))
def test_any_written_usd_amount_normalizes_to_its_interval(rules, amount, frame):
    text, value, hedge = amount
    found = [f for f in extract_text(frame.format(text), rules) if f.kind == "usd"]
    assert len(found) == 1, (text, [f.text for f in found])
    [figure] = found
    approx, meaning = HEDGES[hedge]
    assert figure.approx is approx
    expected = {"point": (value, value, False, False), "gt": (value, None, True, False),
                "ge": (value, None, False, False), "lt": (None, value, False, True),
                "le": (None, value, False, False)}[meaning]
    got = (figure.low, figure.high, figure.low_open, figure.high_open)
    for want, have in zip(expected, got):
        if isinstance(want, float):
            assert abs(have - want) <= 1e-9 * want, (text, got)
        else:
            assert have == want, (text, got)


@settings(max_examples=300, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=2000))
def test_any_unicode_text_extracts_without_error(rules, text):
    for figure in extract_text(text, rules):
        assert figure.kind in rules.kinds
        assert figure.text and figure.line >= 1 and figure.column >= 1


@settings(max_examples=100, deadline=3000, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(alphabet=st.characters(), max_size=400)
                .map(lambda t: t + " holds 400 BTC, worth $30 million, since 2021."),
                min_size=1, max_size=4))
def test_any_set_of_texts_groups_without_error(rules, texts):
    figures = [f for i, t in enumerate(texts) for f in extract_text(t, rules, f"{i}.txt")]
    facts = group.group(figures, [], rules)
    assert sum(len(f.figures) for f in facts) == len(group.compared(figures, rules))


FIGURES = st.sampled_from(["0 BTC", "0.0 BTC", "$0", "400 BTC", "$5 million", "over 7 BTC",
                           "up to $3 billion", "about 2,000 MW", "between $1 and $2",
                           "January 2025", "since 2021", "XX", "3% of supply", "8 exchanges",
                           "0 exchanges", "in May", "€0", "$1-$0"])


@settings(max_examples=150, deadline=3000, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.tuples(st.sampled_from(["The fund holds", "It sold", "Reports say",
                                                    "Miners mined"]), FIGURES),
                         min_size=1, max_size=5), min_size=1, max_size=5))
def test_any_mix_of_figures_and_sources_groups_and_compares(rules, articles):
    texts = {f"{i}.txt": " ".join(f"{lead} {fig}." for lead, fig in sentences)
             for i, sentences in enumerate(articles)}
    figures = [f for name, text in texts.items() for f in extract_text(text, rules, name)]
    facts = group.group(figures, [], rules)
    assert sum(len(f.figures) for f in facts) == len(group.compared(figures, rules))
    for fact in facts:
        assert fact.verdict.verdict in ("agree", "approx", "conflict", "single")


PIECES = ["US", "us", "U.S.", "$", "A$", "5", "12", ",", ".", "-", " ", "  ", "a", "an", "A",
          "million", "the", "The", "fourth", "month", "of", "May", "may", "Dec", "Decem",
          "twenty", "one", "EUR", "TRY", "try", "é", "_", "ரூ", "half", "hundred", "\u00a0",
          "Mar", "March", "x", "dollar", "dollars", "S", "HK", "first", "quarter", "Rs"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=14))
def test_anchors_are_exactly_where_the_anchor_patterns_match(rules, pieces):
    """However words, signs and digits run together, trying each word alone first finds
    the same places as trying the word anchor at every place."""
    text = "".join(pieces)
    both = regex.compile(f"{rules.anchor.pattern}|{rules.word_anchor.pattern}")
    assert anchors(text, rules) == [m.start() for m in both.finditer(text)]
