"""Find and decode the input articles.

A path may be a folder (searched recursively for the include globs), a file, or "-" for
standard input (named <stdin>, or as --stdin-filename says, whose extension then tells
how to read it). An article is read once, however many of the paths name it; the
folder a browser saves beside a page ("page.html" and "page_files/") holds the page's
parts, not articles, and is left out. A missing path, or inputs of which no article can be read, raise
CryptoDiffError; a single file that cannot be used (binary, empty, undecodable,
unreadable, a broken link, too large) is skipped with a one-line warning naming it.

Plain text is read as it is. Markdown is read without its markup (markdown-it-py parses
it); every line keeps its number, and columns count in the line as read. HTML is reduced
to the article's main text (trafilatura leaves out navigation, headers and footers);
each line of that text carries the number of the HTML line where its paragraph starts.
Each article carries its outlet and publication date when it tells them (masthead.py).
"""
from __future__ import annotations

import errno
import fnmatch
import os
import re
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

from . import masthead
from .errors import CryptoDiffError
from .files import NotARegularFile, read_regular, read_stream
from .models import Article

DEFAULT_INCLUDE = ("*.txt", "*.md", "*.html", "*.htm")
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
MARKDOWN = (".md", ".markdown")
HTML = (".html", ".htm", ".xhtml")


STDIN = "<stdin>"  # how reports name standard input, without --stdin-filename
# the endings of the folder a browser's "Save page as" puts beside page.html
SAVED_PAGE_PARTS = ("_files", "-files", ".files", "-Dateien", "_archivos", "_fichiers")


@dataclass(frozen=True)
class Options:
    include: tuple = DEFAULT_INCLUDE
    exclude: tuple = ()
    max_bytes: int = DEFAULT_MAX_BYTES
    stdin_name: Optional[str] = None  # the name standard input is read and reported by


def find(paths: Iterable[str], options: Options = Options(),
         warn: Optional[Callable[[str], None]] = None) -> list[tuple[str, str]]:
    """(source name, path on disk) of every input, in a stable order; "-" is stdin. Each
    file comes once, named as the first path that reaches it. A folder that cannot be
    listed is skipped with a warning."""
    paths = list(paths)
    warn = warn or (lambda message: None)
    found: list[tuple[str, str]] = []
    seen: set = set()
    for given in paths:
        if given == "-":
            hits = [(options.stdin_name or STDIN, "-")]
        elif Path(given).is_dir():
            hits = list(_walk(given, options, warn))
        elif Path(given).exists() or Path(given).is_symlink():
            hits = [(given, given)]
        else:
            raise CryptoDiffError("no such file or folder", given)
        for source, path in hits:
            identity = _identity(path)
            if identity not in seen:
                seen.add(identity)
                found.append((source, path))
    if not found:
        raise CryptoDiffError(f"no article found (looked for {', '.join(options.include)})",
                              ", ".join(paths))
    return [(_named(source, warn), path) for source, path in found]


def _named(source: str, warn: Callable[[str], None]) -> str:
    """The name reports give an input: its path, with the bytes of a file name that is not
    UTF-8 (which Python holds as lone surrogates, and no report can write) as \\xNN."""
    if not _SURROGATE.search(source):
        return source
    shown = _SURROGATE.sub(lambda m: (f"\\x{ord(m.group()) - 0xDC00:02x}" if m.group() >= "\udc80"
                                      else f"\\u{ord(m.group()):04x}"), source)
    warn(f"{shown}: the file name is not UTF-8: reports write its bytes as \\x escapes")
    return shown


_SURROGATE = re.compile("[\ud800-\udfff]")


def _identity(path: str):
    """What tells files apart, whatever path names them: device and inode, else the
    resolved path (a broken link: the link itself)."""
    if path == "-":
        return "-"
    try:
        stat = os.stat(path)
        return stat.st_dev, stat.st_ino
    except OSError:
        return os.path.abspath(path)


def _walk(top: str, options: Options, warn: Callable[[str], None]) -> Iterator[tuple[str, str]]:
    hits = []

    def unlisted(exc: OSError) -> None:
        shown = os.path.join(top, os.path.relpath(exc.filename, top)) if exc.filename else top
        warn(f"{shown}: skipped: a folder that cannot be listed ({_reason(exc)})")
    for folder, dirs, files in os.walk(top, onerror=unlisted, followlinks=False):
        pages = {os.path.splitext(name)[0] for name in files
                 if os.path.splitext(name)[1].lower() in HTML}
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not _saved_page_part(d, pages))
        for name in files:
            full = os.path.join(folder, name)
            rel = os.path.relpath(full, top)
            if not _matches(name, rel, options.include) or _matches(name, rel, options.exclude):
                continue
            hits.append((os.path.join(top, rel), full))
    return iter(sorted(hits))


