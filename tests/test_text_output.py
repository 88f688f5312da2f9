"""The text output a person reads first: the verdict on top of what to fix, not a wall."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from test_ci_outputs import COLD
from test_cli import run


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "cold.txt").write_text(COLD)
    return tmp_path


def _listed(stdout: str, severity: str) -> list[str]:
    return [
        line
        for line in stdout.splitlines()
        if line.startswith("  ") and line.split()[1:2] == [severity]
    ]


def test_default_lists_warnings_and_errors_and_counts_the_info(site):
    report = json.loads(run("audit", str(site), "--format", "json").stdout)
    counts = report["summary"]["findings"]
    assert counts["info"] and counts["warning"]  # the copy has both, so the test can tell
    proc = run("audit", str(site))
    assert proc.returncode == 0
    lines = proc.stdout.splitlines()
    assert len(_listed(proc.stdout, "warning")) == counts["warning"]
    assert len(_listed(proc.stdout, "error")) == counts["error"]
    assert not _listed(proc.stdout, "info")
    # one line per document, with its counts, and what was left out said once, above the
    # summary and the verdict, which stay last
    header = next(line for line in lines if line.startswith(str(site / "cold.txt")))
    assert f"{counts['error']} error(s), {counts['warning']} warning(s) " in header
    assert f"({counts['info']} info not shown)" in header
    assert lines[-4].startswith("1 document(s)")
    assert lines[-2] == (
        f"{counts['info']} info finding(s) not listed: add --verbose "
        "(or --min-severity info) to see them"
    )
    assert lines[-1].startswith("PASSED")


@pytest.mark.parametrize("option", [["--verbose"], ["-v"], ["--min-severity", "info"]])
def test_verbose_lists_info_findings_and_dimensions(site, option):
    report = json.loads(run("audit", str(site), "--format", "json").stdout)
    proc = run("audit", str(site), *option)
    assert len(_listed(proc.stdout, "info")) == report["summary"]["findings"]["info"]
    assert "  dimensions: " in proc.stdout and "not listed" not in proc.stdout


def test_min_severity_error_counts_warnings_too(site):
    proc = run("audit", str(site), "--min-severity", "error")
    assert not _listed(proc.stdout, "warning")
    assert "warning(s) and " in proc.stdout.splitlines()[-2]


def test_findings_new_against_the_baseline_are_marked(site, tmp_path):
    baseline = tmp_path / "baseline.json"
    proc = run("audit", str(site), "--kind", "email", "--write-baseline", str(baseline))
    documents = json.loads(baseline.read_text())["documents"].values()
    recorded = sum(len(d["findings"]) for d in documents)
    assert recorded
    assert f"wrote the baseline {baseline}: {recorded} finding(s) in 1 document(s)" in proc.stderr
    with (site / "cold.txt").open("a") as f:
        f.write("Please be advised that we value your custom.\n")
    proc = run("audit", str(site), "--kind", "email", "--baseline", str(baseline))
    assert proc.returncode == 1
    cold = [line for line in proc.stdout.splitlines() if "tone-cold-phrases" in line]
    added = [line for line in cold if "Please be advised that" in line]
    kept = [line for line in cold if "We acknowledge receipt of" in line]
    assert added and all(line.endswith("tone-cold-phrases  [new]") for line in added)
    assert kept and not any(line.endswith("[new]") for line in kept)
