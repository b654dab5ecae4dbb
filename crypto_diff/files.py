"""Writing files so that nothing the user had is ever half-written."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import CryptoDiffError


def write_atomic(path: str | Path, data: str | bytes, durable: bool = True) -> None:
    """Write data (text as UTF-8, or bytes) to path through a temporary file in the same
    folder and a rename: an interrupted write leaves the old file as it was, and no
    temporary file behind. durable: on the disk before the rename (the user's files;
    cache entries, which can always be made again, skip it). A problem raises
    CryptoDiffError."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise CryptoDiffError(f"cannot write: {exc.strerror or exc}", str(path)) from None
    try:
        text = isinstance(data, str)
        with os.fdopen(handle, "w" if text else "wb", **({"encoding": "utf-8", "newline": "\n"}
                                                         if text else {})) as out:
            out.write(data)
            if durable:
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
