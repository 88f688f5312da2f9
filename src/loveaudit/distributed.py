"""Auditing on Dask, when one machine is not enough.

Paths become a Dask bag, partitioned; each partition is audited on a worker by an auditor
the worker builds once (the rule packs and the spaCy pipeline load once per worker
process, not per task) and keeps for every later partition. Partitions come back in
order, so the results, and every report made from them, are byte-identical to a local
``--jobs 1`` run. The corpus summary is reduced on the client from the streamed results
(model.Totals), so no worker or client holds the corpus.

Dask is optional: ``pip install 'loveaudit[dask]'``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from loveaudit.config import Config
from loveaudit.model import DocumentResult, DocumentSummary, InputError, Rendered

if TYPE_CHECKING:
    import dask.bag

PARTITION_SIZE = 32  # documents per task: large enough to hide the per-task overhead
INSTALL = "install the dask extra: pip install 'loveaudit[dask]'"


class DaskUnavailable(Exception):
    """Dask is not installed, or the scheduler cannot be reached."""


def _require() -> None:
    try:
        import dask.bag  # noqa: F401
        import distributed  # noqa: F401
    except ImportError:
        raise DaskUnavailable(f"--scheduler needs Dask: {INSTALL}") from None


def _audit_partition(
    paths: Iterable[str],
    config: Config,
    model: str | None,
    kind: str | None,
    keep_text: bool,
    rendered: bool = False,
) -> list[DocumentResult | Rendered | InputError]:
    from loveaudit.runner import audit_file, worker_auditor

    auditor = worker_auditor(config, model, kind)
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
        _audit_partition, config or Config(), model, kind, keep_text, rendered
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
    partition_size: int = PARTITION_SIZE,
    rendered: bool = False,
) -> Iterator[DocumentResult | Rendered | InputError]:
    """Results in the order of ``paths``, streamed partition by partition (`Rendered`
    documents with ``rendered``, see `audit_bag`).

    ``scheduler`` is "dask" (a LocalCluster of ``workers`` processes, one thread each) or
    the address of a running scheduler ("tcp://host:8786").
    """
    _require()
    from distributed import Client, LocalCluster

    cluster = None
    try:
        if scheduler == "dask":
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
        bag = audit_bag(
            paths,
            config,
            model=model,
            kind=kind,
            keep_text=keep_text,
            partition_size=partition_size,
            rendered=rendered,
        )
        futures = client.compute(bag.to_delayed())
        for future in futures:
            yield from future.result()
            future.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
