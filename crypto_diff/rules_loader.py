"""Read, validate and compile a rules file (rules.yaml) into the records of rules.py.

Every check runs when the file is loaded, before any article is read; a problem raises
CryptoDiffError naming the file, line and column. Each section is read by a function of
its own, in the order of _build(); the first problem found stops the reading.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Optional

import regex

from . import cache, yaml_limits
from .errors import CryptoDiffError, yaml_error
from .files import read_regular
from .models import Kind
from .rules import (BoundedPattern, DeclaredFact, Example, Extractor, Prices, Rules, Vocabulary,
                    compile_pattern)
from .rules_schema import HEDGE_MEANINGS, REQUIRED, keys

FORMAT_VERSION = 1
DEFAULT_TIMEOUT = 1.0
AMOUNT_GROUPS = ("num",)
DATE_GROUPS = ("year", "month", "quarter", "half", "relative_year")
PIECE_REF = regex.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?::([A-Za-z0-9_]+))?\}")
GROUP_NAME = regex.compile(r"\(\?P<([A-Za-z_][A-Za-z0-9_]*)>")
SHIPPED = Path(__file__).with_name("rules.yaml")


def default_rules_path(cwd: Optional[Path] = None) -> Path:
    """rules.yaml in the working directory, else the copy shipped with the package."""
    local = (cwd or Path.cwd()) / "rules.yaml"
    return local if local.is_file() else SHIPPED


def load_rules(path: Optional[str | Path] = None) -> Rules:
    """The rules of a rules file (default: default_rules_path())."""
    path = Path(path) if path is not None else default_rules_path()
    try:
        text = read_regular(path).decode("utf-8-sig")
    except FileNotFoundError:
        raise CryptoDiffError("rules file not found", str(path)) from None
    except OSError as exc:
        raise CryptoDiffError(f"cannot read rules file: {exc.strerror or exc}", str(path)) from None
    except UnicodeDecodeError as exc:
        raise CryptoDiffError(f"cannot read rules file: {exc}", str(path)) from None
    return parse_rules(text, str(path))


def parse_rules(text: str, path: str = "<rules>") -> Rules:
    """The rules of a rules file's text; a file read before comes from the cache."""
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return cache.cached("rules", f"{path}\0{text}",
                        lambda: replace(_rules_of_text(text, path), digest=digest), Rules)


def _rules_of_text(text: str, path: str) -> Rules:
    import yaml  # deferred: rules read before come from the cache without it
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when installed
    yaml_limits.check(text, path, "a rules file", loader)
    try:
        node = yaml.compose(text, Loader=loader)
        data = yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        raise yaml_error(exc, path, "YAML syntax error", "YAML error") from None
    marks: dict = {}
    if node is not None:
        _collect_marks(node, (), marks)
    return _build(_Source(path, marks), data)


def _collect_marks(node, where: tuple, out: dict) -> None:
    """The line and column of every node, by its path of keys and indexes; a key's own
    place under (..., key, "<key>")."""
    import yaml  # deferred as above; loaded by then
    out[where] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            out[where + (key.value, "<key>")] = (key.start_mark.line + 1, key.start_mark.column + 1)
            _collect_marks(value, where + (key.value,), out)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _collect_marks(item, where + (i,), out)


@dataclass(frozen=True)
class _Source:
    """A rules file being read: its path, and where each of its nodes stands."""

    path: str
    marks: dict  # path of keys and indexes -> (line, column)

    def fail(self, message: str, where: tuple = ()):
        line, col = self.marks.get(where, (None, None))
        raise CryptoDiffError(message, self.path, line, col)

    def line(self, where: tuple) -> int:
        return self.marks.get(where, (0, 0))[0]


# ---------------------------------------------------------------- the file

