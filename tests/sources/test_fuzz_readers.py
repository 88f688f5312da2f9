"""Every reader, fed hostile bytes, gives a Document or a `SourceError` that says why.

A reader that raises anything else is a bug: the command line turns it into a vague
"could not be audited", a library caller gets a traceback. The harness below is seeded
(``derandomize``) and bounded, so a run is the same every time and takes a few seconds.
The slow tests run five times as many cases; for a long hunt (about 38,000 cases), run
``LOVEAUDIT_FUZZ_FACTOR=70 pytest -m slow tests/sources/test_fuzz_readers.py``. The first
tests are crashes that fuzzing found, kept as plain regressions.
"""

from __future__ import annotations

import io
import os
import zipfile
from functools import cache

import docx
import pytest
from fpdf import FPDF
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loveaudit.document import Document
from loveaudit.errors import SourceError
from loveaudit.sources import BINARY_READERS, FORMATS, READERS, read_bytes, read_string

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@cache
def _word_package() -> bytes:
    document = docx.Document()
    document.add_heading("Your order", level=1)
    document.add_paragraph("Thank you for choosing us.", style="Quote")
    document.add_table(rows=2, cols=2).cell(0, 0).text = "You pay nothing today."
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _word_with(main_part: bytes) -> bytes:
    """The package above with its main part (word/document.xml) replaced."""
    source = zipfile.ZipFile(io.BytesIO(_word_package()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for info in source.infolist():
            data = source.read(info.filename)
            package.writestr(info, main_part if info.filename == "word/document.xml" else data)
    return out.getvalue()


def _pdf_bytes(lines: tuple[str, ...] = ("Invoice 7", "Thank you for your order.")) -> bytes:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    for line in lines:
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


# -- found by fuzzing --------------------------------------------------------------------------
@pytest.mark.parametrize("source", ["\r\rm\n\nT", "a\rb\r\rc\r# d\r", "x\r\n\r\ny\r\rz"])
def test_markdown_with_carriage_return_line_endings(source: str):
    """markdown-it counts a lone CR as a line end; the reader counted only LF, so the line
    of a later paragraph was past the end of its table (IndexError)."""
    document = read_bytes(source.encode(), "x.md")
    assert document.text.split() == source.replace("#", "").split()


def test_markdown_with_carriage_returns_reads_a_heading_as_the_headline():
    document = read_bytes(b"Hello there\r\r# Your order\r\rThanks", "x.md")
    headline = [document.text[r.start : r.end] for r in document.regions if r.name == "headline"]
    assert headline == ["Your order"]


@pytest.mark.parametrize(
    "main_part",
    [
        f'<w:body xmlns:w="{W}"><w:p><w:r><w:t>Hello</w:t></w:r></w:p></w:body>',
        f'<w:p xmlns:w="{W}"><w:r><w:t>Hello</w:t></w:r></w:p>',
        "<document><body><p>Hello</p></body></document>",
    ],
    ids=["body", "paragraph", "no-namespace"],
)
def test_a_word_file_whose_main_part_is_not_a_document(main_part: str):
    with pytest.raises(SourceError) as raised:
        read_bytes(_word_with(main_part.encode()), "x.docx")
    assert raised.value.message.startswith("not a readable Word document (its root is <")


_HI = "<w:p><w:r><w:t>Hi</w:t></w:r></w:p>"


@pytest.mark.parametrize(
    "table",
    [
        f"<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr>{_HI}</w:tc></w:tr>",
        f"<w:tr><w:tc><w:tcPr><w:gridSpan w:val='x'/></w:tcPr>{_HI}</w:tc></w:tr>",
        f"<w:tr><w:tc><w:tcPr><w:gridSpan w:val='2'/></w:tcPr>{_HI}</w:tc></w:tr>"
        f"<w:tr><w:tc>{_HI}</w:tc><w:tc><w:tcPr><w:vMerge/></w:tcPr>{_HI}</w:tc></w:tr>",
    ],
    ids=["merged-into-nothing", "span-not-a-number", "merged-into-a-gap"],
)
def test_a_word_table_whose_cells_cannot_be_laid_out(table: str):
    """Found by the harness at length: python-docx raised ValueError on a cell merged with a
    row above the table, or spanning a width that is not a number. The reader walks a
    table's cells from its XML, so such a table is read, or refused by name: never a crash."""
    main_part = f'<w:document xmlns:w="{W}"><w:body><w:tbl>{table}</w:tbl></w:body></w:document>'
    try:
        document = read_bytes(_word_with(main_part.encode()), "x.docx")
    except SourceError as exc:  # a cell merged into nothing is read as the merge's rest
        assert exc.message.startswith(
            ("not a readable Word document (a table", "the Word document has no text")
        )
    else:
        assert "Hi" in document.text


def test_a_word_document_without_a_body():
    with pytest.raises(SourceError) as raised:
        read_bytes(_word_with(f'<w:document xmlns:w="{W}"/>'.encode()), "x.docx")
    assert raised.value.message == "not a readable Word document (it has no w:body)"


# -- the harness ---------------------------------------------------------------------------------
def _read(data: bytes, suffix: str) -> Document | SourceError:
    """What a file of these bytes gives: a usable Document, or a refusal that says why."""
    try:
        document = read_bytes(data, f"fuzz{suffix}")
    except SourceError as exc:
        assert exc.message.strip(), "a refusal must say why"
        return exc
    assert isinstance(document, Document)
    size = len(document.text)
    for region in document.regions:
        assert 0 <= region.start <= region.end <= size, region
    document.positions([0, size // 2, size])
    return document


def _words(*extra: str) -> st.SearchStrategy[str]:
    plain = ["Thank you", "you", "we", "order", "caf\u00e9", "\u201cquoted\u201d", "\U0001f600"]
    blanks = [" ", "  ", "\t", "\n", "\r", "\r\n", "\n\n", "\r\r", "\x00", "\x0b", "\u2028"]
    return st.sampled_from([*plain, *blanks, *extra])


def _soup(*tokens: str, size: int = 60) -> st.SearchStrategy[str]:
    """Text made of the format's own syntax, words and line endings of every kind."""
    return st.lists(_words(*tokens) | st.text(max_size=6), max_size=size).map("".join)


ENCODINGS = st.sampled_from(["utf-8", "utf-16", "utf-16-le", "cp1252", "latin-1", "utf-8-sig"])


def _encoded(texts: st.SearchStrategy[str]) -> st.SearchStrategy[bytes]:
    """Text as a file holds it, in one encoding or another (what cannot be encoded is
    escaped, as a careless tool would write it), or any bytes at all."""
    return st.tuples(texts, ENCODINGS).map(
        lambda te: te[0].encode(te[1], "backslashreplace")
    ) | st.binary(max_size=200)


MARKDOWN = _soup(
    "# ",
    "## ",
    "###### ",
    "*",
    "**",
    "_",
    "- ",
    "+ ",
    "1. ",
    "1) ",
    "> ",
    ">>",
    "```",
    "~~~",
    "`",
    "[",
    "]",
    "(",
    ")",
    "![",
    "](",
    "|",
    " | ",
    "|---|",
    "---",
    "***",
    "===",
    "<div>",
    "</div>",
    "<!-- loveaudit-disable -->",
    "\\",
    "&amp;",
    "&#0;",
    "&#x110000;",
    "    ",
    "[a]: /u",
    "<http://x>",
    "---\n",
    "...",
    "\u00a0",
)
HTML = _soup(
    "<p>",
    "</p>",
    "<h1>",
    "</h1>",
    "<h2 hidden>",
    "<br>",
    "<br/>",
    "<div>",
    "</div>",
    "<script>",
    "</script>",
    "<style>",
    "<pre>",
    "</pre>",
    "<code>",
    "<blockquote>",
    "<q>",
    "<img alt='Thanks'>",
    "<title>",
    "</title>",
    "<!--",
    "-->",
    "<!DOCTYPE html>",
    "<![CDATA[",
    "]]>",
    "<?php ?>",
    "&amp;",
    "&nbsp;",
    "&#0;",
    "&#x110000;",
    "&bogus;",
    "<table><tr><td>",
    "</td></tr></table>",
    '<a href="x">',
    "</a>",
    "<",
    ">",
    "</",
    '"',
    "<meta charset=utf-16>",
    "<template>",
    "<svg>",
    "<p style='display:none'>",
    "aria-hidden",
)
# Where to cut a generated file short: mostly nowhere (hypothesis favours small numbers,
# so a bare integer would cut most files to nothing)
CUT = st.tuples(st.sampled_from([False] * 9 + [True]), st.integers(0, 400)).map(
    lambda flag_at: flag_at[1] if flag_at[0] else None
)

# Hold scripts: SSML and TwiML trees with the attributes that set their timing
SPEECH_TAGS = [
    "speak",
    "Response",
    "Say",
    "Gather",
    "Pause",
    "break",
    "prosody",
    "sub",
    "say-as",
    "audio",
    "Play",
    "p",
    "s",
    "emphasis",
    "voice",
    "unknown",
]
SPEECH_ATTRIBUTES = [
    "",
    " time='nanms'",
    " time='99999999s'",
    " time='1e999s'",
    " time='250ms'",
    " strength='x-strong'",
    " strength='bogus'",
    " rate='1e308%'",
    " rate='-100%'",
    " rate='x-fast'",
    " rate='+10%'",
    " loop='0'",
    " loop='-3'",
    " loop='99999999999999999999'",
    " length='1e999'",
    " length='-5'",
    " alias='you'",
    " alias=''",
    " interpret-as='telephone'",
    " interpret-as='digits'",
    " src='hold.mp3'",
]
SPEECH_TEXT = st.sampled_from(
    ["Thank you", "you", " ", "&amp;", "555-0101", "<![CDATA[wait]]>", "\u00e9", "<!-- x -->"]
)
SPEECH_TREE = st.recursive(
    SPEECH_TEXT,
    lambda children: st.builds(
        lambda tag, attributes, inner: f"<{tag}{attributes}>{''.join(inner)}</{tag}>",
        st.sampled_from(SPEECH_TAGS),
        st.sampled_from(SPEECH_ATTRIBUTES),
        st.lists(children, max_size=4),
    ),
    max_leaves=25,
)
SPEECH = st.builds(
    lambda head, root, children, cut: f"{head}<{root}>{''.join(children)}</{root}>"[:cut],
    st.sampled_from(
        [
            "",
            "<?xml version='1.0'?>",
            "<?xml version='1.0' encoding='latin-1'?>\r\n",
            "<!DOCTYPE speak>",
            "<!DOCTYPE r [<!ENTITY a 'b'>]>",
        ]
    ),
    st.sampled_from(["speak", "Response"] * 5 + SPEECH_TAGS),
    st.lists(SPEECH_TREE, max_size=4),
    CUT,
)
# three parts in four well-formed, one tag soup
SPEECH = SPEECH | SPEECH | SPEECH | _soup("<speak>", "</speak>", "<Say>", "<", ">", "&a;")
HEADERS = [
    "Subject: Your order",
    "Subject: =?utf-8?b?VGhhbmtz?=",
    "Subject: =?x-bad?q?a?=",
    "From: Ana <ana@example.com>",
    "Content-Type: text/plain",
    "Content-Type: text/html",
    "Content-Type: text/plain; charset=x-unknown",
    "Content-Type: text/plain; charset=utf-16",
    "Content-Type: multipart/alternative; boundary=B",
    "Content-Type: multipart/mixed",
    "Content-Type: message/rfc822",
    "Content-Type: application/pdf",
    "Content-Transfer-Encoding: base64",
    "Content-Transfer-Encoding: quoted-printable",
    "Content-Transfer-Encoding: x-uuencode",
    "Content-Disposition: attachment",
    "X-Folded:\n x",
]
EMAIL = st.tuples(
    st.lists(st.sampled_from(HEADERS), max_size=5),
    st.lists(
        st.tuples(st.lists(st.sampled_from(HEADERS), max_size=3), _soup("=3D", "=", "--B")),
        max_size=3,
    ),
    _soup("> ", "On Tue, Ann wrote:", "-- Original Message --", "=3D", "=\n", "VGhhbmtz"),
    st.sampled_from(["\n", "\r\n"]),
).map(
    lambda m: m[3].join(
        [
            *m[0],
            "",
            m[2],
            *(f"--B{m[3]}{m[3].join(h)}{m[3]}{m[3]}{body}" for h, body in m[1]),
            "--B--" if m[1] else "",
        ]
    )
)

# Word: the main part as an XML tree of Word's own elements (and a stranger), under any root
WORD_TAGS = [
    "document",
    "body",
    "p",
    "r",
    "t",
    "tbl",
    "tr",
    "tc",
    "tblGrid",
    "gridCol",
    "pPr",
    "pStyle",
    "tcPr",
    "gridSpan",
    "vMerge",
    "br",
    "tab",
    "sectPr",
    "hyperlink",
    "sdt",
    "sdtContent",
    "ins",
    "del",
    "delText",
    "smartTag",
    "fldSimple",
    "unknown",
]
WORD_VALUES = ["Heading1", "Title", "Quote", "IntenseQuote", "2", "0", "-1", "99999", "restart"]


def _word_element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(
        lambda tag, value, inner: (
            f"<w:{tag}{f' w:val={value!r}' if value else ''}>{''.join(inner)}</w:{tag}>"
        ),
        st.sampled_from(WORD_TAGS),
        st.none() | st.sampled_from(WORD_VALUES),
        st.lists(children, max_size=4),
    )


WORD_PIECES = [
    "Thank you",
    " ",
    "&amp;",
    "<w:t>you</w:t>",
    "<w:r><w:t>Your order is on its way.</w:t></w:r>",
    "<w:p><w:r><w:t>We thank you for your order.</w:t></w:r></w:p>",
    "<w:p><w:pPr><w:pStyle w:val='Heading1'/></w:pPr><w:r><w:t>Hello</w:t></w:r></w:p>",
    "<w:p><w:pPr><w:pStyle w:val='Quote'/></w:pPr><w:r><w:t>Great</w:t></w:r></w:p>",
    "<w:tc><w:tcPr><w:gridSpan w:val='3'/></w:tcPr><w:p><w:r><w:t>Cell</w:t></w:r></w:p></w:tc>",
    "<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>",
]
WORD_TREE = st.recursive(st.sampled_from(WORD_PIECES), _word_element, max_leaves=25)
WORD_MAIN = st.builds(
    lambda root, body, children, cut: (
        f'<?xml version="1.0" encoding="UTF-8"?><w:{root} xmlns:w="{W}">'
        + ("<w:body>" if body else "")
        + "".join(children)
        + ("</w:body>" if body else "")
        + f"</w:{root}>"
    ).encode()[:cut],
    st.sampled_from(["document"] * 50 + WORD_TAGS),  # mostly Word's own root, with a body
    st.sampled_from([True] * 9 + [False]),
    st.lists(WORD_TREE, min_size=1, max_size=5),
    CUT,
)

# PDF: a hand-made file whose page holds fuzzed content-stream operators
PDF_OPS = st.lists(
    st.sampled_from(
        [
            "BT",
            "ET",
            "/F1 12 Tf",
            "/F9 12 Tf",
            "/F1 1e99 Tf",
            "72 712 Td",
            "-1e308 0 Td",
            "(Thank you for your order) Tj",
            "(\\253\\000) Tj",
            "<FEFF00540068> Tj",
            "[(a) -250 (b)] TJ",
            "T*",
            "0 0 0 rg",
            "q",
            "Q",
            "1 0 0 1 0 0 cm",
            "0 0 0 0 cm",
            "(",
            ")",
            "[",
            "]",
            "<<",
            ">>",
            "/Name",
            "99999999999999999999",
            "BI",
            "ID",
            "EI",
            "Do",
            "/Im1 Do",
            "sh",
            "'",
            '"',
        ]
    ),
    max_size=25,
).map(" ".join)


def _pdf_page(content: str, font: str) -> bytes:
    stream = content.encode("latin-1", "replace")
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        f" /Resources << /Font << /F1 {font} >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n",
    ]
    out = b"%PDF-1.4\n"
    for number, body in enumerate(objects, 1):
        out += f"{number} 0 obj\n{body}".encode()
        out += (stream + b"\nendstream" if number == 4 else b"") + b"\nendobj\n"
    return out + b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"


PDF_FONTS = st.sampled_from(
    [
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        "<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H >>",
        "<< /Type /Font /Subtype /Type3 /Widths [1e999] >>",
        "<< >>",
        "7 0 R",
    ]
)


def _mutated(base: bytes) -> st.SearchStrategy[bytes]:
    """``base`` with a few bytes changed, removed or inserted, or cut short."""
    edit = st.tuples(st.integers(0, len(base)), st.integers(0, 8), st.binary(max_size=8))

    def apply(edits: list[tuple[int, int, bytes]]) -> bytes:
        data = base
        for at, removed, inserted in edits:
            data = data[:at] + inserted + data[at + removed :]
        return data

    return st.lists(edit, min_size=1, max_size=4).map(apply)


def _cases() -> dict[str, st.SearchStrategy[tuple[bytes, str]]]:
    """Every reader with its inputs: the bytes of a file and its suffix."""

    def as_file(data: st.SearchStrategy[bytes], *suffixes: str):
        return st.tuples(data, st.sampled_from(suffixes))

    return {
        "text": as_file(_encoded(_soup()), ".txt", ".text"),
        "markdown": as_file(_encoded(MARKDOWN), ".md", ".markdown"),
        "html": as_file(_encoded(HTML), ".html", ".htm"),
        "email": as_file(_encoded(EMAIL) | st.binary(max_size=200), ".eml"),
        "speech": as_file(_encoded(SPEECH), ".ssml", ".twiml", ".xml"),
        "docx": as_file(
            WORD_MAIN.map(_word_with)
            | WORD_MAIN.map(_word_with)
            | _mutated(_word_package())
            | st.binary(max_size=100).map(_word_with)
            | st.binary(max_size=200),
            ".docx",
        ),
        "pdf": as_file(
            st.builds(_pdf_page, PDF_OPS, PDF_FONTS)
            | st.builds(_pdf_page, PDF_OPS, PDF_FONTS).flatmap(_mutated)
            | _mutated(_pdf_bytes())
            | st.binary(max_size=200),
            ".pdf",
        ),
        "msg": as_file(st.binary(max_size=200), ".msg"),
    }


# Cases per reader in the default run (a few seconds in all), and in the slow one. The
# parsers of Word and PDF files cost the most per case.
QUICK = {"text": 60, "markdown": 120, "html": 100, "email": 80, "speech": 80, "docx": 40}
QUICK |= {"pdf": 50, "msg": 10}
SLOW_FACTOR = int(os.environ.get("LOVEAUDIT_FUZZ_FACTOR", "5"))  # 70 for a long hunt
FUZZ = settings(
    derandomize=True,  # the same cases every run: a failure here is reproducible
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _fuzz(reader: str, examples: int) -> None:
    @settings(FUZZ, max_examples=examples)
    @given(case=_cases()[reader])
    def read(case: tuple[bytes, str]) -> None:
        _read(*case)

    read()


def test_the_harness_covers_every_reader():
    """A reader added to sources/ without cases here fails this test."""
    readers = {*READERS.values(), *BINARY_READERS.values(), *FORMATS.values()}
    covered = {
        READERS[suffix] if suffix in READERS else BINARY_READERS[suffix]
        for suffix in (".txt", ".md", ".html", ".eml", ".ssml", ".docx", ".pdf", ".msg")
    }
    assert readers == covered and set(QUICK) == set(_cases())


@pytest.mark.parametrize("reader", sorted(QUICK))
def test_fuzzed_files_give_a_document_or_a_clear_refusal(reader: str):
    _fuzz(reader, QUICK[reader])


@pytest.mark.slow
@pytest.mark.parametrize("reader", sorted(QUICK))
def test_fuzzed_files_at_length(reader: str):
    _fuzz(reader, QUICK[reader] * SLOW_FACTOR)


@FUZZ
@given(text=st.text(max_size=120) | _soup(), fmt=st.sampled_from(sorted(FORMATS)))
def test_fuzzed_text_in_memory_in_every_format(text: str, fmt: str):
    """`read_string`: text from a caller, lone surrogates and all."""
    try:
        document = read_string(text, fmt, "fuzz")
    except SourceError as exc:
        assert exc.message.strip()
        return
    assert isinstance(document, Document)


@pytest.mark.parametrize("fmt", ["x.md", "x.txt"])
def test_a_lone_carriage_return_ends_a_line_for_positions_too(fmt: str):
    # old Mac files: every finding was reported on line 1
    document = read_bytes(b"Hello there\r\rWe were founded in 1987.\r\nThanks", fmt)
    at = document.text.index("founded")
    assert document.position(at) == (3, 9)
    assert document.position(document.text.index("Thanks")) == (4, 1)


def test_a_directive_in_a_carriage_return_file_turns_off_the_next_line_only():
    from loveaudit import Auditor

    directive = b"<!-- loveaudit-disable-next-line ease-demands -->"
    source = directive + b"\rYou must pay now.\rYou must call us.\r"
    document = read_bytes(source, "x.md").with_kind("email", "test")
    [result] = list(Auditor(None).audit([document]))
    assert [(f.rule, f.line) for f in result.findings if f.rule == "ease-demands"] == [
        ("ease-demands", 3)
    ]
