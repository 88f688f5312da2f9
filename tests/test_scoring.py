"""Short texts get meaningful scores: thin evidence moves the score less, never decides it."""

from __future__ import annotations

import pytest

from loveaudit import Config, audit_text
from loveaudit.errors import ConfigError
from loveaudit.model import RuleOutcome
from loveaudit.scoring import dimension_evidence, dimension_scores, love_score


def _outcome(rule: str, dim: str, score: float, evidence: float = 1.0) -> RuleOutcome:
    return RuleOutcome(rule, dim, True, score=score, weight=1.0, evidence=evidence)


def test_a_dimension_judged_on_little_text_counts_for_less_in_the_love_score():
    outcomes = [
        _outcome("a", "appreciation", 0.0, evidence=0.1),
        _outcome("b", "focus", 1.0),
    ]
    dims = dimension_scores(outcomes)
    assert dims == {"appreciation": 0.0, "focus": 100.0}
    weights = {"appreciation": 1.0, "focus": 1.0}
    assert love_score(dims, weights) == 50.0  # without the evidence: an even split
    assert love_score(dims, weights, dimension_evidence(outcomes)) == 90.9


def test_within_a_dimension_a_thin_rule_weighs_less_than_a_well_founded_one():
    outcomes = [_outcome("a", "ease", 0.0, evidence=0.25), _outcome("b", "ease", 1.0)]
    assert dimension_scores(outcomes) == {"ease": 80.0}
    assert dimension_evidence(outcomes) == {"ease": 0.625}


def test_missing_thanks_in_one_line_is_thin_evidence_and_in_a_full_letter_is_not():
    line = audit_text("Please pay by Friday.", kind="invoice")
    missing = next(o for o in line.outcomes if o.rule == "appreciation-missing")
    assert missing.score == 0.0 and 0 < missing.evidence < 0.2
    letter = audit_text(" ".join(["Your bill for the garden work is below."] * 12), "invoice")
    missing = next(o for o in letter.outcomes if o.rule == "appreciation-missing")
    assert missing.evidence == 1.0


def test_a_short_letter_with_a_greeting_or_sign_off_lacks_what_it_lacks_in_full():
    # the same two lines are a fragment on their own, and a whole message once framed
    body = "Your invoice for the garden work is attached. Click the link to view it."
    fragment = audit_text(body, kind="invoice")
    framed = audit_text(f"Dear Sam,\n{body}\nRegards,\nAcme Gardens", kind="invoice")
    signed = audit_text(f"{body}\nKind regards", kind="invoice")

    def evidence(result, rule):
        return next(o.evidence for o in result.outcomes if o.rule == rule)

    for rule in ("appreciation-missing", "ease-no-help", "ease-concrete"):
        assert evidence(fragment, rule) < 0.3
        assert evidence(framed, rule) == 1.0 and evidence(signed, rule) == 1.0
    assert framed.score < fragment.score - 10
    # a greeting that runs on into a sentence frames no letter, nor does a heading
    spoken = audit_text(f"Hello, you have reached Acme Gardens.\n{body}", kind="invoice")
    assert evidence(spoken, "appreciation-missing") < 0.3
    heading = audit_text(f"Good Morning Gardens\n{body}\nBest", kind="invoice")
    assert evidence(heading, "appreciation-missing") < 0.3
    # a sign-off with the writer's name on the same line does, and so does a template's
    # greeting ("Dear :name,")
    for framed in (f"{body}\nCheers, Tom", f"{body}\nTake care, Tom", f"Dear :name,\n{body}"):
        assert evidence(audit_text(framed, kind="invoice"), "appreciation-missing") == 1.0


def test_formula_thanks_are_a_formula_at_any_length_but_deeper_thanks_stay_thin():
    def depth(result):
        return next(o for o in result.outcomes if o.rule == "appreciation-depth")

    formula = audit_text("Thank you for your payment.", kind="invoice")
    specific = audit_text(
        "Thanks for paying invoice 2291 so promptly, Lena: your account is settled.", "invoice"
    )
    assert depth(formula).score == 0.75 and depth(formula).evidence == 1.0
    assert depth(specific).score > 0.75 and depth(specific).evidence < 0.3
    assert specific.score > formula.score
    # on the phone "Thank you for calling ..." is how a call is answered: it stays thin
    greeting = audit_text("Thank you for calling Acme. How may I help you?", kind="hold")
    assert depth(greeting).score == 0.75 and depth(greeting).evidence < 0.3
    # a page owes no thanks: a formula added to it never lowers its score
    page = "Payment received: $45.00 for your March window clean."
    assert audit_text(page + " Thank you for your payment.", "web").score >= audit_text(
        page, "web"
    ).score


