"""The stages in order: find and read articles, extract figures, group them into facts.

Reading and extraction go one article at a time and keep figures, not texts; with
jobs > 1 they are spread over worker processes in groups of articles, and the results
come back in the order of the inputs, so the report is the same as a serial run's. A
group of articles read before with the same rules comes from the cache (cache.py).
"""
from __future__ import annotations

import functools
import os
from dataclasses import dataclass, replace
from typing import Callable, Iterable, Optional

from . import articles, cache, extract
from .errors import CryptoDiffError
from .models import Fact, Figure, Source, Story
from .rules import Rules

_worker_rules: Optional[Rules] = None


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class Extraction:
    """The figures of a run's inputs, each article's signature, and the key that names
    them in the cache: made of every input's key in order (None when one has none, or the
    cache is off); and the articles read, in order, as reports name them."""

    figures: list
    key: Optional[str] = None
    signatures: tuple = ()
    sources: tuple = ()  # Source

    @functools.cached_property
    def stories(self) -> list[Story]:
        """The stories the articles tell (story.py), each article in one."""
        from .story import stories  # deferred: a run that only lists figures needs none
        return stories(list(self.signatures))


def figures(paths: Iterable[str], rules: Rules, options: articles.Options = articles.Options(),
            warn: Optional[Callable[[str], None]] = None, jobs: int = 1,
            progress: Optional[Callable[[int, int], None]] = None) -> list[Figure]:
    """Every figure of every article under paths, furniture marked."""
    return read_and_extract(paths, rules, options, warn, jobs, progress).figures


def read_and_extract(paths: Iterable[str], rules: Rules,
                     options: articles.Options = articles.Options(),
                     warn: Optional[Callable[[str], None]] = None, jobs: int = 1,
                     progress: Optional[Callable[[int, int], None]] = None) -> Extraction:
    """figures(), with the key of the run's inputs."""
    paths = list(paths)
    warn = warn or (lambda message: None)
    inputs = articles.find(paths, options, warn)
    extracted, keys = [], []
    for item, warnings in _extract_all(inputs, rules, options, jobs, progress, keys):
        for message in warnings:
            warn(message)
        if item is not None:
            extracted.append(item)
    if not extracted:
        raise CryptoDiffError("no article could be read (every input was skipped)",
                              ", ".join(paths))
    cache.Figures(rules.digest).prune()
    found = extract.mark_furniture(extracted, rules.share_across)
    return Extraction(found, cache.Figures.group_key(keys),
                      tuple(item.signature for item in extracted if item.signature is not None),
                      tuple(Source(e.source, e.outlet, e.published) for e in extracted))


def facts(extraction: Extraction, rules: Rules, jobs: int = 1) -> list[Fact]:
    """The figures grouped into facts (group.py); the facts of the same inputs grouped
    before with the same rules and code come from the cache."""
    from . import group  # deferred: facts that come from the cache need no grouping code
    store = cache.Facts(rules.digest)
    kept = store.get(extraction.key)
    if _usable_facts(kept, len(extraction.figures)):
        return [replace(fact, figures=tuple(extraction.figures[i] for i in members))
                for fact, members in kept]
    found = group.group(extraction.figures, extraction.stories, rules, jobs)
    if extraction.key is not None:
        # each fact without its figures, and where they stand in extraction.figures: the
        # figures are cached already, and this is a tenth of the size
        position = {id(f): i for i, f in enumerate(extraction.figures)}
        if all(id(f) in position for fact in found for f in fact.figures):
            store.put(extraction.key, [(replace(fact, figures=()),
                                        [position[id(f)] for f in fact.figures])
                                       for fact in found])
    return found


