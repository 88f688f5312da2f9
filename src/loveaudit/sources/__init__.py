"""Readers: one per file format, each turning a source into a `Document`."""

from __future__ import annotations

import importlib
import os
import stat
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from loveaudit.document import Document
from loveaudit.errors import SourceError
from loveaudit.limits import MAX_FILE_BYTES
from loveaudit.sources.decode import decode
from loveaudit.sources.html import read_html
from loveaudit.sources.text import read_text

Reader = Callable[[str, "str | None", "tuple[str, ...]"], Document]
BinaryReader = Callable[[bytes, "str | None", "tuple[str, ...]"], Document]


def _on_first_use(module: str, name: str) -> Callable[..., Document]:
    """A reader whose module, and the library it reads with (Markdown, e-mail, XML, Word,
    PDF), is imported when a file of its format is first read: a run pays only for the
    formats it meets."""

    def read(*args: Any) -> Document:
        reader = getattr(importlib.import_module(f"loveaudit.sources.{module}"), name)
        return reader(*args)

    read.__name__ = read.__qualname__ = name
    return read


read_docx: BinaryReader = _on_first_use("docx", "read_docx")
read_email: Reader = _on_first_use("email", "read_email")
read_markdown: Reader = _on_first_use("markdown", "read_markdown")
read_msg: BinaryReader = _on_first_use("email", "read_msg")
read_pdf: BinaryReader = _on_first_use("pdf", "read_pdf")
read_speech: Reader = _on_first_use("speech", "read_speech")

# Formats that are not text: the reader gets the file's bytes.
BINARY_READERS: dict[str, BinaryReader] = {
    ".pdf": read_pdf,
    ".docx": read_docx,
    ".msg": read_msg,
}

READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".text": read_text,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".html": read_html,
    ".htm": read_html,
    ".eml": read_email,
    ".ssml": read_speech,
    ".twiml": read_speech,
    ".xml": read_speech,  # read when named; not picked up from folders (see WALKED)
}

# Suffixes audited when a folder is walked: .xml is too general (sitemaps, configs).
WALKED = (frozenset(READERS) | frozenset(BINARY_READERS)) - {".xml"}

FORMATS: dict[str, Reader] = {
    "text": read_text,
    "markdown": read_markdown,
    "html": read_html,
    "email": read_email,
    "ssml": read_speech,
    "twiml": read_speech,
}


def supported(path: Path) -> bool:
    """Whether a file found while walking a folder is one loveaudit reads."""
    return path.suffix.lower() in WALKED


def read_string(text: str, fmt: str = "text", path: str | None = None) -> Document:
    """A document from text already in memory (library use)."""
    if not isinstance(text, str):
        hint = (
            " (decode bytes first, or use read_bytes)"
            if isinstance(text, bytes | bytearray)
            else ""
        )
        raise TypeError(f"text must be a str, not {type(text).__name__}{hint}")
    try:
        reader = FORMATS[fmt]
    except KeyError:
        raise SourceError(path or "<text>", f"unknown format {fmt!r}") from None
    text, warnings = _valid_unicode(text)
    return reader(text, path, warnings)


def _valid_unicode(text: str) -> tuple[str, tuple[str, ...]]:
    """Text that UTF-8 can hold, with a warning if it had to change: a string in memory
    may carry lone surrogates (from ``surrogateescape`` or a bad JSON escape), which
    neither spaCy nor any report can encode."""
    try:
        text.encode("utf-8")
        return text, ()
    except UnicodeEncodeError as exc:
        first = exc.start
    fixed = "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in text)
    return fixed, (f"not valid Unicode (a lone surrogate at offset {first}); replaced with U+FFFD",)


def read_bytes(data: bytes, path: str, suffix: str | None = None) -> Document:
    """A document from a file's bytes; the suffix picks the reader (plain text if unknown)."""
    suffix = (suffix or Path(path).suffix).lower()
    try:
        if suffix in BINARY_READERS:
            return BINARY_READERS[suffix](data, path, ())
        text, warnings = decode(data, path)
        reader = READERS.get(suffix, read_text)
        return reader(text, path, warnings)
    except RecursionError:  # markup nested thousands deep: the parsers recurse
        raise SourceError(path, "nested too deeply to read (thousands of levels)") from None


def read_path(path: Path, display: str | None = None, max_bytes: int = MAX_FILE_BYTES) -> Document:
    """Read one file; any failure is a `SourceError` naming the file."""
    name = display or str(path)
    return read_bytes(load_bytes(path, name, max_bytes), name, path.suffix)


STDIN = "<stdin>"


def read_stdin(max_bytes: int = MAX_FILE_BYTES) -> Document:
    """Standard input as a plain-text document, decoded as a file is (binary refused,
    UTF-16 by its byte-order mark, Windows-1252 with a warning): piped bytes are whatever
    the shell was given, and a bad byte must fail this input, not the whole run."""
    if sys.stdin is None or sys.stdin.closed:
        raise SourceError(STDIN, "no standard input to read")
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:  # replaced by a text stream (a test, an embedding program)
        return read_string(sys.stdin.read(), "text", STDIN)
    try:
        data = read_capped(stream, max_bytes)
    except OSError as exc:
        raise SourceError(STDIN, exc.strerror or str(exc)) from None
    if len(data) > max_bytes:
        raise SourceError(
            STDIN, f"larger than the {max_bytes:,}-byte limit (max-file-bytes): skipped"
        )
    return read_bytes(data, STDIN, ".txt")


