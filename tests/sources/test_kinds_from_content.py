"""Kinds from content and format: a PDF invoice, a payment reminder email and an IVR
script are recognised without --kind, and the report says how."""

from __future__ import annotations

from email.message import EmailMessage
from email.policy import default

from fpdf import FPDF

from loveaudit import Auditor
from loveaudit.sources import read_bytes


def _kind(auditor: Auditor, data: bytes, name: str) -> tuple[str, str]:
    result = next(auditor.audit([read_bytes(data, name)]))
    return result.kind, result.kind_reason


def test_a_payment_reminder_email_is_an_invoice_by_content(auditor: Auditor):
    message = EmailMessage(policy=default)
    message["Subject"] = "A friendly reminder about invoice 1042"
    message.set_content("Hi Maria,\n\nThe unpaid balance of $275 was due last week.\n\nSam\n")
    kind, reason = _kind(auditor, message.as_bytes(), "reminder.eml")
    assert kind == "invoice" and reason.startswith("content mentions")
    plain = EmailMessage(policy=default)
    plain["Subject"] = "Your order"
    plain.set_content("Hi Maria,\n\nYour lamp ships today.\n\nSam\n")
    assert _kind(auditor, plain.as_bytes(), "order.eml") == (
        "email",
        "email format: email by default",
    )


def test_an_ivr_script_is_a_hold_message_by_content(auditor: Auditor):
    script = b"For billing questions, press 1. For bookings, press 2. Please listen carefully."
    kind, reason = _kind(auditor, script, "menu.txt")
    assert kind == "hold" and "press 1" in reason


def test_a_pdf_is_an_invoice_by_format_or_by_content(auditor: Auditor):
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.cell(0, 8, "Thanks for the lovely afternoon in the garden.")
    assert _kind(auditor, bytes(pdf.output()), "note.pdf") == (
        "invoice",
        "pdf format: invoice by default",
    )
