"""Sentences that land hard: strongly negative by VADER, or cold despite polite words."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from loveaudit.checks.base import Check, CheckParams, CheckResult, Hit, density_score, lexicons
from loveaudit.checks.voice import reported_speech, sentences_with
from loveaudit.model import Metric

if TYPE_CHECKING:
    from loveaudit.nlp import Annotated


class NegativeSentencesParams(CheckParams):
    clean_is_evidence: bool = False  # finding none of these is no evidence (base.py)
    threshold: float = Field(-0.5, ge=-1, le=0)
    neutralisers: tuple[str, ...] = lexicons()
    negators: tuple[str, ...] = lexicons()
    # quoted speech: a testimonial's "before" story is the customer's, not said to them
    reported_speech: tuple[str, ...] = lexicons()
    zero_density: float = Field(3.0, gt=0)
    min_words_basis: int = Field(50, ge=1)


class NegativeSentences(Check):
    """A sentence is a finding when its VADER compound (with ``neutralisers`` such as "no
    hidden fees" blanked) is at or below ``threshold``, or it holds a ``negators`` phrase
    that reads polite to VADER but is not ("kindly stop")."""

    name = "negative_sentences"
    Params = NegativeSentencesParams
    needs = frozenset({"sentences", "sentiment"})
    placeholders = frozenset({"sentence", "compound"})

    def run(self, ann: Annotated, params: NegativeSentencesParams) -> CheckResult:
        if not ann.sentences:
            return CheckResult.not_applicable("no sentences")
        compounds = ann.sentiment(params.neutralisers)
        cold = sentences_with(ann, params.negators) if params.negators else None
        quoted = reported_speech(ann, params.reported_speech)
        first_words = ann.first_words
        hits = []
        for k, sent in enumerate(ann.sentences):
            if quoted.holds(first_words[sent.start]):
                continue
            if compounds[k] <= params.threshold or (cold is not None and cold[k]):
                hits.append(
                    Hit(
                        sent.start_char,
                        sent.end_char,
                        {
                            "sentence": ann.text[sent.start_char : sent.end_char],
                            "compound": compounds[k],
                        },
                    )
                )
        score = density_score(len(hits), ann.words, params.zero_density, params.min_words_basis)
        return CheckResult(
            score=score, hits=hits, metrics={"negative_sentences": Metric(len(hits), "count")}
        )
