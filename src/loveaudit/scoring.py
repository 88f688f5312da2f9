"""Dimension scores and the love score: weighted means that can always be explained.

A rule's outcome carries a 0-1 score only when the rule applies to the document; a rule
that does not apply (wrong kind, too little text, no evidence) drops out of the mean and
never counts as a pass. A dimension's score is the weight-averaged score of its applicable
rules (rule `weight` in the pack); the love score (0-100) is the mean of the document's
dimension scores weighted by the kind's weights in `rules/dimensions.yaml`. Dimensions with
no applicable rule drop out of the love score the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from loveaudit.model import RuleOutcome


def dimension_scores(outcomes: Iterable[RuleOutcome]) -> dict[str, float]:
    """0-100 per dimension that has at least one applicable, non-failing rule."""
    sums: dict[str, float] = {}
    weights: dict[str, float] = {}
    for outcome in outcomes:
        if not outcome.applicable or outcome.score is None or outcome.error:
            continue
        sums[outcome.dimension] = sums.get(outcome.dimension, 0.0) + outcome.score * outcome.weight
        weights[outcome.dimension] = weights.get(outcome.dimension, 0.0) + outcome.weight
    return {dim: round(100.0 * sums[dim] / weights[dim], 1) for dim in sorted(sums)}


def love_score(dimensions: Mapping[str, float], kind_weights: Mapping[str, float]) -> float | None:
    """0-100: the kind-weighted mean of the dimensions that could be scored, else None."""
    total = 0.0
    weight = 0.0
    for dim, value in dimensions.items():
        w = kind_weights.get(dim, 0.0)
        total += value * w
        weight += w
    return round(total / weight, 1) if weight else None
