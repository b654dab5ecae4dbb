import pytest

from crypto_diff import compare
from crypto_diff.report.wording import format_amount, gap_text
from crypto_diff.models import Fact, Figure


def fig(low, high="same", source="a", kind="btc", unit="BTC", precision=0.5, **kw):
    high = low if high == "same" else high
    return Figure(kind=kind, unit=unit, text=str(low), source=source, line=1, column=1,
                  low=low, high=high, precision=precision, **kw)


def date(low, high="same", source="a", **kw):
    high = low if high == "same" else high
    return Figure(kind="date", unit="date", text=str(low), source=source, line=1, column=1,
                  low=low, high=high, **kw)


def worded_gap(figures, kind) -> str:
    """The gap of the verdict on figures as the report words it."""
    fact = Fact("f", "f", kind.name, figures[0].unit, tuple(figures), compare.verdict(figures, kind))
    return gap_text(fact, kind)


@pytest.fixture
def btc(rules):
    return rules.kinds["btc"]


@pytest.fixture
def usd(rules):
    return rules.kinds["usd"]


@pytest.fixture
def dates(rules):
    return rules.kinds["date"]


def test_one_source_is_single(btc):
    assert compare.verdict([fig(6238), fig(6238)], btc).verdict == "single"


def test_equal_figures_agree(btc):
    assert compare.verdict([fig(6238), fig(6238, source="b")], btc).verdict == "agree"


def test_one_very_large_value_written_two_ways_agrees(rules):
    """Half a unit of a 23-digit number is below what a float resolves: the value still
    meets itself (a network's total difficulty, written out and in trillions)."""
    count = rules.kinds["number"]
    written_out = fig(5.875e22, kind="number", unit="", precision=0.5)
    in_trillions = fig(5.875e22, kind="number", unit="", precision=5e11, source="b")
    assert compare.verdict([written_out, in_trillions], count).verdict == "agree"


def test_neighbouring_exact_figures_conflict(btc):
    v = compare.verdict([fig(6238), fig(6239, source="b")], btc)
    assert v.verdict == "conflict" and v.gap == 1


def test_over_is_an_open_lower_bound(btc):
    figures = [fig(6238), fig(6240, None, source="b", low_open=True)]
    v = compare.verdict(figures, btc)
    assert v.verdict == "conflict" and v.gap == 2 and worded_gap(figures, btc) == "2 BTC, 0.032%"
    assert compare.verdict([fig(6250), fig(6240, None, source="b", low_open=True)],
                           btc).verdict == "agree"


def test_up_to_is_an_upper_bound(rules):
    power = rules.kinds["power"]
    up_to = fig(None, 2000, source="b", kind="power", unit="MW")
    assert compare.verdict([fig(2000, kind="power", unit="MW"), up_to], power).verdict == "agree"
    assert compare.verdict([fig(2100, kind="power", unit="MW"), up_to], power).verdict == "conflict"


def test_rounded_figure_agrees_with_precise_one(usd):
    rounded = fig(2.5e9, kind="usd", unit="USD", precision=0.05e9)
    precise = fig(2.521e9, kind="usd", unit="USD", precision=0.0005e9, source="b")
    assert compare.verdict([rounded, precise], usd).verdict == "agree"


def test_hedged_values_agree_approximately_with_spread(usd):
    figures = [fig(v, kind="usd", unit="USD", precision=5e5, approx=True, source=s)
               for v, s in ((738e6, "a"), (745e6, "b"), (740e6, "c"))]
    v = compare.verdict(figures, usd)
    assert v.verdict == "approx" and v.spread == pytest.approx(0.95, abs=0.01)


def test_hedge_tolerance_has_a_limit(usd):
    figures = [fig(700e6, kind="usd", unit="USD", precision=5e5, approx=True),
               fig(745e6, kind="usd", unit="USD", precision=5e5, approx=True, source="b")]
    assert compare.verdict(figures, usd).verdict == "conflict"


def test_closed_range_contains_a_value(usd):
    rng = fig(5e6, 7e6, kind="usd", unit="USD", precision=5e5)
    assert compare.verdict([rng, fig(6e6, kind="usd", unit="USD", source="b")], usd).verdict == "agree"
    assert compare.verdict([rng, fig(9e6, kind="usd", unit="USD", source="b")], usd).verdict == "conflict"


def test_month_agrees_with_its_days_and_year(dates):
    assert compare.verdict([date("2021-09"), date("2021", source="b")], dates).verdict == "agree"
    assert compare.verdict([date("2025-07-18"), date("2025-07", source="b")], dates).verdict == "agree"


def test_month_without_year_agrees_with_any_year_of_that_month(dates):
    assert compare.verdict([date("XXXX-01"), date("2025-01", source="b")], dates).verdict == "agree"
    assert compare.verdict([date("XXXX-01"), date("2025-03", source="b")], dates).verdict == "conflict"


