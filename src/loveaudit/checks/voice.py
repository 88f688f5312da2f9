"""Who speaks and for whom: shared reasoning about business and customer references.

Used by the focus ratio and the actor check so the two can never disagree about which
"we" is self-talk ("we were founded in 1987") and which serves the customer ("we'll get
you set up today"). Not a check type itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from pydantic import Field

from loveaudit.checks.base import CheckParams, lexicons
from loveaudit.spans import Spans

if TYPE_CHECKING:
    from loveaudit.nlp import Annotated


class Reference(NamedTuple):
    """A business reference and whether it serves the customer or talks about itself."""

    start: int
    end: int
    serving: bool


def sentences_with(ann: Annotated, names: Sequence[str]) -> list[bool]:
    """A flag per sentence: does it contain a match of any named lexicon."""
    flags = [False] * len(ann.sentences)
    index = ann.sentence_index
    for start, _ in ann.hits(names):
        k = index[start]
        if k >= 0:
            flags[k] = True
    return flags


class VoiceParams(CheckParams):
    """The lexicons that say who is speaking and for whom, shared by the focus checks."""

    business: tuple[str, ...] = lexicons()
    customer: tuple[str, ...] = lexicons()
    self_talk_markers: tuple[str, ...] = lexicons()
    serving: tuple[str, ...] = lexicons()
    promises: tuple[str, ...] = lexicons()
    # quoted speech (testimonials, reviews) and the customer's own words (an FAQ's
    # questions, a "My account" link): not the business's voice, counted for neither side
    reported_speech: tuple[str, ...] = lexicons()
    serving_window: int = Field(3, ge=0, le=10)


def reported_speech(ann: Annotated, names: tuple[str, ...]) -> Spans:
    """Token spans of words that are not the business's own: other people's, quoted, and
    the customer's (an FAQ's questions, a "My account" link). A testimonial's "we were
    thrilled with our new patio" is the customer speaking; counted as the business talking
    about itself, it made a page of reviews read as the most self-focused page of a site.
    Only rules that name such patterns (``names``) read quotations at all."""
    return ann.memo(("reported_speech", names), lambda: _reported(ann, names))


def _reported(ann: Annotated, names: tuple[str, ...]) -> Spans:
    """The named patterns' matches, and the quotations the format marks as such (regions
    named "quote": HTML's <blockquote> and <q>, Word's Quote styles), as token spans."""
    if not names:
        return Spans([])
    spans = list(ann.hits(names))
    for region in ann.document.regions:
        if region.name == "quote":
            tokens = ann.tokens_in(region.start, region.end)
            if tokens is not None:
                spans.append(tokens)
    return Spans(spans)


def business_references(ann: Annotated, params: VoiceParams) -> list[Reference]:
    """Every business reference, marked serving or self-talk (computed once per document
    for each set of voice lexicons)."""
    key = (
        "business_references",
        params.business,
        params.customer,
        params.self_talk_markers,
        params.serving,
        params.promises,
        params.reported_speech,
        params.serving_window,
    )
    return ann.memo(key, lambda: _business_references(ann, params))


def _business_references(ann: Annotated, params: VoiceParams) -> list[Reference]:
    """Every business reference, marked serving or self-talk.

    Self-talk: the sentence brags or tells company history, or has no customer in it and
    makes no promise. Serving: the sentence is about the customer, or the business promises
    to do something for them: a promise word right after the reference ("will", "'ll",
    "are here to") and a serving verb soon after ("we'll fix it today"). A plain present
    tense ("Acme ships widgets") describes the business, so it stays self-talk. A "we"
    inside reported speech is not the business's at all, and is left out.
    """
    quoted = reported_speech(ann, params.reported_speech)
    refs = quoted.outside(ann.hits(params.business))
    if not refs:
        return []
    bragging = sentences_with(ann, params.self_talk_markers)
    about_customer = sentences_with(ann, params.customer)
    serving_starts = {s for s, _ in ann.hits(params.serving)}
    promise_ends = {s: e for s, e in ann.hits(params.promises)}
    window = params.serving_window
    index = ann.sentence_index
    out = []
    for start, end in refs:
        k = index[start]
        if k < 0 or bragging[k]:
            out.append(Reference(start, end, False))
        elif about_customer[k]:
            out.append(Reference(start, end, True))
        else:
            after = promise_ends.get(end)
            promised = after is not None and any(
                after + d in serving_starts for d in range(window + 1)
            )
            out.append(Reference(start, end, promised))
    return out
