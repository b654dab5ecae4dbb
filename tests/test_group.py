from dataclasses import replace

from crypto_diff import group, rules_loader
from crypto_diff.text import stem
from crypto_diff.extract import extract_text


def figures_of(rules, texts: dict):
    out = []
    for source, text in texts.items():
        out.extend(extract_text(text, rules, source))
    return out


def by_text(facts):
    return [sorted(f.text for f in fact.figures) for fact in facts]


def test_same_fact_across_sources_is_grouped(rules):
    facts = group.group(figures_of(rules, {
        "a": "The exchange said hackers stole $1.5 billion in ether from its cold wallet.",
        "b": "Hackers stole $1.5 billion from the exchange's cold wallet, it said.",
    }), [], rules)
    assert by_text(facts) == [["$1.5 billion", "$1.5 billion"]]
    assert facts[0].verdict.verdict == "agree"


def test_values_of_one_frame_are_one_fact_however_far_apart_short_of_tenfold(rules):
    facts = group.group(figures_of(rules, {
        "a": "The exchange said hackers stole $1.5 billion from its cold wallet.",
        "b": "The exchange said hackers stole $625 million from its cold wallet.",
    }), [], rules)
    assert [f.verdict.verdict for f in facts] == ["conflict"]
    apart = group.group(figures_of(rules, {
        "a": "The exchange said hackers stole $1.5 billion from its cold wallet.",
        "b": "The exchange said hackers stole $15 million from its cold wallet.",
    }), [], rules)
    assert len(apart) == 2 and all(f.verdict.verdict == "single" for f in apart)


def test_a_contradiction_still_forms(rules):
    facts = group.group(figures_of(rules, {
        "a": "The treasury now holds 6,238 BTC in its strategic reserve, worth $738 million.",
        "b": "The treasury now holds over 6,240 BTC in its strategic reserve, worth $740 million.",
    }), [], rules)
    [btc] = [f for f in facts if f.kind == "btc"]
    assert len(btc.figures) == 2 and btc.verdict.verdict == "conflict"


def test_restatement_in_one_source_joins_the_fact(rules):
    facts = group.group(figures_of(rules, {
        "a": "Exchange loses $2.5B in hack\nThe exchange lost $2.521 billion in the hack, it said.",
        "b": "The exchange lost $2.52 billion in the hack on Friday.",
    }), [], rules)
    assert by_text(facts) == [sorted(["$2.5B", "$2.521 billion", "$2.52 billion"])]
    assert facts[0].verdict.verdict == "agree"


def test_a_source_that_contradicts_itself_is_marked(rules):
    facts = group.group(figures_of(rules, {
        "a": "The fund holds 400 BTC, its filing shows. The fund holds 500 BTC, its filing shows.",
        "b": "The fund holds 400 BTC, according to its filing.",
    }), [], rules)
    [fact] = facts
    assert fact.contradicts_itself == ("a",) and fact.verdict.verdict == "conflict"


def test_a_source_stating_two_things_keeps_them_apart(rules):
    facts = group.group(figures_of(rules, {
        "a": "The fund holds 400 BTC. It sold 500 BTC last year.",
    }), [], rules)
    assert len(facts) == 2 and not any(f.contradicts_itself for f in facts)


def test_other_subject_in_the_same_story_is_not_compared(rules):
    facts = group.group(figures_of(rules, {
        "a": "Bybit lost $1.46 billion to hackers. The Ronin bridge lost $625 million in 2022.",
        "b": "Bybit lost $1.5 billion to hackers. The Ronin bridge hack cost $625 million in 2022.",
        "c": "The Poly Network theft took $611 million in 2021.",
    }), [], rules)
    assert not any(f.verdict.verdict == "conflict" for f in facts)


def test_furniture_takes_part_in_no_fact(rules):
    figures = figures_of(rules, {"a": "Dec.02 2025", "b": "Dec.02 2025"})
    figures = [replace(f, furniture=True) for f in figures]
    assert group.group(figures, [], rules) == []


def test_declared_fact_pins_and_names_a_group(rules):
    text = rules_loader.SHIPPED.read_text().replace(
        "facts: []",
        "facts:\n  - {id: reserve, label: Treasury reserve, kind: btc, context: '(?i)reserve'}")
    declared = rules_loader.parse_rules(text, "custom.yaml")
    facts = group.group(figures_of(declared, {
        "a": "Its reserve is 6,238 BTC.",
        "b": "A total of 6,238 BTC sits in the national reserve.",
        "c": "Miners sold 6,238 BTC last week.",
    }), [], declared)
    [pinned] = [f for f in facts if f.declared]
    assert pinned.id == "reserve" and pinned.label == "Treasury reserve"
    assert sorted(f.source for f in pinned.figures) == ["a", "b"]


