"""Auditing on Dask, when one machine is not enough.

Paths are cut into partitions, one task each (`audit_bag` does the same for a Dask bag a
program already has); each partition is audited on a worker by an auditor the worker
builds once (the rule packs and the spaCy pipeline load once per worker process, not per
task) and keeps for every later partition. Partitions come back in order, so the results,
and every report made from them, are byte-identical to a local ``--jobs 1`` run. The
corpus summary is reduced on the client from the streamed results (model.Totals), so no
worker or client holds the corpus.

Left to itself, Dask's scheduler runs independent tasks last-first, so the first
partition, which the client must write first, would be done last: every result would wait
in worker memory and the client's share of the work would start when the workers' ends.
So `run_on_dask` submits partitions a window at a time, each with a priority by its
position: the cluster works in input order, the client writes while the workers audit,
and the results in flight stay within the window (and the partition being read), however
large the corpus.

Dask is optional: the `dask` extra (see extras.py for how to add it).
"""

from __future__ import annotations

import itertools
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from loveaudit.config import Config
from loveaudit.extras import needs_extra
from loveaudit.model import DocumentResult, DocumentSummary, InputError, Rendered

if TYPE_CHECKING:
    import dask.bag

# Documents per task. Dask spends about a millisecond of scheduler time per task and more
# to ship each result, so a task should carry many documents; but every worker thread
# needs several tasks to share the corpus evenly. run_on_dask aims at PARTITIONS_PER_THREAD
# tasks for each thread, within these bounds; audit_bag takes the bag's own partitions.
PARTITION_SIZE = 32
MAX_PARTITION_SIZE = 256
PARTITIONS_PER_THREAD = 32
IN_FLIGHT = 4  # partitions submitted ahead per worker thread: enough to keep each busy
# A LocalCluster of our own runs one batch job with no dashboard, so the diagnostics that
# feed the dashboard are turned off: the statistical profiler samples the running task's
# stack every 10 ms and the GIL monitor polls every 1 ms, which costs the workers CPU.
LOCAL_CLUSTER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.system-monitor.gil.enabled": False,
}


class DaskUnavailable(Exception):
    """Dask is not installed, or the scheduler cannot be reached."""


def _require() -> None:
    try:
        import dask.bag  # noqa: F401
        import distributed  # noqa: F401
    except ImportError:
        raise DaskUnavailable(needs_extra("dask", "--scheduler (Dask)")) from None


def _audit_partition(
    paths: Iterable[str],
    config: Config,
    model: str | None,
    kind: str | None,
    keep_text: bool,
    rendered: bool = False,
    purpose: str | None = None,
) -> list[DocumentResult | Rendered | InputError]:
    from loveaudit.runner import audit_file, worker_auditor

    auditor = worker_auditor(config, model, kind, purpose)
    with auditor.memory_zone():  # a partition's new words are forgotten after it
        results = [audit_file(auditor, path, keep_text, config.limits) for path in paths]
    if not rendered:
        return results
    from loveaudit.report.jsonl import document_line

    return [
        Rendered(document_line(r), DocumentSummary.of(r)) if isinstance(r, DocumentResult) else r
        for r in results
    ]


def audit_bag(
    paths: Iterable[str] | dask.bag.Bag,
    config: Config | None = None,
    *,
    model: str | None = None,
    kind: str | None = None,
    keep_text: bool = False,
    partition_size: int = PARTITION_SIZE,
    rendered: bool = False,
    purpose: str | None = None,
) -> dask.bag.Bag:
    """A lazy bag of results (DocumentResult or InputError), in the order of ``paths``.

    ``paths`` may be a list of file paths or a Dask bag of them. With ``rendered``, each
    document comes back as `Rendered` (its JSON Lines line and its summary) instead: far
    less to send back and nothing left for the client to render.
    """
    _require()
    import dask.bag as db

    bag = (
        paths
        if isinstance(paths, db.Bag)
        else db.from_sequence(list(paths), partition_size=max(1, partition_size))
    )
    return bag.map_partitions(
        _audit_partition, config or Config(), model, kind, keep_text, rendered, purpose
    )


def run_on_dask(
    paths: list[str],
    config: Config,
    *,
    scheduler: str,
    workers: int = 2,
    model: str | None = None,
    kind: str | None = None,
    keep_text: bool = False,
    partition_size: int | None = None,
    rendered: bool = False,
    purpose: str | None = None,
) -> Iterator[DocumentResult | Rendered | InputError]:
    """Results in the order of ``paths``, streamed partition by partition (`Rendered`
    documents with ``rendered``, see `audit_bag`).

    ``scheduler`` is "dask" (a LocalCluster of ``workers`` processes, one thread each) or
    the address of a running scheduler ("tcp://host:8786"). ``partition_size`` (documents
    per task) is chosen from the corpus and the cluster's threads when not given.
    """
    _require()
    import dask
    from distributed import Client, LocalCluster

    cluster = None
    try:
        if scheduler == "dask":
            with dask.config.set(LOCAL_CLUSTER_CONFIG):
                cluster = LocalCluster(
                    n_workers=max(1, workers),
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                )
            client = Client(cluster)
        else:
            client = Client(scheduler, timeout="10s")
    except OSError as exc:
        raise DaskUnavailable(f"cannot reach the Dask scheduler {scheduler}: {exc}") from None
    try:
        paths = list(paths)
        threads = sum(client.nthreads().values()) or 1
        size = max(1, partition_size or auto_partition_size(len(paths), threads))
        partitions = [paths[i : i + size] for i in range(0, len(paths), size)]
        # one task per partition, holding just its paths: the graph of a bag would carry
        # every path to every task submitted on its own
        run = uuid.uuid4().hex

        def submit(index: int, chunk: list[str]):
            return client.submit(
                _audit_partition,
                chunk,
                config,
                model,
                kind,
                keep_text,
                rendered,
                purpose,
                key=f"loveaudit-{run}-{index}",
                priority=-index,
            )

        yield from _in_order(submit, partitions, IN_FLIGHT * threads)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def auto_partition_size(documents: int, threads: int) -> int:
    """Documents per task for a corpus on a cluster of ``threads`` worker threads."""
    wanted = -(-documents // (threads * PARTITIONS_PER_THREAD))  # rounded up
    return min(MAX_PARTITION_SIZE, max(PARTITION_SIZE, wanted))


def _in_order(
    submit: Callable[[int, list[str]], Any], partitions: list[list[str]], window: int
) -> Iterator[DocumentResult | Rendered | InputError]:
    """Each partition's results in turn, with ``window`` partitions submitted ahead of the
    one being read; ``submit(index, paths)`` gives earlier partitions the higher priority
    (see the module doc)."""
    pending: deque = deque()
    upcoming = iter(enumerate(partitions))
    for index, chunk in itertools.islice(upcoming, window):
        pending.append(submit(index, chunk))
    while pending:
        future = pending.popleft()
        for index, chunk in itertools.islice(upcoming, 1):  # keep the window full
            pending.append(submit(index, chunk))
        results = future.result()
        future.release()
        yield from results
