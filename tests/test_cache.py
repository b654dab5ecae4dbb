"""Figures of articles read before come from the cache, and only while nothing that made
them has changed: the article's bytes or name, the rules, crypto-diff's code."""
import hashlib
import json
import os
import shutil
import time

import pytest

from crypto_diff import articles, cache, extract, group, pipeline

from conftest import MINIMAL_RULES, SEEDS, facts_cache, figures_cache


@pytest.fixture
def seeds_copy(tmp_path):
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder


@pytest.fixture
def counted(monkeypatch):
    """How many articles were extracted (rather than found in the cache)."""
    calls = []
    real = extract.extract_article

    def counting(article, rules):
        calls.append(article.source)
        return real(article, rules)
    monkeypatch.setattr(extract, "extract_article", counting)
    return calls


def report(run, *args):
    result = run("compare", *args, "--format", "json", "--jobs", "1")
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout), result.stderr


def test_a_second_run_reads_no_article_again_and_reports_the_same(run, seeds_copy, counted):
    first = report(run, seeds_copy)
    assert len(counted) == 4
    second = report(run, seeds_copy)
    assert len(counted) == 4 and second == first


def test_a_changed_article_is_read_again_and_its_new_figure_reported(run, seeds_copy, counted):
    report(run, seeds_copy)
    article = sorted(seeds_copy.glob("*.txt"))[0]
    article.write_text(article.read_text() + "\nThe fund also holds 123,457 BTC.\n")
    after, _ = report(run, seeds_copy)
    assert str(article) in counted[4:]
    assert "123,457 BTC" in json.dumps(after)


@pytest.fixture
def many(tree):
    return tree({f"{i:03d}.txt": f"Fund {i} holds {400 + i} BTC." for i in range(300)})


def test_an_edited_article_reads_afresh_only_its_group(run, many, counted):
    first, _ = report(run, many)
    assert len(counted) == 300
    (many / "150.txt").write_text("Fund 150 holds 9,999 BTC.")
    after, _ = report(run, many)
    again = counted[300:]
    assert str(many / "150.txt") in again
    assert len(again) < 300 and after != first and "9,999 BTC" in json.dumps(after)


def test_an_added_article_reads_afresh_only_its_group(run, many, counted):
    report(run, many)
    (many / "150a.txt").write_text("Fund 150a holds 77 BTC.")
    report(run, many)
    again = counted[300:]
    assert str(many / "150a.txt") in again and len(again) < 300
    assert report(run, many) and len(counted) == 300 + len(again)


def test_groups_end_at_the_same_articles_wherever_they_stand():
    keys = [hashlib.sha256(str(i).encode()).hexdigest()[:40] for i in range(400)]
    groups = [g for _, g in cache.Figures.groups(keys)]
    new = "f" * 40  # a key that ends no group
    shifted = [g for _, g in cache.Figures.groups([new] + keys)]
    assert groups[1:] == shifted[1:] and shifted[0][1:] == groups[0]
    assert sum(map(len, groups)) == 400 and 6 <= len(groups) <= 30  # about 400 / 32


def test_other_rules_read_every_article_again(run, seeds_copy, counted, tmp_path):
    report(run, seeds_copy)
    rules = tmp_path / "rules.yaml"
    rules.write_text(MINIMAL_RULES)
    found, _ = report(run, seeds_copy, "--rules", rules)
    assert len(counted) == 8
    assert {fact["kind"] for fact in found["facts"]} == {"usd"}


def test_the_same_bytes_under_another_name_are_that_name_s_figures(run, tree, counted):
    folder = tree({"a.txt": "The fund holds 400 BTC.", "b.txt": "The fund holds 400 BTC."})
    found, _ = report(run, folder)
    assert len(counted) == 2
    sources = {f["source"] for fact in found["facts"] for f in fact["statements"]}
    assert sources == {str(folder / "a.txt"), str(folder / "b.txt")}


def test_warnings_of_an_article_are_given_again_from_the_cache(run, tree):
    folder = tree({"a.html": "<html><head><title>x</title></head><body><script>var a=1;</script></body></html>",
                   "b.txt": "The fund holds 400 BTC."})
    first = report(run, folder)[1]
    assert "a.html: skipped: no article text found" in first
    assert report(run, folder)[1] == first


def test_no_cache_when_turned_off(run, seeds_copy, counted, monkeypatch):
    monkeypatch.setenv("CRYPTO_DIFF_NO_CACHE", "1")
    first = report(run, seeds_copy)
    second = report(run, seeds_copy)
    assert len(counted) == 8 and first == second
    assert not figures_cache().exists() and not facts_cache().exists()


