"""Accepted contradictions: read and write the baseline file, and tell what is new.

A baseline accepts values, never places: each entry holds the kind and unit of a
contradiction and the values its sources gave, normalized with their hedges ("6238",
">6240", "~738000000"). A contradiction of a run is accepted when every value it takes
part in was accepted, and every pair of its values that contradict each other was
accepted together, whatever facts the values sit in now: moving a paragraph, re-wrapping
lines, renaming files, or adding an article that regroups the facts or repeats an
accepted value changes nothing. A value no entry accepted, that contradicts another
value of its fact, is new (and named); so is a contradicting pair of accepted values
never accepted together. An entry is stale only when one of its values is no longer
stated anywhere.
"""
from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from . import yaml_limits
from .compare import amounts_verdict, dates_verdict
from .errors import CryptoDiffError, yaml_error
from .files import read_regular, write_atomic
from .models import APPROX, CONFLICT, Fact, Figure

FORMAT_VERSION = 1
DEFAULT_FILE = "crypto-diff.baseline.yaml"
CONTRADICTIONS = (CONFLICT, APPROX)  # the verdicts a baseline can accept
# --fail-on: what new finding makes the exit status 1
FAIL_ON = {"conflict": (CONFLICT,), "approx": (CONFLICT, APPROX), "never": ()}
HEADER = """\
# Contradictions accepted by crypto-diff. `crypto-diff compare --baseline` fails only on
# values (or contradicting pairs of values) not accepted here; `crypto-diff baseline`
# rewrites this file. An entry is its kind, unit and values, never a file or line; label
# and says are there for the reader.
"""


@dataclass(frozen=True)
class Entry:
    kind: str
    unit: str
    values: tuple  # sorted claim strings
    verdict: str = CONFLICT
    label: str = ""
    says: tuple = ()

    def as_dict(self) -> dict:
        return {"label": self.label, "kind": self.kind, "unit": self.unit,
                "verdict": self.verdict, "values": list(self.values), "says": list(self.says)}


@dataclass
class Diff:
    """Each contradiction of a run: new (with the values no entry accepted) or accepted;
    and the stale entries, whose values are not all stated any more."""

    new: dict = field(default_factory=dict)  # fact id -> list of new claim strings
    accepted: set = field(default_factory=set)  # fact ids
    stale: list = field(default_factory=list)  # Entry
    baseline: bool = False  # whether there was a baseline to be new against

    def is_new(self, fact: Fact) -> bool:
        return fact.id in self.new

    def failing(self, facts: list[Fact], fail_on: str) -> list[Fact]:
        return [f for f in facts if f.id in self.new and f.verdict.verdict in FAIL_ON[fail_on]]


def reported_verdicts(fail_on: str) -> tuple:
    """The verdicts of the new contradictions that sarif and github report: conflicts
    always, and whatever else fails the run (approximate agreements, as warnings)."""
    return (CONFLICT,) + tuple(v for v in FAIL_ON[fail_on] if v != CONFLICT)


def claim(f: Figure) -> str:
    """A figure's value as a short, stable string: 6238, >6240, <=2000, ~738000000, a..b."""
    def show(value):
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)
    if f.low is not None and f.high is not None and f.low != f.high:
        text = f"{show(f.low)}..{show(f.high)}"
    elif f.high is None and f.low is not None:
        text = (">" if f.low_open else ">=") + show(f.low)
    elif f.low is None and f.high is not None:
        text = ("<" if f.high_open else "<=") + show(f.high)
    else:
        text = show(f.low)
    return ("~" + text) if f.approx else text


def entry(fact: Fact) -> Entry:
    values = sorted({claim(f) for f in fact.figures})
    says = sorted({" ".join(f.text.split()) for f in fact.figures})
    return Entry(fact.kind, fact.unit, tuple(values), fact.verdict.verdict, fact.label,
                 tuple(says))


def entries(facts: list[Fact]) -> list[Entry]:
    """The entries that accept every contradiction of these facts, sorted."""
    found = [entry(f) for f in facts if f.verdict.verdict in CONTRADICTIONS]
    return sorted(found, key=lambda e: (e.kind, e.values, e.label))


