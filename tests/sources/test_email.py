"""Email: the sender's own words, located in the .eml file; the thread and headers left out."""

from __future__ import annotations

from email.message import EmailMessage
from email.policy import default

import pytest
from source_helpers import region_texts, where, word_at

from loveaudit.errors import SourceError
from loveaudit.sources import read_bytes

PLAIN = """From: Jo Baker <jo@shop.example>
To: Sam <sam@example.invalid>
Subject: Your box is on its way
Content-Type: text/plain; charset="utf-8"

Hi Sam,

A new box reaches you tomorrow, and it costs you nothing.

Jo Baker
Direct line: 555-0100

On Mon, 2 Nov 2026 at 09:12, Sam <sam@example.invalid> wrote:
> My box never came. Sort it out.
"""


def test_subject_is_the_headline_and_the_thread_is_left_out():
    doc = read_bytes(PLAIN.encode(), "reply.eml")
    assert doc.format == "email" and doc.format_kind == "email"
    assert region_texts(doc, "headline") == ["Your box is on its way"]
    assert "tomorrow" in doc.text and "Direct line: 555-0100" in doc.text  # signature kept
    assert "Sort it out" not in doc.text and "wrote:" not in doc.text


def test_words_map_back_to_their_line_in_the_file():
    doc = read_bytes(PLAIN.encode(), "reply.eml")
    assert word_at(doc, "tomorrow") == where(PLAIN, "tomorrow")
    assert word_at(doc, "Direct") == where(PLAIN, "Direct")
    assert word_at(doc, "way") == where(PLAIN, "way")


def test_html_only_message_is_read_through_the_html_reader():
    message = EmailMessage(policy=default)
    message["Subject"] = "Welcome"
    message.set_content(
        "<html><body><p>You're in!</p><script>var x = 'hidden';</script>"
        "<p>Your first box arrives Friday.</p></body></html>",
        subtype="html",
    )
    doc = read_bytes(message.as_bytes(), "welcome.eml")
    assert "Your first box arrives Friday." in doc.text and "hidden" not in doc.text


def test_forwarded_and_outlook_blocks_are_left_out():
    body = (
        "Subject: Fwd: order\n\nPlease see below.\n\n"
        "---------- Forwarded message ---------\nFrom: A\nWe regret nothing.\n"
    )
    assert "regret" not in read_bytes(body.encode(), "f.eml").text
    outlook = "Subject: Re\n\nThanks, Ann!\n\nFrom: Bob\nSent: Monday\nOld text here.\n"
    assert "Old text" not in read_bytes(outlook.encode(), "o.eml").text


def test_a_message_without_text_parts_is_a_clear_error():
    message = EmailMessage(policy=default)
    message["Subject"] = "Invoice attached"
    message.set_content(b"%PDF-1.4 ...", maintype="application", subtype="pdf")
    with pytest.raises(SourceError, match="no text/plain or text/html part"):
        read_bytes(message.as_bytes(), "attachment-only.eml")


def test_msg_without_the_extra_says_how_to_install_it(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_extract_msg(name, *args, **kwargs):
        if name == "extract_msg":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_extract_msg)
    with pytest.raises(SourceError, match=r"needs the msg extra: .* -m pip install .*\[msg\]'"):
        read_bytes(b"\xd0\xcf\x11\xe0 not really", "mail.msg")
