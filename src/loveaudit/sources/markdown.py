"""Markdown: the rendered prose only, mapped back to the Markdown source.

Code blocks, inline code, link targets, raw HTML and YAML front matter are not prose a
reader sees, so they are left out; headings are recorded as regions, the first one as the
headline that the 7-second test reads, and links' text as "link" regions.
"""

from __future__ import annotations

import re
from dataclasses import replace

from markdown_it import MarkdownIt
from markdown_it.token import Token

from loveaudit.document import LINE_END, Document
from loveaudit.sources.builder import TextBuilder, align
from loveaudit.sources.directives import comment_directives

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n.*?^(?:---|\.\.\.)[ \t]*\r?$", re.S | re.M)
_BLOCK_BREAKS = {"paragraph_open", "list_item_open", "tr_open", "blockquote_open", "hr"}
# Deep nesting is legal Markdown; the default limit of 20 would drop text silently.
_PARSER = MarkdownIt("commonmark", {"maxNesting": 10_000}).enable("table")


def _blank_front_matter(source: str) -> str:
    """Front matter becomes blank lines, so line numbers stay true to the file."""
    match = _FRONT_MATTER.match(source)
    if not match:
        return source
    block = match.group()
    return re.sub(r"[^\n]", " ", block) + source[match.end() :]


def read_markdown(source: str, path: str | None = None, warnings: tuple[str, ...] = ()) -> Document:
    """A Markdown document: rendered prose, with headings as regions."""
    parsed = _blank_front_matter(source)
    # lines as markdown-it numbers them: CR LF, a lone CR and LF each end one
    line_starts = [0, *(m.end() for m in LINE_END.finditer(parsed)), len(parsed)]
    builder = TextBuilder(source)
    headline_done = False
    row_line, row_cursor = -1, 0
    for token in _PARSER.parse(parsed):
        if token.type in _BLOCK_BREAKS:
            builder.paragraph()
        elif token.type == "heading_open":
            builder.paragraph()
            builder.begin("heading")
            if not headline_done:
                builder.begin("headline")
        elif token.type == "heading_close":
            builder.end("heading")
            if not headline_done:
                builder.end("headline")
                headline_done = True
            builder.paragraph()
        elif token.type in ("th_open", "td_open"):
            builder.space()
        elif token.type == "inline" and token.map:
            # cells of one table row share a line: each is searched after the one before
            start = row_cursor if token.map[0] == row_line else line_starts[token.map[0]]
            row_line = token.map[0]
            row_cursor = _add_inline(builder, parsed, token.children or [], start)
    document = builder.build(path=path, fmt="markdown", warnings=warnings)
    return replace(document, suppressions=comment_directives(source))


def _add_inline(builder: TextBuilder, source: str, children: list[Token], cursor: int) -> int:
    """Copy the visible text of one inline run, finding each piece in the source; returns
    where in the source the run ended."""
    # Raw inline HTML tags carry no prose of their own and are skipped with the rest. A
    # link's text is kept, and where it stands is a "link" region: a page whose next step
    # is a link ("[Book a table](/book)") has one.
    for child in children:
        if child.type == "link_open":
            builder.begin("link")
        elif child.type == "link_close":
            builder.end("link")
        elif child.type == "hardbreak":
            # two trailing spaces or a backslash: the writer's own line break, as in a
            # signature or an address; a soft break is only where the source was wrapped
            builder.newline()
        elif child.type == "softbreak":
            builder.space()
        elif child.type == "code_inline":
            builder.space()
            found = source.find(child.content, cursor)
            if found != -1:
                cursor = found + len(child.content)
        elif child.type == "image":
            builder.space()
            alt = child.content
            if alt:
                found = source.find(alt, cursor)
                builder.add_collapsed(alt, found if found != -1 else cursor, exact=found != -1)
                if found != -1:
                    cursor = found + len(alt)
            builder.space()
        elif child.type == "text" and child.content:
            content = child.content
            found = source.find(content, cursor)
            if found != -1:
                builder.add_collapsed(content, found, exact=True)
                cursor = found + len(content)
            else:  # escapes or entities were decoded: align character by character
                offsets = align(source, cursor, content)
                builder.add_collapsed(content, cursor, exact=False, offsets=offsets)
                cursor = offsets[-1] + 1
    return cursor