def _build(src: _Source, data) -> Rules:
    """The loaded YAML as Rules, raising at the first problem found."""
    if data is None:
        src.fail("the rules file is empty")
    data = _mapping(src, data, (), keys("top"), REQUIRED["top"])
    if data["version"] != FORMAT_VERSION:
        src.fail(f"unknown rules version {data['version']!r} (this crypto-diff reads "
                 f"version {FORMAT_VERSION})", ("version",))
    scales = _scales(src, data.get("scales") or {}, "scales")
    number_words = _scales(src, data.get("number_words") or {}, "number_words")
    hedges = _hedges(src, data.get("hedges") or {}, "hedges")
    date_hedges = _hedges(src, data.get("date_hedges") or {}, "date_hedges")
    plural_nouns = _words(src, data.get("plural_nouns") or [], "plural_nouns")
    pieces = _pieces(src, data.get("pieces") or {}, {
        "hedge": _alternation(hedges), "scale": _alternation(scales),
        "date_hedge": _alternation(date_hedges), "number_word": _alternation(number_words),
        "plural_noun": _alternation(plural_nouns, ignore_case=False)})
    kinds = _kinds(src, data.get("kinds") or {})
    extractors = _extractors(src, data["extractors"], kinds, pieces)
    facts = _facts(src, data.get("facts") or [], kinds, pieces)
    furniture = _furniture(src, data.get("furniture") or {}, pieces)
    timeout = _typed(src, data.get("timeout", DEFAULT_TIMEOUT), (int, float), ("timeout",),
                     "a number of seconds")
    if timeout <= 0:
        src.fail("timeout must be more than 0 seconds", ("timeout",))
    scanner = _scanner(src, extractors)
    anchor, word_anchor = _anchors(src, data, pieces)
    places = {name: src.marks[where] for name, where in (
        ("anchor", ("anchor",)), ("word_anchor", ("word_anchor",)),
        ("furniture.dateline", ("furniture", "dateline")))
        if where in src.marks}
    places.update((f"furniture.lines.{i}", src.marks.get(("furniture", "lines", i), (None, None)))
                  for i in range(len(furniture["lines"])))
    facts = [replace(fact, context=BoundedPattern(
        fact.context, f"the context of fact '{fact.id}'", src.path,
        *src.marks.get(("facts", i, "context"), (fact.line, None)), float(timeout)))
        for i, fact in enumerate(facts)]
    return Rules(src.path, kinds, tuple(extractors), scales, number_words, hedges, date_hedges,
                 tuple(facts), furniture["repeats_within"], furniture["share_across"],
                 furniture["max_words"], float(timeout), scanner, anchor,
                 furniture["lines"], furniture["dateline"], word_anchor,
                 plural_nouns=frozenset(w.lower() for w in plural_nouns), places=places,
                 vocabulary=_vocabulary(src, data), prices=_prices(src, data.get("prices"), kinds, pieces,
                                                                          data.get("measures") or {}),
                 local_currencies=_local_currencies(src, data.get("local_currencies") or {}, pieces))


def _local_currencies(src: _Source, raw, pieces: dict) -> tuple:
    """The local_currencies section: (unit word, ((ISO code, compiled pattern), ...)), ..."""
    where = ("local_currencies",)
    raw = _typed(src, raw, dict, where, "a mapping of unit: {code: regex}")
    out = []
    for unit, codes in raw.items():
        codes = _typed(src, codes, dict, where + (unit,), "a mapping of code: regex")
        out.append((" ".join(str(unit).lower().split()),
                    tuple((str(code), _optional_pattern(src, pattern, pieces, where + (unit, code)))
                          for code, pattern in codes.items())))
    return tuple(out)


