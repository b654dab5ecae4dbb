"""The time the patterns of the rules may take, and naming the one that took too long.

An article gets one budget: the rules' `timeout` seconds for every BUDGET_CHARS
characters of its text, and never less than `timeout`. Every call of a pattern of the
rules on the article (extractors, their leads, the anchors, furniture lines, the
dateline) gets what is left of it as its own timeout, so a pattern a little under any
per-call limit, tried on many lines, still stops within the budget. Declared facts'
contexts, searched while grouping, share one budget of the same measure over the run
(rules.BoundedPattern).

When the budget runs out, the pattern that was running is tried again alone, at the
same place, for a short while (NAMING_CAP, and NAMING_PER_CHAR for every character it
searches): if it runs past that too, it is the one that backtracks, and the error names
it with its place in the rules file; if not (the budget was spent by many quick calls,
a long line of numbers read by the shipped rules), no pattern is blamed.
"""
from __future__ import annotations

import time
from typing import Callable, Optional

from .errors import CryptoDiffError

BUDGET_CHARS = 5_000  # an article gets the rules' timeout for every this many characters
NAMING_CAP = 0.25  # seconds a pattern may take alone, where the budget ran out, unnamed
NAMING_PER_CHAR = 2e-6  # and this many more for each character the call searches

# what ran when the budget ran out: (name, (line, column) in the rules file, call), where
# call(timeout) runs it again with that timeout
Suspect = tuple


def limit(timeout: float, characters: int) -> float:
    """The budget, in seconds, of a text of this many characters."""
    return timeout * max(1.0, characters / BUDGET_CHARS)


class Budget:
    """The time left to the rules' patterns on one article. Only the time inside their
    calls is spent (not compiling them, not crypto-diff's own work between them)."""

    def __init__(self, rules, source: str, characters: int):
        self.rules, self.source = rules, source
        self.limit = limit(rules.timeout, characters)
        self.spent = 0.0
        self.line = 1  # where in the article the reading is, for the message

    def left(self) -> float:
        """The seconds left; TimeoutError when there are none (a pattern's timeout of 0
        or less would mean no bound at all)."""
        left = self.limit - self.spent
        if left <= 0:
            raise TimeoutError
        return left

    def check(self) -> None:
        """The error of a budget run out, when it has (between patterns: no one named)."""
        if self.spent >= self.limit:
            self.fail([])

    def run(self, what: str, place: Optional[tuple], call: Callable, span: int = 0):
        """call(timeout) within the time left, its time spent; when the budget runs out
        there, the error that names `what` if it is slow alone (see fail)."""
        start = time.perf_counter()
        try:
            return call(self.left())
        except TimeoutError:
            self.fail([(what, place, call)], span)
        finally:
            self.spent += time.perf_counter() - start

    def fail(self, suspects: list, span: int = 0):
        """Raise the error of a budget run out while one of these suspects ran."""
        raise ran_out(suspects, span, self.rules, f"the {self.limit:.3g} s time budget of "
                      f"{self.source} (line {self.line})")


def ran_out(suspects: list, span: int, rules, budget: str) -> CryptoDiffError:
    """The error for a budget run out: naming the first suspect that, run again alone,
    runs past the naming cap (span: the characters the call searches); else no one."""
    cap = min(rules.timeout, NAMING_CAP) + span * NAMING_PER_CHAR
    for what, place, call in suspects:
        try:
            call(cap)
        except TimeoutError:
            line, column = place or (None, None)
            return CryptoDiffError(f"{what} ran past {budget}; its pattern may backtrack "
                                   f"catastrophically", rules.path, line, column)
    return CryptoDiffError(f"the rules' patterns ran past {budget}, none of them slow alone: "
                           f"raise `timeout` in the rules for articles like this one",
                           rules.path)
