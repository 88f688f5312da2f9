"""Readability from counts gives textstat's own numbers on whole texts."""

from __future__ import annotations

import pytest
import textstat

from conftest import SAMPLES
from loveaudit import formulas
from loveaudit.sources import read_path
from loveaudit.syllables import SyllableCounter

TEXTS = [read_path(p).text for p in sorted(SAMPLES.rglob("*-*.*"))] + [
    "The cat sat on the mat. It was happy.",
    "Utilization of our comprehensive, industry-leading solutions facilitates optimization.",
    "Don't worry! We'll call you back in ten minutes, won't we?",
    # the sentence split cuts "...then" into "..." + "then": a fragment textstat ignores
    "Oh my ...then we rang you back. It was a long, hard week for all of us.",
]
PAIRS = [
    ("flesch_reading_ease", textstat.flesch_reading_ease),
    ("flesch_kincaid_grade", textstat.flesch_kincaid_grade),
    ("gunning_fog", textstat.gunning_fog),
    ("smog_index", textstat.smog_index),
    ("coleman_liau_index", textstat.coleman_liau_index),
    ("automated_readability_index", textstat.automated_readability_index),
]


@pytest.mark.parametrize(("name", "reference"), PAIRS)
def test_formulas_match_textstat_on_whole_texts(name, reference):
    counter = SyllableCounter()
    for text in TEXTS:
        counts = formulas.text_counts(text, counter)
        ours = getattr(formulas, name)(counts)
        assert ours == pytest.approx(reference(text), abs=1e-9), (name, text[:60])


def test_counts_match_textstat_counts():
    counter = SyllableCounter()
    for text in TEXTS:
        c = formulas.text_counts(text, counter)
        assert (c.words, c.sentences, c.syllables) == (
            textstat.lexicon_count(text),
            textstat.sentence_count(text),
            textstat.syllable_count(text),
        )


def test_consensus_is_the_median_grade():
    c = formulas.text_counts(TEXTS[-2], SyllableCounter())
    grades = sorted(f(c) for f in formulas.GRADES.values())
    assert formulas.consensus_grade(c) == grades[2]


def test_syllable_counts_read_from_the_dictionary_text_match_its_phone_lists():
    # the fast reader must count exactly what the phone lists say, for every word
    from loveaudit.syllables import cmu_dictionary, syllable_counts

    counts = syllable_counts()
    phones = cmu_dictionary()
    assert counts.keys() == phones.keys()
    wrong = [w for w, p in phones.items() if counts[w] != sum(x[-1].isdigit() for x in p[0])]
    assert wrong == []


def test_syllable_memory_is_bounded_for_a_corpus_of_any_vocabulary():
    counter = SyllableCounter(max_forms=50)
    counts = [counter(f"blorvik{i}ingly") for i in range(500)]  # none in the dictionary
    assert counts == [counter(f"blorvik{i}ingly") for i in range(500)]  # same answers
    assert len(counter._forms) <= 50
    # Pyphen, which hyphenates words the dictionary lacks, remembers them too
    assert counter._pyphen_memory is not None and len(counter._pyphen_memory) <= 50