def _saved_page_part(folder: str, pages: set) -> bool:
    """Whether a folder holds the parts of a saved page beside it (page.html: page_files)."""
    return any(folder.endswith(end) and folder[:-len(end)] in pages for end in SAVED_PAGE_PARTS)


def _matches(name: str, rel: str, globs: tuple) -> bool:
    return any(fnmatch.fnmatch(name, g) or fnmatch.fnmatch(rel, g) for g in globs)


def read_article(source: str, path: str, options: Options = Options(),
         warn: Optional[Callable[[str], None]] = None) -> Optional[Article]:
    """The decoded article, or None (with a warning) when it cannot be used."""
    warn = warn or (lambda message: None)
    data = read_bytes(source, path, options, warn)
    return None if data is None else article_from_bytes(source, path, data, warn)


def read_bytes(source: str, path: str, options: Options, warn: Callable[[str], None]) -> Optional[bytes]:
    """The bytes of an input, or None (with a warning) when it cannot be read or is too
    large or empty."""
    try:
        if path == "-":
            data = read_stream(sys.stdin.buffer, options.max_bytes, stop=_binary)
        else:
            if os.path.isdir(path):
                warn(f"{source}: skipped: a folder given where a file was expected")
                return None
            data = read_regular(path, options.max_bytes)
    except OSError as exc:
        warn(f"{source}: skipped: {_reason(exc)}")
        return None
    if len(data) > options.max_bytes:
        warn(f"{source}: skipped: larger than the size limit ({options.max_bytes} bytes)")
        return None
    if not data.strip():
        warn(f"{source}: skipped: empty")
        return None
    return data


def article_from_bytes(source: str, path: str, data: bytes,
                       warn: Callable[[str], None]) -> Optional[Article]:
    """The article in an input's bytes, or None (with a warning) when there is none."""
    text = decode(data)
    if text is None:
        warn(f"{source}: skipped: binary, or not in a text encoding crypto-diff reads")
        return None
    suffix = os.path.splitext(source if path == "-" else path)[1].lower()
    if suffix in HTML or (path == "-" and text.lstrip()[:15].lower().startswith(("<!doctype html", "<html"))):
        return html_article(source, text, warn)
    if suffix in MARKDOWN:
        lines, continues = markdown_lines(text, lambda message: warn(f"{source}: {message}"))
        carried = masthead.from_front_matter(masthead.front_matter(text)[1])
        return with_masthead(Article(source, lines, continues=continues), carried)
    return with_masthead(Article(source, tuple(split_lines(text))))


def split_lines(text: str) -> list[str]:
    """The lines of a text as editors and `grep -n` count them: each ends at a line feed
    (a carriage return before it is dropped), or at a carriage return in a text without
    line feeds (old Mac files). The other characters str.splitlines() breaks at (a lone
    carriage return, form feed, vertical tab, U+0085, U+2028, U+2029, ...) stay inside
    their line, so they shift no line number."""
    if "\n" not in text and "\r" in text:
        lines = text.split("\r")
    else:
        lines = [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]
    if lines and not lines[-1]:
        lines.pop()  # the text's last line end
    return lines


def _binary(head: bytes) -> bool:
    """The first bytes of an input show it binary (as decode() would find it): an input
    of NUL bytes without end (/dev/zero) is not read on."""
    return b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff"))


def with_masthead(article: Article, carried: tuple = (None, None)) -> Article:
    """The article with its outlet and publication date: what its metadata carried, else
    what its first lines say (a byline, a dateline), else (the outlet) its file name."""
    outlet, published = carried
    if not (outlet and published):
        head = masthead.from_lines(article.lines)
        outlet, published = outlet or head[0], published or head[1]
    outlet = outlet or masthead.from_file_name(article.source)
    return replace(article, outlet=outlet, published=published)


def _reason(exc: OSError) -> str:
    if isinstance(exc, NotARegularFile):
        return exc.strerror
    if isinstance(exc, PermissionError):
        return "permission denied"
    if exc.errno == errno.ENAMETOOLONG:
        return "its path is longer than the system allows"
    if exc.errno == 40:  # ELOOP
        return "a symbolic link loop"
    if isinstance(exc, FileNotFoundError):
        return "a broken symbolic link" if os.path.islink(exc.filename or "") else "not found"
    return exc.strerror or str(exc)


