"""Find and decode the input articles.

A path may be a folder (searched recursively for the include globs), a file, or "-" for
standard input. A missing path or a search that finds no article at all raises
CryptoDiffError; a single unreadable file is skipped with a warning and the rest go on.
"""
from __future__ import annotations

import fnmatch
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

from .errors import CryptoDiffError
from .models import Article

DEFAULT_INCLUDE = ("*.txt", "*.md", "*.html", "*.htm")
DEFAULT_MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Options:
    include: tuple = DEFAULT_INCLUDE
    exclude: tuple = ()
    max_bytes: int = DEFAULT_MAX_BYTES


def find(paths: Iterable[str], options: Options = Options()) -> list[tuple[str, str]]:
    """(source name, path on disk) of every input, in a stable order; "-" is stdin."""
    found: list[tuple[str, str]] = []
    for given in paths:
        if given == "-":
            found.append(("-", "-"))
            continue
        path = Path(given)
        if path.is_dir():
            found.extend(_walk(given, options))
        elif path.exists() or path.is_symlink():
            found.append((given, given))
        else:
            raise CryptoDiffError("no such file or folder", given)
    if not found:
        raise CryptoDiffError("no article found (looked for "
                              f"{', '.join(options.include)})", ", ".join(paths))
    return found


def _walk(top: str, options: Options) -> Iterator[tuple[str, str]]:
    hits = []
    for folder, dirs, files in os.walk(top, followlinks=False):
        dirs.sort()
        for name in files:
            full = os.path.join(folder, name)
            rel = os.path.relpath(full, top)
            if not any(fnmatch.fnmatch(name, g) or fnmatch.fnmatch(rel, g) for g in options.include):
                continue
            if any(fnmatch.fnmatch(name, g) or fnmatch.fnmatch(rel, g) for g in options.exclude):
                continue
            hits.append((os.path.join(top, rel), full))
    return iter(sorted(hits))


def read(source: str, path: str, options: Options = Options(),
         warn: Optional[Callable[[str], None]] = None) -> Optional[Article]:
    """The decoded article, or None (with a warning) when it cannot be used."""
    warn = warn or (lambda message: None)
    try:
        if path == "-":
            data = sys.stdin.buffer.read()
        else:
            if os.path.getsize(path) > options.max_bytes:
                warn(f"{source}: skipped: larger than {options.max_bytes} bytes")
                return None
            with open(path, "rb") as handle:
                data = handle.read(options.max_bytes + 1)
    except OSError as exc:
        warn(f"{source}: skipped: {exc.strerror or exc}")
        return None
    if not data.strip():
        warn(f"{source}: skipped: empty")
        return None
    text = decode(data)
    if text is None:
        warn(f"{source}: skipped: binary or undecodable")
        return None
    return Article(source, tuple(text.splitlines()))


def decode(data: bytes) -> Optional[str]:
    """Text of the bytes: UTF-8 (BOM or not), UTF-16 with BOM, else cp1252; None if binary."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    if b"\x00" in data:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return None
