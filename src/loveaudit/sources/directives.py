"""Suppression directives, read from a source file by line, so they work for every reader.

- HTML and Markdown: ``<!-- loveaudit-disable RULE[,RULE] -->`` ... ``<!-- loveaudit-enable -->``
  and ``<!-- loveaudit-disable-next-line RULE -->``; without rule ids, every rule.
- Plain text: a line of its own, ``loveaudit-disable-next-line RULE`` (also
  ``loveaudit-disable`` / ``loveaudit-enable``), optionally after ``#`` or ``//``. The
  marker line is blanked out of the audited text, so it is never audited as copy.

Readers only record the line ranges on the Document; turning findings off happens after
the checks (suppression.py), so the readers never depend on the results model.
"""

from __future__ import annotations

import re

from loveaudit.document import LINE_END, Suppression

_COMMENT = re.compile(
    r"<!--\s*loveaudit-(disable-next-line|disable|enable)\b([^>]*?)\s*-->", re.IGNORECASE
)
_MARKER = re.compile(
    r"^[ \t]*(?:#|//)?[ \t]*loveaudit-(disable-next-line|disable|enable)\b([^\n]*)$",
    re.IGNORECASE | re.MULTILINE,
)
_RULE_IDS = re.compile(r"[A-Za-z0-9_-]+")
_END = 10**9  # "to the end of the file"


def _line(source: str, offset: int) -> int:
    """The line as findings count it (document.SourceMap): a lone CR ends a line too."""
    if "\r" not in source:
        return source.count("\n", 0, offset) + 1
    return len(LINE_END.findall(source, 0, offset)) + 1


def _directives(source: str, pattern: re.Pattern[str]) -> list[Suppression]:
    found: list[Suppression] = []
    open_: list[tuple[frozenset[str] | None, int, str]] = []
    for m in pattern.finditer(source):
        verb = m.group(1).lower()
        ids = frozenset(_RULE_IDS.findall(m.group(2))) or None
        first, last = _line(source, m.start()), _line(source, m.end())
        written = f"{' '.join(m.group(0).split())} (line {first})"
        if verb == "disable-next-line":
            found.append(Suppression(ids, last + 1, last + 1, written))
        elif verb == "disable":
            open_.append((ids, first, written))
        else:  # enable closes every open range
            found.extend(Suppression(r, start, first, w) for r, start, w in open_)
            open_ = []
    found.extend(Suppression(r, start, _END, w) for r, start, w in open_)
    return found


def comment_directives(source: str) -> tuple[Suppression, ...]:
    """Directives in HTML comments (HTML and Markdown sources)."""
    if "loveaudit-" not in source:
        return ()
    return tuple(_directives(source, _COMMENT))


def marker_directives(text: str) -> tuple[tuple[Suppression, ...], str]:
    """Directives on marker lines of a plain-text file, and the text with those lines
    blanked (same length, so every offset still maps to the file)."""
    if "loveaudit-" not in text:
        return (), text
    found = _directives(text, _MARKER)
    blanked = _MARKER.sub(lambda m: " " * len(m.group(0)), text)
    return tuple(found), blanked
