"""Apply the extractors to an article: find every figure, with its place and sentence.

An article is read in blocks (a line, or a paragraph of hard-wrapped text), each scanned
once by all extractors together; normalize.py turns each match into a value. Lines that
are page furniture are marked here (see mark_furniture).
"""
from __future__ import annotations

import time
import unicodedata
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, replace
from typing import Iterable, Optional

import regex

from . import names, prefilter
from .articles import split_lines
from .budget import Budget
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
MAX_SENTENCE = 1_000  # characters: a longer stretch without a sentence end is cut
MAX_BLOCK = 10_000  # characters: a longer block is read in parts (see _parts)
INF = float("inf")
# what plain_text() changes: format characters, digits other than 0-9, full-width forms,
# the Arabic decimal and thousands separators
_UNPLAIN = regex.compile(r"[\p{Cf}\uff01-\uff5e\u066b\u066c]|(?![0-9])\p{Nd}")
_SEPARATORS = {"\u066b": ".", "\u066c": ","}
GROUP_NAME = regex.compile(r"\(\?P<([A-Za-z_][A-Za-z0-9_]*)>")
# the combined scanner does the first pass when this is False (tests; benchmarks set the
# environment variable CRYPTO_DIFF_NO_FIRST_PASS=1: see prefilter.enabled)
USE_FIRST_PASS = prefilter.enabled()
_SCANNER_GROUPS: dict = {}  # scanner pattern -> {group name: None}, in the scanner's order
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
    outlet: Optional[str] = None  # as the article carries it (Article.outlet)
    published: Optional[str] = None  # likewise (Article.published)


@dataclass(frozen=True)
class Block:
    """A unit of text to scan: a line, or a paragraph of hard-wrapped text joined into one.
    starts: (offset in text, line number, column of that offset) of each joined line."""

    text: str
    starts: tuple

    def position(self, offset: int) -> tuple:
        """(line, column), both 1-based, of an offset into the text."""
        at, line, column = self.starts[bisect_right(self.starts, (offset, INF)) - 1]
        return line, column + offset - at


def blocks(lines: tuple, numbers: tuple = (), continues: Optional[frozenset] = None) -> list[Block]:
    """Each line is a block, unless the text is hard-wrapped: then each paragraph, its
    lines joined by a space, so that re-wrapping a text never changes its sentences.
    continues, when the markup tells (Markdown): the indexes of the lines that go on with
    the paragraph before them; those are joined, and no others."""
    wrapped = _hard_wrapped(lines) if continues is None else False
    continues = continues or frozenset()
    out, parts, starts, size = [], [], [], 0  # the block being built: its lines, joined at the end
    for index, line in enumerate(lines):
        number = numbers[index] if numbers else index + 1
        if not line.strip():
            if parts:
                out.append(Block(" ".join(parts), tuple(starts)))
            parts, starts, size = [], [], 0
            continue
        body = line.rstrip()
        if parts and (wrapped or index in continues):
            starts.append((size + 1, number, 1))
            parts.append(body)
            size += 1 + len(body)
            continue
        if parts:
            out.append(Block(" ".join(parts), tuple(starts)))
        parts, starts, size = [body], [(0, number, 1)], len(body)
    if parts:
        out.append(Block(" ".join(parts), tuple(starts)))
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
    """The figures of an article, within one time budget for every pattern of the rules
    (budget.py): a CryptoDiffError naming the pattern that runs it out."""
    units = blocks(article.lines, article.numbers, article.continues)
    counts = Counter(b.text.strip() for b in units)
    short = frozenset(key for key in counts if len(key.split()) <= rules.max_words)
    spending = Budget(rules, article.source, sum(len(b.text) for b in units))
    figures, figure_blocks = [], []
    index = 0  # of the block; a long block takes one for each part (see extract_block)
    for block in units:
        key = block.text.strip()
        spending.line = block.starts[0][1]
        found = extract_block(block, index, article.source, rules,
                              counts[key] >= rules.repeats_within
                              or _furniture_line(key, rules, spending), spending=spending)
        index = max([index + 1] + [f.sentence_id[0] + 1 for f in found])
        figures.extend(found)
        figure_blocks.extend([key if key in short else None] * len(found))
    lexicon = names.lexicon(article.lines)
    figures = framed(figures, article, rules, lexicon)
    # only short blocks are kept: an article's text is not held once it is read
    return Extracted(article.source, tuple(figures), short, tuple(figure_blocks),
                     signature(article.source, article.lines, figures, lexicon),
                     article.outlet, article.published)


