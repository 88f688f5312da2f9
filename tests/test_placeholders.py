"""Template placeholders are neutral tokens: neither customer nor business, never words."""

from __future__ import annotations

import pytest

from loveaudit import Config, audit_text


@pytest.mark.parametrize(
    "field",
    [
        "[Client Name]",
        "{{ first_name }}",
        "{first_name}",
        "${name}",
        "*|FNAME|*",
        "<CUSTOMER NAME>",
        "%FIRSTNAME%",
        "__________",
    ],
)
def test_a_field_is_not_a_word_and_changes_no_verdict(field):
    plain = audit_text("Hi, your new boiler is booked for Tuesday morning.", kind="email")
    templated = audit_text(f"Hi {field}, your new boiler is booked for Tuesday morning.", "email")
    assert templated.words == plain.words
    assert templated.score == plain.score
    assert {f.rule for f in templated.findings} == {f.rule for f in plain.findings}


def test_capitals_in_angle_brackets_do_not_shout():
    result = audit_text("Invoice <INVOICE NUMBER> for <CUSTOMER FULL NAME> is attached.", "invoice")
    assert not [f for f in result.findings if f.rule == "ease-shouting"]


def test_template_code_does_not_make_a_hard_sentence():
    text = (
        "To keep your plan going, update your card at "
        "{% url 'billing:update_payment_method' customer_id=account.customer.id %} today."
    )
    result = audit_text(text, kind="email")
    assert not [f for f in result.findings if f.rule.startswith("readability-")]


def test_a_field_named_like_a_customer_word_is_not_the_customer():
    # "{{ your_company }}" is a field, not the reader; the sentence has no customer in it
    result = audit_text("We at {{ your_company }} have served the county since 1987.", "web")
    assert result.metrics["focus-actor.customer_actor_share"].value == 0


def test_findings_still_quote_the_text_as_written():
    result = audit_text("Dear [Client Name], failure to pay will lead to legal action.", "invoice")
    quoted = [f.text for f in result.findings if f.rule == "ease-demands"]
    assert quoted and all("[" not in q for q in quoted)
    depth = Config(rules={"appreciation-depth": {"min_grade": 2}})  # grades only, by default
    thanks = audit_text("Dear [Client Name], thank you for your payment.", "invoice", config=depth)
    sentence = [f.text for f in thanks.findings if f.rule == "appreciation-depth"]
    assert sentence == ["Dear [Client Name], thank you for your payment."]


def test_an_unclosed_tag_is_text_not_a_field():
    # "{{" never closed on its line is a typo, not a field: its words still count
    broken = audit_text("Please pay {{ amount by Friday, and thank you.", kind="invoice")
    closed = audit_text("Please pay {{ amount }} by Friday, and thank you.", kind="invoice")
    assert broken.words == closed.words + 1
    assert "appreciation-missing" not in {f.rule for f in broken.findings}


def test_a_button_label_in_brackets_is_copy_not_a_field():
    # "[Submit]" and "[Book table for 4]" are what the customer reads on the button
    for label in ("[Submit]", "[Book table for 4]", "[No, I'll pay full price]"):
        result = audit_text(label, kind="web")
        assert result.score is not None and result.words >= 1, label
    shamed = audit_text("Get 20% off today. [No, I'll pay full price]", kind="web")
    assert "tone-blame" in {f.rule for f in shamed.findings}
    # a field named in capitals, or for the link it stands for, stays a field
    for field in ("[MANAGE SUBSCRIPTION LINK]", "[Manage subscription link]", "[Send date]"):
        plain = audit_text("Go to the page now.", kind="web")
        templated = audit_text(f"Go to {field} now.", kind="web")
        assert templated.words == plain.words - 2, field
