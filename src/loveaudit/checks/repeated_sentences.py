"""The same sentence said twice in one script: a caller on a loop hears it every time."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pydantic import Field

from loveaudit.checks.base import Check, CheckParams, CheckResult, Hit, density_score
from loveaudit.model import Metric

if TYPE_CHECKING:
    from loveaudit.nlp import Annotated

_NOT_WORD = re.compile(r"[^\w]+")


class RepeatedSentencesParams(CheckParams):
    clean_is_evidence: bool = False  # finding none of these is no evidence (base.py)
    min_words: int = Field(3, ge=1)
    zero_density: float = Field(3.0, gt=0)
    min_words_basis: int = Field(50, ge=1)


class RepeatedSentences(Check):
    """Each later occurrence of a sentence (same words, ignoring case and punctuation) of
    at least ``min_words`` words is a finding."""

    name = "repeated_sentences"
    Params = RepeatedSentencesParams
    placeholders = frozenset({"sentence", "times"})

    def run(self, ann: Annotated, params: RepeatedSentencesParams) -> CheckResult:
        if not ann.sentences:
            return CheckResult.not_applicable("no sentences")
        seen: dict[str, int] = {}
        hits = []
        for sent in ann.sentences:
            text = ann.text[sent.start_char : sent.end_char]
            key = _NOT_WORD.sub(" ", text.lower()).strip()
            if len(key.split()) < params.min_words:
                continue
            seen[key] = seen.get(key, 0) + 1
            if seen[key] > 1:
                hits.append(
                    Hit(sent.start_char, sent.end_char, {"sentence": text, "times": seen[key]})
                )
        score = density_score(len(hits), ann.words, params.zero_density, params.min_words_basis)
        return CheckResult(score=score, hits=hits, metrics={"repeats": Metric(len(hits), "count")})
