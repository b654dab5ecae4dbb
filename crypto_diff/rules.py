"""The records of a loaded rules file, which every stage reads: Rules, Extractor,
Example, DeclaredFact, BoundedPattern (Kind is with the other plain records, in
models.py).

rules_loader.py reads, validates and compiles a rules file into these. The scanner and
the extractors' own patterns are compiled when first needed, so figures that come from
the cache need none of them compiled.
"""
from __future__ import annotations

import functools
import time
from dataclasses import dataclass, field
from typing import Any, Optional

import regex

from . import budget

LEAD_WINDOW = 60  # characters before a match in which its lead is looked for


@dataclass(frozen=True)
class Example:
    text: str
    expect: tuple  # of dicts: fields the figures must have, in order
    line: int


@dataclass(frozen=True)
class Extractor:
    id: str
    kind: str
    pattern: str  # with every {piece} expanded
    examples: tuple
    line: int
    lead: str = ""  # the words right before the figure, as a regex; "" for none
    lead_required: bool = False
    lead_pattern: Any = None  # the lead compiled to end where the figure starts
    skip: bool = False  # what it matches is no figure: passed over, read by no extractor

    @property
    def compiled(self):
        """The pattern alone, compiled when first needed (the scanner does the scanning)."""
        return compile_pattern(self.pattern)

    def lead_before(self, text: str, start: int, timeout: Optional[float] = None):
        """The lead that ends where the pattern's match starts (the longest), or None;
        TimeoutError past timeout seconds."""
        if self.lead_pattern is None:
            return None
        return self.lead_pattern.search(text, max(0, start - LEAD_WINDOW), start,
                                        timeout=timeout)


@dataclass(frozen=True)
class BoundedPattern:
    """A pattern of the rules searched outside any article's budget (a declared fact's
    context, searched while grouping): its searches over a run share one budget of the
    rules' timeout for every budget.BUDGET_CHARS characters searched (budget.py)."""

    pattern: Any  # compiled
    what: str  # its name in messages: the context of fact 'x'
    path: str  # the rules file
    line: int
    column: int
    timeout: float
    spent: list = field(default_factory=lambda: [0.0, 0], init=False, repr=False,
                        compare=False)  # seconds spent and characters searched so far

    def search(self, text: str):
        """The pattern's search of text, within what is left of the run's budget; a
        CryptoDiffError when it runs out."""
        self.spent[1] += len(text)
        limit = budget.limit(self.timeout, self.spent[1])
        start = time.monotonic()
        try:
            if limit - self.spent[0] <= 0:
                raise TimeoutError
            return self.pattern.search(text, timeout=limit - self.spent[0])
        except TimeoutError:
            raise budget.ran_out(
                [(self.what, (self.line, self.column),
                  lambda timeout: self.pattern.search(text, timeout=timeout))], len(text), self,
                f"the {limit:.3g} s time budget of the sentences it searched") from None
        finally:
            self.spent[0] += time.monotonic() - start


@dataclass(frozen=True)
class DeclaredFact:
    id: str
    label: str
    kind: str
    context: Any  # a BoundedPattern searched in a figure's sentence
    line: int


@dataclass(frozen=True)
class Vocabulary:
    """The measures vocabulary, stemmed: single: stem -> the measures it names; multi:
    (stems, measure) of phrases; related: pairs of measures never told apart; opposites:
    groups of stems that tell figures apart; events: the measures only dates have."""

    single: dict
    multi: tuple = ()
    related: frozenset = frozenset()
    opposites: tuple = ()
    events: frozenset = frozenset()  # measures of events: they tell dates apart, never amounts
    kinds: dict = field(default_factory=dict)  # measure -> the kinds that alone have it

    @functools.cached_property
    def phrases(self) -> dict:
        """first stem -> the phrases (stems, measure) that start with it."""
        out: dict = {}
        for parts, measure in self.multi:
            out.setdefault(parts[0], []).append((parts, measure))
        return out

    def of(self, measures: tuple, kind) -> dict:
        """The measures of a figure of this kind, as measure -> weight: those only dates
        have left out of amounts, those of other kinds left out."""
        return {m: w for m, w in measures
                if (kind.is_date or m not in self.events) and kind.name in self.kinds.get(m, (kind.name,))}


