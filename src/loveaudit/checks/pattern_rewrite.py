"""A pattern with a mechanical rewrite: "we can't ship until you pay" becomes "we'll ship
as soon as you pay"."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pydantic import Field, model_validator

from loveaudit.checks.base import Check, CheckParams, CheckResult, Hit, density_score, lexicons
from loveaudit.model import Metric

if TYPE_CHECKING:
    from loveaudit.nlp import Annotated


def _subject(group: str) -> str:
    """A captured group as it would be written again: trimmed, with a lone "i" as "I"."""
    group = group.strip()
    return "I" if group == "i" else group


class PatternRewriteParams(CheckParams):
    clean_is_evidence: bool = False  # finding none of these is no evidence (base.py)
    patterns: tuple[str, ...] = lexicons()
    rewrite: str = ""
    # a pattern whose groups are not those of `rewrite` ("your order" and "be shipped" in
    # place of "we" and "ship") names its own template here
    rewrites: dict[str, str] = Field(default_factory=dict)
    zero_density: float = Field(3.0, gt=0)
    min_words_basis: int = Field(50, ge=1)

    @model_validator(mode="after")
    def _rewrites_name_patterns(self) -> PatternRewriteParams:
        # a misspelt name would silently fall back to `rewrite` and its groups
        unknown = sorted(set(self.rewrites) - set(self.patterns))
        if unknown:
            raise ValueError(f"rewrites names patterns this rule does not use: {unknown}")
        return self


class PatternRewrite(Check):
    """Every match of the named patterns; ``rewrite`` (or the pattern's own template in
    ``rewrites``) may use the pattern's numbered groups ({1}, {2}) to rebuild the phrase."""

    name = "pattern_rewrite"
    Params = PatternRewriteParams
    placeholders = frozenset({"text"})

    def run(self, ann: Annotated, params: PatternRewriteParams) -> CheckResult:
        if not ann.words:
            return CheckResult.not_applicable("no words")
        regexes = [
            (re.compile(self.patterns[n].regex, re.I), params.rewrites.get(n, params.rewrite))
            for n in params.patterns
            if n in self.patterns
        ]
        hits = []
        for start, end in ann.hits(params.patterns):
            cs, ce = ann.char_span(start, end)
            text = ann.text[cs:ce]
            rewrite = None
            for regex, template in regexes:
                m = regex.search(text)
                if m:
                    if template:
                        groups = ["", *[_subject(g or "") for g in m.groups()]]
                        rewrite = template.format(*groups)
                    break
            hits.append(Hit(cs, ce, {"text": text}, rewrite=rewrite))
        score = density_score(len(hits), ann.words, params.zero_density, params.min_words_basis)
        return CheckResult(score=score, hits=hits, metrics={"matches": Metric(len(hits), "count")})
