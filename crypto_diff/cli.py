"""The command line: arguments -> pipeline -> report -> exit status. Nothing else.

Exit status follows diff: 0 nothing new, 1 new contradictions, 2 trouble (one line on
stderr, no traceback). Machine formats (json, sarif, github) are written to stdout as
plain text, never through the Rich console. The pipeline, the rules loader and Rich's
console are imported inside the commands that use them, so that --help starts fast.
"""
from __future__ import annotations

import functools
import io
import os
import signal
import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from . import __version__, articles, cli_help
from . import baseline as baseline_module  # as: the commands' --baseline option is named baseline
from .errors import CryptoDiffError
from .files import write_atomic
from .report import (FIGURE_FORMATS, FORMATS, Report, render, render_figures, stale_lines,
                     summary_line)
from .report.wording import plural

PROGRESS_FROM = 200  # a progress bar shows for this many articles or more, on a terminal

HELP = {"help_option_names": ["-h", "--help"]}
app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  context_settings=HELP,
                  help="Compare the figures that news reports give for the same event: where "
                       "they agree, where they contradict each other, and between which outlets.")


Format = Enum("Format", {name: name for name in FORMATS}, type=str)
FigureFormat = Enum("FigureFormat", {name: name for name in FIGURE_FORMATS}, type=str)