def test_stems_join_word_forms():
    assert stem("holdings") == stem("holds") == stem("holding")
    assert stem("adopted") == stem("adopt")


def test_counts_compare_only_with_counts_of_the_same_noun(rules):
    facts = group.group(figures_of(rules, {
        "a": "The exchange lists 8 exchanges as partners, the firm said.",
        "b": "The exchange lists 9 exchanges as partners, the firm said.",
        "c": "The exchange lists 9 employees as partners, the firm said.",
    }), [], rules)
    [counted] = [f for f in facts if f.unit == "exchange"]
    assert counted.verdict.verdict == "conflict" and len(counted.figures) == 2
    assert all(f.unit != "" for f in facts)  # a bare number compares with nothing


def test_other_currencies_are_never_compared_with_usd(rules):
    facts = group.group(figures_of(rules, {
        "a": "The regulator fined the exchange $5 million on Monday.",
        "b": "The regulator fined the exchange €5 million on Monday.",
    }), [], rules)
    assert sorted(f.unit for f in facts) == ["EUR", "USD"]
    assert all(f.verdict.verdict == "single" for f in facts)


def test_prices_are_listed_but_never_compared(rules):
    figures = figures_of(rules, {
        "a": "Bitcoin fell to $85,000 after the order, with BTC at $85,000 by noon.",
        "b": "Bitcoin slid below $86,000 after the order, with BTC at $86,500 by noon.",
    })
    assert {f.kind for f in figures} == {"price"}
    assert group.group(figures, [], rules) == []


def test_zero_values_group_without_error(rules):
    facts = group.group(figures_of(rules, {
        "a": "The fund holds 0 BTC today. The fund still holds 0 BTC, it said. It sold 5 BTC.",
        "b": "The fund holds 0 BTC, its filing shows.",
    }), [], rules)
    assert sum(len(f.figures) for f in facts) == 4


def test_amounts_dated_a_year_apart_are_not_one_fact(rules):
    facts = group.group(figures_of(rules, {
        "a": "The exchange had 5 million users in 2023, its annual report said.",
        "b": "The exchange had 6 million users in 2024, its annual report said.",
    }), [], rules)
    counts = [f for f in facts if f.unit == "user"]
    assert len(counts) == 2 and all(f.verdict.verdict == "single" for f in counts)


def test_amounts_dated_alike_still_conflict(rules):
    facts = group.group(figures_of(rules, {
        "a": "The exchange had 5 million users in 2024, its annual report said.",
        "b": "The exchange had 6 million users in 2024, its annual report said.",
    }), [], rules)
    [counted] = [f for f in facts if f.unit == "user"]
    assert counted.verdict.verdict == "conflict"


def test_a_figure_between_two_facts_joins_the_one_it_states(rules):
    """Pairs merge strongest first: the bounty joins the bounty, the loss the loss, even
    where a value alone would pair them otherwise."""
    facts = group.group(figures_of(rules, {
        "a": "Hackers stole $10 million from the exchange. It offered a $1 million bounty.",
        "b": "The exchange lost $10.5 million to hackers. A bounty of $1 million is on offer.",
    }), [], rules)
    assert sorted(by_text(facts)) == [["$1 million", "$1 million"], ["$10 million", "$10.5 million"]]


def test_one_quarter_written_two_ways_meets_across_different_words(rules):
    facts = group.group(figures_of(rules, {
        "a": "Riot mined 1,364 bitcoin in the first quarter.",
        "b": "The miner produced 1,364 BTC in Q1.",
    }), [], rules)
    assert by_text(facts) == [["1,364 BTC", "1,364 bitcoin"], ["Q1", "the first quarter"]]


def test_amounts_stated_on_one_day_meet_with_little_else_in_common(rules):
    facts = group.group(figures_of(rules, {
        "a": "NEW YORK, Nov. 11, 2022 (Wire) - FTX, the crypto exchange founded by Sam "
             "Bankman-Fried, filed for Chapter 11 bankruptcy protection in Delaware on Friday, "
             "days after a run on deposits revealed a shortfall of about $8 billion.",
        "b": "FTX, the cryptocurrency exchange once valued at $32bn, filed for bankruptcy in "
             "the United States on 11 November 2022, leaving customers facing losses of up "
             "to $8.7bn.",
    }), [], rules)
    usd = [fact for fact in facts if fact.kind == "usd"]
    assert ["about $8 billion", "up to $8.7bn"] in by_text(usd)


def test_two_words_another_source_writes_as_one_are_that_word(rules):
    facts = group.group(figures_of(rules, {
        "a": "Riot expects its hashrate to reach 31 EH/s by December.",
        "b": "The company targets a hash rate of 31 EH/s.",
    }), [], rules)
    assert by_text([f for f in facts if f.kind == "hashrate"]) == [["31 EH/s", "31 EH/s"]]
