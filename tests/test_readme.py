"""Every example output in README.md is what the current code prints, and CI runs the
README's set-up command as written.

An example is the fenced block right after a comment that says how it was made:
- `<!-- output of: crypto-diff ARGS -->`: the block is the whole output (run from the
  project folder, 100 columns, no colour);
- `<!-- file written by: crypto-diff baseline ARGS -->`: the block is the baseline file
  that command writes;
- `<!-- excerpt of: crypto-diff ARGS -->` (JSON): every key the block shows is in the
  output with that value, every list item the block shows matches one of the output's,
  and "…" stands for any value.
UPDATE_README=1 rewrites the outputs and files in place (benchmark figures are prose, not
examples, and are left alone)."""
import json
import os
import re
import shlex
from pathlib import Path

import pytest

from conftest import ROOT

README = ROOT / "README.md"
EXAMPLE = re.compile(r"<!-- (output of|file written by|excerpt of): (crypto-diff [^>]*?) -->\n"
                     r"(```[a-z]*\n)(.*?)(^```)", re.S | re.M)
ANY = "…"


def examples():
    return list(EXAMPLE.finditer(README.read_text(encoding="utf-8")))


def produce(run, how: str, command: str, tmp_path: Path) -> str:
    args = shlex.split(command)[1:]
    if how == "file written by":
        target = tmp_path / "written.yaml"
        result = run(*args, "--baseline", target)
        assert result.exit_code == 0, result.stderr
        return target.read_text(encoding="utf-8")
    result = run(*args)
    assert result.exit_code in (0, 1), result.stderr
    return result.stdout


def contains(shown, actual) -> bool:
    if shown == ANY:
        return True
    if isinstance(shown, dict):
        return isinstance(actual, dict) and all(k in actual and contains(v, actual[k])
                                                for k, v in shown.items())
    if isinstance(shown, list):
        return isinstance(actual, list) and all(any(contains(item, other) for other in actual)
                                                for item in shown)
    return shown == actual


@pytest.fixture
def from_root(monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("COLUMNS", "100")


def test_the_readme_has_examples():
    kinds = [m.group(1) for m in examples()]
    assert kinds.count("output of") >= 3 and "file written by" in kinds and "excerpt of" in kinds


@pytest.mark.parametrize("index", range(len(examples())))
def test_each_readme_example_is_what_the_code_prints(run, from_root, tmp_path, index):
    match = examples()[index]
    how, command, shown = match.group(1), match.group(2), match.group(4)
    actual = produce(run, how, command, tmp_path)
    if how == "excerpt of":
        assert contains(json.loads(shown), json.loads(actual)), f"README excerpt of `{command}` differs"
        return
    if os.environ.get("UPDATE_README") and actual != shown:
        text = README.read_text(encoding="utf-8")
        README.write_text(text[:match.start(4)] + actual + text[match.end(4):], encoding="utf-8")
        shown = actual
    assert actual == shown, f"README example of `{command}` differs; UPDATE_README=1 rewrites it"


def set_up_commands() -> list:
    text = README.read_text(encoding="utf-8")
    block = re.search(r"^## Set up\n.*?```sh\n(.*?)```", text, re.S | re.M).group(1)
    return [line for line in block.splitlines() if line.strip()]


def test_set_up_makes_a_virtual_environment_and_ci_runs_the_second_command_as_written():
    tool, tests = set_up_commands()
    for line in (tool, tests):
        assert line.startswith("python3 -m venv --upgrade-deps .venv && .venv/bin/python -m pip install ")
    assert tests.endswith("-m pytest -q")
    ci = (ROOT / ".ci" / "run").read_text()
    assert tests in ci.splitlines()
