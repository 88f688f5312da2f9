"""loveaudit in a CI job: output formats, several outputs at once, gates and exit codes,
configuration that names what is wrong. The CLI runs as a subprocess, as CI runs it."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from conftest import ROOT
from loveaudit import Auditor
from loveaudit.gates import Gates, verdict
from loveaudit.report import github, markdown
from test_cli import run

SARIF_SCHEMA = json.loads((ROOT / "tests/data/sarif/sarif-schema-2.1.0.json").read_text())

COLD = (
    "We were founded in 1987. We are the leading provider of widgets. Our award-winning team "
    "prides itself on our heritage. We acknowledge receipt of your correspondence.\n"
)
WARM = (
    "Your order arrives tomorrow, and you pay nothing for delivery. Thank you, Sam, for "
    "trusting us with your kitchen again. You can call me on 555 0100 any time.\n"
)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "cold.txt").write_text(COLD)
    (tmp_path / "warm.txt").write_text(WARM)
    return tmp_path


def test_sarif_validates_against_the_oasis_schema_with_rules_and_regions(site):
    proc = run("audit", str(site), "--format", "sarif")
    assert proc.returncode == 0, proc.stderr
    log = json.loads(proc.stdout)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    run_ = log["runs"][0]
    rules = {r["id"]: r for r in run_["tool"]["driver"]["rules"]}
    results = run_["results"]
    assert results and {r["ruleId"] for r in results} <= set(rules)
    history = next(r for r in results if r["ruleId"] == "focus-history")
    region = history["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == 1 and "founded in 1987" in region["snippet"]["text"]
    assert region["endColumn"] > region["startColumn"]
    assert rules["focus-history"]["help"]["text"]
    assert {r["level"] for r in results} <= {"error", "warning", "note"}
    assert all(r["partialFingerprints"]["loveaudit/v1"] for r in results)
    fix = next(r for r in results if r["ruleId"] == "tone-cold-phrases")["fixes"][0]
    assert fix["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"]


def test_unreadable_input_is_a_sarif_notification(site):
    (site / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    log = json.loads(run("audit", str(site), "--format", "sarif").stdout)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert "binary.txt" in json.dumps(invocation["toolExecutionNotifications"])


def test_junit_has_one_testcase_per_document_and_lists_every_finding(site):
    (site / "odd.txt").write_text("We are the best\x0b company. Contact our team.\n")
    proc = run("audit", str(site), "--format", "junit")
    root = ET.fromstring(proc.stdout)  # well-formed even with a control character inside
    cases = root.findall("./testsuite/testcase")
    assert sorted(c.get("name") for c in cases) == sorted(
        str(site / n) for n in ("cold.txt", "odd.txt", "warm.txt")
    )
    report = json.loads(run("audit", str(site), "--format", "json").stdout)
    for case in cases:
        doc = next(d for d in report["documents"] if d["path"] == case.get("name"))
        out = case.find("system-out").text
        for finding in doc["findings"]:  # every finding, info included, in the case's output
            assert f":{finding['line']}:{finding['column']}: {finding['severity']}: " in out
            assert f"[{finding['rule']}]" in out
    # findings are advice: with no gate in force, no test case fails
    assert not root.findall(".//failure") and root.get("failures") == "0"


def test_junit_fails_only_the_documents_that_fail_a_gate(site):
    proc = run("audit", str(site), "--format", "junit", "--fail-under", "70")
    assert proc.returncode == 1
    root = ET.fromstring(proc.stdout)
    failed = {c.get("name"): c.find("failure") for c in root.iter("testcase")}
    assert failed[str(site / "warm.txt")] is None
    failure = failed[str(site / "cold.txt")]
    assert failure is not None and "love score" in failure.get("message")
    assert "is below 70" in failure.get("message")
    assert root.get("failures") == "1"
    # --fail-on warning fails the cold document on its warnings, not the warm one
    proc = run("audit", str(site), "--format", "junit", "--fail-on", "warning")
    root = ET.fromstring(proc.stdout)
    failed = {c.get("name"): c.find("failure") for c in root.iter("testcase")}
    assert "(--fail-on warning)" in failed[str(site / "cold.txt")].get("message")
    assert failed[str(site / "warm.txt")] is None


def test_github_annotations_are_escaped_and_capped(auditor: Auditor):
    text = "\n".join(f"We acknowledge receipt of order {i}." for i in range(60))
    result = auditor.audit_text(text, kind="email", path="mail, draft:1.txt")
    report = auditor.report([result])
    out = github.render(report).splitlines()
    annotations = [line for line in out if line.startswith(("::error", "::warning", "::notice"))]
    assert len(annotations) == github.MAX_ANNOTATIONS + 1  # plus the "more" notice
    assert "more finding(s) not shown" in annotations[-1]
    first = annotations[0]
    assert first.startswith("::warning file=mail%2C draft%3A1.txt,line=1,col=1,")
    cold = [a for a in annotations if "title=loveaudit tone-cold-phrases::" in a]
    # the cold phrase of every line, after the document's own warnings (a notice's when)
    others = [a for a in annotations[:-1] if a not in cold]
    assert len(others) <= 3 and "We acknowledge receipt of" in cold[0]
    assert all("\n" not in line for line in out)
    severities = [a.split()[0] for a in annotations[:-1]]
    assert severities == sorted(severities, key=["::error", "::warning", "::notice"].index)


def test_github_annotation_keeps_message_rewrite_and_fix_apart(auditor: Auditor):
    result = auditor.audit_text("We acknowledge receipt of your letter.\n", kind="email")
    line = next(
        a for a in github.render(auditor.report([result])).splitlines() if "tone-cold" in a
    )
    message = line.split("::", 2)[2].replace("%0A", "\n")
    first, rewrite, fix = message.split("\n")
    assert first.endswith('"We acknowledge receipt of".')
    assert rewrite == 'Rewrite: "thank you for"'
    assert fix.startswith("Fix: Write it")


def test_markdown_summary_escapes_paths_and_quotes(auditor: Auditor):
    result = auditor.audit_text(COLD + "Use code `x` | or <b>bold</b>.", path="a|b <i>.txt")
    report = auditor.report([result])
    report.verdict = verdict(report, Gates(fail_under=90))
    text = markdown.render(report)
    row = next(line for line in text.splitlines() if line.startswith("| a"))
    assert row.startswith(r"| a\|b &lt;i&gt;.txt | web |") and row.count(" | ") == 5
    assert "<b>" not in text and "<i>" not in text
    assert "❌ FAILED: 1 document(s) below the love-score gate" in text
    assert "### Fix these first" in text


def test_several_outputs_in_one_run(site, tmp_path):
    out = tmp_path / "out"
    proc = run(
        "audit",
        str(site),
        "--format",
        f"text,sarif:{out / 'r.sarif'}",
        "--format",
        f"junit:{out / 'r.xml'}",
        "--output-markdown",
        str(out / "r.md"),
        "--output-json",
        str(out / "r.json"),
    )
    assert proc.returncode == 0, proc.stderr
    assert "love score" in proc.stdout
    json.loads((out / "r.sarif").read_text())
    ET.fromstring((out / "r.xml").read_text())
    assert (out / "r.md").read_text().startswith("## loveaudit")
    assert json.loads((out / "r.json").read_text())["summary"]["documents"] == 2
    assert not list(out.glob("*.tmp"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "json", "--format", "sarif"], "would both go to stdout"),
        (["--format", "yaml"], "unknown format 'yaml'"),
        (["--format", "json:x.json", "--output", "y"], "--output needs a format"),
    ],
)
def test_output_usage_errors_exit_2(site, args, message):
    proc = run("audit", str(site), *args)
    assert proc.returncode == 2 and message in proc.stderr


def test_fail_on_error_and_warning(site):
    passed = run("audit", str(site / "warm.txt"), "--fail-on", "error")
    assert passed.returncode == 0
    assert passed.stdout.splitlines()[-1].startswith("PASSED: no finding is an error")
    failed = run("audit", str(site), "--fail-on", "warning")
    assert failed.returncode == 1
    last = failed.stdout.splitlines()[-1]
    assert last.startswith("FAILED: ") and "are warnings or errors (--fail-on warning)" in last
    # with no text on stdout, the reason still reaches the log
    quiet = run("audit", str(site), "--fail-on", "warning", "--format", "json")
    assert quiet.returncode == 1 and "FAILED:" in quiet.stderr


def test_no_gate_says_so(site):
    proc = run("audit", str(site))
    assert proc.returncode == 0
    assert proc.stdout.splitlines()[-1].startswith("PASSED: no gate set")


def test_dimension_and_kind_floors_from_configuration(site):
    (site / "loveaudit.toml").write_text("fail-under-dimension = {focus = 60}\n")
    proc = run("audit", str(site), "--kind", "web")
    assert proc.returncode == 1
    last = proc.stdout.splitlines()[-1]
    assert "1 document(s) below 60 in focus: " in last and "cold.txt" in last
    warm = run("audit", str(site / "warm.txt"), "--kind", "web")
    assert warm.returncode == 0, warm.stdout
    assert warm.stdout.splitlines()[-1] == "PASSED: focus is at least 60 everywhere."
    (site / "loveaudit.toml").write_text("[fail-under-kind]\ninvoice = 99\n")
    assert run("audit", str(site / "cold.txt"), "--kind", "web").returncode == 0
    invoice = run("audit", str(site / "cold.txt"), "--kind", "invoice")
    assert invoice.returncode == 1 and "below the love-score gate" in invoice.stdout


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('fail-on = "info"\n', 'fail-on: must be "error" or "warning"'),
        (
            "fail-under-dimension = {focsu = 50}\n",
            "fail-under-dimension: unknown dimension 'focsu'",
        ),
        ("fail-under-kind = {brochure = 50}\n", "fail-under-kind: unknown kind 'brochure'"),
        ('select = ["focus-ratio", "focus-rato"]\n', "select: unknown rule id 'focus-rato'"),
        ('ignore = ["tone-nope"]\n', "ignore: unknown rule id 'tone-nope'"),
        ('[suppress]\n"tone-cold" = ["Dear Sir"]\n', "suppress.tone-cold: unknown rule id"),
        ("include = 3\n", "include: must be a list of path globs"),
    ],
)
def test_configuration_mistakes_name_the_file_and_key(site, body, message):
    (site / "loveaudit.toml").write_text(body)
    proc = run("audit", str(site))
    assert proc.returncode == 2, proc.stdout
    assert message in proc.stderr and "loveaudit.toml" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_include_globs_limit_a_folder_walk(site):
    (site / "pages").mkdir()
    (site / "pages" / "p.txt").write_text(WARM)
    (site / "loveaudit.toml").write_text('include = ["pages/**"]\n')
    report = json.loads(run("audit", str(site), "--format", "json").stdout)
    assert [Path(d["path"]).name for d in report["documents"]] == ["p.txt"]


def test_config_command_shows_values_and_where_they_come_from(site, monkeypatch):
    (site / "loveaudit.toml").write_text('brands = ["Acme"]\n\nfail-under = 60\n')
    proc = run("config", str(site), "--fail-on", "warning")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == f"# configuration file: {site / 'loveaudit.toml'}"
    assert f'brands = ["Acme"]  # {site / "loveaudit.toml"}:1' in lines
    assert f"fail-under = 60  # {site / 'loveaudit.toml'}:3" in lines
    assert 'fail-on = "warning"  # command line (--fail-on)' in lines
    assert "# model: not set, the built-in pipeline  (default)" in lines
    overridden = run("config", str(site), "--fail-under", "80").stdout
    assert "fail-under = 80  # command line (--fail-under)" in overridden