def framed(figures: list[Figure], article: Article, rules: Rules, lexicon=None) -> list[Figure]:
    """The figures made explicit from their article (prices, units, years: refine.py),
    each with its frame (frame.py)."""
    lexicon = lexicon or names.lexicon(article.lines)
    figures = refine(figures, rules, article.lines, article.published)
    return frames(figures, lexicon, rules, roles_by_line(article))


def _furniture_line(key: str, rules: Rules, spending: Budget) -> bool:
    """Whether a block matches one of the rules' patterns of furniture lines."""
    patterns = rules.furniture_lines
    order = range(len(patterns))
    if patterns and prefilter.AVAILABLE and USE_FIRST_PASS:
        found = prefilter.search_filter(tuple(p.pattern for p in patterns))
        order = order if found is None else found.candidates(key)  # only those that may match
    for i in order:
        pattern = patterns[i]
        if spending.run(f"furniture line {i + 1}", rules.places.get(f"furniture.lines.{i}"),
                        lambda timeout: pattern.search(key, timeout=timeout), len(key)):
            return True
    return False


def extract_block(block: Block, index: int, source: str, rules: Rules,
                  furniture: bool = False, anchored: bool = True,
                  spending: Optional[Budget] = None) -> list[Figure]:
    """The figures of a block (index: its number in the article, for sentence_id), within
    the article's time budget (a block of its own when none is given). The block is read
    as its characters show (see plain_text); each figure's text, place and sentence are
    those of the block as written."""
    out = []
    text, written = plain_text(block.text)
    spending = spending or Budget(rules, source, len(text))
    spending.line = block.starts[0][1]
    spending.check()  # block by block, as well as by every pattern
    dateline = None
    if rules.dateline is not None:
        dateline = spending.run("the dateline", rules.places.get("furniture.dateline"),
                                lambda timeout: rules.dateline.match(text, timeout=timeout))
    found = list(_scan(text, rules, anchored, spending))
    if not found:
        return out
    sentences = _sentences(text, [(start, end) for _, start, end, _ in found])
    sentence_starts = [s for s, _ in sentences]
    parts = _parts(sentence_starts)
    for extractor, start, end, values in found:
        kind = rules.kinds[extractor.kind]
        values.setdefault("unit", kind.unit)
        at = bisect_right(sentence_starts, start) - 1
        s_start, s_text = sentences[at]
        clean_end = end  # where the figure ends in the plain text (for the dateline)
        if written is not None:  # back to the block as written
            s_end = written(s_start + len(s_text) - 1) + 1
            s_start = written(s_start)
            s_text = block.text[s_start:s_end]
            start, end = written(start), written(end - 1) + 1
        line, column = block.position(start)
        out.append(Figure(kind=kind.name, text=block.text[start:end],
                          source=source, line=line, column=column, extractor=extractor.id,
                          sentence=s_text, offset=start - s_start,
                          sentence_id=(index + parts[at], s_start), **values,
                          furniture=furniture or (dateline is not None and clean_end <= dateline.end())))
    return out


def plain_text(text: str) -> tuple:
    """The text as its characters show, and a function from its offsets to the text's
    (None when nothing changed): invisible format characters (zero-width space and
    joiners, word joiner, soft hyphen, direction marks, byte order marks) are left out,
    digits of every script read as 0-9, full-width forms as their ASCII letters, signs
    and digits, the Arabic thousands and decimal separators as , and ."""
    if not _UNPLAIN.search(text):
        return text, None
    parts, removed, last, gone = [], [], 0, 0
    for match in _UNPLAIN.finditer(text):
        char = match.group()
        parts.append(text[last:match.start()])
        last = match.end()
        plain = _plain_char(char)
        if plain:
            parts.append(plain)
        else:
            removed.append(match.start() - gone)  # where it stood, in the plain text
            gone += 1
    parts.append(text[last:])
    return "".join(parts), lambda offset: offset + bisect_right(removed, offset)


