"""The user's cache folder ($XDG_CACHE_HOME/crypto-diff): loaded rules, the figures of
the articles read before (in groups of articles), and the facts of the last runs.

Every entry is keyed by all that made it: the input (a rules file's text, an article's
bytes and name, a run's articles), crypto-diff's own code (the bytes of its source
files, never their times or places), Python and the versions of the libraries that
read articles; change any of them and the entry is simply not found.

Entries are data, never code: JSON documents that name their format, its version and
the key they were made for, holding plain values and the records of crypto-diff
(dataclasses, written field by field; compiled patterns as their text, compiled again
on load). Loading builds nothing but those records, checking each field against its
type: an entry that is torn, of another format or version, made for another key, or of
an unexpected shape is a miss, never an error, and never runs anything. Entries are
written through a temporary file and a rename, so a reader never sees half of one. A
cache that cannot be read or written is passed by and the work done again.
CRYPTO_DIFF_NO_CACHE=1 turns it off. Figures not used for KEEP_DAYS days are removed, at
most once a day.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import sys
import time
import typing
from importlib.util import find_spec
from pathlib import Path
from typing import Callable, Iterable, Optional

from .errors import CryptoDiffError
from .files import write_atomic

# the libraries whose versions can change what is read out of an article, by the name
# of their distribution
READERS = {"regex": "regex", "text2num": "text2num", "markdown_it": "markdown-it-py",
           "trafilatura": "trafilatura", "lxml": "lxml", "lxml_html_clean": "lxml_html_clean"}
RECORD_MODULES = ("models", "rules", "extract")  # the modules whose dataclasses entries hold
FORMAT = "crypto-diff cache"
VERSION = 1
SUFFIX = ".json"
SHARED = 40  # strings this long or longer are written once per entry, however often they stand
KEEP_DAYS = 30
KEEP_FACTS = 4  # runs whose facts are kept
GROUP = 32  # articles per cached group, on average
DAY = 86_400
MISSING = object()


def folder() -> Optional[Path]:
    """The cache folder, or None when the cache is turned off."""
    if os.environ.get("CRYPTO_DIFF_NO_CACHE"):
        return None
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "crypto-diff"


@functools.lru_cache(maxsize=None)
def code_stamp() -> str:
    """What changes when crypto-diff's code, Python or a reading library changes: the
    bytes of every source file of the package, Python's version, and each library's
    installed version. Times and places of files take no part: two installs of the same
    version share their entries."""
    package = Path(__file__).parent
    hashed = hashlib.sha256(sys.version.encode())
    for path in sorted(package.rglob("*.py")):
        name = path.relative_to(package).as_posix().encode()
        data = path.read_bytes()
        hashed.update(b"\0%s\0%d\0" % (name, len(data)))
        hashed.update(data)
    for module, distribution in READERS.items():
        hashed.update(f"\0{module}:{_library_version(module, distribution)}".encode())
    return hashed.hexdigest()


def _library_version(module: str, distribution: str) -> str:
    """The installed version of a library, from the name of its metadata folder beside
    it (importing importlib.metadata costs more than a run's start-up should); else a
    digest of the library's own file; "absent" when it is not installed."""
    try:
        spec = find_spec(module)
    except (ImportError, ValueError):
        spec = None
    origin = spec.origin if spec is not None else None
    if not origin or not os.path.exists(origin):
        return "absent"
    place = os.path.dirname(origin)
    if spec.submodule_search_locations:  # a package: its metadata stands beside its folder
        place = os.path.dirname(place)
    wanted = distribution.replace("-", "_").lower() + "-"
    try:
        for entry in sorted(os.listdir(place)):
            if entry.lower().startswith(wanted) and entry.endswith((".dist-info", ".egg-info")):
                return entry
    except OSError:
        pass
    try:
        with open(origin, "rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()
    except OSError:
        return "unreadable"


def digest(*parts: bytes) -> str:
    """A key for an entry: the parts and the code that reads them."""
    hashed = hashlib.sha256(code_stamp().encode())
    for part in parts:
        hashed.update(len(part).to_bytes(8, "little"))
        hashed.update(part)
    return hashed.hexdigest()[:40]


def cached(name: str, key: str, build: Callable, kind: type = object):
    """build(), or what an earlier build with the same key left in the cache folder (when
    it is of the kind build() makes)."""
    top = folder()
    if top is None:
        return build()
    entry_key = digest(key.encode("utf-8", "surrogatepass"))
    path = top / f"{name}-{entry_key[:32]}{SUFFIX}"
    value = load_entry(path, entry_key)
    if value is MISSING or not isinstance(value, kind):
        value = build()
        store_entry(path, entry_key, value)
    return value


def load_entry(path: Path, key: str):
    """The value of the entry at path, or MISSING when there is none that can be used:
    none yet, torn, of another format or version, made for another key, or holding
    anything but plain values and crypto-diff's records of the right shape."""
    try:
        document = json.loads(path.read_bytes())
        if (not isinstance(document, dict) or document.get("format") != FORMAT
                or document.get("version") != VERSION or document.get("key") != key):
            return MISSING
        return _Decoder(document).decode(document["value"])
    except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError,
            RecursionError, _Unusable):
        return MISSING
    except Exception:  # a pattern that does not compile, any other surprise: not usable
        return MISSING


def store_entry(path: Path, key: str, value) -> None:
    """Write value to path whole, or not at all (a read-only home: nothing is kept)."""
    try:
        encoder = _Encoder()
        encoded = encoder.encode(value)
        document = {"format": FORMAT, "version": VERSION, "key": key,
                    "classes": encoder.classes, "strings": encoder.strings, "value": encoded}
        data = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_atomic(path, data.encode("utf-8", "surrogatepass"), durable=False, tidy=False)
    except (OSError, TypeError, ValueError, RecursionError, CryptoDiffError):
        pass


# ---------------------------------------------------------------- the data format
#
# JSON keeps None, booleans, whole and decimal numbers, strings and lists as they are.
# Everything else is an object with one tag: {"T": [...]} a tuple, {"F": [...]} a
# frozenset, {"S": [...]} a set, {"D": [[key, value], ...]} a dict, {"R": n} the n-th
# shared string, {"C": n, "v": [...]} a record of the n-th class (its name and field
# names in the document's "classes"), its field values in that order, and
# {"P": text, "f": flags} a compiled pattern.

class _Unusable(Exception):
    """An entry holds something no entry crypto-diff writes holds."""


class _Encoder:
    def __init__(self):
        self.strings: list = []
        self.classes: list = []  # [qualified name, [field names]] of each record class
        self._string_index: dict = {}
        self._class_index: dict = {}

    def encode(self, value):
        kind = type(value)
        if kind is str:
            if len(value) < SHARED:
                return value
            index = self._string_index.get(value)
            if index is None:
                index = self._string_index[value] = len(self.strings)
                self.strings.append(value)
            return {"R": index}
        if value is None or kind is bool or kind is int or kind is float:
            return value
        if kind is list:
            return [self.encode(item) for item in value]
        if kind is tuple:
            return {"T": [self.encode(item) for item in value]}
        if kind is frozenset or kind is set:
            return {"F" if kind is frozenset else "S": [self.encode(item) for item in value]}
        if kind is dict:
            return {"D": [[self.encode(k), self.encode(v)] for k, v in value.items()]}
        if dataclasses.is_dataclass(value) and kind in _records().values():
            index = self._class_index.get(kind)
            if index is None:
                index = self._class_index[kind] = len(self.classes)
                self.classes.append([_qualified(kind), [f.name for f in _fields(kind)]])
            return {"C": index, "v": [self.encode(getattr(value, f.name)) for f in _fields(kind)]}
        if _is_pattern(value):
            return {"P": value.pattern, "f": value.flags}
        raise TypeError(f"the cache does not hold {kind.__name__}")


class _Decoder:
    def __init__(self, document: dict):
        self.strings = document["strings"]
        if not isinstance(self.strings, list) or not all(type(s) is str for s in self.strings):
            raise _Unusable
        records = _records()
        self.classes = []
        for entry in document["classes"]:
            name, names = entry
            kind = records.get(name)
            if kind is None or names != [f.name for f in _fields(kind)]:
                raise _Unusable  # a class this code has not, or has with other fields
            self.classes.append((kind, _checks(kind)))

    def decode(self, value):
        kind = type(value)
        if kind is str or kind is int or kind is float or kind is bool or value is None:
            return value
        if kind is list:
            return [self.decode(item) for item in value]
        if kind is not dict or not value:
            raise _Unusable
        tag = next(iter(value))
        body = value[tag]
        if tag == "R" and len(value) == 1 and type(body) is int and body >= 0:
            return self.strings[body]
        if tag == "C" and len(value) == 2 and type(body) is int and body >= 0:
            return self._record(body, value["v"])
        if tag == "P" and len(value) == 2 and type(body) is str and type(value["f"]) is int:
            import regex  # deferred: only loaded rules hold patterns
            return regex.compile(body, value["f"])
        if type(body) is not list or len(value) != 1:
            raise _Unusable
        if tag == "T":
            return tuple(self.decode(item) for item in body)
        if tag == "F":
            return frozenset(self.decode(item) for item in body)
        if tag == "S":
            return set(self.decode(item) for item in body)
        if tag == "D":
            return {self.decode(k): self.decode(v) for k, v in body}
        raise _Unusable

    def _record(self, index: int, values):
        kind, checks = self.classes[index]
        if type(values) is not list or len(values) != len(checks):
            raise _Unusable
        decoded = [self.decode(item) for item in values]
        for item, check in zip(decoded, checks):
            if not check(item):
                raise _Unusable
        return kind(*decoded)


@functools.lru_cache(maxsize=None)
def _records() -> dict:
    """The record classes an entry may hold, by qualified name: every dataclass of the
    modules of records (a record added there, or a field added to one, needs nothing
    here)."""
    import importlib  # deferred, with the modules it loads: only the cache needs them
    found = {}
    for name in RECORD_MODULES:
        module = importlib.import_module(f"{__package__}.{name}")
        for value in vars(module).values():
            if (isinstance(value, type) and dataclasses.is_dataclass(value)
                    and value.__module__ == module.__name__):
                found[_qualified(value)] = value
    return found


def _qualified(kind: type) -> str:
    return f"{kind.__module__.rsplit('.', 1)[-1]}.{kind.__qualname__}"


@functools.lru_cache(maxsize=None)
def _fields(kind: type) -> tuple:
    return tuple(f for f in dataclasses.fields(kind) if f.init)


@functools.lru_cache(maxsize=None)
def _checks(kind: type) -> tuple:
    """For each field of a record, a test that a value fits its declared type."""
    try:
        hints = typing.get_type_hints(kind)
    except Exception:  # a hint that cannot be resolved: its fields take any value
        hints = {}
    return tuple(_check(hints.get(f.name, typing.Any)) for f in _fields(kind))


def _check(hint) -> Callable:
    """A test that a value fits a type hint (plain types, Optional, Union, and the
    containers tuple, list, frozenset, set and dict with their item types)."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is typing.Any or hint is object:
        return lambda value: True
    if origin is typing.Union:
        tests = [_check(arg) for arg in args]
        return lambda value: any(test(value) for test in tests)
    if hint is type(None):
        return lambda value: value is None
    if hint is float:  # a whole number stands for a float, as in Python
        return lambda value: type(value) in (float, int)
    if origin in (tuple, list, frozenset, set):
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            args = args[:1]
        if origin is tuple and len(args) > 1:
            tests = [_check(arg) for arg in args]
            return lambda value: (type(value) is tuple and len(value) == len(tests)
                                  and all(test(v) for test, v in zip(tests, value)))
        item = _check(args[0]) if args else (lambda value: True)
        return lambda value: type(value) is origin and all(item(v) for v in value)
    if origin is dict:
        key, item = (_check(args[0]), _check(args[1])) if args else ((lambda v: True),) * 2
        return lambda value: type(value) is dict and all(key(k) and item(v) for k, v in value.items())
    if isinstance(hint, type):
        return lambda value: isinstance(value, hint)
    return lambda value: True


def _is_pattern(value) -> bool:
    kind = type(value)
    return kind.__name__ == "Pattern" and kind.__module__ in ("_regex", "re")


# ---------------------------------------------------------------- the stores

class Figures:
    """The figures of articles read before with the same rules. Articles are cached in
    groups, one file per group (creating a file costs far more than writing a few more
    bytes): each article's key is made of its name, file type, bytes and the rules; a
    group ends after an article whose key ends a group (about one in GROUP), so groups
    depend on the articles alone, not on where they stand in the run: editing, adding or
    removing one article reads afresh only its group (and the next one, when the article
    was or becomes the end of a group)."""

    SUBFOLDER = "figures"
    TOUCH_AFTER = DAY  # an entry found is marked used when its mark is this old (seconds)

    def __init__(self, rules_digest: str, top: Optional[Path] = MISSING):
        top = folder() if top is MISSING else top
        self.top = top / self.SUBFOLDER if top is not None else None
        self.rules = rules_digest.encode()

    def key(self, source: str, path: str, data: bytes) -> Optional[str]:
        """The key of an article (its name, file type and bytes); None when the cache is off."""
        if self.top is None:
            return None
        kind = os.path.splitext(path)[1].lower()
        return digest(self.rules, source.encode("utf-8", "surrogatepass"),
                      kind.encode("utf-8", "surrogatepass"), data)

    @staticmethod
    def groups(keys: Iterable):
        """The articles in groups, in order: (their indexes, their keys) of each group. An
        article without a key (not cached) ends its group when it is GROUP long."""
        indexes, current = [], []
        for index, key in enumerate(keys):
            indexes.append(index)
            current.append(key)
            ends = int(key[-8:], 16) % GROUP == 0 if key is not None else len(current) >= GROUP
            if ends:
                yield indexes, current
                indexes, current = [], []
        if current:
            yield indexes, current

    @staticmethod
    def group_key(keys: list) -> Optional[str]:
        """The key of a group of articles: None when one of them has none."""
        if not keys or any(k is None for k in keys):
            return None
        return digest("\0".join(keys).encode())

    def _path(self, key: str) -> Path:
        return self.top / key[:2] / f"{key[2:]}{SUFFIX}"

    def get(self, key: Optional[str]):
        """The stored result, or MISSING; a result found is marked used."""
        if key is None or self.top is None:
            return MISSING
        path = self._path(key)
        value = load_entry(path, key)
        if value is not MISSING:
            try:
                if path.stat().st_mtime <= time.time() - self.TOUCH_AFTER:
                    os.utime(path)
            except OSError:
                pass
        return value

    def put(self, key: Optional[str], value) -> None:
        if key is not None and self.top is not None:
            store_entry(self._path(key), key, value)

    def prune(self, now: Optional[float] = None) -> int:
        """Remove the entries not used for KEEP_DAYS days (and, after a day, what a write
        cut short left, or an older version of crypto-diff wrote), when the last pruning
        is a day old or more; the number removed."""
        if self.top is None:
            return 0
        now = time.time() if now is None else now
        mark = self.top / "pruned"
        try:
            if mark.stat().st_mtime > now - DAY:
                return 0
        except OSError:
            pass
        removed = 0
        try:
            self.top.mkdir(parents=True, exist_ok=True, mode=0o700)
            mark.touch()
            os.utime(mark, (now, now))
            for entry in self.top.glob("*/*"):
                age = KEEP_DAYS * DAY if entry.suffix == SUFFIX else DAY  # else: a torn write
                try:
                    if entry.stat().st_mtime < now - age:
                        entry.unlink()
                        removed += 1
                except OSError:
                    pass
        except OSError:
            pass
        return removed


class Facts(Figures):
    """The facts of runs before: the figures of the same inputs in the same order
    (every article's key) grouped with the same rules and code. Only the KEEP_FACTS
    entries used last are kept."""

    SUBFOLDER = "facts"
    TOUCH_AFTER = 0  # which entries were used last decides which are kept

    def put(self, key: Optional[str], value) -> None:
        super().put(key, value)
        if self.top is None or key is None:
            return
        try:
            entries = sorted(self.top.glob(f"*/*{SUFFIX}"), key=lambda p: p.stat().st_mtime)
            for entry in entries[:-KEEP_FACTS]:
                entry.unlink()
        except OSError:
            pass
