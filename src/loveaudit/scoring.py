"""Dimension scores and the love score: weighted means that can always be explained.

A rule's outcome carries a 0-1 score only when the rule applies to the document; a rule
that does not apply (wrong kind, too little text, no evidence) drops out of the mean and
never counts as a pass. A dimension's score is the weight-averaged score of its applicable
rules (rule `weight` in the pack); the love score (0-100) is the mean of the document's
dimension scores weighted by the kind's weights in `rules/dimensions.yaml`. Dimensions with
no applicable rule drop out of the love score the same way.

A rule's weight also shrinks on short text when its pack says so (`full_weight_words`): its
outcome carries the share of the weight the document's length earns (`evidence`). A
dimension's evidence is the weighted mean of its rules' evidence, and scales the kind's
weight for it, so a dimension judged on a line or two (above all, on something missing
from a line or two) stays near neutral instead of deciding the love score.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the model imports the rounding rule below, so no import at run time
    from loveaudit.model import RuleOutcome
    from loveaudit.packs import WorstProblems

# Scores keep one decimal, rounded once here; every renderer shows that number and every
# gate compares it, so a score shown as 69.5 is the one `--fail-under 70` fails.
SCORE_DECIMALS = 1


def round_score(value: float) -> float:
    """A score (or a change of score, a mean of scores) to the precision shown and gated."""
    return round(value, SCORE_DECIMALS) + 0.0  # + 0.0: never a "-0"


def score_text(value: float | None, none: str = "n/a") -> str:
    """A score as every output shows it: the gated number, without a trailing ".0"."""
    return none if value is None else f"{round_score(value):g}"


def change_text(value: float | None, none: str = "") -> str:
    """A change of score, signed ("+43", "-2.5", "+0")."""
    return none if value is None else f"{round_score(value):+g}"


def dimension_scores(outcomes: Iterable[RuleOutcome]) -> dict[str, float]:
    """0-100 per dimension that has at least one applicable, non-failing rule."""
    return {dim: score for dim, (score, _) in _dimensions(outcomes).items()}


def dimension_evidence(outcomes: Iterable[RuleOutcome]) -> dict[str, float]:
    """0-1 per scored dimension: how much of its rules' weight the document earned."""
    return {dim: evidence for dim, (_, evidence) in _dimensions(outcomes).items()}


def _dimensions(outcomes: Iterable[RuleOutcome]) -> dict[str, tuple[float, float]]:
    return _from_sums(*_sums(outcomes))


def _sums(
    outcomes: Iterable[RuleOutcome],
) -> tuple[dict[str, float], dict[str, float], dict[str, float]]:
    """Per dimension: the evidence-weighted sum of rule scores, the weight earned, the
    full weight (of the applicable, non-failing rules)."""
    sums: dict[str, float] = {}
    earned: dict[str, float] = {}
    full: dict[str, float] = {}
    for outcome in outcomes:
        if not outcome.applicable or outcome.score is None or outcome.error:
            continue
        dim = outcome.dimension
        weight = outcome.weight * outcome.evidence
        sums[dim] = sums.get(dim, 0.0) + outcome.score * weight
        earned[dim] = earned.get(dim, 0.0) + weight
        full[dim] = full.get(dim, 0.0) + outcome.weight
    return sums, earned, full


def _from_sums(
    sums: dict[str, float], earned: dict[str, float], full: dict[str, float]
) -> dict[str, tuple[float, float]]:
    return {
        dim: (round_score(100.0 * sums[dim] / earned[dim]), round(earned[dim] / full[dim], 4))
        for dim in sorted(sums)
    }


def score_outcomes(
    outcomes: list[RuleOutcome], kind_weights: Mapping[str, float]
) -> tuple[dict[str, float], dict[str, float], dict[str, float]]:
    """What `dimension_scores`, `dimension_evidence` and `rule_impacts` give for one
    document, from one pass over its outcomes instead of one each (an impact changes no
    dimension's score or evidence)."""
    sums, earned, full = _sums(outcomes)
    dims = _from_sums(sums, earned, full)
    scores = {dim: score for dim, (score, _) in dims.items()}
    evidence = {dim: ev for dim, (_, ev) in dims.items()}
    return scores, evidence, _impacts(outcomes, kind_weights, scores, evidence, sums, earned)


