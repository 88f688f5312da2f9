"""The command line: argument parsing, exit codes, progress. The only module that prints."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import enum
import gc
import io
import itertools
import json
import operator
import os
import re
import select
import signal
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from loveaudit import __version__
from loveaudit.atomic import remove_temporaries, replacing
from loveaudit.auditor import Auditor
from loveaudit.baseline import Baseline
from loveaudit.baseline import entry as baseline_entry
from loveaudit.baseline import render as render_baseline
from loveaudit.baseline import summary as baseline_summary
from loveaudit.changes import Changes, GitError, on_changed_lines
from loveaudit.config import FIELDS, Config, discover_config, load_config
from loveaudit.distributed import DaskUnavailable
from loveaudit.errors import ConfigError, SourceError
from loveaudit.gates import GateCheck, Gates
from loveaudit.limits import MAX_FILE_BYTES, MAX_SECONDS, Limits, limit_problem
from loveaudit.model import DocumentResult, InputError, Rendered, Report, Totals
from loveaudit.nlp import MODEL_ENV
from loveaudit.report import RENDERERS, jsonl, render
from loveaudit.report.comparison import render as render_comparison
from loveaudit.report.lines import printable
from loveaudit.ruledoc import render_rule, summary_line, thresholds
from loveaudit.runner import CACHE_DIR, Runner
from loveaudit.sources import expand, read_path
from loveaudit.web import WebSettings, documents_from_web, has_host, is_url


class UsageError(Exception):
    """A command line that cannot be carried out; exit 2 with this message."""


class ExitStatus(enum.IntEnum):
    """What the exit code tells a CI job."""

    PASSED = 0
    GATE_FAILED = 1
    ERROR = 2  # usage, configuration, or an input that could not be read
    BROKEN_PIPE = 141  # 128 + SIGPIPE: the reader of stdout went away (`| head`)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="loveaudit",
        description="Audit business copy for customer love: focus, appreciation, readability.",
    )
    parser.add_argument("--version", action="version", version=f"loveaudit {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    audit = sub.add_parser(
        "audit",
        help="audit files, folders or stdin (-)",
        description="Audit files, folders (recursively) or stdin (-).",
    )
    audit.add_argument(
        "paths", nargs="*", metavar="PATH", help="files, folders, - for stdin, or page URLs"
    )
    audit.add_argument(
        "--kind", help="treat every document as this kind (web, invoice, hold, email)"
    )
    audit.add_argument(
        "--purpose",
        help="treat every document as having this purpose (receipt, ivr-menu, help-page...; "
        "see docs/scoring.md); implies its kind",
    )
    audit.add_argument(
        "--format",
        action="append",
        metavar="FORMAT[:PATH]",
        help=f"output format(s): {', '.join(sorted(RENDERERS))}; repeat it or give a comma "
        "list, each with :PATH to write a file (default: text)",
    )
    audit.add_argument(
        "--output", "-o", type=Path, help="write the one format without a :PATH to this file"
    )
    for fmt in sorted(RENDERERS):
        audit.add_argument(
            f"--output-{fmt}", type=Path, metavar="PATH", help=f"also write {fmt} to PATH"
        )
    audit.add_argument(
        "--fail-under",
        type=float,
        metavar="SCORE",
        help="exit 1 when a document's love score is below SCORE (0-100)",
    )
    audit.add_argument(
        "--fail-on",
        choices=("error", "warning"),
        help="exit 1 when a finding is an error (or a warning or error)",
    )
    audit.add_argument(
        "--baseline",
        type=Path,
        metavar="FILE",
        help="fail only on findings not in FILE and on scores lower than in it",
    )
    audit.add_argument(
        "--write-baseline",
        type=Path,
        metavar="FILE",
        help="record this run's scores and findings in FILE for later --baseline runs",
    )
    audit.add_argument(
        "--changed-since",
        metavar="GIT_REF",
        help="audit only files changed since GIT_REF (and new untracked files)",
    )
    audit.add_argument(
        "--changed-lines-only",
        action="store_true",
        help="with --changed-since: report only findings on lines the change touched",
    )
    audit.add_argument(
        "--model", help="spaCy pipeline to use (default: built-in; or set LOVEAUDIT_MODEL)"
    )
    audit.add_argument(
        "--config",
        type=Path,
        help="configuration file (default: the nearest loveaudit.toml or pyproject.toml)",
    )
    web = audit.add_argument_group(
        "websites", "only these options, and URLs given as PATH, use the network"
    )
    web.add_argument(
        "--sitemap",
        action="append",
        default=[],
        metavar="URL",
        help="audit the pages a sitemap or sitemap index lists (gzip too); repeatable",
    )
    web.add_argument(
        "--crawl",
        type=int,
        metavar="N",
        help="follow same-site links breadth-first from each URL, making at most N requests"
        " (failed pages and redirects count; robots.txt aside)",
    )
    web.add_argument(
        "--whole-page",
        action="store_true",
        help="audit all visible text, not only the main content",
    )
    web.add_argument(
        "--any-site",
        action="store_true",
        help="follow links, redirects and sitemap entries to other sites",
    )
    web.add_argument(
        "--max-pages",
        type=int,
        default=WebSettings.max_pages,
        metavar="N",
        help=f"pages read from each sitemap (default {WebSettings.max_pages:,})",
    )
    web.add_argument(
        "--timeout",
        type=float,
        default=WebSettings.timeout,
        metavar="SECONDS",
        help=f"seconds a page may take, redirects included (default {WebSettings.timeout:g})",
    )
    web.add_argument(
        "--max-bytes",
        type=int,
        default=WebSettings.max_bytes,
        metavar="N",
        help=f"largest page or sitemap read (default {WebSettings.max_bytes:,})",
    )
    web.add_argument(
        "--concurrency",
        type=int,
        default=WebSettings.concurrency,
        metavar="N",
        help=f"requests at once (default {WebSettings.concurrency})",
    )
    audit.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=1,
        metavar="N",
        help="audit in N processes (0: one per CPU); the output is the same for any N",
    )
    audit.add_argument(
        "--scheduler",
        metavar="dask|tcp://HOST:PORT",
        help="audit on Dask: a local cluster of --jobs processes, or a running scheduler "
        "(needs the dask extra)",
    )
    audit.add_argument(
        "--cache-dir",
        type=Path,
        default=CACHE_DIR,
        metavar="DIR",
        help=f"where results are cached (default: {CACHE_DIR})",
    )
    audit.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    audit.add_argument(
        "--max-file-bytes",
        type=_limit("max-file-bytes", int),
        metavar="N",
        help=f"skip, with an error, files larger than N bytes (default {MAX_FILE_BYTES:,})",
    )
    audit.add_argument(
        "--max-seconds",
        type=_limit("max-seconds", float),
        metavar="S",
        help=f"skip, with an error, a document that takes longer (default {MAX_SECONDS:g})",
    )
    audit.add_argument(
        "--min-severity",
        choices=("error", "warning", "info"),
        help="list findings of this severity or worse in the text output (default: "
        "warning; the others are counted); other formats list every finding",
    )
    audit.add_argument(
        "--verbose",
        "-v",
        action="store_true",
        help="list info findings, dimension scores and why each kind was chosen "
        "(--min-severity info)",
    )
    audit.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    audit.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")

    comp = sub.add_parser(
        "compare",
        help="compare two versions of a message",
        description="Audit BEFORE and AFTER and show what the rewrite "
        "changed: scores per dimension, findings fixed and new.",
    )
    comp.add_argument("before", metavar="BEFORE")
    comp.add_argument("after", metavar="AFTER")
    comp.add_argument("--kind", help="the kind of both versions (default: decided from BEFORE)")
    comp.add_argument(
        "--purpose", help="the purpose of both versions (default: decided from BEFORE)"
    )
    comp.add_argument("--format", default="text", choices=("text", "json", "markdown"))
    comp.add_argument("--model")
    comp.add_argument("--config", type=Path)

    conf = sub.add_parser(
        "config",
        help="show the effective configuration and where each value comes from",
        description="Show the configuration an audit of PATH would use, key by key, with "
        "the file and line, option or environment variable each value comes from.",
    )
    conf.add_argument("paths", nargs="*", metavar="PATH", help="where the audit would start")
    conf.add_argument("--config", type=Path)
    conf.add_argument("--fail-under", type=float, metavar="SCORE")
    conf.add_argument("--fail-on", choices=("error", "warning"))
    conf.add_argument("--model")

    rules = sub.add_parser("rules", help="list rules, or show one rule's documentation")
    rules.add_argument("rule", nargs="?", metavar="ID")
    rules.add_argument(
        "--params",
        action="store_true",
        help="also show each rule's thresholds and severity per kind",
    )
    rules.add_argument("--config", type=Path)
    return parser


def _config(path: Path | None, paths: list[str]) -> Config:
    """--config FILE, else the configuration found as the library's Auditor finds it."""
    return load_config(path) if path is not None else discover_config(paths)


