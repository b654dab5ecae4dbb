"""What an article says of itself: the outlet that published it, and the day it did.

Read from what the article carries, the first that tells:
- an HTML page's metadata: `og:site_name`, `article:published_time`, JSON-LD
  (`publisher`, `datePublished`), the usual date tags, the site named after the title;
- Markdown front matter (`outlet:`, `publisher:`, `site:`, `date:`, `published:`);
- a byline near the top: "By X | Outlet | Feb 3, 2022", "Outlet · Mar 28, 2024",
  "By X, Outlet | March 29, 2024", "Published: February 3rd, 2022" (an "Updated" date is
  a later version's, not the publication's);
- a wire dateline: "NEW YORK, Nov. 11, 2022 (Reuters) -" names the agency and the day;
- the file name, for the outlet alone ("coindesk.txt"), unless it is a number or a hash.

published is the article's own publication date as YYYY-MM-DD (the day as the page
writes it, in its own time zone), or None: a date without a year is no publication date.
Pure functions on text, no I/O.
"""
from __future__ import annotations

import calendar
import json
import os
import re
from typing import Iterable, Optional

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
HEAD_LINES = 6  # a byline stands among the first lines of text that are not blank
BYLINE_WORDS = 24  # a longer line is a sentence, not a byline
OUTLET_WORDS = 5  # an outlet's name is short
# a part of a byline that names a person or a desk, not the outlet
AUTHOR_END = re.compile(r"(?i)\b(staff|desk|team|reporters?|correspondents?|contributors?|editors?|"
                        r"writers?|bureau|feed)$")
NOTE_START = re.compile(r"(?i)^(via|source|sources|republished|syndicated|from|in|with|"
                        r"updated|published|posted|this|photo|image|read|listen|watch)\b")
SEPARATORS = re.compile(r"\s+[|·•]\s+|\s+[—–-]\s+(?=(?:republished|syndicated|via)\b)")
DATE_LABEL = re.compile(r"(?i)^(published|posted|first published|date|dated)\s*(on|:)?\s*")
# the day of a later version, not of publication
REVISED = re.compile(r"(?i)^(updated|last updated|modified|last modified|revised|edited)\b")
MONTH_NAME = r"(?P<month>[A-Za-z]{3,9})\.?"
DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
YEAR = r"(?P<year>(?:19|20)\d\d)"
DATE_FORMS = [
    re.compile(rf"{YEAR}-(?P<mm>\d\d)-(?P<dd>\d\d)"),  # 2022-02-03, 2022-02-03T16:44:00Z
    re.compile(rf"{MONTH_NAME}\s+{DAY},?\s+{YEAR}"),  # Feb 3, 2022; February 3rd, 2022
    re.compile(rf"{DAY}\s+{MONTH_NAME},?\s+{YEAR}"),  # 3 February 2022; 28 Mar 2024
    re.compile(r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<year>(?:19|20)\d\d)"),  # 03/08/2023 (US first)
    re.compile(rf"(?P<year>(?:19|20)\d\d)/(?P<mm>\d\d)/(?P<dd>\d\d)"),  # 2023/03/08
]
# a wire dateline: "NEW YORK, Nov. 11, 2022 (Reuters) -", "SINGAPORE, March 30 (Wire) -"
DATELINE = re.compile(r"^(?:[A-Z][A-Za-z.'’ ]+,\s+)*(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}"
                      r"(?:,\s+(?:19|20)\d\d)?)?\s*\((?P<agency>[A-Z][\w.&' -]{1,30})\)\s*[-—–]")
HASHLIKE = re.compile(r"(?i)^[0-9a-f]{8,}$|^\d+$")
ORDINAL = re.compile(r"^\d+[_\-. ]+")
FRONT_MATTER_OUTLET = ("outlet", "publisher", "publication", "site", "site_name", "sitename",
                       "source", "og:site_name")
FRONT_MATTER_DATE = ("published", "date", "pubdate", "publish_date", "published_at",
                     "date_published", "datepublished", "published_time")
META_OUTLET = ("og:site_name", "application-name", "publisher", "dc.publisher", "twitter:site")
META_DATE = ("article:published_time", "og:published_time", "datepublished", "date", "pubdate",
             "publishdate", "publish-date", "publish_date", "dc.date", "dc.date.issued",
             "dcterms.created", "dcterms.issued", "sailthru.date", "parsely-pub-date",
             "article.published", "originalpublicationdate", "citation_publication_date")


