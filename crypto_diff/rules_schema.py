"""The shape of a rules file, in one place: the loader checks keys against it and the
JSON Schema for editors is generated from it, so the two cannot drift apart.

Each section maps a key to (JSON type, description); `required` lists what must be there.
"""
from __future__ import annotations

HEDGE_MEANINGS = ("gt", "ge", "lt", "le", "approx")

SECTIONS = {
    "top": {
        "version": ("integer", "Format version of the rules file: 1."),
        "pieces": ("pieces", "Reusable regex fragments; a pattern refers to one as {name}."),
        "scales": ("scales", "Scale words after a number and their multipliers."),
        "number_words": ("scales", "Numbers in words that text2num does not read (a, half a)."),
        "hedges": ("hedges", "Hedge words before a figure, by meaning."),
        "date_hedges": ("hedges", "Words that make a date an open interval (before, after, since)."),
        "plural_nouns": ("words", "Counted nouns that are plural without a final s (people, staff), "
                                  "lower case: {plural_noun} matches them, and a count reads them "
                                  "as written."),
        "kinds": ("kinds", "Kinds of figure: unit, tolerance, band, unit multipliers."),
        "extractors": ("extractors", "Regex extractors, first match at a position wins."),
        "facts": ("facts", "Declared facts: pin figures whose sentence matches a context."),
        "furniture": ("furniture", "When a line is page furniture, not part of the story."),
        "measures": ("measures", "What figures measure, each with the words that name it (any "
                                 "form of a word counts: stole, stolen, steal): grouping tells "
                                 "facts apart by it, and labels facts with it."),
        "related_measures": ("word_groups", "Measures outlets use one for the other (amount "
                                            "stolen, losses): never told apart."),
        "measure_kinds": ("measure_kinds", "Measures that only some kinds have (energy use: "
                                          "[energy, power]): other kinds ignore their words."),
        "event_measures": ("words", "Measures of events (launched, signed, filed): they tell "
                                    "dates apart and never amounts."),
        "opposites": ("word_groups", "Words that tell two figures apart when one stands near "
                                     "one of them and the other near another (gross, net)."),
        "prices": ("prices", "When a USD amount states the price of one coin or share: it "
                             "becomes a price, and a price at the time of writing is never "
                             "compared."),
        "local_currencies": ("local_currencies", "Currency words several countries use (Rs, "
                                                 "rupees): for each, the ISO code and a regex "
                                                 "of the words that name its country; the "
                                                 "country an article names most decides, else "
                                                 "the word stays the unit."),
        "anchor": ("string", "Where a figure can start (a digit, a currency sign, a month, a "
                             "number word): the extractors are tried only there. Optional; "
                             "without it every position is tried, much more slowly."),
        "word_anchor": ("string", "Where a figure can start at the first letter of a word (a "
                                  "month, a number word, US$): each distinct word is tried "
                                  "alone once, then only the words that may start a match "
                                  "are tried in place. Needs 'anchor'."),
        "timeout": ("number", "The time budget of an article: seconds the rules' patterns "
                              "may take on it for every 5,000 characters, and at least this "
                              "many (default 1). A pattern that runs it out is named."),
    },
    "kind": {
        "label": ("string", "How the kind is named in reports."),
        "unit": ("string", "What values are normalized to (USD, BTC, MW; 'date' for dates)."),
        "tolerance": ("number", "Relative tolerance for approximate figures (0.02 = 2%)."),
        "band": ("number", "Largest ratio between two values of one fact (at least 1)."),
        "units": ("multipliers", "Multipliers for the 'unit' group, lower case."),
        "unit_names": ("names", "The unit a 'currency' or 'unit' group names (euro: EUR), lower case."),
        "counts": ("boolean", "A count: the unit is the noun after the number (8 exchanges)."),
        "compare": ("boolean", "Whether figures of this kind are compared (default true)."),
    },
    "extractor": {
        "id": ("string", "A unique name."),
        "kind": ("string", "One of the kinds."),
        "pattern": ("string", "A regex; named groups hedge, num, scale, num2, scale2, unit; "
                              "for dates year, month, day."),
        "lead": ("string", "A regex for the words just before the figure (hedges, 'between', "
                           "'since'): looked for only once the pattern has matched."),
        "lead_required": ("boolean", "Whether the pattern counts only after its lead."),
        "examples": ("examples", "Texts and the figures they must yield."),
        "description": ("string", "What the extractor is for."),
        "skip": ("boolean", "What it matches looks like a figure of its kind and is none (a "
                            "clock time, a phone number, a distance): the text is passed "
                            "over and no other extractor reads it."),
    },
    "example": {
        "text": ("string", "A text to extract from."),
        "expect": ("array", "The figures it must yield, in order: fields to check "
                            "(text, low, high, low_open, high_open, approx, kind)."),
    },
    "fact": {
        "id": ("string", "A unique name for the fact."),
        "label": ("string", "How the fact is named in reports."),
        "kind": ("string", "The kind of its figures."),
        "context": ("string", "A regex searched in each figure's sentence."),
    },
    "prices": {
        "kind": ("string", "The kind such an amount becomes (its unit_names name the coins)."),
        "from": ("string", "The kind of amount that may state a price."),
        "before": ("string", "A regex of what stands right before a price (hit, closed at, a "
                             "record of, fell to)."),
        "per_share": ("string", "A regex of what stands right after a price per share (a share)."),
        "per_unit": ("string", "A regex of what stands right after a price per coin or token "
                               "(apiece, per token): the coin is the one named before or after."),
        "coin_context": ("string", "A regex that finds a coin spoken of in a sentence that names "
                                   "none (the token, a stablecoin): an amount it puts on a price's "
                                   "scale is the price of the article's coin, else of a coin."),
        "level": ("string", "A regex of what stands right before an amount that is a price when "
                            "its sentence names a coin or a price (to, above, below, then at)."),
        "context": ("string", "A regex that finds, in the words before an amount, that its "
                              "sentence speaks of a price (price, quote, target, support)."),
        "amount": ("string", "A regex of what stands right before an amount that is never a price "
                             "(by, worth, paid): matched against the words before it."),
        "amount_after": ("string", "A regex of what stands right after an amount that is never a "
                                   "price (in fees, of bitcoin, worth of)."),
        "ticker": ("string", "A regex that finds a token named by its ticker (UST's, a LUNA "
                             "token); its one group is the ticker: the price is USD/TICKER."),
        "shares": ("string", "A regex that finds shares or stock named in a sentence."),
        "share_unit": ("string", "The unit of a price per share (USD/share)."),
        "market": ("string", "A regex of a sentence that gives a price at the time of writing "
                             "(is trading at, at press time)."),
        "largest": ("number", "No price per coin or share is this large, nor written with a "
                              "scale word."),
        "events": ("words", "The measures that make a price one of the event's (a record, a "
                            "close): only those are compared."),
    },
    "furniture": {
        "repeats_within": ("integer", "Times a line repeats in one article to be furniture."),
        "share_across": ("number", "Share of articles a short line stands in to be furniture."),
        "max_words": ("integer", "Longest line, in words, that can be furniture across articles."),
        "lines": ("array", "Patterns of lines that are always furniture (copyright notices)."),
        "dateline": ("string", "A pattern of the dateline a paragraph may open with "
                               "(SINGAPORE, March 30 (Wire) -): its figures are furniture."),
    },
}
REQUIRED = {"top": ("version", "extractors"), "kind": ("unit",),
            "extractor": ("id", "kind", "pattern"), "example": ("text", "expect"),
            "fact": ("id", "kind", "context"), "furniture": (),
            "prices": ("kind", "from", "before", "market")}


