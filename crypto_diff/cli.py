"""The command line: arguments -> pipeline -> renderer -> exit status. Nothing else.

Exit status follows diff: 0 no contradiction, 1 one or more, 2 trouble (one line on
stderr, no traceback).
"""
from __future__ import annotations

import functools
import os
import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from .errors import CryptoDiffError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Compare the figures that news reports give for the same event.")


class Format(str, Enum):
    table = "table"
    json = "json"


class Color(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


PATHS = typer.Argument(..., help="Article files or folders (searched recursively); - reads stdin.")
RULES = typer.Option(None, "--rules", "-r", help="Rules file [default: ./rules.yaml, else the shipped one].")
FORMAT = typer.Option(Format.table, "--format", "-f", help="Output format.")
INCLUDE = typer.Option(None, "--include", help="Glob of files to read in folders (repeatable).")
EXCLUDE = typer.Option(None, "--exclude", help="Glob of files to skip in folders (repeatable).")
COLOR = typer.Option(Color.auto, "--color", help="Colour: auto (terminal and no NO_COLOR), always, never.")


def guarded(command):
    """Turn expected failures into one line on stderr and exit status 2."""
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except CryptoDiffError as exc:
            _fail(str(exc))
        except KeyboardInterrupt:
            _fail("interrupted")
        except BrokenPipeError:
            sys.stderr.close()
            raise typer.Exit(2)
    return wrapper


def _fail(message: str):
    sys.stderr.write(f"crypto-diff: error: {message}\n")
    raise typer.Exit(2)


def _consoles(color: Color):
    from rich.console import Console
    force = {Color.always: True, Color.never: False}.get(color)
    no_color = color == Color.never or (color == Color.auto and "NO_COLOR" in os.environ)
    out = Console(force_terminal=force, no_color=no_color, highlight=False)
    err = Console(stderr=True, force_terminal=force, no_color=no_color, highlight=False)
    return out, err


def _setup(paths, rules_path, include, exclude):
    from . import load, rules
    loaded = rules.load(rules_path)
    options = load.Options(include=tuple(include or load.DEFAULT_INCLUDE),
                           exclude=tuple(exclude or ()))
    return loaded, options


@app.command()
@guarded
def compare(paths: List[str] = PATHS, rules: Optional[Path] = RULES, format: Format = FORMAT,
            details: bool = typer.Option(False, "--details", "-d",
                                         help="Show every figure's evidence: file:line:column and sentence."),
            include: Optional[List[str]] = INCLUDE, exclude: Optional[List[str]] = EXCLUDE,
            color: Color = COLOR):
    """Group the figures of the articles into facts and show where the sources agree or
    contradict each other. Exit status: 0 no contradiction, 1 contradictions, 2 trouble."""
    from . import pipeline
    loaded, options = _setup(paths, rules, include, exclude)
    out, err = _consoles(color)
    facts = pipeline.facts(paths, loaded, options, warn=lambda m: err.print(f"warning: {m}"))
    if format == Format.json:
        from .report import json_report
        sys.stdout.write(json_report.render(facts))
    else:
        from .report import table
        out.print(table.render(facts))
        if details:
            out.print(table.details(facts))
    raise typer.Exit(1 if any(f.verdict.verdict == "conflict" for f in facts) else 0)


@app.command()
@guarded
def extract(paths: List[str] = PATHS, rules: Optional[Path] = RULES, format: Format = FORMAT,
            include: Optional[List[str]] = INCLUDE, exclude: Optional[List[str]] = EXCLUDE,
            color: Color = COLOR):
    """List every figure found (kind, text, normalized value, file:line:column), for
    people writing rules. Figures on page-furniture lines are listed, marked."""
    from . import pipeline
    loaded, options = _setup(paths, rules, include, exclude)
    out, err = _consoles(color)
    figures = pipeline.figures(paths, loaded, options, warn=lambda m: err.print(f"warning: {m}"))
    if format == Format.json:
        from .report import json_report
        sys.stdout.write(json_report.render_figures(figures))
    else:
        from .report import table
        out.print(table.figures_table(figures))


def main(argv: Optional[list] = None) -> int:
    """Run the command line with argv (default: sys.argv[1:]); return the exit status."""
    try:
        app(args=argv, prog_name="crypto-diff", standalone_mode=True)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    return 0
