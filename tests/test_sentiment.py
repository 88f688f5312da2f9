"""The sentiment shortcut gives exactly VADER's scores, and misread phrases are corrected."""

from __future__ import annotations

import random
import re

import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from conftest import SAMPLES
from loveaudit import audit_text
from loveaudit.sentiment import SENTENCE_WORDS, SentenceSentiment
from loveaudit.sources import read_path

SENTENCES = [
    "Your order arrives tomorrow and delivery is free.",
    "This is a great, friendly service.",
    "We are not happy with the delay.",
    "It was GREAT to see you.",
    "Thanks so much for your help!",
    "The product is good but the price is high.",
    "At least the refund was quick.",
    "No problems at all with the install.",
    "Kind of disappointing, to be honest.",
    "Failure to pay will result in legal action.",
    "I can't believe how easy that was.",
    "We love our customers :)",
    "Plain words with nothing in them.",
    "Your call is important to us.",
    "Sort of okay.",
    "The bus stop is nearby and it was the bomb.",
]


@pytest.fixture(scope="module")
def model(auditor):
    return SentenceSentiment(auditor.pipeline.nlp.vocab)


def test_shortcut_equals_vader_on_every_sentence(model):
    vader = SentimentIntensityAnalyzer()
    texts = list(SENTENCES)
    for path in sorted(SAMPLES.rglob("*.*")):
        if path.suffix in (".txt", ".md", ".html"):
            texts.extend(read_path(path).text.replace("\n", " ").split(". "))
    rng = random.Random(7)
    words = " ".join(texts).split()
    texts.extend(" ".join(rng.sample(words, rng.randint(3, 25))) for _ in range(2000))
    for text in texts:
        if len(text.split()) <= SENTENCE_WORDS:  # longer ones: the test below
            assert model.compound(text) == vader.polarity_scores(text)["compound"], text


def test_reassurances_are_not_read_as_negative():
    clean = audit_text("No hidden fees. No problems. No worries, no hassle.", kind="web")
    assert not [f for f in clean.findings if f.rule == "tone-negative-sentence"]


def test_kindly_is_not_read_as_polite():
    result = audit_text("Kindly refrain from calling our office about your account.", kind="email")
    assert [f.rule for f in result.findings if f.rule == "tone-negative-sentence"]


def test_shortcut_is_exact_around_vader_triggers(model):
    """Boosters, negations and "no" near a valence word send the sentence to VADER; far
    from one they change nothing, and the shortcut must still agree to the last digit."""
    vader = SentimentIntensityAnalyzer()
    rng = random.Random(11)
    lexicon = sorted(vader.lexicon)
    triggers = [*sorted(model._triggers), "so", "this", "never", "without", "doubt", "or"]
    filler = ["your", "order", "ships", "today", "and", "the", "team", "it", "is", "(x)", "--"]
    answered = 0
    for _ in range(4000):
        words = []
        for _ in range(rng.randint(1, 16)):
            pick = rng.random()
            pool = lexicon if pick < 0.35 else triggers if pick < 0.55 else filler
            word = rng.choice(pool)
            if rng.random() < 0.1:
                word += rng.choice([",", ".", ";", ")"])
            if rng.random() < 0.03:
                word = word.upper()
            words.append(word)
        text = " ".join(words)
        quick = model._plain_sum(text)
        if quick is not None:
            answered += 1
            assert quick == vader.polarity_scores(text)["compound"], text
    assert answered > 400  # the shortcut does answer sentences that hold a trigger word


def test_typeset_apostrophes_negate_like_plain_ones():
    # VADER knows "won't" but not "won’t": typeset copy must not read as a loss
    plain = "We'll block the card, send you a new one, and you won't lose any money."
    typeset = [plain.replace("'", mark) for mark in ("\u2019", "\u02bc", "\u2018")]
    results = [audit_text(text, kind="email") for text in (plain, *typeset)]
    for result in results:
        assert "tone-negative-sentence" not in {f.rule for f in result.findings}
    for result in results[1:]:
        assert result.metrics["tone-touch-point.sentiment_mean"].value == (
            results[0].metrics["tone-touch-point.sentiment_mean"].value
        )
    assert results[1].score == results[0].score  # U+2019 also tokenizes like "'"


