"""The bounds a YAML file (a rules file, a baseline) must keep before it is built.

Aliases let a few lines of YAML stand for billions of values ("billion laughs"), and
deep nesting exhausts the stack of the code that builds or walks it. Neither is found in
a file a person writes, so the file's events (which cost time in proportion to its
text, whatever its aliases expand to) are read once first: more than MAX_ALIASES
aliases, aliases that would add more than MAX_EXPANSION values, or nesting deeper than
MAX_DEPTH, raise CryptoDiffError at the place in the file where the bound was passed.
"""
from __future__ import annotations

from .errors import CryptoDiffError

MAX_ALIASES = 100
MAX_EXPANSION = 10_000  # values that aliases may add to the file, in all
MAX_DEPTH = 64


def check(text: str, path: str, what: str, loader=None) -> None:
    """Raise CryptoDiffError when the YAML text passes a bound; what names the file for
    the message ("a rules file"). YAML syntax errors are left to the loading that
    follows, which reports them with their place."""
    import yaml  # deferred: loaded by the caller already
    loader = loader or getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    sizes: dict = {}  # anchor -> how many values the anchored node holds, itself included
    open_nodes: list = []  # [anchor, size so far] of each collection being read
    aliases = added = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.AliasEvent):
                aliases += 1
                size = sizes.get(event.anchor, 1)
                added += size
                if aliases > MAX_ALIASES:
                    _fail(f"too many YAML aliases (more than {MAX_ALIASES}): {what} may "
                          f"use only a few", path, event)
                if added > MAX_EXPANSION:
                    _fail(f"YAML aliases that expand to more than {MAX_EXPANSION} values "
                          f"(a \"billion laughs\"): {what} may use only a few", path, event)
            elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                open_nodes.append([event.anchor, 1])
                if len(open_nodes) > MAX_DEPTH:
                    _fail(f"nested deeper than {MAX_DEPTH} levels: {what} is never that "
                          f"deep", path, event)
                continue
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                anchor, size = open_nodes.pop()
                if anchor is not None:
                    sizes[anchor] = size
            elif isinstance(event, yaml.ScalarEvent):
                size = 1
                if event.anchor is not None:
                    sizes[event.anchor] = 1
            else:
                continue
            if open_nodes:
                open_nodes[-1][1] += size
    except yaml.YAMLError:
        return


def _fail(message: str, path: str, event) -> None:
    mark = event.start_mark
    raise CryptoDiffError(message, path, mark.line + 1 if mark else None,
                          mark.column + 1 if mark else None)
