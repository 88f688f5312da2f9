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


def test_anchor_words_are_read_only_from_plain_word_lists():
    # a pattern's scan is skipped when none of its anchor's words is in the text, so the
    # words may only come from anchors that are nothing but words
    from loveaudit.nlp import required_literals

    assert required_literals("year|decade|centur") == ("year", "decade", "centur")
    assert required_literals(r"(?:seconds?|minutes?|day)\b") == ("second", "minute", "day")
    assert required_literals("reply to this|respond to this") == (
        "reply to this",
        "respond to this",
    )
    for syntax in [r"(?:1[6-9]|20)\d\d|0s\b", r"%|per\s?cent", r"\d{3}", "a.c", "(?:a)|(?:b)"]:
        assert required_literals(syntax) is None, syntax


def test_every_anchor_hit_holds_one_of_its_words(auditor):
    # the skip must never lose a match: over all the samples, each hit of each built-in
    # anchor contains one of the words read from it
    import re
    from pathlib import Path

    from loveaudit.nlp import required_literals
    from loveaudit.sources import read_path

    root = Path(__file__).resolve().parent.parent / "samples"
    texts = [read_path(p).text.lower() for p in sorted(root.rglob("*")) if p.is_file()]
    checked = 0
    for pattern in auditor.ruleset.patterns.values():
        words = required_literals(pattern.anchor) if pattern.anchor else None
        if not words:
            continue
        anchor = re.compile(pattern.anchor)
        for text in texts:
            for hit in anchor.finditer(text):
                assert hit.group().startswith(words), (pattern.name, hit.group())
                checked += 1
    assert checked > 20


def test_anchor_hits_found_from_their_words_are_the_regex_scan_s(auditor):
    # an anchor made of words is tried only where one of its words occurs: over all the
    # samples, and where hits overlap or touch, that must give what finditer gives
    import re
    from pathlib import Path

    from loveaudit.nlp import _anchor_hits, required_literals
    from loveaudit.sources import read_path

    root = Path(__file__).resolve().parent.parent / "samples"
    texts = [read_path(p).text.lower() for p in sorted(root.rglob("*")) if p.is_file()]
    texts += ["feefee fees", "thanks thank thankyou", "seconds second secs", ""]
    anchors = [p.anchor for p in auditor.ruleset.patterns.values() if p.anchor]
    anchors += ["ab|abab|b", r"(?:aa|a)\b", "an?|and"]
    tried = 0
    for source in anchors:
        words = required_literals(source)
        if not words:
            continue
        anchor = re.compile(source)
        for text in [*texts, "abababa ab", "aaa a aa and an a"]:
            expected = [m.span() for m in anchor.finditer(text)]
            assert _anchor_hits(text, anchor, words) == expected, (source, text[:60])
            tried += 1
    assert tried > 100


def test_a_text_whose_lower_case_is_longer_still_finds_the_saving(auditor):
    # "İ" lower-cases to two characters, so such a text is matched case-insensitively as
    # written (the twins compiled on first need): the same saving, at the same place
    saving = "Book online and get two hours back every week."
    assert _time_savings(auditor, "İstanbul office. " + saving) == ["two hours back"]
    assert _time_savings(auditor, "İzmir. " + saving.upper()) == ["TWO HOURS BACK"]