def _colour(choice: str) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


class _Stdout:
    """stdout as a sink that writes each line in full (see `_emit`)."""

    def write(self, text: str) -> None:
        _emit(text)


def _emit(text: str) -> None:
    """Write to stdout in full, or raise BrokenPipeError. With PYTHONUNBUFFERED, stdout's
    text layer sits on the raw file, and a write the pipe takes only part of is silently
    cut short: `loveaudit ... | head -c1` would exit 0 with a truncated report."""
    stream = sys.stdout
    buffer = getattr(stream, "buffer", None)
    if not isinstance(buffer, io.RawIOBase):  # buffered (the usual case), or a text-only
        stream.write(text)  # stream (an IDE, a test): its own writes are whole
        return
    stream.flush()
    view = memoryview(text.encode(stream.encoding or "utf-8", stream.errors or "strict"))
    while view:
        written = buffer.write(view)
        if written is None:  # a non-blocking stdout that is full: wait until it drains
            select.select([], [buffer], [])
            continue
        view = view[written:]
    buffer.flush()


def _limit(key: str, kind: type):
    """An argparse type for a limit, checked as the configuration checks it."""

    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            what = "a whole number" if kind is int else "a number"
            raise argparse.ArgumentTypeError(f"{text!r} is not {what}") from None
        problem = limit_problem(key, value)
        if problem:
            raise argparse.ArgumentTypeError(f"{text!r}: {problem}")
        return value

    return parse


