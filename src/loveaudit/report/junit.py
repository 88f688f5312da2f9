"""JUnit XML: one test case per document, one failure per finding, for CI test tabs.

Jenkins, GitLab and Azure DevOps show JUnit results natively. A document is a test case
named by its path; each finding is a `<failure>` with the rule as its type and the place and
advice as its text; an input that could not be read is an `<error>`. No timestamps or
durations, so the same input gives the same file.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from loveaudit.model import Report
from loveaudit.report.lines import safe_markup

# characters XML 1.0 cannot carry, even escaped
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def render(report: Report, **_: object) -> str:
    findings = sum(len(d.findings) for d in report.documents)
    suites = ET.Element(
        "testsuites",
        name="loveaudit",
        tests=str(len(report.documents) + len(report.errors)),
        failures=str(findings),
        errors=str(len(report.errors)),
    )
    suite = ET.SubElement(
        suites,
        "testsuite",
        name="loveaudit",
        tests=str(len(report.documents) + len(report.errors)),
        failures=str(findings),
        errors=str(len(report.errors)),
        skipped="0",
    )
    props = ET.SubElement(suite, "properties")
    ET.SubElement(props, "property", name="loveaudit.version", value=report.version)
    ET.SubElement(props, "property", name="loveaudit.pipeline", value=_clean(report.pipeline))
    for doc in report.documents:
        path = _clean(doc.path or "<text>")
        case = ET.SubElement(suite, "testcase", classname=f"loveaudit.{doc.kind}", name=path)
        for f in doc.findings:
            failure = ET.SubElement(
                case,
                "failure",
                type=f"{f.severity}:{f.rule}",
                message=_clean(f"{f.rule}: {f.message}"),
            )
            lines = [f"{path}:{f.line}:{f.column}: {f.severity}: {f.message} [{f.rule}]"]
            if f.text:
                lines.append(f"found: {f.text}")
            if f.rewrite:
                lines.append(f"rewrite: {f.rewrite}")
            lines.append(f"fix: {f.suggestion}")
            failure.text = _clean("\n".join(lines))
        score = "n/a" if doc.score is None else f"{doc.score:g}"
        out = ET.SubElement(case, "system-out")
        out.text = _clean(f"love score {score}/100 ({doc.kind}, {doc.words} words)")
    for error in report.errors:
        name = _clean(error.path)
        case = ET.SubElement(suite, "testcase", classname="loveaudit.input", name=name)
        ET.SubElement(case, "error", type="unreadable", message=_clean(error.message))
    ET.indent(suites)
    xml = ET.tostring(suites, "unicode")  # a document's own lines: safe in a CI log too
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + safe_markup(xml) + "\n"
