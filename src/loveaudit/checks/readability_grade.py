"""Document readability: grade formulas, reading ease, counts and reading time."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from loveaudit import formulas
from loveaudit.checks.base import CheckParams, CheckResult, Hit, SyllableCheck, ramp
from loveaudit.model import Metric

if TYPE_CHECKING:
    from loveaudit.nlp import Annotated


class ReadabilityGradeParams(CheckParams):
    min_words: int = Field(100, ge=1)
    max_grade: float = Field(8.0, ge=0, le=30)
    zero_grade: float = Field(14.0, ge=0, le=40)
    reading_wpm: float = Field(238.0, gt=0)


class ReadabilityGrade(SyllableCheck):
    """Scores the consensus grade (median of Flesch-Kincaid, Gunning fog, SMOG,
    Coleman-Liau and ARI) between ``zero_grade`` and ``max_grade``. Below ``min_words`` the
    formulas are not meaningful: they are reported as such and the rule does not apply."""

    name = "readability_grade"
    Params = ReadabilityGradeParams
    placeholders = frozenset({"grade", "target", "ease"})

    def run(self, ann: Annotated, params: ReadabilityGradeParams) -> CheckResult:
        counts = ann.memo(
            "text_counts", lambda: formulas.text_counts(ann.analysed_text, self.syllables)
        )
        paragraphs = sum(1 for block in ann.text.split("\n\n") if block.strip())
        metrics = {
            "words": Metric(counts.words, "count"),
            "sentences": Metric(counts.sentences, "count"),
            "paragraphs": Metric(paragraphs, "count"),
            "reading_seconds": Metric(round(counts.words / params.reading_wpm * 60, 1), "s"),
        }
        names = ["flesch_reading_ease", *formulas.GRADES, "consensus_grade"]
        if counts.words < params.min_words:
            for name in names:
                metrics[name] = Metric(
                    None, "", label=f"not meaningful under {params.min_words} words"
                )
            return CheckResult.not_applicable(f"fewer than {params.min_words} words", metrics)
        for name in names:
            value = getattr(formulas, name)(counts)
            target = params.max_grade if name == "consensus_grade" else None
            metrics[name] = Metric(
                round(value, 1),
                "grade" if name != "flesch_reading_ease" else "ease",
                target,
                "<=" if target is not None else "",
            )
        grade = formulas.consensus_grade(counts)
        hits = []
        if grade > params.max_grade:
            hits.append(
                Hit(
                    0,
                    0,
                    {
                        "grade": grade,
                        "target": params.max_grade,
                        "ease": formulas.flesch_reading_ease(counts),
                    },
                )
            )
        return CheckResult(
            score=ramp(grade, params.zero_grade, params.max_grade), hits=hits, metrics=metrics
        )
