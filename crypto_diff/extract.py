"""Apply the extractors to an article: find every figure, with its place and sentence.

An article is read in blocks (a line, or a paragraph of hard-wrapped text), each scanned
once by all extractors together; normalize.py turns each match into a value. Lines that
are page furniture are marked here (see mark_furniture).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import Iterable, Optional

import regex

from .errors import CryptoDiffError
from . import names
from .frame import frames, roles_by_line
from .models import Article, Figure, Signature
from .refine import refine
from .story import signature
from .normalize import normalize
from .rules import Rules

# a sentence ends at . ! or ? (maybe closed by a quote or bracket) before a capital
SENTENCE_END = regex.compile(r"(?<=[.!?][\"”’)\]]?)\s+(?=[\"“‘(\[]?[A-Z])")
WRAP_WIDTH = 100  # text whose lines are all this short may be hard-wrapped
WORD = regex.compile(r"\b[^\W\d_]+")  # a run of letters at the start of a word
MAX_REMEMBERED_WORDS = 200_000  # distinct words whose verdict is kept, per word anchor
_may_start: dict = {}  # word anchor pattern -> {word: whether a match may start with it}


@dataclass(frozen=True)
class Extracted:
    """The figures of one article (each with its frame), its distinct blocks (for the
    furniture rule) and its signature (for telling stories apart)."""

    source: str
    figures: tuple
    block_keys: frozenset  # the article's distinct short blocks (the rest is never furniture)
    figure_blocks: tuple  # the short block of each figure, or None
    signature: Optional[Signature] = None


@dataclass(frozen=True)
class Block:
    """A unit of text to scan: a line, or a paragraph of hard-wrapped text joined into one.
    starts: (offset in text, line number, column of that offset) of each joined line."""

    text: str
    starts: tuple

    def position(self, offset: int) -> tuple:
        """(line, column), both 1-based, of an offset into the text."""
        at, line, column = next(s for s in reversed(self.starts) if s[0] <= offset)
        return line, column + offset - at


def blocks(lines: tuple, numbers: tuple = (), continues: Optional[frozenset] = None) -> list[Block]:
    """Each line is a block, unless the text is hard-wrapped: then each paragraph, its
    lines joined by a space, so that re-wrapping a text never changes its sentences.
    continues, when the markup tells (Markdown): the indexes of the lines that go on with
    the paragraph before them; those are joined, and no others."""
    wrapped = _hard_wrapped(lines) if continues is None else False
    continues = continues or frozenset()
    out, text, starts = [], "", []
    for index, line in enumerate(lines):
        number = numbers[index] if numbers else index + 1
        if not line.strip():
            if text:
                out.append(Block(text, tuple(starts)))
            text, starts = "", []
            continue
        body = line.rstrip()
        if text and (wrapped or index in continues):
            starts.append((len(text) + 1, number, 1))
            text += " " + body
            continue
        if text:
            out.append(Block(text, tuple(starts)))
        text, starts = body, [(0, number, 1)]
    if text:
        out.append(Block(text, tuple(starts)))
    return out


def _hard_wrapped(lines: tuple) -> bool:
    """No line is longer than WRAP_WIDTH, and the lines that go on into a next line (3 or
    more) nearly all fill most of the width, as wrapping makes them."""
    width = max((len(line) for line in lines), default=0)
    if width > WRAP_WIDTH:
        return False
    inner = [len(lines[i].rstrip()) for i in range(len(lines) - 1)
             if lines[i].strip() and lines[i + 1].strip()]
    return len(inner) >= 3 and sum(n >= 0.6 * width for n in inner) >= 0.8 * len(inner)


def extract_article(article: Article, rules: Rules) -> Extracted:
    units = blocks(article.lines, article.numbers, article.continues)
    counts = Counter(b.text.strip() for b in units)
    short = frozenset(key for key in counts if len(key.split()) <= rules.max_words)
    figures, figure_blocks = [], []
    for index, block in enumerate(units):
        key = block.text.strip()
        found = extract_block(block, index, article.source, rules,
                              counts[key] >= rules.repeats_within
                              or any(p.search(key) for p in rules.furniture_lines))
        figures.extend(found)
        figure_blocks.extend([key if key in short else None] * len(found))
    lexicon = names.lexicon(article.lines)
    figures = framed(figures, article, rules, lexicon)
    # only short blocks are kept: an article's text is not held once it is read
    return Extracted(article.source, tuple(figures), short, tuple(figure_blocks),
                     signature(article.source, article.lines, figures, lexicon))


def framed(figures: list[Figure], article: Article, rules: Rules, lexicon=None) -> list[Figure]:
    """The figures made explicit from their article (prices, units, years: refine.py),
    each with its frame (frame.py)."""
    lexicon = lexicon or names.lexicon(article.lines)
    figures = refine(figures, rules, article.lines, article.published)
    return frames(figures, lexicon, rules, roles_by_line(article))


def extract_block(block: Block, index: int, source: str, rules: Rules,
                  furniture: bool = False, anchored: bool = True) -> list[Figure]:
    out = []
    sentences = None
    dateline = rules.dateline.match(block.text) if rules.dateline is not None else None
    for extractor, start, end, values in _scan(block, source, rules, anchored):
        kind = rules.kinds[extractor.kind]
        values.setdefault("unit", kind.unit)
        if sentences is None:
            sentences = _sentences(block.text)
        s_start, s_text = next((s, t) for s, t in reversed(sentences) if s <= start)
        line, column = block.position(start)
        out.append(Figure(kind=kind.name, text=block.text[start:end],
                          source=source, line=line, column=column, extractor=extractor.id,
                          sentence=s_text, offset=start - s_start,
                          sentence_id=(index, s_start), **values,
                          furniture=furniture or (dateline is not None and end <= dateline.end())))
    return out


def _scan(block: Block, source: str, rules: Rules, anchored: bool = True):
    """(extractor, start, end, normalized values) for each figure of a block, left to
    right. All extractors scan together for the figure itself; its lead (a hedge,
    "between", "since") is looked for just before it. Where the first extractor to match
    states no usable value, or lacks a lead it requires, the next extractors get the
    same place, so a match hides nothing. A `skip` extractor's match (a clock time, a
    phone number) is passed over: no figure, and no other extractor reads it. Every
    search is bounded by the rules' timeout."""
    text, done = block.text, [0]  # done[0]: where the last figure ended
    try:
        for match in _candidates(text, rules, anchored, done):
            if match.start() < done[0]:
                continue
            order = rules.extractor_index(match)
            found = _value(rules.extractors[order], match, text, rules)
            for later in rules.extractors[order + 1:] if found is None else ():
                retry = later.compiled.match(text, match.start(), timeout=rules.timeout)
                found = _value(later, retry, text, rules) if retry else None
                if found:
                    break
            if found is not None:
                if found[3] is not None:  # None: a look-alike passed over (a clock time)
                    yield found
                done[0] = max(found[2], match.start() + 1)
    except TimeoutError:
        _name_the_slow_extractor(block, source, rules)


