"""GitHub Actions workflow commands: findings as annotations on the pull request's files.

GitHub shows at most 50 annotations of a run, so past 50 the worst come first (errors,
then warnings, then info, each in file order) and one notice says how many more there are
and where to find them.
"""

from __future__ import annotations

from loveaudit.model import SEVERITIES, Finding, Report
from loveaudit.report.lines import printable
from loveaudit.scoring import score_text

MAX_ANNOTATIONS = 50
COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    """Escape a command's message as the runner expects, control characters as text."""
    text = printable(text, keep_breaks=True)
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _annotation(path: str, f: Finding) -> str:
    props = [f"file={_property(path)}", f"line={f.line}", f"col={f.column}"]
    if f.end > f.start:
        props += [f"endLine={f.end_line}", f"endColumn={f.end_column}"]
    props.append(f"title={_property(f'loveaudit {f.rule}')}")
    # one field a line: run together, a rewrite ran into the advice after it
    parts = [f.message, *([f'Rewrite: "{f.rewrite}"'] if f.rewrite else []), f"Fix: {f.suggestion}"]
    message = "\n".join(parts)
    return f"::{COMMANDS[f.severity]} {','.join(props)}::{_data(message)}"


def render(report: Report, **_: object) -> str:
    rank = {name: i for i, name in enumerate(SEVERITIES)}
    items = [
        (rank[f.severity], i, doc.path or "<text>", f)
        for i, doc in enumerate(report.documents)
        for f in doc.findings
    ]
    items.sort(key=lambda item: (item[0], item[1], item[3].sort_key()))
    lines = [_annotation(path, f) for _, _, path, f in items[:MAX_ANNOTATIONS]]
    for error in report.errors:
        lines.append(f"::error file={_property(error.path)}::{_data(error.message)}")
    hidden = len(items) - MAX_ANNOTATIONS
    summary = report.summary()
    score = score_text(summary["score"])
    if hidden > 0:
        lines.append(
            f"::notice title=loveaudit::{hidden} more finding(s) not shown (GitHub shows "
            f"{MAX_ANNOTATIONS} annotations); see the full report (--format html or sarif)."
        )
    lines.append(
        f"loveaudit: {summary['documents']} document(s), {summary['findings']['total']} "
        f"finding(s), mean love score {score}/100"
    )
    return "\n".join(lines) + "\n"
