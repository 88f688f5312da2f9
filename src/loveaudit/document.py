"""The document every reader produces and every check reads.

A reader turns a file (plain text, Markdown, HTML, ...) into prose plus a map back to the
file, so that a finding found in the prose can say where the writer has to look in the file
they actually edit.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from typing import NamedTuple
from urllib.parse import quote

import numpy as np

from loveaudit.paths import shown_path

# a line ends at LF, CR LF or a lone CR (old Mac files; CommonMark reads them so): the
# lines an editor shows, for positions, directives and the Markdown reader alike
LINE_END = re.compile(r"\r\n?|\n")


class Position(NamedTuple):
    """A 1-based line and column (columns count Unicode code points)."""

    line: int
    column: int


@dataclass(frozen=True)
class Segment:
    """A run of document text copied from a run of the source file."""

    text_start: int
    text_end: int
    source_start: int
    source_end: int


class SourceMap:
    """Maps offsets in a document's text to line and column in its source file.

    Readers record segments as they copy text out of the source; text between segments
    (separators a reader inserts) maps to the end of the segment before it. Lookups bisect
    over sorted starts, so a whole document costs O(log n) per finding.
    """

    __slots__ = ("_line_starts", "_seg_starts", "_segments")

    def __init__(self, source: str, segments: list[Segment] | None = None) -> None:
        starts = [0]
        if "\r" in source:
            # a lone CR ends a line too (old Mac files; CommonMark reads them so), and CR LF
            # is one ending: the lines a reader's editor shows
            starts += [m.end() for m in LINE_END.finditer(source)]
        else:
            find = source.find
            pos = find("\n")
            while pos != -1:
                starts.append(pos + 1)
                pos = find("\n", pos + 1)
        self._line_starts = starts
        if segments is None:  # the text is the source itself
            segments = [Segment(0, len(source), 0, len(source))]
        self._segments = segments
        self._seg_starts = [s.text_start for s in segments]

    @classmethod
    def identity(cls, text: str) -> SourceMap:
        """A map for documents whose text is the file's text, unchanged."""
        return cls(text)

    def source_offset(self, offset: int) -> int:
        """The offset in the source file of a text offset."""
        if not self._segments:
            return 0
        i = bisect_right(self._seg_starts, offset) - 1
        if i < 0:
            return self._segments[0].source_start
        seg = self._segments[i]
        if offset >= seg.text_end:  # inside a separator the reader inserted
            return seg.source_end
        return min(seg.source_start + (offset - seg.text_start), seg.source_end)

    def position(self, offset: int) -> Position:
        """Line and column in the source file of a text offset."""
        src = self.source_offset(offset)
        line = bisect_right(self._line_starts, src) - 1
        return Position(line + 1, src - self._line_starts[line] + 1)

    def positions(self, offsets: list[int]) -> tuple[list[int], list[int]]:
        """Lines and columns of many text offsets, each as `position` gives it: all the
        findings of a document are placed in one vectorised pass instead of two binary
        searches in Python per finding."""
        off = np.asarray(offsets, dtype=np.int64)
        segments = self._segments
        if not segments:
            src = np.zeros_like(off)
        else:
            # a page has thousands of segments and a few findings: only the segments
            # the offsets fall in are read out of their objects
            i = np.searchsorted(np.array(self._seg_starts, dtype=np.int64), off, side="right") - 1
            picked = [segments[j] for j in np.maximum(i, 0).tolist()]
            seg = np.array(
                [(s.text_start, s.text_end, s.source_start, s.source_end) for s in picked],
                dtype=np.int64,
            ).reshape(-1, 4)
            inside = np.minimum(seg[:, 2] + (off - seg[:, 0]), seg[:, 3])
            src = np.where(off >= seg[:, 1], seg[:, 3], inside)  # in a separator: its end
            src = np.where(i < 0, segments[0].source_start, src)
        line_starts = np.array(self._line_starts, dtype=np.int64)
        line = np.searchsorted(line_starts, src, side="right") - 1
        return (line + 1).tolist(), (src - line_starts[line] + 1).tolist()


