"""How long a script takes to say aloud: a hold message is heard, not read."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from loveaudit.checks.base import Check, CheckParams, CheckResult, Hit, ramp
from loveaudit.model import Metric

if TYPE_CHECKING:
    from loveaudit.nlp import Annotated


class SpokenLengthParams(CheckParams):
    speaking_wpm: float = Field(150.0, gt=0)
    max_seconds: float = Field(45.0, gt=0)
    zero_seconds: float = Field(120.0, gt=0)


class SpokenLength(Check):
    """Estimated seconds to speak the text at ``speaking_wpm``; over ``max_seconds`` it is
    reported, and the score falls to 0 at ``zero_seconds``. For SSML and TwiML the reader's
    timing counts: each word at its <prosody> rate, repeats, and the pauses."""

    name = "spoken_length"
    Params = SpokenLengthParams
    placeholders = frozenset({"seconds", "target"})

    def run(self, ann: Annotated, params: SpokenLengthParams) -> CheckResult:
        if not ann.words:
            return CheckResult.not_applicable("no words")
        speech = ann.document.speech
        words = speech.weighted_words if speech else ann.words
        seconds = words / params.speaking_wpm * 60 + (speech.pause_seconds if speech else 0)
        metrics = {"spoken_seconds": Metric(round(seconds, 1), "s", params.max_seconds, "<=")}
        if speech:  # a script as the phone system plays it: pauses, rate and music known
            metrics["pause_seconds"] = Metric(speech.pause_seconds, "s", label="pauses")
            metrics["music_plays"] = Metric(
                speech.music_plays, "count", label="music or recordings played (loops counted)"
            )
        hits = []
        if seconds > params.max_seconds:
            hits.append(Hit(0, 0, {"seconds": seconds, "target": params.max_seconds}))
        return CheckResult(
            score=ramp(seconds, params.zero_seconds, params.max_seconds), hits=hits, metrics=metrics
        )
