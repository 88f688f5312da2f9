"""PDF and Word: prose in reading order, located by page and line or by paragraph; broken,
encrypted and image-only files are per-file errors."""

from __future__ import annotations

import io

import docx
import pytest
from fpdf import FPDF

from loveaudit.errors import SourceError
from loveaudit.sources import read_bytes


def _pdf(pages: list[list[str]], **encrypt: str) -> bytes:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for lines in pages:
        pdf.add_page()
        for line in lines:
            pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    if encrypt:
        pdf.set_encryption(**encrypt)
    return bytes(pdf.output())


def test_pdf_findings_say_page_and_line(samples_auditor):
    data = _pdf(
        [
            ["Invoice 7", "Total due    $120.00", "Thank you for your order."],
            ["Questions? Call Ana on 555-0101.", "We acknowledge receipt of your letter."],
        ]
    )
    doc = read_bytes(data, "bill.pdf")
    assert doc.format == "pdf" and doc.format_kind == "invoice"
    assert doc.locator.describe(doc.position(doc.text.index("We acknowledge")).line) == (
        "page 2, line 2"
    )
    result = next(samples_auditor.audit([doc.with_kind("invoice", "test")]))
    cold = next(f for f in result.findings if f.rule == "tone-cold-phrases")
    assert cold.location == "page 2, line 2" and cold.text == "We acknowledge receipt of"


def test_a_row_of_figures_is_kept_apart_from_the_prose():
    data = _pdf([["Please pay by Friday", "Total due    $1,250.00    15/11/2026", "Thanks!"]])
    doc = read_bytes(data, "bill.pdf")
    table = [doc.text[r.start : r.end] for r in doc.regions if r.name == "table"]
    assert table == ["Total due $1,250.00 15/11/2026"]
    assert "\n\nTotal due" in doc.text and "15/11/2026\n\n" in doc.text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_pdf([["Secret"]], owner_password="o", user_password="u"), "the PDF is encrypted"),
        (_pdf([[]]), "no text layer"),
        (_pdf([["Invoice 7 for your order"]])[:200], "a damaged PDF"),
        (b"not a pdf at all", "not a PDF"),
    ],
)
def test_bad_pdfs_say_what_is_wrong(data, message):
    with pytest.raises(SourceError, match=message):
        read_bytes(data, "bad.pdf")


def _docx() -> bytes:
    document = docx.Document()
    document.add_heading("Warm rooms by tonight", level=1)
    document.add_paragraph("")
    document.add_paragraph("Call before noon and you get a plumber within two hours.")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "We acknowledge receipt of your booking."
    table.cell(0, 1).text = "$89"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_word_paragraphs_headings_and_cells_with_paragraph_locations():
    doc = read_bytes(_docx(), "page.docx")
    assert doc.format == "docx"
    assert [doc.text[r.start : r.end] for r in doc.regions if r.name == "headline"] == [
        "Warm rooms by tonight"
    ]
    assert "We acknowledge receipt of your booking." in doc.text and "$89" in doc.text
    line = doc.position(doc.text.index("Call before")).line
    assert doc.locator.describe(line) == "paragraph 3"  # the empty paragraph counts
    cell = doc.position(doc.text.index("We acknowledge")).line
    assert doc.locator.describe(cell) == "paragraph 4"


def test_a_broken_docx_is_a_per_file_error():
    with pytest.raises(SourceError, match="not a readable Word document"):
        read_bytes(b"PK\x03\x04broken zip", "page.docx")
    with pytest.raises(SourceError, match="not a readable Word document"):
        read_bytes(_docx()[:500], "page.docx")


def test_word_quotation_styles_are_quote_regions():
    # a testimonial set in Word's Quote style is other people's words, as a <blockquote> is
    document = docx.Document()
    document.add_paragraph("You choose the day and we fit the kitchen.")
    document.add_paragraph("We loved our new kitchen and would hire them again.", style="Quote")
    document.add_paragraph("Fitted in two days, start to finish.", style="Intense Quote")
    out = io.BytesIO()
    document.save(out)
    doc = read_bytes(out.getvalue(), "page.docx")
    assert [doc.text[r.start : r.end] for r in doc.regions if r.name == "quote"] == [
        "We loved our new kitchen and would hire them again.",
        "Fitted in two days, start to finish.",
    ]


def test_a_huge_grid_span_in_a_word_table_is_read_as_one_cell():
    # a cell claiming to span a hundred million grid columns: the table is walked cell by
    # cell as its XML holds them, so nothing is laid out for the columns it claims (laid
    # out, the read would not finish)
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    document.add_paragraph("Thank you for your order.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Your balance"
    table.cell(1, 1).text = "Paid"
    span = OxmlElement("w:gridSpan")
    span.set(qn("w:val"), "100000000")
    table.rows[0].cells[0]._tc.get_or_add_tcPr().append(span)
    buffer = io.BytesIO()
    document.save(buffer)
    read = read_bytes(buffer.getvalue(), "span.docx")
    assert read.text.split("\n\n") == ["Thank you for your order.", "Your balance", "Paid"]
