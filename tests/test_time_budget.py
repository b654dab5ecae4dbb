"""The rules' `timeout` is a bound: one time budget per article (`timeout` seconds for
every 5,000 characters, and at least `timeout`), shared by every pattern of the rules
that runs on it: extractors, their leads, the anchors, furniture lines, the dateline;
declared facts' contexts share one over the run. A pattern that runs it out is named
with its line in the rules file; when no pattern is slow alone (a long line of numbers
read by the shipped rules), none is blamed."""
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import regex

from conftest import MINIMAL_RULES, ROOT

SLOW = "(a|aa)+$"  # backtracks catastrophically on a run of a's that does not end the text
EXTRACTOR = "\n".join(MINIMAL_RULES.splitlines()[:-1])  # the minimal rules, up to its pattern


def rules_with(**sections) -> str:
    text = MINIMAL_RULES
    for key, value in sections.items():
        text += f"{key}: {value}\n"
    return text


def run_timed(root: Path, *args, timeout=60):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "crypto_diff", *map(str, args)], cwd=root,
                          capture_output=True, text=True, timeout=timeout, env=env)
    return done, time.monotonic() - start


def slow_run(length: int) -> str:
    return "a" * length + "!"


def _calibrated() -> int:
    """A run of a's on which the slow pattern takes between 0.05 and 0.5 s once."""
    pattern = regex.compile(SLOW)
    for length in range(18, 40):
        start = time.perf_counter()
        pattern.search(slow_run(length))
        spent = time.perf_counter() - start
        if spent >= 0.05:
            assert spent < 0.5
            return length
    raise AssertionError("the slow pattern is never slow here")


def just_under_the_limit(root: Path):
    """A pattern under the per-call limit on each of 200 short lines ran for minutes."""
    length = _calibrated()
    (root / "r.yaml").write_text(EXTRACTOR + f"\n    pattern: '(?P<num>{SLOW})'\ntimeout: 1\n")
    (root / "a.txt").write_text((slow_run(length) + "\n") * 200)
    return (["compare", "a.txt", "--rules", "r.yaml"],
            "r.yaml:5: extractor 'usd' ran past the ")


def furniture_line(root: Path):
    (root / "r.yaml").write_text(rules_with(furniture=f"{{lines: ['©', '{SLOW}']}}"))
    (root / "a.txt").write_text("The fund paid $5.\n" + slow_run(60) + "\n")
    return ["compare", "a.txt", "--rules", "r.yaml"], "r.yaml:8:26: furniture line 2 ran past the 1 s time budget of a.txt (line 2)"


def dateline(root: Path):
    (root / "r.yaml").write_text(rules_with(furniture=f"{{dateline: '{SLOW}'}}"))
    (root / "a.txt").write_text("The fund paid $5.\n" + slow_run(60) + "\n")
    return ["compare", "a.txt", "--rules", "r.yaml"], "r.yaml:8:23: the dateline ran past the 1 s time budget of a.txt (line 2)"


def fact_context(root: Path):
    (root / "r.yaml").write_text(rules_with(facts=f"[{{id: paid, kind: usd, context: '{SLOW}'}}]"))
    (root / "a.txt").write_text(slow_run(60) + " The fund paid $5 " + slow_run(60) + "\n")
    return (["compare", "a.txt", "--rules", "r.yaml"],
            "r.yaml:8:40: the context of fact 'paid' ran past the 1 s time budget of the "
            "sentences it searched")


def lead(root: Path):
    (root / "r.yaml").write_text(MINIMAL_RULES + "    lead: '(a|aa)+'\n")
    (root / "a.txt").write_text("The fund paid " + "a" * 58 + "!$5 for it.\n")
    return ["compare", "a.txt", "--rules", "r.yaml"], "r.yaml:5: the lead of extractor 'usd' ran past the "


def anchor(root: Path):
    (root / "r.yaml").write_text(rules_with(anchor=f"'\\$|{SLOW}'"))
    (root / "a.txt").write_text("The fund paid $5.\n" + slow_run(60) + "\n")
    return ["compare", "a.txt", "--rules", "r.yaml"], "r.yaml:8:9: the anchor ran past the "


# (id, setup: folder -> (arguments, the start of the one error line))
CASES = [
    ("a pattern just under the limit, 200 short lines", just_under_the_limit),
    ("furniture.lines", furniture_line),
    ("furniture.dateline", dateline),
    ("facts[].context", fact_context),
    ("an extractor's lead", lead),
    ("the anchor", anchor),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_every_pattern_is_bounded_and_named(tmp_path, case):
    _, setup = case
    args, message = setup(tmp_path)
    done, spent = run_timed(tmp_path, *args, timeout=120)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"crypto-diff: error: {message}"), lines
    assert "may backtrack catastrophically" in lines[0]
    assert spent < 15


def _numbers(size: int) -> str:
    parts, total, i = [], 0, 0
    while total < size:
        part = [f"{i % 997},{i % 1000:03d}", f"${i % 97}.{i % 10} million", f"{i % 89}.{i % 100} BTC",
                f"{i % 99}%", f"March {i % 28 + 1}, 20{10 + i % 20}", f"{i % 999} MW"][i % 6]
        parts.append(part)
        total += len(part) + 2
        i += 1
    return ", ".join(parts)


def test_a_long_line_of_numbers_blames_no_shipped_extractor(run, tmp_path):
    shipped = (ROOT / "crypto_diff" / "rules.yaml").read_text()
    rules = tmp_path / "r.yaml"
    rules.write_text(shipped + "timeout: 0.02\n")  # a budget the shipped rules cannot keep
    (tmp_path / "a.txt").write_text(_numbers(20_000) + "\n")
    result = run("compare", tmp_path / "a.txt", "--rules", rules)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"crypto-diff: error: {rules}: the rules' patterns ran past the "
                                    f"0.08 s time budget of {tmp_path / 'a.txt'}")
    assert "extractor" not in result.stderr and "none of them slow alone" in result.stderr


def test_a_long_line_of_numbers_keeps_the_default_budget(run, tmp_path):
    (tmp_path / "a.txt").write_text(_numbers(30_000) + "\n")
    result = run("extract", tmp_path / "a.txt", "--format", "json")
    assert result.exit_code == 0 and result.stderr == ""
    assert len(result.json()["figures"]) > 2_000
