"""Hard and very hard sentences, as an editor would highlight them."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from pydantic import Field
from spacy.attrs import IS_ALPHA, LIKE_NUM, ORTH, SPACY

from loveaudit.checks.base import CheckParams, CheckResult, Hit, Severity, SyllableCheck, ramp
from loveaudit.model import Metric
from loveaudit.syllables import SyllableCounter

if TYPE_CHECKING:
    from loveaudit.nlp import Annotated


class HardSentencesParams(CheckParams):
    min_words: int = Field(8, ge=1)
    hard_grade: float = Field(10.0, ge=0)
    very_hard_grade: float = Field(14.0, ge=0)
    hard_severity: Severity = "info"
    very_hard_severity: Severity = "warning"
    hard_label: str = ""  # the pack names the levels
    very_hard_label: str = ""
    max_share: float = Field(0.1, ge=0, le=1)
    zero_share: float = Field(0.5, ge=0, le=1)


def sentence_words(ann: Annotated, counter: SyllableCounter) -> list[tuple[int, int]]:
    """(words, syllables) per sentence, each token's syllables counted once per word type.

    A piece the tokenizer split off a word without white space between them, and that is
    neither letters nor a number (a contraction's second half), belongs to the word before
    it, as it does for a reader and for textstat; no spelling is named here."""

    def compute() -> list[tuple[int, int]]:
        sentences = ann.sentences
        if not sentences:
            return []
        glued = np.concatenate(([False], ann.column(SPACY)[:-1] == 0))  # no space before it
        plain = (ann.column(IS_ALPHA) == 1) | (ann.column(LIKE_NUM) == 1)
        counted = ann.word_mask & ~(glued & ~plain)
        # one syllable count per word type: unique spellings, then back to the tokens
        positions = np.flatnonzero(counted)
        forms, first, inverse = np.unique(
            ann.column(ORTH)[positions], return_index=True, return_inverse=True
        )
        text, starts, ends = ann.text, ann.token_starts, ann.token_ends
        spellings = [text[starts[i] : ends[i]] for i in positions[first].tolist()]
        per_form = np.array(counter.counts(spellings), dtype=np.int64)
        syllables = np.zeros(len(counted), dtype=np.int64)
        syllables[positions] = per_form[inverse] if len(forms) else 0
        first_token = np.array([s.start for s in sentences])
        end_token = np.array([s.end for s in sentences])
        cum_words = np.concatenate(([0], np.cumsum(counted)))
        cum_syllables = np.concatenate(([0], np.cumsum(syllables)))
        words = (cum_words[end_token] - cum_words[first_token]).tolist()
        sylls = (cum_syllables[end_token] - cum_syllables[first_token]).tolist()
        return list(zip(words, sylls, strict=True))

    return ann.memo("sentence_words", compute)


def sentence_grade(words: int, syllables: int) -> float:
    """Flesch-Kincaid grade of one sentence, from its counts."""
    return 0.39 * words + 11.8 * syllables / words - 15.59 if words else 0.0


class HardSentences(SyllableCheck):
    """Grades each sentence of ``min_words`` or more by Flesch-Kincaid from its own counts;
    at ``hard_grade`` it is hard, at ``very_hard_grade`` very hard (very hard counts double
    in the share that scores)."""

    name = "hard_sentences"
    Params = HardSentencesParams
    placeholders = frozenset({"grade", "level", "words"})

    def run(self, ann: Annotated, params: HardSentencesParams) -> CheckResult:
        sentences = ann.sentences
        if not sentences:
            return CheckResult.not_applicable("no sentences")
        counts = sentence_words(ann, self.syllables)
        hits = []
        hard = very_hard = 0
        for sent, (words, syllables) in zip(sentences, counts, strict=True):
            if words < params.min_words:
                continue
            grade = sentence_grade(words, syllables)
            if grade >= params.very_hard_grade:
                very_hard += 1
                level, severity = params.very_hard_label, params.very_hard_severity
            elif grade >= params.hard_grade:
                hard += 1
                level, severity = params.hard_label, params.hard_severity
            else:
                continue
            hits.append(
                Hit(
                    sent.start_char,
                    sent.end_char,
                    {"grade": grade, "level": level, "words": words},
                    severity=severity,
                )
            )
        share = (hard + 2 * very_hard) / len(sentences)
        metrics = {
            "hard_sentences": Metric(hard, "count"),
            "very_hard_sentences": Metric(very_hard, "count"),
            "hard_share": Metric(round(share, 3), "share", params.max_share, "<="),
        }
        return CheckResult(
            score=ramp(share, params.zero_share, params.max_share), hits=hits, metrics=metrics
        )