def _outputs(args: argparse.Namespace) -> list[tuple[str, Path | None]]:
    """(format, path) pairs from --format, --output and --output-FORMAT; path None is
    stdout. At most one format may go to stdout."""
    outputs: list[tuple[str, Path | None]] = []
    for item in args.format or []:
        for part in item.split(","):
            fmt, _, path = part.strip().partition(":")
            if fmt not in RENDERERS:
                raise UsageError(
                    f"unknown format {fmt!r} (choose from {', '.join(sorted(RENDERERS))})"
                )
            outputs.append((fmt, Path(path) if path else None))
    for fmt in sorted(RENDERERS):
        path = getattr(args, f"output_{fmt}")
        if path is not None:
            outputs.append((fmt, path))
    if not any(path is None for _, path in outputs) and not args.format:
        outputs.insert(0, ("text", None))
    to_stdout = [fmt for fmt, path in outputs if path is None]
    if len(to_stdout) > 1:
        raise UsageError(
            f"{' and '.join(to_stdout)} would both go to stdout: give all but one a :PATH"
        )
    if args.output is not None and str(args.output) == "-":  # "-o -": stdout, as given
        args.output = None
    if args.output is not None:
        if not to_stdout:
            raise UsageError("--output needs a format without a :PATH to write")
        outputs = [(fmt, args.output if path is None else path) for fmt, path in outputs]
    return outputs


def _write(path: Path, content: str) -> None:
    """Write atomically: a killed run never leaves half a report behind, and a link
    planted beside the report is never followed (see atomic.py)."""
    try:
        with replacing(path) as file:
            file.write(content)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None


