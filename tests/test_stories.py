"""The comparison on whole article sets against what a careful reader finds."""

from pathlib import Path

import pytest
import yaml

from conftest import GOLD, SEEDS, STORIES
from goldscore import score


def report(run, folder):
    result = run("compare", folder, "--format", "json")
    assert result.exit_code in (0, 1), result.stderr
    return result.json()


def gold(name):
    return yaml.safe_load((GOLD / f"{name}.gold.yaml").read_text())


def test_seeds_match_their_gold_comparison(run):
    result = score(gold("seeds"), report(run, SEEDS))
    assert result.unmatched == []
    assert result.conflicts_found == ["el_salvador_btc_holdings"]
    assert result.false_conflicts == []
    assert len(result.grouped) == result.multi_source == 8
    assert result.over_merged == []
    assert result.distractors_compared == []


def test_seeds_have_exactly_one_conflict_and_exit_1(run):
    result = run("compare", SEEDS, "--format", "json")
    assert result.exit_code == 1
    conflicts = [f for f in result.json()["facts"] if f["verdict"] == "conflict"]
    assert len(conflicts) == 1
    assert sorted(s["text"] for s in conflicts[0]["statements"]) == [
        "6,238 BTC", "6,238 Bitcoins", "over 6,240 BTC"]


def test_seeds_hedged_usd_values_agree_approximately(run):
    facts = report(run, SEEDS)["facts"]
    [usd] = [f for f in facts if any(s["text"] == "around $740 million" for s in f["statements"])]
    assert usd["verdict"] == "approx" and 0.9 < usd["spread"] < 1.0
    assert len(usd["statements"]) == 3


def test_seeds_page_furniture_is_in_no_fact(run):
    texts = [s["text"] for f in report(run, SEEDS)["facts"] for s in f["statements"]]
    assert "Dec.02 2025" not in texts


def test_bybit_story_gives_its_expected_comparison(run):
    """Known limit: the day the hack was disclosed (Feb. 22) joins the hack's own date,
    the word "disclosed" weighing less than a day's distance; the hack date's conflict
    is still found."""
    result = score(gold("bybit"), report(run, STORIES / "bybit"))
    assert result.unmatched == []
    assert "ronin_hack_loss_usd" in result.conflicts_found
    assert result.false_conflicts == []
    assert result.over_merged in ([], [["bybit_hack_date", "bybit_hack_disclosed"]])
    assert result.distractors_compared == []
    assert set(result.grouped) >= {"bybit_hack_loss_usd", "bybit_bounty_usd",
                                   "ronin_hack_loss_usd", "ronin_hack_date"}


def test_bybit_hack_date_conflict_is_found(run):
    """The same hack dated a day apart, in sentences that share few words."""
    result = score(gold("bybit"), report(run, STORIES / "bybit"))
    assert set(result.conflicts_found) == {"bybit_hack_date", "ronin_hack_loss_usd"}
    assert len(result.grouped) == result.multi_source


def test_reserve_story_finds_the_signing_date_conflict(run):
    """The TV report dates the order on the summit's day: the order's date conflicts,
    and the summit keeps its own fact. Known limit: the reserve's "about 200,000 BTC"
    and the "about 195,000" sold, each hedged, can both hold and join one approximate
    fact (never a conflict)."""
    result = score(gold("reserve"), report(run, STORIES / "reserve"))
    assert result.unmatched == []
    assert result.conflicts_found == ["order_signed"]
    assert result.false_conflicts == []
    assert result.over_merged in ([], [["coins_sold_btc", "reserve_btc"]])
    assert set(result.grouped) >= {"order_signed", "reserve_btc", "coins_sold_btc",
                                   "coins_sold_usd", "summit_date"}


# Stories written after the grouping was tuned on the seeds, bybit and reserve:
# mtgox: a deadline moved "from X to Y" (two dates, not a range), a balance whose sentences
#   share no word but the USD value beside it, and a count of creditors;
# wazirx: a headline that rounds the body's figure, shares of reserves beside other shares,
#   a loss in rupees and a price change that must stay out of the comparison;
# etf (not tuned on): close USD figures of one day, holdings, assets, prices;
# binance: no contradiction among several USD figures of one settlement, two of them told
#   by the agency's full name in one outlet and by its acronym in another (OFAC);
# halving: 'April 19' (US time) against 'April 20, 2024' (UTC) is a conflict of one day; the
#   reward 'from 6.25 BTC to 3.125 BTC' is two figures, each agreeing across outlets;
# airdrop: '1.162 billion ARB tokens' against '1.275 billion ARB': a token outside any list,
#   named by its ticker, still makes a conflict; the treasury's 3.53 billion ARB stays out;
# selloff: two market wraps: bitcoin at $57,800 and at about $58,200 and ether at $2,900
#   are prices of the hour, listed, never compared; bitcoin's fall agrees, ether's (9%
#   against 10%) conflicts; liquidations, market value and ETF outflows agree;
# etfdates: approved on January 10, trading from January 11: two dates a day apart are two
#   events, each agreeing across outlets, never one fact in conflict.
LATER_STORIES = [("mtgox", ["remaining_btc"], 7), ("wazirx", ["stolen_usd"], 4),
                 ("etf", ["total_inflow_usd"], 7), ("binance", [], 6),
                 ("halving", ["halving_date"], 5), ("airdrop", ["airdropped_arb"], 2),
                 ("selloff", ["eth_fall_pct"], 5), ("etfdates", [], 3)]


