"""Both pipelines: the built-in one needs nothing downloaded; a trained one adds the parse."""

from __future__ import annotations

import functools

import pytest

from conftest import SAMPLES
from loveaudit import Auditor, ConfigError, audit_text
from loveaudit.nlp import MODEL_ENV, Pipeline
from loveaudit.packs import load_ruleset


def test_builtin_pipeline_is_the_default_and_is_named_in_the_report(auditor):
    assert auditor.pipeline.name.startswith("builtin")
    assert not auditor.pipeline.has_parse


def test_the_builtin_pipeline_is_named_without_loading_it(monkeypatch):
    # a process that only collects results (a Dask client) names the pipeline in its
    # report, and must name it exactly as the workers that loaded it do
    monkeypatch.delenv(MODEL_ENV, raising=False)
    auditor = Auditor(config=None)
    name = auditor.pipeline_name
    assert "pipeline" not in auditor.__dict__  # spaCy was not loaded for it
    assert name == auditor.pipeline.name == Pipeline.load("builtin").name


def test_model_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv(MODEL_ENV, "no_such_pipeline_xyz")
    with pytest.raises(ConfigError, match="'no_such_pipeline_xyz' is not installed"):
        Pipeline.load()
    monkeypatch.setenv(MODEL_ENV, "builtin")
    assert Pipeline.load().name.startswith("builtin")


@pytest.mark.trained
def test_trained_pipeline_is_used_and_named(trained_auditor):
    assert trained_auditor.pipeline.has_parse
    report = trained_auditor.report(trained_auditor.audit_paths([str(SAMPLES / "web")]))
    assert "trained" in report.pipeline and "en_core_web_sm" in report.pipeline


@pytest.mark.trained
def test_parse_finds_the_subject_where_the_opening_words_do_not(trained_model):
    # The subject is not the first word: only the parse can see that "we" acts here.
    text = (
        "Every morning at six, before the doors open, we bake the bread ourselves. "
        "Our bakers shape every loaf by hand."
    )
    parsed = audit_text(text, kind="web", model=trained_model)
    builtin = audit_text(text, kind="web")
    flagged = [f.text for f in parsed.findings if f.rule == "focus-actor"]
    assert flagged == [
        "Every morning at six, before the doors open, we bake the bread ourselves.",
        "Our bakers shape every loaf by hand.",
    ]
    assert [f.text for f in builtin.findings if f.rule == "focus-actor"] == [
        "Our bakers shape every loaf by hand."
    ]


@pytest.mark.trained
def test_parse_knows_an_object_we_is_not_the_actor(trained_model):
    text = "Thousands of families trust us. Neighbours recommend us to their friends."
    result = audit_text(text, kind="web", model=trained_model)
    assert [f for f in result.findings if f.rule == "focus-actor"] == []


def test_auditor_is_reused_across_documents_without_shared_state(auditor):
    first = auditor.audit_text("We are the best. We are the leading firm. Our team wins awards.")
    second = auditor.audit_text("You get it today. Your order ships free. You save an hour.")
    again = auditor.audit_text("We are the best. We are the leading firm. Our team wins awards.")
    assert first == again
    assert second.score > first.score


def test_library_audit_text_returns_findings_with_positions():
    result = audit_text(
        "Thanks for visiting!\nFounded in 1987, we are proud of our story.", kind="web"
    )
    history = [f for f in result.findings if f.rule == "focus-history"]
    assert [(f.line, f.column, f.text) for f in history] == [
        (2, 1, "Founded in 1987"),
        (2, 34, "our story"),
    ]
    assert all(f.suggestion and f.principle for f in result.findings)


def test_unknown_kind_from_the_library_is_a_clear_error():
    with pytest.raises(ConfigError, match="unknown kind 'brochure'"):
        Auditor(kind="brochure")


def test_model_precedence_is_flag_then_environment_then_configuration(monkeypatch):
    from loveaudit import Config

    configured = Config(model="no_such_configured_pipeline")
    monkeypatch.setenv(MODEL_ENV, "builtin")
    assert Auditor(configured).pipeline.name.startswith("builtin")  # environment wins
    monkeypatch.setenv(MODEL_ENV, "no_such_env_pipeline")
    assert Auditor(configured, model="builtin").pipeline.name.startswith("builtin")  # flag wins
    monkeypatch.delenv(MODEL_ENV)
    with pytest.raises(ConfigError, match="no_such_configured_pipeline"):
        Auditor(configured)


def _sample_texts() -> list[str]:
    return [p.read_text(encoding="utf-8", errors="replace") for p in sorted(SAMPLES.rglob("*.txt"))]


