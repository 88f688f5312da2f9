"""Is something the customer needs there at all: a way to pay, a callback, a saving."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from loveaudit.checks.base import Check, CheckParams, CheckResult, Hit, lexicons
from loveaudit.model import Metric

if TYPE_CHECKING:
    from loveaudit.nlp import Annotated


class CuePresenceParams(CheckParams):
    cues: tuple[str, ...] = lexicons()
    # a cue within ``negation_window`` tokens after one of these does not count: "do not
    # reply to this email" invites nothing, "if that wasn't you, just reply" does
    negations: tuple[str, ...] = lexicons()
    negation_window: int = Field(0, ge=0, le=5)
    required: bool = True
    min_hits: int = Field(1, ge=1)
    min_words: int = Field(0, ge=0)
    # regions of the document's format that count as cues: a page's next step is often a
    # link ("link" regions of HTML and Markdown) whose words alone ("Contact") say little
    cue_regions: tuple[str, ...] = ()
    # what is missing, in the message's words ("{missing}"): a purpose that asks for a
    # narrower cue (a notice's when, not any number) says so
    missing: str = ""


class CuePresence(Check):
    """Scores 1 when the cues are there (``min_hits`` of them, none just after a
    ``negations`` word), and reports the sentence with the most. When they are missing: a
    finding if ``required``, else the rule does not apply (absence is no evidence either
    way)."""

    name = "cue_presence"
    Params = CuePresenceParams
    placeholders = frozenset({"count", "best", "missing"})

    def run(self, ann: Annotated, params: CuePresenceParams) -> CheckResult:
        if ann.words < max(params.min_words, 1):
            return CheckResult.not_applicable("too short to expect it")
        spans = ann.hits(params.cues)
        if params.negations:
            spans = ann.unnegated(spans, params.negations, params.negation_window)
        per_sentence: dict[int, int] = {}
        for start, _ in spans:
            k = ann.sentence_index[start]
            if k >= 0:
                per_sentence[k] = per_sentence.get(k, 0) + 1
        best = ""
        if per_sentence:
            k = max(per_sentence, key=lambda i: (per_sentence[i], -i))
            sent = ann.sentences[k]
            best = ann.text[sent.start_char : sent.end_char]
        found = len(spans) + sum(r.name in params.cue_regions for r in ann.document.regions)
        metrics = {
            "count": Metric(found, "count", params.min_hits, ">="),
            "best_sentence": Metric(best or None, "text"),
        }
        if found:
            return CheckResult(score=min(1.0, found / params.min_hits), metrics=metrics)
        if not params.required:
            return CheckResult.not_applicable("not present, not required", metrics)
        return CheckResult(
            score=0.0,
            metrics=metrics,
            hits=[Hit(0, 0, {"count": 0, "best": "", "missing": params.missing})],
        )