def _vocabulary(src: _Source, data: dict) -> Vocabulary:
    """The measures, related_measures and opposites sections, stemmed."""
    from .text import stem  # only here: rules read before come from the cache without it
    raw = _typed(src, data.get("measures") or {}, dict, ("measures",), "a mapping of measure: words")
    single: dict = {}
    multi = []
    for measure, words in raw.items():
        for i, word in enumerate(_words(src, words, "measures", measure)):
            stems = tuple(stem(part) for part in word.lower().split())
            if len(stems) == 1:
                single.setdefault(stems[0], set()).add(str(measure))
            elif stems:
                multi.append((stems, str(measure)))
    related = set()
    for i, group in enumerate(_groups(src, data.get("related_measures") or [], "related_measures")):
        for name in group:
            if name not in raw:
                close = _close_match(name, sorted(map(str, raw)))
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                src.fail(f"unknown measure '{name}'{hint}", ("related_measures", i))
        related.update(frozenset((a, b)) for a in group for b in group if a != b)
    opposites = tuple(tuple(stem(w.lower()) for w in group)
                      for group in _groups(src, data.get("opposites") or [], "opposites"))
    events = _words(src, data.get("event_measures") or [], "event_measures")
    for i, name in enumerate(events):
        if name not in raw:
            src.fail(f"unknown measure '{name}' (measures are defined under 'measures')",
                     ("event_measures", i))
    scoped = _typed(src, data.get("measure_kinds") or {}, dict, ("measure_kinds",), "a mapping of measure: kinds")
    for name in scoped:
        if name not in raw:
            src.fail(f"unknown measure '{name}' (measures are defined under 'measures')",
                     ("measure_kinds", name, "<key>"))
    kinds = {str(name): frozenset(_words(src, value, "measure_kinds", name)) for name, value in scoped.items()}
    return Vocabulary({k: tuple(sorted(v)) for k, v in single.items()}, tuple(multi), frozenset(related),
                      opposites, frozenset(events), kinds)


def _groups(src: _Source, raw, section: str) -> list:
    raw = _typed(src, raw, list, (section,), "a list of lists of words")
    return [_words(src, group, section, i) for i, group in enumerate(raw)]


def _prices(src: _Source, raw, kinds: dict, pieces: dict, data_measures=()) -> Optional[Prices]:
    """The prices section, compiled; None when the file has none."""
    if raw is None:
        return None
    where = ("prices",)
    spec = _mapping(src, raw, where, keys("prices"), REQUIRED["prices"])
    kind = _kind_ref(src, spec["kind"], kinds, where + ("kind",))
    source = _kind_ref(src, spec["from"], kinds, where + ("from",))
    coins = dict(kinds[kind].unit_names)
    if not coins:
        src.fail(f"kind '{kind}' names no coins: give it unit_names (bitcoin: USD/BTC)", where + ("kind",))
    coin = _compile(src, r"(?i)\b(?:" + "|".join(regex.escape(c) for c in sorted(coins, key=len, reverse=True))
                    + r")\b", where + ("kind",))

    def pattern(key: str, default: str = "(?!)"):
        return _optional_pattern(src, spec.get(key, default), pieces, where + (key,))
    largest = _typed(src, spec.get("largest", 1e6), (int, float), where + ("largest",), "a number")
    share_unit = _typed(src, spec.get("share_unit", "USD/share"), str, where + ("share_unit",), "a string")
    events = _words(src, spec.get("events", []), "prices", "events")
    measures = set(map(str, data_measures))
    for i, event in enumerate(events):
        if event not in measures:
            src.fail(f"unknown measure '{event}' (measures are defined under 'measures')",
                     where + ("events", i))
    return Prices(kind, source, pattern("before"), pattern("per_share"), pattern("shares"), share_unit,
                  pattern("market"), float(largest), coins, coin, frozenset(events),
                  pattern("per_unit"), pattern("level"), pattern("context"), pattern("amount"),
                  pattern("amount_after"), pattern("ticker"), pattern("coin_context"))


def _furniture(src: _Source, raw, pieces: dict) -> dict:
    """The furniture section: repeats_within, share_across, max_words, lines, dateline."""
    where = ("furniture",)
    furniture = _mapping(src, raw, where, keys("furniture"))
    repeats = _typed(src, furniture.get("repeats_within", 3), int, where + ("repeats_within",),
                     "a whole number")
    share = _typed(src, furniture.get("share_across", 0.5), (int, float), where + ("share_across",),
                   "a number")
    max_words = _typed(src, furniture.get("max_words", 8), int, where + ("max_words",),
                       "a whole number")
    lines = _typed(src, furniture.get("lines", []), list, where + ("lines",), "a list")
    compiled = [_compile(src, _typed(src, p, str, where + ("lines", i), "a string"),
                         where + ("lines", i)) for i, p in enumerate(lines)]
    dateline = _optional_pattern(src, furniture.get("dateline"), pieces, where + ("dateline",))
    return {"repeats_within": repeats, "share_across": float(share), "max_words": max_words,
            "lines": tuple(compiled), "dateline": dateline}