def test_a_short_plain_request_beats_terms_jargon_of_the_same_length():
    jargon = audit_text("Terms are net 60; balances accrue a 2% charge thereafter.", "invoice")
    plain = audit_text("Please pay us within 60 days of this bill.", kind="invoice")
    assert plain.score > jargon.score
    words = Config(enable=("readability-plain-words",))  # off by default
    jargon = audit_text(
        "Terms are net 60; balances accrue a 2% charge thereafter.", "invoice", config=words
    )
    assert {"readability-plain-words"} <= {f.rule for f in jargon.findings}


def test_thanks_still_raise_the_score_of_a_short_bill():
    # every rule judged on a line or two counts for less, present or absent, but adding a
    # thank-you must never make a short bill score worse
    thanked = audit_text("Thanks! Pay by card below.", kind="invoice")
    silent = audit_text("Pay by card below.", kind="invoice")
    assert thanked.score > silent.score
    assert thanked.dimensions["appreciation"] > silent.dimensions["appreciation"]


def _evidence_of(result, rule: str) -> float:
    return next(o.evidence for o in result.outcomes if o.rule == rule)


def test_a_phone_promise_to_call_back_owes_a_when_however_short_the_greeting():
    vague = audit_text("I'll call you back at my earliest convenience.", kind="hold")
    dated = audit_text("I'll call you back by noon tomorrow.", kind="hold")
    assert _evidence_of(vague, "ease-concrete") == 1.0  # not thinned by the short text
    assert vague.dimensions["ease"] < dated.dimensions["ease"]
    assert vague.score < dated.score
    # the same words with no promise in them stay thin evidence
    greeting = audit_text("It's a lovely day at Fenwick's.", kind="hold")
    assert _evidence_of(greeting, "ease-concrete") < 1
    # and in an email a human "we'll get back to you" is recourse enough
    email = audit_text("We'll look into it and get back to you.", kind="email")
    assert _evidence_of(email, "ease-concrete") < 1


def test_a_confirmed_booking_owes_its_when_however_short_the_email():
    bare = audit_text("Your appointment is confirmed. Thank you.", kind="email")
    dated = audit_text("Your appointment is confirmed for Friday at 3 pm. Thank you.", kind="email")
    assert _evidence_of(bare, "ease-concrete") == 1.0
    assert bare.dimensions["ease"] < dated.dimensions["ease"]
    # news about the customer's own account has no when to give, so it is not asked for
    # one (the notification purpose names its cue; a purpose's own lexicons are compiled)
    account = audit_text("Your email address is confirmed. Thank you.", kind="email")
    outcome = next(o for o in account.outcomes if o.rule == "ease-concrete")
    assert account.purpose == "notification"
    assert not outcome.applicable and "timeless notice" in outcome.reason
    for warm in ("We'll be with you every step of the way.", "Our thoughts will be with you."):
        assert _evidence_of(audit_text(warm, kind="email"), "ease-concrete") < 1


def test_a_receipt_owes_no_way_to_pay():
    receipt = audit_text(
        "Thank you for your donation of $50 on 3 March. No goods or services were provided.",
        kind="invoice",
    )
    outcome = next(o for o in receipt.outcomes if o.rule == "ease-no-way-to-pay")
    assert not outcome.applicable
    assert outcome.reason == "not owed by its purpose: receipt or payment confirmation"
    # a partial payment is thanked too, and the balance still needs a way to pay
    partial = audit_text(
        "Thank you for your payment of $50. Your balance of $100 is due on 1 June.",
        kind="invoice",
    )
    assert next(o for o in partial.outcomes if o.rule == "ease-no-way-to-pay").applicable


def test_rules_owed_to_a_waiting_caller_do_not_judge_a_phone_menu():
    menu = audit_text("For billing, press 1. For repairs, press 2.", kind="hold")
    outcome = next(o for o in menu.outcomes if o.rule == "appreciation-missing")
    assert not outcome.applicable
    assert outcome.reason == "not owed by its purpose: IVR menu"
    assert "appreciation" not in menu.dimensions  # no thanks owed: not a zero
    queue = audit_text("Please hold for the next available agent.", kind="hold")
    assert next(o for o in queue.outcomes if o.rule == "appreciation-missing").applicable
    assert queue.dimensions["appreciation"] == 0.0


