"""Sentences that say one thing without another: a feature without a benefit, say."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from loveaudit.checks.base import Check, CheckParams, CheckResult, Hit, density_score, lexicons
from loveaudit.checks.voice import sentences_with
from loveaudit.model import Metric

if TYPE_CHECKING:
    from loveaudit.nlp import Annotated


class SentenceCuesParams(CheckParams):
    clean_is_evidence: bool = False  # finding none of these is no evidence (base.py)
    triggers: tuple[str, ...] = lexicons()
    unless: tuple[str, ...] = lexicons()
    # an `unless` cue in the next sentence clears too: "We've processed your refund. You'll
    # see it on your card by Friday." gives the outcome one sentence on
    unless_in_next: bool = False
    require: tuple[str, ...] = lexicons()
    zero_density: float = Field(3.0, gt=0)
    min_words_basis: int = Field(50, ge=1)


class SentenceCues(Check):
    """A sentence fires when it has a trigger, has none of ``unless`` (nor, with
    ``unless_in_next``, does the sentence after it) and, if ``require`` is set, one of those
    too; the finding quotes the whole sentence."""

    name = "sentence_cues"
    Params = SentenceCuesParams
    placeholders = frozenset({"cue", "sentence", "count"})

    def run(self, ann: Annotated, params: SentenceCuesParams) -> CheckResult:
        sentences = ann.sentences
        if not sentences:
            return CheckResult.not_applicable("no sentences")
        first_cue: dict[int, tuple[int, int]] = {}
        index = ann.sentence_index
        for start, end in ann.hits(params.triggers):
            k = int(index[start])
            if k >= 0 and k not in first_cue:
                first_cue[k] = (start, end)
        # the clearing cues are looked for only where a trigger fired: most documents have
        # none, and a wide `unless` pattern would otherwise be run over every text
        cleared = sentences_with(ann, params.unless) if params.unless and first_cue else None
        required = sentences_with(ann, params.require) if params.require and first_cue else None
        hits = []
        for k in sorted(first_cue):
            if cleared is not None and (
                cleared[k] or (params.unless_in_next and k + 1 < len(sentences) and cleared[k + 1])
            ):
                continue
            if required is not None and not required[k]:
                continue
            sent = sentences[k]
            cue = ann.span_text(*first_cue[k])
            hits.append(
                Hit(
                    sent.start_char,
                    sent.end_char,
                    {"cue": cue, "sentence": ann.text[sent.start_char : sent.end_char]},
                )
            )
        for hit in hits:
            hit.values["count"] = len(hits)
        score = density_score(len(hits), ann.words, params.zero_density, params.min_words_basis)
        return CheckResult(
            score=score, hits=hits, metrics={"sentences": Metric(len(hits), "count")}
        )
