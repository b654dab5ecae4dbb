"""The first pass: at a place where a figure can start, which extractors can match there.

Each extractor's pattern is relaxed, token by token, into a pattern of the linear-time
engine RE2 that matches wherever the pattern matches, and maybe more: look-arounds and
word boundaries are dropped, classes RE2 cannot state as regex does are widened to any
character, counts above RE2's largest are cut (anchored at a place, a match may end
anywhere, so a shorter match of a prefix still counts). A pattern with syntax left
untranslated (a back-reference, verbose or version-1 flags) is a candidate everywhere.
One set match of all relaxed patterns at a place lists the candidates; only those run in
`regex`, in the order of the rules, so what is found is what the combined scanner finds
(tests/test_first_pass.py runs both).

The first pass reads plain text (extract.plain_text): digits of every script are 0-9
there, so a decimal digit (\\d) is one of 0-9, which keeps RE2's program small.

RE2 comes from the `google-re2` package. Without it, or for a text RE2 cannot read (lone
surrogates), `candidates_at` is not used and the scanner runs as before.
"""
from __future__ import annotations

import functools
import os
from typing import Optional

try:  # optional: without it the combined scanner does the first pass
    import re2
except ImportError:  # pragma: no cover - exercised by the fallback test through AVAILABLE
    re2 = None

import regex

AVAILABLE = re2 is not None


def enabled() -> bool:
    """Whether runs use the first pass: RE2 is installed, and the environment variable
    CRYPTO_DIFF_NO_FIRST_PASS is not 1 (the combined scanner then runs, as without RE2)."""
    return AVAILABLE and os.environ.get("CRYPTO_DIFF_NO_FIRST_PASS", "") != "1"
MAX_MEM = 64 << 20  # bytes RE2 may use for the set of all relaxed patterns and its DFA
ANY = r"(?s:.)"
# every character regex's \s may match (Unicode White_Space), and those str.isspace adds
SPACE = r"\s\x0b\x1c-\x1f\x85\p{Z}"
_TOKEN = regex.compile(r"""
    (?P<escape>\\(?:x\{[0-9A-Fa-f]+\}|x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}
                 |[pP]\{[^}]*\}|[pP][A-Za-z]|N\{[^}]*\}|0[0-7]{0,2}|.))
   |(?P<klass>\[)
   |(?P<drop>\(\?<?[=!])
   |(?P<flags>\(\?[a-zA-Z]*(?:-[a-zA-Z]*)?[:)])
   |(?P<open>\(\?P?<[A-Za-z_][A-Za-z0-9_]*>|\(\?[:>|]|\((?!\?))
   |(?P<other>\(\?)
   |(?P<close>\))
   |(?P<repeat>(?:[*+?]|\{(?:\d+(?:,\d*)?|,\d+)\})[?+]?)
   |(?P<bar>\|)
   |(?P<dot>\.)
   |(?P<edge>[\^$])
   |(?P<text>[^\\\[()*+?{|.^$]+|[{])
""", regex.X | regex.S)
_CONTROL = {"t": 9, "n": 10, "r": 13, "f": 12, "v": 11, "a": 7}
_DROPPED_ESCAPES = set("bBAZzGmM")


class _Unsupported(Exception):
    """Syntax the first pass does not translate: the extractor is a candidate everywhere."""


def relax(pattern: str, plain: bool = True) -> str:
    """A pattern in RE2's syntax that matches, at any place, wherever `pattern` matches in
    `regex` (it may match where `pattern` does not); "" when there is none (the
    extractor is then tried everywhere). plain: for plain text only (digits 0-9)."""
    try:
        return _relax(pattern, plain)
    except _Unsupported:
        return ""


