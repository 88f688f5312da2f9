"""Quoted speech: what the focus and appreciation checks read as other people's words."""

from __future__ import annotations

from loveaudit.checks.voice import reported_speech
from loveaudit.nlp import annotate
from loveaudit.sources import read_string


def _quoted(auditor, text: str, fmt: str = "text") -> list[str]:
    document = read_string(text, fmt, "x").with_kind("web", "test")
    with auditor.memory_zone():
        ann, _ = next(annotate(auditor.pipeline, auditor.matchers, [(document, None)]))
        quoted = reported_speech(ann, ("reported_speech",))
        return [ann.span_text(s, e).strip() for s, e in quoted.spans]


def test_a_quotation_of_five_words_or_more_is_reported_speech(auditor):
    text = 'Customers say: “We were thrilled with the new patio.” And "we would hire them again."'
    assert _quoted(auditor, text) == [
        "“We were thrilled with the new patio.”",
        '"we would hire them again."',
    ]


def test_labels_inch_marks_and_paragraph_breaks_are_not(auditor):
    assert _quoted(auditor, "Click “Manage your bookings” to change it.") == []
    assert _quoted(auditor, 'A 12" pizza and a 10" pizza for the two of you, fresh.') == []
    # an opening mark in one paragraph does not pair with a closing one in the next
    assert _quoted(auditor, "“We started in a shed\n\nand now we have our own shop”") == []
    # a line break inside a quotation is still one quotation
    assert len(_quoted(auditor, "“We started in a shed\nand now we have our own shop”")) == 1


def test_html_quotations_are_reported_speech_from_their_first_word(auditor):
    # the region of a <q> that starts right after a word begins in that word's white
    # space: the word before it is the writer's, not the quotation's
    page = "<p>They love us<q> best firm ever in town, we think</q> and more.</p>"
    assert _quoted(auditor, page, "html") == ["best firm ever in town, we think"]
    assert _quoted(auditor, "<p>Thanks from us<q> </q> today.</p>", "html") == []


def test_a_blockquote_left_open_runs_to_the_end_of_the_page(auditor):
    page = "<h1>Your garden</h1><blockquote><p>We loved them and would hire them again"
    assert _quoted(auditor, page, "html") == ["We loved them and would hire them again"]