@contextlib.contextmanager
def _sigterm_cleans_up() -> Iterator[None]:
    """On SIGTERM (a CI job cancelled, a container stopped), remove the reports' temporary
    files before the process ends as it would have, so the old reports stay and nothing
    is left behind. A handler already set runs after the cleanup, in place of the default
    ending; one that ignores SIGTERM is left alone. A worker process forked meanwhile
    inherits the handler but has no report to clean: it ends as before."""
    parent = os.getpid()

    def stop(signum: int, frame: object) -> None:
        if os.getpid() == parent:
            remove_temporaries()
            if callable(previous):
                previous(signum, frame)
                return
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread: signals are not ours to handle
        yield
        return
    if previous is signal.SIG_IGN:
        signal.signal(signal.SIGTERM, previous)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _check_destinations(destinations: list[tuple[str, Path]], inputs: list[str]) -> None:
    """Refuse, before any audit, a report that could not be written or would overwrite
    an input or another report: found only at the end, the whole run would be lost."""
    seen: dict[Path, str] = {}
    for what, path in destinations:
        if str(path) in ("", "."):
            raise UsageError(f"{what} needs a file name")
        if path.is_dir():
            raise UsageError(f"{what} {path} is a folder: give a file name")
        folder = path.parent
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
        if folder.exists() and not folder.is_dir():
            raise UsageError(f"{what} {path} cannot be written: {folder} is a file")
        key = path.resolve()
        if key in seen:
            raise UsageError(f"{seen[key]} and {what} would both write {path}")
        seen[key] = what
    # the files found, not just those named: "audit docs -o docs/README.md" would audit
    # the README and then overwrite it
    audited = {os.path.normcase(os.path.abspath(item)) for item in inputs}
    for what, path in destinations:
        if os.path.normcase(os.path.abspath(path)) in audited or (
            path.exists() and any(os.path.samefile(path, i) for i in inputs if os.path.exists(i))
        ):
            raise UsageError(f"{what} {path} is a file being audited: it would be overwritten")


def _gates(args: argparse.Namespace, config: Config) -> Gates:
    return Gates(
        fail_under=args.fail_under if args.fail_under is not None else config.fail_under,
        fail_on=args.fail_on or config.fail_on,
        dimensions=dict(config.fail_under_dimensions),
        kinds=dict(config.fail_under_kinds),
    )


def _checked(
    stream: Iterable[DocumentResult | Rendered | InputError],
    check: GateCheck,
    changes: Changes | None,
) -> Iterator[DocumentResult | Rendered | InputError]:
    """Hold each document to the gates as it passes. With --changed-lines-only the gates
    and the outputs see only findings on changed lines, but the baseline is compared on
    the whole document (a finding's fingerprint counts the findings before it)."""
    for item in stream:
        if isinstance(item, Rendered):
            check.add_summary(item.summary)
        elif isinstance(item, DocumentResult):
            shown = on_changed_lines(item, changes) if changes is not None else item
            check.add(item, shown.findings)
            item = shown
        yield item


def _recording(
    stream: Iterable[DocumentResult | InputError], entries: list[tuple[str, dict]]
) -> Iterator[DocumentResult | InputError]:
    """Pass results through, noting each document's baseline entry on the way."""
    for item in stream:
        if isinstance(item, DocumentResult):
            entries.append(baseline_entry(item))
        yield item


def _stream_jsonl(
    stream: Iterable[DocumentResult | Rendered | InputError],
    outputs: list[tuple[str, Path | None]],
    runner: Runner,
    gates: Gates,
    check: GateCheck,
) -> Report:
    """Write each result as it comes, keeping only totals: flat memory for any corpus.
    Returns a report with the errors and the verdict but no documents."""
    totals = Totals(gates.fail_under)
    errors: list[InputError] = []
    # each report file is written to a temporary file that replaces it when the block
    # ends, or is removed if anything stops the run: only a finished run replaces a report
    with contextlib.ExitStack() as files:
        sinks: list[_Stdout | TextIO] = []
        for _, path in outputs:
            try:
                sinks.append(_Stdout() if path is None else files.enter_context(replacing(path)))
            except OSError as exc:
                raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
        for item in stream:
            if isinstance(item, InputError):
                errors.append(item)
                continue
            if isinstance(item, Rendered):  # audited and rendered on a Dask worker
                totals.add(item.summary)
                line = item.line
            else:
                totals.add(item)
                line = jsonl.document_line(item)
            for sink in sinks:
                sink.write(line)
        report = Report(version=__version__, pipeline=runner.pipeline_name(), errors=errors)
        report.fail_under = gates.fail_under
        totals.errors = len(errors)
        if check.comparison is not None:
            report.baseline = baseline_summary(check.comparison)
        report.verdict = check.verdict(len(errors))
        tail = "".join(jsonl.error_line(e) for e in errors) + jsonl.summary_line(
            __version__, report.pipeline, totals.as_dict(report.baseline), report.verdict
        )
        for sink in sinks:
            sink.write(tail)
    return report


