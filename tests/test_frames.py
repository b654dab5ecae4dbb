"""What each figure is about (its frame), what its article makes explicit, and stories."""

from crypto_diff import names, story
from crypto_diff.extract import extract_article, extract_text
from crypto_diff.models import Article


def only(figures, kind):
    [found] = [f for f in figures if f.kind == kind]
    return found


def test_a_figure_knows_what_it_measures_from_the_words_beside_it(rules):
    stolen = only(extract_text("Hackers drained $320 million from the bridge.", rules), "usd")
    fine = only(extract_text("The regulator imposed a $4.3 million fine on the exchange.", rules), "usd")
    assert dict(stolen.frame.measures)["amount stolen"] > 0.5
    assert next(iter(dict(fine.frame.measures))) == "fine"


def test_a_value_apposed_to_a_coin_amount_shares_its_measure(rules):
    figures = extract_text("The attacker stole 120,000 ETH (or $321 million) from the bridge.", rules)
    assert "amount stolen" in dict(only(figures, "usd").frame.measures)


def test_names_near_a_figure_say_whose_it_is_and_a_reporter_is_not_one(rules):
    text = "Wormhole's bridge lost $320 million, according to Chainalysis."
    usd = only(extract_text("Intro line here.\n" + text, rules), "usd")
    keys = [key for key, *_ in usd.frame.names]
    assert keys == ["wormhole"]


def test_the_channel_a_statement_went_out_on_is_not_whose_figure_it_is(rules):
    text = "Intro line here.\nThe team said on Twitter that the bridge had lost $320 million."
    usd = only(extract_text(text, rules), "usd")
    assert "twitter" not in [key for key, *_ in usd.frame.names]


def test_a_coins_name_and_its_ticker_are_one_subject(rules):
    named = only(extract_text("Intro line here.\nThe hacker took $18.5 million in Wrapped Bitcoin.", rules), "usd")
    ticker = only(extract_text("Intro line here.\nThe hacker took $18.6 million in WBTC.", rules), "usd")
    assert [key for key, *_ in named.frame.names] == [key for key, *_ in ticker.frame.names] == ["wbtc"]


def test_a_title_case_headline_yields_only_names_the_article_knows():
    lexicon = names.lexicon(("Bybit Loses Funds In Massive Hack", "Hackers hit Bybit on Friday."))
    found = [key for _, _, key, _ in names.runs("Bybit Loses Funds In Massive Hack", lexicon, headline=True)]
    assert found == ["bybit"]


def test_forms_of_one_name_and_its_initials_are_one_name():
    canon = names.aliases({"sam bankman-fried": 3, "bankman-fried": 5, "sbf": 2, "ftx": 4})
    assert canon["sam bankman-fried"] == canon["sbf"] == "bankman-fried"
    assert canon["ftx"] == "ftx"


def test_time_words_and_qualifiers_of_a_clause_are_kept(rules):
    usd = only(extract_text("Its net cash was $9.8 billion on Thursday in the fourth quarter.", rules), "usd")
    assert ("weekday", "thursday") in usd.frame.times and ("quarter", "4") in usd.frame.times
    assert any(word == "net" for _, word in usd.frame.qualifiers)


def test_a_coin_price_is_a_price_and_only_an_events_price_is_compared(rules):
    record = only(extract_text("Markets\nBitcoin hit a record of $44,200 on Monday.", rules), "price")
    passing = only(extract_text("Markets\nBitcoin is trading at $42,500 as we write.", rules), "price")
    assert record.unit == "USD/BTC" and record.frame.role == "body"
    assert passing.frame.role == "market"


def test_a_share_price_is_a_price_per_share(rules):
    price = only(extract_text("The stock fell to $2.97 in after-hours trading.", rules), "price")
    assert price.unit == "USD/share"


def test_a_large_amount_is_never_a_price(rules):
    figures = extract_text("Bitcoin's market value rose to $1.2 trillion.", rules)
    assert only(figures, "usd").low == 1.2e12