def test_sentence_sentiment_runs_once_per_document(monkeypatch):
    # the tone rules that read sentiment blank the same phrases, so one VADER pass serves
    # them all; a rule pack that gave one of them its own list would double the cost
    from loveaudit import Auditor

    auditor = Auditor(config=None)
    calls = []
    original = auditor.sentiment.sentences
    monkeypatch.setattr(
        auditor.sentiment, "sentences", lambda *a, **k: calls.append(1) or original(*a, **k)
    )
    for kind in ("web", "invoice", "hold", "email"):
        calls.clear()
        auditor.audit_text("Thanks for waiting. Your refund is on its way today.", kind=kind)
        assert len(calls) == 1, kind


def test_a_sentence_longer_than_any_written_one_is_scored_in_runs(model):
    # copy with no full stops is one "sentence"; VADER's time grows with its square
    vader = SentimentIntensityAnalyzer()
    words = ("We are SO sorry your order was late but you were great " * 100).split()
    text = " ".join(words)  # 1,200 words: five runs of 240
    runs = [" ".join(words[i : i + 240]) for i in range(0, len(words), 240)]
    expected = sum(vader.polarity_scores(r)["compound"] for r in runs) / len(runs)
    assert model.compound(text) == round(expected, 4)
    # a written sentence is scored whole, as VADER scores it
    short = " ".join(words[:240])
    assert model.compound(short) == vader.polarity_scores(short)["compound"]
    # one word past the limit does not leave a run of one word to weigh as much as the rest
    sad = " ".join(["terrible"] * 250)
    assert model.compound(sad + " ok") < -0.9


class _Counted(str):
    """A text that counts the characters of every string cut or joined from it: the work
    of copying text, counted the same on any machine."""

    copied = 0

    def __getitem__(self, key):
        part = _Counted(str.__getitem__(self, key))
        _Counted.copied += len(part)
        return part

    def __add__(self, other):
        joined = _Counted(str.__add__(self, other))
        _Counted.copied += len(joined)
        return joined


class _Reading:
    """An annotated document whose text is a `_Counted`."""

    def __init__(self, ann, text: str) -> None:
        self._ann = ann
        self.text = _Counted(text)

    def __getattr__(self, name: str):
        return getattr(self._ann, name)


def _copied_for_masks(auditor, model, repeats: int) -> int:
    from loveaudit.nlp import annotate
    from loveaudit.sources import read_string

    text = "Honestly no problem at all, " * repeats  # no full stop: one sentence
    document = read_string(text, "text", "x").with_kind("web", "test")
    ann, _ = next(annotate(auditor.pipeline, auditor.matchers, [(document, None)]))
    masks = [(m.start(), m.end()) for m in re.finditer("no problem", text)]
    reading = _Reading(ann, text)
    _Counted.copied = 0
    assert len(model.sentences(reading, masks)) == 1
    return _Counted.copied


def test_blanking_the_phrases_of_one_long_sentence_is_linear(auditor, model):
    """A 3 MB line with no full stop took time that grew with the square of its length:
    each neutralised phrase ("no problem") rebuilt the whole sentence. Twice the text,
    and twice the phrases, must cost about twice the copying, not four times."""
    small = _copied_for_masks(auditor, model, 1000)
    large = _copied_for_masks(auditor, model, 2000)
    assert large < 3 * small


def test_blanked_phrases_are_spaces_wherever_they_overlap_or_end():
    from loveaudit.sentiment import _blanked

    rng = random.Random(7)
    for _ in range(500):
        piece = "".join(rng.choice("ab c") for _ in range(rng.randint(0, 30)))
        offset = rng.randint(0, 5)
        spans = []
        for _ in range(rng.randint(0, 4)):
            a = offset + rng.randint(0, len(piece))
            spans.append((a, a + rng.randint(1, 8)))
        expected = piece  # one span at a time, as a reader would mark them
        for start, end in spans:
            a, b = start - offset, end - offset
            expected = expected[:a] + " " * (b - a) + expected[b:]
        assert _blanked(piece, offset, spans) == expected, (piece, offset, spans)