def _plain_char(char: str) -> str:
    if char in _SEPARATORS:
        return _SEPARATORS[char]
    if "\uff01" <= char <= "\uff5e":
        return chr(ord(char) - 0xFEE0)
    if unicodedata.category(char) == "Nd":
        return str(unicodedata.digit(char))
    return ""  # a format character: invisible


def _scan(text: str, rules: Rules, anchored: bool, spending: Budget):
    """(extractor, start, end, normalized values) for each figure of a block's text, left
    to right. All extractors scan together for the figure itself; its lead (a hedge,
    "between", "since") is looked for just before it. Where the first extractor to match
    states no usable value, or lacks a lead it requires, the next extractors get the
    same place, so a match hides nothing. A `skip` extractor's match (a clock time, a
    phone number) is passed over: no figure, and no other extractor reads it. Every
    pattern runs within the budget.

    With RE2 (prefilter.py), the first pass at each anchor lists the extractors that can
    match there, and only those are tried, in rules order: the same figures as trying
    the combined scanner and then each later extractor."""
    first = _first_pass(rules) if anchored and rules.anchor is not None else None
    data = None
    if first is not None:
        try:
            data = memoryview(text.encode("utf-8"))
        except UnicodeEncodeError:  # a lone surrogate: RE2 reads UTF-8 only
            first = None
    if first is not None:
        yield from _scan_first_pass(text, data, first, rules, spending)
        return
    done = [0]  # done[0]: where the last figure ended
    for match in _candidates(text, rules, anchored, done, spending):
        if match.start() < done[0]:
            continue
        order = rules.extractor_index(match)
        found = _value(rules.extractors[order], match, text, rules, spending)
        for later in rules.extractors[order + 1:] if found is None else ():
            pattern = later.compiled  # compiled (when first needed) outside the budget
            retry = spending.run(
                f"extractor '{later.id}'", (later.line, None),
                lambda timeout: pattern.match(text, match.start(), timeout=timeout))
            found = _value(later, retry, text, rules, spending) if retry else None
            if found:
                break
        if found is not None:
            if found[3] is not None:  # None: a look-alike passed over (a clock time)
                yield found
            done[0] = max(found[2], match.start() + 1)


def prepare(rules: Rules) -> None:
    """Build what scanning needs before worker processes fork, so that each inherits it:
    the first pass, the furniture lines' filter and the extractors' patterns, else the
    combined scanner."""
    if _first_pass(rules) is None:
        rules.scanner
        return
    if rules.furniture_lines:
        prefilter.search_filter(tuple(p.pattern for p in rules.furniture_lines))
    for extractor in rules.extractors:  # compiled once, not in every worker
        extractor.compiled


def _first_pass(rules: Rules):
    """The rules' first pass (prefilter.py), or None: without RE2, the scanner."""
    if not prefilter.AVAILABLE or not USE_FIRST_PASS:
        return None
    return prefilter.first_pass(tuple(e.pattern for e in rules.extractors))


def _scan_first_pass(text: str, data, first, rules: Rules, spending: Budget):
    """_scan with the first pass: at each anchor, the candidates it lists are tried in
    rules order; the first to match is read as the scanner's match would be (with every
    group of the scanner), those after it as retries."""
    extractors = rules.extractors
    clock = time.perf_counter
    ascii_text = len(data) == len(text)
    at_char = at_byte = 0  # a place in text and the same place in data
    done = 0  # where the last figure ended
    for start in anchors(text, rules, spending):
        if start < done:
            continue
        if not ascii_text:
            at_byte += len(text[at_char:start].encode("utf-8"))
            at_char = start
        began = clock()
        candidates = first.candidates(data[start if ascii_text else at_byte:])
        spending.spent += clock() - began
        found = None
        scanner_match = True  # the first candidate that matches is the scanner's match
        for order in candidates:
            extractor = extractors[order]
            pattern = extractor.compiled  # compiled (when first needed) outside the budget
            match = spending.run(
                f"extractor '{extractor.id}'", (extractor.line, None),
                lambda timeout: pattern.match(text, start, timeout=timeout))
            if match is None:
                continue
            groups = _scanner_groups(rules, order, match) if scanner_match else None
            scanner_match = False
            found = _value(extractor, match, text, rules, spending, groups)
            if found is not None:
                break
        if found is not None:
            if found[3] is not None:  # None: a look-alike passed over (a clock time)
                yield found
            done = max(found[2], start + 1)


