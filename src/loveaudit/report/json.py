"""JSON: the stable machine contract (schema in `loveaudit/schema/report.schema.json`).

Same input, byte-identical output: keys in a fixed order, documents in input order,
findings by position, no timestamps.
"""

from __future__ import annotations

from typing import Any

from loveaudit.jsontext import dumps
from loveaudit.model import SCHEMA_VERSION, DocumentResult, Finding, Metric, Report


def finding_dict(f: Finding) -> dict[str, Any]:
    """One finding in the contract."""
    return {
        "rule": f.rule,
        "dimension": f.dimension,
        "severity": f.severity,
        "message": f.message,
        "line": f.line,
        "column": f.column,
        "end_line": f.end_line,
        "end_column": f.end_column,
        "start": f.start,
        "end": f.end,
        "text": f.text,
        "suggestion": f.suggestion,
        "rewrite": f.rewrite,
        "principle": f.principle,
        "location": f.location,
    }


def _metric(m: Metric) -> dict[str, Any]:
    out: dict[str, Any] = {"value": m.value, "unit": m.unit}
    if m.target is not None:
        out["target"] = m.target
        out["comparison"] = m.comparison
    if m.label:
        out["label"] = m.label
    return out


def document_dict(d: DocumentResult) -> dict[str, Any]:
    """One document's entry in the contract."""
    return {
        "path": d.path,
        "kind": d.kind,
        "kind_reason": d.kind_reason,
        "purpose": d.purpose,
        "purpose_reason": d.purpose_reason,
        "format": d.format,
        "words": d.words,
        "score": d.score,
        "ceiling": d.ceiling,
        "confidence": d.confidence,
        "dimensions": dict(d.dimensions),
        "incomplete": list(d.incomplete),
        "metrics": {k: _metric(v) for k, v in d.metrics.items()},
        "outcomes": [
            {
                "rule": o.rule,
                "dimension": o.dimension,
                "applicable": o.applicable,
                "score": o.score,
                "weight": o.weight,
                "evidence": o.evidence,
                "impact": o.impact,
                "reason": o.reason,
                "error": o.error,
            }
            for o in d.outcomes
        ],
        "findings": [finding_dict(f) for f in d.findings],
        "suppressed": [{**finding_dict(s.finding), "reason": s.reason} for s in d.suppressed],
    }


def used_rules(report: Report) -> list[str]:
    """Rules a reader of this report meets: those with a finding (suppressed or not) or a
    cost to a score."""
    used = {f.rule for d in report.documents for f in d.findings}
    used |= {s.finding.rule for d in report.documents for s in d.suppressed}
    used |= {o.rule for d in report.documents for o in d.outcomes if o.impact > 0}
    return sorted(rule for rule in used if rule in report.rules)


def report_dict(report: Report) -> dict[str, Any]:
    """The whole report as plain data, in the contract's key order."""
    return {
        "loveaudit": report.version,
        "schema_version": SCHEMA_VERSION,
        "pipeline": report.pipeline,
        "dimensions": {
            name: {"label": d.label, "description": d.description}
            for name, d in report.dimensions.items()
        },
        "rules": {
            rule: {
                "title": info.title,
                "dimension": info.dimension,
                "principle": info.principle,
                "why": info.why,
                "fix": info.fix,
            }
            for rule in used_rules(report)
            for info in (report.rules[rule],)
        },
        "documents": [document_dict(d) for d in report.documents],
        "errors": [{"path": e.path, "message": e.message} for e in report.errors],
        "summary": report.summary(),
    }


def render(report: Report, **_: object) -> str:
    return dumps(report_dict(report)) + "\n"
