"""Outlet and publication date, read from what each article carries."""
import pytest

from crypto_diff import articles, masthead

BYLINES = [
    ("By AZCoin News staff | AZCoin News | Aug 10, 2021", "AZCoin News", "2021-08-10"),
    ("By Eva Rothenberg, CNN | March 29, 2024", "CNN", "2024-03-29"),
    ("Decrypt | Law and Order", "Decrypt", None),
    ("Nairametrics | Markets | February 3, 2022", "Nairametrics", "2022-02-03"),
    ("Livemint | Updated: 28 Mar 2024, 11:42 PM IST", "Livemint", None),  # a later version's day
    ("By CoinDesk Markets Team | CoinDesk (via Nasdaq) | Feb 8, 2021", "CoinDesk", "2021-02-08"),
    ("By Anthonia Isichei | CryptoPotato | Feb 8, 2021 17:30", "CryptoPotato", "2021-02-08"),
    ("By techAU Staff | techAU | Feb 8, 2021", "techAU", "2021-02-08"),
    ("World Stock Market | via RBC Crypto", "World Stock Market", None),
    ("Axios Markets · Mar 28, 2024", "Axios Markets", "2024-03-28"),
    ("Ars Technica - republished by Integrity All Stars", "Ars Technica", None),
    ("Published: February 3rd, 2022 - 10:27 GMT", None, "2022-02-03"),
    ("03/08/2023 | 05:16pm EST", None, "2023-03-08"),
    ("Markets Desk | Posted Feb. 24, 2025", None, "2025-02-24"),  # a desk is not an outlet
    ("Markets Desk | Updated Feb. 24, 2025", None, None),
]


@pytest.mark.parametrize("line, outlet, published", BYLINES)
def test_a_byline_names_the_outlet_and_the_day(line, outlet, published):
    assert masthead.byline(line) == (outlet, published)


@pytest.mark.parametrize("line", [
    "Poly Network Drained of $611 million in the Largest DeFi Hack Yet",
    "By Stephen Nakrosis",
    "How the attack unfolded, how Jump Trading stepped in, and what came back. · 6 min read",
    "Wormhole, a bridge that connects Solana with other blockchains, said on Thursday that "
    "all funds are safe after hackers took more than $320 million on February 2, 2022.",
])
def test_headlines_sentences_and_authors_alone_are_no_byline(line):
    assert masthead.byline(line) == (None, None)


def test_a_wire_dateline_names_the_agency_and_the_day_when_it_has_a_year():
    assert masthead.dateline("NEW YORK, Nov. 11, 2022 (Reuters) - FTX filed") == ("Reuters", "2022-11-11")
    assert masthead.dateline("AUSTIN, Texas, May 14, 2024 (Wire) - Riot said") == ("Wire", "2024-05-14")
    assert masthead.dateline("SINGAPORE, March 30 (Wire) - Hackers stole") == ("Wire", None)
    assert masthead.dateline("LONDON - Bitcoin climbed more than 10%") == (None, None)


def test_only_the_first_lines_are_read_for_a_byline():
    body = ["Headline"] + [f"Sentence {i} of the story." for i in range(8)]
    assert masthead.from_lines(body + ["CoinDesk | Feb 8, 2021"]) == (None, None)
    assert masthead.from_lines(["Headline", "", "CoinDesk | Feb 8, 2021"] + body) == (
        "CoinDesk", "2021-02-08")


@pytest.mark.parametrize("name, outlet", [
    ("articles/coindesk.txt", "CoinDesk"), ("03_reuters.md", "Reuters"),
    ("nairametrics.txt", "nairametrics"), ("seeds/003_fe570fab2ddfa6dd.txt", None),
    ("0042.txt", None), ("<stdin>", None), ("-", None),
])
def test_the_file_name_names_the_outlet_unless_it_is_a_number_or_a_hash(name, outlet):
    assert masthead.from_file_name(name) == outlet


def test_dates_are_iso_whatever_their_writing():
    assert masthead.date_of("2022-09-13T10:15:00+05:30") == "2022-09-13"  # the page's own day
    assert masthead.date_of("13/08/2023") == "2023-08-13"  # day first when it can only be
    assert masthead.date_of("February 30, 2022") is None
    assert masthead.date_of("March 30") is None  # no year: no publication date


HTML = """<!DOCTYPE html>
<html><head><title>Jump Trading covers the loss | CoinDesk</title>
{meta}
</head><body><article><h1>Jump Trading covers the loss</h1>
<p>Jump Trading replaced the 120,000 ETH taken from Wormhole on Thursday, the firm said.</p>
<p>The exploit was worth about $320 million when it happened, according to the firm.</p>
</article></body></html>
"""


def read(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return articles.read_article(str(path), str(path))


def test_html_metadata_gives_outlet_and_date(tmp_path):
    meta = ('<meta property="og:site_name" content="BlockMagic">\n'
            '<meta property="article:published_time" content="2022-09-13T10:15:00+05:30">')
    article = read(tmp_path, "page.html", HTML.format(meta=meta))
    assert (article.outlet, article.published) == ("BlockMagic", "2022-09-13")


def test_html_json_ld_gives_outlet_and_date(tmp_path):
    meta = ('<script type="application/ld+json">{"@context":"https://schema.org",'
            '"@type":"NewsArticle","datePublished":"2022-02-03T16:44:00Z",'
            '"publisher":{"@type":"Organization","name":"CoinDesk"}}</script>')
    article = read(tmp_path, "x.html", HTML.format(meta=meta))
    assert (article.outlet, article.published) == ("CoinDesk", "2022-02-03")


def test_html_without_metadata_takes_the_site_from_its_title(tmp_path):
    article = read(tmp_path, "x.html", HTML.format(meta=""))
    assert (article.outlet, article.published) == ("CoinDesk", None)


def test_markdown_front_matter_gives_outlet_and_date_and_is_not_read_as_text(tmp_path):
    text = ("---\noutlet: The Block\ndate: 2024-03-28\ntitle: SBF gets 25 years\n---\n\n"
            "# SBF gets 25 years\n\nThe judge ordered him to forfeit $11 billion.\n")
    article = read(tmp_path, "story.md", text)
    assert (article.outlet, article.published) == ("The Block", "2024-03-28")
    assert article.lines[:5] == ("",) * 5  # the front matter's lines read as blank
    assert article.lines[6] == "SBF gets 25 years"


def test_a_text_byline_gives_outlet_and_date(tmp_path):
    text = ("Tesla Puts $1.5 Billion Into Bitcoin\n"
            "By CNBC Staff | CNBC | Feb 8, 2021\n"
            "Tesla disclosed on Monday that it has bought $1.5 billion worth of bitcoin.\n")
    article = read(tmp_path, "anything.txt", text)
    assert (article.outlet, article.published) == ("CNBC", "2021-02-08")


def test_without_anything_the_file_name_names_the_outlet_and_there_is_no_date(tmp_path):
    article = read(tmp_path, "bloomberg.txt", "Ether slid 3.8% to $1,475 on Friday.\n")
    assert (article.outlet, article.published) == ("Bloomberg", None)
