"""The pre-commit hook guards the baseline: the real pre-commit, installed in a scratch git
repository as its users install it, compares the whole article folder against the
baseline at every commit that changes an article. An agreeing article passes; a
contradicting article, an edited figure, one contradicting article among 2,000 fail; a
README is not an article.

The hook's environment is built once from this working tree and kept, with pre-commit's
store (PRE_COMMIT_HOME), in pytest's cache folder, so later runs reuse it. Slow (the
first run installs crypto-diff and its dependencies): run with `pytest -m slow`, as CI
does."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow

SAYS = "The national treasury now holds {} BTC in its strategic reserve, officials said.\n"
FIXED_TIME = "2026-01-01T00:00:00+00:00"
IDENTITY = {"GIT_AUTHOR_NAME": "tests", "GIT_AUTHOR_EMAIL": "tests@example.org",
            "GIT_COMMITTER_NAME": "tests", "GIT_COMMITTER_EMAIL": "tests@example.org",
            "GIT_AUTHOR_DATE": FIXED_TIME, "GIT_COMMITTER_DATE": FIXED_TIME}


def git(*args, cwd: Path, env=None, check=True):
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, **IDENTITY, **(env or {})}, check=check)


@pytest.fixture(scope="session")
def hook_source(request):
    """This working tree as a git repository at a fixed place, committed with a fixed
    author and time: the same files give the same commit, so pre-commit's store (kept
    beside it) reuses the hook's environment from run to run. Returns (repository,
    commit, PRE_COMMIT_HOME)."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    if subprocess.run([sys.executable, "-m", "pre_commit", "--version"],
                      capture_output=True).returncode != 0:
        pytest.skip("pre-commit is not installed (pip install '.[test]')")
    top = Path(request.config.cache.mkdir("crypto-diff-pre-commit"))
    source, home = top / "source", top / "home"
    shutil.rmtree(source, ignore_errors=True)
    listed = git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT,
                 check=False)
    if listed.returncode == 0:
        for name in filter(None, listed.stdout.split("\0")):
            if (ROOT / name).is_file() or (ROOT / name).is_symlink():
                (source / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(ROOT / name, source / name, follow_symlinks=False)
    else:  # not a git checkout: the tree without what builds and runs leave
        shutil.copytree(ROOT, source, symlinks=True, ignore=shutil.ignore_patterns(
            ".git", "__pycache__", ".pytest_cache", ".hypothesis", "*.egg-info", "build", "dist"))
    git("init", "-q", "-b", "main", cwd=source)
    git("add", "-A", cwd=source)
    git("commit", "-q", "--no-verify", "-m", "the working tree", cwd=source)
    commit = git("rev-parse", "HEAD", cwd=source).stdout.strip()
    mark = top / "commit"
    if not mark.exists() or mark.read_text() != commit:
        shutil.rmtree(home, ignore_errors=True)  # environments of other code: not needed again
        mark.write_text(commit)
    return source, commit, home


@pytest.fixture
def project(tmp_path, hook_source):
    """A scratch repository of articles with a baseline that accepts their one
    contradiction, and the hook installed; returns a function that commits what is
    staged and returns (exit status, output)."""
    source, commit, home = hook_source
    repo = tmp_path / "project"
    folder = repo / "articles"
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text(SAYS.format("6,238"))
    (folder / "b.txt").write_text(SAYS.format("over 6,240"))
    (repo / "README.md").write_text("# Articles\n\nAbout the reserve.\n")
    env = {"PRE_COMMIT_HOME": str(home), "XDG_CACHE_HOME": str(tmp_path / "cache"),
           "PYTHONPATH": ""}
    done = subprocess.run([sys.executable, "-m", "crypto_diff", "baseline", "articles"],
                          cwd=repo, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **env})
    assert done.returncode == 0, done.stderr
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {source}\n    rev: {commit}\n    hooks:\n      - id: crypto-diff\n")
    git("init", "-q", "-b", "main", cwd=repo)
    git("add", "-A", cwd=repo)
    git("commit", "-q", "--no-verify", "-m", "articles and their baseline", cwd=repo)
    installed = subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=repo,
                               capture_output=True, text=True, env={**os.environ, **env})
    assert installed.returncode == 0, installed.stdout + installed.stderr

    def commit_staged(message: str):
        git("add", "-A", cwd=repo)
        done = git("commit", "-q", "-m", message, cwd=repo, env=env, check=False)
        return done.returncode, done.stdout + done.stderr
    return repo, commit_staged


def agreeing_article(repo: Path):
    (repo / "articles" / "c.txt").write_text(SAYS.format("6,238"))
    return 0


def contradicting_article(repo: Path):
    (repo / "articles" / "c.txt").write_text(SAYS.format("6,239"))
    return 1


def edited_figure(repo: Path):
    (repo / "articles" / "a.txt").write_text(SAYS.format("6,239"))
    return 1


def readme_is_no_article(repo: Path):
    (repo / "README.md").write_text("# Articles\n\n" + SAYS.format("6,239"))
    (repo / "articles" / "c.txt").write_text(SAYS.format("6,238"))
    return 0


def many(contradicting: bool):
    """2,000 new articles on another fact, all agreeing; or one of them instead telling
    the reserve at a value no article staged with it contradicts (only a.txt, already
    committed, does)."""
    def change(repo: Path):
        for i in range(2_000):
            text = "The city museum employs 350 people in all, its director said.\n"
            if contradicting and i == 1_234:
                text = SAYS.format("6,239")
            (repo / "articles" / f"n{i:04d}.txt").write_text(text)
        return 1 if contradicting else 0
    return change


# (id, change to the working tree -> the commit's expected exit status)
CASES = [
    ("an agreeing article passes", agreeing_article),
    ("a contradicting article fails", contradicting_article),
    ("an edited figure fails", edited_figure),
    ("a README with figures is no article", readme_is_no_article),
    ("2,000 agreeing articles pass", many(False)),
    ("2,000 articles, one contradicting, fail", many(True)),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_the_hook_compares_the_whole_folder(project, case):
    repo, commit_staged = project
    _, change = case
    expected = change(repo)
    status, output = commit_staged("a change")
    assert status == expected, output
    assert "crypto-diff" in output
    if expected:
        assert "Failed" in output and "new" in output


def test_try_repo_runs_the_hook_with_its_default_folder(project, hook_source):
    """`pre-commit try-repo`, as a maintainer tries the hook, on the same scratch
    repository (try-repo keeps its environments in a store of its own, made afresh each
    time, whatever PRE_COMMIT_HOME says: this one test pays for an install)."""
    repo, _ = project
    source, commit, home = hook_source
    (repo / "articles" / "c.txt").write_text(SAYS.format("6,239"))
    git("add", "-A", cwd=repo)
    done = subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(source), "crypto-diff",
                           "--ref", commit], cwd=repo, capture_output=True, text=True,
                          env={**os.environ, "PRE_COMMIT_HOME": str(home), "PYTHONPATH": ""})
    assert done.returncode == 1, done.stdout + done.stderr
    assert "crypto-diff" in done.stdout and "Failed" in done.stdout and "articles/c.txt" in done.stdout
