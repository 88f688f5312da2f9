"""Plain text: the file is the document; its first line is the headline."""

from __future__ import annotations

from loveaudit.document import Document, Region


def read_text(text: str, path: str | None = None, warnings: tuple[str, ...] = ()) -> Document:
    """A plain-text document; the first non-empty line is taken as its headline."""
    regions: tuple[Region, ...] = ()
    stripped = text.lstrip()
    if stripped:
        start = len(text) - len(stripped)
        end = text.find("\n", start)
        end = len(text.rstrip()) if end == -1 else end
        regions = (Region("headline", start, len(text[:end].rstrip())),)
    return Document(text=text, path=path, format="text", regions=regions, warnings=warnings)
