"""The command line: argument parsing, exit codes, progress. The only module that prints."""

from __future__ import annotations

import argparse
import enum
import os
import sys
from pathlib import Path

from loveaudit import __version__
from loveaudit.auditor import Auditor
from loveaudit.config import Config, find_config, load_config
from loveaudit.errors import ConfigError, SourceError
from loveaudit.report import RENDERERS, render
from loveaudit.report.comparison import render as render_comparison
from loveaudit.ruledoc import render_rule, summary_line, thresholds
from loveaudit.sources import expand, read_path


class ExitStatus(enum.IntEnum):
    """What the exit code tells a CI job."""

    PASSED = 0
    GATE_FAILED = 1
    ERROR = 2  # usage, configuration, or an input that could not be read


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
    audit.add_argument("paths", nargs="+", metavar="PATH")
    audit.add_argument(
        "--kind", help="treat every document as this kind (web, invoice, hold, email)"
    )
    audit.add_argument("--format", default="text", choices=sorted(RENDERERS))
    audit.add_argument("--output", "-o", type=Path, help="write the report to this file")
    audit.add_argument(
        "--fail-under",
        type=float,
        metavar="SCORE",
        help="exit 1 when a document's love score is below SCORE (0-100)",
    )
    audit.add_argument(
        "--model", help="spaCy pipeline to use (default: built-in; or set LOVEAUDIT_MODEL)"
    )
    audit.add_argument(
        "--config",
        type=Path,
        help="configuration file (default: the nearest loveaudit.toml or pyproject.toml)",
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
    comp.add_argument("--format", default="text", choices=("text", "json", "markdown"))
    comp.add_argument("--model")
    comp.add_argument("--config", type=Path)

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
    if path is not None:
        return load_config(path)
    start = next((Path(p) for p in paths if p != "-"), Path.cwd())
    found = find_config(start if start.exists() else Path.cwd())
    return load_config(found) if found else Config()


def _colour(choice: str) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def _audit(args: argparse.Namespace) -> ExitStatus:
    config = _config(args.config, args.paths)
    auditor = Auditor(config, model=args.model, kind=args.kind)
    files = [
        f
        for f in expand(args.paths)
        if not (isinstance(f, Path) and str(f) not in args.paths and config.excludes(f))
    ]
    # (audit_paths applies the same exclusion; listing here gives the progress bar its total)
    # the HTML report shows each text with its highlights; the other formats need no text
    stream = auditor.audit_paths([str(f) for f in files], keep_text=args.format == "html")
    if not args.no_progress and sys.stderr.isatty() and len(files) > 1:
        from tqdm import tqdm

        stream = tqdm(stream, total=len(files), unit="doc", file=sys.stderr, leave=False)
    report = auditor.report(stream, fail_under=args.fail_under)
    output = render(report, args.format, colour=_colour(args.color) and not args.output)
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        tmp = args.output.with_name(args.output.name + ".tmp")
        tmp.write_text(output, encoding="utf-8")
        tmp.replace(args.output)
    else:
        sys.stdout.write(output)
    for error in report.errors:
        print(f"loveaudit: error: {error.path}: {error.message}", file=sys.stderr)
    if report.errors:
        return ExitStatus.ERROR
    if report.summary()["below_fail_under"]:
        return ExitStatus.GATE_FAILED
    return ExitStatus.PASSED


def _compare(args: argparse.Namespace) -> ExitStatus:
    config = _config(args.config, [args.before])
    auditor = Auditor(config, model=args.model, kind=args.kind)
    documents = []
    for path in (args.before, args.after):
        try:
            documents.append(read_path(Path(path)))
        except SourceError as exc:
            print(f"loveaudit: error: {exc.path}: {exc.message}", file=sys.stderr)
            return ExitStatus.ERROR
    comparison = auditor.compare(documents[0], documents[1])
    sys.stdout.write(render_comparison(comparison, args.format, __version__, auditor.pipeline.name))
    return ExitStatus.PASSED


def _rules(args: argparse.Namespace) -> ExitStatus:
    config = _config(args.config, [])
    from loveaudit.packs import load_ruleset

    ruleset = load_ruleset(extra_dirs=config.packs, overrides=config.rules, brands=config.brands)
    if args.rule:
        rule = ruleset.rule(args.rule)
        if rule is None:
            print(
                f"loveaudit: error: no rule {args.rule!r} (see `loveaudit rules`)", file=sys.stderr
            )
            return ExitStatus.ERROR
        sys.stdout.write(render_rule(rule))
        return ExitStatus.PASSED
    print(f"{'ID':<28} {'KINDS':<26} TITLE")
    family = None
    for rule in sorted(ruleset.rules, key=lambda r: (r.family, r.id)):
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
    args = _parser().parse_args(argv)
    try:
        if args.command == "compare":
            return int(_compare(args))
        if args.command == "audit":
            if args.fail_under is not None and not 0 <= args.fail_under <= 100:
                print("loveaudit: error: --fail-under must be between 0 and 100", file=sys.stderr)
                return ExitStatus.ERROR
            return int(_audit(args))
        return int(_rules(args))
    except ConfigError as exc:
        for problem in exc.problems:
            print(f"loveaudit: error: {problem}", file=sys.stderr)
        return int(ExitStatus.ERROR)
    except KeyboardInterrupt:
        print("loveaudit: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return int(ExitStatus.PASSED)


if __name__ == "__main__":
    sys.exit(main())
