"""Writing a file whole, in one rename, and never through a link someone planted; reading
one only when it is a regular file, without blocking on a FIFO planted in its place.

A CI job writes its reports and its cache inside a checkout that a pull request controls.
A temporary file at a name anyone can predict ("report.json.tmp") can be planted there as a
link to another file the job may write, and opening it would overwrite that file. So the
temporary file gets a random name and is created exclusively (``O_EXCL``: an existing
name, a link or not, is never opened); it then replaces the target in one rename, which
replaces a link standing at the target rather than following it; and it is removed
whatever stops the write, so a reader only ever sees the old file or the new one: by the
block's own cleanup on an exception, and by `remove_temporaries` from a signal handler
(SIGTERM ends a process without running any cleanup). A run killed outright (SIGKILL) can
leave a hidden ``.NAME.RANDOM.tmp`` behind, which no later run opens or mistakes for a
report (no reader knows the ``.tmp`` suffix).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL
_FLAGS |= getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


# The temporary files this process is writing, with the process that made each: the one
# piece of process-wide state here, because a signal handler has no other way to find them
# (a forked worker inherits a copy, and must not remove its parent's files).
_WRITING: dict[Path, int] = {}


def remove_temporaries() -> None:
    """Remove the temporary files this process is writing; for a signal handler that is
    about to end the process."""
    for temporary, pid in list(_WRITING.items()):
        if pid == os.getpid():
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def create_new(path: Path, mode: int = 0o666) -> int:
    """A file descriptor for a file that did not exist: raises FileExistsError for any
    existing name, a dangling link included. ``mode`` is narrowed by the umask."""
    return os.open(path, _FLAGS, mode)


@contextlib.contextmanager
def replacing(path: Path, mode: int = 0o666, newline: str | None = None) -> Iterator[TextIO]:
    """A UTF-8 text file that replaces ``path`` when the block ends without an exception;
    on any exception (an interrupt, a SIGTERM turned into SystemExit) it is removed.

    A device or a pipe is written to, not replaced: ``--output /dev/null``, a FIFO, or the
    stream a shell hands over (``/dev/stdout``, ``/dev/fd/63`` of ``>(...)``). Renamed
    over, /dev/null would become a plain file for every program on the machine."""
    if _written_through(path):
        with open(path, "w", encoding="utf-8", newline=newline) as stream:
            yield stream
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        temporary = path.with_name(f".{path.name[:40]}.{secrets.token_hex(8)}.tmp")
        try:
            descriptor = create_new(temporary, mode)
            break
        except FileExistsError:  # planted, or a leftover: never touched, another name
            continue
    _WRITING[temporary] = os.getpid()
    try:
        with open(descriptor, "w", encoding="utf-8", newline=newline) as file:
            yield file
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    finally:
        _WRITING.pop(temporary, None)


# links to the process's own streams, which the shell set up: written through whatever
# they lead to (a terminal, a pipe, the file of a redirection)
_STREAM_LINKS = ("/dev/stdout", "/dev/stderr", "/dev/fd/", "/proc/self/fd/")


def _written_through(path: Path) -> bool:
    """``path`` is itself a character device or a FIFO, or a link to one of this process's
    streams. Any other link is replaced, never followed (a link planted in a checkout)."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    if stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode):
        return True
    return stat.S_ISLNK(info.st_mode) and str(path).startswith(_STREAM_LINKS)


def read_regular(
    path: Path, limit: int | None = None, *, private: bool = False, follow_links: bool = False
) -> bytes:
    """The bytes of a regular file (up to ``limit``), opened without blocking, so a FIFO,
    socket or device planted in its place is refused by what it is instead of hanging the
    run; without following a link unless ``follow_links``; ``private``: a file of this user
    that no one else may read or write. Anything else raises OSError."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    flags |= getattr(os, "O_BINARY", 0) | (0 if follow_links else getattr(os, "O_NOFOLLOW", 0))
    descriptor = os.open(path, flags)
    with open(descriptor, "rb") as file:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(f"not a regular file: {path}")
        if limit is not None and info.st_size > limit:
            raise OSError(f"{path} is over {limit:,} bytes")
        mine = os.name != "posix" or info.st_uid == os.geteuid()
        if private and (not mine or info.st_mode & 0o077):
            raise OSError(f"{path} is not private")
        return file.read() if limit is None else file.read(limit + 1)
