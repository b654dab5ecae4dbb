"""The stages in order: find and read articles, extract figures, group them into facts.

Reading and extraction go one article at a time and keep figures, not texts; with
jobs > 1 they are spread over worker processes in chunks of articles, and the results
come back in the order of the inputs, so the report is the same as a serial run's. The
figures of an article read before with the same rules come from the cache (cache.py).
"""
from __future__ import annotations

import os
from typing import Callable, Iterable, Optional

from . import cache, extract, load
from .errors import CryptoDiffError
from .models import Figure
from .rules import Rules

CHUNK = 64  # articles per task sent to a worker
_worker_rules: Optional[Rules] = None


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def figures(paths: Iterable[str], rules: Rules, options: load.Options = load.Options(),
            warn: Optional[Callable[[str], None]] = None, jobs: int = 1,
            progress: Optional[Callable[[int, int], None]] = None) -> list[Figure]:
    """Every figure of every article under paths, furniture marked."""
    paths = list(paths)
    warn = warn or (lambda message: None)
    inputs = load.find(paths, options)
    extracted = []
    for item, warnings in _extract_all(inputs, rules, options, jobs, progress):
        for message in warnings:
            warn(message)
        if item is not None:
            extracted.append(item)
    if not extracted:
        raise CryptoDiffError("no article could be read (every input was skipped)",
                              ", ".join(paths))
    cache.Figures(rules.digest).prune()
    return extract.mark_furniture(extracted, rules.share_across)


def _extract_all(inputs: list, rules: Rules, options: load.Options, jobs: int, progress):
    """(Extracted or None, warnings) for each input, in order."""
    chunks = [inputs[i:i + CHUNK] for i in range(0, len(inputs), CHUNK)]
    parallel = jobs > 1 and len(chunks) > 1 and not any(path == "-" for _, path in inputs)
    done = 0
    if not parallel:
        for chunk_result in (_extract_chunk(chunk, options, rules) for chunk in chunks):
            done += len(chunk_result)
            if progress:
                progress(done, len(inputs))
            yield from chunk_result
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context,
                             initializer=_set_rules, initargs=(rules,)) as pool:
        for chunk_result in pool.map(_extract_in_worker, chunks, [options] * len(chunks)):
            done += len(chunk_result)
            if progress:
                progress(done, len(inputs))
            yield from chunk_result


def _set_rules(rules: Rules) -> None:
    """In a worker process: the rules, received once rather than with every chunk."""
    global _worker_rules
    _worker_rules = rules


def _extract_in_worker(chunk: list, options: load.Options) -> list:
    return _extract_chunk(chunk, options, _worker_rules)


def _extract_chunk(chunk: list, options: load.Options, rules: Rules) -> list:
    """(Extracted or None, warnings) of each input; an article read before with the
    same name, bytes and rules comes from the cache."""
    store = cache.Figures(rules.digest)
    out = []
    for source, path in chunk:
        warnings: list = []
        data = load.read_bytes(source, path, options, warnings.append)
        if data is None:
            out.append((None, warnings))
            continue
        key = None if path == "-" else store.key(
            source, os.path.splitext(path)[1].lower().encode() + b"\0" + data)
        found = store.get(key)
        if found is cache.MISSING:
            article = load.article(source, path, data, warnings.append)
            found = (extract.extract_article(article, rules) if article is not None else None,
                     tuple(warnings))
            store.put(key, found)
        out.append((found[0], list(found[1])))
    return out
