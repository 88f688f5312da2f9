"""JUnit XML: one test case per document, failed only when the document fails a gate.

Jenkins, GitLab and Azure DevOps show JUnit results natively. A document is a test case
named by its path. It fails (one `<failure>` naming the gates it failed) only when a gate
in force failed it: `--fail-under`, `--fail-on`, a dimension or kind floor, a baseline.
A finding is advice, not a failed test, so with no gate set every case passes; the
findings, with their place and advice, are listed in each case's output either way. An
input that could not be read is an `<error>`. No timestamps or durations, so the same
input gives the same file.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from loveaudit.model import Finding, Report
from loveaudit.report.lines import safe_markup
from loveaudit.scoring import score_text

# characters XML 1.0 cannot carry, even escaped
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _finding_lines(path: str, f: Finding) -> list[str]:
    lines = [f"{path}:{f.line}:{f.column}: {f.severity}: {f.message} [{f.rule}]"]
    if f.text:
        lines.append(f"  found: {f.text}")
    if f.rewrite:
        lines.append(f"  rewrite: {f.rewrite}")
    lines.append(f"  fix: {f.suggestion}")
    return lines


def render(report: Report, **_: object) -> str:
    failed = report.verdict.documents if report.verdict is not None else {}
    failures = sum(1 for doc in report.documents if (doc.path or "<text>") in failed)
    counts = {
        "tests": str(len(report.documents) + len(report.errors)),
        "failures": str(failures),
        "errors": str(len(report.errors)),
    }
    suites = ET.Element("testsuites", name="loveaudit", **counts)
    suite = ET.SubElement(suites, "testsuite", name="loveaudit", **counts, skipped="0")
    props = ET.SubElement(suite, "properties")
    ET.SubElement(props, "property", name="loveaudit.version", value=report.version)
    ET.SubElement(props, "property", name="loveaudit.pipeline", value=_clean(report.pipeline))
    for doc in report.documents:
        path = _clean(doc.path or "<text>")
        case = ET.SubElement(suite, "testcase", classname=f"loveaudit.{doc.kind}", name=path)
        reasons = failed.get(doc.path or "<text>", ())
        if reasons:
            failure = ET.SubElement(
                case, "failure", type="gate", message=_clean("; ".join(reasons))
            )
            failure.text = _clean("\n".join(reasons))
        c = doc.finding_counts()
        lines = [
            f"love score {score_text(doc.score)}/100 ({doc.kind}, {doc.words} words): "
            f"{c['error']} error(s), {c['warning']} warning(s), {c['info']} info"
        ]
        for f in doc.findings:
            lines.extend(_finding_lines(path, f))
        out = ET.SubElement(case, "system-out")
        out.text = _clean("\n".join(lines))
    for error in report.errors:
        name = _clean(error.path)
        case = ET.SubElement(suite, "testcase", classname="loveaudit.input", name=name)
        ET.SubElement(case, "error", type="unreadable", message=_clean(error.message))
    ET.indent(suites)
    xml = ET.tostring(suites, "unicode")  # a document's own lines: safe in a CI log too
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + safe_markup(xml) + "\n"
