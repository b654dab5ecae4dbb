"""Load, validate and compile a rules file (rules.yaml).

Every check runs when the file is loaded, before any article is read; a problem raises
CryptoDiffError naming the file, line and column. Patterns are compiled once here.
"""
from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Optional

import regex

from . import cache
from .errors import CryptoDiffError
from .models import Kind
from .rules_schema import HEDGE_MEANINGS, REQUIRED, keys

FORMAT_VERSION = 1
LEAD_WINDOW = 60  # characters before a match in which its lead is looked for
DEFAULT_TIMEOUT = 1.0
AMOUNT_GROUPS = ("num",)
DATE_GROUPS = ("year", "month")
PIECE_REF = regex.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?::([A-Za-z0-9_]+))?\}")
GROUP_NAME = regex.compile(r"\(\?P<([A-Za-z_][A-Za-z0-9_]*)>")
SHIPPED = Path(__file__).with_name("rules.yaml")


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

    @property
    def compiled(self):
        """The pattern alone, compiled when first needed (the scanner does the scanning)."""
        return compile_cached(self.pattern)

    def lead_before(self, text: str, start: int):
        """The lead that ends where the pattern's match starts (the longest), or None."""
        if self.lead_pattern is None:
            return None
        return self.lead_pattern.search(text, max(0, start - LEAD_WINDOW), start)


@dataclass(frozen=True)
class DeclaredFact:
    id: str
    label: str
    kind: str
    context: Any  # compiled pattern searched in a figure's sentence
    line: int


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
    timeout: float  # seconds one scan of a block may take
    scanner_pattern: str  # every extractor as a named alternative, in order
    anchor: Any = None  # where a figure can start; None: anywhere
    furniture_lines: tuple = ()  # patterns of lines that are page furniture (© 2025 ...)
    dateline: Any = None  # the dateline a block may open with; its figures are furniture
    word_anchor: Any = None  # where a figure can start at a word's first letter
    digest: str = ""  # of the rules file's text: figures found with other rules differ

    @property
    def scanner(self):
        """The scanner, compiled (or loaded) when first needed: figures that come from
        the cache need none."""
        return compile_cached(self.scanner_pattern)

    def extractor_index(self, match) -> int:
        """The index of the extractor whose alternative of the scanner made this match."""
        for i in range(len(self.extractors)):
            if match.start(f"x_{i}") >= 0:
                return i
        raise AssertionError("a scanner match always comes from one extractor")


def default_path(cwd: Optional[Path] = None) -> Path:
    """rules.yaml in the working directory, else the copy shipped with the package."""
    local = (cwd or Path.cwd()) / "rules.yaml"
    return local if local.is_file() else SHIPPED


