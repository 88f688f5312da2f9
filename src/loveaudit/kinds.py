"""Deciding what kind of message a document is: the rules and weights depend on it.

In order: the kind the user gave, a configured path glob, content cues from the packs
(an invoice says so), else `web`. The reason is kept so the report can say how.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

from loveaudit.document import Document

DEFAULT_KIND = "web"


class KindCues:
    """Content cues per kind, compiled once: regexes counted in the first part of the text."""

    def __init__(self, cues: Mapping[str, Any]) -> None:
        self.window = int(cues.get("window", 3000)) if isinstance(cues, Mapping) else 3000
        self._kinds: list[tuple[str, list[re.Pattern[str]], int]] = []
        for kind, spec in (cues.get("kinds") or {}).items():
            patterns = [re.compile(p, re.I | re.M) for p in spec.get("patterns", [])]
            self._kinds.append((kind, patterns, int(spec.get("min_hits", 1))))

    def decide(self, text: str) -> tuple[str, list[str]] | None:
        head = text[: self.window]
        best: tuple[int, str, list[str]] | None = None
        for kind, patterns, min_hits in self._kinds:
            found = []
            for pattern in patterns:
                m = pattern.search(head)
                if m:
                    found.append(m.group().strip())
            if len(found) >= min_hits and (best is None or len(found) > best[0]):
                best = (len(found), kind, found)
        return (best[1], best[2]) if best else None


def decide_kind(
    document: Document,
    *,
    explicit: str | None,
    globs: Mapping[str, str],
    base: Path | None,
    cues: KindCues,
) -> Document:
    """The document with its kind and the reason for it."""
    if explicit:
        return document.with_kind(explicit, "given with --kind")
    if document.path and globs:
        path = Path(document.path)
        try:
            rel = path.resolve().relative_to(base.resolve()) if base else path
        except ValueError:
            rel = path
        posix = rel.as_posix()
        for pattern, kind in globs.items():
            if fnmatchcase(posix, pattern.replace("**", "*")):
                return document.with_kind(kind, f"path matches {pattern!r} in configuration")
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