def _scanner_groups(rules: Rules, order: int, match) -> dict:
    """The groups the scanner's match would have: every group of the scanner, those of
    other extractors None."""
    names = _SCANNER_GROUPS.get(rules.scanner_pattern)
    if names is None:
        names = _SCANNER_GROUPS[rules.scanner_pattern] = dict.fromkeys(
            GROUP_NAME.findall(rules.scanner_pattern))
    groups = dict(names)
    groups[f"x_{order}"] = match.group()
    groups.update(match.groupdict())
    return groups


def _candidates(text: str, rules: Rules, anchored: bool, done: list, spending: Budget):
    """The scanner's match at each place a figure can start, left to right: at each
    anchor when the rules define one (a cheap pattern finds them; the scanner is then
    only tried there), else wherever the scanner finds one."""
    scanner = rules.scanner  # compiled (when first needed) outside the budget
    clock = time.perf_counter
    if anchored and rules.anchor is not None:
        for start in anchors(text, rules, spending):
            began = clock()
            try:
                match = scanner.match(text, start, timeout=spending.left())
            except TimeoutError:
                spending.fail(_extractors_at(text, start, rules, lambda p: p.match))
            finally:
                spending.spent += clock() - began
            if match is not None:
                yield match
        return
    pos = 0
    while pos <= len(text):
        at = max(pos, done[0])
        began = clock()
        try:
            match = scanner.search(text, at, timeout=spending.left())
        except TimeoutError:
            spending.fail(_extractors_at(text, at, rules, lambda p: p.search), len(text) - at)
        finally:
            spending.spent += clock() - began
        if match is None:
            return
        yield match
        pos = match.start() + 1


def _extractors_at(text: str, start: int, rules: Rules, method) -> list:
    """Each extractor as a suspect of running out the budget where the scanner ran:
    method(its compiled pattern) run again at the same place."""
    return [(f"extractor '{e.id}'", (e.line, None),
             lambda timeout, e=e: method(e.compiled)(text, start, timeout=timeout))
            for e in rules.extractors]


def anchors(text: str, rules: Rules, spending: Optional[Budget] = None) -> list[int]:
    """Where a figure can start, in order: where the anchor matches, and the first letter
    of each word where the word anchor matches. Trying the word anchor at every word is
    most of the cost of scanning, so each distinct word is first tried alone (could a match
    start with it, whatever follows?) and remembered; only the words that pass are tried
    in place. Alone, a word has nothing before it, which is why the rules may not give
    the word anchor a lookbehind that must match."""
    spending = spending or Budget(rules, "<text>", len(text))
    found = spending.run("the anchor", rules.places.get("anchor"),
                         lambda timeout: [m.start() for m in rules.anchor.finditer(text, timeout=timeout)],
                         len(text))
    word_anchor = rules.word_anchor
    if word_anchor is None:
        return found
    may_start = _may_start.get(word_anchor.pattern)
    if may_start is None or len(may_start) > MAX_REMEMBERED_WORDS:
        may_start = _may_start[word_anchor.pattern] = {}
    more = []
    token, at = "", 0
    clock, began = time.perf_counter, 0.0
    try:
        for word in WORD.finditer(text):
            token, at = word.group(), word.start()
            passes = may_start.get(token)
            if passes is None:
                began = clock()
                passes = word_anchor.match(token, partial=True, timeout=spending.left()) is not None
                spending.spent += clock() - began
                may_start[token] = passes
            if passes:
                began = clock()
                if word_anchor.match(text, at, timeout=spending.left()):
                    more.append(at)
                spending.spent += clock() - began
    except TimeoutError:
        spending.spent += clock() - began
        spending.fail([("the word anchor", rules.places.get("word_anchor"),
                        lambda timeout: (word_anchor.match(token, partial=True, timeout=timeout),
                                         word_anchor.match(text, at, timeout=timeout)))])
    return sorted(set(found).union(more)) if more else found


