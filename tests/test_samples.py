"""What a user notices on samples/: the loving twin wins, the cold one is flagged where
the problem is."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLE_COUNT, SAMPLES
from loveaudit.scoring import score_text

PAIRS = [
    ("web/home", ".txt"),
    ("web/about", ".md"),
    ("web/pricing", ".html"),
    ("invoice/invoice", ".txt"),
    ("invoice/reminder", ".txt"),
    ("hold/hold", ".txt"),
    ("hold/ivr", ".txt"),
    ("email/welcome", ".txt"),
    ("email/apology", ".txt"),
    ("email/refund", ".eml"),
    ("invoice/statement", ".pdf"),
    ("web/services", ".docx"),
    ("hold/queue", ".ssml"),
    ("hold/menu", ".twiml"),
]


@pytest.fixture(scope="module")
def results(samples_auditor):
    return {r.path: r for r in samples_auditor.audit_paths([str(SAMPLES)])}


def _get(results, name):
    return results[str(SAMPLES / name)]


def test_no_rule_fails_on_any_sample(results):
    errors = [(path, o.rule, o.error) for path, r in results.items() for o in r.outcomes if o.error]
    assert errors == []


def test_every_sample_is_audited_with_the_kind_of_its_folder(results):
    assert len(results) == SAMPLE_COUNT
    for path, result in results.items():
        assert Path(path).relative_to(SAMPLES).parts[0] == result.kind


# What each pair of twins is about: the loving one must win on these dimensions.
ABOUT = {
    "web/home": ("focus", "value"),
    "web/about": ("focus", "value"),
    "web/pricing": ("focus", "tone"),
    "invoice/invoice": ("appreciation", "ease", "tone"),
    "invoice/reminder": ("appreciation", "ease", "tone"),
    "hold/hold": ("focus", "tone", "ease"),
    "hold/ivr": ("appreciation", "focus", "tone"),
    "email/welcome": ("tone", "ease", "focus"),
    "email/apology": ("tone", "ease", "focus"),
    "email/refund": ("tone", "ease", "focus"),
    "invoice/statement": ("appreciation", "ease", "tone"),
    "web/services": ("focus", "readability"),
    "hold/queue": ("appreciation", "focus", "tone"),
    "hold/menu": ("focus", "tone", "ease"),
}


@pytest.mark.parametrize(("stem", "suffix"), PAIRS)
def test_loving_twin_wins_overall_and_on_what_the_pair_is_about(results, stem, suffix):
    cold = _get(results, f"{stem}-cold{suffix}")
    loving = _get(results, f"{stem}-loving{suffix}")
    assert loving.score > cold.score
    for dimension in ABOUT[stem]:
        assert loving.dimensions[dimension] > cold.dimensions[dimension], dimension


def test_the_ledger_counts_the_cold_reminder_as_a_negative_touch_point(samples_auditor):
    report = samples_auditor.report(samples_auditor.audit_paths([str(SAMPLES)]))
    ledger = report.summary()["ledger"]
    assert ledger["target"] == 10
    assert ledger["positive"] + ledger["neutral"] + ledger["negative"] == SAMPLE_COUNT
    assert str(SAMPLES / "invoice/reminder-cold.txt") in ledger["negative_documents"]
    # by file name: the checkout's own path may hold "loving"
    assert not any("loving" in Path(path).name for path in ledger["negative_documents"])
    assert ledger["missing_positive"] == max(0, 10 * ledger["negative"] - ledger["positive"])


@pytest.mark.parametrize(
    ("name", "rule", "line", "text"),
    [
        ("web/home-cold.txt", "focus-history", 1, "Since 1987"),
        ("web/home-cold.txt", "focus-history", 3, "Founded in 1987"),
        ("web/home-cold.txt", "focus-bragging", 7, "award-winning"),
        ("web/home-cold.txt", "focus-feature-no-benefit", 12, None),
        ("web/home-cold.txt", "focus-actor", 17, None),
        ("web/about-cold.md", "focus-history", 5, "Our Story"),
        ("web/about-cold.md", "focus-history", 7, "was founded in 2009"),
        ("web/about-cold.md", "focus-actor", 13, None),
        ("web/pricing-cold.html", "focus-history", 18, "Since 1994"),
        ("web/pricing-cold.html", "focus-bragging", 20, "award-winning"),
        ("web/pricing-cold.html", "focus-feature-no-benefit", 21, None),
        ("hold/hold-cold.txt", "focus-history", 3, "serving the Maplewood community since 1979"),
        ("hold/ivr-cold.txt", "focus-bragging", 3, "award-winning"),
        ("email/apology-cold.txt", "focus-bragging", 27, "award-winning"),
    ],
)
def test_expected_findings_at_the_right_lines(results, name, rule, line, text):
    findings = [f for f in _get(results, name).findings if f.rule == rule and f.line == line]
    assert findings, f"{rule} expected at {name}:{line}"
    if text:
        assert any(f.text == text for f in findings), [f.text for f in findings]


def test_markdown_code_and_html_hidden_text_are_not_audited(results):
    about = _get(results, "web/about-cold.md")
    assert all(not 17 <= f.line <= 22 for f in about.findings)  # the fenced code block
    pricing = _get(results, "web/pricing-loving.html")
    assert not any(f.rule in ("focus-history", "focus-bragging") for f in pricing.findings)


@pytest.mark.parametrize(
    "name",
    [f"{s}-loving{x}" for s, x in PAIRS if s.startswith("web")]
    + ["hold/hold-loving.txt", "hold/ivr-loving.txt"],
)
def test_loving_versions_raise_no_focus_warnings(results, name):
    warnings = [
        f for f in _get(results, name).findings if f.dimension == "focus" and f.severity != "info"
    ]
    assert warnings == []


@pytest.mark.parametrize(
    "name", ["web/home-cold.txt", "web/about-cold.md", "web/pricing-cold.html"]
)
def test_bloated_web_pages_fail_the_seven_second_test_showing_the_opening(results, name):
    result = _get(results, name)
    failed = [f for f in result.findings if f.rule == "readability-seven-seconds"]
    assert [f.severity for f in failed] == ["error"]
    opening = result.metrics["readability-seven-seconds.opening"].value
    assert failed[0].text == opening and " ".join(opening.split()) in failed[0].message
    assert failed[0].line <= 20  # points at the top of the page


@pytest.mark.parametrize(
    "name", ["web/home-loving.txt", "web/about-loving.md", "web/pricing-loving.html"]
)
def test_rewritten_web_pages_pass_the_seven_second_test(results, name):
    result = _get(results, name)
    assert not [f for f in result.findings if f.rule == "readability-seven-seconds"]
    assert [o.score for o in result.outcomes if o.rule == "readability-seven-seconds"] == [1.0]


def test_html_opening_is_the_h1_and_first_words(results):
    opening = (
        _get(results, "web/pricing-cold.html").metrics["readability-seven-seconds.opening"].value
    )
    assert opening.startswith("Hearth & Honey: A Baking Tradition Since 1994")  # the <h1>
    assert "<" not in opening and "function" not in opening


def test_hold_scripts_report_spoken_seconds(results):
    for name in ("hold/hold-cold.txt", "hold/hold-loving.txt"):
        seconds = _get(results, name).metrics["hold-spoken-length.spoken_seconds"].value
        assert 10 < seconds < 300


def _block(text: str, after: str) -> str:
    """The first ```json block after ``after`` in a docs page."""
    start = text.index("```json\n", text.index(after)) + len("```json\n")
    return text[start : text.index("```", start)]