def test_a_tagline_that_takes_the_customers_problem_away_states_a_benefit():
    # "the customer as actor must count, not only pronouns": relief from a problem is what
    # the customer gets, even with the business as the subject
    relief = audit_text("We take the damp away", kind="web")
    name_only = audit_text("Acme - We're Acme", kind="web")
    opening = next(f for f in relief.findings if f.rule == "readability-seven-seconds")
    assert "states no benefit" not in opening.message
    assert "does not address the customer" in opening.message
    assert relief.dimensions["readability"] > name_only.dimensions["readability"]
    assert relief.score > name_only.score


def test_a_voicemail_greeting_that_never_says_when_is_a_full_miss():
    bare = audit_text(
        "You have reached the voicemail of John Smith. I am unavailable. Leave a message.",
        kind="hold",
    )
    dated = audit_text(
        "Hi, it's John Smith. I'm out until Monday 3 June. Leave a message and I'll call you "
        "back on Monday afternoon.",
        kind="hold",
    )
    assert _evidence_of(bare, "ease-concrete") == 1.0
    assert bare.score < dated.score


def test_a_perfunctory_thanks_never_scores_below_no_thanks_at_all():
    # how deep a thank-you goes is judged with the same length evidence as whether there
    # is one: otherwise "Thanks for holding" in a one-line hold message cost more than
    # saying nothing, whose silence counts for little in so short a text
    pairs = [
        ("hold", "All our agents are busy. Please hold."),
        ("invoice", "Invoice 4411. Amount due: $120.00. Payment is due within 30 days."),
        ("email", "Your order 5512 has shipped and should arrive on Thursday."),
        ("web", "Fresh bread, baked every morning in our village oven."),
    ]
    for kind, text in pairs:
        plain = audit_text(text, kind=kind).score
        thanked = audit_text(f"Thanks for your patience. {text}", kind=kind).score
        assert thanked >= plain, (kind, plain, thanked)


def test_a_short_notice_that_says_when_and_whom_to_ask_counts_that_in_full():
    # silence in a line or two is thin evidence, but a date, or a way to get help, once
    # given is as usable in one line as in a page: of two notices of the same length, the
    # one that gives them wins
    dated = audit_text(
        "Your card payment didn't go through. We'll try again on 8 May, or reply to this "
        "email and Sam will sort it out.",
        kind="email",
    )
    assert _evidence_of(dated, "ease-concrete") == 1.0
    assert _evidence_of(dated, "ease-no-help") == 1.0
    vague = audit_text(
        "Your card payment didn't go through. We'll try it again at some point soon, and it "
        "should all be sorted out then.",
        kind="email",
    )
    assert _evidence_of(vague, "ease-concrete") < 1  # its silence stays thin
    assert _evidence_of(vague, "ease-no-help") < 1
    assert dated.dimensions["ease"] > vague.dimensions["ease"]
    assert dated.score > vague.score


def test_one_pass_scoring_gives_what_the_separate_functions_give():
    # the auditor scores a document's outcomes in one pass (score_outcomes); it must give
    # exactly dimension_scores, dimension_evidence and rule_impacts, on any mix of rules
    # that pass, fall short, do not apply or failed
    import random

    from loveaudit.scoring import rule_impacts, score_outcomes

    rng = random.Random(3)
    dims = ["ease", "focus", "tone", "value"]
    for _ in range(300):
        outcomes = []
        for i in range(rng.randrange(0, 12)):
            applicable = rng.random() < 0.8
            outcomes.append(
                RuleOutcome(
                    f"r{i}",
                    rng.choice(dims),
                    applicable,
                    score=rng.choice([None, 0.0, 1.0, round(rng.random(), 4)]),
                    weight=rng.choice([0.5, 1.0, 2.0]),
                    error="boom" if rng.random() < 0.05 else None,
                    evidence=rng.choice([1.0, round(rng.random(), 4)]),
                )
            )
        weights = {d: rng.choice([0.0, 0.5, 1.0, 1.5]) for d in dims}
        assert score_outcomes(outcomes, weights) == (
            dimension_scores(outcomes),
            dimension_evidence(outcomes),
            rule_impacts(outcomes, weights),
        )