def _relax(pattern: str, plain: bool = True) -> str:
    out = []
    stack = []  # for each open group: True when dropped (a look-around), "cut" (below)
    dropping = 0  # how many dropped groups the reading is inside
    fold = False  # a global (?i): regex applies it to the whole pattern
    dropped = False  # the last atom was dropped: a quantifier after it goes too
    cut = None  # the depth of groups whose alternative is cut short (see below)
    pos = 0
    while pos < len(pattern):
        token = _TOKEN.match(pattern, pos)
        if token is None:
            raise _Unsupported
        kind, text = token.lastgroup, token.group()
        pos = token.end()
        if cut is not None:
            # Any characters repeated without end (a widened \w+) would keep RE2 reading
            # to the end of the text: the alternative ends before them (a match of the
            # whole starts with a match of what comes before), and so does what follows
            # each group they stand in, up to the next alternative.
            if kind == "klass":
                _, pos = _class(pattern, pos, plain)
            elif kind in ("drop", "open") or (kind == "flags" and text.endswith(":")):
                stack.append(None)  # opened while cut: nothing of it is written
            elif kind == "flags":
                fold = fold or "i" in text[2:-1].split("-")[0]
            elif kind == "other":
                raise _Unsupported
            elif kind == "close":
                if not stack:
                    raise _Unsupported
                if stack.pop() is not None:  # the group the cut alternative stands in
                    pos = _close_cut(pattern, pos, out)
                    cut = _cut(stack)
            elif kind == "bar" and len(stack) == cut:
                out.append("|")
                cut, dropped = None, False
            continue
        if kind == "klass":
            body, pos = _class(pattern, pos, plain)
            emit, was_dropped = body, False
        elif kind == "drop":
            stack.append(True)
            dropping += 1
            dropped = False
            continue
        elif kind == "flags":
            on = text[2:-1].split("-")[0]
            if set(on) - set("imsaLuw"):
                raise _Unsupported  # verbose, full case, version 1, fuzzy: not translated
            if text.endswith(")"):  # a global flag: the whole pattern
                fold = fold or "i" in on
                continue
            stack.append(False)
            emit, was_dropped = "(?i:" if "i" in on else "(?:", False
        elif kind == "open":
            stack.append(False)
            emit, was_dropped = "(?:", False
        elif kind == "other":
            raise _Unsupported  # a back-reference, a conditional, a comment
        elif kind == "close":
            if not stack:
                raise _Unsupported
            group = stack.pop()
            if group == "cut":  # one of its alternatives was cut: so is what follows it
                if not dropping:
                    pos = _close_cut(pattern, pos, out)
                    cut = _cut(stack)
                continue
            if group:
                dropping -= 1
                emit, was_dropped = "", True
            else:
                emit, was_dropped = ")", False
        elif kind == "repeat":
            if dropped:
                continue
            if not dropping and out and out[-1] == ANY and (text[0] in "*+" or ",}" in text):
                if _least(text) == 0:
                    out.pop()
                cut = _cut(stack)
                continue
            emit, was_dropped = _repeat(text), False
        elif kind == "bar":
            emit, was_dropped = "|", False
        elif kind == "dot":
            emit, was_dropped = ANY, False
        elif kind == "edge":
            emit, was_dropped = "", True
        elif kind == "escape":
            emit = _escape(text, plain)
            was_dropped = emit == ""
        else:
            emit, was_dropped = _literal_text(text), False
        if dropping:
            continue
        out.append(emit)
        dropped = was_dropped
    if stack:
        raise _Unsupported
    return ("(?i)" if fold else "") + "".join(out)


def _literal_text(text: str) -> str:
    return "".join(c if c.isalnum() or c == " " else "\\x{%x}" % ord(c) for c in text)


def _code(escape: str) -> Optional[int]:
    """The character an escape stands for, or None when it is no single character."""
    letter = escape[1]
    if letter == "x" and escape[2:3] == "{":
        return int(escape[3:-1], 16)
    if letter in "xuU" and len(escape) > 2:
        return int(escape[2:], 16)
    if letter == "0":
        return int(escape[1:], 8)
    if letter in _CONTROL:
        return _CONTROL[letter]
    if not letter.isalnum():
        return ord(letter)
    return None


def _escape(escape: str, plain: bool = True) -> str:
    """An escape outside a class, in RE2's syntax; "" for a boundary (dropped)."""
    letter = escape[1]
    code = _code(escape)
    if code is not None:
        return "\\x{%x}" % code
    if letter in _DROPPED_ESCAPES:
        return ""
    if letter == "d":
        return "[0-9]" if plain else r"\p{Nd}"  # plain text has no other decimal digits
    if letter == "D":
        return "[^0-9]" if plain else r"\P{Nd}"
    if letter == "s":
        return "[" + SPACE + "]"
    if letter in "SwW":
        return ANY
    if letter in "pP":
        return escape  # a Unicode property: RE2 knows the common ones
    raise _Unsupported  # a back-reference, a named list, a grapheme


def _class(pattern: str, pos: int, plain: bool = True) -> tuple:
    """A class starting after its '[': (its RE2 form, where it ends)."""
    negate = pattern.startswith("^", pos)
    if negate:
        pos += 1
    parts, first = [], True
    while True:
        if pos >= len(pattern):
            raise _Unsupported
        char = pattern[pos]
        if char == "]" and not first:
            pos += 1
            break
        first = False
        if char == "[":
            raise _Unsupported  # a nested set (regex version 1)
        if char == "\\":
            token = _TOKEN.match(pattern, pos)
            escape = token.group()
            pos = token.end()
            code = _code(escape)
            if code is None:
                letter = escape[1]
                if letter == "d":
                    parts.append("0-9" if plain else r"\p{Nd}")
                elif letter == "D" and not negate:
                    parts.append("\\x{0}-/:-\\x{10ffff}" if plain else r"\P{Nd}")
                elif letter == "s" and not negate:
                    parts.append(SPACE)
                elif letter in "pP" and not negate:
                    parts.append(escape)
                else:  # \w, \W, \S, or a negated class RE2 cannot state as regex does
                    return ANY, _class_end(pattern, pos)
                continue
        else:
            code = ord(char)
            pos += 1
        if pattern.startswith("-", pos) and pos + 1 < len(pattern) and pattern[pos + 1] != "]":
            end_char = pattern[pos + 1]
            if end_char == "\\":
                token = _TOKEN.match(pattern, pos + 1)
                high = _code(token.group())
                if high is None:
                    raise _Unsupported
                pos = token.end()
            else:
                high = ord(end_char)
                pos += 2
            parts.append("\\x{%x}-\\x{%x}" % (code, high))
        else:
            parts.append("\\x{%x}" % code)
    return "[" + ("^" if negate else "") + "".join(parts) + "]", pos