def test_the_sample_figures_quoted_in_the_scoring_docs_hold(samples_auditor, results):
    """docs/scoring.md quotes what the samples give; a change of rules must update it."""
    docs = (ROOT / "docs" / "scoring.md").read_text()
    report = samples_auditor.report(results.values())
    ledger = report.summary()["ledger"]
    words = re.search(
        r"classes the (\d+)\s+documents as (\d+) positive, (\d+) neutral and (\d+) negative", docs
    )
    assert words is not None
    quoted = [int(n) for n in words.groups()]
    assert quoted == [len(results), ledger["positive"], ledger["neutral"], ledger["negative"]]
    block = json.loads("{" + _block(docs, "The samples make a good example.") + "}")["ledger"]
    shown = dict(ledger)
    shown["negative_documents"] = [
        str(Path(p).relative_to(ROOT)) for p in ledger["negative_documents"]
    ]
    assert block == shown
    # the worked example: every outcome's score, the dimensions and the love score
    home = _get(results, "web/home-cold.txt")
    example = _block(docs, "## Worked example")
    outcomes = json.loads("{" + example.split("\n],\n")[0] + "]}")["outcomes"]
    actual = {o.rule: o.score for o in home.outcomes}
    assert {o["rule"]: o["score"] for o in outcomes} == {
        o["rule"]: actual[o["rule"]] for o in outcomes
    }
    tail = json.loads("{" + example.split("\n],\n")[1] + "}")
    dims = home.dimensions
    assert tail["score"] == pytest.approx(
        (3 * dims["focus"] + 2 * dims["value"] + dims["tone"] + dims["ease"]) / 7, abs=0.05
    )  # the walk-through leaves readability out; appreciation drops out
    assert "appreciation" not in dims
    assert {k: v for k, v in home.dimensions.items() if k != "readability"} == tail["dimensions"]
    assert f"The text report prints it as `{score_text(home.score)}/100`" in docs
