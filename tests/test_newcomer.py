"""What a newcomer tripped on, each reproduced."""


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