def love_score(
    dimensions: Mapping[str, float],
    kind_weights: Mapping[str, float],
    evidence: Mapping[str, float] | None = None,
) -> float | None:
    """0-100: the kind-weighted mean of the dimensions that could be scored, each weight
    scaled by the dimension's evidence; None when nothing could be scored."""
    total = 0.0
    weight = 0.0
    for dim, value in dimensions.items():
        w = kind_weights.get(dim, 0.0) * (evidence.get(dim, 1.0) if evidence else 1.0)
        total += value * w
        weight += w
    return round_score(total / weight) if weight else None


def rule_impacts(
    outcomes: Iterable[RuleOutcome], kind_weights: Mapping[str, float]
) -> dict[str, float]:
    """Love-score points each falling-short rule costs: what the document would gain if
    that rule alone passed. Ranks what to fix first, in a document and across a set."""
    return score_outcomes(list(outcomes), kind_weights)[2]


def _impacts(
    outcomes: list[RuleOutcome],
    kind_weights: Mapping[str, float],
    scores: dict[str, float],
    evidence: dict[str, float],
    sums: dict[str, float],
    earned: dict[str, float],
) -> dict[str, float]:
    base = love_score(scores, kind_weights, evidence)
    if base is None:
        return {}
    impacts: dict[str, float] = {}
    for outcome in outcomes:
        if not outcome.applicable or outcome.score is None or outcome.error:
            continue
        if outcome.score >= 1.0:
            continue
        dim = outcome.dimension
        gained = (1.0 - outcome.score) * outcome.weight * outcome.evidence
        passed = dict(scores)
        passed[dim] = round_score(100.0 * (sums[dim] + gained) / earned[dim])
        after = love_score(passed, kind_weights, evidence)
        impacts[outcome.rule] = round_score(max(0.0, (after or base) - base))
    return impacts


def worst_problem_ceiling(
    serious: int, share: float, worst: WorstProblems | None, formula_share: float = 0.0
) -> float | None:
    """The highest love score a document with ``serious`` serious findings holding
    ``share`` of its words, and stale formulas (`share_only`) holding ``formula_share``,
    can have; None when it has neither (nothing caps the mean).

    An editor's verdict follows the worst problem: a mean over six dimensions lets a
    threatening bill with plain sentences score well, and thins one cliché in a one-line
    hold message into nothing. Both limbs are in `worst_problems` in dimensions.yaml.
    Formulas count on the one share line with the serious findings, only past their own
    threshold and never by their number, so one more threat always lowers the cap."""
    if worst is None or (serious == 0 and formula_share <= 0):
        return None
    by_count = 100.0 - worst.points_per_problem * serious
    # the share limb falls as serious phrases take more of the text (with the pack's
    # share_exponent), so one stock phrase in a helpful message costs little and a text
    # made of them costs the full drop; it stops at its ceiling, and below that the count
    # and the mean decide. A formula counts only past `share_only.share_from`: a stale
    # phrase in a short, useful note is not what the note says
    formulas = max(0.0, formula_share - worst.share_only_from) / (
        worst.share_only_at_ceiling - worst.share_only_from
    )
    if serious == 0 and formulas == 0:
        return None
    reached = min(1.0, share / worst.share_at_ceiling + formulas) ** worst.share_exponent
    by_share = 100.0 - (100.0 - worst.ceiling_at_share) * reached
    return round_score(max(0.0, min(by_count, by_share)))


def confidence(
    evidence: Mapping[str, float], kind_weights: Mapping[str, float]
) -> float | None:
    """0-1: how much of the kind's judgement the score rests on. A dimension with no
    applicable rule adds nothing; one judged on a line or two adds its evidence share. A
    reader sees a 90 from one sentence as less settled than a 90 from a page."""
    total = sum(kind_weights.values())
    if not total:
        return None
    earned = sum(kind_weights.get(dim, 0.0) * ev for dim, ev in evidence.items())
    return round(earned / total, 2)