def test_a_quarter_or_half_is_the_days_it_covers(dates):
    assert compare.verdict([date("2024-Q1"), date("2024-02-10", source="b")], dates).verdict == "agree"
    assert compare.verdict([date("2024-Q1"), date("2024", source="b")], dates).verdict == "agree"
    assert compare.verdict([date("2024-H2"), date("2024-Q4", source="b")], dates).verdict == "agree"
    v = compare.verdict([date("2024-Q1"), date("2024-05", source="b")], dates)
    assert v.verdict == "conflict" and v.gap == 31  # March 31 to May 1
    assert compare.verdict([date("2023-Q4"), date("2024-H1", source="b")], dates).verdict == "conflict"


def test_different_days_conflict_with_the_gap(dates):
    figures = [date("2025-02-21"), date("2025-02-20", source="b")]
    v = compare.verdict(figures, dates)
    assert v.verdict == "conflict" and v.gap == 1 and worded_gap(figures, dates) == "1 day apart"


def test_after_and_before_are_open(dates):
    after = date("2020", None, low_open=True, source="b")
    assert compare.verdict([date("2021-05"), after], dates).verdict == "agree"
    assert compare.verdict([date("2020-05"), after], dates).verdict == "conflict"


def test_amounts_read_like_a_reporter_writes_them():
    assert format_amount(7e9, "USD") == "$7B"
    assert format_amount(738e6, "USD") == "$738M"
    assert format_amount(6238, "BTC") == "6,238 BTC"
    assert format_amount(1.46e9, "USD") == "$1.46B"


@pytest.mark.parametrize("round_, precise, expected", [
    (80000, 80081, "approx"),  # "its 80,000 bitcoin" and "80,081 BTC": a rounding
    (6200, 6238, "approx"),
    (80000, 90000, "conflict"),  # further apart than the kind's tolerance
    (6240, 6238, "conflict"),  # one trailing zero is a digit, not a rounding
    (80000, 80000, "agree"),
])
def test_round_figures_approximately_agree_with_what_they_round(btc, round_, precise, expected):
    verdict = compare.verdict([fig(round_), fig(precise, source="b")], btc)
    assert verdict.verdict == expected


def test_a_round_threshold_is_still_a_threshold(btc):
    # "over 6,200 BTC" excludes 6,199 however round 6,200 is
    verdict = compare.verdict([fig(6200, None, low_open=True), fig(6199, source="b")], btc)
    assert verdict.verdict == "conflict"


def test_a_conflict_names_its_odd_one_out(btc):
    figures = [fig(6238, source="a"), fig(6238, source="b"), fig(6238, source="c"),
               fig(6240, None, source="d", low_open=True)]
    assert compare.verdict(figures, btc).odd == ("d",)


def test_no_odd_one_out_between_two_sources_or_two_even_sides(btc):
    assert compare.verdict([fig(6238, source="a"), fig(6300, source="b")], btc).odd == ()
    even = [fig(6238, source="a"), fig(6238, source="b"), fig(6300, source="c"), fig(6300, source="d")]
    assert compare.verdict(even, btc).odd == ()


def test_the_odd_ones_out_are_the_fewest_that_leave_the_rest_agreeing(btc):
    figures = [fig(100, source=s) for s in "abcde"] + [fig(120, source="f"), fig(90, source="g")]
    assert compare.verdict(figures, btc).odd == ("f", "g")


def test_the_odd_ones_out_found_on_the_line_are_those_found_by_trying_every_choice(btc, dates):
    import random
    rng = random.Random(5)
    for _ in range(150):
        figures = []
        for i in range(rng.randint(2, 7)):
            source = "abcdefg"[i]
            for _ in range(rng.choice((1, 1, 2))):
                value = rng.choice((6238, 6240, 6240, 6300, 6100))
                kind = rng.choice(("plain", "over", "under", "about"))
                figures.append(fig(value, None if kind == "over" else value, source=source,
                                   low_open=kind == "over", approx=kind == "about")
                               if kind != "under" else
                               fig(None, value, source=source, high_open=True))
        by_source = {}
        for f in figures:
            by_source.setdefault(f.source, []).append(f)
        if any(not compare.compatible(own, btc) for own in by_source.values()):
            continue  # one source's statements never disagree within a fact
        assert compare.odd_ones(figures, btc) == compare._odd_ones_by_trying(by_source, btc), figures
    for _ in range(100):
        figures = [date(rng.choice(("2025-07-18", "2025-07-17", "2025-07", "2025")), source=s)
                   for s in "abcdef"[:rng.randint(2, 6)]]
        by_source = {f.source: [f] for f in figures}
        assert compare.odd_ones(figures, dates) == compare._odd_ones_by_trying(by_source, dates)
