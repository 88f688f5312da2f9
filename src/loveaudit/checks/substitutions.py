"""Phrases with a better alternative: each finding carries its replacement."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from loveaudit.checks.base import (
    Check,
    CheckParams,
    CheckResult,
    Hit,
    density_score,
    lexicons,
    replacement,
)
from loveaudit.model import Metric
from loveaudit.spans import Spans

if TYPE_CHECKING:
    from loveaudit.nlp import Annotated


class SubstitutionsParams(CheckParams):
    clean_is_evidence: bool = False  # finding none of these is no evidence (base.py)
    replacements: tuple[str, ...] = lexicons()
    negations: tuple[str, ...] = lexicons()
    # a match directly followed by one of these is not one: "it is" in "it isn't"
    followed_by_not: tuple[str, ...] = lexicons()
    # a match that ends its clause is not one ("That is who we are.": no contraction)
    not_at_clause_end: bool = False
    # a match that overlaps a match of these is not one: "please stay on the line" is a
    # cliché, but in "for anything else, please stay on the line" a menu's instruction, and
    # "is not available at this time" is cold, but not in "... at this time of year"
    unless_overlapping: tuple[str, ...] = lexicons()
    zero_density: float = Field(3.0, gt=0)
    min_words_basis: int = Field(50, ge=1)


class Substitutions(Check):
    """Every match of the named replacement lexicons, with what to write instead."""

    name = "substitutions"
    Params = SubstitutionsParams
    placeholders = frozenset({"text", "replacement", "count"})

    def run(self, ann: Annotated, params: SubstitutionsParams) -> CheckResult:
        if not ann.words:
            return CheckResult.not_applicable("no words")
        spans = ann.unnegated(ann.hits(params.replacements), params.negations)
        if params.followed_by_not:
            blocked = {s for s, _ in ann.hits(params.followed_by_not)}
            spans = [(s, e) for s, e in spans if e not in blocked]
        if params.not_at_clause_end:
            spans = [(s, e) for s, e in spans if not _ends_clause(ann, e)]
        if params.unless_overlapping and spans:
            others = Spans(ann.hits(params.unless_overlapping))
            spans = [(s, e) for s, e in spans if not others.overlaps(s, e)]
        hits = []
        for start, end in spans:
            cs, ce = ann.char_span(start, end)
            better = replacement(self, ann, params.replacements, start, end) or ""
            hits.append(
                Hit(
                    cs,
                    ce,
                    {"text": ann.text[cs:ce], "replacement": better, "count": len(spans)},
                    rewrite=better or None,
                )
            )
        score = density_score(len(hits), ann.words, params.zero_density, params.min_words_basis)
        return CheckResult(score=score, hits=hits, metrics={"matches": Metric(len(hits), "count")})


def _ends_clause(ann: Annotated, end: int) -> bool:
    """Nothing but punctuation (or the end of the text) follows the token before ``end``."""
    words = ann.word_mask
    doc = ann.doc
    i = end
    while i < len(doc) and doc[i].is_space:
        i += 1
    return i >= len(doc) or (not words[i] and doc[i].is_punct)
