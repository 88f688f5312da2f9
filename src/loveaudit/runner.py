"""Running an audit over files: the result cache and parallel processes.

A CI job audits the same site on every push, and most pages did not change. Each file's
result is cached under a key made of everything that decides it: the file's bytes and path,
the effective configuration, the rule packs, the loveaudit version, the pipeline, the kind
given on the command line. A re-run on an unchanged site reads every result from the cache
and never loads spaCy. Misses are audited in this process or, with ``jobs`` > 1, in worker
processes that each load the pipeline once; results come back in file order, so the output
is the same byte for byte whatever ``jobs`` is.

The cache holds JSON, not pickles: a cache folder committed by someone else must never be
able to run code. Nor can it change a result: see `Cache` for what the cache trusts.
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import functools
import hashlib
import hmac
import importlib.metadata
import itertools
import json
import os
import secrets
import signal
import sys
import threading
import time
import types
import typing
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import orjson
import spacy

from loveaudit import __version__
from loveaudit.atomic import create_new, read_regular, replacing
from loveaudit.auditor import Auditor, zones
from loveaudit.config import Config
from loveaudit.document import Document
from loveaudit.errors import SourceError
from loveaudit.limits import Limits, TimeLimitExceeded, deadline
from loveaudit.model import DocumentResult, InputError, Rendered, Report
from loveaudit.nlp import MODEL_ENV
from loveaudit.packs import builtin_rules_dir
from loveaudit.sources import load_bytes, read_path, read_stdin

CACHE_DIR = Path(".loveaudit_cache")
WINDOW = 1024  # files planned at a time in one process
_CACHE_FORMAT = 2  # 2: entries signed with the cache's secret
_SECRET = "secret"  # the file in the cache folder that holds it
_SECRET_BYTES = 32
_MAX_ENTRY_BYTES = 1 << 28  # past this, a file at an entry's name is not one of ours


# -- results as JSON ------------------------------------------------------------------------
def result_to_json(result: DocumentResult) -> str:
    """A result as compact JSON. orjson reads the dataclasses directly, where
    ``dataclasses.asdict`` deep-copies every field first (most of a cold-cache run's
    time went there); a file name that is not valid UTF-8 (a lone surrogate, which orjson
    refuses) is written with ASCII escapes by the standard library, and round-trips."""
    try:
        return orjson.dumps(result).decode()
    except TypeError:
        return json.dumps(dataclasses.asdict(result), separators=(",", ":"))


def result_from_json(text: str) -> DocumentResult:
    """A result read back, checked against the result model field by field: JSON of any
    other shape raises ValueError, never a result that would fail later in a renderer."""
    return _reader(DocumentResult)(json.loads(text))


def _wrong(value: Any, what: str) -> ValueError:
    return ValueError(f"{value!r:.40} is not {what}")


@functools.cache
def _reader(hint: Any) -> Callable[[Any], Any]:
    """A function that turns JSON data into the type ``hint`` names, or raises ValueError;
    built once per type, since every cache hit reads every field of a result."""
    origin = typing.get_origin(hint)
    if origin is types.UnionType or origin is typing.Union:
        if all(option in _PLAIN for option in typing.get_args(hint)):
            return _plain(*typing.get_args(hint))
        options = [_reader(option) for option in typing.get_args(hint)]

        def union(value: Any) -> Any:
            for option in options:
                try:
                    return option(value)
                except ValueError:
                    continue
            raise _wrong(value, str(hint))

        return union
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) != 2 or args[1] is not Ellipsis:
            raise TypeError(f"no reading for {hint}")  # a model field of a new type: a bug
        item = _reader(args[0])

        def items(value: Any) -> Any:
            if not isinstance(value, list):
                raise _wrong(value, "a list")
            return tuple(item(v) for v in value)

        return items
    if origin is dict:
        key, entry = (_reader(arg) for arg in typing.get_args(hint))

        def mapping(value: Any) -> Any:
            if not isinstance(value, dict):
                raise _wrong(value, "an object")
            return {key(k): entry(v) for k, v in value.items()}

        return mapping
    if dataclasses.is_dataclass(hint):
        types_ = typing.get_type_hints(hint)
        fields = {f.name: _reader(types_[f.name]) for f in dataclasses.fields(hint)}
        required = {
            f.name
            for f in dataclasses.fields(hint)
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        }

        order = tuple(fields.items())

        def instance(value: Any) -> Any:
            if not isinstance(value, dict):
                raise _wrong(value, f"a {hint.__name__}")
            if len(value) == len(order):  # every field, as the cache writes them
                try:
                    return hint(*[read(value[name]) for name, read in order])
                except KeyError:
                    raise _wrong(value, f"a {hint.__name__}") from None
            if not required <= value.keys() <= fields.keys():
                raise _wrong(value, f"a {hint.__name__}")
            return hint(**{k: fields[k](v) for k, v in value.items()})

        return instance
    if hint not in _PLAIN:
        raise TypeError(f"no reading for {hint}")
    return _plain(hint)


# JSON writes 2.0 as 2.0, and an int in a float field stays the int it was
_PLAIN = {float: (int, float), int: (int,), str: (str,), bool: (bool,), type(None): (type(None),)}


def _plain(*hints: type) -> Callable[[Any], Any]:
    kinds = tuple(kind for hint in hints for kind in _PLAIN[hint])
    no_bool = bool not in hints  # True is an int to Python, not to the result model
    what = " or ".join(hint.__name__ for hint in hints)

    def plain(value: Any) -> Any:
        if isinstance(value, kinds) and not (no_bool and value.__class__ is bool):
            return value
        raise _wrong(value, what)

    return plain


# -- cache keys -----------------------------------------------------------------------------
def _packs_digest(config: Config) -> str:
    digest = hashlib.sha256()
    for folder in (builtin_rules_dir(), *config.packs):
        folder = Path(folder)
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(folder)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def settings_key(
    config: Config,
    model: str | None,
    kind: str | None,
    keep_text: bool,
    purpose: str | None = None,
) -> str:
    """Everything besides the file that decides a result."""
    settings = {
        "format": _CACHE_FORMAT,
        "loveaudit": __version__,
        "model": _model_version(model or os.environ.get(MODEL_ENV) or config.model),
        "spacy": spacy.__version__,
        "kind": kind,
        "purpose": purpose,
        "keep_text": keep_text,
        "config": repr(dataclasses.replace(config, origins={})),
        "packs": _packs_digest(config),
    }
    return hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()


def _model_version(model: str | None) -> str:
    """The pipeline with its version: an upgraded model must not reuse old results."""
    if not model or model == "builtin":
        return "builtin"
    try:
        return f"{model}=={importlib.metadata.version(model.replace('_', '-'))}"
    except importlib.metadata.PackageNotFoundError:
        meta = Path(model) / "meta.json"
        return f"{model}@{meta.stat().st_mtime_ns if meta.is_file() else 'unknown'}"


class Cache:
    """Results on disk, one JSON file per key; an entry that is not exactly one this cache
    wrote is a miss, never an error and never a result.

    What the cache trusts is its secret alone: 32 random bytes in the file ``secret`` in
    the cache folder, created exclusively (never through a planted link) and readable by
    its owner only. Each entry carries an HMAC-SHA256, under the secret, of its key, the
    pipeline and the result; an entry is used only if that HMAC matches and the result
    has the shape of the result model. So whoever can write into the folder but not read
    the secret (a pull request that commits a cache folder, another user of a shared
    runner) can neither forge a result nor move one to another document: at worst, every
    entry is a miss and the run audits everything. A secret file that others may read or
    that another user owns is no secret; it is replaced, and every entry made under it
    becomes a miss. Whoever can read the secret can forge entries, as can whoever can
    change the loveaudit installation itself.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._secret: bytes | None = None

    def _path(self, key: str) -> Path:
        return self.folder / f"v{_CACHE_FORMAT}" / key[:2] / f"{key}.json"

    def get(self, key: str) -> tuple[str, DocumentResult] | None:
        """The pipeline that made the result, and the result."""
        secret = self._secret or self._read_secret()
        if secret is None:
            return None
        try:
            entry = read_regular(self._path(key), _MAX_ENTRY_BYTES).decode("utf-8")
            signature, pipeline, body = entry.split("\n", 2)
            if not hmac.compare_digest(signature, _sign(secret, key, pipeline, body)):
                return None
            return pipeline, result_from_json(body)
        except (OSError, ValueError, RecursionError):
            return None

    def put(self, key: str, pipeline: str, result: DocumentResult) -> None:
        try:
            secret = self._secret or self._make_secret()
            body = result_to_json(result)
            with replacing(self._path(key), newline="") as file:  # the bytes signed
                file.write(f"{_sign(secret, key, pipeline, body)}\n{pipeline}\n{body}")
            gitignore = self.folder / ".gitignore"
            if not os.path.lexists(gitignore):
                with open(create_new(gitignore), "w", encoding="utf-8") as file:
                    file.write("# created by loveaudit: results cache\n*\n")
        except (OSError, ValueError):
            pass  # a read-only checkout still audits; it just cannot remember

    def _read_secret(self) -> bytes | None:
        """This cache's secret, if it has one that is still a secret."""
        try:
            secret = read_regular(self.folder / _SECRET, _SECRET_BYTES, private=True)
        except OSError:
            return None
        if len(secret) == _SECRET_BYTES:
            self._secret = secret
        return self._secret

    def _make_secret(self) -> bytes:
        """The secret, made if there is none (or none others cannot read): written to a
        new file first and linked into place, so a reader never sees half of it, and a
        second process making one at the same time keeps the first one made."""
        secret = self._read_secret()
        if secret is not None:
            return secret
        path = self.folder / _SECRET
        with contextlib.suppress(FileNotFoundError):
            path.unlink()  # not a secret: someone else's, or readable by others
        self.folder.mkdir(parents=True, exist_ok=True)
        draft = self.folder / f".{_SECRET}.{secrets.token_hex(8)}.tmp"
        descriptor = create_new(draft, 0o600)
        try:
            with open(descriptor, "wb") as file:
                file.write(secrets.token_bytes(_SECRET_BYTES))
            os.link(draft, path)
        except FileExistsError:
            pass  # another process made one meanwhile: theirs is read below
        finally:
            draft.unlink()
        secret = self._read_secret()
        if secret is None:
            raise OSError(f"cannot keep a secret in {self.folder}")
        return secret


