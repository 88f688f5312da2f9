"""Customer references against the business's self-talk: the "We-We" test, done fairly."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from loveaudit.checks.base import Check, CheckResult, Hit, ramp
from loveaudit.checks.voice import VoiceParams, business_references, reported_speech
from loveaudit.model import Metric

if TYPE_CHECKING:
    from loveaudit.nlp import Annotated


class ReferenceRatioParams(VoiceParams):
    # 2:1 (PRINCIPLES 1), a hair under 2/3 so that exactly two to one passes
    min_customer_share: float = Field(0.666, ge=0, le=1)
    zero_share: float = Field(0.0, ge=0, le=1)
    min_references: int = Field(3, ge=1)


class ReferenceRatio(Check):
    """Share of customer references among customer plus self-talk business references.

    A "we" that serves the customer counts for neither side: it is the business working
    for the reader, which the principle welcomes.
    """

    name = "reference_ratio"
    Params = ReferenceRatioParams
    placeholders = frozenset({"customer", "business", "serving", "share", "target"})

    def run(self, ann: Annotated, params: ReferenceRatioParams) -> CheckResult:
        quoted = reported_speech(ann, params.reported_speech)
        customer_refs = ann.hits(params.customer)
        customer = len(quoted.outside(customer_refs))
        refs = business_references(ann, params)  # already without the quoted ones
        in_quotes = len(customer_refs) - customer + len(ann.hits(params.business)) - len(refs)
        self_talk = [r for r in refs if not r.serving]
        serving = len(refs) - len(self_talk)
        counted = customer + len(self_talk)
        share = customer / counted if counted else None
        metrics = {
            "customer_references": Metric(customer, "count", label="references to the customer"),
            "business_references": Metric(len(refs), "count", label="references to the business"),
            "business_self_talk": Metric(
                len(self_talk), "count", label="business references that are self-talk"
            ),
            "business_serving": Metric(
                serving, "count", label="business references that serve the customer"
            ),
            "quoted_references": Metric(
                in_quotes,
                "count",
                label="references in quoted speech or the customer's own words, for neither",
            ),
            "customer_share": Metric(
                None if share is None else round(share, 3),
                "share",
                params.min_customer_share,
                ">=",
                "customer share of references",
            ),
        }
        if counted < params.min_references:
            return CheckResult.not_applicable(
                f"fewer than {params.min_references} customer or business references", metrics
            )
        assert share is not None
        score = ramp(share, params.zero_share, params.min_customer_share)
        hits = []
        if share < params.min_customer_share and self_talk:
            # a share is a verdict on the whole document, placed at its start like the
            # grade: pointing at the first "we" suggested that one word was the problem
            hits.append(
                Hit(
                    0,
                    0,
                    {
                        "customer": customer,
                        "business": len(self_talk),
                        "serving": serving,
                        "share": share,
                        "target": params.min_customer_share,
                    },
                )
            )
        return CheckResult(score=score, hits=hits, metrics=metrics)
