"""File names as reports show them, and back: a name need not be valid UTF-8, a report must be.

A module of its own because readers, results and the git filter all need it, and none of
them should depend on another for it.
"""

from __future__ import annotations

import os
import re


def shown_path(path: str) -> str:
    """A path as reports print it. A file name that is not valid UTF-8 arrives with its
    bad bytes as lone surrogates, which no report can encode (JSON, SARIF and XML would
    be broken or refused); they are written as backslash escapes ("a\\xffb.txt")."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        pass
    try:  # the bytes the file system holds, each bad one escaped
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that stands for no byte
        return path.encode("utf-8", "backslashreplace").decode("utf-8")


_ESCAPED_BYTE = re.compile(r"\\x([89a-f][0-9a-f])")


def source_path(shown: str) -> str:
    """The file a path from a report names: `shown_path` undone (each escaped byte back to
    the surrogate Python reads it as), for a name that does not exist as written."""
    if "\\x" not in shown or os.path.exists(shown):
        return shown
    return _ESCAPED_BYTE.sub(lambda m: chr(0xDC00 + int(m[1], 16)), shown)
