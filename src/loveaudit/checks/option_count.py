"""How many choices a menu asks the listener to hold in mind at once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field, model_validator

from loveaudit.checks.base import Check, CheckParams, CheckResult, Hit, lexicons, ramp
from loveaudit.model import Metric

if TYPE_CHECKING:
    from loveaudit.nlp import Annotated


class OptionCountParams(CheckParams):
    # finding no menu says nothing about the document (base.py)
    clean_is_evidence: bool = False
    options: tuple[str, ...] = lexicons()
    max_options: int = Field(6, ge=1)
    zero_options: int = Field(12, ge=2)

    @model_validator(mode="after")
    def _zero_above_target(self) -> OptionCountParams:
        if self.zero_options <= self.max_options:
            raise ValueError("zero_options must be above max_options")
        return self


class OptionCount(Check):
    """Counts the distinct options a script offers ("press 1", "press 2", ...): a caller
    hears a menu once and must keep every option in mind until the one they need, so past
    ``max_options`` the menu is one finding, and the score falls to 0 at ``zero_options``.
    An option read out again (a menu that loops) counts once."""

    name = "option_count"
    Params = OptionCountParams
    placeholders = frozenset({"count", "target"})

    def run(self, ann: Annotated, params: OptionCountParams) -> CheckResult:
        matches = ann.hits(params.options)
        if not matches:
            return CheckResult.not_applicable("no menu options")
        distinct = {ann.span_text(s, e).lower() for s, e in matches}
        count = len(distinct)
        metrics = {"options": Metric(count, "count", params.max_options, "<=", "menu options")}
        hits = []
        if count > params.max_options:
            # the finding covers the menu, from its first option to its last
            start, _ = ann.char_span(*min(matches))
            _, end = ann.char_span(*max(matches, key=lambda m: m[1]))
            hits.append(Hit(start, end, {"count": count, "target": params.max_options}))
        score = ramp(count, params.zero_options, params.max_options)
        return CheckResult(score=score, hits=hits, metrics=metrics)
