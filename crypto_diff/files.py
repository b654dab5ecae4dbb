"""Writing files so that nothing the user had is ever half-written."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import CryptoDiffError


def write_atomic(path: str | Path, text: str) -> None:
    """Write text to path through a temporary file in the same folder and a rename: an
    interrupted write leaves the old file as it was, and no temporary file behind."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise CryptoDiffError(f"cannot write: {exc.strerror or exc}", str(path)) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        if path.exists():
            os.chmod(temp, path.stat().st_mode & 0o777)
        os.replace(temp, path)
    except BaseException as exc:
        try:
            os.unlink(temp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise CryptoDiffError(f"cannot write: {exc.strerror or exc}", str(path)) from None
        raise
