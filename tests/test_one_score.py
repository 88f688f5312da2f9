"""One score everywhere: the number a report shows is the number a gate compares."""

from __future__ import annotations

import dataclasses
import re

import pytest

from loveaudit import Auditor
from loveaudit.compare import compare_results
from loveaudit.gates import Gates, verdict
from loveaudit.report import render
from loveaudit.report.comparison import render_markdown, render_text

COLD = (
    "We were founded in 1987. We are the leading provider of widgets. Our award-winning team "
    "prides itself on our heritage. We acknowledge receipt of your correspondence.\n"
)


@pytest.fixture(scope="module")
def scored(auditor: Auditor):
    """A document whose love score is 69.5, as `samples/email/apology-cold.txt` scores."""
    result = auditor.audit_text(COLD, path="half.txt")
    return dataclasses.replace(result, score=69.5, dimensions={"focus": 59.5, "tone": 80.0})


def test_a_score_of_69_5_is_shown_as_it_is_gated(auditor: Auditor, scored):
    report = auditor.report([scored], fail_under=70)
    report.verdict = verdict(report, Gates(fail_under=70, dimensions={"focus": 60}))
    assert not report.verdict.passed
    assert "(69.5 < 70)" in report.verdict.summary and "(59.5)" in report.verdict.summary
    text = render(report, "text", min_severity="info")
    assert "love score 69.5/100" in text and "focus 59.5" in text
    assert "70/100" not in text  # never shown as passing a gate it failed
    assert "| half.txt | web | 69.5 (needs work) |" in render(report, "markdown")
    assert "love score 69.5/100" in render(report, "junit")
    html = render(report, "html")
    assert re.search(r'class="gauge-value">69\.5<', html)
    assert ">70<" not in html and "focus: 59.5" in html.lower()
    assert "mean love score 69.5/100" in render(report, "github")


def test_compare_shows_the_scores_and_a_change_that_add_up(auditor: Auditor, scored):
    before = scored
    after = dataclasses.replace(scored, score=99.5, dimensions={"focus": 100.0, "tone": 79.5})
    comparison = compare_results(before, after)
    text = render_text(comparison)
    assert text.startswith("love score 69.5 -> 99.5 (+30)")
    assert re.search(r"focus\s+59\.5 ->\s+100\s+\+40\.5", text)
    assert re.search(r"tone\s+80 ->\s+79\.5\s+-0\.5", text)
    assert "| **love score** | 69.5 | 99.5 | +30 |" in render_markdown(comparison)