class Color(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


FailOn = Enum("FailOn", {name: name for name in baseline_module.FAIL_ON}, type=str)


RULES_DEFAULT = "default: ./rules.yaml when there is one, else the shipped rules"
PATHS = typer.Argument(..., metavar="PATH...",
                       help="Article files or folders (searched recursively); - reads standard input.")
RULES = typer.Option(None, "--rules", "-r", metavar="FILE", help=f"Rules file ({RULES_DEFAULT}).")
INCLUDE = typer.Option(None, "--include", metavar="GLOB",
                       help="Files to read in folders (repeatable; default: *.txt, *.md, *.html, *.htm).")
EXCLUDE = typer.Option(None, "--exclude", metavar="GLOB", help="Files to skip in folders (repeatable).")
MAX_SIZE = typer.Option(articles.DEFAULT_MAX_BYTES, "--max-size", min=1, metavar="BYTES",
                        help="Skip files larger than this (default: 5242880, 5 MiB).")
JOBS = typer.Option(0, "--jobs", "-j", min=0, metavar="N",
                    help="Worker processes for reading and extraction (default: 0, every core).")
COLOR = typer.Option(Color.auto, "--color", metavar="WHEN",
                     help="Colour: auto (on a terminal, unless NO_COLOR is set), always or never "
                          "(default: auto).")
STDIN_FILENAME = typer.Option(None, "--stdin-filename", metavar="NAME",
                              help="Name of the article read from standard input (-); its "
                                   "extension says how to read it (.md, .html).")


class Terminated(Exception):
    """The process was asked to stop (SIGTERM)."""


def guarded(command):
    """Turn expected failures into one line on stderr and exit status 2 (a closed standard
    output: no line, as cat)."""
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except CryptoDiffError as exc:
            _fail(str(exc))
        except KeyboardInterrupt:
            _fail("interrupted")
        except Terminated:
            _fail("terminated")
        except BrokenPipeError:
            _quiet_exit()
        except MemoryError:
            _fail("out of memory")
        except Exception as exc:
            if "BrokenExecutor" in {c.__name__ for c in type(exc).__mro__}:
                _fail("a worker process stopped before its work was done (killed, or out of memory)")
            raise
    return wrapper


def _fail(message: str):
    sys.stderr.write(f"crypto-diff: error: {message}\n")
    sys.stderr.flush()
    raise typer.Exit(2)


def _quiet_exit():
    """Standard output is closed (a reader such as head is done): stop without a word,
    and without the error that flushing it again at exit would print."""
    _silence_stdout()
    raise typer.Exit(2)


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


def _write_before_commands(text: str) -> int:
    """Help or the version, written before any command runs (outside guarded): the same
    answers to a closed or full standard output as a command's. Returns the exit status."""
    try:
        _write(text)
    except BrokenPipeError:
        _silence_stdout()
        return 2
    except CryptoDiffError as exc:
        sys.stderr.write(f"crypto-diff: error: {exc}\n")
        return 2
    return 0


def _write(text: str) -> None:
    """Write to standard output; a device that is full is an error of one line."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise CryptoDiffError(f"cannot write to standard output: {exc.strerror or exc}") from None


def _print(console, renderable, **options) -> None:
    """Print to the terminal's console; a device that is full is an error of one line."""
    try:
        console.print(renderable, **options)
        console.file.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise CryptoDiffError(f"cannot write to standard output: {exc.strerror or exc}") from None


def _consoles(color: Color):
    from rich.console import Console  # deferred: Typer loads Rich's console only for --help
    force = {Color.always: True, Color.never: False}.get(color)
    no_color = color == Color.never or (color == Color.auto and "NO_COLOR" in os.environ)
    out = Console(force_terminal=force, no_color=no_color, highlight=False)
    err = Console(stderr=True, force_terminal=force, no_color=no_color, highlight=False)
    return out, err


def _load_rules(path):
    """The rules of path, else of the default file; a broken rules.yaml picked up from the
    working folder says so, and how to pick other rules."""
    from . import rules_loader  # deferred: it loads regex, which --help does not need
    try:
        return rules_loader.load_rules(path)
    except CryptoDiffError as exc:
        found = rules_loader.default_rules_path()
        if path is None and found.resolve() != rules_loader.SHIPPED.resolve():
            exc.message += (f" (this rules.yaml was read from the working folder because no "
                            f"--rules was given; pass --rules FILE for other rules, or --rules "
                            f"{rules_loader.SHIPPED} for the shipped ones)")
        raise


def _inputs(rules_path, include, exclude, max_size, stdin_name=None):
    """The loaded rules and the options for finding and reading articles."""
    options = articles.Options(include=tuple(include or articles.DEFAULT_INCLUDE),
                               exclude=tuple(exclude or ()), max_bytes=max_size,
                               stdin_name=stdin_name)
    return _load_rules(rules_path), options


def _warn(err):
    return lambda message: err.print(f"crypto-diff: warning: {message}", markup=False,
                                      soft_wrap=True)


def _figures(paths, rules_path, include, exclude, max_size, jobs, err, stdin_name=None):
    """The rules, and the figures of the inputs (pipeline.Extraction), with a progress bar on a
    terminal for long runs."""
    from . import pipeline  # deferred: it loads regex and the extractors, which --help does not need
    loaded, options = _inputs(rules_path, include, exclude, max_size, stdin_name)
    jobs = jobs or pipeline.default_jobs()
    if not err.is_terminal:
        return loaded, pipeline.read_and_extract(paths, loaded, options, _warn(err), jobs)
    from rich.progress import Progress  # deferred: only a run on a terminal shows progress
    with Progress(console=err, transient=True) as bar:
        task = bar.add_task("reading articles", total=None, visible=False)

        def progress(done, total):
            bar.update(task, completed=done, total=total, visible=total >= PROGRESS_FROM)
        found = pipeline.read_and_extract(paths, loaded, options, _warn(err), jobs, progress)
    return loaded, found


def _facts(paths, rules_path, include, exclude, max_size, jobs, err, stdin_name=None):
    """The rules, the figures of the inputs (pipeline.Extraction, with the stories they
    tell) and their facts."""
    from . import pipeline  # deferred, as in _figures
    loaded, found = _figures(paths, rules_path, include, exclude, max_size, jobs, err, stdin_name)
    return loaded, found, pipeline.facts(found, loaded, jobs or pipeline.default_jobs())


@app.command()
@guarded
def compare(
    paths: List[str] = PATHS,
    rules: Optional[Path] = RULES,
    format: Format = typer.Option(Format.table, "--format", "-f", metavar="FORMAT",
                                  help=f"Output format: {', '.join(FORMATS)} (default: table)."),
    details: bool = typer.Option(False, "--details", "-d",
                                 help="Table: add every figure's evidence, file:line:column and sentence."),
    show_all: bool = typer.Option(False, "--all", "-a",
                                  help="Also list the facts that only one source states."),
    baseline: Optional[Path] = typer.Option(
        None, "--baseline", "-b", metavar="FILE",
        help=f"Accepted contradictions; only others count as new. Given without a value "
             f"(last, or before another option): {baseline_module.DEFAULT_FILE}."),
    fail_on: FailOn = typer.Option(FailOn.conflict, "--fail-on", metavar="WHAT",
                                   help="What new finding makes the exit status 1: conflict, "
                                        "approx or never (default: conflict)."),
    exit_zero: bool = typer.Option(False, "--exit-zero", help="Exit 0 even on new contradictions."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="FILE",
                                          help="Write the report to this file; the terminal gets a summary."),
    include: Optional[List[str]] = INCLUDE,
    exclude: Optional[List[str]] = EXCLUDE,
    max_size: int = MAX_SIZE,
    jobs: int = JOBS,
    color: Color = COLOR,
    stdin_filename: Optional[str] = STDIN_FILENAME,
):
    """Group the figures of the articles into facts and show where the sources agree or
    contradict each other. Exit status: 0 nothing new, 1 new contradictions, 2 trouble."""
    out, err = _consoles(color)
    accepted = baseline_module.read_baseline(baseline) if baseline is not None else None
    loaded, found, facts = _facts(paths, rules, include, exclude, max_size, jobs, err, stdin_filename)
    # without a baseline every contradiction is new
    diff = baseline_module.diff(facts, accepted, loaded.kinds)
    report = Report(facts, diff, loaded, details, baseline_module.reported_verdicts(fail_on.value),
                    sources=found.sources, stories=tuple(found.stories), show_all=show_all)
    alone = len(found.sources) == 1
    if alone:
        only = found.sources[0].path
        err.print(f"crypto-diff: only one article was read ({only}): nothing to compare it with; "
                  f"`crypto-diff extract {only}` lists its figures", soft_wrap=True, markup=False)
    rendered = render(format.value, report)
    if output is not None:
        write_atomic(output, rendered if isinstance(rendered, str) else _plain(rendered))
        for line in stale_lines(report.shown):
            err.print(line, soft_wrap=True, markup=False)
        _print(out, f"{summary_line(facts, report.shown, show_all)}; report written to {output}",
               soft_wrap=True, markup=False)
    elif isinstance(rendered, str):
        _write(rendered)
    elif not alone:
        _print(out, rendered, soft_wrap=not out.is_terminal)  # plain output never wraps
    failing = diff.failing(facts, fail_on.value)
    raise typer.Exit(1 if failing and not exit_zero else 0)


def _plain(renderable) -> str:
    """A Rich renderable as plain text, for a file."""
    from rich.console import Console  # deferred, as in _consoles
    buffer = io.StringIO()
    Console(file=buffer, width=120, no_color=True, force_terminal=False,
            highlight=False).print(renderable, soft_wrap=True)
    return buffer.getvalue()


@app.command("baseline")
@guarded
def baseline_command(
    paths: List[str] = PATHS,
    rules: Optional[Path] = RULES,
    baseline: Path = typer.Option(Path(baseline_module.DEFAULT_FILE), "--baseline", "-b",
                                  metavar="FILE",
                                  help=f"The baseline file to write (default: "
                                       f"{baseline_module.DEFAULT_FILE})."),
    include: Optional[List[str]] = INCLUDE,
    exclude: Optional[List[str]] = EXCLUDE,
    max_size: int = MAX_SIZE,
    jobs: int = JOBS,
    color: Color = COLOR,
    stdin_filename: Optional[str] = STDIN_FILENAME,
):
    """Write (or rewrite) the baseline: accept every contradiction found now, so that
    `compare --baseline` fails only on new ones. Stale entries are dropped."""
    out, err = _consoles(color)
    facts = _facts(paths, rules, include, exclude, max_size, jobs, err, stdin_filename)[2]
    entries = baseline_module.entries(facts)
    dropped = 0
    if baseline.exists():
        try:
            dropped = len(baseline_module.diff(facts, baseline_module.read_baseline(baseline)).stale)
        except CryptoDiffError:
            dropped = 0  # an unreadable old baseline is replaced whole
    baseline_module.write_baseline(baseline, entries)
    out.print(f"wrote {baseline}: {len(entries)} accepted contradiction"
              f"{'s' * (len(entries) != 1)}" + (f", {dropped} stale dropped" if dropped else ""))


@app.command()
@guarded
def extract(paths: List[str] = PATHS, rules: Optional[Path] = RULES,
            format: FigureFormat = typer.Option(FigureFormat.table, "--format", "-f", metavar="FORMAT",
                                                help=f"Output format: {', '.join(FIGURE_FORMATS)} "
                                                     f"(default: table)."),
            include: Optional[List[str]] = INCLUDE, exclude: Optional[List[str]] = EXCLUDE,
            max_size: int = MAX_SIZE, jobs: int = JOBS, color: Color = COLOR,
            stdin_filename: Optional[str] = STDIN_FILENAME):
    """List every figure found (kind, text, normalized value, file:line:column), for
    people writing rules. Figures on page-furniture lines are listed, marked."""
    out, err = _consoles(color)
    loaded, found = _figures(paths, rules, include, exclude, max_size, jobs, err, stdin_filename)
    rendered = render_figures(format.value, found.figures, loaded)
    if isinstance(rendered, str):
        _write(rendered)
    else:
        _print(out, rendered, soft_wrap=not out.is_terminal)  # plain output never wraps


def expand_args(argv: list) -> list:
    """Give --baseline/-b its default file when it stands last or before another option."""
    out = []
    for i, arg in enumerate(argv):
        out.append(arg)
        if arg in ("--baseline", "-b") and "--" not in argv[:i]:
            following = argv[i + 1] if i + 1 < len(argv) else None
            if following is None or (following.startswith("-") and following != "-"):
                out.append(baseline_module.DEFAULT_FILE)
    return out


def baseline_folder(argv: list) -> Optional[str]:
    """The folder that argv gives as the value of --baseline/-b, if any: a file was meant."""
    for i, arg in enumerate(argv[:-1]):
        if arg == "--":
            break
        if arg in ("--baseline", "-b") and os.path.isdir(argv[i + 1]):
            return argv[i + 1]
        if arg.startswith("--baseline=") and os.path.isdir(arg.split("=", 1)[1]):
            return arg.split("=", 1)[1]
    return None


rules_app = typer.Typer(add_completion=False, no_args_is_help=True, context_settings=HELP,
                        help="Check, test and describe rules files.")
app.add_typer(rules_app, name="rules")
RULES_FILE = typer.Argument(None, metavar="FILE", help=f"Rules file ({RULES_DEFAULT}).")


@rules_app.command("check")
@guarded
def rules_check(file: Optional[Path] = RULES_FILE):
    """Validate a rules file and list its kinds, extractors and declared facts."""
    loaded = _load_rules(file)
    lines = [f"{loaded.path}: valid, {plural(len(loaded.kinds), 'kind')}, "
             f"{plural(len(loaded.extractors), 'extractor')}, "
             f"{plural(len(loaded.facts), 'declared fact')}"]
    lines += [f"  kind {kind.name}: {kind.label}, unit {kind.unit}, tolerance "
              f"{kind.tolerance:g}, band {kind.band:g}" for kind in loaded.kinds.values()]
    lines += [f"  extractor {e.id} ({e.kind}), line {e.line}, {plural(len(e.examples), 'example')}"
              for e in loaded.extractors]
    lines += [f"  fact {fact.id} ({fact.kind}): {fact.label}, line {fact.line}" for fact in loaded.facts]
    sys.stdout.write("".join(line + "\n" for line in lines))


@rules_app.command("test")
@guarded
def rules_test(file: Optional[Path] = RULES_FILE):
    """Run the examples of every extractor; each failure names the rule's file and line.
    Exit status: 0 all pass, 1 a failure, 2 the file is broken."""
    from . import extract  # deferred, as pipeline in _figures
    loaded = _load_rules(file)
    failures = extract.example_failures(loaded)
    total = sum(len(e.examples) for e in loaded.extractors)
    _write("".join(failure + "\n" for failure in failures)
           + f"{total - len(failures)} passed, {len(failures)} failed\n")
    raise typer.Exit(1 if failures else 0)


@rules_app.command("schema")
@guarded
def rules_schema():
    """Print the JSON Schema of rules files (for editors' completion and checking)."""
    import json  # deferred with the schema: only this command needs them
    from .rules_schema import json_schema
    _write(json.dumps(json_schema(), indent=2) + "\n")


def main(argv: Optional[list] = None) -> int:
    """Run the command line with argv (default: sys.argv[1:]); return the exit status.
    Usage mistakes are one line on stderr with status 2, like every other error. Help and
    the version are printed here, the same whatever Typer and Rich are installed. While it
    runs, SIGTERM stops the worker processes and then the run (one line, status 2)."""
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        return _main(argv)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _terminate(signum, frame):
    """SIGTERM: stop the worker processes, then raise Terminated here. A worker that
    received it (a signal to the whole process group) just stops."""
    if os.getpid() != _MAIN_PID[0]:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTERM)
        return
    processes = sys.modules.get("multiprocessing")
    if processes is not None:
        for child in processes.active_children():
            child.terminate()
    raise Terminated()


