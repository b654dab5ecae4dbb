"""Plain records passed between the stages of the pipeline.

rules -> Kind, articles -> Article (named in reports by its Source), extract -> Figure
(with its Frame) and Signature, stories -> Story, group -> Fact (figures), compare -> Verdict.
Nothing here does I/O.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Union

Value = Union[float, str, None]  # a number for amounts, a TimeML string for dates

AGREE, APPROX, CONFLICT, SINGLE = "agree", "approx", "conflict", "single"
VERDICTS = (CONFLICT, APPROX, AGREE, SINGLE)  # most to least urgent


@dataclass(frozen=True)
class Kind:
    """A kind of figure, as the rules file declares it: its unit, how hedged figures are
    compared (tolerance), how far apart one fact's values may lie (band), and the flags
    that decide how its figures behave (counts, compare)."""

    name: str
    label: str
    unit: str
    tolerance: float = 0.0
    band: float = 1.6
    units: dict = field(default_factory=dict)
    unit_names: dict = field(default_factory=dict)
    counts: bool = False  # the unit is the noun after the number (8 exchanges)
    compare: bool = True  # false: listed, never compared

    @property
    def is_date(self) -> bool:
        return self.unit == "date"


@dataclass(frozen=True)
class Article:
    """One input text, split into lines. numbers: the line number in the file of each line
    (for text read out of HTML); empty means lines[0] is line 1, and so on. continues:
    where the markup tells paragraphs apart (Markdown), the indexes of the lines that go
    on with the paragraph of the line before; None where only the text's shape can tell."""

    source: str  # the path as given on the command line joined with the file name
    lines: tuple[str, ...]
    numbers: tuple[int, ...] = ()
    continues: Optional[frozenset] = None
    published: Optional[str] = None  # the article's own publication date, YYYY-MM-DD, if it tells
    outlet: Optional[str] = None  # the outlet that published it, as people name it, if it tells
    line_roles: tuple[str, ...] = ()  # per line, what its markup says it is: "", list, table, quote


@dataclass(frozen=True)
class Source:
    """An article as reports name it: its path (as the command line gave it, joined with
    the file name), and the outlet and publication date it carries (None: it does not tell)."""

    path: str
    outlet: Optional[str] = None
    published: Optional[str] = None  # YYYY-MM-DD


@dataclass(frozen=True, slots=True)
class Frame:
    """What a figure is about, read from the text around it (frame.py): the names near it
    (key, as written, distance in words, possessive), what it measures (measure, weight),
    its clause's other content words (stem, weight), the time words and qualifiers near
    it, the other figures of its sentence (kind, unit, size, precise), and where it
    stands in the article (headline, body, list, table, quote, box, byline, market)."""

    role: str = "body"
    names: tuple = ()
    measures: tuple = ()
    words: tuple = ()
    times: frozenset = frozenset()
    qualifiers: frozenset = frozenset()
    neighbours: tuple = ()


@dataclass(frozen=True, slots=True)
class Figure:
    """One figure found in an article, normalized.

    low/high are the interval as stated, before precision or tolerance: None is an open
    end. low_open/high_open say that the bound itself is excluded ("over 6,240").
    precision is the half-width of the last written digit (0 for dates); the verdict
    widens plain figures by it, approximate ones by the kind's tolerance.
    """

    kind: str
    unit: str
    text: str
    source: str
    line: int  # 1-based
    column: int  # 1-based, in characters
    low: Value
    high: Value
    low_open: bool = False
    high_open: bool = False
    approx: bool = False
    precision: float = 0.0
    extractor: str = ""
    sentence: str = ""  # the sentence that holds the figure
    offset: int = 0  # where the figure's text starts in sentence
    sentence_id: tuple = ()  # tells the sentences of one source apart
    furniture: bool = False  # stands on a line that is page furniture
    frame: Optional[Frame] = None  # what it is about (frame.py)

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}:{self.column}"

    @property
    def claim(self) -> tuple:
        """What the figure says, whatever its wording: equal claims say the same thing."""
        return (self.low, self.high, self.low_open, self.high_open, self.approx)


@dataclass(frozen=True)
class Verdict:
    """How the statements of one fact relate to each other."""

    verdict: str  # agree | approx | conflict | single
    spread: Optional[float] = None  # approx: how far apart the values are, in percent
    # conflict: the smallest distance between statements, in the fact's unit (amounts) or
    # in days (dates; None when they differ only in months or days without a year)
    gap: Optional[float] = None
    gap_percent: Optional[float] = None  # conflict (amounts): the gap against the nearer bound
    # conflict: the sources that, left out, let all the others agree (the odd ones out),
    # when they are fewer than the others and no other choice of as few would do; else ()
    odd: tuple = ()


@dataclass(frozen=True)
class Fact:
    """One quantity the sources talk about, with every figure that states it."""

    id: str
    label: str
    kind: str
    unit: str
    figures: tuple[Figure, ...]
    verdict: Verdict = field(default_factory=lambda: Verdict(SINGLE))
    declared: bool = False
    story: str = ""  # the id of the story it belongs to
    subject: str = ""  # whose figure it is (El Salvador), as its sources write it; "" unknown
    measure: str = ""  # what it measures (holdings), from the rules' vocabulary; "" unknown
    contradicts_itself: tuple[str, ...] = ()  # the sources whose own statements of it conflict

    @property
    def sources(self) -> list[str]:
        return sorted({f.source for f in self.figures})


@dataclass(frozen=True)
class Signature:
    """What tells one article's story from another's (story.py): (term, count) of its
    names (N:), content words (W:) and precise values (V:), and its headline."""

    source: str
    headline: str
    terms: tuple = ()


@dataclass(frozen=True)
class Story:
    """Articles that report one event; facts never join two stories."""

    id: str
    title: str
    sources: tuple[str, ...] = ()
