"""Patterns find the same things in a table of numbers as in prose."""

from __future__ import annotations

from loveaudit.nlp import annotate
from loveaudit.sources import read_string


def _time_savings(auditor, text: str) -> list[str]:
    document = read_string(text, "text", "x").with_kind("web", "test")
    ann, _ = next(annotate(auditor.pipeline, auditor.matchers, [(document, None)]))
    return [ann.span_text(s, e) for s, e in ann.hits(("time_saved",))]


def test_a_saving_is_found_among_dense_durations(auditor):
    # a timesheet puts a duration on every line, so the saving pattern's anchor hits
    # everywhere (one pass over the text instead of a window per hit): the savings found
    # must be the same as in the sentences on their own
    saving = "Book online and get two hours back every week."
    rows = "\n".join(f"Visit {n}: 2 hours, 30 minutes on site." for n in range(1, 400))
    alone = _time_savings(auditor, saving)
    assert alone == ["two hours back"]
    assert _time_savings(auditor, rows + "\n" + saving) == alone