def _audit(args: argparse.Namespace) -> ExitStatus:
    outputs = _outputs(args)
    urls = [p for p in args.paths if is_url(p)]
    local = [p for p in args.paths if not is_url(p)]
    if not args.paths and not args.sitemap:
        raise UsageError("give a PATH, a URL or --sitemap URL to audit")
    for sitemap in args.sitemap or []:
        if not is_url(sitemap):
            raise UsageError(f"--sitemap {sitemap}: give the sitemap's http:// or https:// URL")
    for url in [*urls, *(args.sitemap or [])]:
        if not has_host(url):
            raise UsageError(f"{url}: a URL needs a host name")
    if args.scheduler and not re.match(r"^(?:dask|(?:tcp|tls|ucx)://\S+)$", args.scheduler):
        raise UsageError("--scheduler is dask (a local cluster) or tcp://HOST:PORT")
    if args.scheduler and args.jobs == 1:
        args.jobs = 2
    if args.crawl is not None and (args.crawl < 1 or not urls):
        raise UsageError("--crawl N needs N >= 1 and a start URL")
    destinations = [(f"the {fmt} report", path) for fmt, path in outputs if path is not None]
    if args.write_baseline:
        destinations.append(("--write-baseline", args.write_baseline))
    previous = Baseline.load(args.baseline) if args.baseline else None
    config = _config(args.config, local)
    if args.max_file_bytes is not None or args.max_seconds is not None:
        config = dataclasses.replace(
            config,
            limits=Limits(
                args.max_file_bytes or config.limits.max_file_bytes,  # None: not given
                args.max_seconds or config.limits.max_seconds,
            ),
        )
    # strings, not Paths: a corpus of 100,000 files is listed once for the progress bar
    files: list[str] = []
    unlisted: list[InputError] = []  # folders the walk could not list: reported first
    for found in expand(local, skip=config.excludes):
        if isinstance(found, SourceError):
            unlisted.append(InputError(found.path, found.message))
        else:
            files.append(str(found))
    _check_destinations(destinations, [f for f in files if f != "-"])
    changes = None
    if args.changed_lines_only and not args.changed_since:
        raise UsageError("--changed-lines-only needs --changed-since GIT_REF")
    if args.changed_since:
        try:
            start = next((Path(p) for p in local if p != "-"), Path.cwd())
            changes = Changes(args.changed_since, start if start.is_dir() else start.parent)
        except GitError as exc:
            raise UsageError(f"--changed-since {args.changed_since}: {exc}") from None
        files = [f for f in files if f == "-" or changes.touches(Path(f))]
    # the HTML report shows each text with its highlights; the other formats need no text
    keep_text = any(fmt == "html" for fmt, _ in outputs)
    streamed = all(fmt == "jsonl" for fmt, _ in outputs)
    runner = Runner(
        config,
        model=args.model,
        kind=args.kind,
        purpose=args.purpose,
        jobs=args.jobs if args.jobs > 0 else (os.cpu_count() or 1),
        # (with --scheduler dask, --jobs is the number of worker processes; default 2)
        cache=None if args.no_cache else args.cache_dir,
        keep_text=keep_text,
        scheduler=args.scheduler,
        # JSON Lines alone, gated on scores and counts: the workers can render the lines
        rendered=streamed
        and previous is None
        and not args.write_baseline
        and not args.changed_lines_only,
    )
    stream = itertools.chain(unlisted, runner.run(files))
    if urls or args.sitemap:
        settings = WebSettings(
            timeout=args.timeout,
            max_bytes=args.max_bytes,
            concurrency=max(1, args.concurrency),
            same_site=not args.any_site,
            whole_page=args.whole_page,
            max_pages=max(1, args.max_pages),
        )
        pages = documents_from_web(urls, args.sitemap, args.crawl, settings, notify=_web_notice)
        stream = itertools.chain(stream, runner.audit_documents(pages))
    if not args.no_progress and sys.stderr.isatty() and len(files) > 1:
        from tqdm import tqdm

        stream = tqdm(stream, total=len(files), unit="doc", file=sys.stderr, leave=False)
    gates = _gates(args, config)
    check = GateCheck(gates, previous)
    stream = _checked(stream, check, changes if args.changed_lines_only else None)
    entries: list[tuple[str, dict]] = []
    if args.write_baseline:
        stream = _recording(stream, entries)
    if streamed:
        report = _stream_jsonl(stream, outputs, runner, gates, check)
    else:
        report = runner.report(stream, fail_under=gates.fail_under)
        if check.comparison is not None:
            report.baseline = baseline_summary(check.comparison)
        report.verdict = check.verdict(len(report.errors))
        colour = _colour(args.color)
        level = args.min_severity or ("info" if args.verbose else "warning")
        for fmt, path in outputs:
            output = render(report, fmt, colour=colour and path is None, min_severity=level)
            if path is None:
                _emit(output)
            else:
                _write(path, output)
    if args.write_baseline:
        _write(args.write_baseline, render_baseline(entries, __version__))
        recorded = sum(len(entry["findings"]) for _, entry in entries)
        print(
            f"loveaudit: wrote the baseline {printable(str(args.write_baseline))}: "
            f"{recorded} finding(s) in {len(entries)} document(s)",
            file=sys.stderr,
        )
    if runner.reused:
        print(
            f"loveaudit: {runner.reused} document(s) from the cache ({args.cache_dir}), "
            f"{runner.analysed} analysed",
            file=sys.stderr,
        )
    for error in report.errors:
        print(
            f"loveaudit: error: {printable(error.path)}: {printable(error.message)}",
            file=sys.stderr,
        )
    if report.errors:
        return ExitStatus.ERROR
    if not report.verdict.passed:
        if not any(fmt == "text" and path is None for fmt, path in outputs):
            print(f"loveaudit: {printable(report.verdict.summary)}", file=sys.stderr)
        return ExitStatus.GATE_FAILED
    return ExitStatus.PASSED