def test_an_impact_keeps_every_other_field_of_the_outcome():
    # outcomes are rebuilt with their impact set; no field may be lost on the way
    import dataclasses

    from loveaudit.auditor import _with_impact

    outcome = RuleOutcome("r", "tone", True, 0.5, 2.0, "why", None, 0.25, 0.0)
    assert _with_impact(outcome, 3.5) == dataclasses.replace(outcome, impact=3.5)


def test_impacts_are_the_points_a_rule_would_add_if_it_passed():
    # worked by hand: tone = (0.5 + 1.0) / 2 = 75, ease = 0 with half its evidence, so the
    # love score is (75 x 1 + 0 x 0.5) / 1.5 = 50; rule a passing makes tone 100 (66.7),
    # rule c passing makes ease 100 (83.3); rule b already passes
    from loveaudit.scoring import score_outcomes

    outcomes = [
        RuleOutcome("a", "tone", True, score=0.5),
        RuleOutcome("b", "tone", True, score=1.0),
        RuleOutcome("c", "ease", True, score=0.0, evidence=0.5),
    ]
    scores, evidence, impacts = score_outcomes(outcomes, {"tone": 1.0, "ease": 1.0})
    assert scores == {"ease": 0.0, "tone": 75.0}
    assert evidence == {"ease": 0.5, "tone": 1.0}
    assert love_score(scores, {"tone": 1.0, "ease": 1.0}, evidence) == 50.0
    assert impacts == {"a": 16.7, "c": 33.3}


def test_a_document_made_of_refusals_and_demands_scores_at_most_50_whatever_its_length():
    bad = (
        "We are unable to refund shipping. Opened items are not returnable. "
        "The buyer must file any claim with the carrier. "
        "Late cancellations carry a cancellation fee. Our team is friendly."
    )
    for text in (bad, " ".join([bad] * 8)):
        result = audit_text(text, kind="web")
        assert result.ceiling is not None and result.score <= 50, result.score


def test_a_one_line_hold_cliche_gets_its_verdict_from_that_line():
    result = audit_text("All of our agents are currently busy.", kind="hold")
    assert result.ceiling is not None and result.score <= 50


def test_an_agent_telling_the_caller_to_hold_unasked_gets_its_verdict_from_that_line():
    # the bare command is what call-centre courtesy forbids: a worst problem, not a hint
    told = audit_text("Hold, please.", kind="hold")
    assert told.ceiling is not None and told.score <= 50
    asked = audit_text(
        "Can I put you on hold for about two minutes while I check that with the warehouse?",
        kind="hold",
    )
    assert asked.ceiling is None and asked.score > 80


def test_one_stock_phrase_in_a_helpful_message_is_not_its_main_content():
    # the share is of words: sentences run together on the phone ("....There are")
    helpful = (
        "Thanks for calling Hollins Energy. You are third in line, about four minutes."
        "....Press 1 and we will call you back within the hour, keeping your place. "
        "Or read your meter online at hollins.example/meter. "
        "Please wait for the next available advisor."
    )
    result = audit_text(helpful, kind="hold")
    assert result.ceiling is not None and result.ceiling > 70
    only = audit_text("Please wait for the next available advisor.", kind="hold")
    assert only.score <= 50 < result.score


def test_nothing_serious_means_no_ceiling_and_the_score_reports_its_confidence():
    line = "Your boiler service is booked for Tuesday at 9 am."
    short = audit_text(line, kind="email")
    assert short.ceiling is None
    page = audit_text(" ".join([line] * 30), kind="email")
    assert 0 < short.confidence < page.confidence <= 1


def test_two_findings_never_offer_different_rewrites_of_the_same_words():
    result = audit_text(
        "Thanks for holding. We apologize for any inconvenience. Your call is important to us.",
        kind="hold",
    )
    offered = [f for f in result.findings if f.rewrite]
    for a in offered:
        for b in offered:
            if a is not b and a.start < b.end and b.start < a.end:
                assert a.rewrite == b.rewrite, (a.rule, b.rule)
    apology = [f for f in result.findings if "inconvenience" in f.text]
    assert len(apology) >= 2 and sum(1 for f in apology if f.rewrite) == 1


