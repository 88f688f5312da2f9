"""Helpers shared by the reader tests: where a needle is in a source, and where a word of
the extracted text maps back to."""

from __future__ import annotations

import re


def where(source: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """1-based (line, column) of the nth occurrence of ``needle`` in ``source``."""
    idx = -1
    for _ in range(nth + 1):
        idx = source.index(needle, idx + 1)
    line = source.count("\n", 0, idx) + 1
    column = idx - (source.rfind("\n", 0, idx) + 1) + 1
    return (line, column)


def word_at(doc, word: str, nth: int = 0) -> tuple[int, int]:
    """(line, column) in the source of the nth whole-word occurrence of ``word`` in the text."""
    starts = [m.start() for m in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", doc.text)]
    assert len(starts) > nth, f"{word!r} not found {nth + 1} times in {doc.text!r}"
    return tuple(doc.position(starts[nth]))


def region_texts(doc, name: str) -> list[str]:
    return [doc.text[r.start : r.end] for r in doc.regions if r.name == name]