def date_of(text: str) -> Optional[str]:
    """The first full date (day, month and year) written in text, as YYYY-MM-DD."""
    found = []
    for form in DATE_FORMS:
        for match in form.finditer(text):
            iso = _iso(match.groupdict())
            if iso is not None:
                found.append((match.start(), iso))
                break
    return min(found)[1] if found else None


def _iso(groups: dict) -> Optional[str]:
    year = int(groups["year"])
    if groups.get("mm"):
        month, day = int(groups["mm"]), int(groups["dd"])
    elif groups.get("a"):
        month, day = int(groups["a"]), int(groups["b"])
        if month > 12:  # 13/08/2023 can only be day first
            month, day = day, month
    else:
        month, day = MONTHS.get(groups["month"].lower().rstrip(".")), int(groups["day"])
    if not month or not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _clean(text: str) -> str:
    """A name as written, without emphasis marks, quotes or a trailing note in brackets
    ("CoinDesk (via Nasdaq)" -> "CoinDesk")."""
    text = " ".join(text.replace("*", " ").replace("_", " ").split()).strip(" \"'“”‘’")
    return re.sub(r"\s*[(\[][^)\]]*[)\]]\s*$", "", text).strip(" ,;:")


def _is_outlet(part: str) -> bool:
    """Whether a part of a byline reads as an outlet's name: a few words, the first with a
    capital or a digit-led brand, no sentence in it, not a date, a time or a note."""
    words = part.split()
    if not words or len(words) > OUTLET_WORDS or part.endswith((".", "?", "!")):
        return False
    if date_of(part) or re.search(r"\d{1,2}:\d\d|\bmin(ute)?s?\b|\bread\b", part, re.I):
        return False
    if NOTE_START.match(part) or AUTHOR_END.search(part) or "," in part:
        return False
    return any(c.isupper() or c.isdigit() for c in part)  # CoinDesk, techAU, 42zero


def byline(line: str) -> tuple[Optional[str], Optional[str]]:
    """(outlet, published) of a byline; (None, None) when the line is not one."""
    text = _clean(line) if line.strip().startswith(("*", "_")) else " ".join(line.split())
    words = text.split()
    if not words or len(words) > BYLINE_WORDS:
        return None, None
    parts = [p.strip() for p in SEPARATORS.split(text) if p.strip()]
    labelled = DATE_LABEL.match(text)
    if len(parts) < 2 and not text.lower().startswith("by ") and not labelled:
        return None, None
    if len(parts) < 2 and labelled:
        return None, date_of(text)
    published = next((d for d in (date_of(p) for p in parts if not REVISED.match(p)) if d), None)
    outlet = None
    for part in parts:
        name = _clean(part)
        if name.lower().startswith("by "):
            continue
        if _is_outlet(name):
            outlet = name
            break
    if outlet is None and parts[0].lower().startswith("by ") and "," in parts[0]:
        last = _clean(parts[0].rsplit(",", 1)[1])  # "By Eva Rothenberg, CNN"
        outlet = last if _is_outlet(last) else None
    if outlet is None and published is None:
        return None, None
    return outlet, published


def dateline(line: str) -> tuple[Optional[str], Optional[str]]:
    """(agency, published) of a paragraph that opens with a wire dateline."""
    match = DATELINE.match(line.strip())
    if match is None:
        return None, None
    return match.group("agency").strip(), date_of(match.group("date") or "")


def from_lines(lines: Iterable[str]) -> tuple[Optional[str], Optional[str]]:
    """(outlet, published) from the first lines of an article's text: a byline, a line
    that says when it was published, a wire dateline."""
    outlet = published = None
    seen = 0
    for line in lines:
        if not line.strip():
            continue
        seen += 1
        if seen > HEAD_LINES:
            break
        for found in (byline(line), dateline(line)):
            outlet = outlet or found[0]
            published = published or found[1]
        if outlet and published:
            break
    return outlet, published


def front_matter(text: str) -> tuple[int, dict]:
    """The number of lines of a Markdown document's front matter (YAML between --- lines,
    or TOML between +++ lines) at its very start, and its simple key: value pairs."""
    lines = text.splitlines()
    if not lines or lines[0].strip() not in ("---", "+++"):
        return 0, {}
    fence = lines[0].strip()
    for end in range(1, min(len(lines), 200)):
        if lines[end].strip() == fence:
            break
    else:
        return 0, {}
    pairs = {}
    for line in lines[1:end]:
        match = re.match(r"^\s*([\w:.-]+)\s*[:=]\s*(.*?)\s*$", line)
        if match and match.group(2):
            pairs.setdefault(match.group(1).lower(), match.group(2).strip("\"'"))
    return end + 1, pairs