def test_a_dimension_with_nothing_to_judge_drops_out_instead_of_counting_as_perfect():
    plain = audit_text("Fresh sourdough, baked at 6 every morning, ready for you by 7.", "web")
    assert "ease" not in plain.dimensions  # no demand, refusal or hurdle: nothing to judge
    reasons = {o.rule: o.reason for o in plain.outcomes if o.dimension == "ease"}
    assert reasons["ease-refusal"] == "nothing in the document to judge ease by"
    refusal = audit_text(
        "We cannot refund opened items. Fresh sourdough, baked at 6 every morning.", "web"
    )
    assert refusal.dimensions["ease"] < 100  # one finding gives the dimension its evidence
    hurdle = next(o for o in refusal.outcomes if o.rule == "ease-hurdle")
    assert hurdle.applicable and hurdle.score == 1.0  # ...and clean rules then count as passes


def test_what_the_purpose_owes_is_judged_in_full_at_any_length():
    greeting = audit_text("Please leave a message after the tone.", kind="hold", config=None)
    assert greeting.purpose == "voicemail-greeting"
    when = next(o for o in greeting.outcomes if o.rule == "ease-concrete")
    assert when.applicable and when.score == 0.0 and when.evidence == 1.0
    # a rule the purpose does not name keeps the weight the text's length earns
    actor = next(o for o in greeting.outcomes if o.rule == "focus-actor")
    assert actor.evidence < 1.0


def test_what_the_purpose_owes_and_lacks_weighs_more_than_what_it_merely_could_have():
    from loveaudit.packs import load_ruleset

    owed = load_ruleset().owed_weight
    assert owed > 1
    greeting = audit_text("Please leave a message after the tone.", kind="hold", config=None)
    when = next(o for o in greeting.outcomes if o.rule == "ease-concrete")
    assert when.score == 0.0 and when.weight == 1.0 * owed  # owed by a voicemail greeting
    # the same greeting that says when keeps the same weight (no jump when the rule passes,
    # so paying what is owed only ever raises the score), and outscores it
    kept = audit_text(
        "Please leave a message after the tone and I will call you back by 5 pm today.",
        kind="hold",
        config=None,
    )
    kept_when = next(o for o in kept.outcomes if o.rule == "ease-concrete")
    assert kept_when.score == 1.0 and kept_when.weight == 1.0 * owed
    assert kept.score > greeting.score
    # a rule the purpose does not owe keeps its weight when it falls short
    reminder = audit_text(
        "Invoice 2041 for $180 is overdue. Please pay at the link below.",
        purpose="payment-reminder",
    )
    thanks = next(o for o in reminder.outcomes if o.rule == "appreciation-missing")
    assert thanks.score == 0.0 and thanks.weight == 2.0


def test_the_owed_weight_must_be_a_number_of_one_or_more(tmp_path):
    from loveaudit.packs import _load_owed_weight

    pack = tmp_path / "dimensions.yaml"
    for bad in ("owed:\n  weight: 0.5\n", "owed:\n  weight: .nan\n", "owed: {}\n"):
        pack.write_text(bad)
        problems: list = []
        assert _load_owed_weight(pack, problems) == 1.0
        assert "weight must be a number of 1 or more" in problems[0].message, bad
    pack.write_text("worst_problems: {}\n")  # no owed key: owed rules keep their weight
    problems = []
    assert _load_owed_weight(pack, problems) == 1.0 and not problems


def test_the_share_of_words_counts_overlaps_once_and_caps_each_finding():
    from loveaudit import Auditor
    from loveaudit.auditor import _word_share
    from loveaudit.model import Finding
    from loveaudit.nlp import annotate
    from loveaudit.sources import read_string

    text = "one two three four five six seven eight nine ten"
    auditor = Auditor()
    document = read_string(text, "text", "t.txt").with_kind("web", "test")
    ann, _ = next(annotate(auditor.pipeline, auditor.matchers, [(document, None)]))

    def finding(start: int, end: int) -> Finding:
        return Finding("r", "tone", "warning", "m", start, end, 1, 1, 1, 1, "", "", "")

    three = finding(0, len("one two three"))
    nested = finding(4, len("one two"))  # inside the first: counts nothing more
    overlap = finding(len("one "), len("one two three four"))  # adds "four" only
    assert _word_share(ann, [three, nested, overlap], 0) == 0.4
    whole = finding(0, len(text))
    assert _word_share(ann, [whole], 0) == 1.0
    assert _word_share(ann, [whole], 8) == 0.8  # one finding adds at most 8 words