@pytest.mark.parametrize(
    "text",
    [
        "Hello there. How are you? Fine!",
        "Wait!! What?? Yes... fine. (See above.) Then “quoted.” Next",
        "A.B. Smith paid $4.50. 1. 2. 3. a . b . c",
        "。日本語です。はい！ ok？ yes",
        "!!! . ? Start",
        ".",
        "no full stop at all",
        "",
        "   ",
        ". Starts with a stop. Then",
    ],
)
def test_the_builtin_sentence_starts_are_the_spacy_sentencizer_s(text):
    # la_sentencizer reads the same rule from the token arrays, for speed: the sentences
    # it gives must be the ones spaCy's own sentencizer gives
    ours, theirs = _splitters()
    assert [t.is_sent_start for t in ours(text)] == [t.is_sent_start for t in theirs(text)]


def test_the_builtin_sentence_starts_are_the_sentencizer_s_on_every_sample():
    ours, theirs = _splitters()
    for text in _sample_texts():
        assert [t.is_sent_start for t in ours(text)] == [t.is_sent_start for t in theirs(text)]


def test_the_builtin_sentence_splitter_keeps_what_an_earlier_component_marked():
    # like spaCy's sentencizer, it fills in only the tokens nobody has marked yet
    def mark(doc):
        doc[2].is_sent_start, doc[4].is_sent_start = True, False
        return doc

    from spacy.language import Language

    if not Language.has_factory("test_marks"):
        Language.component("test_marks", func=mark)
    ours, theirs = _splitters(first="test_marks")
    text = "One two three. Four five six. Seven"
    assert [t.is_sent_start for t in ours(text)] == [t.is_sent_start for t in theirs(text)]
    assert ours(text)[2].is_sent_start and not ours(text)[4].is_sent_start


def _splitters(first: str | None = None):
    import spacy

    ours, theirs = spacy.blank("en"), spacy.blank("en")
    for nlp, splitter in ((ours, "la_sentencizer"), (theirs, "sentencizer")):
        if first:
            nlp.add_pipe(first)
        nlp.add_pipe(splitter)
    return ours, theirs


def test_each_row_of_a_table_laid_out_with_spaces_is_its_own_sentence():
    table = (
        "Item                         Qty   Rate     Amount\n"
        "Boiler service               1     £85.00   £85.00\n"
        "Replacement thermocouple     1     £24.50   £24.50\n"
        "Total due                                   £109.50\n"
        "Thank you, Maria. Please pay by 30 June."
    )
    result = audit_text(table, kind="invoice")
    assert "readability-hard-sentence" not in {f.rule for f in result.findings}
    sentences = [s.text.strip() for s in Pipeline.load().nlp(table).sents]
    assert sentences[0].startswith("Item") and sentences[0].endswith("Amount")
    assert sentences[1].startswith("Boiler service")


@pytest.mark.parametrize(
    "prose",
    [
        "Your parcel left the depot today.   The courier\nDPD will email you a time slot.",
        "Your parcel left the depot today.\xa0\xa0 The courier\nDPD will email you a slot.",
        "   Your parcel left the depot today and the courier\nDPD will email you a slot.",
    ],
)
def test_prose_with_extra_spaces_is_no_table(prose):
    # spacing after a full stop, a non-breaking space and an indent are not table cells:
    # the wrapped line still runs on into the next
    sentences = [s.text for s in Pipeline.load().nlp(prose).sents]
    assert any("courier\nDPD" in s for s in sentences)


def test_a_spoken_pause_before_a_capital_ends_a_sentence():
    """Phone scripts mark pauses with dots: "available...Press 1" is two sentences, so a
    menu read as one long sentence is not reported as hard to follow."""
    text = (
        "The following options are available...Press 1 to remain on hold, press 2 to leave "
        "a message for our team, press 3 to hear our opening hours again... Press 0 to "
        "speak to the operator on duty tonight."
    )
    result = audit_text(text, kind="hold")
    assert not [f for f in result.findings if f.rule == "readability-long-sentence"]


def test_an_ellipsis_before_a_lower_case_word_runs_on():
    pipeline = Pipeline.load()
    doc = pipeline.nlp("We looked at the forms, the receipts and so on...and found the fault.")
    assert len(list(doc.sents)) == 1
    doc = pipeline.nlp("Your callback request is booked... An agent will call you.")
    assert [s.text for s in doc.sents] == [
        "Your callback request is booked...",
        "An agent will call you.",
    ]


@functools.cache
def _pipeline() -> Pipeline:
    """The built-in pipeline with the pack's sign-offs, as the auditor loads it."""
    return Pipeline.load(sign_offs=load_ruleset().sign_offs)


LETTER = (
    "Hi Maria,\n\nYour order has shipped and should reach you on Friday. Thanks for shopping "
    "with us!\n\nKind regards,\n\nJonathan Whitfield\n"
    "Senior Customer Experience Manager, Acme Home Furnishings International Ltd.\n"
    "Unit 14, Riverside Industrial Estate, Northampton NN1 5RT, United Kingdom\n"
    "Tel: 01604 555 0199\n"
)


