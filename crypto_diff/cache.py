"""The user's cache folder ($XDG_CACHE_HOME/crypto-diff): compiled rules, the figures of
the articles read before (in groups of articles), and the facts of the last runs.

Every entry is keyed by all that made it: the input (a rules file's text, an article's
bytes and name, a run's articles), crypto-diff's own code, Python and the libraries that
read articles;
change any of them and the entry is simply not found. Entries are written through a
temporary file and a rename, so a reader never sees half of one. A cache that cannot be
read or written is passed by and the work done again. CRYPTO_DIFF_NO_CACHE=1 turns it off.
Figures not used for KEEP_DAYS days are removed, at most once a day.
"""
from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sys
import time
from importlib.util import find_spec
from pathlib import Path
from typing import Callable, Iterable, Optional

from .errors import CryptoDiffError
from .files import write_atomic

# the libraries whose versions can change what is read out of an article
READERS = ("regex", "text2num", "markdown_it", "trafilatura", "lxml", "lxml_html_clean")
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
    size and time of every source file of the package and of each library."""
    package = Path(__file__).parent
    parts = [sys.version]
    for path in sorted(package.rglob("*.py")):
        stat = path.stat()
        parts.append(f"{path.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns}")
    for name in READERS:
        try:
            spec = find_spec(name)
        except (ImportError, ValueError):
            spec = None
        origin = spec.origin if spec is not None else None
        if origin and os.path.exists(origin):
            stat = os.stat(origin)
            parts.append(f"{name}:{origin}:{stat.st_size}:{stat.st_mtime_ns}")
        else:
            parts.append(f"{name}:absent")
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def digest(*parts: bytes) -> str:
    """A key for an entry: the parts and the code that reads them."""
    hashed = hashlib.sha256(code_stamp().encode())
    for part in parts:
        hashed.update(len(part).to_bytes(8, "little"))
        hashed.update(part)
    return hashed.hexdigest()[:40]


def cached(name: str, key: str, build: Callable):
    """build(), or what an earlier build with the same key left in the cache folder."""
    top = folder()
    if top is None:
        return build()
    path = top / f"{name}-{digest(key.encode())[:32]}.pickle"
    value = load_entry(path)
    if value is MISSING:
        value = build()
        store_entry(path, value)
    return value


def load_entry(path: Path):
    """The value pickled at path, or MISSING when there is none that can be used."""
    try:
        return pickle.loads(path.read_bytes())
    except Exception:  # no entry yet, or one that cannot be used (torn, older format)
        return MISSING


def store_entry(path: Path, value) -> None:
    """Write value to path whole, or not at all (a read-only home: nothing is kept)."""
    try:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_atomic(path, data, durable=False, tidy=False)
    except (OSError, pickle.PicklingError, CryptoDiffError):
        pass


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
        return digest(self.rules, source.encode("utf-8", "surrogatepass"), kind.encode(), data)

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
        return self.top / key[:2] / f"{key[2:]}.pickle"

    def get(self, key: Optional[str]):
        """The stored result, or MISSING; a result found is marked used."""
        if key is None or self.top is None:
            return MISSING
        path = self._path(key)
        value = load_entry(path)
        if value is not MISSING:
            try:
                if path.stat().st_mtime <= time.time() - self.TOUCH_AFTER:
                    os.utime(path)
            except OSError:
                pass
        return value

    def put(self, key: Optional[str], value) -> None:
        if key is not None and self.top is not None:
            store_entry(self._path(key), value)

    def prune(self, now: Optional[float] = None) -> int:
        """Remove the entries not used for KEEP_DAYS days (and what a write cut short
        left a day ago), when the last pruning is a day old or more; the number removed."""
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
                age = KEEP_DAYS * DAY if entry.suffix == ".pickle" else DAY  # else: a torn write
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
            entries = sorted(self.top.glob("*/*.pickle"), key=lambda p: p.stat().st_mtime)
            for entry in entries[:-KEEP_FACTS]:
                entry.unlink()
        except OSError:
            pass
