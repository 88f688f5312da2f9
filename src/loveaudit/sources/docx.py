"""Word (.docx): paragraphs in reading order, headings as headings, paragraphs in Word's
quotation styles as quotations, tables cell by cell.

A finding in a Word document is located by paragraph ("paragraph 12"): Word has no
stable line numbers. Each paragraph, and each paragraph of each table cell, is one line
of the document's source map, numbered in reading order. Parsed with python-docx.
"""

from __future__ import annotations

import io
import zipfile

from loveaudit.document import Document, Locator, Region
from loveaudit.errors import SourceError
from loveaudit.limits import MAX_PARAGRAPHS, MAX_WORD_XML_BYTES
from loveaudit.sources.builder import TextBuilder

MAX_UNPACKED = 100_000_000  # a Word file that unpacks to more is a zip bomb, not a draft
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# Word's own styles for quotations (a testimonial): read as other people's words, as
# HTML's <blockquote> is
_QUOTE_STYLES = frozenset({"Quote", "Intense Quote"})


def _paragraphs(document) -> list[tuple[str, str]]:
    """(style name, text) of every paragraph in reading order, table cells included.

    Linear in the document: python-docx resolves a paragraph's style by scanning every
    style the document declares, a millisecond a paragraph, so each style id is resolved
    once; and a table is walked cell by cell as its XML holds them, where python-docx's
    rows look up each cell of a vertical merge from the row above, again and again. A
    cell merged down several rows (``vMerge`` continued) is read once, in its first row,
    as Word shows it: its text is not repeated for every row it spans."""
    from docx.text.paragraph import Paragraph

    out: list[tuple[str, str]] = []
    styles: dict[str | None, str] = {}

    def walk(parent, container) -> None:
        for child in container.iterchildren():
            if child.tag == f"{_W}p":
                paragraph = Paragraph(child, parent)
                style_id = child.style
                if style_id not in styles:
                    style = paragraph.style
                    styles[style_id] = (style.name if style is not None else "") or ""
                out.append((styles[style_id], paragraph.text))
            elif child.tag == f"{_W}tbl":
                for row in child.iterchildren(f"{_W}tr"):
                    for cell in row.iterchildren(f"{_W}tc"):
                        if cell.vMerge != "continue":
                            walk(parent, cell)

    walk(document, document.element.body)
    return out


def read_docx(data: bytes, path: str | None = None, warnings: tuple[str, ...] = ()) -> Document:
    """A Word document's prose, located by paragraph."""
    import docx
    from docx.exceptions import PythonDocxError
    from docx.opc.exceptions import PackageNotFoundError

    name = path or "<bytes>"
    try:
        # sizes as the package declares them: zipfile stops unpacking a part at its
        # declared size, so a part cannot hold more than it says
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            members = package.infolist()
        unpacked = sum(info.file_size for info in members)
        if unpacked > MAX_UNPACKED:
            raise SourceError(
                name, f"unpacks to {unpacked:,} bytes, over the {MAX_UNPACKED:,}-byte limit"
            )
        xml = sum(i.file_size for i in members if i.filename.endswith((".xml", ".rels")))
        if xml > MAX_WORD_XML_BYTES:
            raise SourceError(
                name,
                f"its XML unpacks to {xml:,} bytes, over the {MAX_WORD_XML_BYTES:,}-byte "
                "limit for a Word document: skipped",
            )
        document = docx.Document(io.BytesIO(data))
        root = document.element  # a crafted or broken package: its main part is not Word's
        if root.tag != f"{_W}document":
            local = root.tag.rpartition("}")[2]
            raise SourceError(name, f"not a readable Word document (its root is <{local}>)")
        if root.find(f"{_W}body") is None:
            raise SourceError(name, "not a readable Word document (it has no w:body)")
        # counted in the parsed XML before any paragraph is read
        count = int(document.element.body.xpath("count(.//w:p)"))
        if count > MAX_PARAGRAPHS:
            raise SourceError(
                name,
                f"holds {count:,} paragraphs, over the {MAX_PARAGRAPHS:,}-paragraph limit "
                "for a Word document: skipped",
            )
    except SourceError:
        raise
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError) as exc:
        raise SourceError(name, f"not a readable Word document ({exc})") from None
    except Exception as exc:  # broken XML inside the package, and the like
        raise SourceError(name, f"not a readable Word document ({type(exc).__name__})") from None
    try:
        paragraphs = _paragraphs(document)
    except (ValueError, PythonDocxError) as exc:  # a merged cell with nothing to merge into
        raise SourceError(name, f"not a readable Word document (a table: {exc})") from None
    # the source map's "file": one paragraph per line, so a line number is a paragraph
    source = "\n".join(" ".join(text.split()) for _, text in paragraphs)
    builder = TextBuilder(source)
    offset = 0
    headline_done = False
    for style, text in paragraphs:
        line = " ".join(text.split())
        if line:
            heading = style.startswith(("Heading", "Title"))
            quote = style in _QUOTE_STYLES
            if heading:
                builder.paragraph()
                builder.begin("heading")
                if not headline_done and (style == "Title" or style == "Heading 1"):
                    builder.begin("headline")
            if quote:
                builder.begin("quote")
            builder.add(line, offset)
            if quote:
                builder.end("quote")
            if heading:
                builder.end("heading")
                if not headline_done and (style == "Title" or style == "Heading 1"):
                    builder.end("headline")
                    headline_done = True
            builder.paragraph()
        offset += len(line) + 1
    built = builder.build(path=path, fmt="docx", warnings=warnings)
    if not built.text.strip():
        raise SourceError(name, "the Word document has no text")
    return Document(
        text=built.text,
        path=path,
        format="docx",
        source_map=built.source_map,
        regions=tuple(r for r in built.regions if isinstance(r, Region)),
        warnings=warnings,
        locator=Locator(unit="paragraph"),
    )