def from_front_matter(pairs: dict) -> tuple[Optional[str], Optional[str]]:
    outlet = next((pairs[k] for k in FRONT_MATTER_OUTLET if pairs.get(k)), None)
    published = next((d for d in (date_of(pairs[k]) for k in FRONT_MATTER_DATE if k in pairs) if d),
                     None)
    return (_clean(outlet) or None) if outlet else None, published


def from_html(tree) -> tuple[Optional[str], Optional[str]]:
    """(outlet, published) from an HTML page's metadata (an lxml tree)."""
    meta: dict = {}
    for element in tree.iter("meta"):
        key = (element.get("property") or element.get("name") or element.get("itemprop") or "").lower()
        value = (element.get("content") or "").strip()
        if key and value:
            meta.setdefault(key, value)
    for element in tree.iter("time"):
        if element.get("itemprop", "").lower() == "datepublished" or element.get("pubdate") is not None:
            meta.setdefault("datepublished", element.get("datetime") or element.text_content())
    ld_outlet, ld_date = _json_ld(tree)
    published = next((d for d in (date_of(meta[k]) for k in META_DATE if k in meta) if d), None)
    outlet = next((meta[k] for k in META_OUTLET if meta.get(k) and not meta[k].startswith("@")), None)
    outlet = outlet or ld_outlet or _title_site(tree)
    return (_clean(outlet) or None) if outlet else None, published or ld_date


def _json_ld(tree) -> tuple[Optional[str], Optional[str]]:
    outlet = published = None
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        for item in _ld_items(data):
            if published is None and isinstance(item.get("datePublished"), str):
                published = date_of(item["datePublished"])
            publisher = item.get("publisher")
            if outlet is None and isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
                outlet = publisher["name"]
            if outlet is None and item.get("@type") in ("NewsMediaOrganization", "WebSite") \
                    and isinstance(item.get("name"), str):
                outlet = item["name"]
    return outlet, published


def _ld_items(data) -> list:
    if isinstance(data, list):
        return [i for d in data for i in _ld_items(d)]
    if isinstance(data, dict):
        return [data] + _ld_items(data.get("@graph", []))
    return []


def _title_site(tree) -> Optional[str]:
    """The site a page's title names after its headline: "Headline | CoinDesk"."""
    title = tree.find(".//title")
    text = " ".join((title.text_content() if title is not None else "").split())
    if " | " in text:
        site = text.rsplit(" | ", 1)[1]
        return site if _is_outlet(site) else None
    return None


def from_file_name(path: str) -> Optional[str]:
    """The outlet a file is named after ("coindesk.txt", "03_reuters.md"), or None when
    its name is a number, a hash, or standard input."""
    if path in ("-", "") or path.startswith("<"):
        return None
    stem = os.path.splitext(os.path.basename(path))[0]
    stem = ORDINAL.sub("", stem).strip(" _-.")
    if not stem or HASHLIKE.match(stem) or not any(c.isalpha() for c in stem):
        return None
    return KNOWN_OUTLETS.get(re.sub(r"[^a-z0-9]", "", stem.lower()), stem)


# how people write the names of some outlets that files and sites are often named after
KNOWN_OUTLETS = {
    "apnews": "AP", "arstechnica": "Ars Technica", "axios": "Axios", "bbc": "BBC",
    "barrons": "Barron's", "beincrypto": "BeInCrypto", "bitcoinmagazine": "Bitcoin Magazine",
    "bloomberg": "Bloomberg", "blockworks": "Blockworks", "businessinsider": "Business Insider",
    "cnbc": "CNBC", "cnn": "CNN", "coindesk": "CoinDesk", "cointelegraph": "Cointelegraph",
    "coinmarketcap": "CoinMarketCap", "cryptoslate": "CryptoSlate", "decrypt": "Decrypt",
    "dlnews": "DL News", "economist": "The Economist", "forbes": "Forbes", "fortune": "Fortune",
    "ft": "Financial Times", "guardian": "The Guardian", "marketwatch": "MarketWatch",
    "nytimes": "The New York Times", "reuters": "Reuters", "techcrunch": "TechCrunch",
    "theblock": "The Block", "theguardian": "The Guardian", "theverge": "The Verge",
    "verge": "The Verge", "wired": "Wired", "wsj": "The Wall Street Journal",
    "yahoofinance": "Yahoo Finance", "zerohedge": "ZeroHedge",
}