def decode(data: bytes) -> Optional[str]:
    """Text of the bytes: UTF-8 (BOM or not), UTF-16 with BOM, else cp1252; None for
    binary data (NUL bytes, or control characters that no text has)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    if b"\x00" in data:
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            return None
    head = text[:4096]
    controls = len(_CONTROLS.findall(head))
    return None if controls > 0.01 * len(head) + 1 else text


# control characters that no text holds (tab, newlines, vertical tab, form feed do)
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f]")


MARKDOWN_NESTING = 100  # levels of Markdown blocks read (each list marker opens two)


def markdown_lines(text: str, warn: Callable[[str], None] = lambda message: None
                   ) -> tuple[tuple, frozenset]:
    """The text of a Markdown document without its markup, line by line: each source line
    keeps its number; code blocks, raw HTML, link targets and markers read as blank. With
    it, the indexes of the lines that go on with the paragraph of the line before (a
    paragraph's line breaks; list items and headings each stand alone). A document nested
    deeper than MARKDOWN_NESTING levels, where the parser would stop reading, is read as
    plain text, with a warning."""
    from markdown_it import MarkdownIt  # deferred: only Markdown articles need it
    source = split_lines(text)
    # the parser breaks lines at a lone carriage return too: it reads one as a space
    text = "\n".join(line.replace("\r", " ") for line in source)
    parser = MarkdownIt("commonmark", {"maxNesting": MARKDOWN_NESTING}).enable("table")
    tokens = parser.parse(text)
    if any(token.level >= MARKDOWN_NESTING - 1 for token in tokens):
        warn(f"Markdown nested deeper than {MARKDOWN_NESTING} levels: read as plain text")
        return tuple(source), frozenset()
    count = len(source)
    lines = [""] * count
    continues = set()
    last_map = None
    skip = masthead.front_matter(text)[0]  # front matter is the page's metadata, not its text
    for token in tokens:
        if token.map:
            last_map = token.map
        if token.type != "inline" or last_map is None:
            continue
        start = (token.map or last_map)[0]
        if start < skip:
            continue
        pieces = "".join(_inline_text(child) for child in token.children or ()).split("\n")
        for offset, piece in enumerate(pieces):
            if start + offset < count:
                joined = (lines[start + offset] + " " + piece).strip()
                lines[start + offset] = joined
                if offset:
                    continues.add(start + offset)
    return tuple(lines), frozenset(continues)


def _inline_text(token) -> str:
    if token.type in ("text", "code_inline"):
        return token.content
    if token.type in ("softbreak", "hardbreak"):
        return "\n"
    if token.type == "image":
        return "".join(_inline_text(child) for child in token.children or ())
    return ""


def html_article(source: str, text: str, warn: Callable[[str], None]) -> Optional[Article]:
    """The main text of an HTML page, each line numbered by the HTML line it starts on."""
    import trafilatura  # deferred: only HTML articles need it, and it is slow to load
    body = trafilatura.extract(text, favor_recall=True, include_comments=False,
                               include_tables=True, deduplicate=False)
    if not body or not body.strip():
        warn(f"{source}: skipped: no article text found in the HTML")
        return None
    lines = tuple(split_lines(body))
    tree = _html_tree(text)
    article = Article(source, lines, tuple(_html_line_numbers(tree, lines)))
    return with_masthead(article, masthead.from_html(tree) if tree is not None else (None, None))


def _html_tree(page: str):
    """The page parsed by lxml, or None when it cannot be."""
    from lxml import etree, html  # deferred, as trafilatura
    try:
        return html.document_fromstring(page.encode("utf-8"),
                                        parser=html.HTMLParser(encoding="utf-8"))
    except (etree.ParserError, ValueError):
        return None


def _html_line_numbers(tree, lines: tuple) -> list[int]:
    """For each extracted line, the HTML line of the element whose text it starts with;
    a line that cannot be placed takes the number of the line before it."""
    if tree is None:
        return list(range(1, len(lines) + 1))
    places = []
    for element in tree.iter():
        if isinstance(element.tag, str) and element.sourceline:
            own = " ".join((element.text or "").split())
            if own:
                places.append((own, element.sourceline))
    numbers, last, cursor = [], 1, 0
    for line in lines:
        key = " ".join(line.split())[:30]
        found = next((i for i in range(cursor, len(places)) if key and key.startswith(places[i][0][:30])
                      or (key and places[i][0].startswith(key))), None)
        if found is not None:
            last, cursor = places[found][1], found
        numbers.append(last)
    return numbers
