"""The balance of two registers: warm, relational words against cold, bureaucratic ones."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from loveaudit.checks.base import Check, CheckParams, CheckResult, Hit, lexicons, ramp
from loveaudit.model import Metric

if TYPE_CHECKING:
    from loveaudit.nlp import Annotated


class LexiconBalanceParams(CheckParams):
    positive: tuple[str, ...] = lexicons()
    negative: tuple[str, ...] = lexicons()
    negations: tuple[str, ...] = lexicons()
    min_hits: int = Field(2, ge=1)
    target_share: float = Field(0.6, ge=0, le=1)
    zero_share: float = Field(0.0, ge=0, le=1)


class LexiconBalance(Check):
    """Share of ``positive`` among ``positive`` plus ``negative`` matches; with fewer than
    ``min_hits`` matches in all there is no evidence and the rule does not apply."""

    name = "lexicon_balance"
    Params = LexiconBalanceParams
    placeholders = frozenset({"positive", "negative", "share", "target"})

    def run(self, ann: Annotated, params: LexiconBalanceParams) -> CheckResult:
        good = ann.hits(params.positive)
        bad = ann.unnegated(ann.hits(params.negative), params.negations)
        total = len(good) + len(bad)
        share = len(good) / total if total else None
        metrics = {
            "positive": Metric(len(good), "count"),
            "negative": Metric(len(bad), "count"),
            "share": Metric(
                None if share is None else round(share, 3), "share", params.target_share, ">="
            ),
        }
        if total < params.min_hits:
            return CheckResult.not_applicable(f"fewer than {params.min_hits} matches", metrics)
        assert share is not None
        hits = []
        if share < params.target_share and bad:
            cs, ce = ann.char_span(*bad[0])
            hits.append(
                Hit(
                    cs,
                    ce,
                    {
                        "positive": len(good),
                        "negative": len(bad),
                        "share": share,
                        "target": params.target_share,
                    },
                )
            )
        return CheckResult(
            score=ramp(share, params.zero_share, params.target_share), hits=hits, metrics=metrics
        )