@pytest.mark.parametrize("name, conflicts, grouped", LATER_STORIES,
                         ids=[s[0] for s in LATER_STORIES])
def test_later_story_gives_its_expected_comparison(run, name, conflicts, grouped):
    result = score(gold(name), report(run, STORIES / name))
    assert result.unmatched == []
    assert result.conflicts_found == conflicts
    assert result.false_conflicts == [] and result.over_merged == []
    assert result.distractors_compared == []
    assert len(result.grouped) == result.multi_source == grouped


def test_ronin_story_finds_the_value_and_the_day_in_conflict(run):
    """Four outlets in text, Markdown and HTML: the stolen value differs ($625M, $615M,
    $620M) and one outlet dates the theft a day early; the ETH and USDC amounts (one
    outlet writes "USD Coin") and the discovery date agree. Known limit: the two
    November 2021 dates (a permission granted, a peak of users) share one word and a
    rare value, so they form one agreeing fact; never a conflict; and the $611 million
    of another hack, named in the same sentence, joins the stolen value (within the
    conflict already there)."""
    result = score(gold("ronin"), report(run, STORIES / "ronin"))
    assert result.unmatched == []
    assert result.conflicts_found == ["stolen_usd", "attack_date"]
    assert result.false_conflicts == []
    assert result.distractors_compared in ([], ["$611 million"])
    assert set(result.grouped) == {"stolen_usd", "stolen_eth", "stolen_usdc", "attack_date",
                                   "discovery_date"}
    assert result.over_merged in ([], [["dao_permission_date", "peak_users_date"]])


def test_ftx_story_finds_the_shortfall_told_in_two_sizes(run):
    """A US wire's 'about $8 billion' shortfall against '$8.7bn' elsewhere: the sentences
    share few words, but state the same filing day. Known limits: '134 companies' and
    '134 entities' are one count under two nouns, and counts compare by noun only; two
    $16 billion figures (a fortune, a payout years later) share a value and no word,
    and form one agreeing fact."""
    result = score(gold("ftx"), report(run, STORIES / "ftx"))
    assert result.unmatched == []
    assert result.conflicts_found == ["shortfall_usd"]
    assert result.false_conflicts == [] and result.over_merged == []
    assert result.distractors_compared in ([], ["$16bn", "$16 billion"])
    assert set(result.grouped) == {"shortfall_usd", "bankruptcy_date", "valuation_usd",
                                   "valuation_date", "creditors"}


def test_miner_story_compares_power_and_keeps_energy_apart(run):
    """Power in MW (a '300-megawatt expansion' against '280 MW') conflicts; energy in
    terawatt-hours is its own kind, never power; the same precise count of mined coins
    meets across words ('mined 1,364 bitcoin' / 'produced 1,364 BTC'); 'hash rate' is
    the 'hashrate' another outlet writes; the network's 150 and 121 TWh a year, both of
    its energy use, conflict. Known limit: the site's '1 gigawatt' / '1 GW' are told in
    words that share too little to be grouped."""
    result = score(gold("miner"), report(run, STORIES / "miner"))
    assert result.unmatched == []
    assert result.conflicts_found == ["expansion_mw", "network_energy"]
    assert result.false_conflicts == [] and result.over_merged == []
    assert result.distractors_compared == []
    assert set(result.grouped) >= {"expansion_mw", "mined_btc", "hashrate_target", "network_energy"}


