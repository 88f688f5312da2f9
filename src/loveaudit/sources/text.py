"""Plain text: the file is the document; a short first line is its headline."""

from __future__ import annotations

from loveaudit.document import Document, Region
from loveaudit.sources.directives import marker_directives

HEADLINE_MAX_WORDS = 20  # a longer first line is a paragraph, not a headline


def read_text(text: str, path: str | None = None, warnings: tuple[str, ...] = ()) -> Document:
    """A plain-text document; a short first line followed by more text is its headline."""
    suppressions, text = marker_directives(text)
    regions: tuple[Region, ...] = ()
    stripped = text.lstrip()
    if stripped:
        start = len(text) - len(stripped)
        end = text.find("\n", start)
        if end != -1 and text[end:].strip():
            line = text[start:end].rstrip()
            if len(line.split()) <= HEADLINE_MAX_WORDS:
                regions = (Region("headline", start, start + len(line)),)
    return Document(
        text=text,
        path=path,
        format="text",
        regions=regions,
        warnings=warnings,
        suppressions=suppressions,
    )
