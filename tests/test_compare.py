"""`loveaudit compare`: what a rewrite bought, for the samples' twins and any two texts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from referencing import Registry, Resource

import loveaudit
from conftest import SAMPLES

SCHEMAS = Path(__file__).resolve().parents[1] / "src" / "loveaudit" / "schema"
PAIRS = [
    ("web/home", ".txt"),
    ("web/pricing", ".html"),
    ("invoice/reminder", ".txt"),
    ("hold/ivr", ".txt"),
    ("email/apology", ".txt"),
]


def run(*args: str):
    return subprocess.run(
        [sys.executable, "-m", "loveaudit.cli", "compare", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(("stem", "suffix"), PAIRS)
def test_loving_twin_comes_out_ahead_with_the_reasons(stem, suffix):
    proc = run(
        str(SAMPLES / f"{stem}-cold{suffix}"),
        str(SAMPLES / f"{stem}-loving{suffix}"),
        "--format",
        "json",
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    report = json.loads((SCHEMAS / "report.schema.json").read_text())
    schema = json.loads((SCHEMAS / "compare.schema.json").read_text())
    registry = Registry().with_resource(report["$id"], Resource.from_contents(report))
    jsonschema.Draft202012Validator(schema, registry=registry).validate(data)
    assert data["score"]["change"] > 0
    assert data["findings"]["disappeared"], "the rewrite fixes something"
    assert data["before"]["kind"] == data["after"]["kind"]


def test_text_and_markdown_say_what_changed():
    cold, loving = SAMPLES / "web/home-cold.txt", SAMPLES / "web/home-loving.txt"
    text = run(str(cold), str(loving)).stdout
    assert text.startswith("love score ") and "fixed (" in text and "focus-history" in text
    markdown = run(str(cold), str(loving), "--format", "markdown").stdout
    assert markdown.startswith("| | before | after | change |")
    assert "**Fixed (" in markdown


def test_library_compare_on_texts_matches_findings_by_words_not_position():
    before = "We were founded in 1987. We are the leading provider of widgets."
    after = "Your widgets arrive tomorrow. We were founded in 1987. You pay nothing for delivery."
    c = loveaudit.compare(before, after, kind="web")
    appeared = {f.rule for f in c.appeared}
    disappeared = {(f.rule, f.text) for f in c.disappeared}
    # the history finding moved down a line but is the same finding: neither new nor fixed
    assert ("focus-history", "founded in 1987") not in disappeared
    assert ("focus-bragging", "the leading provider") in disappeared or (
        "focus-bragging",
        "leading provider",
    ) in disappeared
    assert "focus-history" not in appeared
    assert c.score_change is not None and c.score_change > 0


def test_library_compare_takes_a_purpose_for_both_versions():
    before = "Thanks for your order. Amount: $40."
    after = "Thanks for your order, Sam. Amount: $40, paid by card on 3 May."
    c = loveaudit.compare(before, after, kind="invoice", config=None, purpose="receipt")
    assert (c.before.purpose, c.after.purpose) == ("receipt", "receipt")
    assert c.before.purpose_reason == "given with --purpose"
    # a receipt owes no way to pay: neither version is asked for one
    assert not any(f.rule == "ease-no-way-to-pay" for f in (*c.before.findings, *c.after.findings))


def test_missing_file_is_a_clear_error():
    proc = run(str(SAMPLES / "nope.txt"), str(SAMPLES / "web/home-loving.txt"))
    assert proc.returncode == 2 and "nope.txt: no such file" in proc.stderr
    assert "Traceback" not in proc.stderr