def test_a_signature_block_is_a_line_a_sentence_and_never_graded_hard():
    """The name, title, company and address under a sign-off are not prose: run together
    they made a 25-word 'sentence' of grade 21."""
    doc = _pipeline().nlp(LETTER)
    sentences = [s.text.strip() for s in doc.sents]
    assert "Tel: 01604 555 0199" in sentences
    assert any(s.startswith("Unit 14") for s in sentences)
    result = audit_text(LETTER, kind="email")
    block = LETTER.index("Kind regards")
    assert not [f for f in result.findings if f.start >= block]


def test_long_lines_of_prose_before_a_sign_off_still_run_on():
    text = (
        "Your order has shipped and should reach you on Friday, and the courier will text\n"
        "you an hour before they arrive so that you can be home for the delivery.\n"
    )
    assert len([s for s in _pipeline().nlp(text).sents if s.text.strip()]) == 1


def _sentences(text: str) -> list[str]:
    return [s.text.strip() for s in _pipeline().nlp(text).sents if s.text.strip()]


def test_dots_in_a_range_or_a_leader_are_not_a_pause():
    assert _sentences("Our hours are Monday...Friday, 9am...5pm. Sizes S...XL.") == [
        "Our hours are Monday...Friday, 9am...5pm.",
        "Sizes S...XL.",
    ]
    assert len(_sentences("Subtotal ........ 45.00")) == 1


def test_a_thanks_line_in_the_body_does_not_split_the_prose_after_it():
    text = (
        "Hi Sam,\n\nThanks!\n\nI checked your account and the refund went back to your\n"
        "card on Tuesday, although with some banks refunds it may take\n"
        "a few more days to show on your statement, so please check again.\n"
    )
    assert _sentences(text)[-1].startswith("I checked your account")
    assert _sentences(text)[-1].endswith("please check again.")


def test_a_bare_best_is_a_heading_not_a_sign_off():
    text = (
        "Good\nBetter\nBest\nOur most popular plan with unlimited storage, priority support\n"
        "and daily backups for every site you run with us this year.\n"
    )
    assert _sentences(text)[-1].startswith("Our most popular plan")
    assert _sentences(text)[-1].endswith("this year.")


def test_a_postscript_after_the_signature_runs_on_as_prose():
    text = LETTER + (
        "\nP.S. We have also added a little gift to your parcel, which you will find inside\n"
        "the lid of the box when it arrives on Friday.\n"
    )
    assert _sentences(text)[-1].startswith("P.S.") and _sentences(text)[-1].endswith("Friday.")


@pytest.mark.parametrize(
    ("fmt", "source"),
    [
        (
            "html",
            "<p>Your order has shipped and reaches you on Friday.</p><p>Kind regards,<br>\n"
            "Jonathan Whitfield<br>\n"
            "Senior Customer Experience Manager, Acme Home Furnishings International Ltd.<br>\n"
            "Unit 14, Riverside Industrial Estate, Northampton NN1 5RT, United Kingdom</p>",
        ),
        (
            "markdown",
            "Your order has shipped and reaches you on Friday.\n\nKind regards,  \n"
            "Jonathan Whitfield  \n"
            "Senior Customer Experience Manager, Acme Home Furnishings International Ltd.  \n"
            "Unit 14, Riverside Industrial Estate, Northampton NN1 5RT, United Kingdom\n",
        ),
    ],
)
def test_a_signature_written_with_line_breaks_in_html_or_markdown_is_not_one_sentence(
    fmt, source
):
    result = audit_text(source, kind="email", fmt=fmt)
    assert not [f for f in result.findings if f.rule.startswith("readability-")]


def test_a_line_broken_inside_a_sentence_runs_on():
    """A short line that ends without a stop, followed by a lower-case word, is one
    sentence broken for layout (an HTML <br>, a hard break), not a heading and a sentence."""
    wrapped = "Our ovens are equipped with steam injection\nso your loaf gets a crust."
    assert len(_sentences(wrapped)) == 1
    result = audit_text(
        "<p>Our ovens are equipped with steam injection<br>so your loaf gets a crackly crust "
        "every time.</p>",
        kind="web",
        fmt="html",
    )
    assert not [f for f in result.findings if f.rule == "focus-feature-no-benefit"]
    # a heading is followed by a capital, and still ends its line
    assert _sentences("Opening hours\nMonday to Friday, 9 to 5.") == [
        "Opening hours",
        "Monday to Friday, 9 to 5.",
    ]


def test_the_signature_block_is_cut_by_the_pack_s_sign_offs():
    """Without sign-offs (a pipeline loaded with none) the block runs together as before;
    the auditor loads the pack's."""
    bare = Pipeline.load()
    assert not any(s.text.strip() == "Tel: 01604 555 0199" for s in bare.nlp(LETTER).sents)
    assert any(s.text.strip() == "Tel: 01604 555 0199" for s in _pipeline().nlp(LETTER).sents)
