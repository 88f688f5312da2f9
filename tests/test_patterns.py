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


def test_anchor_words_are_what_every_hit_surely_starts_with():
    # a pattern's anchor is tried only where one of these strings occurs, so they may only
    # be strings every hit starts with: spelled out from words, optional letters, listed
    # classes and zero-width tests, never guessed past a category or a wildcard
    from loveaudit.literals import leading_strings

    assert leading_strings("year|decade|centur") == ("centur", "decade", "year")
    assert leading_strings(r"(?:seconds?|minutes?|day)\b") == ("day", "minute", "second")
    assert leading_strings("reply to this|respond to this") == (
        "reply to this",
        "respond to this",
    )
    assert leading_strings(r"\b(?:ours?|we)\b") == ("our", "we")
    assert leading_strings("i['’]m|it's") == ("i'm", "it's", "i’m")
    assert leading_strings(r"(?:1[6-9]|20)\d\d|0s\b") == ("0s", "16", "17", "18", "19", "20")
    assert leading_strings(r"%|per\s?cent") == ("%", "per")
    assert leading_strings("no|no longer|nothing") == ("no",)  # the longer add no place
    assert leading_strings(r"(?<!\bif )we") == ("we",)
    assert leading_strings(r"\b(?:still )?(?:unpaid|due)\b") == (
        "due",
        "still due",
        "still unpaid",
        "unpaid",
    )
    # a category (\d matches digits beyond ASCII), a wildcard first, a repeat that may be
    # empty, a negated class, ignored case: a match could start anywhere
    for syntax in [r"\d{3}", ".x", "x*y", "[^a]b", "(?i)abc", r"a|\d", "(?i:sale) now"]:
        assert leading_strings(syntax) is None, syntax


def test_every_anchor_hit_holds_one_of_its_words(auditor):
    # the skip must never lose a match: over all the samples, each hit of each built-in
    # anchor contains one of the words read from it
    import re
    from pathlib import Path

    from loveaudit.literals import leading_strings
    from loveaudit.sources import read_path

    root = Path(__file__).resolve().parent.parent / "samples"
    texts = [read_path(p).text.lower() for p in sorted(root.rglob("*")) if p.is_file()]
    checked = 0
    for pattern in auditor.ruleset.patterns.values():
        words = leading_strings(pattern.anchor) if pattern.anchor else None
        if not words:
            continue
        anchor = re.compile(pattern.anchor)
        for text in texts:
            for hit in anchor.finditer(text):
                assert hit.group().startswith(words), (pattern.name, hit.group())
                checked += 1
    assert checked > 20


def test_anchor_hits_found_from_their_words_are_the_regex_scan_s(auditor):
    # an anchor is tried only where one of the strings its hits start with occurs, found
    # by the document's one-pass index: over all the samples, and where hits overlap,
    # touch or sit behind a look-behind, that must give what finditer gives
    import re
    from pathlib import Path

    from loveaudit.literals import LiteralIndex, leading_strings
    from loveaudit.nlp import _anchor_hits
    from loveaudit.sources import read_path

    root = Path(__file__).resolve().parent.parent / "samples"
    texts = [read_path(p).text.lower() for p in sorted(root.rglob("*")) if p.is_file()]
    texts += ["feefee fees", "thanks thank thankyou", "seconds second secs", ""]
    anchors = [p.anchor for p in auditor.ruleset.patterns.values() if p.anchor]
    anchors += ["ab|abab|b", r"(?:aa|a)\b", "an?|and", r"\b(?:ours?|we)\b", r"(?<!\bif )we"]
    texts += ["if we go, we said; ours, your ourselves", "we we"]
    tried = 0
    for source in anchors:
        words = leading_strings(source)
        if not words:
            continue
        anchor = re.compile(source)
        index = LiteralIndex(words)  # all of a document's anchor words, found in one pass
        for text in [*texts, "abababa ab", "aaa a aa and an a"]:
            expected = [m.span() for m in anchor.finditer(text)]
            found = _anchor_hits(text, anchor, words, index.positions(text))
            assert found == expected, (source, text[:60])
            tried += 1
    assert tried > 100


def test_a_text_whose_lower_case_is_longer_still_finds_the_saving(auditor):
    # "İ" lower-cases to two characters, so such a text is matched case-insensitively as
    # written (the twins compiled on first need): the same saving, at the same place
    saving = "Book online and get two hours back every week."
    assert _time_savings(auditor, "İstanbul office. " + saving) == ["two hours back"]
    assert _time_savings(auditor, "İzmir. " + saving.upper()) == ["TWO HOURS BACK"]


def test_every_pattern_finds_what_a_plain_scan_finds(auditor):
    # each pattern is tried only where the strings its anchor hits (or its matches)
    # start with occur, "\d" spelled as 0-9 where the text has no other digits: over the
    # samples, and texts with Arabic-Indic and full-width digits, every built-in pattern
    # must find what a scan of the whole text for it finds
    import re
    from pathlib import Path

    from loveaudit.nlp import _pattern_matches
    from loveaudit.sources import read_path

    root = Path(__file__).resolve().parent.parent / "samples"
    texts = [read_path(p).text for p in sorted(root.rglob("*")) if p.is_file()]
    texts += [
        "We will call you back within ٣ days, on 4 May, about the £٢٥ fee.",
        "Your refund of ３０ pounds reaches you in ２ weeks; 3 days if you call 0800 123 456.",
    ]
    matchers = auditor.matchers
    compared = 0
    for text in texts:
        lowered = text.lower()
        if len(lowered) != len(text):
            continue
        doc = auditor.pipeline.nlp(text)
        starts = [t.idx for t in doc]
        ends = [t.idx + len(t) for t in doc]
        for name, pattern in auditor.ruleset.patterns.items():
            if not matchers.is_pattern(name):
                continue
            found = matchers.pattern(name, text, lowered, starts, ends)
            anchor = re.compile(pattern.anchor) if pattern.anchor else None
            scanned = _pattern_matches(lowered, re.compile(pattern.regex), anchor, pattern.reach)
            expected = nlp_spans(scanned, starts, ends, len(text))
            assert found == expected, (name, text[:60])
            compared += bool(found)
    assert compared > 100


def nlp_spans(matches, starts, ends, length):
    from loveaudit.nlp import _longest_first, _token_spans

    return _longest_first(_token_spans(matches, starts, ends, length))


def test_digits_are_spelled_out_only_when_asked_and_other_digits_are_seen():
    from loveaudit.literals import leading_strings, other_digits

    assert leading_strings(r"\d+ days") is None
    assert leading_strings(r"\d+ days", digits=True) == tuple("0123456789")
    assert leading_strings(r"(?:[£$]|\d)", digits=True) == ("$", *"0123456789", "£")
    assert not other_digits("Pay £25 by 4 May – thank you’")
    assert other_digits("within ٣ days")
    assert other_digits("in ２ weeks")


def test_the_one_pass_index_and_its_readers_take_odd_input_quietly():
    # a regex the parser refuses, no strings, an empty text: nothing is found and nothing
    # fails, so such a pattern is simply scanned as written
    import re

    from loveaudit.literals import LiteralIndex, leading_strings, matches_at

    assert leading_strings("(") is None
    assert leading_strings("") is None
    assert LiteralIndex([]).positions("any text") == {}
    assert LiteralIndex(["", "ab"]).positions("") == {}
    index = LiteralIndex(["ab"])
    assert matches_at(re.compile("abc"), "xx", ("ab",), index.positions("xx")) == []
