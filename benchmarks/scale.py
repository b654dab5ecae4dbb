"""Speed, scale and memory of crypto-diff, measured in one run (medians, ratios).

usage: python benchmarks/scale.py [--articles 10000] [--big 30000] [--repeat 3]
                                  [--startup-only] [--stories-only] [--from DIR]

Builds two corpora deterministically (benchmarks/corpus.py): the many-story archive
(about 30 outlets a story, made from tests/stories/, plus --from folders), at 1,000 and
--articles articles, and the seed-based one (one story many times). For each corpus and
size it prints, every article read afresh (a fresh cache folder): the bare scan (reading
every file and the first pass alone: the extractor that matches at each anchor, no
normalizing, framing, grouping or report), end-to-end `crypto-diff compare` with
--jobs 1 and --jobs 2 (the report written to a file), articles/s, their ratios to the
bare scan, and the peak memory of --jobs 1. Then, on the seed corpus:
- compare again with the same articles (all cached), and with one article edited
- peak memory (RSS) of `compare --jobs 1` at 1,000 and at the full corpus
- grouping time at 1k, the full corpus and --big articles (near-linear or not)
- start-up: `crypto-diff --help` and `compare seeds/` next to a minimal Typer app's --help
  and a minimal Typer app printing one Rich table, run in turns (pairs), with compiled
  bytecode as pip installs it; compare seeds/ with its figures cached (a run after the
  first) and read afresh
The benchmark keeps its cache in its own temporary folder, removed at the end.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
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
# The peak RSS of this process alone, in KB: on Linux VmHWM, which starts afresh at exec;
# ru_maxrss keeps the size of the parent it was forked from (this benchmark, large after
# its in-process scans) and is only the fallback elsewhere.
RSS = """
import resource, sys
from crypto_diff.cli import main
code = main(sys.argv[1:])
try:
    with open("/proc/self/status") as status:
        peak = next(int(l.split()[1]) for l in status if l.startswith("VmHWM:"))
except (OSError, StopIteration):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(peak, file=sys.stderr)
"""


# as installed by pip: the children may read and write compiled bytecode (an environment
# that forbids writing it would make every start-up compile crypto-diff's sources again)
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
CACHE = Path()  # the benchmark's own cache folder (the user's is left alone), set in main


def use_cache(folder: Path) -> None:
    global CACHE
    CACHE = folder
    ENV["XDG_CACHE_HOME"] = os.environ["XDG_CACHE_HOME"] = str(folder)


def forget_figures() -> None:
    """The next run reads and groups every article afresh (the compiled rules stay
    cached). Figures and facts are moved aside, not deleted: the file system's work of
    deleting thousands of files would otherwise fall on the run measured next."""
    aside = CACHE / "forgotten"
    for name in ("figures", "facts"):
        if (CACHE / "crypto-diff" / name).exists():
            aside.mkdir(exist_ok=True)
            (CACHE / "crypto-diff" / name).rename(aside / str(len(list(aside.iterdir()))))


def cache_mb() -> float:
    top = CACHE / "crypto-diff"
    return sum(p.stat().st_size for name in ("figures", "facts") for p in (top / name).rglob("*")) / 1e6


def run_once(command, fresh: bool = False, **kwargs) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of one run of command; fresh: with no
    figures in the cache."""
    if fresh:
        forget_figures()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV, **kwargs)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def median_time(command, repeat, **kwargs) -> float:
    return statistics.median(run_once(command, **kwargs)[0] for _ in range(repeat))


def startup_pair(base, ours, repeat, fresh: bool = False, **kwargs) -> dict:
    """The two commands run in turns (one warm-up each, then repeat pairs), so that the
    machine's load falls on both alike; medians of wall and CPU time, and the median of
    the per-pair ratios."""
    run_once(base)
    run_once(ours, **kwargs)
    walls, cpus = [], []
    for _ in range(repeat):
        walls.append((run_once(base)[0], run_once(ours, fresh, **kwargs)[0]))
        cpus.append((run_once(base)[1], run_once(ours, fresh, **kwargs)[1]))
    median = statistics.median
    return {"base": median(w[0] for w in walls), "ours": median(w[1] for w in walls),
            "ratio": median(w[1] / w[0] for w in walls),
            "cpu_ratio": median(c[1] / c[0] for c in cpus)}


