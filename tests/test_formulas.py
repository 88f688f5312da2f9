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


def test_words_the_dictionary_lacks_are_hyphenated_as_pyphen_does():
    # textstat counts a word the CMU dictionary lacks by Pyphen's hyphenation points;
    # loveaudit runs the same patterns its own way, which must give Pyphen's count for
    # every word: the whole dictionary (hyphenated as if unknown), accents, ligatures,
    # apostrophes, hyphens, digits and words too short to split
    import pyphen

    from loveaudit.syllables import Hyphenator, syllable_counts

    words = list(syllable_counts())
    words += ["naïve", "café", "ﬁnance", "straße", "i̇stanbul", "o'clock", "co-operate"]
    words += ["l33t", "x", "ab", "", "supercalifragilisticexpialidocious", "ﬀ" * 30]
    ours = Hyphenator("en_US")
    theirs = pyphen.Pyphen(lang="en_US", cache=False)  # its own memory, not the shared one
    wrong = [w for w in words if ours.points(w) != len(theirs.positions(w))]
    assert wrong == []


def test_sentence_count_matches_textstat_with_punctuation_chunks():
    # a "sentence" of two words or fewer once punctuation is removed does not count;
    # chunks of punctuation alone ("--", "...", "–") are what removal drops, and the
    # count stops early once a sentence has three chunks with a word character in them
    import random

    rng = random.Random(5)
    chunks = ["we", "call", "you", "--", "...", "–", "(1)", "_", "é", "'", "x.", "ok!", "?", "no,"]
    counter = SyllableCounter()
    for _ in range(400):
        text = " ".join(rng.choice(chunks) for _ in range(rng.randrange(1, 16)))
        counts = formulas.text_counts(text, counter)
        assert counts.sentences == textstat.sentence_count(text), text


def test_letters_are_the_word_characters_in_ascii_and_beyond():
    # ASCII text counts its word characters by deleting the others from its bytes; any
    # other text counts non-space characters less punctuation: both are textstat's letters
    import random
    import re

    rng = random.Random(9)
    alphabet = "aZ09_ .,;'\"!?-\t\n\x0b\x1c\x7f\x00é–’\u00a0"
    counter = SyllableCounter()
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 40)))
        expected = sum(map(len, text.split())) - len(re.findall(r"[^\w\s]", text))
        assert formulas.text_counts(text, counter).letters == expected, repr(text)
        ascii_only = text.encode("ascii", "ignore").decode()
        expected = sum(map(len, ascii_only.split())) - len(re.findall(r"[^\w\s]", ascii_only))
        assert formulas.text_counts(ascii_only, counter).letters == expected, repr(ascii_only)


def test_sentence_syllables_are_the_same_from_a_fresh_or_a_warm_counter(auditor):
    # sentence_words looks up the counts a counter already knows and counts only new word
    # types: a counter that has never seen the words, one that knows some and one that
    # knows them all must give every sentence the same (words, syllables)
    from loveaudit.checks.hard_sentences import sentence_words
    from loveaudit.nlp import annotate
    from loveaudit.sources import read_string

    text = (
        "Unfortunately, your reimbursement application couldn't be processed. "
        "We're sorry!\n\nPlease call us on 0800 123 456 — we'll sort it out today."
    )
    document = read_string(text, "text", "t.txt").with_kind("web", "test")
    some, every = SyllableCounter(), SyllableCounter()
    for word in text.split()[::2]:
        some(word.strip(".,!"))
    with auditor.memory_zone():
        anns = [
            ann for ann, _ in annotate(auditor.pipeline, auditor.matchers, [(document, None)] * 3)
        ]
        fresh = sentence_words(anns[0], every)  # "every" knows them all from here on
        assert len(fresh) == 3 and all(words and syllables for words, syllables in fresh)
        assert sentence_words(anns[1], some) == fresh
        assert sentence_words(anns[2], every) == fresh