def _sign(secret: bytes, key: str, pipeline: str, body: str) -> str:
    message = f"{key}\n{pipeline}\n{body}".encode("utf-8", "surrogateescape")
    return hmac.new(secret, message, "sha256").hexdigest()


# -- workers --------------------------------------------------------------------------------
# One auditor per worker process and settings, built on first use and reused for every
# later file: process-pool workers and Dask workers alike load the pipeline once.
_AUDITORS: dict[str, Auditor] = {}
_worker: tuple[Auditor, bool, Limits] | None = None  # this pool worker's auditor and settings


def worker_auditor(
    config: Config, model: str | None, kind: str | None, purpose: str | None = None
) -> Auditor:
    """This worker process's auditor for these settings."""
    key = repr((config, model, kind, purpose))
    auditor = _AUDITORS.get(key)
    if auditor is None:
        auditor = _AUDITORS[key] = Auditor(config, model=model, kind=kind, purpose=purpose)
    return auditor


def _start_worker(
    config: Config,
    model: str | None,
    kind: str | None,
    keep_text: bool,
    purpose: str | None,
    run: int,
) -> None:
    global _worker
    _end_with_run(run)
    _worker = (worker_auditor(config, model, kind, purpose), keep_text, config.limits)


ORPHAN_CHECK_SECONDS = 1.0
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _end_with_run(run: int) -> None:
    """End this worker process when the run (process ``run``) that started it ends,
    however it ends.

    A worker waits for work on a pipe whose writing end its sibling workers hold too, so
    a run killed by SIGKILL or SIGTERM left its workers waiting for ever. On Linux the
    kernel sends this process SIGKILL when its parent dies; everywhere, a thread checks
    every second that the parent is still this process's parent (an orphan is adopted by
    another process) and that the run is still there. The parent is the run itself, or the
    server that forks workers for it (the "forkserver" start method), which ends with it."""
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # the watchdog below still ends it
    if parent != run and not _alive(run):  # the run ended before this worker began
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent and _alive(run):
            time.sleep(ORPHAN_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="loveaudit-orphan-watch", daemon=True).start()