def bare_scan(folder: Path) -> float:
    """Reading every file and the first pass alone: at each anchor, the extractor that
    matches first (with RE2, the candidates the set match lists, tried in rules order;
    without it, the combined scanner), compiling included, nothing normalized."""
    from crypto_diff import articles, extract, rules_loader
    from crypto_diff.extract import anchors, blocks
    loaded = rules_loader.load_rules(rules_loader.SHIPPED)
    start = time.perf_counter()
    first = extract._first_pass(loaded)
    count = 0
    for source, path in articles.find([str(folder)]):
        article = articles.read_article(source, path)
        for block in blocks(article.lines):
            text = extract.plain_text(block.text)[0]
            if first is None:
                count += sum(1 for at in anchors(text, loaded) if loaded.scanner.match(text, at))
                continue
            data = memoryview(text.encode("utf-8", "surrogatepass"))
            at_char = at_byte = 0
            for at in anchors(text, loaded):
                at_byte += len(text[at_char:at].encode("utf-8", "surrogatepass"))
                at_char = at
                for order in first.candidates(data[at_byte:]):
                    if loaded.extractors[order].compiled.match(text, at):
                        count += 1
                        break
    return time.perf_counter() - start


def compare_args(folder: Path, jobs: int, out: Path) -> list:
    return ["compare", str(folder), "--format", "json", "--output", str(out), "--jobs", str(jobs)]


def compare_command(folder: Path, jobs: int, out: Path) -> list:
    return [sys.executable, "-m", "crypto_diff", *compare_args(folder, jobs, out)]


def compare_time(folder: Path, jobs: int, repeat: int, out: Path, fresh: bool = True) -> float:
    """Median time of compare; fresh: every article read afresh, else all from the cache."""
    command = compare_command(folder, jobs, out)
    if not fresh:
        run_once(command, cwd=ROOT)
    return median_time(command, repeat, fresh=fresh, cwd=ROOT)


