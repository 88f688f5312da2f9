"""How many choices a menu asks the listener to hold in mind at once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field, ValidationInfo, field_validator

from loveaudit.checks.base import Check, CheckParams, CheckResult, Hit, lexicons, ramp, replacement
from loveaudit.model import Metric
from loveaudit.spans import Spans

if TYPE_CHECKING:
    from loveaudit.nlp import Annotated


class OptionCountParams(CheckParams):
    # a short menu is a pass only where something else judges the dimension: on its own it
    # would make every menu's ease perfect (base.py)
    clean_is_evidence: bool = False
    options: tuple[str, ...] = lexicons()
    # a replacement lexicon naming the key each spelling is ("1" -> one, "the star key" ->
    # star), so a menu read once in figures and once in words offers each key once
    keys: tuple[str, ...] = lexicons()
    # an option inside one of these is not one: "to hear these options again, press 9"
    not_options: tuple[str, ...] = lexicons()
    # zero_options comes first so that the check below is filed under max_options, the
    # setting a team raises, and so under their configuration rather than the pack's
    zero_options: int = Field(12, ge=2)
    max_options: int = Field(6, ge=1)

    @field_validator("max_options")
    @classmethod
    def _target_below_zero(cls, value: int, info: ValidationInfo) -> int:
        zero = info.data.get("zero_options")
        if zero is not None and value >= zero:
            raise ValueError(f"max_options ({value}) must be below zero_options ({zero})")
        return value


class OptionCount(Check):
    """Counts the distinct options a script offers ("press 1", "press 2", ...): a caller
    hears a menu once and must keep every option in mind until the one they need, so past
    ``max_options`` the menu is one finding, and the score falls to 0 at ``zero_options``.
    An option read out again (a menu that loops, in figures or in words) counts once."""

    name = "option_count"
    Params = OptionCountParams
    placeholders = frozenset({"count", "target"})

    def run(self, ann: Annotated, params: OptionCountParams) -> CheckResult:
        matches = ann.hits(params.options)
        if params.not_options and matches:
            moves = Spans(ann.hits(params.not_options))
            matches = [(s, e) for s, e in matches if not moves.overlaps(s, e)]
        if not matches:
            return CheckResult.not_applicable("no menu options")
        key_spans = ann.hits(params.keys) if params.keys else []
        distinct = {self._key(ann, params, key_spans, s, e) for s, e in matches}
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

    def _key(
        self,
        ann: Annotated,
        params: OptionCountParams,
        key_spans: list[tuple[int, int]],
        start: int,
        end: int,
    ) -> str:
        """The key an option names: the `keys` lexicon's reading of the last key word in it
        ("press 1" -> one), else its last word as written ("press one" -> one)."""
        inside = [(s, e) for s, e in key_spans if start <= s and e <= end]
        if inside:
            named = replacement(self, ann, params.keys, *max(inside))
            if named:
                return named
        return ann.span_text(end - 1, end).lower()
