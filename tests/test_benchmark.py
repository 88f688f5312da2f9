"""The throughput benchmark runs end to end on a small corpus and reports what it claims:
its figures are what the closing notes and docs/scale.md quote."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

from loveaudit.sources import expand

ROOT = Path(__file__).resolve().parent.parent


def _benchmark():
    spec = importlib.util.spec_from_file_location("throughput", ROOT / "benchmarks/throughput.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_benchmark_times_real_files_and_splits_the_audit(tmp_path, capsys):
    corpus = tmp_path / "copy"
    shutil.copytree(ROOT / "samples", corpus)
    (corpus / "web" / "broken.txt").write_bytes(b"\x00\x01binary")  # skipped, by name
    out = tmp_path / "figures.json"
    args = ["--corpus", str(corpus), "--repeats", "1", "--no-memory", "--no-long-doc"]
    module = _benchmark()
    assert module.main([*args, "--breakdown", "--json", str(out)]) == 0
    figures = json.loads(out.read_text(encoding="utf-8"))
    t = figures["throughput"]
    assert figures["corpus"] == str(corpus)
    assert t["documents"] == len(list(expand([str(ROOT / "samples")])))  # every reader's files
    assert t["words"] > 5000 and t["distinct_chunks"] > 1000 and t["findings"] > 0
    assert t["ratio_audit_to_floor"] == t["floor_median_seconds"] / t["audit_median_seconds"]
    b = figures["breakdown"]
    checks = b["checks_seconds"]
    # every check type that runs is timed, and inside the whole audit: their sum is part of
    # its time (timers nested in one run, not two runs' wall clocks raced, which a stall flips)
    assert "negative_sentences" in checks and "appreciation" in checks
    assert all(seconds > 0 for seconds in checks.values())
    assert sum(checks.values()) < b["audit_seconds"]
    assert b["framework_seconds"] > 0 and b["floor_seconds"] > 0
    shown = capsys.readouterr()
    assert "broken.txt" in shown.err and "with no checks" in shown.out
