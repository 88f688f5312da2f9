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


def test_pattern_spans_cover_the_tokens_spacy_would(auditor):
    # patterns map character matches to tokens without building a spaCy Span per match;
    # every span, whole or cut, in white space or across a line break, must give the
    # tokens Doc.char_span(alignment_mode="expand") gives
    import random

    from loveaudit.nlp import _token_spans

    nlp = auditor.pipeline.nlp
    texts = [
        "Call us on 0800 123 456.\n\n  We're open   9am-5pm, Mon–Fri!  ",
        "Thanks,\nMaria  ",
        " leading space and trailing\n",
        "x",
    ]
    rng = random.Random(7)
    for text in texts:
        doc = nlp(text)
        starts = [t.idx for t in doc]
        ends = [t.idx + len(t) for t in doc]
        cases = [(a, b) for a in range(-1, len(text) + 2) for b in range(a, len(text) + 2)]
        for start, end in rng.sample(cases, min(len(cases), 400)):
            span = doc.char_span(start, end, alignment_mode="expand") if start >= 0 else None
            expected = [(span.start, span.end)] if span is not None and len(span) else []
            assert _token_spans([(start, end)], starts, ends, len(text)) == expected, (
                text,
                start,
                end,
            )