def test_unusable_entries_are_read_again(run, seeds_copy, counted):
    first = report(run, seeds_copy)
    entries = list(figures_cache().glob("*/*.pickle"))
    assert entries
    for entry in entries:
        entry.write_bytes(b"not a pickle")
    assert report(run, seeds_copy) == first and len(counted) == 8


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_a_cache_folder_that_cannot_be_written_costs_nothing_but_time(run, seeds_copy, counted):
    top = figures_cache()
    top.mkdir(parents=True)
    top.chmod(0o500)
    try:
        first = report(run, seeds_copy)
        assert report(run, seeds_copy) == first and len(counted) == 8
    finally:
        top.chmod(0o700)


def test_a_cache_that_is_a_file_costs_nothing_but_time(run, seeds_copy, counted):
    top = figures_cache()
    top.parent.mkdir(parents=True, exist_ok=True)
    top.write_text("in the way")
    try:
        first = report(run, seeds_copy)
        assert report(run, seeds_copy) == first and len(counted) == 8
    finally:
        top.unlink()


def test_entries_unused_for_a_month_are_removed_once_a_day(tmp_path):
    store = cache.Figures("rules", tmp_path)
    old, recent = store.key("old", "old.txt", b"x"), store.key("recent", "recent.txt", b"y")
    store.put(old, "old figures")
    store.put(recent, "recent figures")
    now = time.time()
    month_ago = now - 31 * cache.DAY
    os.utime(store._path(old), (month_ago, month_ago))
    assert store.prune(now) == 1
    assert store.get(old) is cache.MISSING and store.get(recent) == "recent figures"
    store.put(old, "old figures")
    os.utime(store._path(old), (month_ago, month_ago))
    assert store.prune(now + 3600) == 0  # pruned less than a day ago
    assert store.prune(now + cache.DAY + 1) == 1


def test_an_entry_used_again_is_kept(tmp_path):
    store = cache.Figures("rules", tmp_path)
    key = store.key("a", "a.txt", b"x")
    store.put(key, "figures")
    month_ago = time.time() - 31 * cache.DAY
    os.utime(store._path(key), (month_ago, month_ago))
    assert store.get(key) == "figures"
    assert store.prune() == 0 and store.get(key) == "figures"


def test_a_change_to_crypto_diff_s_code_changes_every_key(tmp_path):
    source = sorted((cache.Path(cache.__file__).parent).glob("*.py"))[0]
    before = cache.code_stamp.__wrapped__()
    stat = source.stat()
    try:
        os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
        assert cache.code_stamp.__wrapped__() != before
    finally:
        os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert cache.code_stamp.__wrapped__() == before


@pytest.fixture
def grouped(monkeypatch):
    """How many times figures were grouped into facts (rather than found in the cache)."""
    calls = []
    real = group.group

    def counting(figures, stories, rules, jobs=1):
        calls.append(len(figures))
        return real(figures, stories, rules, jobs)
    monkeypatch.setattr(group, "group", counting)
    return calls


def test_the_same_inputs_again_are_not_grouped_again(run, seeds_copy, grouped):
    first = report(run, seeds_copy)
    second = report(run, seeds_copy)
    assert len(grouped) == 1 and second == first


def test_a_changed_article_is_grouped_again(run, seeds_copy, grouped):
    first, _ = report(run, seeds_copy)
    article = sorted(seeds_copy.glob("*.txt"))[0]
    article.write_text(article.read_text() + "\nThe fund also holds 123,457 BTC.\n")
    after, _ = report(run, seeds_copy)
    assert len(grouped) == 2 and after != first and "123,457 BTC" in json.dumps(after)


def test_a_run_with_a_skipped_input_is_grouped_each_time_and_warns_each_time(run, tree, grouped):
    folder = tree({"a.txt": "The fund holds 400 BTC.", "empty.txt": ""})
    first = report(run, folder)
    assert "empty.txt: skipped: empty" in first[1]
    assert report(run, folder) == first and len(grouped) == 2


def test_only_the_facts_of_the_last_runs_are_kept(run, tree, grouped, tmp_path):
    folders = [tree({"a.txt": f"The fund holds {400 + i} BTC."}, tmp_path / f"run{i}")
               for i in range(cache.KEEP_FACTS + 2)]
    for folder in folders:
        report(run, folder)
    assert len(list(facts_cache().glob("*/*.pickle"))) == cache.KEEP_FACTS
    report(run, folders[-1])
    assert len(grouped) == len(folders)  # the last run's facts were kept


def test_an_article_changed_after_its_key_was_made_is_not_cached(tree, rules):
    path = str(tree({"a.txt": "The fund holds 400 BTC."}) / "a.txt")
    store = cache.Figures(rules.digest)
    stale = store.key(path, path, b"The fund holds 300 BTC.")
    fresh = store.key(path, path, b"The fund holds 400 BTC.")
    for key in (stale, fresh):
        pipeline._extract_task(([(path, path)], [key]), articles.Options(), rules)
    assert store.get(store.group_key([stale])) is cache.MISSING
    assert store.get(store.group_key([fresh]))[0][0].figures[0].text == "400 BTC"