def load(path: Optional[str | Path] = None) -> Rules:
    path = Path(path) if path is not None else default_path()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CryptoDiffError("rules file not found", str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CryptoDiffError(f"cannot read rules file: {exc}", str(path)) from None
    return parse(text, str(path))


def parse(text: str, path: str = "<rules>") -> Rules:
    """The rules of a rules file's text; a file read before comes from the cache."""
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return cache.cached("rules", f"{path}\0{text}", lambda: replace(_parse(text, path), digest=digest))


def _parse(text: str, path: str) -> Rules:
    import yaml  # only here: rules read before come from the cache without it
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when installed
        node = yaml.compose(text, Loader=loader)
        data = yaml.load(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise CryptoDiffError(f"YAML syntax error: {exc.problem or exc.context}",
                              path, line, col) from None
    except yaml.YAMLError as exc:
        raise CryptoDiffError(f"YAML error: {exc}", path) from None
    marks: dict = {}
    if node is not None:
        _collect_marks(node, (), marks)
    return _Builder(path, marks).build(data)


def _collect_marks(node, where: tuple, out: dict) -> None:
    import yaml
    out[where] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            out[where + (key.value, "<key>")] = (key.start_mark.line + 1, key.start_mark.column + 1)
            _collect_marks(value, where + (key.value,), out)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _collect_marks(item, where + (i,), out)


class _Builder:
    """Turns the loaded YAML into Rules, raising at the first problem found."""

    def __init__(self, path: str, marks: dict):
        self.path = path
        self.marks = marks

    def fail(self, message: str, where: tuple = ()):
        line, col = self.marks.get(where, (None, None))
        raise CryptoDiffError(message, self.path, line, col)

    def mapping(self, value, where: tuple, allowed: set, required: tuple = ()) -> dict:
        if not isinstance(value, dict):
            self.fail(f"{_name(where)} must be a mapping, not {_type(value)}", where)
        for key in value:
            if key not in allowed:
                close = _close_match(str(key), sorted(allowed))
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                self.fail(f"unknown key '{key}' in {_name(where)}{hint}", where + (key, "<key>"))
        for key in required:
            if key not in value:
                self.fail(f"{_name(where)} needs '{key}'", where)
        return value

    def typed(self, value, types, where: tuple, what: str):
        if (isinstance(value, bool) and types is not bool) or not isinstance(value, types):
            self.fail(f"{_name(where)} must be {what}, not {_type(value)}", where)
        return value

    def build(self, data) -> Rules:
        if data is None:
            self.fail("the rules file is empty")
        data = self.mapping(data, (), keys("top"), REQUIRED["top"])
        if data["version"] != FORMAT_VERSION:
            self.fail(f"unknown rules version {data['version']!r} (this crypto-diff reads "
                      f"version {FORMAT_VERSION})", ("version",))
        scales = self.scales(data.get("scales") or {}, "scales")
        number_words = self.scales(data.get("number_words") or {}, "number_words")
        hedges = self.hedges(data.get("hedges") or {}, "hedges")
        date_hedges = self.hedges(data.get("date_hedges") or {}, "date_hedges")
        pieces = self.pieces(data.get("pieces") or {}, {
            "hedge": _alternation(hedges), "scale": _alternation(scales),
            "date_hedge": _alternation(date_hedges), "number_word": _alternation(number_words)})
        kinds = self.kinds(data.get("kinds") or {})
        extractors = self.extractors(data["extractors"], kinds, pieces)
        facts = self.facts(data.get("facts") or [], kinds, pieces)
        furniture = self.mapping(data.get("furniture") or {}, ("furniture",), keys("furniture"))
        repeats = self.typed(furniture.get("repeats_within", 3), int,
                             ("furniture", "repeats_within"), "a whole number")
        share = self.typed(furniture.get("share_across", 0.5), (int, float),
                           ("furniture", "share_across"), "a number")
        max_words = self.typed(furniture.get("max_words", 8), int,
                               ("furniture", "max_words"), "a whole number")
        lines = self.typed(furniture.get("lines", []), list, ("furniture", "lines"), "a list")
        furniture_lines = [self.compile(self.typed(p, str, ("furniture", "lines", i), "a string"),
                                        ("furniture", "lines", i)) for i, p in enumerate(lines)]
        dateline = self.optional_pattern(furniture.get("dateline"), pieces, ("furniture", "dateline"))
        timeout = self.typed(data.get("timeout", DEFAULT_TIMEOUT), (int, float), ("timeout",),
                             "a number of seconds")
        if timeout <= 0:
            self.fail("timeout must be more than 0 seconds", ("timeout",))
        scanner = self.scanner(extractors)
        anchor = self.optional_pattern(data.get("anchor"), pieces, ("anchor",))
        word_anchor = self.optional_pattern(data.get("word_anchor"), pieces, ("word_anchor",))
        if word_anchor is not None and "(?<=" in word_anchor.pattern:
            # each word is first tried alone, with nothing before it to look behind at
            self.fail("word_anchor cannot use a lookbehind that must match, (?<=...)",
                      ("word_anchor",))
        if word_anchor is not None and anchor is None:
            self.fail("word_anchor needs an anchor for the places that are not words",
                      ("word_anchor",))
        return Rules(self.path, kinds, tuple(extractors), scales, number_words, hedges,
                     date_hedges, tuple(facts),
                     repeats, float(share), max_words, float(timeout), scanner, anchor,
                     tuple(furniture_lines), dateline, word_anchor)

    def optional_pattern(self, raw, pieces, where: tuple):
        """A pattern that may refer to pieces, compiled; None when the key is absent."""
        if raw is None:
            return None
        return self.compile(self.expand(self.typed(raw, str, where, "a string"), {},
                                        dict(pieces), where), where)

    def scales(self, raw, section: str) -> dict:
        raw = self.typed(raw, dict, (section,), "a mapping of words: number")
        for word, mult in raw.items():
            self.typed(mult, (int, float), (section, word), "a number")
        return {" ".join(str(w).lower().split()): float(m) for w, m in raw.items()}

    def hedges(self, raw, section: str) -> dict:
        self.mapping(raw, (section,), set(HEDGE_MEANINGS))
        out = {}
        for meaning, words in raw.items():
            self.typed(words, list, (section, meaning), "a list of words")
            for i, word in enumerate(words):
                word = self.typed(word, str, (section, meaning, i), "a string")
                out[" ".join(word.lower().split())] = meaning
        return out

    def pieces(self, raw, generated: dict) -> dict:
        self.typed(raw, dict, ("pieces",), "a mapping of name: regex")
        for name, value in raw.items():
            self.typed(value, str, ("pieces", name), "a string")
        for name in generated:
            if name in raw:
                self.fail(f"piece '{name}' is generated from a section of its own and "
                          f"cannot be redefined", ("pieces", name, "<key>"))
        pieces = dict(generated)
        for name in raw:
            pieces[name] = self.expand(raw[name], raw, generated, ("pieces", name), (name,))
        return pieces

    def expand(self, pattern: str, raw: dict, done: dict, where: tuple, stack: tuple = ()) -> str:
        """The pattern with every {piece} written out; {piece:2} renames the piece's
        named groups with the suffix (num -> num2), for the second end of a range."""
        def sub(match):
            body = named(match)
            suffix = match.group(2)
            return GROUP_NAME.sub(lambda g: f"(?P<{g.group(1)}{suffix}>", body) if suffix else body

        def named(match):
            name = match.group(1)
            if name in done:
                return done[name]
            if name not in raw:
                close = _close_match(name, sorted(set(raw) | set(done)))
                hint = f" (did you mean '{{{close[0]}}}'?)" if close else ""
                self.fail(f"undefined piece '{{{name}}}'{hint}", where)
            if name in stack:
                self.fail(f"piece '{name}' refers to itself through {' -> '.join(stack)}", where)
            done[name] = self.expand(raw[name], raw, done, ("pieces", name), stack + (name,))
            return done[name]
        return PIECE_REF.sub(sub, pattern)

    def kinds(self, raw) -> dict:
        self.typed(raw, dict, ("kinds",), "a mapping")
        kinds = {}
        for name, spec in raw.items():
            where = ("kinds", name)
            spec = self.mapping(spec, where, keys("kind"), REQUIRED["kind"])
            units = self.typed(spec.get("units", {}), dict, where + ("units",), "a mapping")
            for unit, mult in units.items():
                self.typed(mult, (int, float), where + ("units", unit), "a number")
            tolerance = self.typed(spec.get("tolerance", 0.0), (int, float),
                                   where + ("tolerance",), "a number")
            band = self.typed(spec.get("band", 1.6), (int, float), where + ("band",), "a number")
            if band < 1:
                self.fail("band must be 1 or more (a ratio between values)", where + ("band",))
            names = self.typed(spec.get("unit_names", {}), dict, where + ("unit_names",), "a mapping")
            for word, unit_name in names.items():
                self.typed(unit_name, str, where + ("unit_names", word), "a string")
            counts = self.typed(spec.get("counts", False), bool, where + ("counts",), "true or false")
            compare = self.typed(spec.get("compare", True), bool, where + ("compare",), "true or false")
            kinds[name] = Kind(str(name), str(spec.get("label", name)), str(spec["unit"]),
                               float(tolerance), float(band),
                               {" ".join(str(u).lower().split()): float(m) for u, m in units.items()},
                               {" ".join(str(w).lower().split()): str(n) for w, n in names.items()},
                               counts, compare)
        return kinds

    def extractors(self, raw, kinds: dict, pieces: dict) -> list:
        self.typed(raw, list, ("extractors",), "a list")
        seen: dict = {}
        out = []
        for i, spec in enumerate(raw):
            where = ("extractors", i)
            spec = self.mapping(spec, where, keys("extractor"), REQUIRED["extractor"])
            ident = self.unique_id(spec, where, seen, "extractor")
            kind = self.kind_ref(spec["kind"], kinds, where + ("kind",))
            pattern = self.expand(self.typed(spec["pattern"], str, where + ("pattern",), "a string"),
                                  {}, dict(pieces), where + ("pattern",))
            needed = DATE_GROUPS if kinds[kind].is_date else AMOUNT_GROUPS
            lead_text = spec.get("lead") if isinstance(spec.get("lead"), str) else ""
            if not set(needed) & set(GROUP_NAME.findall(pattern + lead_text)):
                self.fail(f"extractor '{ident}' has no named group "
                          f"{' or '.join(repr(g) for g in needed)} (a {kind} pattern needs it)",
                          where + ("pattern",))
            lead = self.typed(spec.get("lead", ""), str, where + ("lead",), "a string")
            lead = self.expand(lead, {}, dict(pieces), where + ("lead",)) if lead else ""
            lead_pattern = self.compile(f"(?:{lead})\\s*\\Z", where + ("lead",)) if lead else None
            required = self.typed(spec.get("lead_required", False), bool,
                                  where + ("lead_required",), "true or false")
            if required and not lead:
                self.fail(f"extractor '{ident}' requires a lead but has none", where)
            examples = self.examples(spec.get("examples", []), where + ("examples",))
            out.append(Extractor(ident, kind, pattern, examples, self.marks.get(where, (0, 0))[0],
                                 lead, required, lead_pattern))
        return out

    def scanner(self, extractors: list):
        """All extractors as one pattern, each a named alternative, in order, compiled
        once here to check it. When it does not compile, the extractor whose pattern does
        not is named."""
        combined = "|".join(f"(?P<x_{i}>{e.pattern})" for i, e in enumerate(extractors))
        try:
            compile_cached(combined)
            return combined
        except regex.error:
            for i, extractor in enumerate(extractors):
                self.compile(extractor.pattern, ("extractors", i, "pattern"))
            raise

    def compile(self, pattern: str, where: tuple):
        try:
            return _compile(pattern)
        except regex.error as exc:
            pos = f" at position {exc.pos}" if getattr(exc, "pos", None) is not None else ""
            self.fail(f"pattern does not compile: {exc.msg}{pos} in {pattern!r}", where)

    def unique_id(self, spec: dict, where: tuple, seen: dict, what: str) -> str:
        """The id of an extractor or fact, which must not repeat one seen before."""
        ident = self.typed(spec["id"], str, where + ("id",), "a string")
        if ident in seen:
            self.fail(f"duplicate {what} id '{ident}' (first at line {seen[ident]})",
                      where + ("id",))
        seen[ident] = self.marks.get(where, (0, 0))[0]
        return ident

    def kind_ref(self, kind, kinds: dict, where: tuple) -> str:
        if kind not in kinds:
            close = _close_match(str(kind), sorted(kinds))
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            self.fail(f"unknown kind '{kind}'{hint}; kinds are defined under 'kinds'", where)
        return kind


    def examples(self, raw, where: tuple) -> tuple:
        self.typed(raw, list, where, "a list")
        out = []
        for i, spec in enumerate(raw):
            spec = self.mapping(spec, where + (i,), keys("example"), REQUIRED["example"])
            text = self.typed(spec["text"], str, where + (i, "text"), "a string")
            expect = self.typed(spec["expect"], list, where + (i, "expect"), "a list")
            for j, item in enumerate(expect):
                self.typed(item, dict, where + (i, "expect", j), "a mapping")
            out.append(Example(text, tuple(expect), self.marks.get(where + (i,), (0, 0))[0]))
        return tuple(out)

    def facts(self, raw, kinds: dict, pieces: dict) -> list:
        self.typed(raw, list, ("facts",), "a list")
        seen: dict = {}
        out = []
        for i, spec in enumerate(raw):
            where = ("facts", i)
            spec = self.mapping(spec, where, keys("fact"), REQUIRED["fact"])
            ident = self.unique_id(spec, where, seen, "fact")
            kind = self.kind_ref(spec["kind"], kinds, where + ("kind",))
            context = self.typed(spec["context"], str, where + ("context",), "a string")
            compiled = self.compile(self.expand(context, {}, dict(pieces), where + ("context",)),
                                    where + ("context",))
            label = self.typed(spec.get("label", ident), str, where + ("label",), "a string")
            out.append(DeclaredFact(ident, label, kind, compiled,
                                    self.marks.get(where, (0, 0))[0]))
        return out


@functools.lru_cache(maxsize=None)
def _compile(pattern: str):
    return regex.compile(pattern)


@functools.lru_cache(maxsize=None)
def compile_cached(pattern: str):
    """A compiled pattern, from the cache folder when it was compiled before."""
    return cache.cached("pattern", pattern, lambda: _compile(pattern))


def _close_match(word: str, candidates) -> list:
    """The candidate closest to a misspelt word, as a list of at most one."""
    import difflib
    return difflib.get_close_matches(word, candidates, n=1)


def _alternation(words) -> str:
    """A regex alternative of words, longest first; spaces match any whitespace."""
    parts = []
    for word in sorted(words, key=lambda w: (-len(w), w)):
        body = r"\s+".join(regex.escape(p) for p in word.split())
        parts.append(body + (r"\b" if word[-1:].isalnum() else ""))
    return "(?i:" + "|".join(parts) + ")" if parts else "(?!)"


def _name(where: tuple) -> str:
    parts = [str(p) for p in where if p != "<key>"]
    return "'" + ".".join(parts) + "'" if parts else "the rules file"


def _type(value) -> str:
    return {dict: "a mapping", list: "a list", str: "a string", bool: "true/false",
            type(None): "empty"}.get(type(value), type(value).__name__)