def _class_end(pattern: str, pos: int) -> int:
    """Where the class that pos is inside ends (after its ']')."""
    while pos < len(pattern):
        char = pattern[pos]
        if char == "\\":
            pos += 2
            continue
        pos += 1
        if char == "]":
            return pos
    raise _Unsupported


def _cut(stack: list) -> int:
    """Cut the alternative being read: its group (if any) is marked; the depth to skip at."""
    if stack:
        stack[-1] = "cut"
    return len(stack)


def _close_cut(pattern: str, pos: int, out: list) -> int:
    """Close a group one of whose alternatives was cut; a quantifier after it becomes
    '?' when it allows none, else goes (one time is a prefix of many). Where reading
    goes on."""
    out.append(")")
    after = _TOKEN.match(pattern, pos)
    if after is not None and after.lastgroup == "repeat":
        pos = after.end()
        if _least(after.group()) == 0:
            out.append("?")
    return pos


def _least(repeat: str) -> int:
    """The fewest times a quantifier repeats."""
    if repeat[0] == "{":
        return int(repeat[1:].split(",")[0].rstrip("}?+") or 0)
    return 1 if repeat[0] == "+" else 0


def _repeat(text: str) -> str:
    """A quantifier in RE2's syntax: greedy (the set match does not care), counts of at
    most 1000 (a larger count widened)."""
    if text[0] != "{":
        return text[0]
    body = text[1:text.index("}")]
    low, _, high = body.partition(",")
    low = min(int(low or 0), 1000)
    if "," not in body:
        return "{%d}" % low
    if not high or int(high) > 1000:
        return "{%d,}" % low
    return "{%d,%s}" % (low, high)


class FirstPass:
    """The relaxed patterns of a rules file's extractors, as one RE2 set. Its first entry
    matches everywhere: a set match that lacks it has failed (RE2 out of memory), and
    every extractor is then a candidate."""

    def __init__(self, patterns: tuple):
        options = re2.Options()
        options.max_mem = MAX_MEM
        self.set = re2.Set.MatchSet(options)
        self.set.Add("")  # entry 0: matches everywhere
        self.everyone = list(range(len(patterns)))
        self.always = []  # extractors whose pattern relaxes to nothing: candidates everywhere
        self.index = [-1]  # set entry -> extractor index
        for i, pattern in enumerate(patterns):
            relaxed = relax(pattern)
            try:
                if relaxed == "":
                    raise re2.error("nothing to match")
                self.set.Add(relaxed)
            except re2.error:  # syntax RE2 does not read: a candidate everywhere
                self.always.append(i)
                continue
            self.index.append(i)
        self.set.Compile()
        self._match = self.set._set.Match  # the binding itself: a buffer, no copy

    def candidates(self, data) -> list:
        """The extractors, in rules order, that may match at the start of data (UTF-8
        bytes, or a view of them)."""
        found = self._match(data)
        if len(found) == 1 and not self.always:
            return [] if found[0] == 0 else self.everyone
        if 0 not in found:
            return self.everyone
        index = self.index
        return sorted([index[i] for i in found if i] + self.always)


@functools.lru_cache(maxsize=4)
def first_pass(patterns: tuple) -> Optional[FirstPass]:
    """The first pass of these extractor patterns, built once per run; None without RE2
    or when RE2 cannot hold them."""
    if not AVAILABLE:
        return None
    try:
        return FirstPass(patterns)
    except Exception:  # re2.error, or RE2 out of memory: the scanner does the first pass
        return None


class SearchFilter:
    """Patterns searched in a whole text (the rules' furniture lines), as one unanchored
    RE2 set of their relaxed forms: which of them may be found in a text."""

    def __init__(self, patterns: tuple):
        self.set = re2.Set.SearchSet()
        self.set.Add("")  # entry 0: found in every text; missing, the set match failed
        self.everyone = list(range(len(patterns)))
        self.index = [-1]
        self.always = []
        for i, pattern in enumerate(patterns):
            relaxed = relax(pattern, plain=False)
            try:
                if relaxed == "":
                    raise re2.error("nothing to match")
                self.set.Add(relaxed)
            except re2.error:
                self.always.append(i)
                continue
            self.index.append(i)
        self.set.Compile()
        self._match = self.set._set.Match

    def candidates(self, text: str) -> list:
        """The patterns, in order, that may be found in text."""
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: RE2 reads UTF-8 only
            return self.everyone
        found = self._match(data)
        if 0 not in found:
            return self.everyone
        return sorted([self.index[i] for i in found if i] + self.always)


@functools.lru_cache(maxsize=4)
def search_filter(patterns: tuple) -> Optional[SearchFilter]:
    """The search filter of these patterns, built once per run; None without RE2."""
    if not AVAILABLE:
        return None
    try:
        return SearchFilter(patterns)
    except Exception:  # re2.error: every pattern is searched
        return None
