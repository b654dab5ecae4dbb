"""Speed, scale and memory of crypto-diff, measured in one run (medians, ratios).

usage: python benchmarks/scale.py [--articles 10000] [--big 30000] [--repeat 3]

Builds the corpus deterministically from the seeds (benchmarks/corpus.py), then prints:
- the bare scan: reading every file and running the rules' own scanner at each anchor
  (the same patterns, no normalizing, grouping or report), and end-to-end
  `crypto-diff compare` with --jobs 1 and --jobs 2; their ratios and articles/s
- peak memory (RSS) of `compare --jobs 1` at 1,000 and at the full corpus
- grouping time at 1k, the full corpus and --big articles (near-linear or not)
- start-up: `crypto-diff --help` and `compare seeds/` next to a minimal Typer app's --help
  and a minimal Typer app printing one Rich table
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402

MINIMAL_HELP = """
import typer
app = typer.Typer()
@app.command()
def main(name: str = "x"):
    "A minimal command."
app()
"""
MINIMAL_TABLE = """
import typer
from rich.console import Console
from rich.table import Table
app = typer.Typer()
@app.command()
def main(name: str = "x"):
    table = Table("fact", "verdict")
    table.add_row("a", "agree")
    Console().print(table)
app()
"""
RSS = """
import resource, sys
from crypto_diff.cli import main
code = main(sys.argv[1:])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def median_time(command, repeat, **kwargs) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bare_scan(folder: Path) -> float:
    from crypto_diff import load, rules
    from crypto_diff.extract import blocks
    loaded = rules.load(rules.SHIPPED)
    start = time.perf_counter()
    count = 0
    for source, path in load.find([str(folder)]):
        article = load.read(source, path)
        for block in blocks(article.lines):
            for anchor in loaded.anchor.finditer(block.text):
                if loaded.scanner.match(block.text, anchor.start()):
                    count += 1
    return time.perf_counter() - start


def compare_time(folder: Path, jobs: int, repeat: int, out: Path) -> float:
    return median_time([sys.executable, "-m", "crypto_diff", "compare", str(folder), "--format",
                        "json", "--output", str(out), "--jobs", str(jobs)], repeat, cwd=ROOT)


def peak_rss_mb(folder: Path, out: Path) -> float:
    done = subprocess.run([sys.executable, "-c", RSS, "compare", str(folder), "--format", "json",
                           "--output", str(out), "--jobs", "1"], capture_output=True, text=True,
                          cwd=ROOT)
    return int(done.stderr.strip().splitlines()[-1]) / 1024


def grouping_time(folder: Path) -> tuple[int, float]:
    from crypto_diff import group, pipeline, rules
    loaded = rules.load(rules.SHIPPED)
    figures = pipeline.figures([str(folder)], loaded, jobs=pipeline.default_jobs())
    start = time.perf_counter()
    group.group(figures, loaded)
    return len(figures), time.perf_counter() - start


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--big", type=int, default=30_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="crypto-diff-bench-"))
    out = work / "report.json"
    small = corpus.build(work / "c1k", 1000)
    full = corpus.build(work / "full", args.articles)
    size = sum(p.stat().st_size for p in full.iterdir()) / 1e6
    print(f"corpus: {args.articles} articles, {size:.1f} MB (seeds with randomized digits)")
    print(f"cores: {os.cpu_count()}; medians of {args.repeat} runs\n")

    scan = statistics.median(bare_scan(full) for _ in range(args.repeat))
    one = compare_time(full, 1, args.repeat, out)
    two = compare_time(full, 2, args.repeat, out)
    print(f"bare scan (read + the rules' scanner at anchors): {scan:7.2f} s  "
          f"{args.articles / scan:8.0f} articles/s")
    print(f"compare --jobs 1 (end to end):                    {one:7.2f} s  "
          f"{args.articles / one:8.0f} articles/s  ratio to bare scan {one / scan:.2f}")
    print(f"compare --jobs 2 (end to end):                    {two:7.2f} s  "
          f"{args.articles / two:8.0f} articles/s  speed-up over --jobs 1 {one / two:.2f}x")
    facts = json.loads(out.read_text())["summary"]
    print(f"  report: {facts['facts']} facts, {facts['conflict']} conflicts\n")

    rss_small, rss_full = peak_rss_mb(small, out), peak_rss_mb(full, out)
    print(f"peak RSS, compare --jobs 1: 1,000 articles {rss_small:6.1f} MB; "
          f"{args.articles:,} articles {rss_full:6.1f} MB (difference {rss_full - rss_small:.1f} MB)\n")

    for folder in (small, full, corpus.build(work / "big", args.big)):
        count, seconds = grouping_time(folder)
        articles = len(list(folder.iterdir()))
        print(f"grouping {articles:6d} articles ({count:7d} figures): {seconds:7.2f} s  "
              f"{seconds / count * 1e6:6.1f} us per figure")
    print()

    script_help = work / "minimal_help.py"
    script_help.write_text(MINIMAL_HELP)
    script_table = work / "minimal_table.py"
    script_table.write_text(MINIMAL_TABLE)
    reps = max(5, args.repeat)
    base_help = median_time([sys.executable, str(script_help), "--help"], reps)
    base_table = median_time([sys.executable, str(script_table)], reps)
    help_time = median_time([sys.executable, "-m", "crypto_diff", "--help"], reps, cwd=ROOT)
    seeds_time = median_time([sys.executable, "-m", "crypto_diff", "compare", "seeds/"], reps, cwd=ROOT)
    print(f"start-up: crypto-diff --help {help_time * 1000:5.0f} ms vs minimal Typer --help "
          f"{base_help * 1000:5.0f} ms (ratio {help_time / base_help:.2f})")
    print(f"start-up: compare seeds/     {seeds_time * 1000:5.0f} ms vs minimal Typer + Rich table "
          f"{base_table * 1000:5.0f} ms (ratio {seeds_time / base_table:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