@dataclass(frozen=True)
class Region:
    """A named stretch of the text the format knows about: headline, heading, title, body."""

    name: str
    start: int
    end: int


@dataclass(frozen=True)
class Locator:
    """How a format names a place, where line and column alone would not tell a reader
    where to look: "page 2, line 14" in a PDF, "paragraph 12" in a Word document."""

    pages: tuple[int, ...] = ()  # source line each page starts on (PDF)
    unit: str = ""  # "paragraph": a source line is a paragraph (Word)
    url: str = ""  # a web page: a text-fragment link to the words found

    def describe(self, line: int, text: str = "") -> str | None:
        if self.url:
            words = text.split()
            if not words:
                return self.url
            return f"{self.url.split('#')[0]}#:~:text={quote(' '.join(words[:6]), safe='')}"
        if self.pages:
            page = bisect_right(self.pages, line)
            first = self.pages[page - 1] if page else 1
            return f"page {max(page, 1)}, line {line - first + 1}"
        if self.unit:
            return f"{self.unit} {line}"
        return None


@dataclass(frozen=True)
class Speech:
    """How long a phone script takes beyond its words (SSML and TwiML readers)."""

    pause_seconds: float = 0.0  # <break>, <Pause>
    weighted_words: float = 0.0  # words, each divided by its speaking rate, times repeats
    music: tuple[str, ...] = ()  # <audio>/<Play> sources
    music_plays: int = 0  # plays, loops counted (an endless loop counts as 10)


@dataclass(frozen=True)
class Suppression:
    """Source lines ``first``..``last`` (1-based, inclusive) where ``rules`` (None: every
    rule) are turned off by a directive in the file (see suppression.py)."""

    rules: frozenset[str] | None
    first: int
    last: int
    directive: str  # as the writer wrote it, with its line, for the report

    def covers(self, rule: str, line: int) -> bool:
        return self.first <= line <= self.last and (self.rules is None or rule in self.rules)


@dataclass(frozen=True)
class Document:
    """Prose to audit, with where it came from and what kind of message it is."""

    text: str
    path: str | None = None
    kind: str | None = None
    kind_reason: str = ""
    format: str = "text"
    purpose: str | None = None  # what the document is for, within its kind (purposes.py)
    purpose_reason: str = ""
    source_map: SourceMap | None = None
    regions: tuple[Region, ...] = ()
    warnings: tuple[str, ...] = field(default=())
    suppressions: tuple[Suppression, ...] = ()
    format_kind: str | None = None  # the kind the format implies (an .eml is an email)
    locator: Locator | None = None
    speech: Speech | None = None

    def __post_init__(self) -> None:
        if self.path is not None:
            object.__setattr__(self, "path", shown_path(self.path))
        if self.source_map is None:
            object.__setattr__(self, "source_map", SourceMap.identity(self.text))

    def position(self, offset: int) -> Position:
        """Line and column in the source file for an offset into ``text``."""
        assert self.source_map is not None
        return self.source_map.position(offset)

    def positions(self, offsets: list[int]) -> tuple[list[int], list[int]]:
        """Lines and columns in the source file of many offsets (see `SourceMap.positions`)."""
        assert self.source_map is not None
        return self.source_map.positions(offsets)

    def region(self, name: str) -> Region | None:
        """The first region of that name, if the reader found one."""
        for region in self.regions:
            if region.name == name:
                return region
        return None

    def with_kind(self, kind: str, reason: str) -> Document:
        """A copy with the kind decided and the reason it was decided so."""
        return replace(self, kind=kind, kind_reason=reason)

    def with_purpose(self, purpose: str | None, reason: str) -> Document:
        """A copy with the purpose decided and the reason it was decided so."""
        return replace(self, purpose=purpose, purpose_reason=reason)
