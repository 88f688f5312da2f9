"""SARIF 2.1.0: findings for code-scanning dashboards (GitHub, GitLab, Azure DevOps).

One run with loveaudit as the tool, every rule the report meets in `tool.driver.rules`
(title, what it checks, why and how to fix), and one result per finding with its file,
line/column region, the words found, a stable fingerprint and the rewrite as a fix. Inputs
that could not be read are tool notifications, so a dashboard shows them too.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from loveaudit.fingerprint import VERSION, fingerprints
from loveaudit.jsontext import dumps
from loveaudit.model import Report
from loveaudit.report.json import used_rules

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
_DRIVE = re.compile(r"^[A-Za-z]:/")


def _uri(path: str | None) -> str:
    """A file name as a URI reference: percent-encoded, so that no name can make it
    another URI ("javascript:alert(1).txt" a scheme, "a#frag.txt" a fragment of "a");
    relative to where loveaudit ran for a relative path, a file: URI for an absolute one."""
    name = (path or "<text>").replace("\\", "/")
    if name.startswith("/"):
        return "file:///" + quote(name.lstrip("/"), safe="/")
    if _DRIVE.match(name):  # C:/site/page.txt
        return "file:///" + name[:2] + quote(name[2:], safe="/")
    return quote(name, safe="/")


def _rules(report: Report) -> list[dict[str, Any]]:
    levels: dict[str, str] = {}
    for doc in report.documents:
        for f in doc.findings:
            levels.setdefault(f.rule, LEVELS[f.severity])
    out = []
    for rule_id in used_rules(report):
        info = report.rules[rule_id]
        out.append(
            {
                "id": rule_id,
                "name": "".join(part.capitalize() for part in rule_id.split("-")),
                "shortDescription": {"text": info.title},
                "fullDescription": {"text": info.why},
                "help": {
                    "text": f"{info.why}\n\nHow to fix: {info.fix}",
                    "markdown": f"{info.why}\n\n**How to fix:** {info.fix}\n\n_{info.principle}_",
                },
                "defaultConfiguration": {"level": levels.get(rule_id, "note")},
                "properties": {"dimension": info.dimension, "principle": info.principle},
            }
        )
    return out


def sarif_dict(report: Report) -> dict[str, Any]:
    """The report as a SARIF log (plain data)."""
    rules = _rules(report)
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    results = []
    for doc in report.documents:
        prints = fingerprints(doc)
        reasons: list[str | None] = [None] * len(doc.findings)
        reasons += [s.reason for s in doc.suppressed]
        everything = [*doc.findings, *(s.finding for s in doc.suppressed)]
        for finding, reason in zip(everything, reasons, strict=True):
            fingerprint = prints[finding]
            region: dict[str, Any] = {"startLine": finding.line, "startColumn": finding.column}
            if finding.end > finding.start:
                region.update(endLine=finding.end_line, endColumn=finding.end_column)
                region["snippet"] = {"text": finding.text}
            location = {
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(doc.path)},
                    "region": region,
                }
            }
            result: dict[str, Any] = {
                "ruleId": finding.rule,
                "level": LEVELS[finding.severity],
                "message": {"text": finding.message},
                "locations": [location],
                "partialFingerprints": {VERSION: fingerprint},
                "properties": {"dimension": finding.dimension, "documentKind": doc.kind},
            }
            if finding.rule in index:
                result["ruleIndex"] = index[finding.rule]
            if reason is not None:
                result["suppressions"] = [{"kind": "inSource", "justification": reason}]
            if finding.rewrite and finding.end > finding.start:
                result["fixes"] = [
                    {
                        "description": {"text": f"Rewrite as: {finding.rewrite}"},
                        "artifactChanges": [
                            {
                                "artifactLocation": {"uri": _uri(doc.path)},
                                "replacements": [
                                    {
                                        "deletedRegion": {
                                            "startLine": finding.line,
                                            "startColumn": finding.column,
                                            "endLine": finding.end_line,
                                            "endColumn": finding.end_column,
                                        },
                                        "insertedContent": {"text": finding.rewrite},
                                    }
                                ],
                            }
                        ],
                    }
                ]
            results.append(result)
    notifications = [
        {
            "level": "error",
            "message": {"text": error.message},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(error.path)}}}],
        }
        for error in report.errors
    ]
    summary = report.summary()
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "loveaudit",
                        "version": report.version,
                        "semanticVersion": report.version,
                        "rules": rules,
                    }
                },
                "invocations": [
                    {
                        "executionSuccessful": not report.errors,
                        "toolExecutionNotifications": notifications,
                    }
                ],
                "results": results,
                "properties": {
                    "pipeline": report.pipeline,
                    "loveScore": summary["score"],
                    "documents": summary["documents"],
                },
            }
        ],
    }


def render(report: Report, **_: object) -> str:
    return dumps(sarif_dict(report)) + "\n"
