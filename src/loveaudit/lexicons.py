"""Named word lists and patterns: the vocabulary rules share, declared once in the packs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Lexicon:
    """A named list of words and phrases, shared by every rule that refers to it."""

    name: str
    phrases: tuple[str, ...]
    exact: bool = False
    description: str = ""
    source: str = ""
    excludes: str = ""
    replacements: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Pattern:
    """A named regular expression, for what a phrase list cannot say (dates, amounts)."""

    name: str
    regex: str
    description: str = ""
    anchor: str | None = None
    source: str = ""
    # how far before an anchor hit a match may start, in characters: a pattern whose
    # anchor sits near its start searches a narrow window around each hit
    reach: int = 160