def _value(extractor, match, text: str, rules: Rules, spending: Budget, groups=None):
    """The extractor's figure from its match (groups: the match's groups, when not its
    own), or None when it states no usable value or lacks the lead it requires."""
    start = match.start()
    lead = spending.run(f"the lead of extractor '{extractor.id}'", (extractor.line, None),
                        lambda timeout: extractor.lead_before(text, start, timeout))
    if lead is None and extractor.lead_required:
        return None
    if extractor.skip:
        return extractor, match.start(), match.end(), None
    groups = match.groupdict() if groups is None else groups
    if lead is not None:
        groups.update((k, v) for k, v in lead.groupdict().items() if v is not None)
    values = normalize(groups, rules.kinds[extractor.kind], rules)
    if values is None:
        return None
    return extractor, (lead.start() if lead else start), match.end(), values


def extract_text(text: str, rules: Rules, source: str = "<text>", anchored: bool = True,
                 published: Optional[str] = None) -> list[Figure]:
    """Every figure of a text (no furniture rule applied), made explicit and framed as in
    an article published on that date. anchored=False tries the extractors at every
    position, to check that the rules' anchor misses nothing."""
    figures = []
    lines = tuple(split_lines(text))
    units = blocks(lines)
    spending = Budget(rules, source, sum(len(b.text) for b in units))
    for index, block in enumerate(units):
        figures.extend(extract_block(block, index, source, rules, anchored=anchored,
                                     spending=spending))
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


def _sentences(text: str, spans: list = ()) -> list[tuple[int, str]]:
    """(start, text) of each sentence of a block, in order. A stretch longer than
    MAX_SENTENCE without a sentence end the rules can see (text without capitals, a list
    of numbers run together) is cut at a space outside the figures' spans (sorted
    (start, end) pairs), so that what a figure's sentence costs later stays bounded."""
    out, start = [], 0
    span_starts = [s for s, _ in spans]
    for gap in SENTENCE_END.finditer(text):
        _add_sentence(out, text, start, gap.start(), spans, span_starts)
        start = gap.end()
    _add_sentence(out, text, start, len(text), spans, span_starts)
    return out


def _parts(sentence_starts: list) -> list:
    """For each sentence of a block, the part of the block it stands in: a block longer
    than MAX_BLOCK characters (a whole article on one line) is read as parts of about
    that length, each standing for a block of its own (only the article's first part is
    its headline), ending at a sentence's end."""
    parts, part, part_start = [], 0, 0
    for start in sentence_starts:
        if start - part_start >= MAX_BLOCK:
            part, part_start = part + 1, start
        parts.append(part)
    return parts


def _add_sentence(out: list, text: str, start: int, end: int, spans: list, span_starts: list):
    while end - start > MAX_SENTENCE:
        cut = _cut(text, start, start + MAX_SENTENCE, spans, span_starts)
        out.append((start, text[start:cut]))
        start = cut + 1 if text[cut:cut + 1] == " " else cut
    out.append((start, text[start:end]))


def _cut(text: str, start: int, limit: int, spans: list, span_starts: list) -> int:
    """Where to cut text between start and limit: the last space there outside every
    span; without one, at limit, or right after the span limit falls in."""
    before = limit
    while True:
        cut = text.rfind(" ", start + 1, before)
        if cut <= start:
            break
        i = bisect_right(span_starts, cut) - 1
        if i < 0 or spans[i][1] <= cut:
            return cut
        before = spans[i][0]
    i = bisect_right(span_starts, limit) - 1
    return spans[i][1] if i >= 0 and spans[i][0] < limit < spans[i][1] else limit


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
