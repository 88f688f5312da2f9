"""Size and time limits: no input can make a run take unbounded memory or time.

Both are settings (`max-file-bytes`, `max-seconds` in configuration, or the options of the
same names) with defaults no real piece of copy comes near: a 10 MB file is some 1.5
million words, and the largest real documents audit in a few seconds.
"""

from __future__ import annotations

import math
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

MAX_FILE_BYTES = 10_000_000
MAX_SECONDS = 120.0


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
    """Raise TimeLimitExceeded in this block after ``seconds``. It needs a Unix timer and
    the main thread (where the CLI and each worker process audit); elsewhere the block runs
    without a limit rather than not at all."""
    if (
        seconds <= 0
        or not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def expire(signum, frame):
        raise TimeLimitExceeded

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
