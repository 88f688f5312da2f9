"""Text: what a person reads in a terminal, one block per document, most useful first."""

from __future__ import annotations

import re

from loveaudit.model import DocumentResult, Report

# control characters (C0, DEL, C1) and the bidirectional overrides and isolates, which
# reorder what follows them on screen
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """Text from a document or a file name, safe to print on a terminal: a control
    character from the input (an escape sequence, a bell, a right-to-left override) is
    shown as an escape instead of acting on the terminal, and a line break as a space."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    ch = match[0]
    if ch in "\n\r\t":
        return " "
    return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"


_COLOURS = {
    "error": "31",
    "warning": "33",
    "info": "36",
    "dim": "2",
    "bold": "1",
    "good": "32",
    "bad": "31",
}


class _Style:
    def __init__(self, colour: bool) -> None:
        self.colour = colour

    def __call__(self, name: str, text: str) -> str:
        return f"\x1b[{_COLOURS[name]}m{text}\x1b[0m" if self.colour else text


def _score(style: _Style, value: float | None, fail_under: float | None) -> str:
    if value is None:
        return "n/a"
    good = value >= (fail_under if fail_under is not None else 60)
    return style("good" if good else "bad", f"{value:.0f}/100")


def _document(style: _Style, doc: DocumentResult, fail_under: float | None) -> list[str]:
    lines = [
        f"{style('bold', printable(doc.path or '<text>'))}  {doc.kind} ({doc.kind_reason})"
        + (f", purpose {doc.purpose}" if doc.purpose else "")
        + f"  love score {_score(style, doc.score, fail_under)}"
    ]
    if doc.dimensions:
        dims = "  ".join(f"{name} {value:.0f}" for name, value in doc.dimensions.items())
        lines.append(style("dim", f"  dimensions: {dims}"))
    explained: set[str] = set()
    for f in doc.findings:
        where = printable(f.location) if f.location else f"{f.line}:{f.column}"
        lines.append(
            f"  {where:<8} {style(f.severity, f'{f.severity:<7}')} {printable(f.message)}  "
            + style("dim", f.rule)
        )
        if f.rewrite:
            lines.append(f"  {'':<8} {'':<7} rewrite: {printable(f.rewrite)}")
        if f.rule not in explained:  # the advice once per rule, as a linter's help line
            explained.add(f.rule)
            lines.append(style("dim", f"  {'':<8} {'':<7} fix: {f.suggestion}"))
    for outcome in doc.outcomes:
        if outcome.error:
            lines.append(style("error", f"  rule {outcome.rule} failed: {outcome.error}"))
    return lines


def render(report: Report, *, colour: bool = False, **_: object) -> str:
    style = _Style(colour)
    out: list[str] = []
    for doc in report.documents:
        out.extend(_document(style, doc, report.fail_under))
        out.append("")
    for err in report.errors:
        out.append(style("error", f"error: {printable(err.path)}: {printable(err.message)}"))
    summary = report.summary()
    counts = summary["findings"]
    mean = summary["score"]
    out.append(
        f"{summary['documents']} document(s), {summary['words']} words: "
        f"{counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} info; "
        f"mean love score {'n/a' if mean is None else f'{mean:.0f}/100'}; "
        f"pipeline {report.pipeline}"
    )
    ledger = summary["ledger"]
    if ledger["target"] and ledger["positive"] + ledger["neutral"] + ledger["negative"]:
        ratio = "no negative" if ledger["ratio"] is None else f"{ledger['ratio']:g} : 1"
        out.append(
            f"touch points: {ledger['positive']} positive, {ledger['neutral']} neutral, "
            f"{ledger['negative']} negative ({ratio}; target {ledger['target']:g} : 1"
            + (
                f", {ledger['missing_positive']} more positive needed)"
                if ledger["missing_positive"]
                else ")"
            )
        )
    if report.errors:
        out.append(style("error", f"{len(report.errors)} input(s) could not be read"))
    suppressed = sum(len(d.suppressed) for d in report.documents)
    if suppressed:
        out.append(f"{suppressed} finding(s) suppressed (listed in --format json)")
    if report.verdict is not None:
        out.append(
            style("good" if report.verdict.passed else "bad", printable(report.verdict.summary))
        )
    return "\n".join(out) + "\n"