def _alive(pid: int) -> bool:
    """Whether process ``pid`` exists. Only asked on Unix: Windows' os.kill ends the
    process (and a spawned worker there reads EOF when its parent dies anyway)."""
    if os.name != "posix":
        return True
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, but belongs to someone else
    return True


def _audit_chunk(paths: list[str]) -> list[DocumentResult | InputError]:
    """A pool worker's share: a few files, in one memory zone (Auditor.memory_zone)."""
    assert _worker is not None
    auditor, keep_text, limits = _worker
    with auditor.memory_zone():
        return [audit_file(auditor, path, keep_text, limits) for path in paths]


def audit_file(
    auditor: Auditor, path: str, keep_text: bool, limits: Limits
) -> DocumentResult | InputError:
    """One file's result, or an error that names it: whatever the file holds, never a
    traceback, and never more than the limits' time, reading included (a small packed
    file can take longer to read than to audit)."""
    return _within_limits(
        path,
        lambda: read_path(Path(path), max_bytes=limits.max_file_bytes),
        auditor,
        keep_text,
        limits,
    )


def audit_document(
    auditor: Auditor, document: Document, keep_text: bool, limits: Limits
) -> DocumentResult | InputError:
    """A document read elsewhere (a web page, standard input), audited as a file is."""
    return _within_limits(
        document.path or "<text>", lambda: document, auditor, keep_text, limits
    )


