"""The command line's help, written from the commands' own parameters.

Typer's help changes with its version and with Rich (markup eats "[default: ...]",
internal type names show, a bare group prints its help twice); this prints the same
plain text whatever is installed: usage, what the command does, its arguments and
options with their metavars and help, wrapped to the terminal.
"""
from __future__ import annotations

import inspect
import shutil
import textwrap

HELP_OPTIONS = ("-h", "--help")
VERSION_OPTIONS = ("-V", "--version")


def width() -> int:
    return max(60, min(100, shutil.get_terminal_size((80, 24)).columns))


def _paragraphs(text: str) -> list[str]:
    """A docstring's paragraphs, each on one line."""
    return [" ".join(p.split()) for p in inspect.cleandoc(text or "").split("\n\n") if p.strip()]


def _short(text: str) -> str:
    """The first sentence of a docstring."""
    first = _paragraphs(text)[0] if _paragraphs(text) else ""
    end = first.find(". ")
    return first if end < 0 else first[:end + 1]


def _rows(rows: list[tuple], out: list[str]) -> None:
    """Two columns: names, then help wrapped beside them (below them when names are long)."""
    total = width()
    left = min(max((len(name) for name, _ in rows), default=0), 28)
    for name, text in rows:
        lines = textwrap.wrap(text, total - left - 6) or [""]
        if len(name) > left:
            out.append(f"  {name}")
            out += [" " * (left + 4) + line for line in lines]
            continue
        out.append(f"  {name.ljust(left)}  {lines[0]}")
        out += [" " * (left + 4) + line for line in lines[1:]]


def _usage_piece(param) -> str:
    metavar = param.metavar or param.name.upper()
    if param.nargs == -1:
        metavar = metavar if metavar.endswith("...") else metavar + "..."
    return metavar if param.required else f"[{metavar}]"


def help_text(command, path: str) -> str:
    """The help of a command (a Click command or group, as Typer built it)."""
    params = [p for p in command.params if not getattr(p, "hidden", False)]
    arguments = [p for p in params if type(p).__name__.endswith("Argument")]
    options = [p for p in params if p not in arguments and p.name != "help"]
    subcommands = getattr(command, "commands", None)
    usage = f"Usage: {path} [OPTIONS]"
    usage += " COMMAND [ARGS]..." if subcommands else "".join(f" {_usage_piece(p)}" for p in arguments)
    out = [usage, ""]
    for paragraph in _paragraphs(command.help):
        out += textwrap.wrap(paragraph, width() - 2, initial_indent="  ", subsequent_indent="  ")
        out.append("")
    if arguments:
        out.append("Arguments:")
        _rows([(_usage_piece(p).strip("[]"), p.help or "") for p in arguments], out)
        out.append("")
    rows = []
    for p in options:
        names = ", ".join(sorted(p.opts + list(p.secondary_opts), key=len))
        if not getattr(p, "is_flag", False):
            names += f" {p.metavar or 'VALUE'}"
        rows.append((names, p.help or ""))
    rows.append(("-h, --help", "Show this help and exit."))
    if path.count(" ") == 0:
        rows.append(("-V, --version", "Show the version and exit."))
    out.append("Options:")
    _rows(rows, out)
    if subcommands:
        out += ["", "Commands:"]
        _rows([(name, _short(sub.help)) for name, sub in subcommands.items()], out)
    return "\n".join(out).rstrip() + "\n"


def requested(argv: list, group) -> tuple:
    """(the command whose help argv asks for, its path) when argv asks for help: no
    arguments, -h or --help before "--", or a group without its command; else None."""
    path, command = ["crypto-diff"], group
    asked = not argv
    for arg in argv:
        if arg == "--":
            break
        if arg in HELP_OPTIONS:
            asked = True
        elif not arg.startswith("-") and getattr(command, "commands", None) and arg in command.commands:
            command = command.commands[arg]
            path.append(arg)
    if getattr(command, "commands", None) and command is not group and not any(
            a in command.commands for a in argv):
        asked = True  # "crypto-diff rules": the group alone
    return (command, " ".join(path)) if asked else None
