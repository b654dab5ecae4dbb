"""Build a large article folder from the seeds, deterministically: each article is a
seed with every digit replaced by a seeded random digit, so figures vary as real
coverage does while the prose stays real.

usage: python benchmarks/corpus.py OUT_DIR [--articles N] [--seed S]
"""
from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build(out: Path, articles: int, seed: int = 7) -> Path:
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    for i in range(articles):
        text = re.sub(r"\d", lambda _: str(rng.randrange(10)), seeds[i % len(seeds)])
        (out / f"{i:06d}.txt").write_text(text, encoding="utf-8")
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    build(args.out, args.articles, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
