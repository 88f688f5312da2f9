"""JSON Lines: one document per line, then the errors, then the summary.

For corpora too big for one JSON object: a run streams each document's line as soon as it
is audited and keeps only the running totals (see model.Totals), so memory stays flat
whatever the number of documents. Each line is the same object as in the JSON contract
(docs/json.md), with a "type" first: "document", "error" or "summary".
"""

from __future__ import annotations

from typing import Any

from loveaudit.jsontext import dumps
from loveaudit.model import SCHEMA_VERSION, DocumentResult, InputError, Report, Verdict
from loveaudit.report.json import document_dict


def _line(data: dict[str, Any]) -> str:
    return dumps(data, indent=False) + "\n"


def document_line(doc: DocumentResult) -> str:
    return _line({"type": "document", **document_dict(doc)})


def error_line(error: InputError) -> str:
    return _line({"type": "error", "path": error.path, "message": error.message})


def summary_line(
    version: str, pipeline: str, summary: dict[str, Any], verdict: Verdict | None
) -> str:
    return _line(
        {
            "type": "summary",
            "loveaudit": version,
            "schema_version": SCHEMA_VERSION,
            "pipeline": pipeline,
            "summary": summary,
            "verdict": None
            if verdict is None
            else {"passed": verdict.passed, "summary": verdict.summary},
        }
    )


def render(report: Report, **_: object) -> str:
    lines = [document_line(d) for d in report.documents]
    lines += [error_line(e) for e in report.errors]
    lines.append(summary_line(report.version, report.pipeline, report.summary(), report.verdict))
    return "".join(lines)
