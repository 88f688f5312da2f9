"""Phrases that should not be there (bragging, history...), weighed more in the opening."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from loveaudit.checks.base import (
    Check,
    CheckParams,
    CheckResult,
    Hit,
    Severity,
    density_score,
    lexicons,
)
from loveaudit.checks.voice import reported_speech
from loveaudit.model import Metric
from loveaudit.spans import Spans

if TYPE_CHECKING:
    from loveaudit.nlp import Annotated


class PhraseListParams(CheckParams):
    clean_is_evidence: bool = False  # finding none of these is no evidence (base.py)
    phrases: tuple[str, ...] = lexicons()
    # quoted speech: a testimonial's "the best plumbers in town" is the customer's praise
    reported_speech: tuple[str, ...] = lexicons()
    # what the rule is about must be there for it to judge: perfunctory thanks are judged
    # only where there are thanks, so a phone menu with none is no evidence either way
    requires: tuple[str, ...] = lexicons()
    # ...and a `requires` match inside one of these is not what the rule is about ("we
    # value your custom" thanks nobody, so it asks for no grading), while a longer one
    # that holds it is ("thanks to you" around "thanks to")
    requires_not: tuple[str, ...] = lexicons()
    # a match inside one of these belongs to another rule's finding: "the successful
    # business year" in "thank our customers for the successful business year" is judged
    # as the thanks it is, not as self-credit too
    unless_overlapping: tuple[str, ...] = lexicons()
    opening_words: int = Field(0, ge=0, le=500)
    opening_weight: float = Field(1.0, ge=1)
    opening_severity: Severity | None = None
    opening_label: str = ""
    body_label: str = ""
    zero_density: float = Field(3.0, gt=0)
    min_words_basis: int = Field(50, ge=1)


class PhraseList(Check):
    """Every match of the named lexicons and patterns is a finding.

    The opening (the headline plus the first ``opening_words`` words) is what a visitor or
    caller meets first, so a match there weighs ``opening_weight`` times as much and may
    carry a sharper severity.
    """

    name = "phrase_list"
    Params = PhraseListParams
    placeholders = frozenset({"text", "place", "count"})

    def run(self, ann: Annotated, params: PhraseListParams) -> CheckResult:
        if not ann.words:
            return CheckResult.not_applicable("no words")
        if params.requires and not self._required(ann, params):
            return CheckResult.not_applicable("nothing for this rule to judge")
        spans = ann.hits(params.phrases, merge=True)
        if params.reported_speech:
            quoted = reported_speech(ann, params.reported_speech)
            spans = quoted.outside(spans)
        if params.unless_overlapping and spans:
            others = Spans(ann.hits(params.unless_overlapping))
            spans = [(s, e) for s, e in spans if not others.overlaps(s, e)]
        opening_end = ann.opening_end(params.opening_words) if params.opening_words else -1
        hits = []
        weighted = 0.0
        in_opening = 0
        for start, end in spans:
            cs, ce = ann.char_span(start, end)
            opening = cs < opening_end
            in_opening += opening
            weighted += params.opening_weight if opening else 1.0
            hits.append(
                Hit(
                    cs,
                    ce,
                    {
                        "text": ann.text[cs:ce],
                        "count": len(spans),
                        "place": params.opening_label if opening else params.body_label,
                    },
                    severity=params.opening_severity if opening else None,
                )
            )
        metrics = {
            "matches": Metric(len(spans), "count"),
            "matches_in_opening": Metric(in_opening, "count"),
        }
        score = density_score(weighted, ann.words, params.zero_density, params.min_words_basis)
        return CheckResult(score=score, hits=hits, metrics=metrics)

    @staticmethod
    def _required(ann: Annotated, params: PhraseListParams) -> bool:
        """Whether the document has what the rule judges: a `requires` match that no
        `requires_not` match holds (matches are merged first, so a longer thank-you that
        holds a trap, "thanks to you" around "thanks to", is one match, and counts)."""
        found = ann.hits(params.requires, merge=True)
        if not found or not params.requires_not:
            return bool(found)
        traps = ann.hits(params.requires_not)
        return any(not any(ts <= s and e <= te for ts, te in traps) for s, e in found)
