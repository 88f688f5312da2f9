"""Size and time limits: no input can make a run take unbounded memory or time.

Both are settings (`max-file-bytes`, `max-seconds` in configuration, or the options of the
same names) with defaults no real piece of copy comes near: a 10 MB file is some 1.5
million words, and the largest real documents audit in a few seconds.
"""

from __future__ import annotations

import ctypes
import math
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

MAX_FILE_BYTES = 10_000_000
MAX_SECONDS = 120.0

# What a reader of a packed format checks while it reads, since a small file can unpack to
# far more work than its size says. Fixed, not settings: each is many times what a real
# document holds, and the time limit stops anything below them that is still too slow.
# A Word document's XML parts unpacked: python-docx holds them parsed, at some 130 bytes
# of memory per element, so 25 MB of the densest XML is about half a gigabyte; a
# thousand-page manuscript's is a few megabytes.
MAX_WORD_XML_BYTES = 25_000_000
# Paragraphs in a Word document, table cells' included: a 500-page book has about 10,000.
MAX_PARAGRAPHS = 100_000
# Pages of a PDF: laying out a page of text takes tens of milliseconds, so 2,000 pages are
# already more than the default time limit; an empty page still costs half a millisecond.
MAX_PAGES = 2_000


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = MAX_FILE_BYTES
    max_seconds: float = MAX_SECONDS  # per document


def limit_problem(key: str, value: object) -> str | None:
    """What is wrong with a limit's value, or None: a byte count is a whole number of at
    least 1, a time a finite number of seconds above 0 (a NaN or infinite limit would
    fail every file rather than bound it)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return "must be a positive number"
    if key == "max-file-bytes":
        if value < 1 or value != int(value):
            return "must be a whole number of bytes, at least 1"
        return "must be at most 2**62 bytes" if value > 2**62 else None
    if value <= 0:
        return "must be a positive number of seconds"
    return "must be at most 1,000,000,000 seconds" if value > 10**9 else None


class TimeLimitExceeded(BaseException):
    """A document took longer than its time limit. A BaseException, so that the handler
    that keeps one failing rule from stopping an audit does not swallow it."""


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise TimeLimitExceeded in this block after ``seconds``.

    In the main thread (the CLI, each ``--jobs`` worker) a Unix timer's signal raises it,
    which also ends a system call that blocks; in any other thread (a Dask worker runs
    tasks in threads) a timer thread raises it in this one, at its next Python step. Either
    way code that runs long in C without returning to Python (one huge regex match, one
    huge XML parse) is stopped when it returns, which is why readers bound their sizes too.
    """
    if seconds <= 0:
        yield
    elif hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
        with _signal_deadline(seconds):
            yield
    else:
        with _thread_deadline(seconds):
            yield


@contextmanager
def _signal_deadline(seconds: float) -> Iterator[None]:
    def expire(signum, frame):
        raise TimeLimitExceeded

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _thread_deadline(seconds: float) -> Iterator[None]:
    """The limit for a thread other than the main one, whose signals it cannot receive.
    The timer raises only while the block runs: leaving it disarms the timer and drops an
    exception set but not yet raised, under one lock, so none can reach the caller after
    the block."""
    target = threading.get_ident()
    lock = threading.Lock()
    armed = True

    def expire() -> None:
        with lock:
            if armed:
                _raise_in(target, TimeLimitExceeded)

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            armed = False
            timer.cancel()
            _raise_in(target, None)


def _raise_in(thread_id: int, exception: type[BaseException] | None) -> None:
    """Have a thread raise ``exception`` at its next Python step (None: no longer)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(exception) if exception else None
    )