def keys(section: str) -> set:
    return set(SECTIONS[section])


def json_schema() -> dict:
    """A JSON Schema (draft 2020-12) of the rules file, for editors' completion."""
    def obj(section: str) -> dict:
        return {"type": "object", "additionalProperties": False,
                "required": list(REQUIRED[section]),
                "properties": {k: prop(t, d) for k, (t, d) in SECTIONS[section].items()}}

    def prop(kind: str, description: str) -> dict:
        special = {
            "pieces": {"type": "object", "additionalProperties": {"type": "string"}},
            "scales": {"type": "object", "additionalProperties": {"type": "number"}},
            "multipliers": {"type": "object", "additionalProperties": {"type": "number"}},
            "names": {"type": "object", "additionalProperties": {"type": "string"}},
            "words": {"type": "array", "items": {"type": "string"}},
            "hedges": {"type": "object", "additionalProperties": False,
                       "properties": {m: {"type": "array", "items": {"type": "string"}}
                                      for m in HEDGE_MEANINGS}},
            "kinds": {"type": "object", "additionalProperties": {"$ref": "#/$defs/kind"}},
            "extractors": {"type": "array", "items": {"$ref": "#/$defs/extractor"}},
            "examples": {"type": "array", "items": {"$ref": "#/$defs/example"}},
            "facts": {"type": "array", "items": {"$ref": "#/$defs/fact"}},
            "furniture": {"$ref": "#/$defs/furniture"},
            "prices": {"$ref": "#/$defs/prices"},
            "measures": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
            "word_groups": {"type": "array", "items": {"type": "array", "items": {"type": "string"}}},
            "measure_kinds": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
            "local_currencies": {"type": "object", "additionalProperties": {
                "type": "object", "additionalProperties": {"type": "string"}}},
        }
        body = dict(special.get(kind, {"type": kind}))
        body["description"] = description
        return body

    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
              "title": "crypto-diff rules file", **obj("top"),
              "$defs": {name: obj(name) for name in SECTIONS if name != "top"}}
    schema["properties"]["version"]["const"] = 1
    return schema
