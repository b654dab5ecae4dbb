"""Reading files without waiting on what is not a file, and writing them so that nothing
the user had is ever half-written, and nothing but the file named is ever changed.

Only regular files are read: a FIFO, a device or a socket is refused before anything is
read from it (a FIFO without a writer, /dev/zero, would keep a reader waiting forever).

A regular file (or a new one) is written through a temporary file in its folder and a
rename; a symbolic link is followed, so the file it points at is written and the link
stays. A device, a FIFO, a socket, or a path into /dev or /proc (/dev/stdout is a link
to /proc/self/fd/1) is written straight into, as a shell's redirection would: renaming a
file onto it would replace the node itself.
"""
from __future__ import annotations

import errno
import os
import stat
import sys
import tempfile
from pathlib import Path

from .errors import CryptoDiffError

SPECIAL = ("/dev/", "/proc/")  # nodes that are opened, never replaced
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # POSIX: open a FIFO without waiting for the other end
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
TEMP_SUFFIX = ".tmp"
CHUNK = 1 << 20  # bytes read at a time: a size limit is never allocated at once
NODE_TYPES = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
              (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
              (stat.S_ISDIR, "a folder"))


class NotARegularFile(OSError):
    """A path that names something other than a regular file; str() says what."""

    def __init__(self, what: str, filename: str):
        super().__init__(errno.EINVAL, f"not a regular file ({what})", filename)


def read_regular(path: str | Path, limit: int | None = None) -> bytes:
    """The bytes of a regular file (at most limit + 1 of them, read a chunk at a time),
    without waiting: the file is opened without blocking and looked at before anything
    is read. Raises NotARegularFile for anything else, OSError when it cannot be read."""
    handle = os.open(path, os.O_RDONLY | _NONBLOCK | _CLOEXEC | getattr(os, "O_BINARY", 0))
    try:
        mode = os.fstat(handle).st_mode
        if not stat.S_ISREG(mode):
            what = next((name for test, name in NODE_TYPES if test(mode)), "not a file")
            raise NotARegularFile(what, str(path))
        if _NONBLOCK:
            os.set_blocking(handle, True)
        with os.fdopen(handle, "rb", closefd=False) as stream:
            return read_stream(stream, limit)
    finally:
        os.close(handle)


def read_stream(stream, limit: int | None = None, stop=None) -> bytes:
    """At most limit + 1 bytes of a binary stream (all of it when limit is None), a chunk
    at a time; stop(first chunk) true ends the reading after the first chunk."""
    chunks, size = [], 0
    while limit is None or size <= limit:
        want = CHUNK if limit is None else min(CHUNK, limit + 1 - size)
        chunk = stream.read(want)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if stop is not None and len(chunks) == 1 and stop(chunk):
            break
    return b"".join(chunks)


def write_atomic(path: str | Path, data: str | bytes, durable: bool = True,
                 tidy: bool = True) -> None:
    """Write data (text as UTF-8, or bytes) to path. A regular file is replaced through a
    temporary file in the same folder and a rename (an interrupted write leaves the old
    file as it was), keeping its mode; a new file gets the mode the umask gives. durable:
    on the disk before the rename (the user's files; cache entries, which can always be
    made again, skip it). tidy: first remove the temporary files that runs killed
    before their rename left beside it. A problem raises CryptoDiffError."""
    path = Path(path)
    data = data.encode("utf-8") if isinstance(data, str) else data
    try:
        descriptor = _descriptor(path)
        if descriptor is not None:
            if descriptor in (1, 2):  # what was printed before goes first
                (sys.stdout if descriptor == 1 else sys.stderr).flush()
            _write_all(descriptor, data)
            return
        target = _target(path)
        try:
            mode = os.stat(target).st_mode
        except FileNotFoundError:
            mode = None
        if mode is not None and stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if (mode is not None and not stat.S_ISREG(mode)) or _special(target):
            _write_into(target, data)
        else:
            _replace(target, data, durable, tidy,
                     stat.S_IMODE(mode) if mode is not None else 0o666 & ~_umask())
    except OSError as exc:
        raise CryptoDiffError(f"cannot write: {_reason(exc)}", str(path)) from None


def _target(path: Path) -> Path:
    """The file a path names once its symbolic links are followed (the path itself when
    it is no link); a link to a file not made yet names that file."""
    if not path.is_symlink():
        return path
    return Path(os.path.realpath(path))


def _special(path: Path) -> bool:
    return os.path.abspath(path).startswith(SPECIAL)


def _descriptor(path: Path):
    """The open file descriptor a path names (/dev/stdout, /dev/stderr, /dev/fd/N,
    /proc/self/fd/N), or None: the report goes to what the process already has open, as
    it would through a shell's redirection, never to a file opened anew."""
    name = os.path.abspath(path)
    named = {"/dev/stdout": 1, "/dev/stderr": 2}.get(name)
    if named is not None:
        return named
    for head in ("/dev/fd/", "/proc/self/fd/", f"/proc/{os.getpid()}/fd/"):
        if name.startswith(head) and name[len(head):].isdigit():
            return int(name[len(head):])
    return None


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _write_into(target: Path, data: bytes) -> None:
    """Write into a node that is not a regular file: a device, a FIFO (which some process
    must be reading: nothing waits for one to come), /dev/stdout."""
    try:
        handle = os.open(target, os.O_WRONLY | _NONBLOCK | _CLOEXEC | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # a FIFO nobody has open for reading
            raise OSError(errno.ENXIO, "nothing reads from this FIFO") from None
        raise
    try:
        if _NONBLOCK:
            os.set_blocking(handle, True)
        _write_all(handle, data)
    finally:
        os.close(handle)


def _write_all(handle: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(handle, view):]


def _replace(target: Path, data: bytes, durable: bool, tidy: bool, mode: int) -> None:
    folder = target.parent if str(target.parent) else Path(".")
    prefix = f".{target.name}.{os.getpid()}."
    if tidy:
        _remove_leftovers(folder, target.name)
    handle, temp = tempfile.mkstemp(prefix=prefix, suffix=TEMP_SUFFIX, dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            if hasattr(os, "fchmod"):
                os.fchmod(out.fileno(), mode)
            else:
                os.chmod(temp, mode)
            if durable:
                out.flush()
                os.fsync(out.fileno())
        os.replace(temp, target)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise


def _remove_leftovers(folder: Path, name: str) -> None:
    """Remove the temporary files of this name that runs no longer running left (killed
    between writing and renaming): each carries the id of the process that made it."""
    head = f".{name}."
    if os.name != "posix":  # os.kill(pid, 0) tests a process only on POSIX systems
        return
    try:
        entries = os.listdir(folder)
    except OSError:
        return
    for entry in entries:
        if not (entry.startswith(head) and entry.endswith(TEMP_SUFFIX)):
            continue
        pid = entry[len(head):].split(".", 1)[0]
        if pid.isdigit() and not _running(int(pid)):
            try:
                os.unlink(folder / entry)
            except OSError:
                pass


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: running
        return True
    return True


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)
