"""What each document owes: its purpose (a receipt, a voicemail greeting, a help page) is
recognised from its content or set by the user, reported, and decides which presence rules
judge it - a way to pay on a bill and not on a receipt, thanks for waiting in a queue and
not in a menu, a when in a voicemail greeting.

Fixtures live in tests/purposes/<purpose>.yaml: copy each purpose must be recognised in,
and traps of the same kind that must not be taken for it.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from loveaudit import Auditor
from loveaudit.cli import main
from loveaudit.config import load_config
from loveaudit.errors import ConfigError
from loveaudit.packs import load_ruleset
from loveaudit.sources import read_string

FIXTURES = sorted((Path(__file__).parent / "purposes").glob("*.yaml"))
ROOT = Path(__file__).resolve().parents[1]


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def plain() -> Auditor:
    """An auditor with its packs loaded; deciding a purpose needs no pipeline."""
    return Auditor()


def test_every_purpose_has_a_fixture_with_a_hit_and_a_trap():
    purposes = load_ruleset().purposes
    covered = {}
    for path in FIXTURES:
        data = _load(path)
        assert data["purpose"] == path.stem, path
        assert data["purpose"] in purposes, f"{path.name} names no real purpose"
        cases = data["cases"]
        covered[path.stem] = (
            any(c.get("is", True) for c in cases),
            any(not c.get("is", True) for c in cases),
        )
    for name in sorted(purposes):
        assert covered.get(name) == (True, True), f"{name} needs a case and a trap"


CASES = [
    pytest.param(path, i, id=f"{path.stem}:{case['name']}")
    for path in FIXTURES
    for i, case in enumerate(_load(path)["cases"])
]


@pytest.mark.parametrize(("path", "index"), CASES)
def test_purpose_fixture(plain: Auditor, path: Path, index: int):
    data = _load(path)
    case = data["cases"][index]
    document = read_string(case["text"], "text", "case.txt").with_kind(case["kind"], "fixture")
    decided = plain.prepare(document)
    if case.get("is", True):
        assert decided.purpose == data["purpose"], decided.purpose_reason
    else:
        assert decided.purpose != data["purpose"], decided.purpose_reason


# -- what each purpose owes -----------------------------------------------------------------
def _owed(result, rule: str) -> bool:
    outcome = next(o for o in result.outcomes if o.rule == rule)
    return outcome.applicable


def _rules(result) -> set[str]:
    return {f.rule for f in result.findings}


def test_a_bill_is_asked_for_a_way_to_pay_and_a_receipt_is_not(auditor: Auditor):
    bill = auditor.audit_text(
        "Invoice number 88, dated 2 May. Amount due: $300 by 1 June.", "invoice"
    )
    assert bill.purpose == "invoice" and "ease-no-way-to-pay" in _rules(bill)
    receipt = auditor.audit_text(
        "Payment received. Receipt number 5521: $300 paid by card on 2 May.", "invoice"
    )
    assert receipt.purpose == "receipt"
    assert "ease-no-way-to-pay" not in _rules(receipt)
    outcome = next(o for o in receipt.outcomes if o.rule == "ease-no-way-to-pay")
    assert not outcome.applicable and "receipt" in outcome.reason


def test_a_failed_payment_is_not_asked_for_thanks_but_a_reminder_is(auditor: Auditor):
    # the customer did nothing to be thanked for: the notice is judged on the way to put
    # the card right, its date and its tone
    failed = auditor.audit_text(
        "Your payment of $54 on 10 Feb didn't go through. Update your card by Wednesday "
        "in Account > Payment, or reply and we'll help.",
        "invoice",
    )
    assert failed.purpose == "failed-payment"
    assert "appreciation-missing" not in _rules(failed)
    outcome = next(o for o in failed.outcomes if o.rule == "appreciation-missing")
    assert not outcome.applicable
    reminder = auditor.audit_text(
        "Reminder: invoice 88 for $300 was due on 1 June and is now overdue. "
        "Pay by card at example.com/pay.",
        "invoice",
    )
    assert reminder.purpose == "payment-reminder"
    assert "appreciation-missing" in _rules(reminder)


def test_a_voicemail_greeting_is_asked_for_a_when(auditor: Auditor):
    vague = "Hi, you've reached Dana. Please leave a message after the tone and I'll call you back."
    result = auditor.audit_text(vague, "hold")
    assert result.purpose == "voicemail-greeting"
    assert "ease-concrete" in _rules(result)
    assert not _owed(result, "hold-next-step")  # the tone is the next step
    [finding] = [f for f in result.findings if f.rule == "ease-concrete"]
    assert finding.severity == "warning"  # its one job; on other phone copy a hint
    # a queue owes its wait as a greeting owes its when; other phone copy gets a hint
    queue = auditor.audit_text("Thanks for holding. We'll be with you shortly.", "hold")
    assert queue.purpose == "queue-announcement"
    assert [f.severity for f in queue.findings if f.rule == "ease-concrete"] == ["warning"]
    other = auditor.audit_text(
        "Did you know you can now book online? Our new app lets you manage visits in seconds.",
        "hold",
    )
    assert other.purpose == "hold-message"
    assert [f.severity for f in other.findings if f.rule == "ease-concrete"] == ["info"]
    when = vague.replace("call you back", "call you back before 5 pm today")
    assert "ease-concrete" not in _rules(auditor.audit_text(when, "hold"))


def test_a_notice_is_told_it_lacks_a_when_not_a_number(auditor: Auditor):
    # an order number is detail but no when: the notice's finding names what is missing
    # for its purpose, where other copy hears the general wording
    notice = auditor.audit_text("Your order 4471 has been dispatched.", "email")
    assert notice.purpose == "notification"
    [finding] = [f for f in notice.findings if f.rule == "ease-concrete"]
    assert "no when (a date, a day, a time or how long)" in finding.message
    other = auditor.audit_text("Have a lovely weekend, and see you soon.", "hold")
    [general] = [f for f in other.findings if f.rule == "ease-concrete"]
    assert "no time, date, number or example" in general.message


def test_a_bill_is_told_it_lacks_a_date_and_a_quote_its_price(auditor: Auditor):
    # a bill owes a date to pay by; a quote owes its price and no way to pay, and its
    # missing thanks are a hint
    bill = auditor.audit_text("Please remit payment at your earliest convenience.", "invoice")
    [finding] = [f for f in bill.findings if f.rule == "ease-concrete"]
    assert finding.severity == "warning" and "no date (a due date" in finding.message
    quote = auditor.audit_text(
        "Here's your quote for replacing the garden fence. If you'd like to go ahead, "
        "reply to this email.",
        "invoice",
    )
    assert quote.purpose == "quote"
    [price] = [f for f in quote.findings if f.rule == "ease-concrete"]
    assert "no price, date or how long the offer holds" in price.message
    assert "ease-no-way-to-pay" not in _rules(quote)
    assert [f.severity for f in quote.findings if f.rule == "appreciation-missing"] == ["info"]


def test_a_phone_menu_is_not_asked_for_thanks_or_a_callback_but_a_queue_is(auditor: Auditor):
    menu = (
        "Please listen carefully. For billing, press 1. For bookings, press 2. "
        "For anything else, please hold for the next available agent."
    )
    result = auditor.audit_text(menu, "hold")
    assert result.purpose == "ivr-menu"
    assert not {"appreciation-missing", "ease-no-callback", "value-missing"} & _rules(result)
    assert not _owed(result, "appreciation-missing")
    queue = "All of our agents are busy. Please stay on the line for the next available agent."
    queued = auditor.audit_text(queue, "hold")
    assert queued.purpose == "queue-announcement"
    assert {"appreciation-missing", "ease-no-callback"} <= _rules(queued)


def test_a_product_page_is_asked_for_value_and_a_help_page_for_help(auditor: Auditor):
    product = auditor.audit_text(
        "Meet the Tidy planner. Plans from $9/month, with a free trial. Key features: "
        "shared lists, reminders and a calendar. Sign up today.",
        "web",
    )
    assert product.purpose == "product-page" and _owed(product, "value-missing")
    help_page = auditor.audit_text(
        "Frequently asked questions. How do I change my delivery address? Open the order "
        "in your account page and select Edit. Returns are accepted within 30 days.",
        "web",
    )
    assert help_page.purpose == "help-page"
    assert not _owed(help_page, "value-missing")
    assert "ease-no-help" in _rules(help_page)


# rules that came to a kind with purposes, for some purposes of it: a web page did not owe a
# way to get help before, and only a help page owes one now; something concrete (what
# happens next, and when) is owed on the web by a confirmation alone; whom the caller
# reached is owed by a greeting (voicemail, live, closed line), not by a menu or a hold
# mid-call
NEW_FOR_A_PURPOSE = {
    ("ease-no-help", "web"),
    ("ease-concrete", "web"),
    ("hold-who-answers", "hold"),
}


def test_a_fallback_purpose_owes_what_its_kind_owes():
    ruleset = load_ruleset()
    fallbacks = [p for p in ruleset.purposes.values() if p.fallback]
    assert sorted(p.kind for p in fallbacks) == sorted(ruleset.kinds)
    for rule in ruleset.rules:
        for purpose in fallbacks:
            if purpose.kind in rule.params and (rule.id, purpose.kind) not in NEW_FOR_A_PURPOSE:
                assert rule.owed(purpose.name), (rule.id, purpose.name)


# -- set by the user --------------------------------------------------------------------------
def test_configuration_sets_the_purpose_per_path(tmp_path: Path):
    folder = tmp_path / "billing"
    folder.mkdir()
    (folder / "thanks.txt").write_text("Amount due: $300 by 1 June. Invoice 88.", encoding="utf-8")
    (tmp_path / "loveaudit.toml").write_text(
        '[purposes]\n"billing/thanks*" = "receipt"\n', encoding="utf-8"
    )
    auditor = Auditor(load_config(tmp_path / "loveaudit.toml"))
    [result] = list(auditor.audit_paths([str(folder / "thanks.txt")]))
    assert (result.kind, result.purpose) == ("invoice", "receipt")  # the kind follows
    assert result.purpose_reason == "path matches 'billing/thanks*' in configuration"
    assert "ease-no-way-to-pay" not in _rules(result)


def test_an_unknown_purpose_in_configuration_or_on_the_command_line_is_an_error(tmp_path):
    toml = tmp_path / "loveaudit.toml"
    toml.write_text('brands = []\n\n[purposes]\n"bills/**" = "receipt"\n"a/*" = "reciept"\n')
    with pytest.raises(ConfigError) as caught:
        Auditor(load_config(toml))
    assert str(caught.value).startswith(
        f"{toml}:5: purposes.a/*: unknown purpose 'reciept'; known: about-page,"
    )
    with pytest.raises(ConfigError, match="unknown purpose 'menu'"):
        Auditor(purpose="menu")
    with pytest.raises(ConfigError, match="purpose 'receipt' is for invoice, not hold"):
        Auditor(kind="hold", purpose="receipt")


PACK = """\
family: mine
principle: Be kind.
rules:
  - id: mine-no-price
    title: No price
    check: cue_presence
    dimension: value
    what: w
    why: y
    example: {before: "Call us.", after: "From $9."}
    message: "No price."
    fix: Give the price.
    OWED
    kinds:
      web: {cues: [amount_off]}
