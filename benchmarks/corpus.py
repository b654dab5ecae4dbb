"""Build a large article folder, deterministically, in one of two ways.

seeds (the default): each article is a seed with every digit replaced by a seeded random
digit, so figures vary as real coverage does while the prose stays real; one story
written 10,000 times.

stories (--stories): a newsroom archive of many stories, each told by about 30 outlets,
made from the story folders of tests/stories/ (our own writing; --from adds folders of
stories, each with its articles, or articles/ inside it). Each story made takes one of
them as its model, with names, figures and dates of its own: the model's proper names
(words the rules do not know) become invented names, its years move by the same number
of years, and its larger numbers take new digits after the first, the same in every
article of the story, so outlets agree as they did; one article in ten changes one
figure's last digit, so some facts conflict. Each outlet takes the model's articles in
turn.

usage: python benchmarks/corpus.py OUT_DIR [--articles N] [--seed S] [--stories] [--from DIR]
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


OUTLETS = 30  # articles of each story made
NUMBER = re.compile(r"(?<![\w.,])\d(?:[\d,.]*\d)?(?![\w])")
CAPITALISED = re.compile(r"\b[A-Z][a-z]{2,}\b")
SYLLABLES = ["ka", "lo", "ve", "ri", "mu", "dan", "tor", "sel", "vi", "ro", "ne", "bar",
             "qui", "zen", "ta", "mo", "lin", "fa", "dor", "pe", "su", "gra", "nix", "el"]


def models(more: tuple = ()) -> list:
    """The story folders to model stories on: each a list of (name, text) of its articles."""
    folders = sorted(p for p in (ROOT / "tests" / "stories").iterdir() if p.is_dir())
    for extra in more:
        folders += sorted(p for p in Path(extra).iterdir() if p.is_dir())
    out = []
    for folder in folders:
        inner = folder / "articles" if (folder / "articles").is_dir() else folder
        articles = [(p.name, p.read_text(encoding="utf-8", errors="replace"))
                    for p in sorted(inner.iterdir()) if p.is_file() and p.suffix in (".txt", ".md")]
        if articles:
            out.append(articles)
    return out


def _known_words() -> set:
    """Every word of the shipped rules: coins, units, months, hedges, measures stay."""
    text = (ROOT / "crypto_diff" / "rules.yaml").read_text(encoding="utf-8").lower()
    return set(re.findall(r"[a-z]+", text))


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _story(model: list, rng: random.Random, known: set) -> callable:
    """A function from a model article's text to the same article in the story made."""
    words = {w for _, text in model for w in CAPITALISED.findall(text) if w.lower() not in known}
    names = {w: _name(rng) for w in sorted(words)}
    years = rng.randint(-12, 2)
    digits: dict = {}

    def number(match) -> str:
        written = match.group()
        plain = written.replace(",", "").replace(".", "")
        if len(plain) == 4 and 1990 <= int(plain) <= 2035 and written == plain:
            return str(int(plain) + years)
        if len(plain) <= 2:  # days, small counts: as written
            return written
        if written not in digits:
            digits[written] = written[0] + "".join(
                str(rng.randrange(10)) if c.isdigit() else c for c in written[1:])
        return digits[written]

    def make(text: str) -> str:
        text = CAPITALISED.sub(lambda m: names.get(m.group(), m.group()), text)
        return NUMBER.sub(number, text)
    return make


def build_stories(out: Path, articles: int, seed: int = 7, more: tuple = ()) -> Path:
    """The many-story corpus: articles // OUTLETS stories (at least one) of OUTLETS
    articles each, the last story taking what is left."""
    known = _known_words()
    found = models(more)
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    stories = max(1, articles // OUTLETS)
    written = 0
    for story in range(stories):
        model = found[story % len(found)]
        make = _story(model, random.Random(rng.random()), known)
        count = OUTLETS if story < stories - 1 else articles - written
        for outlet in range(count):
            name, text = model[outlet % len(model)]
            text = make(text)
            if rng.random() < 0.1:  # one figure changed: a conflict
                numbers = list(NUMBER.finditer(text))
                if numbers:
                    hit = rng.choice(numbers)
                    last = str((int(hit.group()[-1]) + 1) % 10)
                    text = text[:hit.end() - 1] + last + text[hit.end():]
            suffix = Path(name).suffix
            (out / f"s{story:04d}_o{outlet:02d}{suffix}").write_text(text, encoding="utf-8")
            written += 1
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--stories", action="store_true", help="the many-story corpus")
    parser.add_argument("--from", dest="more", action="append", default=[], type=Path,
                        help="a folder of story folders to model stories on as well")
    args = parser.parse_args(argv)
    if args.stories:
        build_stories(args.out, args.articles, args.seed, tuple(args.more))
    else:
        build(args.out, args.articles, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