def test_a_suppressed_finding_hands_its_rewrite_to_the_finding_left_on_those_words():
    text = "Thanks for holding. We apologize for any inconvenience."
    shown = audit_text(text, kind="hold", config=None)
    cliche = next(f for f in shown.findings if f.rule == "hold-cliches")
    cold = next(f for f in shown.findings if f.rule == "tone-cold-phrases")
    assert cliche.rewrite and not cold.rewrite  # one rewrite for the same words
    quiet = Config(suppress={"hold-cliches": ("We apologize for any inconvenience",)})
    result = audit_text(text, kind="hold", config=quiet)
    assert "hold-cliches" not in {f.rule for f in result.findings}
    assert next(f for f in result.findings if f.rule == "tone-cold-phrases").rewrite


def test_an_auditor_made_for_a_purpose_audits_text_as_that_purpose():
    from loveaudit import Auditor

    result = Auditor(config=None, purpose="receipt").audit_text("Thanks for your payment.")
    assert (result.kind, result.purpose) == ("invoice", "receipt")
    assert not [o for o in result.outcomes if o.rule == "ease-no-way-to-pay" and o.applicable]


def test_a_wording_hint_lowers_a_score_where_it_fires_and_never_lifts_one():
    """`scores_only_hits`: a stock phrase costs a little; its absence earns nothing, so a
    hint rule added to a pack changes no score where it finds nothing."""
    plain = audit_text("Your order has shipped and reaches you on Friday.", kind="email")
    outcome = next(o for o in plain.outcomes if o.rule == "readability-preamble")
    assert not outcome.applicable and "counts only where it finds" in outcome.reason
    announced = audit_text(
        "I am writing to let you know that your order has shipped and reaches you on Friday.",
        kind="email",
    )
    fired = next(o for o in announced.outcomes if o.rule == "readability-preamble")
    assert fired.applicable and fired.score is not None and fired.score < 1
    # the hints in the pack change no score where they find nothing
    from loveaudit.config import Config

    hints = ("readability-preamble", "tone-cliches", "tone-condescending")
    without = audit_text(
        "Your order has shipped and reaches you on Friday.",
        kind="email",
        config=Config(ignore=hints),
    )
    assert without.score == plain.score and without.dimensions == plain.dimensions


def test_a_reminder_that_is_one_stale_formula_is_capped_but_a_good_letter_is_not():
    """A stale formula weighs by the words it holds, never by its number: the whole text
    of a one-line reminder is capped; two in a warm, useful letter cost almost nothing."""
    closing = audit_text("Trusting to receive a check soon.", kind="invoice")
    assert closing.ceiling is not None and closing.score <= 55
    letter = audit_text(
        "Hi Sam, thank you for your order of the oak table on 3 May; it was a pleasure to "
        "make. Your invoice for $420 is attached and due on 1 June. You can pay by card at "
        "example.com/pay or by bank transfer, whichever suits you. Please do not hesitate to "
        "contact me on 555 0101 with any question, and thank you again for choosing us. "
        "We look forward to hearing from you. Best wishes, Priya",
        kind="invoice",
    )
    assert [f.rule for f in letter.findings].count("tone-cold-phrases") == 2
    # 12 of 76 words, under share_from: no cap, where counting them as serious takes 12
    assert letter.ceiling is None
    assert letter.score > closing.score + 25
    # a short, useful note with one formula in it is not capped either
    note = audit_text(
        "Hi Sam, please find attached your invoice for March. Thanks, Priya", kind="invoice"
    )
    assert note.ceiling is None


def test_one_more_threat_never_raises_the_cap():
    """Formulas and serious findings share one share line: adding a threat to a text full
    of formulas lowers its ceiling, never lifts it by thinning the formulas' share."""
    cold = (
        "Dear valued customer, please be advised that your outstanding balance is overdue. "
        "Pay immediately."
    )
    threat = cold[:-1] + " or we will take legal action."
    before, after = audit_text(cold, kind="invoice"), audit_text(threat, kind="invoice")
    assert after.ceiling is not None and before.ceiling is not None
    assert after.ceiling <= before.ceiling and after.score <= before.score