def _anchors(src: _Source, data: dict, pieces: dict) -> tuple:
    """(anchor, word_anchor), each compiled or None."""
    anchor = _optional_pattern(src, data.get("anchor"), pieces, ("anchor",))
    word_anchor = _optional_pattern(src, data.get("word_anchor"), pieces, ("word_anchor",))
    if word_anchor is not None and "(?<=" in word_anchor.pattern:
        # each word is first tried alone, with nothing before it to look behind at
        src.fail("word_anchor cannot use a lookbehind that must match, (?<=...)",
                 ("word_anchor",))
    if word_anchor is not None and anchor is None:
        src.fail("word_anchor needs an anchor for the places that are not words",
                 ("word_anchor",))
    return anchor, word_anchor


# ---------------------------------------------------------------- words and pieces

def _scales(src: _Source, raw, section: str) -> dict:
    raw = _typed(src, raw, dict, (section,), "a mapping of words: number")
    for word, mult in raw.items():
        _typed(src, mult, (int, float), (section, word), "a number")
    return {" ".join(str(w).lower().split()): float(m) for w, m in raw.items()}


def _hedges(src: _Source, raw, section: str) -> dict:
    _mapping(src, raw, (section,), set(HEDGE_MEANINGS))
    out = {}
    for meaning, words in raw.items():
        _typed(src, words, list, (section, meaning), "a list of words")
        for i, word in enumerate(words):
            word = _typed(src, word, str, (section, meaning, i), "a string")
            out[" ".join(word.lower().split())] = meaning
    return out


def _words(src: _Source, raw, section: str, *inner) -> list:
    where = (section,) + inner
    raw = _typed(src, raw, list, where, "a list of words")
    return [" ".join(_typed(src, word, str, where + (i,), "a string").split())
            for i, word in enumerate(raw)]


def _pieces(src: _Source, raw, generated: dict) -> dict:
    _typed(src, raw, dict, ("pieces",), "a mapping of name: regex")
    for name, value in raw.items():
        _typed(src, value, str, ("pieces", name), "a string")
    for name in generated:
        if name in raw:
            src.fail(f"piece '{name}' is generated from a section of its own and "
                     f"cannot be redefined", ("pieces", name, "<key>"))
    pieces = dict(generated)
    for name in raw:
        pieces[name] = _expand(src, raw[name], raw, generated, ("pieces", name), (name,))
    return pieces


def _expand(src: _Source, pattern: str, raw: dict, done: dict, where: tuple,
            stack: tuple = ()) -> str:
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
            src.fail(f"undefined piece '{{{name}}}'{hint}", where)
        if name in stack:
            src.fail(f"piece '{name}' refers to itself through {' -> '.join(stack)}", where)
        done[name] = _expand(src, raw[name], raw, done, ("pieces", name), stack + (name,))
        return done[name]
    return PIECE_REF.sub(sub, pattern)


def _alternation(words, ignore_case: bool = True) -> str:
    """A regex alternative of words, longest first; spaces match any whitespace."""
    parts = []
    for word in sorted(words, key=lambda w: (-len(w), w)):
        body = r"\s+".join(regex.escape(p) for p in word.split())
        parts.append(body + (r"\b" if word[-1:].isalnum() else ""))
    if not parts:
        return "(?!)"
    return ("(?i:" if ignore_case else "(?:") + "|".join(parts) + ")"


# ---------------------------------------------------------------- kinds, extractors, facts

def _kinds(src: _Source, raw) -> dict:
    _typed(src, raw, dict, ("kinds",), "a mapping")
    return {name: _kind(src, name, spec) for name, spec in raw.items()}


