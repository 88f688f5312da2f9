"""Streaming a corpus (JSON Lines, totals only) and the Dask path, byte for byte."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import SAMPLE_COUNT, SAMPLES
from loveaudit import Auditor
from loveaudit.gates import GateCheck, Gates
from loveaudit.model import DocumentSummary, Totals
from test_cli import run


def _lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def test_jsonl_has_a_line_per_document_then_errors_then_the_summary(tmp_path: Path):
    site = tmp_path / "site"
    shutil.copytree(SAMPLES, site)
    (site / "broken.txt").write_bytes(b"\x00\x01" * 40)
    proc = run("audit", str(site), "--format", "jsonl", "--no-cache")
    lines = _lines(proc.stdout)
    assert [line["type"] for line in lines] == ["document"] * SAMPLE_COUNT + ["error", "summary"]
    assert lines[-2]["path"].endswith("broken.txt")
    summary = lines[-1]
    whole = json.loads(run("audit", str(site), "--format", "json", "--no-cache").stdout)
    assert summary["summary"] == whole["summary"]  # the totals equal the full report's
    assert lines[0] == {"type": "document", **whole["documents"][0]}
    assert summary["verdict"]["passed"] is False and proc.returncode == 2


def test_streamed_and_rendered_jsonl_are_the_same_bytes(tmp_path: Path):
    streamed = run("audit", str(SAMPLES / "hold"), "--format", "jsonl", "--no-cache").stdout
    out = tmp_path / "r.jsonl"
    run(
        "audit",
        str(SAMPLES / "hold"),
        "--format",
        f"jsonl:{out}",
        "--format",
        "text",
        "--no-cache",
    )
    assert out.read_text() == streamed


def test_totals_of_separate_batches_equal_the_whole(auditor: Auditor):
    results = list(auditor.audit_paths([str(SAMPLES / "web"), str(SAMPLES / "email")]))
    report = auditor.report(results)
    totals = Totals()
    for result in results:
        totals.add(result)
    assert totals.as_dict() == report.summary()


def test_gates_on_summaries_decide_as_on_results(auditor: Auditor):
    # what a Dask worker sends back instead of a result must gate the same way
    results = [r for r in auditor.audit_paths([str(SAMPLES)]) if hasattr(r, "findings")]
    gates = Gates(fail_under=80, fail_on="warning", dimensions={"tone": 75}, kinds={"hold": 60})
    on_results, on_summaries = GateCheck(gates), GateCheck(gates)
    for result in results:
        on_results.add(result, result.findings)
        on_summaries.add_summary(DocumentSummary.of(result))
    assert on_summaries.verdict() == on_results.verdict()
    assert not on_results.verdict().passed  # the cold samples fail these gates


def test_a_streamed_run_holds_no_documents(monkeypatch, capsys):
    """The streaming path keeps totals, never results: a DocumentResult is dropped as soon
    as its line is written."""
    import gc
    import weakref

    from loveaudit import cli

    alive: list[weakref.ref] = []
    real = cli.jsonl.document_line

    def spy(doc):
        alive.append(weakref.ref(doc))
        return real(doc)

    monkeypatch.setattr(cli.jsonl, "document_line", spy)
    cli.main(["audit", str(SAMPLES / "web"), "--format", "jsonl", "--no-cache"])
    gc.collect()
    assert len(alive) == 8  # the web samples
    assert sum(ref() is not None for ref in alive) <= 1  # at most the last one in flight


@pytest.mark.slow
def test_dask_local_cluster_equals_jobs_1_byte_for_byte(tmp_path: Path):
    pytest.importorskip("distributed")
    for fmt in ("json", "jsonl"):
        local = run("audit", str(SAMPLES), "--format", fmt, "--no-cache", "--jobs", "1")
        dask = run(
            "audit",
            str(SAMPLES),
            "--format",
            fmt,
            "--no-cache",
            "--scheduler",
            "dask",
            "--jobs",
            "2",
        )
        assert dask.returncode == local.returncode, dask.stderr
        assert dask.stdout == local.stdout, fmt
    # JSON Lines alone: the workers render the lines; the gates still see every document
    gated = ("--format", "jsonl", "--no-cache", "--fail-under", "85", "--fail-on", "warning")
    local = run("audit", str(SAMPLES), *gated, "--jobs", "1")
    dask = run("audit", str(SAMPLES), *gated, "--scheduler", "dask", "--jobs", "2")
    assert local.returncode == dask.returncode == 1
    assert dask.stdout == local.stdout
    verdict = [line for line in local.stderr.splitlines() if "FAILED" in line]
    assert verdict and verdict == [line for line in dask.stderr.splitlines() if "FAILED" in line]


def test_audit_bag_in_the_library(tmp_path: Path):
    db = pytest.importorskip("dask.bag")
    from loveaudit.config import load_config
    from loveaudit.distributed import audit_bag

    config = load_config(SAMPLES / "loveaudit.toml")
    paths = sorted(str(p) for p in (SAMPLES / "invoice").glob("*.txt"))
    bag = audit_bag(db.from_sequence(paths, partition_size=1), config)
    results = bag.compute(scheduler="synchronous")
    local = list(Auditor(config).audit_paths(paths))
    assert results == local


@pytest.mark.slow
def test_a_bad_scheduler_is_a_clear_error():
    proc = run("audit", str(SAMPLES / "web"), "--scheduler", "ftp://nowhere", "--no-cache")
    assert proc.returncode == 2 and "--scheduler is dask" in proc.stderr
    proc = run("audit", str(SAMPLES / "web"), "--scheduler", "tcp://127.0.0.1:9", "--no-cache")
    assert proc.returncode == 2 and "cannot reach the Dask scheduler" in proc.stderr


class _FakeFuture:
    def __init__(self, client: _FakeClient, partition: list[str]) -> None:
        self.client, self.partition = client, partition

    def result(self) -> list[str]:
        return self.partition

    def release(self) -> None:
        self.client.in_flight -= 1


class _FakeClient:
    """Records what the Dask client is asked to compute, and how much is in flight."""

    def __init__(self) -> None:
        self.priorities: list[int] = []
        self.in_flight = self.most_in_flight = 0

    def compute(self, partition: list[str], priority: int) -> _FakeFuture:
        self.priorities.append(priority)
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        return _FakeFuture(self, partition)


def test_dask_partitions_run_first_to_last_a_window_at_a_time():
    # Dask alone runs independent partitions last-first, so the first result, which must
    # be written first, would come last and every other result would wait in memory
    from loveaudit.distributed import _in_order

    client = _FakeClient()
    partitions = [[f"doc{p}.{i}" for i in range(3)] for p in range(50)]
    stream = _in_order(lambda i, paths: client.compute(paths, -i), partitions, window=8)
    assert next(stream) == "doc0.0"
    assert client.in_flight <= 9  # not the whole corpus submitted at once
    rest = list(stream)
    assert ["doc0.0", *rest] == [doc for partition in partitions for doc in partition]
    assert client.priorities == [-p for p in range(50)]  # earlier partitions go first
    # the window ahead of the partition being read, and nothing left behind
    assert client.most_in_flight == 9 and client.in_flight == 0


def test_partition_sizes_are_those_docs_scale_gives():
    from loveaudit.distributed import auto_partition_size

    assert auto_partition_size(20_000, 2) == 256  # 79 tasks on our two workers
    assert auto_partition_size(100_000, 64) == 49  # a 64-thread cluster
    assert auto_partition_size(10, 2) == 32  # never fewer per task
