"""The report stage: what the tool prints, one module per output format.

A format is a module of this package with a function render_report(report), which
returns the report: a string (machine formats, written as they are) or a Rich
renderable (the terminal table). FORMATS maps each format's name to its module, so
adding a format (CSV, say) is one module plus one line there. The command line calls
render() and decides where the report goes; `extract` lists figures the same way
through FIGURE_FORMATS and render_figures().
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

from ..models import CONFLICT
from .summary import stale_lines, summary_line  # the terminal's line when the report goes to a file

if TYPE_CHECKING:  # for annotations only: the command line imports this module at start-up
    from ..baseline import Diff
    from ..rules import Rules

FORMATS = {  # compare --format NAME -> the module of this package with render_report(report)
    "table": "table",
    "json": "json_report",
    "markdown": "markdown",
    "sarif": "sarif",
    "github": "github",
    "html": "html",
}
FIGURE_FORMATS = {  # extract --format NAME -> the module with render_figures(figures, rules)
    "table": "table",
    "json": "json_report",
}


@dataclass(frozen=True)
class Report:
    """Everything a format may use to report on a run of compare."""

    facts: list  # the facts, in order of first appearance
    diff: Diff  # which contradictions are new (without a baseline: every one)
    rules: Rules  # the kinds, whose flags decide how values read
    details: bool = False  # table: add every figure's evidence
    verdicts: tuple = (CONFLICT,)  # sarif, github: the verdicts of the new facts they report
    sources: tuple = ()  # Source: every article read, in order (none: the facts' sources)
    stories: tuple = ()  # Story: the run's stories (none: one story of every source)
    show_all: bool = False  # table, markdown: list single-source facts too

    @property
    def shown(self) -> Optional[Diff]:
        """The diff when there was a baseline to be new against, else None: the formats
        people read mark a contradiction "new" only against a baseline."""
        return self.diff if self.diff.baseline else None


def render(name: str, report: Report):
    """The report in the format of that name: a string, or a Rich renderable."""
    return _format_module(FORMATS[name]).render_report(report)


def render_figures(name: str, figures: list, rules: Rules):
    """The list of figures (extract) in the format of that name."""
    return _format_module(FIGURE_FORMATS[name]).render_figures(figures, rules)


def _format_module(module: str):
    # imported when used: a run loads only its own format (the table alone needs Rich's tables)
    return importlib.import_module(f"{__name__}.{module}")
