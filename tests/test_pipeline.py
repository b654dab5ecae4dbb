"""Reading and extraction spread over processes give the serial run's results."""
import json

from crypto_diff import group, pipeline

from conftest import SEEDS, forget_figures


def test_jobs_give_the_same_figures_as_a_serial_run(rules, tree):
    texts = [p.read_text() for p in sorted(SEEDS.glob("*.txt"))]
    folder = tree({f"{i:03d}.txt": texts[i % 4].replace("6,238", f"6,{200 + i}")
                   for i in range(150)})
    serial = pipeline.figures([str(folder)], rules, jobs=1)
    forget_figures()  # the workers read every article themselves
    parallel = pipeline.figures([str(folder)], rules, jobs=2)
    assert serial == parallel and len(serial) > 1000


def test_jobs_give_the_same_report(run, tree):
    texts = [p.read_text() for p in sorted(SEEDS.glob("*.txt"))]
    folder = tree({f"{i:03d}.txt": texts[i % 4] for i in range(130)})
    one = run("compare", folder, "--format", "json", "--jobs", "1")
    forget_figures()
    two = run("compare", folder, "--format", "json", "--jobs", "2")
    assert one.exit_code == two.exit_code and json.loads(one.stdout) == json.loads(two.stdout)


def test_progress_reports_every_article(rules, tree):
    folder = tree({f"{i:03d}.txt": "It holds 400 BTC." for i in range(100)})
    seen = []
    pipeline.figures([str(folder)], rules, jobs=1, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (100, 100) and seen == sorted(seen)


def test_no_progress_bar_when_not_a_terminal(run, tree):
    folder = tree({f"{i:03d}.txt": "It holds 400 BTC." for i in range(250)})
    result = run("compare", folder, "--format", "json")
    assert result.stderr == ""


def test_grouping_in_workers_gives_the_same_facts(rules, tree, monkeypatch):
    texts = [p.read_text() for p in sorted(SEEDS.glob("*.txt"))]
    folder = tree({f"{i:03d}.txt": texts[i % 4].replace("6,238", f"6,{200 + i}")
                   for i in range(80)})
    figures = pipeline.figures([str(folder)], rules, jobs=1)
    monkeypatch.setattr(group, "PARALLEL_FROM", 10)
    assert group.group(figures, [], rules, jobs=2) == group.group(figures, [], rules, jobs=1)


def test_the_report_is_the_same_whatever_the_interpreters_hash_seed(tmp_path):
    """Grouping never depends on the order in which Python happens to walk a set."""
    import os
    import subprocess
    import sys
    from conftest import ROOT, STORIES
    outputs = []
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed, CRYPTO_DIFF_NO_CACHE="1", PYTHONPATH=str(ROOT))
        done = subprocess.run([sys.executable, "-m", "crypto_diff", "compare", str(STORIES / "ronin"),
                               str(STORIES / "bybit"), "--format", "json"],
                              capture_output=True, text=True, env=env, cwd=tmp_path)
        assert done.returncode in (0, 1), done.stderr
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