def test_how_long_a_capitalised_field_label_may_be_is_the_packs_setting():
    bill = "Invoice 1042\nTOTAL AMOUNT DUE: $120\nPlease pay by card at example.com/pay."
    shown = audit_text(bill, kind="invoice")
    assert "ease-shouting" not in {f.rule for f in shown.findings}  # a field label
    # the label is also its line's only words, which reads as a heading: both settings off
    strict = Config(rules={"ease-shouting": {"field_label_words": 0, "heading_words": 0}})
    flagged = audit_text(bill, kind="invoice", config=strict)
    assert [f.text for f in flagged.findings if f.rule == "ease-shouting"] == ["TOTAL AMOUNT DUE"]


def test_a_letterhead_in_capitals_is_not_shouting_but_an_alarm_heading_is():
    letter = (
        "HARTWELL OPTICIANS LTD\n12 Mill Lane, Leeds\n\n"
        "Dear Ms Okafor,\nThank you for your order. Your glasses are ready to collect."
    )
    assert "ease-shouting" not in {f.rule for f in audit_text(letter, kind="invoice").findings}
    alarm = letter.replace("HARTWELL OPTICIANS LTD", "NOTICE OF DEBT COLLECTION")
    shouted = audit_text(alarm, kind="invoice")
    assert [f.text for f in shouted.findings if f.rule == "ease-shouting"] == [
        "NOTICE OF DEBT COLLECTION"
    ]
    # a shouted sentence is not a heading, whatever its words
    slogan = letter.replace("HARTWELL OPTICIANS LTD", "WE ARE THE BEST OPTICIANS IN TOWN.")
    assert "ease-shouting" in {f.rule for f in audit_text(slogan, kind="invoice").findings}
    # and shouting is a worst problem: an alarm heading caps the score
    assert shouted.ceiling is not None and shouted.score < audit_text(letter, kind="invoice").score


def test_how_long_a_line_that_speaks_to_the_reader_may_be_and_stay_a_heading_is_the_packs():
    letter = "YOUR ACCOUNT WILL BE CLOSED\nHi Sam, thanks for your order."
    shouted = audit_text(letter, kind="email")
    assert [f.text for f in shouted.findings if f.rule == "ease-shouting"] == [
        "YOUR ACCOUNT WILL BE CLOSED"
    ]
    longer = Config(rules={"ease-shouting": {"reader_words": 6}})
    assert "ease-shouting" not in {
        f.rule for f in audit_text(letter, kind="email", config=longer).findings
    }


@pytest.mark.parametrize(
    "setting",
    [{"reader_words": -1}, {"heading_endings": "INC."}, {"reader": ["no_such_lexicon"]}],
)
def test_bad_heading_settings_are_a_clear_configuration_error(setting):
    with pytest.raises(ConfigError) as info:
        audit_text(
            "HELLO THERE FRIEND", kind="email", config=Config(rules={"ease-shouting": setting})
        )
    assert "ease-shouting" in str(info.value)


def test_a_stock_we_value_your_custom_earns_no_appreciation_on_a_bill_without_thanks():
    # "we value your custom" thanks nobody: the bill is judged as having no thanks, and
    # the rule that grades thanks done badly must not count it as thanks done well
    bill = audit_text(
        "Our invoice for your boiler cover is enclosed. We value your custom.", kind="invoice"
    )
    perfunctory = next(o for o in bill.outcomes if o.rule == "appreciation-perfunctory")
    assert not perfunctory.applicable
    assert bill.dimensions["appreciation"] == 0.0
    # real thanks beside it are still graded
    thanked = audit_text("Thank you! We value your custom.", kind="invoice")
    assert next(o for o in thanked.outcomes if o.rule == "appreciation-perfunctory").applicable


def test_a_long_phone_menu_scores_by_its_options_and_a_bad_setting_is_the_users():
    menu = " ".join(f"For service {n}, press {n}." for n in range(1, 10))
    result = audit_text(menu, kind="hold")
    outcome = next(o for o in result.outcomes if o.rule == "ease-long-menu")
    # nine options: halfway from the target (6) to the score's zero (12)
    assert outcome.score == 0.5
    assert result.metrics["ease-long-menu.options"].value == 9
    with pytest.raises(ConfigError) as info:
        audit_text(menu, kind="hold", config=Config(rules={"ease-long-menu": {"max_options": 12}}))
    assert "max_options (12) must be below zero_options (12)" in str(info.value)
    assert "rules/ease.yaml" not in str(info.value)  # the setting is the user's, not the pack's