def diff(facts: list[Fact], accepted: Optional[list[Entry]], kinds: Optional[dict] = None) -> Diff:
    """Which contradictions are new against the accepted entries (see the module's
    docstring); without a baseline every contradiction is new. kinds (the rules' kinds)
    tell which values contradict each other; without them every two values do."""
    result = Diff(baseline=accepted is not None)
    current = [f for f in facts if f.verdict.verdict in CONTRADICTIONS]
    if accepted is None:
        result.new = {f.id: sorted({claim(x) for x in f.figures}) for f in current}
        return result
    values, together = defaultdict(set), defaultdict(set)
    for e in accepted:
        values[(e.kind, e.unit)].update(e.values)
        together[(e.kind, e.unit)].update(frozenset(p) for p in itertools.combinations(e.values, 2))
    for fact in current:
        key, kind = (fact.kind, fact.unit), (kinds or {}).get(fact.kind)
        figures = {}
        for f in fact.figures:
            figures.setdefault(claim(f), f)
        new = set()
        for a, b in itertools.combinations(sorted(figures), 2):
            known = a in values[key] and b in values[key]
            if known and frozenset((a, b)) in together[key]:
                continue
            if _contradict(figures[a], figures[b], kind):
                fresh = [v for v in (a, b) if v not in values[key]]
                new.update(fresh or (a, b))  # a value not accepted, else a pair never together
        if new:
            result.new[fact.id] = sorted(new)
        else:
            result.accepted.add(fact.id)
    stated = defaultdict(set)
    for fact in facts:
        stated[(fact.kind, fact.unit)].update(claim(f) for f in fact.figures)
    result.stale = [e for e in accepted if not set(e.values) <= stated[(e.kind, e.unit)]]
    return result


def _contradict(a: Figure, b: Figure, kind) -> bool:
    """Whether two values contradict each other (conflict, or agree only approximately);
    without their kind, any two do."""
    if kind is None:
        return True
    found = dates_verdict([a, b]) if kind.is_date else amounts_verdict([a, b], kind)
    return found.verdict in CONTRADICTIONS


def read_baseline(path: str | Path) -> list[Entry]:
    """The entries of a baseline file; any problem is an error, never an empty baseline."""
    path = Path(path)
    try:
        text = read_regular(path).decode("utf-8")
    except FileNotFoundError:
        raise CryptoDiffError("baseline not found (write one with `crypto-diff baseline`)",
                              str(path)) from None
    except OSError as exc:
        raise CryptoDiffError(f"cannot read baseline: {exc.strerror or exc}", str(path)) from None
    except UnicodeDecodeError as exc:
        raise CryptoDiffError(f"cannot read baseline: {exc}", str(path)) from None
    import yaml  # deferred: only a run with a baseline needs it
    yaml_limits.check(text, str(path), "a baseline")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise yaml_error(exc, str(path), "baseline is not valid YAML",
                         "baseline is not valid YAML") from None
    if not isinstance(data, dict) or "version" not in data:
        raise CryptoDiffError("not a crypto-diff baseline (no version)", str(path))
    if data["version"] != FORMAT_VERSION:
        raise CryptoDiffError(f"unknown baseline version {data['version']!r} (this "
                              f"crypto-diff reads version {FORMAT_VERSION})", str(path))
    items = data.get("contradictions") or []
    if not isinstance(items, list):
        raise CryptoDiffError("'contradictions' must be a list", str(path))
    out = []
    for i, item in enumerate(items, start=1):
        try:
            out.append(Entry(str(item["kind"]), str(item["unit"]),
                             tuple(sorted(str(v) for v in item["values"])),
                             str(item.get("verdict", CONFLICT)), str(item.get("label", "")),
                             tuple(str(s) for s in item.get("says") or ())))
        except (KeyError, TypeError, AttributeError):
            raise CryptoDiffError(f"contradiction {i} needs kind, unit and a list of values",
                                  str(path)) from None
    return out


def baseline_text(accepted: list[Entry]) -> str:
    """The baseline file's text: a header for the reader, then the entries as YAML."""
    import yaml  # deferred, as in read_baseline
    body = {"version": FORMAT_VERSION, "contradictions": [e.as_dict() for e in accepted]}
    return HEADER + yaml.safe_dump(body, sort_keys=False, allow_unicode=True,
                                   default_flow_style=None, width=100)


def write_baseline(path: str | Path, accepted: list[Entry]) -> None:
    write_atomic(path, baseline_text(accepted))


def identity(fact: Fact) -> str:
    """The contradiction's identity as one string (for fingerprints): kind, unit, values."""
    mine = entry(fact)
    return "|".join((mine.kind, mine.unit) + mine.values)