def edited_time(folder: Path, repeat: int, out: Path) -> float:
    """Median time of compare --jobs 1 after one article is edited, the others cached."""
    command = compare_command(folder, 1, out)
    run_once(command, cwd=ROOT)
    article = sorted(folder.iterdir())[len(list(folder.iterdir())) // 2]
    original = article.read_text(encoding="utf-8")
    times = []
    try:
        for i in range(repeat):
            article.write_text(f"{original}\nThe fund also holds {i + 1},234 BTC.\n",
                               encoding="utf-8")
            times.append(run_once(command, cwd=ROOT)[0])
    finally:
        article.write_text(original, encoding="utf-8")
    return statistics.median(times)


def peak_rss_mb(folder: Path, out: Path) -> float:
    forget_figures()
    done = subprocess.run([sys.executable, "-c", RSS, *compare_args(folder, 1, out)],
                          capture_output=True, text=True, cwd=ROOT, env=ENV)
    return int(done.stderr.strip().splitlines()[-1]) / 1024


def grouping_time(folder: Path) -> tuple[int, float]:
    from crypto_diff import group, pipeline, rules_loader
    loaded = rules_loader.load_rules(rules_loader.SHIPPED)
    figures = pipeline.figures([str(folder)], loaded, jobs=pipeline.default_jobs())
    start = time.perf_counter()
    group.group(figures, loaded)
    return len(figures), time.perf_counter() - start


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--big", type=int, default=30_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--startup-only", action="store_true", help="measure start-up only")
    parser.add_argument("--bare-scan", metavar="FOLDER", help=argparse.SUPPRESS)  # one bare scan, alone
    parser.add_argument("--small", type=int, default=1000, help="the smaller size measured cold")
    parser.add_argument("--stories-only", action="store_true",
                        help="measure the two corpora cold only (no cached runs, grouping or start-up)")
    parser.add_argument("--from", dest="more", action="append", default=[],
                        help="a folder of story folders to model the many-story corpus on as well")
    args = parser.parse_args(argv)
    if args.bare_scan:  # a process of its own, as compare is: start-up and compiling count
        bare_scan(Path(args.bare_scan))
        return 0
    work = Path(tempfile.mkdtemp(prefix="crypto-diff-bench-"))
    use_cache(work / "cache")
    try:
        if not args.startup_only:
            cold(args, work)
        if args.stories_only:
            return 0
        if not args.startup_only:
            scale(args, work)
        startup(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def spread(values: list) -> str:
    return f"{statistics.median(values):7.2f} s (runs {min(values):.2f}-{max(values):.2f})"


def cold(args, work: Path) -> None:
    """Both corpora at --small and --articles articles, every article read afresh."""
    out = work / "report.json"
    print(f"cores: {os.cpu_count()}; medians of {args.repeat} runs (and their spread); "
          f"every article read afresh, the report written to a file\n")
    for label, make in (("many-story", lambda path, n: corpus.build_stories(path, n, more=tuple(args.more))),
                        ("seed-based", corpus.build)):
        for count in sorted({args.small, args.articles}):
            folder = make(work / f"{label}-{count}", count)
            size = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
            scans = [run_once([sys.executable, __file__, "--bare-scan", str(folder)], cwd=ROOT)[0]
                     for _ in range(args.repeat)]
            ones = [run_once(compare_command(folder, 1, out), fresh=True, cwd=ROOT)[0]
                    for _ in range(args.repeat)]
            twos = [run_once(compare_command(folder, 2, out), fresh=True, cwd=ROOT)[0]
                    for _ in range(args.repeat)]
            scan, one, two = (statistics.median(v) for v in (scans, ones, twos))
            summary = json.loads(out.read_text())["summary"]
            rss = peak_rss_mb(folder, out)
            report_mb = out.stat().st_size / 1e6
            print(f"{label} corpus, {count:,} articles ({size:.1f} MB):")
            print(f"  bare scan (read + first pass) {spread(scans)}  {count / scan:7.0f} articles/s")
            print(f"  compare --jobs 1              {spread(ones)}  {count / one:7.0f} articles/s  "
                  f"{one / scan:.2f}x the bare scan")
            print(f"  compare --jobs 2              {spread(twos)}  {count / two:7.0f} articles/s  "
                  f"{two / scan:.2f}x the bare scan, {one / two:.2f}x faster than --jobs 1")
            print(f"  peak RSS of compare --jobs 1: {rss:6.1f} MB; the report: {report_mb:.1f} MB of "
                  f"JSON, {summary['facts']} facts ({summary['conflict']} conflicts)\n")


def scale(args, work: Path) -> None:
    out = work / "report.json"
    small = corpus.build(work / "c1k", 1000)
    full = corpus.build(work / "full", args.articles)
    size = sum(p.stat().st_size for p in full.iterdir()) / 1e6
    print(f"seed corpus: {args.articles} articles, {size:.1f} MB (seeds with randomized digits)\n")
    one = compare_time(full, 1, args.repeat, out)
    warm = compare_time(full, 1, args.repeat, out, fresh=False)
    print(f"compare --jobs 1 again, the same articles (all cached): {warm:5.2f} s  "
          f"{one / warm:.1f}x faster than the first run; cache {cache_mb():.1f} MB")
    edited = edited_time(full, args.repeat, out)
    print(f"compare --jobs 1 again, one article edited:              {edited:5.2f} s  "
          f"(its group read afresh, every figure grouped again)\n")

    rss_small, rss_full = peak_rss_mb(small, out), peak_rss_mb(full, out)
    print(f"peak RSS, compare --jobs 1: 1,000 articles {rss_small:6.1f} MB; "
          f"{args.articles:,} articles {rss_full:6.1f} MB (difference {rss_full - rss_small:.1f} MB)\n")

    for folder in (small, full, corpus.build(work / "big", args.big)):
        count, seconds = grouping_time(folder)
        articles = len(list(folder.iterdir()))
        print(f"grouping {articles:6d} articles ({count:7d} figures): {seconds:7.2f} s  "
              f"{seconds / count * 1e6:6.1f} us per figure")
    print()


def startup(args, work: Path) -> None:
    script_help = work / "minimal_help.py"
    script_help.write_text(MINIMAL_HELP)
    script_table = work / "minimal_table.py"
    script_table.write_text(MINIMAL_TABLE)
    reps = max(15, args.repeat)
    me = [sys.executable, "-m", "crypto_diff"]
    help_ = startup_pair([sys.executable, str(script_help), "--help"], me + ["--help"], reps, cwd=ROOT)
    seeds = startup_pair([sys.executable, str(script_table)], me + ["compare", "seeds/"], reps, cwd=ROOT)
    fresh = startup_pair([sys.executable, str(script_table)], me + ["compare", "seeds/"], reps,
                         fresh=True, cwd=ROOT)
    print(f"start-up (median of {reps} interleaved pairs; ratio = median of per-pair ratios):")
    print(f"  crypto-diff --help {help_['ours'] * 1000:5.0f} ms vs minimal Typer --help "
          f"{help_['base'] * 1000:5.0f} ms: ratio {help_['ratio']:.2f} (CPU time {help_['cpu_ratio']:.2f})")
    print(f"  compare seeds/     {seeds['ours'] * 1000:5.0f} ms vs minimal Typer + Rich table "
          f"{seeds['base'] * 1000:5.0f} ms: ratio {seeds['ratio']:.2f} (CPU time {seeds['cpu_ratio']:.2f})")
    print(f"  the same, the seeds read afresh (none cached) {fresh['ours'] * 1000:5.0f} ms vs "
          f"{fresh['base'] * 1000:5.0f} ms: ratio {fresh['ratio']:.2f} (CPU time {fresh['cpu_ratio']:.2f})")


if __name__ == "__main__":
    sys.exit(main())
