"""Builds the PDF and Word samples from the texts below (run it after editing them).

    python samples/build_binary_samples.py

The texts were written for loveaudit, like every sample here; the files are generated so
that their content can be reviewed in this script. Needs fpdf2 (test extra) and
python-docx.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

FIXED_DATE = datetime(2026, 11, 1, tzinfo=timezone.utc)
HERE = Path(__file__).resolve().parent

STATEMENT_COLD = [
    ("title", "STATEMENT OF ACCOUNT"),
    ("line", "Greenhollow Gardens Ltd"),
    ("line", "Account 20-4471    Statement date 01/11/2026"),
    ("blank", ""),
    ("line", "Autumn leaf clearance    2 visits    $180.00"),
    ("line", "Hedge cutting    1 visit    $95.00"),
    ("line", "Total due    $275.00"),
    ("line", "Due date    15/11/2026"),
    ("blank", ""),
    ("para", "Please be advised that payment must be received in full by the due date. "
             "Failure to pay will result in a late fee of $25 being applied to the account "
             "and services may be suspended without further notice. It is the customer's "
             "responsibility to ensure that the correct reference is quoted."),
    ("page", ""),
    ("para", "Greenhollow Gardens Ltd was established in 1998 and is the region's leading "
             "provider of award-winning landscaping solutions. We pride ourselves on our "
             "heritage."),
    ("para", "Thank you."),
]

STATEMENT_LOVING = [
    ("title", "Your autumn garden care, Maria"),
    ("line", "Greenhollow Gardens - account 20-4471 - 1 November 2026"),
    ("blank", ""),
    ("line", "Autumn leaf clearance    2 visits    $180.00"),
    ("line", "Hedge cutting    1 visit    $95.00"),
    ("line", "Total    $275.00"),
    ("line", "Due by    15 November 2026"),
    ("blank", ""),
    ("para", "Thank you, Maria, for trusting us with your garden for the third autumn "
             "running - it means a lot to us. Your lawn is clear of leaves before the "
             "frost, so it will green up weeks earlier in spring, and you save a weekend "
             "of raking."),
    ("page", ""),
    ("para", "Paying takes about a minute: use the card link on your email, or call Sam "
             "on 555-0142 and he will take it over the phone. If the timing is awkward "
             "this month, just tell Sam and you can split it over two months at no extra "
             "cost."),
    ("para", "Thank you again. We look forward to seeing your garden in the spring!"),
]

SERVICES_COLD = [
    ("Title", "Our Services"),
    ("Normal", "Kestrel Plumbing & Heating has been the leading provider of plumbing "
               "solutions since 1987. We pride ourselves on our award-winning team and our "
               "state-of-the-art diagnostic equipment."),
    ("Heading 1", "What we offer"),
    ("Normal", "We offer boiler servicing, drain clearance and leak detection utilizing "
               "best-in-class thermal imaging technology in order to facilitate the "
               "identification of faults."),
    ("table", [("Service", "Price"), ("Boiler service", "$89"), ("Call-out fee", "$60")]),
    ("Normal", "All appointments must be booked at least 48 hours in advance. Cancellations "
               "will be charged in full."),
]

SERVICES_LOVING = [
    ("Title", "Warm rooms and hot water, back by tonight"),
    ("Normal", "When your boiler stops, you want it working again today. Call us before "
               "noon and you get a plumber at your door within two hours."),
    ("Heading 1", "What you get"),
    ("Normal", "You get a fixed price before we start, so there are no surprises. A yearly "
               "boiler service costs $89 and saves you about $120 a year on heating."),
    ("table", [("Service", "Price"), ("Boiler service", "$89"), ("Call-out fee", "none")]),
    ("Normal", "Book by text on 555-0118 or online in two minutes. Plans changed? Move your "
               "visit for free, any time. Dan Kestrel reads every message himself."),
]


def build_pdf(lines: list[tuple[str, str]], path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(True, margin=20)
    pdf.set_creation_date(FIXED_DATE)  # the same texts give the same file
    pdf.add_page()
    for kind, text in lines:
        if kind == "page":
            pdf.add_page()
        elif kind == "title":
            pdf.set_font("Helvetica", "B", 16)
            pdf.cell(0, 10, text, new_x="LMARGIN", new_y="NEXT")
        elif kind == "blank":
            pdf.ln(4)
        elif kind == "line":
            pdf.set_font("Helvetica", size=11)
            pdf.cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.set_font("Helvetica", size=11)
            pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
    pdf.output(str(path))


def build_docx(blocks: list[tuple[str, object]], path: Path) -> None:
    import docx

    document = docx.Document()
    document.core_properties.created = FIXED_DATE
    document.core_properties.modified = FIXED_DATE
    for style, content in blocks:
        if style == "table":
            rows = list(content)  # type: ignore[arg-type]
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
        elif style == "Title":
            document.add_heading(str(content), level=0)
        elif style.startswith("Heading"):
            document.add_heading(str(content), level=int(style.split()[-1]))
        else:
            document.add_paragraph(str(content))
    document.save(str(path))


def main() -> None:
    build_pdf(STATEMENT_COLD, HERE / "invoice" / "statement-cold.pdf")
    build_pdf(STATEMENT_LOVING, HERE / "invoice" / "statement-loving.pdf")
    build_docx(SERVICES_COLD, HERE / "web" / "services-cold.docx")
    build_docx(SERVICES_LOVING, HERE / "web" / "services-loving.docx")


if __name__ == "__main__":
    main()
