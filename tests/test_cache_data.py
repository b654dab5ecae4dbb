"""The cache holds data, never code, and an entry is used only for the key it was made
for. Whoever can write the cache folder (a shared XDG_CACHE_HOME, a poisoned CI cache
restore) can make a run read afresh, never run code or change a report; an entry of
the wrong shape, for another key or of another format version is a miss. Keys do not
depend on installed files' times or places, so two installs of one version share a
cache."""
import json
import os
import pickle
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from crypto_diff import cache
from crypto_diff.models import Figure, Frame

from conftest import MINIMAL_RULES, ROOT


def entries(top: Path) -> list:
    return sorted(p for p in top.rglob("*") if p.is_file() and p.name != "pruned")


def compare(cache_home: Path, folder: Path, *more) -> tuple:
    """compare in a process of its own (nothing kept in memory between runs), with rules
    that are quick to compile."""
    rules = cache_home.parent / "rules.yaml"
    rules.write_text(MINIMAL_RULES)
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "crypto_diff", "compare", str(folder),
                           "--format", "json", "--jobs", "1", "--rules", str(rules), *more],
                          capture_output=True, text=True, env=env, timeout=120)
    return done.returncode, done.stdout, done.stderr


class Plant:
    """A pickle that runs code when it is loaded."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return exec, (f"open({str(self.marker)!r}, 'w').write('ran')",)


def _is_json(path: Path) -> bool:
    try:
        json.loads(path.read_bytes())
        return True
    except ValueError:
        return False


def planted_code(path: Path, tmp: Path, all_entries: list):
    path.write_bytes(pickle.dumps(Plant(tmp / "ran")))


def wrong_type(path: Path, tmp: Path, all_entries: list):
    if _is_json(path):  # the right header and key, and a value of another shape
        doc = json.loads(path.read_bytes())
        doc["value"] = 42
        path.write_text(json.dumps(doc))
    else:
        path.write_bytes(pickle.dumps(42))


def other_version(path: Path, tmp: Path, all_entries: list):
    if _is_json(path):
        doc = json.loads(path.read_bytes())
        doc["version"] = doc.get("version", 0) + 1
        path.write_text(json.dumps(doc))
    else:
        path.write_bytes(pickle.dumps(None))


def swapped(path: Path, tmp: Path, all_entries: list):
    """Each entry holds the bytes of another entry of its folder (another key)."""
    same_kind = [p for p in all_entries if p.parent.parent == path.parent.parent and p != path]
    if same_kind:
        path.write_bytes(same_kind[0].with_suffix(".orig").read_bytes()
                         if same_kind[0].with_suffix(".orig").exists() else same_kind[0].read_bytes())


def truncated(path: Path, tmp: Path, all_entries: list):
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])


# (id, damage done to every entry)
CASES = [
    ("a planted pickle runs nothing", planted_code),
    ("an entry of the wrong type", wrong_type),
    ("an entry of another format version", other_version),
    ("entries swapped between keys", swapped),
    ("a torn entry", truncated),
]


@pytest.fixture
def many(tmp_path):
    """Two hundred articles (several cached groups), two of them contradicting each other."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(200):
        (folder / f"{i:03d}.txt").write_text(f"Fund {i} of Acme{i} raised ${400 + 7 * i} in its sale.\n")
    (folder / "x1.txt").write_text("The treasury paid $6238 for the land, its filing says.\n")
    (folder / "x2.txt").write_text("The treasury paid $6240 for the land, its filing says.\n")
    return folder


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_a_damaged_cache_costs_only_time(tmp_path, many, case):
    _, damage = case
    home = tmp_path / "cache"
    first = compare(home, many)
    assert first[0] == 1 and first[2] == "", first[2]
    found = entries(home)
    assert len([p for p in found if "figures" in p.parts]) >= 2
    for path in found:
        shutil.copyfile(path, path.with_suffix(".orig"))
    for path in found:
        damage(path, tmp_path, found)
    for path in found:
        path.with_suffix(".orig").unlink()
    again = compare(home, many)
    assert not (tmp_path / "ran").exists()
    assert again == first


def test_entries_are_data_with_their_key_and_version(tmp_path, many):
    home = tmp_path / "cache"
    compare(home, many)
    found = entries(home)
    assert found and {p.suffix for p in found} == {".json"}
    for path in found:
        doc = json.loads(path.read_bytes())
        assert doc["format"] == cache.FORMAT and doc["version"] == cache.VERSION
        assert isinstance(doc["key"], str) and doc["key"]


def test_no_compiled_pattern_is_stored(tmp_path, many):
    home = tmp_path / "cache"
    compare(home, many)
    for path in entries(home):
        assert b"_regex" not in path.read_bytes() and not path.name.startswith("pattern")


def _stamp(package_parent: Path) -> str:
    env = {**os.environ, "PYTHONPATH": str(package_parent)}
    return subprocess.run([sys.executable, "-c", "from crypto_diff import cache; print(cache.code_stamp())"],
                          capture_output=True, text=True, env=env, check=True, cwd=package_parent).stdout


def test_two_installs_of_one_version_share_keys_and_an_edit_changes_them(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    for place in (one, two):
        shutil.copytree(ROOT / "crypto_diff", place / "crypto_diff",
                        ignore=shutil.ignore_patterns("__pycache__"))
    for path in (two / "crypto_diff").rglob("*.py"):
        os.utime(path, (1_000_000_000, 1_000_000_000))  # installed at another time
    assert _stamp(one) == _stamp(two)
    edited = two / "crypto_diff" / "compare.py"
    edited.write_text(edited.read_text() + "\n# an edit\n")
    assert _stamp(one) != _stamp(two)


def test_figures_with_frames_come_back_equal(tmp_path):
    frame = Frame(role="headline", names=(("salvador", "El Salvador", 2, False),),
                  measures=(("holdings", 1.0),), words=(("reserve", 0.5),),
                  times=frozenset({"2025"}), qualifiers=frozenset({"net"}),
                  neighbours=(("usd", "USD", 7.8, True),))
    figure = Figure("btc", "BTC", "6,238 BTC", "a.txt", 3, 9, 6238.0, 6238.0, precision=0.5,
                    extractor="btc", sentence="It holds 6,238 BTC.", offset=9,
                    sentence_id=(0, 0), frame=frame)
    store = cache.Figures("rules", tmp_path)
    key = store.key("a.txt", "a.txt", b"x")
    value = [(figure, ["a warning"]), (replace(figure, frame=None, low=None, high="2025-07"), [])]
    store.put(key, value)
    assert store.get(key) == value
    other = store.key("b.txt", "b.txt", b"x")
    store._path(other).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(store._path(key), store._path(other))  # another key's entry
    assert store.get(other) is cache.MISSING
