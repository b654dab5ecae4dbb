"""What an article's context makes explicit in its figures (refine.py): the years of
dates written without one, the units of bare counts, prices and changes."""
import pytest

from crypto_diff.extract import extract_text


def dates(text, rules, published):
    return [(f.text, f.low, f.high) for f in extract_text(text, rules, published=published)
            if f.kind == "date"]


@pytest.mark.parametrize("text, published, expected", [
    ("It produced 2,195 bitcoins over the first quarter.", "2023-04-04", "2023-Q1"),
    ("Boosted by its second-quarter earnings, the stock rose.", "2024-03-21", "2024-Q2"),
    ("Its fourth-quarter loss widened.", "2024-02-10", "2023-Q4"),
    ("A breakout failed in November last year.", "2022-03-14", "2021-11"),
    ("The trouble began early last year.", "2019-02-01", "2018"),
    ("Three years ago the bank considered a ban.", "2021-10-14", "2018"),
    ("Two months ago the bank considered a ban.", "2021-01-14", "2020-11"),
    ("Last December, the fund was launched.", "2024-06-15", "2023-12"),
    ("The fund will launch next March.", "2024-06-15", "2025-03"),
])
def test_a_date_without_a_year_takes_it_from_the_articles_date(rules, text, published, expected):
    assert [low for _, low, _ in dates(text, rules, published)] == [expected]


def test_a_month_listed_with_a_dated_one_takes_its_year(rules):
    found = dates("Ownership surged in July and December of 2021.", rules, "2022-08-01")
    assert [low for _, low, _ in found] == ["2021-07", "2021-12"]


def test_since_a_day_of_this_year_is_an_open_interval(rules):
    found = dates("The funds, trading since Jan. 11 of this year, saw outflows.", rules, "2024-01-26")
    assert [(low, high) for _, low, high in found] == [("2024-01-11", None)]


def test_a_relative_year_without_the_articles_date_is_no_figure(rules):
    assert dates("The trouble began early last year.", rules, None) == []
