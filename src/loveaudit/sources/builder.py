"""Assembling a document's text from pieces of a source file, keeping the map back."""

from __future__ import annotations

import html
import re

from loveaudit.document import Document, Region, Segment, SourceMap

_WORDS = re.compile(r"\S+")
_CHARREF = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")
_LOOKAHEAD = 8


def align(source: str, start: int, decoded: str) -> list[int]:
    """The source offset of each character of ``decoded``: text a parser produced from
    ``source`` at ``start`` by decoding character references (``&amp;``) and backslash
    escapes (``\\*``). Characters the parser made up map to the nearest source position."""
    offsets: list[int] = []
    pos = start
    n = len(source)
    for ch in decoded:
        if pos < n and source[pos] == "\\" and pos + 1 < n and source[pos + 1] == ch:
            offsets.append(pos)  # an escaped character starts at its backslash
            pos += 2
        elif (
            pos < n
            and source[pos] == "&"
            and (m := _CHARREF.match(source, pos))
            and html.unescape(m.group()).startswith(ch)
        ):
            offsets.append(pos)
            pos = m.end()
        elif pos < n and source[pos] == ch:
            offsets.append(pos)
            pos += 1
        elif ch.isspace():
            offsets.append(min(pos, n - 1) if n else 0)
            while pos < n and source[pos].isspace():
                pos += 1
        else:
            found = source.find(ch, pos, pos + _LOOKAHEAD)
            if found == -1:
                offsets.append(min(pos, n - 1) if n else 0)
            else:
                offsets.append(found)
                pos = found + 1
    return offsets


class TextBuilder:
    """Collects prose copied from a source, with the separators a reader decides on.

    Readers for structured formats (Markdown, HTML) find the prose in pieces; each piece is
    added with its offset in the source so that findings can point back at the file.
    """

    def __init__(self, source: str) -> None:
        self.source = source
        self._parts: list[str] = []
        self._length = 0
        self._segments: list[Segment] = []
        self._regions: list[Region] = []
        self._open: dict[str, int] = {}

    @property
    def length(self) -> int:
        return self._length

    def _append(self, text: str) -> None:
        self._parts.append(text)
        self._length += len(text)

    def _ends_with_space(self) -> bool:
        return bool(self._parts) and self._parts[-1][-1:].isspace()

    def add(self, text: str, source_start: int, source_end: int | None = None) -> None:
        """Add a verbatim piece of the source (the text equals source[start:end])."""
        if not text:
            return
        if source_end is None:
            source_end = source_start + len(text)
        start = self._length
        self._append(text)
        self._segments.append(Segment(start, self._length, source_start, source_end))

    def add_collapsed(
        self, text: str, source_start: int, exact: bool = True, offsets: list[int] | None = None
    ) -> None:
        """Add text with runs of white space folded to one space, each word mapped.

        ``exact`` says ``text`` is a verbatim copy of the source from ``source_start``;
        ``offsets`` gives the source offset of each character when it is not (entities
        were decoded). Without either, each word is looked up in the source from where the
        last one ended; a word not found there maps to the next non-space character.
        """
        cursor = source_start
        prev_end = 0
        source = self.source
        for match in _WORDS.finditer(text):
            if match.start() > prev_end:
                self.space()
            word = match.group()
            if exact:
                self.add(word, source_start + match.start())
            elif offsets is not None:
                first = offsets[match.start()]
                last = offsets[match.end() - 1]
                self.add(word, first, max(last + 1, first))
            else:
                found = source.find(word, cursor)
                if found == -1 or source[cursor:found].strip():
                    while cursor < len(source) and source[cursor].isspace():
                        cursor += 1
                    stop = cursor
                    while stop < len(source) and not source[stop].isspace():
                        stop += 1
                    self.add(word, cursor, stop)
                    cursor = stop
                else:
                    self.add(word, found)
                    cursor = found + len(word)
            prev_end = match.end()
        if prev_end < len(text):
            self.space()

    def add_found(self, text: str, cursor: int) -> int:
        """Add text that was decoded from the source (an email body, a PDF page), keeping
        its line breaks; each word maps to where it is next found in the source after
        ``cursor`` (or, when it is not there verbatim, to the cursor). Returns the cursor
        after the last word, so the next piece is looked up from there."""
        source = self.source
        for number, line in enumerate(text.split("\n")):
            if number:
                while self._parts and self._parts[-1] == " ":
                    self._parts.pop()
                    self._length -= 1
                if self._parts:
                    self._append("\n")
            for match in _WORDS.finditer(line):
                if match.start() and self._parts and not self._parts[-1][-1:].isspace():
                    self._append(" ")
                word = match.group()
                found = source.find(word, cursor, cursor + 2000)
                if found == -1:
                    at = min(cursor, max(len(source) - 1, 0))
                    self.add(word, at, min(at + len(word), len(source)))
                else:
                    self.add(word, found)
                    cursor = found + len(word)
        return cursor

    def newline(self) -> None:
        """A line break inside a paragraph (a short line still ends its sentence)."""
        while self._parts and self._parts[-1] == " ":
            self._parts.pop()
            self._length -= 1
        if self._parts and not self._parts[-1].endswith("\n"):
            self._append("\n")

    def space(self) -> None:
        """A word break, unless the text is empty or already ends in one."""
        if self._parts and not self._ends_with_space():
            self._append(" ")

    def paragraph(self) -> None:
        """A paragraph break: sentences never run across it."""
        if not self._parts:
            return
        while self._parts and self._parts[-1] == " ":
            self._parts.pop()
            self._length -= 1
        if self._parts and not self._parts[-1].endswith("\n\n"):
            self._append("\n\n" if not self._parts[-1].endswith("\n") else "\n")

    def begin(self, name: str) -> None:
        """Start a region (headline, heading, title...)."""
        self._open[name] = self._length

    def end(self, name: str) -> None:
        start = self._open.pop(name, None)
        if start is not None and self._length > start:
            self._regions.append(Region(name, start, self._length))

    def build(self, *, path: str | None, fmt: str, warnings: tuple[str, ...] = ()) -> Document:
        text = "".join(self._parts).rstrip()
        regions = tuple(
            Region(r.name, r.start, min(r.end, len(text)))
            for r in self._regions
            if r.start < len(text)
        )
        return Document(
            text=text,
            path=path,
            format=fmt,
            source_map=SourceMap(self.source, self._segments),
            regions=regions,
            warnings=warnings,
        )
