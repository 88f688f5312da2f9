"""Is this message a positive, neutral or negative touch point for the customer?

Valence = the kind's prior (an invoice or overdue notice starts negative) + the mean VADER
sentiment of its sentences (with phrases known to mislead VADER blanked) + a lift for
each sentence that thanks or offers value, - a drop for each that demands, blames or
threatens. The class feeds the corpus ledger: ten positive touch points for every negative.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from loveaudit.checks.base import Check, CheckParams, CheckResult, Hit, lexicons, ramp
from loveaudit.checks.voice import sentences_with
from loveaudit.model import Metric
from loveaudit.spans import Spans

if TYPE_CHECKING:
    from loveaudit.nlp import Annotated


class TouchPointParams(CheckParams):
    prior: float = Field(0.0, ge=-1, le=1)
    lift: tuple[str, ...] = lexicons()
    drop: tuple[str, ...] = lexicons()
    neutralisers: tuple[str, ...] = lexicons()
    # a sentence that apologises owns the problem it names: its negative words do not make
    # the message a negative touch point (its positive ones still count)
    apologies: tuple[str, ...] = lexicons()
    negations: tuple[str, ...] = lexicons()
    # a drop phrase inside one of these does not drop: "we've refunded the late fee" names
    # a penalty only to lift it
    drop_unless_overlapping: tuple[str, ...] = lexicons()
    lift_step: float = Field(0.1, ge=0)
    lift_max: float = Field(0.3, ge=0)
    drop_step: float = Field(0.15, ge=0)
    drop_max: float = Field(0.45, ge=0)
    positive_at: float = Field(0.2, ge=-1, le=1)
    negative_at: float = Field(-0.05, ge=-1, le=1)
    zero_at: float = Field(-0.4, ge=-2, le=1)
    ledger_ratio: float = Field(10.0, gt=0)


class TouchPoint(Check):
    """Classifies the document and scores its valence between ``zero_at`` and
    ``positive_at``; a negative touch point is reported (info) with its valence."""

    name = "touch_point"
    Params = TouchPointParams
    needs = frozenset({"sentences", "sentiment"})
    placeholders = frozenset({"valence", "touch_point"})

    def run(self, ann: Annotated, params: TouchPointParams) -> CheckResult:
        if not ann.sentences:
            return CheckResult.not_applicable("no sentences")
        compounds = ann.sentiment(params.neutralisers)
        if params.apologies:
            owned = sentences_with(ann, params.apologies)
            compounds = [max(c, 0.0) if owned[k] else c for k, c in enumerate(compounds)]
        mean = sum(compounds) / len(compounds)
        lifted = sum(sentences_with(ann, params.lift)) if params.lift else 0
        drops = ann.unnegated(ann.hits(params.drop), params.negations)
        if params.drop_unless_overlapping and drops:
            lifted_away = Spans(ann.hits(params.drop_unless_overlapping))
            drops = [(s, e) for s, e in drops if not lifted_away.overlaps(s, e)]
        dropped = len({ann.sentence_index[s] for s, _ in drops} - {-1})
        valence = (
            params.prior
            + mean
            + min(params.lift_max, lifted * params.lift_step)
            - min(params.drop_max, dropped * params.drop_step)
        )
        if valence >= params.positive_at:
            klass = "positive"
        elif valence <= params.negative_at:
            klass = "negative"
        else:
            klass = "neutral"
        metrics = {
            "touch_point": Metric(
                klass, "class", params.ledger_ratio, ">=", "positive : negative touch points target"
            ),
            "valence": Metric(round(valence, 3), "valence", params.positive_at, ">="),
            "sentiment_mean": Metric(round(mean, 3), "VADER compound"),
        }
        hits = []
        if klass == "negative":
            hits.append(Hit(0, 0, {"valence": valence, "touch_point": klass}))
        return CheckResult(
            score=ramp(valence, params.zero_at, params.positive_at), hits=hits, metrics=metrics
        )
