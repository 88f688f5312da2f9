"""PDF: the text of each page in reading order, located by page and line.

Invoices leave a business as PDF. pdfminer.six lays out each page; every text line becomes
one line of the document's source map, and the reader remembers where each page starts, so
a finding says "page 2, line 14". Lines that are mostly figures (a totals table, an amount
due, a date) are kept as lines of their own, never run into the prose around them: a row
of numbers is not a hard sentence. Encrypted, image-only and damaged files are refused
with a message that says which.
"""

from __future__ import annotations

import io
import re

from loveaudit.document import Document, Locator, Region
from loveaudit.errors import SourceError
from loveaudit.limits import MAX_PAGES
from loveaudit.sources.builder import TextBuilder

_FIGURE = re.compile(r"^[\s$€£¥%#.,:/()+\-–]*\d[\d\s$€£¥%#.,:/()+\-–]*$")


def _is_figures(line: str) -> bool:
    """A line of a table of numbers: most of its words are amounts, dates or codes."""
    words = line.split()
    if not words:
        return False
    figures = sum(1 for w in words if _FIGURE.match(w))
    return figures / len(words) >= 0.5


def _pages(data: bytes, name: str) -> list[list[list[str]]]:
    """Pages -> text boxes -> lines."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextContainer, LTTextLine
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    pages: list[list[list[str]]] = []
    try:
        for layout in extract_pages(io.BytesIO(data), laparams=LAParams()):
            if len(pages) == MAX_PAGES:  # counted as they are read: a page costs time
                raise SourceError(
                    name, f"has more than {MAX_PAGES:,} pages, the limit for a PDF: skipped"
                )
            boxes: list[list[str]] = []
            for element in layout:
                if isinstance(element, LTTextContainer):
                    lines = [
                        " ".join(line.get_text().split())
                        for line in element
                        if isinstance(line, LTTextLine)
                    ]
                    lines = [line for line in lines if line]
                    if lines:
                        boxes.append(lines)
            pages.append(boxes)
    except SourceError:
        raise
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise SourceError(name, "the PDF is encrypted: remove the password and try again") from None
    except (PDFSyntaxError, PSException) as exc:
        raise SourceError(name, f"a damaged PDF ({type(exc).__name__}: {exc})") from None
    except Exception as exc:  # pdfminer raises many kinds on a broken file
        raise SourceError(name, f"a damaged PDF ({type(exc).__name__})") from None
    return pages


def read_pdf(data: bytes, path: str | None = None, warnings: tuple[str, ...] = ()) -> Document:
    """A PDF's text, located by page and line."""
    name = path or "<bytes>"
    if not data.startswith(b"%PDF"):
        raise SourceError(name, "not a PDF (no %PDF header)")
    pages = _pages(data, name)
    if not any(pages):
        raise SourceError(name, "the PDF has no text layer (a scanned image?): run OCR on it first")
    # the source map's "file": one PDF text line per line; page starts remembered
    source_lines: list[str] = []
    page_starts: list[int] = []
    for boxes in pages:
        page_starts.append(len(source_lines) + 1)
        for lines in boxes:
            source_lines.extend(lines)
    source = "\n".join(source_lines)
    builder = TextBuilder(source)
    offset = 0
    tables: list[tuple[int, int]] = []
    headline_done = False
    for boxes in pages:
        for lines in boxes:
            builder.paragraph()
            for number, line in enumerate(lines):
                figures = _is_figures(line)
                if figures:
                    builder.paragraph()
                    start = builder.length
                elif number:
                    builder.newline()
                if not headline_done and not figures:
                    builder.begin("headline")
                builder.add(line, offset)
                if not headline_done and not figures:
                    builder.end("headline")
                    headline_done = True
                if figures:
                    tables.append((start, builder.length))
                    builder.paragraph()
                offset += len(line) + 1
    built = builder.build(path=path, fmt="pdf", warnings=warnings)
    regions = built.regions + tuple(
        Region("table", a, min(b, len(built.text))) for a, b in tables if a < len(built.text)
    )
    return Document(
        text=built.text,
        path=path,
        format="pdf",
        source_map=built.source_map,
        regions=regions,
        warnings=warnings,
        format_kind="invoice",
        locator=Locator(pages=tuple(page_starts)),
    )
