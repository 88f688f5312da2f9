"""A mix of registers (seeing, hearing, feeling words) so copy reaches different readers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from loveaudit.checks.base import Check, CheckParams, CheckResult, Hit
from loveaudit.model import Metric

if TYPE_CHECKING:
    from loveaudit.nlp import Annotated


class RegisterMixParams(CheckParams):
    registers: dict[str, tuple[str, ...]] = Field(
        default_factory=dict, json_schema_extra={"lexicons": True}
    )
    min_words: int = Field(60, ge=1)


class RegisterMix(Check):
    """Counts each register's words; a register with none is reported (in a text long
    enough to expect all of them), and the score is the share of registers present."""

    name = "register_mix"
    Params = RegisterMixParams
    placeholders = frozenset({"missing", "counts"})

    def run(self, ann: Annotated, params: RegisterMixParams) -> CheckResult:
        if ann.words < params.min_words or not params.registers:
            return CheckResult.not_applicable(f"fewer than {params.min_words} words")
        counts = {name: len(ann.hits(names)) for name, names in sorted(params.registers.items())}
        metrics = {name: Metric(count, "count") for name, count in counts.items()}
        missing = [name for name, count in counts.items() if count == 0]
        hits = []
        if missing:
            summary = ", ".join(f"{name} {count}" for name, count in counts.items())
            hits.append(Hit(0, 0, {"missing": ", ".join(missing), "counts": summary}))
        return CheckResult(score=1 - len(missing) / len(counts), hits=hits, metrics=metrics)
