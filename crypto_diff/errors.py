"""The one error type the tool raises for problems a user must fix.

Problems found in articles (a figure, a conflict) are data, never exceptions. Bad input
(a missing path, a broken rules file) raises CryptoDiffError, whose message says what is
wrong where; the command line prints it on one line and exits with status 2.
"""
from __future__ import annotations

from typing import Optional


class CryptoDiffError(Exception):
    def __init__(self, message: str, path: Optional[str] = None,
                 line: Optional[int] = None, column: Optional[int] = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = str(self.path)
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        return where + " ".join(self.message.split())  # always one line


def yaml_error(exc: Exception, path: str, marked: str, other: str) -> CryptoDiffError:
    """A YAML file that did not load, as one line: `marked` heads an error that has a place
    in the file (its line and column follow the path), `other` any other YAML error."""
    import yaml  # deferred: only a YAML file that failed to load gets here, yaml loaded by then
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        return CryptoDiffError(f"{marked}: {exc.problem or exc.context}", path, line, col)
    return CryptoDiffError(f"{other}: {exc}", path)
