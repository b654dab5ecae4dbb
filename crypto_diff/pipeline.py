"""The stages in order: find and read articles, extract figures, group them into facts.

Reading and extraction go one article at a time and keep figures, not texts.
"""
from __future__ import annotations

from typing import Callable, Iterable, Optional

from . import extract, group, load
from .errors import CryptoDiffError
from .models import Fact, Figure
from .rules import Rules


def figures(paths: Iterable[str], rules: Rules, options: load.Options = load.Options(),
            warn: Optional[Callable[[str], None]] = None) -> list[Figure]:
    """Every figure of every article under paths, furniture marked."""
    paths = list(paths)
    extracted = []
    for source, path in load.find(paths, options):
        article = load.read(source, path, options, warn)
        if article is not None:
            extracted.append(extract.extract_article(article, rules))
    if not extracted:
        raise CryptoDiffError("no article could be read (every input was skipped)",
                              ", ".join(paths))
    return extract.mark_furniture(extracted, rules.share_across, rules.max_words)


def facts(paths: Iterable[str], rules: Rules, options: load.Options = load.Options(),
          warn: Optional[Callable[[str], None]] = None) -> list[Fact]:
    return group.group(figures(paths, rules, options, warn), rules)
