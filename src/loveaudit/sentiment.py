"""Sentence sentiment with VADER, run only on sentences that can carry any.

VADER scores a sentence from the valence of its words; a sentence with no word from
VADER's lexicon scores 0 whatever else it says. So the lexicon is turned into spaCy string
hashes once, and per document one vectorised look-up picks the sentences worth scoring:
sentiment costs nothing on the many sentences that cannot have any.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np
from spacy.attrs import LOWER
from spacy.vocab import Vocab
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

if TYPE_CHECKING:
    from loveaudit.nlp import Annotated


class SentenceSentiment:
    """VADER compound scores per sentence, for one vocabulary (one pipeline)."""

    def __init__(self, vocab: Vocab) -> None:
        self._analyzer = SentimentIntensityAnalyzer()
        keys = {vocab.strings.add(word.lower()) for word in self._analyzer.lexicon}
        self._keys = np.array(sorted(keys), dtype=np.uint64)

    def compound(self, text: str) -> float:
        """VADER's compound score (-1 to 1) of one piece of text."""
        return float(self._analyzer.polarity_scores(text)["compound"])

    def sentences(self, ann: Annotated, masks: Iterable[tuple[int, int]] = ()) -> list[float]:
        """Compound score per sentence of ``ann``; characters inside ``masks`` (character
        spans) are blanked first, so phrases known to mislead VADER do not count."""
        sentences = ann.sentences
        if not sentences:
            return []
        lower = ann.doc.to_array(LOWER).astype(np.uint64)
        bearing = np.isin(lower, self._keys)
        starts = np.array([s.start for s in sentences])
        counts = np.add.reduceat(bearing.astype(np.int32), starts) if len(lower) else starts * 0
        # reduceat sums up to the next sentence start; trailing white space adds nothing
        by_sentence: dict[int, list[tuple[int, int]]] = {}
        index = ann.sentence_index
        token_of = ann.token_at
        for start, end in masks:
            k = index[token_of(start)]
            if k >= 0:
                by_sentence.setdefault(k, []).append((start, end))
        text = ann.text
        out = []
        for k, sent in enumerate(sentences):
            if not counts[k]:
                out.append(0.0)
                continue
            piece = text[sent.start_char : sent.end_char]
            for start, end in by_sentence.get(k, ()):
                a, b = start - sent.start_char, end - sent.start_char
                piece = piece[:a] + " " * (b - a) + piece[b:]
            out.append(self.compound(piece))
        return out
