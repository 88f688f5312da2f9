"""Sentence sentiment with VADER, computed only as far as VADER's own rules need.

VADER scores a sentence from the valence of its words; a sentence with no word from
VADER's lexicon scores 0 whatever else it says, so the lexicon is turned into spaCy string
hashes once and one vectorised look-up per document skips those sentences. For the rest,
VADER's rules (negation, boosters, "but", "least", capitals, ! and ?, idioms, emoji) only
change the plain sum of word valences when one of their trigger words or characters is
present; without one, VADER's compound is exactly the normalised sum, which is computed
directly. Only sentences with a trigger go through VADER itself. A test holds the shortcut
to VADER's own scores.
"""

from __future__ import annotations

import string
from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np
from spacy.attrs import LOWER
from spacy.vocab import Vocab
from vaderSentiment.vaderSentiment import (
    BOOSTER_DICT,
    NEGATE,
    SPECIAL_CASES,
    SentimentIntensityAnalyzer,
    normalize,
)

from loveaudit.arrays import is_one_of

if TYPE_CHECKING:
    from loveaudit.nlp import Annotated

# VADER's negations and contractions are written with the ASCII apostrophe ("won't",
# "isn't", "don't"); typeset copy writes U+2019 (or U+02BC, or U+2018 by an autocorrect
# slip), which VADER reads as part of an unknown word, so "you won’t lose any money"
# scored as a loss. Sentences are read with them folded.
# Longest run of words VADER scores as one sentence; real sentences stay far below it.
SENTENCE_WORDS = 250

APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'", "\u2018": "'"})


class SentenceSentiment:
    """VADER compound scores per sentence, for one vocabulary (one pipeline)."""

    def __init__(self, vocab: Vocab) -> None:
        self._analyzer = SentimentIntensityAnalyzer()
        self._lexicon: dict[str, float] = self._analyzer.lexicon
        keys = {vocab.strings.add(word.lower()) for word in self._lexicon}
        self._keys = np.array(sorted(keys), dtype=np.uint64)
        # a multi-word booster ("kind of") is announced by its first word
        triggers = {key.split()[0] for key in BOOSTER_DICT}
        triggers.update(w.lower() for w in NEGATE)
        # words VADER's own rules look at: "but", "least", "no", "kind of", "sort of",
        # "without doubt" ("so"/"this" only matter right before a valence word: below)
        triggers.update({"but", "least", "no", "kind", "sort", "doubt"})
        self._triggers = frozenset(triggers)
        self._idioms = tuple(SPECIAL_CASES)

    def compound(self, text: str) -> float:
        """VADER's compound score (-1 to 1) of one piece of text.

        A "sentence" longer than any written one (copy with no full stops, one line of
        capitals) is cut into the fewest runs of equal length that hold at most
        SENTENCE_WORDS words each, and their scores averaged: VADER's rules look back over
        the whole sentence for each word, so its time grows with the square of the length
        (a 20,000-word line took minutes). Equal runs weigh every word alike."""
        if len(text) > 2 * SENTENCE_WORDS:  # shorter cannot hold that many words
            words = text.split()
            if len(words) > SENTENCE_WORDS:
                count = -(-len(words) // SENTENCE_WORDS)
                size = -(-len(words) // count)
                runs = [" ".join(words[i : i + size]) for i in range(0, len(words), size)]
                return round(sum(self.compound(run) for run in runs) / len(runs), 4)
        quick = self._plain_sum(text)
        if quick is not None:
            return quick
        return float(self._analyzer.polarity_scores(text)["compound"])

    def _plain_sum(self, text: str) -> float | None:
        """VADER's compound when none of its rules applies, else None (ask VADER).

        Most of VADER's rules reach only from three words before a valence-bearing word to
        two after it (boosters, negations, "no", "least", "kind of"), so a trigger word
        elsewhere in the sentence changes nothing; "but", "!" and "?", emoji and idioms
        act on the whole sentence."""
        if not text.isascii() or "!" in text or "?" in text:
            return None
        punctuation = string.punctuation
        lowers = []
        for raw in text.split():  # VADER's own words: punctuation stripped, short kept
            word = raw.strip(punctuation)
            if len(word) <= 2:
                word = raw
            if word.isupper() and word.lower() in self._lexicon:
                return None  # capitals add emphasis
            lowers.append(word.lower())
        joined = " ".join(lowers)
        if "n't" in joined or "but" in lowers or any(i in joined for i in self._idioms):
            return None
        total = 0.0
        lexicon = self._lexicon
        triggers = self._triggers
        for i, lower in enumerate(lowers):
            value = lexicon.get(lower)
            if value is None:
                continue
            if lower in triggers:
                return None  # a booster or negation with a valence of its own
            if any(w in triggers for w in lowers[max(0, i - 3) : i + 3]):
                return None
            if i and lowers[i - 1] in ("so", "this"):
                return None  # "so good", "this good" weigh x1.25
            total += value
        return round(normalize(total), 4) if total else 0.0

    def sentences(self, ann: Annotated, masks: Iterable[tuple[int, int]] = ()) -> list[float]:
        """Compound score per sentence of ``ann``; characters inside ``masks`` (character
        spans) are blanked first, so phrases known to mislead VADER do not count."""
        sentences = ann.sentences
        if not sentences:
            return []
        lower = ann.column(LOWER)
        bearing = is_one_of(lower, self._keys)
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
            piece = _blanked(
                text[sent.start_char : sent.end_char], sent.start_char, by_sentence.get(k, ())
            )
            if not piece.isascii():  # VADER knows "won't", not "won’t"
                piece = piece.translate(APOSTROPHES)
            out.append(self.compound(piece))
        return out


def _blanked(piece: str, offset: int, spans: Iterable[tuple[int, int]]) -> str:
    """``piece`` (which starts at ``offset`` in the text) with the characters of ``spans``
    turned to spaces, spans in order and overlaps merged, built in one pass: rebuilding the
    whole piece for each span made a sentence with thousands of them (copy with no full
    stop) take time that grows with the square of its length. A span may reach past the
    piece's end; the piece then grows with spaces to it."""
    pieces: list[str] = []
    done = 0
    for start, end in sorted(spans):
        a, b = max(start - offset, done), end - offset
        if b <= a:
            continue
        pieces += [piece[done:a], " " * (b - a)]
        done = b
    if not pieces:
        return piece
    pieces.append(piece[done:])
    return "".join(pieces)
