"""Deciding what a document is for within its kind: a receipt or a reminder, a phone menu
or a queue announcement. What the presence rules expect depends on it.

In order: the purpose the user gave (--purpose), a configured path glob, content cues from
`rules/purposes.yaml`, else the kind's fallback purpose. The reason is kept, as for kinds,
so the report can say how it was decided.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from loveaudit.document import Document
from loveaudit.kinds import glob_match
from loveaudit.literals import (
    LiteralIndex,
    leading_strings,
    matches_at,
    needed_strings,
    quick_start,
    search,
)
from loveaudit.packs import Purpose

# a cue: its regex, strings one of which every match of it contains (None: unknown), and
# strings one of which every match starts with (None: unknown)
_Cue = tuple[re.Pattern[str], tuple[str, ...] | None, tuple[str, ...] | None]
# a purpose with its cues and its `against` cues
_Compiled = tuple[Purpose, list[_Cue], list[_Cue]]


def _cue(regex: str) -> _Cue:
    """A cue compiled led by a test of its first character (`quick_start`): the same
    matches, found sooner, since every cue of the kind is searched in every document."""
    return re.compile(quick_start(regex), re.M), needed_strings(regex), leading_strings(regex)


def _first_match(cue: _Cue, head: str, positions: Mapping[str, list[int]]) -> re.Match[str] | None:
    """The cue's first match in ``head``, as ``search`` finds it. A cue whose matches all
    start with known strings is tried only where one of them occurs (``positions``, the
    head's `LiteralIndex`), in order: the first place it matches is where a search would
    have stopped, found without scanning the rest of the head."""
    pattern, needed, leads = cue
    if leads is None:
        return search(pattern, needed, head)
    found = matches_at(pattern, head, leads, positions, first=True)
    return found[0] if found else None


class PurposeCues:
    """Each kind's purposes with their cues compiled once, in the order they are declared
    (a tie goes to the one declared first), and the kind's fallback."""

    def __init__(self, purposes: Mapping[str, Purpose], window: int) -> None:
        self.window = window
        self._by_kind: dict[str, list[_Compiled]] = {}
        self.fallbacks: dict[str, str] = {}
        self._leads: dict[str, LiteralIndex] = {}  # per kind: all its cues' first strings
        for purpose in purposes.values():
            if purpose.fallback:
                self.fallbacks[purpose.kind] = purpose.name
                continue
            self._by_kind.setdefault(purpose.kind, []).append(
                (
                    purpose,
                    [_cue(p) for p in purpose.cues],
                    [_cue(p) for p in purpose.against],
                )
            )
        for kind, compiled in self._by_kind.items():
            self._leads[kind] = LiteralIndex(
                lead
                for _, cues, against in compiled
                for cue in cues + against
                for lead in cue[2] or ()
            )

    def decide(self, kind: str, text: str) -> tuple[str, list[str]] | None:
        """The purpose whose cues outnumber its `against` cues most (at least its
        `min_hits`), with the words that decided it; None when no purpose wins. The cues
        are written in lower case and read lower-cased text: matching without IGNORECASE
        is twice as fast, and this runs on every document."""
        written = text[: self.window]
        head = written.lower().replace("\u2019", "'")
        if len(head) != len(written):  # a few letters lower-case to two: quote the read text
            written = head
        best: tuple[int, str, list[str]] | None = None
        compiled = self._by_kind.get(kind, ())
        positions = self._leads[kind].positions(head) if compiled else {}
        for purpose, cues, against in compiled:
            found = []
            for cue in cues:
                m = _first_match(cue, head, positions)
                if m:  # quoted as written
                    found.append(" ".join(written[m.start() : m.end()].split()))
            if not found:
                continue
            count = len(found) - sum(1 for cue in against if _first_match(cue, head, positions))
            if count >= purpose.min_hits and (best is None or count > best[0]):
                best = (count, purpose.name, found)
        return (best[1], best[2]) if best else None


def decide_purpose(
    document: Document,
    *,
    explicit: str | None,
    globs: Mapping[str, str],
    base: Path | None,
    purposes: Mapping[str, Purpose],
    cues: PurposeCues,
) -> Document:
    """The document with its purpose and the reason for it; its kind is already decided.
    A given or configured purpose of another kind is not used (the reason says so)."""
    kind = document.kind or "web"
    note = ""
    if explicit:
        if purposes[explicit].kind == kind:
            return document.with_purpose(explicit, "given with --purpose")
        note = f"--purpose {explicit} is for {purposes[explicit].kind}, not {kind}; "
    else:
        matched = glob_match(document.path, globs, base)
        if matched:
            pattern, purpose = matched
            if purposes[purpose].kind == kind:
                return document.with_purpose(purpose, f"path matches {pattern!r} in configuration")
            note = f"configured purpose {purpose} is for {purposes[purpose].kind}, not {kind}; "
    decided = cues.decide(kind, document.text)
    if decided:
        purpose, found = decided
        quoted = ", ".join(repr(f) for f in found[:3])
        return document.with_purpose(purpose, f"{note}content mentions {quoted}")
    fallback = cues.fallbacks.get(kind)
    return document.with_purpose(fallback, f"{note}no cue of a more exact purpose")
