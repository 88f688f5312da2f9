"""Appreciation reads a document's matches by bisection, not by a scan of all of them per
sentence of thanks (which made it quadratic in the number of thank-yous): the grades of a
long document must be those of its sentences read alone."""

from __future__ import annotations

import random

from loveaudit.checks.appreciation import Appreciation, _with_name
from loveaudit.nlp import annotate
from loveaudit.sources import read_string
from loveaudit.spans import Spans

SENTENCES = [
    "Thank you for your order.",
    "Thanks to our new system, orders ship faster.",
    "Thank you for calling Acme Plumbing.",
    "Thank you, Maria, for trusting us with your garden again this year.",
    "Thank you, [First name], for your order.",
    "Thank you so much for being such a loyal customer for ten years.",
    "Your loyalty means the world to us.",
    "THANK YOU FOR YOUR BUSINESS ACME PLUMBING'S TEAM.",
    "Thanks for calling, your call will be answered shortly.",
    "We are grateful for your patience with the follow-up.",
]


def _annotated(auditor, text: str):
    document = read_string(text, "text", "x").with_kind("email", "test")
    ann, _ = next(annotate(auditor.pipeline, auditor.matchers, [(document, None)]))
    return ann


def _grades(auditor, text: str) -> tuple[list[tuple[int, int]], dict[int, int]]:
    params = auditor.ruleset.rule("appreciation-depth").params["email"]
    check = Appreciation()
    ann = _annotated(auditor, text)
    thanks = check._gratitude(ann, params)
    grades = check._grades(ann, params, thanks)
    return thanks, {int(k): grade for k, grade in grades.items()}


def test_many_thanks_are_graded_as_each_sentence_alone(auditor):
    alone = []
    for sentence in SENTENCES:
        thanks, grades = _grades(auditor, sentence)
        alone.append((len(thanks), grades.get(0)))
    # the sentences cover every grade and a look-alike that is no thanks at all
    assert {grade for _, grade in alone} == {None, 1, 2, 3}
    repeats = 300
    thanks, grades = _grades(auditor, " ".join(SENTENCES * repeats))
    assert len(thanks) == repeats * sum(count for count, _ in alone)
    expected = {
        k: grade
        for k, (_, grade) in enumerate(alone * repeats)
        if grade is not None  # no thanks, no grade
    }
    assert grades == expected


def test_span_lookups_agree_with_a_scan_of_every_span():
    rnd = random.Random(7)
    for trial in range(300):
        n = rnd.randint(0, 12)
        spans = []
        for _ in range(n):
            start = rnd.randint(0, 30)
            spans.append((start, start + rnd.randint(0, 6)))  # some of no width
        if trial % 2:  # lexicon hits: sorted and apart
            spans = sorted(spans)
            spans = [s for i, s in enumerate(spans) if all(s[0] >= p[1] for p in spans[:i])]
        index = Spans(spans)
        for start in range(-1, 40):
            for end in range(start, start + 8):
                overlapping = sorted(s for s in spans if s[0] < end and s[1] > start)
                assert index.overlaps(start, end) == bool(overlapping)
                assert index.overlapping(start, end) == overlapping
                assert index.starting_in(start, end) == sorted(
                    s for s in spans if start <= s[0] < end
                )


def test_a_name_run_is_walked_once_but_ends_where_it_would(auditor):
    # a run of capitals holding many formulas: the remembered ends must be the ends each
    # walk on its own would find, whatever the order the walks come in
    text = "THANK YOU FOR YOUR BUSINESS ACME'S " * 40 + "thanks. Bob\u2019s Garage Ltd says THANKS"
    ann = _annotated(auditor, text)
    spans = [(i, j) for i in range(len(ann.doc)) for j in (i, i + 1)]
    random.Random(3).shuffle(spans)
    shared: dict[int, int] = {}
    assert [_with_name(ann, s, shared) for s in spans] == [_with_name(ann, s, {}) for s in spans]
    assert shared  # the run was remembered
