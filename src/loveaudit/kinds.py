"""Deciding what kind of message a document is: the rules and weights depend on it.

In order: the kind the user gave (or the kind of the purpose they gave), a configured path
glob, the kind of a purpose configured for the path, content cues from the packs (an
invoice says so), else `web`. The reason is kept so the report can say how.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

from loveaudit.document import Document
from loveaudit.literals import needed_strings, search

DEFAULT_KIND = "web"


def _lower_case_only(needed: tuple[str, ...] | None) -> tuple[str, ...] | None:
    """Needed strings usable on lower-cased text: a pattern that ignores case and spells a
    literal in capitals is always searched."""
    return needed if needed is not None and all(s == s.lower() for s in needed) else None


class KindCues:
    """Content cues per kind, compiled once: regexes counted in the first part of the text."""

    def __init__(self, cues: Mapping[str, Any]) -> None:
        self.window = int(cues.get("window", 3000)) if isinstance(cues, Mapping) else 3000
        self._kinds: list[tuple[str, list[tuple[re.Pattern[str], tuple[str, ...] | None]], int]]
        self._kinds = []
        for kind, spec in (cues.get("kinds") or {}).items():
            patterns = [
                (re.compile(p, re.I | re.M), _lower_case_only(needed_strings(p)))
                for p in spec.get("patterns", [])
            ]
            self._kinds.append((kind, patterns, int(spec.get("min_hits", 1))))

    def decide(self, text: str) -> tuple[str, list[str]] | None:
        head = text[: self.window]
        folded = head.lower()
        best: tuple[int, str, list[str]] | None = None
        for kind, patterns, min_hits in self._kinds:
            found = []
            for pattern, needed in patterns:
                m = search(pattern, needed, head, folded)
                if m:
                    found.append(m.group().strip())
            if len(found) >= min_hits and (best is None or len(found) > best[0]):
                best = (len(found), kind, found)
        return (best[1], best[2]) if best else None


def glob_match(
    path: str | None, globs: Mapping[str, str], base: Path | None
) -> tuple[str, str] | None:
    """The first configured (glob, value) whose glob matches the path, relative to the
    configuration's folder: kinds and purposes are set per path the same way."""
    if not path or not globs:
        return None
    where = Path(path)
    try:
        rel = where.resolve().relative_to(base.resolve()) if base else where
    except ValueError:
        rel = where
    posix = rel.as_posix()
    for pattern, value in globs.items():
        if fnmatchcase(posix, pattern.replace("**", "*")):
            return pattern, value
    return None


def decide_kind(
    document: Document,
    *,
    explicit: str | None,
    globs: Mapping[str, str],
    base: Path | None,
    cues: KindCues,
    implied: tuple[str, str] | None = None,
) -> Document:
    """The document with its kind and the reason for it. ``implied`` is the kind (and
    reason) of a purpose configured for the document's path: it comes after the kind
    globs, before the content cues."""
    if explicit:
        return document.with_kind(explicit, "given with --kind")
    matched = glob_match(document.path, globs, base)
    if matched:
        pattern, kind = matched
        return document.with_kind(kind, f"path matches {pattern!r} in configuration")
    if implied:
        return document.with_kind(*implied)
    decided = cues.decide(document.text)
    if decided:
        kind, found = decided
        quoted = ", ".join(repr(f) for f in found[:3])
        return document.with_kind(kind, f"content mentions {quoted}")
    if document.format_kind:
        return document.with_kind(
            document.format_kind, f"{document.format} format: {document.format_kind} by default"
        )
    return document.with_kind(DEFAULT_KIND, "default")