def test_terra_story_reads_a_round_figure_as_a_rounding_not_a_conflict(run):
    """'its 80,000 bitcoin' against '80,081 BTC' twice is approximate agreement. Known
    limit: the loss estimated at $40 billion and at $45bn is told in sentences that
    share too few words ('erased ... market value' / 'investors lost'), so its conflict
    is missed."""
    found = report(run, STORIES / "terra")
    [lfg] = [f for f in found["facts"] if any(s["text"] == "80,000 bitcoin" for s in f["statements"])]
    assert lfg["verdict"] == "approx" and len(lfg["statements"]) == 3
    result = score(gold("terra"), found)
    assert result.unmatched == []
    assert result.false_conflicts == [] and result.over_merged == []
    assert result.distractors_compared == []
    assert {"lfg_btc", "depeg_date"} <= set(result.grouped)
    assert result.conflicts_found in ([], ["value_lost_usd"])


def test_flows_story_compares_a_markdown_tables_rows_with_a_wires_sentences(run):
    """Each row of a Markdown table (fund, issuer, flow) meets the wire's sentence about
    the same fund; the row that says $240m against the wire's $235 million conflicts."""
    result = score(gold("flows"), report(run, STORIES / "flows"))
    assert result.unmatched == []
    assert result.conflicts_found == ["fbtc_usd"]
    assert result.false_conflicts == [] and result.over_merged == []
    assert len(result.grouped) == result.multi_source == 5


def test_earnings_story_tells_the_revenue_from_the_estimate_beside_it(run):
    """'revenue rose 37% to $1.21 billion ..., beating analysts' estimate of $1.18 billion'
    against 'revenue of $1.2 billion, up 37%': both $1.21 and $1.18 billion agree with
    $1.2 billion, and the change both outlets state (37%) is the context that tells which
    one is the revenue."""
    result = score(gold("earnings"), report(run, STORIES / "earnings"))
    assert result.unmatched == []
    assert result.false_conflicts == [] and result.over_merged == []
    assert result.distractors_compared == []
    assert len(result.grouped) == result.multi_source == 3


def test_euler_story_finds_the_loss_overstated_by_one_outlet(run):
    """'more than $200M' cannot meet the $197 million two outlets give, while 'nearly
    $200 million' can: the loss conflicts, by $3 million. Known
    limits: the wrapped bitcoin's '$18.6M' stands in a bullet list after '846 WBTC', with
    no name of its own, so it is not met with the blog's '$18.5 million in Wrapped
    Bitcoin', and another protocol's loss in the same newsletter ('over $17M') joins it."""
    found = report(run, STORIES / "euler")
    result = score(gold("euler"), found)
    assert result.unmatched == []
    assert "stolen_usd" in result.conflicts_found
    assert result.false_conflicts == [] and result.over_merged == []
    assert {"stolen_usd", "steth_usd", "eul_fall_pct", "reward_usd"} <= set(result.grouped)
    [loss] = [f for f in found["facts"] if any(s["text"] == "more than $200M" for s in f["statements"])]
    assert loss["verdict"] == "conflict" and loss["gap"] == 3_000_000  # $197M against over $200M


def test_bnb_bridge_story_dates_the_exploit_a_day_apart(run):
    """One outlet dates the exploit on October 7 where the others say October 6: a
    conflict of dates. Known limits: the statement's own date joins the exploit's, and
    the sums moved out, swapped and first estimated join one another, being told in
    words of one meaning (moved, taken, drained); the two million BNB minted, written
    '2 million tokens' by one outlet, are not met with the BNB the others write."""
    result = score(gold("bnbbridge"), report(run, STORIES / "bnbbridge"))
    assert result.unmatched == []
    assert "hack_date" in result.conflicts_found
    assert result.false_conflicts == []
    assert {"frozen_usd", "trapped_usd"} <= set(result.grouped)


def test_an_archive_of_three_events_keeps_each_event_to_itself(run):
    """Nine articles of three events in one folder (a newsroom archive): three stories of
    three articles, each of one event (the file names' prefix), no fact with statements
    of two events, and each event's own contradictions found: the Curve exploit's loss,
    the Horizon bridge hack's date, USDC's lowest price."""
    found = report(run, STORIES / "archive")
    events = [{Path(s).name.split("_")[0] for s in story["sources"]} for story in found["stories"]]
    assert sorted(len(story["sources"]) for story in found["stories"]) == [3, 3, 3]
    assert all(len(e) == 1 for e in events) and len(set().union(*events)) == 3
    for fact in found["facts"]:
        assert len({Path(s["source"]).name.split("_")[0] for s in fact["statements"]}) == 1, fact["label"]
    result = score(gold("archive"), found)
    assert {"curve_loss_usd", "harmony_theft_date", "usdc_low_usd"} <= set(result.conflicts_found)
    assert result.over_merged in ([], [["harmony_loss_usd", "harmony_wallet_eth_usd"]])
