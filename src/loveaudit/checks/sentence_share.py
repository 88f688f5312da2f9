"""The share of sentences spent on one thing: self-promotion in a hold script, say."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field, model_validator

from loveaudit.checks.base import Check, CheckParams, CheckResult, Hit, lexicons, ramp
from loveaudit.checks.voice import sentences_with
from loveaudit.model import Metric

if TYPE_CHECKING:
    from loveaudit.nlp import Annotated


class SentenceShareParams(CheckParams):
    markers: tuple[str, ...] = lexicons()
    # markers that count only in a sentence that also names its owner: a feature noun is
    # promotion in "our new warehouse ships 10,000 orders a day", not in an agent's "I'll
    # check that with the warehouse"
    owned_markers: tuple[str, ...] = lexicons()
    owner: tuple[str, ...] = lexicons()
    max_share: float = Field(0.2, ge=0, le=1)
    zero_share: float = Field(0.6, ge=0, le=1)
    min_sentences: int = Field(3, ge=1)

    @model_validator(mode="after")
    def _owned_needs_owner(self) -> SentenceShareParams:
        # without an owner the owned markers would count nowhere, silently
        if self.owned_markers and not self.owner:
            raise ValueError("owned_markers needs owner: the lexicons that name whose they are")
        return self


class SentenceShare(Check):
    """Share of sentences with any marker (or an ``owned_markers`` match beside an
    ``owner`` one); above ``max_share`` it is reported at the first such sentence, and the
    score falls to 0 at ``zero_share``."""

    name = "sentence_share"
    Params = SentenceShareParams
    placeholders = frozenset({"share", "target", "count", "sentences"})

    def run(self, ann: Annotated, params: SentenceShareParams) -> CheckResult:
        sentences = ann.sentences
        if len(sentences) < params.min_sentences:
            return CheckResult.not_applicable(f"fewer than {params.min_sentences} sentences")
        flags = sentences_with(ann, params.markers)
        if params.owned_markers and params.owner:
            owned = sentences_with(ann, params.owned_markers)
            owners = sentences_with(ann, params.owner)
            flags = [f or (o and w) for f, o, w in zip(flags, owned, owners, strict=True)]
        count = sum(flags)
        share = count / len(sentences)
        metrics = {"share": Metric(round(share, 3), "share", params.max_share, "<=")}
        hits = []
        if share > params.max_share:
            first = sentences[flags.index(True)]
            hits.append(
                Hit(
                    first.start_char,
                    first.end_char,
                    {
                        "share": share,
                        "target": params.max_share,
                        "count": count,
                        "sentences": len(sentences),
                    },
                )
            )
        return CheckResult(
            score=ramp(share, params.zero_share, params.max_share), hits=hits, metrics=metrics
        )