"""


@pytest.mark.parametrize(
    ("owed", "expected"),
    [
        (
            "not_owed_by: [prodcut-page]",
            "mine.yaml:13: mine-no-price: not_owed_by.0: unknown purpose 'prodcut-page'",
        ),
        (
            "owed_by: [receipt]",
            "mine.yaml:13: mine-no-price: owed_by.0: purpose 'receipt' is for invoice, "
            "a kind the rule does not run on",
        ),
        (
            "owed_by: help-page",
            "mine.yaml:13: mine-no-price: owed_by: must be a non-empty list of purposes",
        ),
        (
            "purposes: {receipt: {severity: info}}",
            "mine.yaml:13: mine-no-price: purposes.receipt: purpose 'receipt' is for invoice",
        ),
        (
            "not_owed_by: [help-page]\n    purposes: {help-page: {severity: info}}",
            "mine-no-price: purposes.help-page: purpose 'help-page' does not owe this rule",
        ),
        (
            "purposes: {product-page: {severity: loud}}",
            "mine.yaml:13: mine-no-price: purposes.product-page.severity: Input should be",
        ),
    ],
)
def test_a_wrong_purpose_in_a_rule_pack_is_a_load_error_with_its_line(tmp_path, owed, expected):
    (tmp_path / "mine.yaml").write_text(PACK.replace("OWED", owed), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_ruleset(extra_dirs=[tmp_path])
    assert expected in str(caught.value)


def test_the_cli_reports_the_purpose_in_json_and_text(tmp_path: Path, capsys):
    path = tmp_path / "greeting.txt"
    path.write_text("Please leave a message after the tone.", encoding="utf-8")
    main(["audit", str(path), "--purpose", "voicemail-greeting", "--format", "json", "--no-cache"])
    report = json.loads(capsys.readouterr().out)
    schema = json.loads((ROOT / "src/loveaudit/schema/report.schema.json").read_text())
    jsonschema.validate(report, schema)
    [doc] = report["documents"]
    assert (doc["kind"], doc["purpose"]) == ("hold", "voicemail-greeting")
    assert doc["purpose_reason"] == "given with --purpose"
    main(["audit", str(path), "--no-cache", "--color", "never", "--verbose"])
    header = capsys.readouterr().out.splitlines()[0]
    # without --purpose, the content decides: a voicemail greeting asks for a message
    assert "hold (content mentions" in header
    assert ", purpose voicemail-greeting  love score" in header


# -- documented --------------------------------------------------------------------------------
def test_the_scoring_docs_table_lists_what_each_purpose_owes():
    """docs/scoring.md's table of purposes is the pack's: each purpose's row names its kind
    and marks exactly the presence rules it owes."""
    ruleset = load_ruleset()
    text = (ROOT / "docs/scoring.md").read_text(encoding="utf-8")
    section = text.split("<!-- purposes table -->")[1].strip().split("\n\n")[0]
    header, _, *rows = section.splitlines()
    rules = [cell.strip(" `") for cell in header.strip("|").split("|")[2:]]
    presence = {r.id for r in ruleset.rules if r.owed_by or r.not_owed_by}
    assert set(rules) == presence
    seen = set()
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        name, kind = cells[0].strip("`"), cells[1]
        purpose = ruleset.purposes[name]
        assert kind == purpose.kind
        seen.add(name)
        for rule_id, cell in zip(rules, cells[2:], strict=True):
            rule = ruleset.rule(rule_id)
            expected = "—" if kind not in rule.params else ("owes" if rule.owed(name) else "")
            assert cell == expected, (name, rule_id)
    assert seen == set(ruleset.purposes)


def test_a_cached_result_is_not_reused_for_another_purpose(tmp_path: Path, capsys):
    path = tmp_path / "note.txt"
    path.write_text("Invoice 88. Amount due: $300 by 1 June.", encoding="utf-8")
    cache = ["--cache-dir", str(tmp_path / "cache"), "--format", "json"]
    main(["audit", str(path), *cache])
    assert json.loads(capsys.readouterr().out)["documents"][0]["purpose"] == "invoice"
    main(["audit", str(path), "--purpose", "receipt", *cache])
    assert json.loads(capsys.readouterr().out)["documents"][0]["purpose"] == "receipt"


def test_the_library_takes_a_purpose_and_its_kind_follows(plain: Auditor):
    result = plain.audit_text("Thanks for your order.", purpose="receipt")
    assert (result.kind, result.purpose, result.purpose_reason) == (
        "invoice",
        "receipt",
        "given by the caller",
    )


def test_cues_tried_only_where_their_first_words_occur_find_what_a_search_finds(
    plain: Auditor,
):
    # a cue is tried only at the places its first words occur in the head; over the
    # samples and the purpose fixtures, every cue of every kind must stop at the very
    # match a search of the whole head stops at
    from loveaudit.purposes import _first_match

    root = Path(__file__).resolve().parent.parent / "samples"
    heads = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(root.rglob("*.txt"))]
    for path in FIXTURES:
        heads += [case["text"] for case in _load(path)["cases"]]
    cues = plain._purpose_cues
    tried = 0
    for kind, compiled in cues._by_kind.items():
        index = cues._leads[kind]
        for text in heads:
            head = text[: cues.window].lower().replace("\u2019", "'")
            positions = index.positions(head)
            for _, found, against in compiled:
                for cue in found + against:
                    expected = cue[0].search(head)
                    got = _first_match(cue, head, positions)
                    assert (got and got.span()) == (expected and expected.span()), cue[0].pattern
                    tried += 1
    assert tried > 10_000