_MAIN_PID = [os.getpid()]


def _main(argv: Optional[list]) -> int:
    _MAIN_PID[0] = os.getpid()
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] and argv[0] in cli_help.VERSION_OPTIONS:
        return _write_before_commands(f"crypto-diff {__version__}\n")
    if not argv or argv == ["rules"] or any(a in cli_help.HELP_OPTIONS for a in argv):
        asked = cli_help.requested(argv, typer.main.get_command(app))
        if asked is not None:
            return _write_before_commands(cli_help.help_text(*asked))
    folder = baseline_folder(argv)
    if folder is not None:
        sys.stderr.write(f"crypto-diff: error: {folder}: this folder was taken as the baseline "
                         f"file (the value of --baseline); name a file (--baseline FILE), or put "
                         f"--baseline after the paths for {baseline_module.DEFAULT_FILE} "
                         f"(crypto-diff compare {folder} --baseline)\n")
        return 2
    argv = expand_args(argv)
    try:
        code = app(args=argv, prog_name="crypto-diff", standalone_mode=False)
    except Exception as exc:  # the command-line parser's own exceptions, by name:
        kinds = {c.__name__ for c in type(exc).__mro__}  # Typer may bring its own Click
        if "NoArgsIsHelpError" in kinds:
            return _write_before_commands(exc.ctx.get_help() + "\n")
        if "UsageError" in kinds or "ClickException" in kinds:
            path = getattr(getattr(exc, "ctx", None), "command_path", "crypto-diff")
            sys.stderr.write(f"crypto-diff: error: {' '.join(exc.format_message().split())} "
                             f"(see {path} --help)\n")
            return exc.exit_code or 2
        if "Abort" in kinds:
            sys.stderr.write("crypto-diff: error: interrupted\n")
            return 2
        if os.environ.get("CRYPTO_DIFF_TRACEBACK"):
            raise
        # a bug: still one line and status 2, never the 1 of new contradictions
        sys.stderr.write(f"crypto-diff: error: unexpected {type(exc).__name__}: "
                         f"{' '.join(str(exc).split())} (a bug; CRYPTO_DIFF_TRACEBACK=1 "
                         f"shows where)\n")
        return 2
    return code if isinstance(code, int) else 0