def _within_limits(
    name: str,
    read: Callable[[], Document],
    auditor: Auditor,
    keep_text: bool,
    limits: Limits,
) -> DocumentResult | InputError:
    try:
        with deadline(limits.max_seconds):
            document = read()
            return next(auditor.audit([document], keep_text=keep_text))
    except SourceError as exc:
        return InputError(exc.path, exc.message)
    except TimeLimitExceeded:
        return InputError(
            name, f"took longer than {limits.max_seconds:g} s to audit: skipped (max-seconds)"
        )
    except RecursionError:
        return InputError(name, "nested too deeply to audit")
    except Exception as exc:  # a bug, but one file must not stop the run
        return InputError(name, f"could not be audited ({type(exc).__name__}: {exc})")


def _size(path: str) -> int:
    """A file's size in bytes, near enough its characters to bound a memory zone."""
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


class Runner:
    """Audits files with a cache and ``jobs`` processes; results in file order."""

    def __init__(
        self,
        config: Config,
        *,
        model: str | None = None,
        kind: str | None = None,
        purpose: str | None = None,
        jobs: int = 1,
        cache: Path | None = CACHE_DIR,
        keep_text: bool = False,
        scheduler: str | None = None,
        rendered: bool = False,
    ) -> None:
        self.config = config
        self.model = model
        self.kind = kind
        self.purpose = purpose
        self.jobs = max(1, jobs)
        self.keep_text = keep_text
        self.scheduler = scheduler  # "dask" or "tcp://host:port": misses go to Dask
        self.cache = Cache(cache) if cache is not None else None
        # Dask workers send JSON Lines and summaries back instead of results (for a caller
        # that only writes JSON Lines); the cache needs whole results, so not with it
        self.rendered = rendered and bool(scheduler) and self.cache is None
        self.analysed = 0
        self.reused = 0
        # checks the configuration now; the pipeline itself loads only if a file needs it
        self.auditor = Auditor(config, model=model, kind=kind, purpose=purpose)
        self._settings: str | None = None
        self._pipeline: str | None = None  # the name of the pipeline the results came from

    def pipeline_name(self) -> str:
        return self._pipeline or self.auditor.pipeline_name

    def report(
        self, items: Iterable[DocumentResult | InputError], fail_under: float | None = None
    ) -> Report:
        collected = list(items)
        return self.auditor.report(collected, fail_under, pipeline=self.pipeline_name())

    def _key(self, path: str, data: bytes) -> str:
        if self._settings is None:
            self._settings = settings_key(
                self.config, self.model, self.kind, self.keep_text, self.purpose
            )
        digest = hashlib.sha256(self._settings.encode())
        digest.update(b"\0" + path.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(data)
        return digest.hexdigest()

    def run(self, files: Iterable[str]) -> Iterator[DocumentResult | Rendered | InputError]:
        """Results in file order. In one process, files are taken a window at a time, so
        a run over any number of files holds one window's paths and keys; with processes
        or Dask, the misses of the whole run are planned at once (Dask then submits them
        a window of partitions at a time, see distributed.py)."""
        files = iter(files)
        if self.jobs > 1 or self.scheduler:
            yield from self._run_window(list(files))
            return
        while window := list(itertools.islice(files, WINDOW)):
            yield from self._run_window(window)

    def _run_window(self, files: list[str]) -> Iterator[DocumentResult | Rendered | InputError]:
        """Results for ``files``: a cached result is read when its turn comes."""
        # (path, key, the cached pipeline and result / an error / False for a miss): a hit is
        # read and checked here, so an entry that fails its signature is planned as a miss
        # and analysed with the others (on --jobs or Dask), not one by one afterwards
        plan: list[tuple[str, str | None, InputError | tuple[str, DocumentResult] | bool]] = []
        for path in files:
            if path == "-" or self.cache is None:
                plan.append((path, None, False))
                continue
            try:
                data = load_bytes(Path(path), None, self.config.limits.max_file_bytes)
            except SourceError as exc:
                plan.append((path, None, InputError(exc.path, exc.message)))
                continue
            key = self._key(path, data)
            plan.append((path, key, self.cache.get(key) or False))
        misses = [p for p, _, state in plan if state is False and p != "-"]
        fresh = self._analyse(misses)
        for path, key, state in plan:
            if isinstance(state, InputError):
                yield state
            elif path == "-":
                try:  # read before the time limit starts: a pipe may wait for its writer
                    document = read_stdin(self.config.limits.max_file_bytes)
                except SourceError as exc:
                    yield InputError(exc.path, exc.message)
                    continue
                limits = self.config.limits
                yield self._remember(
                    None, audit_document(self.auditor, document, self.keep_text, limits)
                )
            elif isinstance(state, tuple):
                self._pipeline = self._pipeline or state[0]
                self.reused += 1
                yield state[1]
            else:
                yield self._remember(key, next(fresh))

    def _remember(
        self, key: str | None, result: DocumentResult | Rendered | InputError
    ) -> DocumentResult | Rendered | InputError:
        if isinstance(result, Rendered):
            self.analysed += 1
        elif isinstance(result, DocumentResult):
            self.analysed += 1
            if key is not None and self.cache is not None:
                self.cache.put(key, self._made_by(), result)
        return result

    def audit_documents(
        self, items: Iterable[Document | InputError]
    ) -> Iterator[DocumentResult | InputError]:
        """Documents read elsewhere (web pages), audited here; errors passed through."""
        for item in items:
            if isinstance(item, InputError):
                yield item
            else:
                limits = self.config.limits
                result = audit_document(self.auditor, item, self.keep_text, limits)
                yield self._remember(None, result)

    def _made_by(self) -> str:
        if self._pipeline is None:
            self._pipeline = self.auditor.pipeline_name
        return self._pipeline

    def _analyse(self, paths: list[str]) -> Iterator[DocumentResult | Rendered | InputError]:
        if not paths:
            return iter(())
        if self.scheduler:
            from loveaudit.distributed import run_on_dask

            return run_on_dask(
                paths,
                self.config,
                scheduler=self.scheduler,
                workers=self.jobs,
                model=self.model,
                kind=self.kind,
                purpose=self.purpose,
                keep_text=self.keep_text,
                rendered=self.rendered,
            )
        if self.jobs == 1 or len(paths) == 1:
            return self._in_this_process(paths)
        return self._in_processes(paths)

    def _in_this_process(self, paths: list[str]) -> Iterator[DocumentResult | InputError]:
        """One file at a time (each under the time limit), a memory zone of files at a
        time; the zone may stay open between results, since this auditor is the runner's
        own and nothing else reads with it meanwhile."""
        limits = self.config.limits
        for zone in zones(paths, _size):
            with self.auditor.memory_zone():
                for path in zone:
                    yield audit_file(self.auditor, path, self.keep_text, limits)

    def _in_processes(self, paths: list[str]) -> Iterator[DocumentResult | InputError]:
        size = max(1, min(64, len(paths) // (self.jobs * 4) or 1))
        chunks = [paths[i : i + size] for i in range(0, len(paths), size)]
        with ProcessPoolExecutor(
            max_workers=min(self.jobs, len(paths)),
            initializer=_start_worker,
            initargs=(
                self.config, self.model, self.kind, self.keep_text, self.purpose, os.getpid()
            ),
        ) as pool:
            for results in pool.map(_audit_chunk, chunks):
                yield from results