def _web_notice(level: str, text: str) -> None:
    """A limit a crawl or sitemap reached, or pages the site ruled out: said as the run
    goes, never counted as an input that could not be read."""
    print(f"loveaudit: {level}: {printable(text)}", file=sys.stderr)


def _compare(args: argparse.Namespace) -> ExitStatus:
    config = _config(args.config, [args.before])
    auditor = Auditor(config, model=args.model, kind=args.kind, purpose=args.purpose)
    documents = []
    for path in (args.before, args.after):
        try:
            documents.append(read_path(Path(path)))
        except SourceError as exc:
            print(
                f"loveaudit: error: {printable(exc.path)}: {printable(exc.message)}",
                file=sys.stderr,
            )
            return ExitStatus.ERROR
    comparison = auditor.compare(documents[0], documents[1])
    _emit(render_comparison(comparison, args.format, __version__, auditor.pipeline_name))
    return ExitStatus.PASSED


def _toml(value: object) -> str:
    """A value as TOML would write it (inline tables for mappings)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"{value:g}"
    if isinstance(value, (str, Path)):
        return json.dumps(str(value), ensure_ascii=False)
    if isinstance(value, dict):
        items = ", ".join(f"{json.dumps(str(k))} = {_toml(v)}" for k, v in value.items())
        return "{ " + items + " }" if items else "{}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return json.dumps(str(value))


_UNSET = {"model": "the built-in pipeline", "select": "every rule"}


def _show_config(args: argparse.Namespace) -> ExitStatus:
    paths = args.paths or ["."]
    config = _config(args.config, paths)
    overrides = {
        "fail-under": ("--fail-under", args.fail_under),
        "fail-on": ("--fail-on", args.fail_on),
        "model": ("--model", args.model),
    }
    env_model = os.environ.get(MODEL_ENV)
    where = str(config.path) if config.path else "none found (defaults)"
    print(f"# configuration file: {where}")
    for key, attribute in FIELDS:
        option, given = overrides.get(key, (None, None))
        value = operator.attrgetter(attribute)(config)
        if given is not None:
            value, source = given, f"command line ({option})"
        elif key == "model" and env_model:
            value, source = env_model, f"environment ({MODEL_ENV})"
        elif key in config.origins:
            source = config.origins[key]
        else:
            source = "default"
        if value is None:  # printed as a comment, so the output stays valid TOML
            meaning = _UNSET.get(key, "off")
            print(f"# {key}: not set, {meaning}  ({source})")
        else:
            print(f"{key} = {_toml(value)}  # {source}")
    return ExitStatus.PASSED


def _rules(args: argparse.Namespace) -> ExitStatus:
    config = _config(args.config, [])
    from loveaudit.packs import did_you_mean, load_ruleset

    ruleset = load_ruleset(
        extra_dirs=config.packs,
        overrides=config.rules,
        brands=config.brands,
        config_name=str(config.path) if config.path else "configuration",
        config_origins=config.origins,
    )
    if args.rule:
        rule = ruleset.rule(args.rule)
        if rule is None:
            known = [r.id for r in ruleset.rules] + list(ruleset.redirects)
            hint = did_you_mean(args.rule, known) or " (see `loveaudit rules`)"
            print(f"loveaudit: error: no rule {printable(args.rule)!r}{hint}", file=sys.stderr)
            return ExitStatus.ERROR
        _emit(render_rule(rule))
        return ExitStatus.PASSED
    print(f"{'ID':<28} {'KINDS':<26} TITLE")
    family = None
    for rule in sorted((*ruleset.rules, *ruleset.off), key=lambda r: (r.family, r.id)):
        if rule.family != family:
            family = rule.family
            print(f"\n[{family}] {rule.principle}")
        print(summary_line(rule))
        if args.params:
            for line in thresholds(rule):
                print(f"    {line}")
    return ExitStatus.PASSED


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `loveaudit` command."""
    if argv is None:  # the command's own process (not a caller's, which may run for long)
        # what the imports made lives as long as the run: the collector need not walk it
        # again at every full collection (a tenth of a one-file audit's start-up)
        gc.freeze()
    args = _parser().parse_args(argv)
    try:
        if args.command == "compare":
            return int(_compare(args))
        if args.command in ("config", "audit") and (
            args.fail_under is not None and not 0 <= args.fail_under <= 100
        ):
            print("loveaudit: error: --fail-under must be between 0 and 100", file=sys.stderr)
            return ExitStatus.ERROR
        if args.command == "config":
            return int(_show_config(args))
        if args.command == "audit":
            with _sigterm_cleans_up():
                return int(_audit(args))
        return int(_rules(args))
    except (UsageError, DaskUnavailable) as exc:
        print(f"loveaudit: error: {printable(str(exc))}", file=sys.stderr)
        return int(ExitStatus.ERROR)
    except ConfigError as exc:
        for problem in exc.problems:
            print(f"loveaudit: error: {printable(str(problem))}", file=sys.stderr)
        return int(ExitStatus.ERROR)
    except KeyboardInterrupt:
        print("loveaudit: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError as exc:
        if not _reader_gone():
            return _internal_error(exc)
        # the reader stopped reading (`loveaudit audit . | head`): end quietly, with the
        # status of a command stopped by SIGPIPE, and write nothing more to the closed pipe
        _discard_stdout()
        return int(ExitStatus.BROKEN_PIPE)
    except Exception as exc:
        return _internal_error(exc)


def _internal_error(exc: Exception) -> int:
    """A bug: say so plainly (LOVEAUDIT_DEBUG=1 shows the traceback)."""
    if os.environ.get("LOVEAUDIT_DEBUG"):
        raise exc
    print(
        f"loveaudit: internal error: {type(exc).__name__}: {exc} "
        "(please report it; LOVEAUDIT_DEBUG=1 shows where)",
        file=sys.stderr,
    )
    return int(ExitStatus.ERROR)


def _reader_gone() -> bool:
    """Whether the pipe on stdout has lost its reader, rather than some other pipe broken."""
    poll = getattr(select, "poll", None)
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # no real stdout
        return False
    if poll is None:  # no poll() here (Windows): a broken pipe is most likely stdout's
        return True
    poller = poll()
    poller.register(fd, select.POLLOUT)
    return any(events & (select.POLLERR | select.POLLHUP) for _, events in poller.poll(0))


def _discard_stdout() -> None:
    """Point stdout at the null device, so the flush at exit cannot fail a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):  # no real stdout: nothing to flush
        pass


if __name__ == "__main__":
    sys.exit(main())