def _extract_all(inputs: list, rules: Rules, options: articles.Options, jobs: int, progress,
                 keys: list):
    """(Extracted or None, warnings) for each input, in order. Inputs go in groups (see
    cache.Figures): a group read before comes from the cache, the others are read, in
    worker processes when jobs > 1 (each group sent off as soon as its inputs are
    hashed), and then cached. keys receives each input's key."""
    store = cache.Figures(rules.digest)
    parallel = jobs > 1 and len(inputs) > cache.GROUP and not any(p == "-" for _, p in inputs)
    pool = _pool(rules, jobs) if parallel else None

    held: dict = {}  # serial runs: the bytes read for a key, until their group is read out

    def keyed():
        for index, (source, path) in enumerate(inputs):
            key, data = _key(store, source, path, options)
            if pool is None and data is not None:
                held[index] = data
            yield key

    def outcomes():
        for indexes, group_keys in store.groups(keyed()):
            keys.extend(group_keys)
            key = store.group_key(group_keys)
            found = store.get(key)
            if not _usable_group(found, [inputs[i][0] for i in indexes]):
                found = cache.MISSING
            datas = [held.pop(i, None) for i in indexes]
            if found is cache.MISSING:
                task = ([inputs[i] for i in indexes], group_keys)
                if pool is not None:
                    extract.prepare(rules)  # built once here, before the workers start, not in each
                found = (pool.submit(_extract_in_worker, task, options) if pool is not None
                         else _extract_task(task, options, rules, datas))
            yield found

    done = 0
    try:
        for found in (list(outcomes()) if pool is not None else outcomes()):
            result = found if isinstance(found, list) else found.result()
            done += len(result)
            if progress:
                progress(done, len(inputs))
            yield from result
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def _usable_group(found, sources: list) -> bool:
    """Whether a cache entry holds what reading these inputs gives: for each, in order,
    its extracted figures (or None) and its warnings."""
    return (isinstance(found, list) and len(found) == len(sources)
            and all(isinstance(item, tuple) and len(item) == 2
                    and (item[0] is None or (isinstance(item[0], extract.Extracted)
                                             and item[0].source == source))
                    and isinstance(item[1], list) and all(isinstance(w, str) for w in item[1])
                    for item, source in zip(found, sources)))


def _usable_facts(kept, figures: int) -> bool:
    """Whether a cache entry holds facts of this many figures: each fact, and where its
    figures stand among them."""
    return (isinstance(kept, list)
            and all(isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], Fact)
                    and isinstance(item[1], list) and item[1]
                    and all(type(i) is int and 0 <= i < figures for i in item[1])
                    for item in kept))


def _pool(rules: Rules, jobs: int):
    import multiprocessing  # deferred, with the pool: a serial run never loads them
    from concurrent.futures import ProcessPoolExecutor
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context,
                               initializer=_set_rules, initargs=(rules,))


def _key(store: cache.Figures, source: str, path: str, options: articles.Options) -> tuple:
    """An input's key in the cache and its bytes; (None, None) when the cache is off, for
    standard input, and for a file that cannot be read (reading it in turn says why)."""
    if store.top is None or path == "-":
        return None, None
    data = articles.read_bytes(source, path, options, lambda message: None)
    if data is None:
        return None, None
    return store.key(source, path, data), data


def _set_rules(rules: Rules) -> None:
    """In a worker process: the rules, received once rather than with every chunk."""
    global _worker_rules
    _worker_rules = rules


def _extract_in_worker(task: tuple, options: articles.Options) -> list:
    return _extract_task(task, options, _worker_rules)


def _extract_task(task: tuple, options: articles.Options, rules: Rules, datas: Optional[list] = None) -> list:
    """Read a group of inputs (datas: the bytes of each already read, or None), and cache
    what they gave under the group's key, unless an input read again here changed since
    its key was made."""
    inputs, keys = task
    store = cache.Figures(rules.digest)
    out, unchanged = [], True
    for (source, path), key, data in zip(inputs, keys, datas or [None] * len(inputs)):
        warnings: list = []
        if data is None:
            data = articles.read_bytes(source, path, options, warnings.append)
            if key is not None:
                unchanged = unchanged and data is not None and store.key(source, path, data) == key
        article = articles.article_from_bytes(source, path, data, warnings.append) if data is not None else None
        item = extract.extract_article(article, rules) if article is not None else None
        out.append((item, warnings))
    if unchanged:
        store.put(store.group_key(keys), out)
    return out
