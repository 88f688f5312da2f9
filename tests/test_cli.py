"""The command line as a user and a CI job see it: output, exit codes, errors by name."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from conftest import SAMPLE_COUNT, SAMPLES
from loveaudit.cli import main

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[1] / "src/loveaudit/schema/report.schema.json").read_text()
)


def run(*args: str, stdin: str | None = None, cwd: Path | None = None):
    return subprocess.run(
        [sys.executable, "-m", "loveaudit.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "good.txt").write_text(
        "Your order arrives tomorrow. You can track it from your phone, and you pay nothing "
        "for delivery.\n"
    )
    (tmp_path / "bad.txt").write_text(
        "We were founded in 1987. We are the leading provider of widgets. Our team is "
        "award-winning. We pride ourselves on our heritage.\n"
    )
    return tmp_path


def test_json_output_validates_against_the_schema():
    proc = run("audit", str(SAMPLES), "--format", "json", "--no-cache")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    jsonschema.Draft202012Validator(SCHEMA).validate(report)
    assert report["summary"]["documents"] == SAMPLE_COUNT  # samples/README.md is excluded by config
    assert report["pipeline"].startswith("builtin")


def test_fail_under_exits_1_and_says_which_document(site):
    proc = run("audit", str(site), "--fail-under", "70")
    assert proc.returncode == 1
    assert "FAILED" in proc.stdout and "bad.txt" in proc.stdout.splitlines()[-1]
    assert run("audit", str(site / "good.txt"), "--fail-under", "70").returncode == 0


def test_unreadable_input_exits_2_names_it_and_audits_the_rest(site):
    (site / "blob.txt").write_bytes(b"\x00\x01\x02binary\x00")
    proc = run("audit", str(site), "--format", "json")
    assert proc.returncode == 2
    assert "blob.txt: binary file" in proc.stderr
    report = json.loads(proc.stdout)
    assert sorted(Path(d["path"]).name for d in report["documents"]) == ["bad.txt", "good.txt"]
    assert [Path(e["path"]).name for e in report["errors"]] == ["blob.txt"]


def test_missing_file_is_named(site):
    proc = run("audit", str(site / "nope.txt"), str(site / "good.txt"))
    assert proc.returncode == 2
    assert "nope.txt: no such file" in proc.stderr
    assert "good.txt" in proc.stdout


def test_empty_file_is_an_info_finding_not_an_error(site):
    (site / "empty.txt").write_text("")
    proc = run("audit", str(site / "empty.txt"), "--format", "json")
    assert proc.returncode == 0
    doc = json.loads(proc.stdout)["documents"][0]
    assert [(f["rule"], f["severity"]) for f in doc["findings"]] == [("document-empty", "info")]
    assert doc["score"] is None


def test_invalid_utf8_is_decoded_with_a_warning(site):
    (site / "latin.txt").write_bytes("Thank you for visiting our café.".encode("cp1252"))
    proc = run("audit", str(site / "latin.txt"), "--format", "json")
    assert proc.returncode == 0
    doc = json.loads(proc.stdout)["documents"][0]
    encoding = [f for f in doc["findings"] if f["rule"] == "document-encoding"]
    assert [f["severity"] for f in encoding] == ["warning"]
    assert "not valid UTF-8" in encoding[0]["message"]
    assert "decoded as Windows-1252" in encoding[0]["message"]
    assert "café" in doc["metrics"].get("readability-seven-seconds.opening", {}).get(
        "value", "café"
    )


def test_stdin_with_a_kind():
    proc = run(
        "audit",
        "-",
        "--kind",
        "hold",
        "--format",
        "json",
        stdin="Thank you for calling. Your call is important to us.",
    )
    doc = json.loads(proc.stdout)["documents"][0]
    assert (doc["path"], doc["kind"], doc["kind_reason"]) == (
        "<stdin>",
        "hold",
        "given with --kind",
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "out"], "the text report out is a folder"),
        (["-o", ""], "needs a file name"),
        (["-o", "ok.txt/r.json"], "ok.txt is a file"),
        (["-o", "ok.txt"], "ok.txt is a file being audited: it would be overwritten"),
        (["docs", "-o", "docs/README.md"], "docs/README.md is a file being audited"),
        (["--format", "json:r.out,sarif:r.out"], "would both write r.out"),
        (["--write-baseline", "out"], "--write-baseline out is a folder"),
        (["--max-seconds", "nan"], "must be a positive number"),
        (["--max-seconds", "0"], "must be a positive number of seconds"),
        (["--max-file-bytes", "-5"], "must be a whole number of bytes"),
    ],
)
def test_a_report_or_limit_that_cannot_work_is_refused_before_the_audit(tmp_path, args, message):
    (tmp_path / "ok.txt").write_text("Thank you for your order.\n")
    (tmp_path / "out").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "README.md").write_text("Thank you for reading.\n")
    proc = run("audit", "ok.txt", *args, "--no-cache", cwd=tmp_path)
    assert proc.returncode == 2
    assert message in proc.stderr and "Traceback" not in proc.stderr
    assert proc.stdout == ""  # refused up front: nothing was audited
    assert (tmp_path / "ok.txt").read_text() == "Thank you for your order.\n"
    assert not list(tmp_path.glob("*.tmp")) and not list((tmp_path / "out").iterdir())
    assert (tmp_path / "docs" / "README.md").read_text() == "Thank you for reading.\n"


def test_dash_as_output_is_stdout(tmp_path):
    (tmp_path / "ok.txt").write_text("Thank you for your order.\n")
    proc = run("audit", "ok.txt", "--no-cache", "--format", "json", "-o", "-", cwd=tmp_path)
    assert proc.returncode == 0 and json.loads(proc.stdout)["summary"]["documents"] == 1
    assert not (tmp_path / "-").exists()


def test_a_file_reached_twice_is_audited_once(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "ok.txt").write_text("Thank you for your order.\n")
    proc = run(
        "audit",
        "site/ok.txt",
        "./site/ok.txt",
        "site",
        "--format",
        "json",
        "--no-cache",
        cwd=tmp_path,
    )
    report = json.loads(proc.stdout)
    assert [d["path"] for d in report["documents"]] == ["site/ok.txt"]
    assert report["summary"]["documents"] == 1


def test_config_shows_only_values_audit_would_accept(tmp_path):
    proc = run("config", "--fail-under", "500", cwd=tmp_path)
    assert proc.returncode == 2 and "--fail-under must be between 0 and 100" in proc.stderr
    (tmp_path / "loveaudit.toml").write_text("fail-under = true\n")
    proc = run("audit", "x.txt", cwd=tmp_path)
    assert proc.returncode == 2 and "fail-under: must be a number from 0 to 100" in proc.stderr


def test_text_output_never_sends_the_inputs_control_characters_to_the_terminal(tmp_path):
    name = "evil\x1b[2Jname.txt"
    (tmp_path / name).write_text("We are the \x1b[31mleading\x07 provider of widgets.\n")
    proc = run("audit", name, "--no-cache", "--color", "never", "--fail-under", "99", cwd=tmp_path)
    assert "\x1b" not in proc.stdout and "\x07" not in proc.stdout
    assert "evil\\x1b[2Jname.txt" in proc.stdout  # shown, not obeyed
    assert "FAILED" in proc.stdout  # the verdict names the file too
    # an unreadable input is named on stderr, escaped as well
    (tmp_path / "bad\u202eelif.txt").write_bytes(b"\x00\x01binary")
    proc = run("audit", "bad\u202eelif.txt", "--no-cache", cwd=tmp_path)
    assert "bad\\u202eelif.txt: binary file" in proc.stderr and "\u202e" not in proc.stderr


@pytest.mark.parametrize(
    ("data", "outcome"),
    [
        (b"Thank you \xff for your order.", "document-encoding"),  # decoded, with a warning
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    ],
)
def test_bad_bytes_on_stdin_fail_that_input_only(tmp_path, data, outcome):
    (tmp_path / "ok.txt").write_text("Thank you for your order.\n")
    proc = subprocess.run(
        [sys.executable, "-m", "loveaudit.cli", "audit", "ok.txt", "-", "--format", "json"],
        input=data,
        capture_output=True,
        cwd=tmp_path,
        timeout=120,
    )
    report = json.loads(proc.stdout)
    paths = [d["path"] for d in report["documents"]]
    assert "ok.txt" in paths  # the other file is still audited and reported
    if outcome == "binary file":
        assert proc.returncode == 2
        assert "<stdin>: binary file" in proc.stderr.decode()
        assert "Traceback" not in proc.stderr.decode()
    else:
        stdin_doc = report["documents"][paths.index("<stdin>")]
        assert outcome in {f["rule"] for f in stdin_doc["findings"]}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["audit", "x.txt", "--kind", "brochure"], "unknown kind 'brochure'"),
        (["audit", "x.txt", "--fail-under", "120"], "--fail-under must be between 0 and 100"),
        (["audit", "x.txt", "--model", "no_such_pipeline"], "'no_such_pipeline' is not installed"),
        (["audit", "x.txt", "--model", "../x"], "'../x' is not installed"),
        (["audit", "https://[::1"], "https://[::1: not a valid URL"),
        (["audit", "http://"], "http://: a URL needs a host name"),
        (["audit", "--sitemap", "sitemap.xml"], "give the sitemap's http:// or https:// URL"),
        (["audit", "--sitemap", "file:///etc/passwd"], "give the sitemap's http:// or https://"),
    ],
)
def test_usage_errors_exit_2_without_traceback(args, message):
    proc = run(*args)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('brandz = ["Acme"]\n', "loveaudit.toml:1: brandz: unknown key"),
        ("brands = [\n", "not valid TOML"),
        ('[rules.focus-nonsense]\nseverity = "info"\n', "focus-nonsense: unknown rule id"),
        ("[rules.focus-ratio]\nmin_customer_share = 3\n", "min_customer_share"),
        ('[kinds]\n"a/**" = "brochure"\n', "unknown kind 'brochure'"),
        (
            '[rules.focus-acter]\nseverity = "info"\n',
            "rules.focus-acter: unknown rule id 'focus-acter' (did you mean 'focus-actor'?)",
        ),
        (
            '[suppress]\nfocus-ratoi = ["Dear Sir"]\n',
            "unknown rule id 'focus-ratoi' (did you mean 'focus-ratio'?)",
        ),
    ],
)
def test_bad_configuration_exits_2_naming_file_and_key(site, body, message):
    (site / "loveaudit.toml").write_text(body)
    proc = run("audit", str(site))
    assert proc.returncode == 2
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr


def test_config_is_found_by_walking_up_and_brands_count_as_business(site):
    (site / "loveaudit.toml").write_text('brands = ["Widgetco"]\n')
    sub = site / "pages"
    sub.mkdir()
    (sub / "p.txt").write_text(
        "Widgetco makes widgets. Widgetco ships widgets. "
        "Widgetco sells widgets. Widgetco is great.\n"
    )
    doc = json.loads(run("audit", str(sub), "--format", "json").stdout)["documents"][0]
    assert doc["metrics"]["focus-ratio.business_self_talk"]["value"] == 4


def test_rules_lists_every_rule_and_shows_one():
    listing = run("rules")
    assert listing.returncode == 0
    for rule_id in (
        "focus-ratio",
        "focus-actor",
        "focus-history",
        "focus-bragging",
        "focus-feature-no-benefit",
    ):
        assert rule_id in listing.stdout
    shown = run("rules", "focus-actor")
    assert "## Why" in shown.stdout and "## How to fix" in shown.stdout
    assert run("rules", "no-such-rule").returncode == 2


def test_a_misspelt_rule_id_gets_the_rule_it_was_meant_to_be():
    proc = run("rules", "focus-acter")
    assert proc.returncode == 2
    assert "no rule 'focus-acter' (did you mean 'focus-actor'?)" in proc.stderr
    far = run("rules", "no-such-rule")  # nothing close: pointed at the list instead
    assert "did you mean" not in far.stderr and "`loveaudit rules`" in far.stderr


def test_text_output_ends_with_the_touch_point_ledger(site):
    proc = run("audit", str(site))
    ledger_line = [line for line in proc.stdout.splitlines() if line.startswith("touch points:")]
    assert len(ledger_line) == 1 and "target 10 : 1" in ledger_line[0]


def test_rules_params_lists_readability_thresholds_per_kind():
    proc = run("rules", "--params")
    assert proc.returncode == 0
    block = proc.stdout.split("readability-grade", 1)[1].split("readability-hard")[0]
    assert "web: severity=warning, min_words=100, max_grade=8, zero_grade=14" in block
    assert "hold: severity=warning, min_words=100, max_grade=7" in block
    for rule_id in (
        "readability-hard-sentence",
        "readability-long-sentence",
        "readability-passive",
        "readability-plain-words",
        "readability-seven-seconds",
        "hold-spoken-length",
    ):
        assert rule_id in proc.stdout


def test_output_file_is_written(tmp_path, site):
    out = tmp_path / "out" / "report.json"
    assert main(["audit", str(site), "--format", "json", "--output", str(out)]) == 0
    assert json.loads(out.read_text())["summary"]["documents"] == 2


@pytest.mark.parametrize(
    ("fmt", "unbuffered", "start"),
    [
        ("jsonl", "", b'{"type":"document"'),
        ("jsonl", "1", b'{"type":"document"'),
        # a whole report in one write: with PYTHONUNBUFFERED the pipe takes only part of
        # it, which must not pass as a finished run
        ("json", "1", b"{"),
        ("json", "", b"{"),
    ],
)
def test_a_reader_that_stops_early_ends_the_run_quietly(tmp_path, fmt, unbuffered, start):
    # `loveaudit audit site/ --format jsonl | head`: no traceback, no "internal error",
    # and the status a command stopped by SIGPIPE has
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    if unbuffered:
        env["PYTHONUNBUFFERED"] = unbuffered
    proc = subprocess.Popen(
        [sys.executable, "-m", "loveaudit.cli", "audit", str(SAMPLES), "--format", fmt],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        env=env,
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.read(200).startswith(start)
    proc.stdout.close()  # the reader goes away with most of the output unread
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 141
    assert "Traceback" not in stderr and "internal error" not in stderr
    assert "Exception ignored" not in stderr


def test_stdin_replaced_by_a_text_stream_is_read_as_text(monkeypatch):
    # a program embedding loveaudit may hand it a text stream as stdin
    from loveaudit.sources import read_stdin

    monkeypatch.setattr(sys, "stdin", io.StringIO("Thank you for your order."))
    assert read_stdin().text == "Thank you for your order."


def test_a_bad_rule_setting_is_named_by_its_line_in_the_configuration(tmp_path):
    (tmp_path / "loveaudit.toml").write_text(
        '# site\nbrands = ["Acme"]\n\n[rules.focus-ratio]\nseverity = "info"\n'
        'min_customer_share = "abc"\n\n[rules.ease-no-way-to-pay.invoice]\nnot_when = ["nope"]\n'
    )
    (tmp_path / "ok.txt").write_text("Thank you.\n")
    proc = run("audit", "ok.txt", cwd=tmp_path)
    assert proc.returncode == 2
    assert "loveaudit.toml:6: rules.focus-ratio.min_customer_share: " in proc.stderr
    assert "loveaudit.toml:9: rules.ease-no-way-to-pay.invoice.not_when: unknown" in proc.stderr