def test_a_date_without_a_year_takes_the_year_before_the_articles_date(rules):
    lines = ("Exchange founder sentenced", "",
             "The judge sentenced him on March 28. He was convicted on November 2.")
    article = Article("a.txt", lines, published="2024-03-29")
    dates = [f.low for f in extract_article(article, rules).figures if f.kind == "date"]
    assert dates == ["2024-03-28", "2023-11-02"]


def test_a_bare_count_takes_the_unit_its_sentence_gives(rules):
    figures = extract_text("Agents seized 94,000 of the stolen bitcoin last week.", rules)
    assert [(f.kind, f.unit) for f in figures if f.text.startswith("94,000")] == [("btc", "BTC")]


def test_lines_that_are_boxes_or_bylines_take_the_role(rules):
    lines = ("Bridge drained of $320 million", "", "By Jane Roe | Daily Chain | Feb 3, 2022", "",
             "Hackers took $320 million from the bridge.", "",
             "Related: Another bridge lost $80 million last week")
    figures = extract_article(Article("a.txt", lines), rules).figures
    assert [(f.text, f.frame.role) for f in figures] == [
        ("$320 million", "headline"), ("Feb 3, 2022", "byline"), ("$320 million", "body"),
        ("$80 million", "box")]


def test_articles_of_two_events_are_two_stories_and_one_event_stays_one(rules):
    def sig(source, lines):
        article = Article(source, lines)
        return extract_article(article, rules).signature
    hack = [sig(f"hack{i}.txt", (f"Wormhole bridge loses $320 million in exploit {i}",
                                 "Hackers drained 120,000 wETH worth $320 million from the Wormhole "
                                 "bridge on Solana; Jump Crypto replaced the funds."))
            for i in range(3)]
    court = [sig(f"court{i}.txt", (f"Bankman-Fried sentenced to 25 years {i}",
                                   "Judge Lewis Kaplan sentenced Sam Bankman-Fried to 25 years in "
                                   "prison in Manhattan and ordered an $11 billion forfeiture."))
             for i in range(3)]
    found = story.stories(hack + court)
    assert [sorted(s.sources) for s in found] == [[s.source for s in hack], [s.source for s in court]]
    assert found[0].title.startswith("Wormhole bridge loses")
    assert len(story.stories(hack)) == 1


def test_json_names_stories_and_each_facts_story_subject_and_measure(run, tree):
    folder = tree({
        "a.txt": "Bybit hack\n\nHackers stole $1.5 billion from Bybit on Friday, the exchange said.\n",
        "b.txt": "Bybit loses funds\n\nThe exchange Bybit lost $1.46 billion to hackers on Friday.\n",
    })
    report = run("compare", folder, "--format", "json").json()
    [story_record] = report["stories"]
    [fact] = [f for f in report["facts"] if f["kind"] == "usd"]
    assert fact["story"] == story_record["id"] and fact["subject"] == "Bybit"
    assert fact["measure"] == "amount stolen" and fact["label"] == "Bybit · amount stolen"
    assert {s["role"] for s in fact["statements"]} == {"body"}


def test_the_funds_moved_are_not_funding_raised_and_a_sentence_opener_is_no_name(rules):
    returned = only(extract_text("Intro line here.\nThe hacker returned $258 million of the funds on Wednesday.", rules), "usd")
    raised = only(extract_text("Intro line here.\nThe startup raised $40 million in funding.", rules), "usd")
    assert "funding raised" not in dict(returned.frame.measures)
    finance = only(extract_text("Intro line here.\nIn February 2022, decentralized finance's biggest bridge was hit.", rules), "date")
    assert "funding raised" not in dict(finance.frame.measures)
    assert "funding raised" in dict(raised.frame.measures)
    listed = only(extract_text("Intro line here.\nAmong the assets were 2,858 ETH.", rules), "crypto")
    assert [key for key, *_ in listed.frame.names] == []
    staked = only(extract_text("Intro line here.\nAnyone who stakes 32 ETH can run a validator.", rules), "crypto")
    assert [key for key, *_ in staked.frame.names] == []


def test_power_set_aside_for_mining_is_an_allocation_not_a_purchase(rules):
    power = only(extract_text("Intro line here.\nThe government will allocate 2,000 megawatts of electricity for mining.", rules), "power")
    assert next(iter(dict(power.frame.measures))) == "allocation"
