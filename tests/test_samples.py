"""What a user notices on samples/: the loving twin wins, the cold one is flagged where
the problem is."""

from __future__ import annotations

import pytest

from conftest import SAMPLES

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
]


@pytest.fixture(scope="module")
def results(samples_auditor):
    return {r.path: r for r in samples_auditor.audit_paths([str(SAMPLES)])}


def _get(results, name):
    return results[str(SAMPLES / name)]


def test_every_sample_is_audited_with_the_kind_of_its_folder(results):
    assert len(results) == 18
    for path, result in results.items():
        assert f"/{result.kind}/" in path


FOCUS_ONLY_GAP = pytest.mark.xfail(
    strict=True, reason="invoice twins differ in thanks and demands, not yet scored (issue 3)"
)


@pytest.mark.parametrize(
    ("stem", "suffix"),
    [pytest.param(*p, marks=FOCUS_ONLY_GAP) if p[0].startswith("invoice") else p for p in PAIRS],
)
def test_loving_twin_scores_higher_on_focus_and_overall(results, stem, suffix):
    cold = _get(results, f"{stem}-cold{suffix}")
    loving = _get(results, f"{stem}-loving{suffix}")
    assert loving.score > cold.score
    assert loving.dimensions.get("focus", 100) >= cold.dimensions.get("focus", 100)


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