def _candidates(text: str, rules: Rules, anchored: bool, done: list):
    """The scanner's match at each place a figure can start, left to right: at each
    anchor when the rules define one (a cheap pattern finds them; the scanner is then
    only tried there), else wherever the scanner finds one."""
    if anchored and rules.anchor is not None:
        for start in anchors(text, rules):
            match = rules.scanner.match(text, start, timeout=rules.timeout)
            if match is not None:
                yield match
        return
    pos = 0
    while pos <= len(text):
        match = rules.scanner.search(text, max(pos, done[0]), timeout=rules.timeout)
        if match is None:
            return
        yield match
        pos = match.start() + 1


def anchors(text: str, rules: Rules) -> list[int]:
    """Where a figure can start, in order: where the anchor matches, and the first letter
    of each word where the word anchor matches. Trying the word anchor at every word is
    most of the cost of scanning, so each distinct word is first tried alone (could a match
    start with it, whatever follows?) and remembered; only the words that pass are tried
    in place. Alone, a word has nothing before it, which is why the rules may not give
    the word anchor a lookbehind that must match."""
    found = [m.start() for m in rules.anchor.finditer(text, timeout=rules.timeout)]
    word_anchor = rules.word_anchor
    if word_anchor is None:
        return found
    may_start = _may_start.get(word_anchor.pattern)
    if may_start is None or len(may_start) > MAX_REMEMBERED_WORDS:
        may_start = _may_start[word_anchor.pattern] = {}
    more = []
    for word in WORD.finditer(text):
        token = word.group()
        passes = may_start.get(token)
        if passes is None:
            passes = may_start[token] = word_anchor.match(
                token, partial=True, timeout=rules.timeout) is not None
        if passes and word_anchor.match(text, word.start(), timeout=rules.timeout):
            more.append(word.start())
    return sorted(set(found).union(more)) if more else found