def _kind(src: _Source, name, spec) -> Kind:
    where = ("kinds", name)
    spec = _mapping(src, spec, where, keys("kind"), REQUIRED["kind"])
    units = _typed(src, spec.get("units", {}), dict, where + ("units",), "a mapping")
    for unit, mult in units.items():
        _typed(src, mult, (int, float), where + ("units", unit), "a number")
    tolerance = _typed(src, spec.get("tolerance", 0.0), (int, float), where + ("tolerance",),
                       "a number")
    band = _typed(src, spec.get("band", 1.6), (int, float), where + ("band",), "a number")
    if band < 1:
        src.fail("band must be 1 or more (a ratio between values)", where + ("band",))
    names = _typed(src, spec.get("unit_names", {}), dict, where + ("unit_names",), "a mapping")
    for word, unit_name in names.items():
        _typed(src, unit_name, str, where + ("unit_names", word), "a string")
    counts = _typed(src, spec.get("counts", False), bool, where + ("counts",), "true or false")
    compare = _typed(src, spec.get("compare", True), bool, where + ("compare",), "true or false")
    return Kind(str(name), str(spec.get("label", name)), str(spec["unit"]),
                float(tolerance), float(band),
                {" ".join(str(u).lower().split()): float(m) for u, m in units.items()},
                {" ".join(str(w).lower().split()): str(n) for w, n in names.items()},
                counts, compare)


def _extractors(src: _Source, raw, kinds: dict, pieces: dict) -> list:
    _typed(src, raw, list, ("extractors",), "a list")
    seen: dict = {}
    return [_extractor(src, i, spec, kinds, pieces, seen) for i, spec in enumerate(raw)]


def _extractor(src: _Source, i: int, spec, kinds: dict, pieces: dict, seen: dict) -> Extractor:
    where = ("extractors", i)
    spec = _mapping(src, spec, where, keys("extractor"), REQUIRED["extractor"])
    ident = _unique_id(src, spec, where, seen, "extractor")
    kind = _kind_ref(src, spec["kind"], kinds, where + ("kind",))
    pattern = _expand(src, _typed(src, spec["pattern"], str, where + ("pattern",), "a string"),
                      {}, dict(pieces), where + ("pattern",))
    needed = DATE_GROUPS if kinds[kind].is_date else AMOUNT_GROUPS
    lead_text = spec.get("lead") if isinstance(spec.get("lead"), str) else ""
    skip = _typed(src, spec.get("skip", False), bool, where + ("skip",), "true or false")
    if not skip and not set(needed) & set(GROUP_NAME.findall(pattern + lead_text)):
        src.fail(f"extractor '{ident}' has no named group "
                 f"{' or '.join(repr(g) for g in needed)} (a {kind} pattern needs it)",
                 where + ("pattern",))
    lead = _typed(src, spec.get("lead", ""), str, where + ("lead",), "a string")
    lead = _expand(src, lead, {}, dict(pieces), where + ("lead",)) if lead else ""
    lead_pattern = _compile(src, f"(?:{lead})\\s*\\Z", where + ("lead",)) if lead else None
    required = _typed(src, spec.get("lead_required", False), bool, where + ("lead_required",),
                      "true or false")
    if required and not lead:
        src.fail(f"extractor '{ident}' requires a lead but has none", where)
    examples = _examples(src, spec.get("examples", []), where + ("examples",))
    return Extractor(ident, kind, pattern, examples, src.line(where), lead, required, lead_pattern,
                     skip)


def _examples(src: _Source, raw, where: tuple) -> tuple:
    _typed(src, raw, list, where, "a list")
    out = []
    for i, spec in enumerate(raw):
        spec = _mapping(src, spec, where + (i,), keys("example"), REQUIRED["example"])
        text = _typed(src, spec["text"], str, where + (i, "text"), "a string")
        expect = _typed(src, spec["expect"], list, where + (i, "expect"), "a list")
        for j, item in enumerate(expect):
            _typed(src, item, dict, where + (i, "expect", j), "a mapping")
        out.append(Example(text, tuple(expect), src.line(where + (i,))))
    return tuple(out)


