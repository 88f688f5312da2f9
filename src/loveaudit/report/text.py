"""Text: what a person reads in a terminal, one block per document, most useful first."""

from __future__ import annotations

from loveaudit.model import SEVERITIES, DocumentResult, Report
from loveaudit.report.lines import printable, safe_line
from loveaudit.scoring import score_text

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
    return style("good" if good else "bad", f"{score_text(value)}/100")


def _counts(counts: dict[str, int], shown: tuple[str, ...]) -> str:
    """The document's findings per severity; those below the level shown are marked."""
    parts = [
        f"{counts['error']} error(s)",
        f"{counts['warning']} warning(s)",
        f"{counts['info']} info",
    ]
    hidden = [
        p
        for p, severity in zip(parts, SEVERITIES, strict=True)
        if severity not in shown and counts[severity]  # "(0 info not shown)" says nothing
    ]
    listed = [p for p, severity in zip(parts, SEVERITIES, strict=True) if severity in shown]
    return ", ".join(listed) + (f" ({', '.join(hidden)} not shown)" if hidden else "")


def _new_keys(report: Report) -> set[tuple[str, str, int, int, str]] | None:
    """The findings that are new against --baseline, as the JSON report lists them."""
    if report.baseline is None:
        return None
    return {
        (f["path"], f["rule"], f["line"], f["column"], f["text"])
        for f in report.baseline.get("new_findings", [])
    }


def _document(
    style: _Style,
    doc: DocumentResult,
    fail_under: float | None,
    shown: tuple[str, ...],
    new: set[tuple[str, str, int, int, str]] | None,
) -> list[str]:
    verbose = "info" in shown
    kind = f"{doc.kind} ({doc.kind_reason})" if verbose else doc.kind
    if doc.purpose:
        kind += f", purpose {doc.purpose}"
    lines = [
        f"{style('bold', printable(doc.path or '<text>'))}  {kind}  "
        f"love score {_score(style, doc.score, fail_under)}  "
        + _counts(doc.finding_counts(), shown)
    ]
    if doc.dimensions and verbose:
        dims = "  ".join(f"{name} {score_text(value)}" for name, value in doc.dimensions.items())
        lines.append(style("dim", f"  dimensions: {dims}"))
    explained: set[str] = set()
    path = doc.path or "<text>"
    for f in doc.findings:
        if f.severity not in shown:
            continue
        where = printable(f.location) if f.location else f"{f.line}:{f.column}"
        mark = ""
        if new is not None and (path, f.rule, f.line, f.column, f.text) in new:
            mark = "  " + style("bold", "[new]")
        lines.append(
            f"  {where:<8} {style(f.severity, f'{f.severity:<7}')} {printable(f.message)}  "
            + style("dim", f.rule)
            + mark
        )
        if f.rewrite:
            lines.append(f"  {'':<8} {'':<7} rewrite: {printable(f.rewrite)}")
        if f.rule not in explained:  # the advice once per rule, as a linter's help line
            explained.add(f.rule)
            lines.append(style("dim", f"  {'':<8} {'':<7} fix: {f.suggestion}"))
    for outcome in doc.outcomes:
        if outcome.error:
            error = printable(outcome.error)
            lines.append(style("error", f"  rule {outcome.rule} failed: {error}"))
    return lines


def render(
    report: Report, *, colour: bool = False, min_severity: str = "warning", **_: object
) -> str:
    """The report for a terminal. Findings below ``min_severity`` are counted, not listed
    (a first run over a folder would otherwise bury the verdict under hints)."""
    style = _Style(colour)
    shown = SEVERITIES[: SEVERITIES.index(min_severity) + 1]
    new = _new_keys(report)
    out: list[str] = []
    for doc in report.documents:
        out.extend(_document(style, doc, report.fail_under, shown, new))
        out.append("")
    for err in report.errors:
        out.append(style("error", f"error: {printable(err.path)}: {printable(err.message)}"))
    summary = report.summary()
    counts = summary["findings"]
    mean = summary["score"]
    out.append(
        f"{summary['documents']} document(s), {summary['words']} words: "
        f"{counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} info; "
        f"mean love score {'n/a' if mean is None else f'{score_text(mean)}/100'}; "
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
    hidden = [severity for severity in SEVERITIES if severity not in shown and counts[severity]]
    if hidden:
        listed = " and ".join(
            f"{counts[severity]} {'info finding' if severity == 'info' else severity}(s)"
            for severity in hidden
        )
        out.append(
            f"{listed} not listed: add --verbose (or --min-severity {hidden[-1]}) to see them"
        )
    suppressed = sum(len(d.suppressed) for d in report.documents)
    if suppressed:
        out.append(f"{suppressed} finding(s) suppressed (listed in --format json)")
    if report.verdict is not None:
        out.append(
            style("good" if report.verdict.passed else "bad", printable(report.verdict.summary))
        )
    return "\n".join(safe_line(line) for line in out) + "\n"
