"""Long sentences: the share over a length, and each one too long to take in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from loveaudit.checks.base import CheckParams, CheckResult, Hit, SyllableCheck, ramp
from loveaudit.checks.hard_sentences import sentence_words
from loveaudit.model import Metric

if TYPE_CHECKING:
    from loveaudit.nlp import Annotated


class SentenceLengthParams(CheckParams):
    long_words: int = Field(20, ge=1)
    very_long_words: int = Field(35, ge=1)
    max_long_share: float = Field(0.25, ge=0, le=1)
    zero_share: float = Field(0.6, ge=0, le=1)
    min_sentences: int = Field(1, ge=1)


class SentenceLength(SyllableCheck):
    """Scores the share of sentences over ``long_words`` against ``max_long_share``; each
    sentence over ``very_long_words`` is a finding."""

    name = "sentence_length"
    Params = SentenceLengthParams
    placeholders = frozenset({"words", "limit", "share"})

    def run(self, ann: Annotated, params: SentenceLengthParams) -> CheckResult:
        sentences = ann.sentences
        if len(sentences) < params.min_sentences:
            return CheckResult.not_applicable(f"fewer than {params.min_sentences} sentences")
        counts = sentence_words(ann, self.syllables)
        long = sum(1 for words, _ in counts if words > params.long_words)
        share = long / len(sentences)
        hits = [
            Hit(
                sent.start_char,
                sent.end_char,
                {"words": words, "limit": params.very_long_words, "share": share},
            )
            for sent, (words, _) in zip(sentences, counts, strict=True)
            if words > params.very_long_words
        ]
        metrics = {
            "long_share": Metric(round(share, 3), "share", params.max_long_share, "<="),
            "longest": Metric(max(w for w, _ in counts), "words"),
        }
        return CheckResult(
            score=ramp(share, params.zero_share, params.max_long_share), hits=hits, metrics=metrics
        )
