"""Shouting: runs of capitalised words ("FINAL NOTICE: PAY NOW")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field
from spacy.attrs import IS_ALPHA, IS_UPPER, LENGTH

from loveaudit.checks.base import Check, CheckParams, CheckResult, Hit, density_score
from loveaudit.model import Metric

if TYPE_CHECKING:
    from loveaudit.nlp import Annotated


class ShoutingParams(CheckParams):
    min_words: int = Field(3, ge=2)
    min_letters: int = Field(2, ge=1)
    zero_density: float = Field(2.0, gt=0)
    min_words_basis: int = Field(50, ge=1)


class Shouting(Check):
    """Finds ``min_words`` or more all-capital words in a row within a sentence (single
    acronyms never qualify); punctuation between them does not break the run."""

    name = "shouting"
    Params = ShoutingParams
    needs = frozenset({"sentences"})
    placeholders = frozenset({"text", "count"})

    def run(self, ann: Annotated, params: ShoutingParams) -> CheckResult:
        if not ann.words:
            return CheckResult.not_applicable("no words")
        arr = ann.doc.to_array([IS_UPPER, IS_ALPHA, LENGTH])
        loud = ((arr[:, 0] == 1) & (arr[:, 1] == 1) & (arr[:, 2] >= params.min_letters)).tolist()
        mask = ann.word_mask
        index = ann.sentence_index
        runs: list[tuple[int, int]] = []
        start = last = -1
        count = 0
        for i in range(len(loud)):
            if loud[i] and (count == 0 or index[i] == index[last]):
                if count == 0:
                    start = i
                last = i
                count += 1
            elif mask[i] or (count and index[i] != index[last]):
                if count >= params.min_words:
                    runs.append((start, last + 1))
                count = 0
                if loud[i]:
                    start = last = i
                    count = 1
        if count >= params.min_words:
            runs.append((start, last + 1))
        hits = []
        for s, e in runs:
            cs, ce = ann.char_span(s, e)
            hits.append(Hit(cs, ce, {"text": ann.text[cs:ce], "count": len(runs)}))
        score = density_score(len(hits), ann.words, params.zero_density, params.min_words_basis)
        return CheckResult(score=score, hits=hits, metrics={"runs": Metric(len(hits), "count")})
