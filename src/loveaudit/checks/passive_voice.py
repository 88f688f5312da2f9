"""Passive voice: "your order was shipped" hides who acted.

With a trained pipeline the dependency labels say it (a passive auxiliary or subject).
In the built-in pipeline a documented heuristic: a form of "be" (or "get"), optionally one
adverb, then a past participle (a word ending in a participle suffix, or an irregular
participle from the pack), unless the participle is one that reads as an adjective after
"be" ("is located", "are excited").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from loveaudit.checks.base import Check, CheckParams, CheckResult, Hit, lexicons, ramp
from loveaudit.model import Metric

if TYPE_CHECKING:
    from loveaudit.nlp import Annotated

_PASSIVE_DEPS = {"auxpass", "nsubjpass", "csubjpass"}


class PassiveVoiceParams(CheckParams):
    be_forms: tuple[str, ...] = lexicons()
    irregular: tuple[str, ...] = lexicons()
    adjectival: tuple[str, ...] = lexicons()
    participle_suffixes: tuple[str, ...] = ()  # the pack gives the language's endings
    adverb_suffixes: tuple[str, ...] = ()
    max_share: float = Field(0.1, ge=0, le=1)
    zero_share: float = Field(0.5, ge=0, le=1)
    min_sentences: int = Field(2, ge=1)


class PassiveVoice(Check):
    """Finds passive constructions and scores the share of sentences that have one."""

    name = "passive_voice"
    Params = PassiveVoiceParams
    needs = frozenset({"sentences", "parse?"})
    placeholders = frozenset({"text", "share", "target"})

    def run(self, ann: Annotated, params: PassiveVoiceParams) -> CheckResult:
        sentences = ann.sentences
        if len(sentences) < params.min_sentences:
            return CheckResult.not_applicable(f"fewer than {params.min_sentences} sentences")
        spans = self._parsed(ann, params) if ann.has_parse else self._heuristic(ann, params)
        index = ann.sentence_index
        passive = {index[s] for s, _ in spans} - {-1}
        share = len(passive) / len(sentences)
        hits = []
        for s, e in spans:
            cs, ce = ann.char_span(s, e)
            hits.append(
                Hit(cs, ce, {"text": ann.text[cs:ce], "share": share, "target": params.max_share})
            )
        metrics = {"passive_share": Metric(round(share, 3), "share", params.max_share, "<=")}
        return CheckResult(
            score=ramp(share, params.zero_share, params.max_share), hits=hits, metrics=metrics
        )

    def _heuristic(self, ann: Annotated, params: PassiveVoiceParams) -> list[tuple[int, int]]:
        irregular = {s for s, _ in ann.hits(params.irregular)}
        adjectival = {s for s, _ in ann.hits(params.adjectival)}
        mask = ann.word_mask
        index = ann.sentence_index
        text, starts, ends = ann.text, ann.token_starts, ann.token_ends
        n = len(mask)
        out = []
        for start, end in ann.hits(params.be_forms):
            j = end
            word = text[starts[j] : ends[j]].lower() if j < n and mask[j] else ""
            adverb = bool(params.adverb_suffixes) and word.endswith(params.adverb_suffixes)
            if adverb and j + 1 < n and mask[j + 1]:
                j += 1
                word = text[starts[j] : ends[j]].lower()
            if not word or j >= n or index[j] != index[start] or j in adjectival:
                continue
            if j in irregular or (
                word.endswith(tuple(params.participle_suffixes)) and len(word) > 4
            ):
                out.append((start, j + 1))
        return out

    def _parsed(self, ann: Annotated, params: PassiveVoiceParams) -> list[tuple[int, int]]:
        """Passive auxiliaries from the parse, with the same adjectival guard ("is
        located") the heuristic uses: the parser labels those passive too."""
        adjectival = {s for s, _ in ann.hits(params.adjectival)}
        out = []
        for token in ann.doc:
            if token.dep_ == "auxpass" and token.head.i not in adjectival:
                head = token.head
                out.append((min(token.i, head.i), max(token.i, head.i) + 1))
        return out