def _value(extractor, match, text: str, rules: Rules):
    lead = extractor.lead_before(text, match.start())
    if lead is None and extractor.lead_required:
        return None
    if extractor.skip:
        return extractor, match.start(), match.end(), None
    groups = match.groupdict()
    if lead is not None:
        groups.update((k, v) for k, v in lead.groupdict().items() if v is not None)
    values = normalize(groups, rules.kinds[extractor.kind], rules)
    if values is None:
        return None
    return extractor, (lead.start() if lead else match.start()), match.end(), values


def _name_the_slow_extractor(block: Block, source: str, rules: Rules):
    """Raise the error that names the extractor whose pattern runs past the timeout."""
    line = block.starts[0][1]
    for extractor in rules.extractors:
        try:
            extractor.compiled.search(block.text, timeout=rules.timeout)
        except TimeoutError:
            raise CryptoDiffError(
                f"extractor '{extractor.id}' ran past the {rules.timeout:g} s timeout on "
                f"{source} line {line}; its pattern may backtrack catastrophically",
                rules.path, extractor.line) from None
    raise CryptoDiffError(f"the extractors together ran past the {rules.timeout:g} s "
                          f"timeout on {source} line {line}", rules.path) from None


def extract_text(text: str, rules: Rules, source: str = "<text>", anchored: bool = True,
                 published: Optional[str] = None) -> list[Figure]:
    """Every figure of a text (no furniture rule applied), made explicit and framed as in
    an article published on that date. anchored=False tries the extractors at every
    position, to check that the rules' anchor misses nothing."""
    lines = tuple(text.splitlines())
    figures = []
    for index, block in enumerate(blocks(lines)):
        figures.extend(extract_block(block, index, source, rules, anchored=anchored))
    return framed(figures, Article(source, lines, published=published), rules)


def mark_furniture(articles: Iterable[Extracted], share: float) -> list[Figure]:
    """All figures, those on short lines (the rules' max_words or fewer, as extraction
    kept them) that stand in `share` of the articles, and in 3 or more, marked
    furniture. Long lines are never furniture: outlets that run the same wire copy
    state the same figures."""
    articles = list(articles)
    seen = Counter(key for a in articles for key in a.block_keys)
    limit = max(3, share * len(articles))
    common = {key for key, n in seen.items() if n >= limit}
    out = []
    for article in articles:
        for figure, key in zip(article.figures, article.figure_blocks):
            if not figure.furniture and key is not None and key in common:
                figure = replace(figure, furniture=True)
            out.append(figure)
    return out


def _sentences(line: str) -> list[tuple[int, str]]:
    out, start = [], 0
    for gap in SENTENCE_END.finditer(line):
        out.append((start, line[start:gap.start()]))
        start = gap.end()
    out.append((start, line[start:]))
    return out


def example_failures(rules: Rules) -> list[str]:
    """Run every extractor's examples; one message per failure, naming file and line."""
    failures = []
    for extractor in rules.extractors:
        for example in extractor.examples:
            found = extract_text(example.text, rules)
            problem = _example_problem(example, found, extractor.kind)
            everywhere = extract_text(example.text, rules, anchored=False)
            if not problem and everywhere != found:
                problem = ("the rules' anchor misses a figure that the extractors find: "
                           + ", ".join(repr(f.text) for f in everywhere if f not in found))
            if problem:
                failures.append(f"{rules.path}:{example.line}: extractor '{extractor.id}': "
                                f"{example.text!r}: {problem}")
    return failures


def _example_problem(example, found: list[Figure], kind: str) -> str:
    got = ", ".join(f"{f.text!r} ({f.kind} {f.low}..{f.high})" for f in found) or "nothing"
    if len(found) != len(example.expect):
        return f"expected {len(example.expect)} figure(s), got {got}"
    for want, figure in zip(example.expect, found):
        want = {"kind": kind, **want}
        for key, value in want.items():
            have = getattr(figure, key, None)
            same = (have == value if not isinstance(value, (int, float)) or isinstance(value, bool)
                    else have is not None and abs(have - value) <= 1e-9 * max(1.0, abs(value)))
            if not same:
                return f"{key} should be {value!r}, got {have!r} (figures: {got})"
    return ""
