import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crypto_diff import rules_loader
from crypto_diff.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
STORIES = Path(__file__).resolve().parent / "stories"
GOLD = Path(__file__).resolve().parent / "gold"
# the smallest valid rules file: one USD extractor
MINIMAL_RULES = """version: 1
kinds:
  usd: {unit: USD}
extractors:
  - id: usd
    kind: usd
    pattern: '\\$(?P<num>\\d+)'
"""


@pytest.fixture(scope="session", autouse=True)
def _own_cache(tmp_path_factory):
    """Compiled rules are cached in a folder of the test run's own, not the user's."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="session")
def rules():
    return rules_loader.load_rules(rules_loader.SHIPPED)


class Result:
    def __init__(self, exit_code, stdout, stderr):
        self.exit_code, self.stdout, self.stderr = exit_code, stdout, stderr

    def json(self):
        return json.loads(self.stdout)


@pytest.fixture
def run():
    """Run the command line in-process; returns exit code, stdout and stderr apart."""
    def invoke(*args, input=None):
        with CliRunner().isolation(input=input) as (out, err, _):
            code = main([str(a) for a in args])
            sys.stdout.flush()
            sys.stderr.flush()
            return Result(code, out.getvalue().decode(), err.getvalue().decode())
    return invoke


@pytest.fixture
def tree(tmp_path):
    """Build a folder of files from a dict {relative path: text}."""
    def build(files: dict, root: Path = tmp_path / "articles"):
        for name, text in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(text, encoding="utf-8")
        return root
    return build


def figures_cache() -> Path:
    return Path(os.environ["XDG_CACHE_HOME"]) / "crypto-diff" / "figures"


def facts_cache() -> Path:
    return Path(os.environ["XDG_CACHE_HOME"]) / "crypto-diff" / "facts"


def forget_figures() -> None:
    """Articles read from now on are read (and grouped) afresh; the compiled rules stay
    cached."""
    shutil.rmtree(figures_cache(), ignore_errors=True)
    shutil.rmtree(facts_cache(), ignore_errors=True)


@pytest.fixture(autouse=True)
def _no_figures_from_other_tests():
    yield
    forget_figures()


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch, tmp_path):
    # no rules.yaml of the working directory, no colour, a wide terminal
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "160")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
