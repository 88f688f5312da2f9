"""Readability formulas from counts, with the counts made the way textstat makes them.

textstat recomputes its counts for every formula and every call; here a document's words
are listed once (with textstat's own word lister, so the numbers match textstat's), each
word type's syllables are counted once (`SyllableCounter`), and every formula is a cheap
function of the same `Counts`. Sentence-level grades reuse the same formulas on a
sentence's counts instead of re-running whole-text formulas per sentence.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from textstat.backend.selections._list_words import list_words
from textstat.backend.utils._get_lang_easy_words import get_lang_easy_words

from loveaudit.syllables import SyllableCounter

FOG_SYLLABLES = 3  # textstat's English threshold for a "difficult" word
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*", re.UNICODE)
_NOT_LETTER = re.compile(r"[^\w\s]")
_WORD_CHARACTER = re.compile(r"\w")
# the ASCII characters that are not word characters (re's own \w decides), to delete
_ASCII_NOT_WORD = bytes(b for b in range(128) if not _WORD_CHARACTER.match(chr(b)))


@dataclass(frozen=True)
class Counts:
    """What every readability formula is computed from."""

    words: int
    sentences: int
    syllables: int
    polysyllables: int  # words of 3 syllables or more
    difficult: int  # words of 3+ syllables not on the Dale-Chall easy list (Gunning fog)
    letters: int
    chars: int  # non-space characters, punctuation included (ARI)
    raw_words: int  # white-space separated chunks, punctuation included (ARI)


@lru_cache(maxsize=1)
def _easy_words() -> frozenset[str]:
    return frozenset(get_lang_easy_words("en"))


def text_counts(text: str, syllables: SyllableCounter) -> Counts:
    """Counts of a whole text, made as textstat makes them (so formulas agree with it).

    Each word type's syllables are counted once (`SyllableCounter` remembers them across
    documents, `SyllableCounter.counts`), so a known word is one look-up, made in C.
    """
    words = list_words(text)
    counts = syllables.counts(words)
    long_words = [(w, n) for w, n in zip(words, counts, strict=True) if n >= 3]
    easy = _easy_words()
    difficult = sum(1 for w, n in long_words if n >= FOG_SYLLABLES and w.lower() not in easy)
    total, poly = sum(counts), len(long_words)
    sentences = 0
    if text:
        found = _SENTENCE.findall(text)
        sentences = max(1, len(found) - sum(1 for s in found if _is_fragment(s)))
    chunks = text.split()
    no_space = sum(map(len, chunks))  # str.split and re's \s agree on what is white space
    if text.isascii():  # the word characters, counted by deleting the rest in C
        letters = len(text.encode("ascii").translate(None, _ASCII_NOT_WORD))
    else:
        letters = no_space - len(_NOT_LETTER.findall(text))
    return Counts(len(words), sentences, total, poly, difficult, letters, no_space, len(chunks))


def _is_fragment(sentence: str) -> bool:
    """textstat ignores "sentences" of two words or fewer after removing punctuation.
    That removal keeps every character of a word, so it only ever drops a white-space
    chunk with no word character in it; such chunks are counted only when they could
    matter. (The sentence split can make one, "...what" -> "..." + "what", so this is
    asked of each sentence, not of the whole text.) Counting stops at the third chunk
    with a word character, instead of matching every punctuation chunk of the sentence."""
    chunks = sentence.split()
    if len(chunks) <= 2:
        return True
    words = 0  # chunks with a word character: a sentence has three in its first few
    for chunk in chunks:
        if chunk.isalnum() or _WORD_CHARACTER.search(chunk):
            words += 1
            if words > 2:
                return False
    return True


def _per(a: float, b: float) -> float:
    return a / b if b else 0.0


def flesch_reading_ease(c: Counts) -> float:
    wps, spw = _per(c.words, c.sentences), _per(c.syllables, c.words)
    return 0.0 if not wps or not spw else 206.835 - 1.015 * wps - 84.6 * spw


def flesch_kincaid_grade(c: Counts) -> float:
    wps, spw = _per(c.words, c.sentences), _per(c.syllables, c.words)
    return 0.0 if not wps or not spw else 0.39 * wps + 11.8 * spw - 15.59


def gunning_fog(c: Counts) -> float:
    if not c.words:
        return 0.0
    return 0.4 * (_per(c.words, c.sentences) + 100 * c.difficult / c.words)


def smog_index(c: Counts) -> float:
    if not c.sentences:
        return 0.0
    return 1.043 * math.sqrt(30 * c.polysyllables / c.sentences) + 3.1291


def coleman_liau_index(c: Counts) -> float:
    letters, sentences = _per(c.letters, c.words) * 100, _per(c.sentences, c.words) * 100
    return 0.0 if not letters or not sentences else 0.058 * letters - 0.296 * sentences - 15.8


def automated_readability_index(c: Counts) -> float:
    a, b = _per(c.chars, c.raw_words), _per(c.words, c.sentences)
    return 0.0 if not a or not b else 4.71 * a + 0.5 * b - 21.43


GRADES = {
    "flesch_kincaid_grade": flesch_kincaid_grade,
    "gunning_fog": gunning_fog,
    "smog_index": smog_index,
    "coleman_liau_index": coleman_liau_index,
    "automated_readability_index": automated_readability_index,
}


def consensus_grade(c: Counts) -> float:
    """The median of the grade-level formulas: one number that no single formula's quirk
    decides."""
    values = sorted(f(c) for f in GRADES.values())
    mid = len(values) // 2
    return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2