def _scanner(src: _Source, extractors: list) -> str:
    """All extractors as one pattern, each a named alternative, in order, compiled once
    here to check it. When it does not compile, the extractor whose pattern does not is
    named. With the first pass (prefilter.py), which runs the extractors' own patterns,
    each of those is compiled instead (the run reuses them), and the scanner only when
    the rules are tested without their anchor."""
    from . import prefilter  # only here: rules read before come from the cache without it
    combined = "|".join(f"(?P<x_{i}>{e.pattern})" for i, e in enumerate(extractors))
    if prefilter.enabled():
        for i, extractor in enumerate(extractors):
            _compile(src, extractor.pattern, ("extractors", i, "pattern"))
        return combined
    try:
        compile_pattern(combined)
        return combined
    except regex.error:
        for i, extractor in enumerate(extractors):
            _compile(src, extractor.pattern, ("extractors", i, "pattern"))
        raise


def _facts(src: _Source, raw, kinds: dict, pieces: dict) -> list:
    _typed(src, raw, list, ("facts",), "a list")
    seen: dict = {}
    out = []
    for i, spec in enumerate(raw):
        where = ("facts", i)
        spec = _mapping(src, spec, where, keys("fact"), REQUIRED["fact"])
        ident = _unique_id(src, spec, where, seen, "fact")
        kind = _kind_ref(src, spec["kind"], kinds, where + ("kind",))
        context = _typed(src, spec["context"], str, where + ("context",), "a string")
        compiled = _compile(src, _expand(src, context, {}, dict(pieces), where + ("context",)),
                            where + ("context",))
        label = _typed(src, spec.get("label", ident), str, where + ("label",), "a string")
        out.append(DeclaredFact(ident, label, kind, compiled, src.line(where)))
    return out


def _unique_id(src: _Source, spec: dict, where: tuple, seen: dict, what: str) -> str:
    """The id of an extractor or fact, which must not repeat one seen before."""
    ident = _typed(src, spec["id"], str, where + ("id",), "a string")
    if ident in seen:
        src.fail(f"duplicate {what} id '{ident}' (first at line {seen[ident]})", where + ("id",))
    seen[ident] = src.line(where)
    return ident


def _kind_ref(src: _Source, kind, kinds: dict, where: tuple) -> str:
    if kind not in kinds:
        close = _close_match(str(kind), sorted(kinds))
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        src.fail(f"unknown kind '{kind}'{hint}; kinds are defined under 'kinds'", where)
    return kind


# ---------------------------------------------------------------- checks

def _mapping(src: _Source, value, where: tuple, allowed: set, required: tuple = ()) -> dict:
    if not isinstance(value, dict):
        src.fail(f"{_name(where)} must be a mapping, not {_type(value)}", where)
    for key in value:
        if key not in allowed:
            close = _close_match(str(key), sorted(allowed))
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            src.fail(f"unknown key '{key}' in {_name(where)}{hint}", where + (key, "<key>"))
    for key in required:
        if key not in value:
            src.fail(f"{_name(where)} needs '{key}'", where)
    return value


def _typed(src: _Source, value, types, where: tuple, what: str):
    if (isinstance(value, bool) and types is not bool) or not isinstance(value, types):
        src.fail(f"{_name(where)} must be {what}, not {_type(value)}", where)
    return value


def _optional_pattern(src: _Source, raw, pieces: dict, where: tuple):
    """A pattern that may refer to pieces, compiled; None when the key is absent."""
    if raw is None:
        return None
    return _compile(src, _expand(src, _typed(src, raw, str, where, "a string"), {},
                                 dict(pieces), where), where)


def _compile(src: _Source, pattern: str, where: tuple):
    try:
        return compile_pattern(pattern)
    except regex.error as exc:
        pos = f" at position {exc.pos}" if getattr(exc, "pos", None) is not None else ""
        src.fail(f"pattern does not compile: {exc.msg}{pos} in {pattern!r}", where)


def _close_match(word: str, candidates) -> list:
    """The candidate closest to a misspelt word, as a list of at most one."""
    import difflib  # deferred: only a misspelt key or name needs it
    return difflib.get_close_matches(word, candidates, n=1)


def _name(where: tuple) -> str:
    parts = [str(p) for p in where if p != "<key>"]
    return "'" + ".".join(parts) + "'" if parts else "the rules file"


def _type(value) -> str:
    return {dict: "a mapping", list: "a list", str: "a string", bool: "true/false",
            type(None): "empty"}.get(type(value), type(value).__name__)