def read_capped(stream: BinaryIO, max_bytes: int, chunk: int = 1 << 20) -> bytes:
    """At most ``max_bytes + 1`` bytes (one more tells the caller the limit was passed),
    read a chunk at a time: a read of the limit itself would ask for that much memory at
    once, whatever the file holds."""
    parts: list[bytes] = []
    size = 0
    while size <= max_bytes:
        part = stream.read(min(chunk, max_bytes + 1 - size))
        if not part:
            break
        parts.append(part)
        size += len(part)
    return b"".join(parts)


def load_bytes(path: Path, name: str | None = None, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """A file's bytes, at most ``max_bytes`` of them; any failure is a `SourceError` that
    says what went wrong.

    Only a regular file is read. A FIFO would block the open until a writer came (forever,
    in a folder of copy), and a socket or a device holds no document; each is refused by
    name before it is opened, since opening a device may itself act. The file is then
    opened without blocking and checked again by its descriptor, in case a FIFO took the
    file's place between the two.
    """
    name = name or str(path)
    try:
        _regular_file(name, os.stat(path).st_mode)
        fd = os.open(path, os.O_RDONLY | _NO_WAIT)
        with open(fd, "rb") as stream:
            _regular_file(name, os.fstat(fd).st_mode)
            data = read_capped(stream, max_bytes)
        if len(data) > max_bytes:
            raise SourceError(
                name, f"larger than the {max_bytes:,}-byte limit (max-file-bytes): skipped"
            )
        return data
    except IsADirectoryError:
        raise SourceError(name, "is a directory") from None
    except FileNotFoundError:
        raise SourceError(name, "no such file") from None
    except PermissionError:
        raise SourceError(name, "permission denied") from None
    except OSError as exc:
        raise SourceError(name, exc.strerror or str(exc)) from None


# An open that returns at once, even on a FIFO with no writer (no such flag on Windows,
# which has no FIFOs in the file system); a regular file reads as usual.
_NO_WAIT = getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
_SPECIAL_FILES = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def _regular_file(name: str, mode: int) -> None:
    """Refuse anything but a regular file, saying what it is instead."""
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise SourceError(name, "is a directory")
    what = next((what for test, what in _SPECIAL_FILES if test(mode)), "something else")
    raise SourceError(name, f"not a regular file ({what}): skipped")


def expand(
    paths: list[str], skip: Callable[[Path], bool] | None = None
) -> Iterator[Path | str | SourceError]:
    """Files to audit from the paths given: folders are walked in sorted order.

    Explicit files are yielded whatever their suffix (the user named them); files found by
    walking a folder only when a reader knows their suffix. A path that does not exist is
    yielded as given, so reading it reports the error by name. A file reached twice (named
    twice, or named and inside a folder also given) is yielded once: audited twice, it
    would count twice in every total. ``skip`` drops files found by walking (the
    configuration's excludes) before they count as seen, so a file excluded from its folder
    is still audited when named on its own.

    A folder the walk cannot list is yielded as a `SourceError` where the walk met it: its
    files are not audited, and a run that passed without them would say the site is fine.
    It is left out when ``skip`` would leave out its files (a name of each suffix read is
    tried), so an excluded folder that cannot be listed does not fail the run.
    """
    seen: set[str] = set()

    def first_time(path: Path) -> bool:
        key = os.path.normcase(os.path.abspath(path))
        if key in seen:
            return False
        seen.add(key)
        return True

    def unlisted(failed: list[OSError]) -> Iterator[SourceError]:
        while failed:
            exc = failed.pop(0)
            folder = Path(exc.filename) if exc.filename else path
            if skip and all(skip(folder / f"_{suffix}") for suffix in sorted(WALKED)):
                continue
            if first_time(folder):  # a folder given twice is reported once
                yield SourceError(str(folder), f"cannot list the folder: {_reason(exc)}")

    stdin_given = False
    for raw in paths:
        if raw == "-":
            if not stdin_given:
                stdin_given = True
                yield raw
            continue
        path = Path(raw)
        if path.is_dir():
            failed: list[OSError] = []
            for root, dirs, files in os.walk(path, onerror=failed.append, followlinks=False):
                yield from unlisted(failed)
                dirs.sort()
                for name in sorted(files):
                    candidate = Path(root) / name
                    if (
                        supported(candidate)
                        and not (skip and skip(candidate))
                        and first_time(candidate)
                    ):
                        yield candidate
            yield from unlisted(failed)
        elif first_time(path):
            yield path


def _reason(exc: OSError) -> str:
    """An operating system's error in the words the other input errors use."""
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, FileNotFoundError):
        return "no such folder"
    return exc.strerror or str(exc)
