"""How strongly two figures of one story, kind and unit state one fact: a score from the
evidence of their frames and values. Pure functions.

The evidence (each a number, mostly 0 or 1):
- values: whether they can both hold (v_compat), how near they are (v_near: 1 for equal,
  0 at the kind's band, below 0 beyond it), the same value written the same way
  (v_exact), with three significant digits or more (v_precise), an open bound (v_open);
- measures: how much of what they measure is shared (m_sim), clearly different measures
  (m_conflict), one names no measure at all (m_none);
- words: the rarity-weighted overlap of their clauses' other words;
- names: shared names (n_shared), each near a different name (n_conflict), only one of
  them near a name the story does not revolve around (n_onesided);
- neighbours: each sentence holds another figure of one kind and unit, of the same
  value (b_match) or of clearly different values (b_conflict);
- qualifiers that oppose (gross / net, before / after), different weekdays, shared or
  different time marks (a quarter, a month, "after hours");
- where they stand: the same source twice, headlines, list or table cells;
- dates: both dates, a year alone, more than a year apart.
The score is a weighted sum of the evidence (WEIGHTS, log-odds of being one fact); two
figures of one sentence are never one fact, nor are amounts more than WIDE apart, two
different dates of one source, or figures with any of the NEVER evidence. The weights
were fitted by logistic regression on the
labelled pairs of multi-outlet story sets written for the purpose (benchmarks/
pair_weights.py refits them) and hold no word of any story.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional

from .figure_values import amount_bounds, bounds_meet, date_bounds, magnitude, precise
from .compare import compatible

WIDE = 10.0  # amounts further apart than this ratio are never one fact
# evidence that two figures are never one fact: each beside a different name, opposite
# qualifiers, different weekdays or years in their clauses, dates more than a year apart
# (in the labelled sets, fewer than one such pair in a hundred was one fact)
NEVER = ("n_conflict", "opposed", "weekday", "year_apart", "date_far")
DATE_NEAR_DAYS = 60  # dates this many days apart are no nearer than any others
YEAR_DAYS = 365  # dates a year apart (2021 and 2022) are never one event
STRONG = 0.6  # a measure or name this heavy is clearly the figure's own
CLEAR = 0.75  # a measure this heavy stands right beside its figure
FEATURES = ("bias", "v_compat", "v_near", "v_exact", "v_precise", "v_open", "m_sim", "m_conflict",
            "m_none", "words", "n_shared", "n_conflict", "n_onesided", "b_match", "b_conflict",
            "opposed", "weekday", "same_source", "headline", "is_date", "year_only", "date_far",
            "m_strong", "t_shared", "t_conflict", "list_pair", "date_m_sim", "date_m_conflict", "m_clash", "bare", "date_m_none", "date_exact", "bare_alike")
WEIGHTS = {  # log-odds per unit of evidence, fitted (benchmarks/pair_weights.py)
    "bias": -2.839,
    "v_compat": 0.686,
    "v_near": 3.886,
    "v_exact": 2.479,
    "v_precise": 0.583,
    "v_open": 0.086,
    "m_sim": 0.523,
    "m_conflict": 0.46,
    "m_none": 0.669,
    "words": 2.661,
    "n_shared": 0.306,
    "n_conflict": 0.0,
    "n_onesided": -1.424,
    "b_match": 1.466,
    "b_conflict": -0.93,
    "opposed": 0.0,
    "weekday": 0.0,
    "same_source": -1.622,
    "headline": 1.22,
    "is_date": -0.839,
    "year_only": 2.624,
    "date_far": 0.0,
    "m_strong": 1.067,
    "t_shared": 2.506,
    "t_conflict": -0.275,
    "list_pair": -0.3,
    "date_m_sim": 0.114,
    "date_m_conflict": -0.267,
    "m_clash": -0.839,
    "bare": -0.157,
    "date_m_none": -1.901,
    "date_exact": -0.673,
    "bare_alike": -0.809,
}


@dataclass(frozen=True)
class Context:
    """What a story tells about its statements' words: how rare each clause word is in
    it, and which measures its outlets say one for the other."""

    idf: dict
    related: frozenset = frozenset()


def score(a, b, kind, context: Context) -> Optional[float]:
    """The log-odds that two statements (group.Statement) state one fact, or None when
    they cannot."""
    evidence = features(a, b, kind, context)
    if evidence is None:
        return None
    return sum(WEIGHTS[name] * value for name, value in evidence.items() if value)


def features(a, b, kind, context: Context) -> Optional[dict]:
    fa, fb = a.figure, b.figure
    if fa.source == fb.source and fa.sentence_id == fb.sentence_id and fa.claim != fb.claim:
        return None  # a sentence states one quantity twice only in two forms of one value
    values = _date_evidence(fa, fb, kind) if kind.is_date else _amount_evidence(fa, fb, kind)
    if values is None:
        return None
    evidence = dict(values, bias=1.0)
    evidence.update(_measure_evidence(a.measures, b.measures, context.related))
    if kind.is_date:  # a date has few words of its own: the event it dates says most
        evidence["date_m_sim"] = evidence.get("m_sim", 0.0)
        evidence["date_m_conflict"] = evidence.get("m_conflict", 0.0)
        evidence["date_m_none"] = evidence.get("m_none", 0.0)
        evidence["date_exact"] = evidence.get("v_exact", 0.0)
    evidence["words"] = _cosine(a.words, b.words, context.idf)
    evidence.update(_name_evidence(a.names, b.names))
    evidence.update(_neighbour_evidence(a.frame.neighbours, b.frame.neighbours))
    evidence.update(_time_evidence(a.frame, b.frame))
    # nothing in common but a value: no word, no measure, no neighbour, a round value
    bare = not kind.is_date and not evidence["words"] and not evidence.get("m_sim") \
        and not evidence.get("b_match") and not evidence.get("v_precise")
    evidence["bare"] = float(bare)
    evidence["bare_alike"] = float(bare and evidence["v_compat"] and
                                   "headline" not in (a.frame.role, b.frame.role))
    if any(evidence.get(name) for name in NEVER):
        return None
    evidence["same_source"] = float(fa.source == fb.source)
    evidence["headline"] = float(a.frame.role == "headline") + float(b.frame.role == "headline")
    evidence["list_pair"] = float(a.frame.role in ("list", "table") and b.frame.role in ("list", "table"))
    return evidence


def _amount_evidence(fa, fb, kind) -> Optional[dict]:
    ma, mb = magnitude(fa), magnitude(fb)
    if not ma or not mb:
        return None
    ratio = max(ma, mb) / min(ma, mb)
    fits = bounds_meet(amount_bounds(fa, kind, True), amount_bounds(fb, kind, True))
    if ratio > WIDE and not fits:
        return None
    exact = (fa.low, fa.high) == (fb.low, fb.high)
    return {"v_compat": float(fits), "v_exact": float(exact),
            "v_near": max(-1.0, 1.0 - math.log(ratio) / math.log(kind.band)),
            "v_precise": float(exact and precise(fa) and precise(fb)),
            "v_open": float(None in (fa.low, fa.high, fb.low, fb.high))}


def _date_evidence(fa, fb, kind) -> Optional[dict]:
    fits = compatible([fa, fb], kind)
    if fa.source == fb.source and not fits:
        return None  # one source's two dates are two events
    exact = fa.low == fb.low and fa.high == fb.high
    out = {"v_compat": float(fits), "v_exact": float(exact), "is_date": 1.0,
           "v_precise": float(exact and isinstance(fa.low, str) and len(fa.low) == 10),
           "year_only": float(any(isinstance(v, str) and len(v) == 4 for v in (fa.low, fa.high, fb.low, fb.high)))}
    first, second = date_bounds(fa), date_bounds(fb)
    if first is None and second is None:  # neither has a year: as in one same year
        first, second = _in_one_year(fa), _in_one_year(fb)
    if first and second and math.inf not in map(abs, first + second):
        gap = abs(first[0] + first[1] - second[0] - second[1]) / 2
        out["v_near"] = max(0.0, 1.0 - gap / DATE_NEAR_DAYS)
        out["date_far"] = float(gap >= YEAR_DAYS)
    return out


def _in_one_year(f) -> Optional[tuple]:
    """The days a date without a year allows, as in the year 2000 (a leap year)."""
    from dataclasses import replace
    fill = (lambda v: v.replace("XXXX", "2000", 1) if isinstance(v, str) else v)
    return date_bounds(replace(f, low=fill(f.low), high=fill(f.high)))


def _measure_evidence(ma: dict, mb: dict, related: frozenset) -> dict:
    if not ma or not mb:
        return {"m_none": 1.0}
    ta, tb = max(ma, key=ma.get), max(mb, key=mb.get)
    shared = sum(min(ma[m], mb[m]) for m in sorted(ma.keys() & mb.keys()))
    similarity = min(1.0, shared / min(ma[ta], mb[tb]))
    conflict = 0.0
    if ta == tb:
        similarity = 1.0
    elif frozenset((ta, tb)) in related:
        similarity = max(similarity, 0.8)
    elif ma[ta] >= STRONG and mb[tb] >= STRONG and ma.get(tb, 0.0) < 0.3 and mb.get(ta, 0.0) < 0.3:
        conflict = min(ma[ta], mb[tb])
    strong = float(ta == tb and ma[ta] >= STRONG and mb[tb] >= STRONG)
    clash = float(conflict >= CLEAR)  # each names its own measure right beside it: a loss, a revenue
    return {"m_sim": similarity, "m_conflict": conflict, "m_strong": strong, "m_clash": clash}


def _name_evidence(na: dict, nb: dict) -> dict:
    """Names near both figures: shared ones are evidence for one fact; a name that stands
    right beside one figure and nowhere near the other (the other being near no such name,
    or near another one) is evidence against: another company, another hack."""
    strong_a = {k for k, w in na.items() if w >= STRONG}
    strong_b = {k for k, w in nb.items() if w >= STRONG}
    shared = sum(min(na[k], nb[k]) for k in sorted(na.keys() & nb.keys()))
    if shared:
        return {"n_shared": min(1.0, shared / min(max(na.values()), max(nb.values())))}
    if strong_a and strong_b:
        return {"n_conflict": 1.0}
    return {"n_onesided": float(bool(strong_a or strong_b))}


def _neighbour_evidence(first: tuple, second: tuple) -> dict:
    """Both sentences hold another figure of one kind and unit: about the same value is
    evidence for one fact (a holding and its value), clearly different ones against."""
    match = against = False
    for kind, unit, value, precise in first:
        for kind2, unit2, value2, precise2 in second:
            if (kind, unit) != (kind2, unit2):
                continue
            ratio = max(value, value2) / min(value, value2)
            match = match or ratio <= 1.05
            against = against or ratio > 1.15
    return {"b_match": float(match), "b_conflict": float(against and not match)}


def _time_evidence(a, b) -> dict:
    out = {"opposed": float(_opposed(a.qualifiers, b.qualifiers))}
    for category, name in (("weekday", "weekday"), ("year", "year_apart")):
        first = {v for c, v in a.times if c == category}
        second = {v for c, v in b.times if c == category}
        out[name] = float(bool(first and second and not first & second))
    if a.times and b.times:
        out["t_shared"] = float(bool(a.times & b.times))
        for category in {c for c, _ in a.times} & {c for c, _ in b.times}:
            if not {v for c, v in a.times if c == category} & {v for c, v in b.times if c == category}:
                out["t_conflict"] = 1.0
    return out


def _opposed(first: frozenset, second: frozenset) -> bool:
    """One figure stands near one of a pair of opposites (gross), the other near another
    (net), and neither near both."""
    groups_a, groups_b = {}, {}
    for group, word in first:
        groups_a.setdefault(group, set()).add(word)
    for group, word in second:
        groups_b.setdefault(group, set()).add(word)
    return any(groups_a[g] != groups_b[g] and not groups_a[g] & groups_b[g]
               for g in groups_a.keys() & groups_b.keys())


def _cosine(a: dict, b: dict, idf: dict) -> float:
    if not a or not b:
        return 0.0
    shared = sum(a[t] * b[t] * idf.get(t, 1.0) ** 2 for t in sorted(a.keys() & b.keys()))
    if not shared:
        return 0.0
    norm_a = math.sqrt(sum((w * idf.get(t, 1.0)) ** 2 for t, w in a.items()))
    norm_b = math.sqrt(sum((w * idf.get(t, 1.0)) ** 2 for t, w in b.items()))
    return shared / (norm_a * norm_b)
