"""Suppression directives and baselines, end to end through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from test_cli import run

OPENING = (
    "Your kitchen, finished in a weekend: you choose the doors, you pick the day, and you "
    "pay nothing until you are happy with every cupboard we fit for you.\n\n"
)
OLD_BAD = "We acknowledge receipt of your enquiry about the worktops.\n"


def _json(*args: str) -> dict:
    proc = run("audit", *args, "--format", "json")
    return json.loads(proc.stdout)


def test_html_comments_disable_a_line_or_a_range(tmp_path: Path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><body>\n"
        "<p>Founded in 1987, we are proud of our heritage.</p>\n"
        "<!-- loveaudit-disable-next-line focus-history -->\n"
        "<p>Founded in 1987, we still answer the phone.</p>\n"
        "<!-- loveaudit-disable tone-cold-phrases, focus-bragging -->\n"
        "<p>We acknowledge receipt of your order from the leading provider.</p>\n"
        "<!-- loveaudit-enable -->\n"
        "<p>We acknowledge receipt of your payment.</p>\n"
        "</body></html>\n"
    )
    doc = _json(str(page), "--kind", "web")["documents"][0]
    found = {(f["rule"], f["line"]) for f in doc["findings"]}
    off = {(f["rule"], f["line"]): f["reason"] for f in doc["suppressed"]}
    assert ("focus-history", 2) in found and ("focus-history", 4) in off
    assert "loveaudit-disable-next-line focus-history" in off[("focus-history", 4)]
    assert ("tone-cold-phrases", 6) in off and ("focus-bragging", 6) in off
    assert ("tone-cold-phrases", 8) in found
    assert not any(line == 6 and rule == "tone-cold-phrases" for rule, line in found)


def test_markdown_and_text_markers(tmp_path: Path):
    md = tmp_path / "a.md"
    md.write_text("# Hello\n\n<!-- loveaudit-disable -->\nWe acknowledge receipt of it.\n")
    txt = tmp_path / "b.txt"
    txt.write_text(
        "Hello there.\n# loveaudit-disable-next-line tone-cold-phrases\n"
        "We acknowledge receipt of your letter.\nWe acknowledge receipt of your fax.\n"
    )
    report = _json(str(md), str(txt), "--kind", "email")
    by_path = {Path(d["path"]).name: d for d in report["documents"]}
    assert {f["rule"] for f in by_path["a.md"]["findings"]} & {"tone-cold-phrases"} == set()
    assert any(f["rule"] == "tone-cold-phrases" for f in by_path["a.md"]["suppressed"])
    cold = [f["line"] for f in by_path["b.txt"]["findings"] if f["rule"] == "tone-cold-phrases"]
    assert cold == [4]
    # the marker line is not audited as copy
    assert "loveaudit" not in json.dumps(by_path["b.txt"]["findings"])
    assert report["summary"]["findings"]["suppressed"] == len(by_path["a.md"]["suppressed"]) + 1


def test_configured_phrases_are_suppressed_and_counted(tmp_path: Path):
    (tmp_path / "loveaudit.toml").write_text('[suppress]\n"tone-cold-phrases" = ["dear sir"]\n')
    (tmp_path / "letter.txt").write_text("Dear Sir,\nWe acknowledge receipt of your letter.\n")
    proc = run("audit", str(tmp_path), "--kind", "email")
    assert "1 finding(s) suppressed" in proc.stdout
    doc = _json(str(tmp_path), "--kind", "email")["documents"][0]
    assert [s["text"] for s in doc["suppressed"]] == ["Dear Sir"]
    assert doc["suppressed"][0]["reason"].startswith("configuration: suppress")
    assert any(f["text"] == "We acknowledge receipt of" for f in doc["findings"])
    sarif = json.loads(run("audit", str(tmp_path), "--kind", "email", "--format", "sarif").stdout)
    marked = [r for r in sarif["runs"][0]["results"] if r.get("suppressions")]
    assert len(marked) == 1 and marked[0]["suppressions"][0]["kind"] == "inSource"


def test_baseline_fails_only_on_what_is_new(tmp_path: Path):
    site = tmp_path / "site"
    site.mkdir()
    page = site / "page.txt"
    page.write_text(OPENING + OLD_BAD)
    base = tmp_path / "baseline.json"
    first = run(
        "audit", str(site), "--kind", "email", "--fail-on", "warning", "--write-baseline", str(base)
    )
    assert first.returncode == 1  # the old finding fails a run without a baseline
    assert json.loads(base.read_text())["format"] == "loveaudit-baseline"

    # an unrelated edit above the old finding moves it down two lines: still old
    page.write_text(OPENING + "Every fitter is local and fully insured.\n\n" + OLD_BAD)
    moved = run(
        "audit", str(site), "--kind", "email", "--fail-on", "warning", "--baseline", str(base)
    )
    assert moved.returncode == 0, moved.stdout
    assert moved.stdout.splitlines()[-1].startswith("PASSED:")
    assert "no new findings and no lower scores than the baseline" in moved.stdout

    # a new cold phrase is new, however many old ones there are
    page.write_text(OPENING + OLD_BAD + "Please be advised that we utilize a waiting list.\n")
    grown = run(
        "audit", str(site), "--kind", "email", "--fail-on", "warning", "--baseline", str(base)
    )
    assert grown.returncode == 1
    assert "new finding(s) are warnings or errors" in grown.stdout.splitlines()[-1]
    report = _json(str(site), "--kind", "email", "--baseline", str(base))
    new = report["summary"]["baseline"]["new_findings"]
    assert new and all(f["line"] == 4 for f in new)


def test_baseline_fails_when_a_score_drops(tmp_path: Path):
    page = tmp_path / "page.txt"
    page.write_text(OPENING)
    base = tmp_path / "b.json"
    run("audit", str(page), "--write-baseline", str(base))
    page.write_text(OPENING + "Deposits are not refundable under any circumstances.\n")
    proc = run("audit", str(page), "--baseline", str(base))
    assert proc.returncode == 1
    assert "scored lower than in the baseline" in proc.stdout.splitlines()[-1]


def test_a_bad_baseline_file_exits_2(tmp_path: Path):
    page = tmp_path / "page.txt"
    page.write_text(OPENING)
    bad = tmp_path / "b.json"
    bad.write_text('{"documents": []}')
    proc = run("audit", str(page), "--baseline", str(bad))
    assert proc.returncode == 2 and "not a baseline file" in proc.stderr
    missing = run("audit", str(page), "--baseline", str(tmp_path / "none.json"))
    assert missing.returncode == 2 and "cannot be read" in missing.stderr
