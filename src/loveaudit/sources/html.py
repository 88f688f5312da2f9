"""HTML: the text a visitor sees, mapped back to the HTML source.

The standard library's HTML tokenizer does the parsing (it reports exact source positions,
which tree builders drop); this module only decides what is visible. Scripts, styles,
templates and hidden elements are left out; image alt text and the page title count;
headings become regions, the first h1 (else the first heading, else the title) the headline,
and links that go somewhere ("link" regions) mark where a visitor can act.
Code (``<pre>``, ``<code>`` and the like) is shown but is not prose, so it is left out as
the Markdown reader leaves out code blocks and inline code: a page of documentation is
judged on its sentences, not on a source listing read as one endless sentence. A code
element that reads as prose (a plain-text mail sent as one ``<pre>``) is kept.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from loveaudit.document import Document, Region
from loveaudit.sources.builder import TextBuilder, align
from loveaudit.sources.directives import comment_directives

_INVISIBLE = {
    "script",
    "style",
    "template",
    "noscript",
    "svg",
    "math",
    "iframe",
    "object",
    "canvas",
    "head",
    "select",
    "datalist",
}
# shown, but not prose: programs, their input and output (an inline one leaves a space)
_CODE = {"pre", "code", "kbd", "samp", "tt", "listing", "xmp", "plaintext"}
_BLOCK_CODE = {"pre", "listing", "xmp", "plaintext"}
# what a code element must hold to read as prose instead (see _reads_as_prose)
PROSE_WORDS_BLOCK, PROSE_WORDS_INLINE = 3, 30
PROSE_MIN_LETTERS = 0.7  # share of the visible characters
PROSE_MAX_CODE_MARKS = 0.01  # share of the visible characters
_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "param",
    "source",
    "track",
    "wbr",
}
_QUOTES = {"blockquote", "q"}
_BLOCK = {
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "ul",
    "button",
    "label",
    "option",
    "legend",
    "html",
}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def _hides(tag: str, attrs: dict[str, str | None]) -> bool:
    if tag in _INVISIBLE:
        return True
    if "hidden" in attrs or attrs.get("aria-hidden", "") == "true":
        return True
    if tag == "input" and (attrs.get("type") or "").lower() == "hidden":
        return True
    return bool(_HIDDEN_STYLE.search(attrs.get("style") or ""))


def _goes_somewhere(href: str | None) -> bool:
    """A link a visitor can follow to act: not empty, not a jump within the page, not a
    script."""
    target = (href or "").strip().lower()
    return bool(target) and not target.startswith(("#", "javascript:"))


class _VisibleText(HTMLParser):
    def __init__(self, source: str, prose_code: frozenset[int] = frozenset()) -> None:
        super().__init__(convert_charrefs=True)
        self.source = source
        self.prose_code = prose_code  # where code elements that read as prose start
        self.code_blocks: list[tuple[int, str, list[str]]] = []  # (start, tag, text)
        self.builder = TextBuilder(source)
        self.stack: list[tuple[str, bool]] = []
        self.hidden_depth = 0
        self.in_title = False
        self.heading_starts: list[tuple[str, int]] = []
        self.headings: list[tuple[str, int, int]] = []
        # <blockquote> and <q>: other people's words (None for one opened while hidden)
        self.quote_starts: list[int | None] = []
        self.quotes: list[tuple[int, int]] = []
        # <a href> that goes somewhere: where a visitor can act (None: hidden or no target)
        self.link_starts: list[int | None] = []
        self.links: list[tuple[int, int]] = []
        self.title: tuple[int, int] | None = None
        self._title_start = 0
        self._line_starts = [0]
        for i, ch in enumerate(source):
            if ch == "\n":
                self._line_starts.append(i + 1)

    def close(self) -> None:
        # a comment never closed hides the rest of the page in a browser; the parser
        # would hand it over as text at the end ("<!-- old draft ...")
        if self.rawdata.startswith("<!--"):
            self.rawdata = ""
        super().close()

    def _offset(self) -> int:
        line, col = self.getpos()
        return self._line_starts[line - 1] + col

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        amap = {k.lower(): v for k, v in attrs}
        in_head_only = self.hidden_depth == 1 and any(t == "head" for t, _ in self.stack)
        if tag == "title" and self.title is None and (not self.hidden_depth or in_head_only):
            # the title sits in <head>, which is otherwise invisible
            self.in_title = True
            self.builder.paragraph()
            self._title_start = self.builder.length
            self.stack.append((tag, False))
            return
        start = self._offset()
        is_code = tag in _CODE and not self.hidden_depth and start not in self.prose_code
        hides = is_code or _hides(tag, amap)
        if is_code:
            self.code_blocks.append((start, tag, []))
        if tag in _BLOCK or tag == "li":
            self._close_implied(tag)
        if tag == "br":
            # a line break, as a signature or an address is written: a short line ends its
            # sentence, as in plain text, and a signature block after a sign-off is a line each
            self.builder.newline()
        elif is_code:
            self.builder.space()
        elif tag in _BLOCK:
            self.builder.paragraph()
        if tag == "img" and not self.hidden_depth and not _hides(tag, amap) and amap.get("alt"):
            self._add_attribute(amap["alt"] or "")
        if tag in _VOID:
            return
        self.stack.append((tag, hides))
        if hides:
            self.hidden_depth += 1
        if tag in _HEADINGS and not self.hidden_depth:
            self.heading_starts.append((tag, self.builder.length))
        if tag in _QUOTES:
            self.quote_starts.append(None if self.hidden_depth else self.builder.length)
        if tag == "a":
            goes = _goes_somewhere(amap.get("href"))
            self.link_starts.append(self.builder.length if goes and not self.hidden_depth else None)

    def _in_code(self) -> bool:
        """Inside a code element left out, and in nothing else that hides."""
        hidden = [t for t, hides in self.stack if hides]
        return len(hidden) == 1 and hidden[0] in _CODE

    def _close_implied(self, tag: str) -> None:
        """A block start closes an open <p>, and <li> an open <li>, as browsers do."""
        if self.stack and (self.stack[-1][0] == "p" or (tag == "li" and self.stack[-1][0] == "li")):
            self.handle_endtag(self.stack[-1][0])

    def _add_attribute(self, value: str) -> None:
        tag_start = self._offset()
        raw = self.get_starttag_text() or ""
        found = raw.find(value)
        self.builder.space()
        if found != -1:
            self.builder.add_collapsed(value, tag_start + found, exact=True)
        else:
            self.builder.add_collapsed(value, tag_start, exact=False)
        self.builder.space()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if not any(t == tag for t, _ in self.stack):
            return  # a stray end tag closes nothing
        while self.stack:
            open_tag, hides = self.stack.pop()
            if hides:
                self.hidden_depth -= 1
            if open_tag == "title" and self.in_title:
                self.in_title = False
                self.title = (self._title_start, self.builder.length)
            if open_tag in _HEADINGS and self.heading_starts:
                name, start = self.heading_starts.pop()
                self.headings.append((name, start, self.builder.length))
            if open_tag in _QUOTES and self.quote_starts:
                quote_start = self.quote_starts.pop()
                if quote_start is not None:
                    self.quotes.append((quote_start, self.builder.length))
            if open_tag == "a" and self.link_starts:
                link_start = self.link_starts.pop()
                if link_start is not None:
                    self.links.append((link_start, self.builder.length))
            if open_tag == tag:
                break
        if tag in _BLOCK:
            self.builder.paragraph()

    def handle_data(self, data: str) -> None:
        if self.hidden_depth and not self.in_title:
            if self.code_blocks and self.stack and self._in_code():
                self.code_blocks[-1][2].append(data)
            return
        start = self._offset()
        if self.source.startswith(data, start):
            self.builder.add_collapsed(data, start)
        else:  # character references were decoded: align each character with the source
            self.builder.add_collapsed(
                data, start, exact=False, offsets=align(self.source, start, data)
            )


_LETTERS = re.compile(r"[^\W\d_]")
_CODE_MARKS = re.compile(r"[{}\[\]()<>=;_$#@\\|*+^~`]")
_WORDS = re.compile(r"[^\W\d_]+")


def _reads_as_prose(tag: str, parts: list[str]) -> bool:
    """Code elements hold code, except when they hold a letter or message: some mail
    programs send a plain-text mail as one <pre> (or <tt>) block. Prose is mostly
    letters, with almost none of the brackets, operators and underscores of code, and a
    block of it has a few words (an inline element, a few dozen: `pip install x` is
    code)."""
    text = "".join(parts)
    visible = len(text) - sum(map(str.isspace, text))
    if not visible:
        return False
    words = len(_WORDS.findall(text))
    if words < (PROSE_WORDS_BLOCK if tag in _BLOCK_CODE else PROSE_WORDS_INLINE):
        return False
    letters = len(_LETTERS.findall(text))
    marks = len(_CODE_MARKS.findall(text))
    return letters >= PROSE_MIN_LETTERS * visible and marks <= PROSE_MAX_CODE_MARKS * visible


# "<!-->" and "<!--->" are whole, empty comments to a browser, but Python's parser waits
# for a "-->" that never comes; the same number of characters as a bogus comment ("<!x->")
# ends at its ">" and keeps every offset
_EMPTY_COMMENT = re.compile(r"<!---?>")


def _parse(source: str, prose_code: frozenset[int] = frozenset()) -> _VisibleText:
    parser = _VisibleText(source, prose_code)
    parser.feed(_EMPTY_COMMENT.sub(lambda m: "<!x" + m[0][3:], source))
    parser.close()
    return parser


def read_html(source: str, path: str | None = None, warnings: tuple[str, ...] = ()) -> Document:
    """An HTML document: visible text, with title, headings, headline and quotations
    (<blockquote>, <q>) as regions.
    Code elements are left out unless they read as prose (`_reads_as_prose`)."""
    parser = _parse(source)
    prose = frozenset(
        start for start, tag, parts in parser.code_blocks if _reads_as_prose(tag, parts)
    )
    if prose:
        parser = _parse(source, prose)
    doc = parser.builder.build(path=path, fmt="html", warnings=warnings)
    limit = len(doc.text)
    regions: list[Region] = []
    if parser.title and parser.title[1] > parser.title[0]:
        regions.append(Region("title", parser.title[0], min(parser.title[1], limit)))
    headings = sorted(parser.headings, key=lambda h: h[1])
    for _, start, end in headings:
        if end > start:
            regions.append(Region("heading", start, min(end, limit)))
    h1 = [h for h in headings if h[0] == "h1" and h[2] > h[1]]
    chosen = h1[0] if h1 else next((h for h in headings if h[2] > h[1]), None)
    if chosen:
        regions.append(Region("headline", chosen[1], min(chosen[2], limit)))
    elif parser.title and parser.title[1] > parser.title[0]:
        regions.append(Region("headline", parser.title[0], min(parser.title[1], limit)))
    # a quotation left open runs to the end of the page, as a browser closes it there
    quotes = parser.quotes + [(a, limit) for a in parser.quote_starts if a is not None]
    regions += [Region("quote", a, min(b, limit)) for a, b in sorted(quotes) if b > a]
    regions += [Region("link", a, min(b, limit)) for a, b in sorted(parser.links) if b > a]
    return Document(
        text=doc.text,
        path=path,
        format="html",
        source_map=doc.source_map,
        regions=tuple(r for r in regions if r.start < r.end),
        warnings=warnings,
        suppressions=comment_directives(source),
    )