@dataclass(frozen=True)
class Prices:
    """When a USD amount states the price of one coin or share (refine.py)."""

    kind: str  # the kind it becomes
    source: str  # the kind it comes from
    before: Any  # compiled: what stands right before a price
    per_share: Any  # compiled: what stands right after a price per share
    shares: Any  # compiled: shares or stock named in a sentence
    share_unit: str
    market: Any  # compiled: a price at the time of writing
    largest: float
    coins: dict  # lower-case coin name -> its price unit (bitcoin -> USD/BTC)
    coin: Any  # compiled: any coin name
    events: frozenset = frozenset()  # measures that make a price the event's, compared
    per_unit: Any = None  # compiled: what stands right after a price per coin (apiece)
    level: Any = None  # compiled: what stands right before a price in a sentence about one (to, below)
    context: Any = None  # compiled: a sentence that speaks of a price (price, quote, target)
    amount: Any = None  # compiled: what stands right before an amount that is no price (by, paid)
    amount_after: Any = None  # compiled: what stands right after an amount that is no price (in fees)
    ticker: Any = None  # compiled: a token named by its ticker; group 1 is the ticker
    coin_context: Any = None  # compiled: a coin spoken of, none named (the token)

@dataclass(frozen=True)
class Rules:
    path: str
    kinds: dict
    extractors: tuple
    scales: dict  # lower-case scale word -> multiplier
    number_words: dict  # lower-case number in words -> value
    hedges: dict  # lower-case hedge word -> meaning
    date_hedges: dict  # lower-case date hedge word -> meaning
    facts: tuple
    repeats_within: int
    share_across: float
    max_words: int
    timeout: float  # seconds the patterns may take on an article, per budget.BUDGET_CHARS characters
    scanner_pattern: str  # every extractor as a named alternative, in order
    anchor: Any = None  # where a figure can start; None: anywhere
    furniture_lines: tuple = ()  # patterns of lines that are page furniture (© 2025 ...)
    dateline: Any = None  # the dateline a block may open with; its figures are furniture
    word_anchor: Any = None  # where a figure can start at a word's first letter
    plural_nouns: frozenset = frozenset()  # counted nouns that are plural without an s
    digest: str = ""  # of the rules file's text: figures found with other rules differ
    vocabulary: Vocabulary = Vocabulary({})  # what figures measure
    prices: Any = None  # Prices, or None: no amount is read as a price from its context
    places: dict = field(default_factory=dict)  # (line, column) in the file of each pattern
    # that is no extractor's: "anchor", "word_anchor", "furniture.dateline", "furniture.lines.0"
    # (ambiguous unit, ((ISO code, compiled pattern of its country's words), ...)), ...
    local_currencies: tuple = ()

    @functools.cached_property
    def coin_names(self) -> dict:
        """name of a coin, lower case -> its ticker, lower case ("wrapped bitcoin" -> "wbtc"),
        for the kinds whose units include a coin the prices section knows: a coin's name and
        its ticker are one subject."""
        tickers = {unit.split("/")[-1] for unit in (self.prices.coins.values() if self.prices else ())}
        coin_kinds = {name for name, kind in self.kinds.items()
                      if tickers & ({kind.unit} | set(kind.units.values()) | set(kind.unit_names.values()))}
        out = {}
        for word, (kind, unit) in self.unit_words.items():
            if kind in coin_kinds:
                out[word] = unit.lower()
        for word, unit in (self.prices.coins.items() if self.prices else ()):
            out.setdefault(word, unit.split("/")[-1].lower())
        return out

    @functools.cached_property
    def unit_words(self) -> dict:
        """word -> (kind, unit) for the units of the amount kinds (bitcoin -> btc, BTC),
        for counts whose sentence names their unit ("94,000 of the stolen bitcoin")."""
        out = {}
        for kind in self.kinds.values():
            if kind.counts or kind.is_date or "/" in kind.unit:  # not a count, date or price
                continue
            for word, unit in kind.unit_names.items():  # a unit's own name first: month, not year
                out.setdefault(word, (kind.name, unit))
            for word in kind.units:
                out.setdefault(word, (kind.name, kind.unit))
        return out

    @property
    def scanner(self):
        """The scanner, compiled when first needed: figures that come from the cache
        need none."""
        return compile_pattern(self.scanner_pattern)

    def extractor_index(self, match) -> int:
        """The index of the extractor whose alternative of the scanner made this match."""
        for i in range(len(self.extractors)):
            if match.start(f"x_{i}") >= 0:
                return i
        raise AssertionError("a scanner match always comes from one extractor")


@functools.lru_cache(maxsize=None)
def compile_pattern(pattern: str):
    """A compiled pattern, compiled once per run."""
    return regex.compile(pattern)

