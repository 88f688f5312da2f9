"""Rendering a before/after comparison as text, JSON or Markdown."""

from __future__ import annotations

from typing import Any

from loveaudit.compare import Comparison
from loveaudit.jsontext import dumps
from loveaudit.model import SCHEMA_VERSION, Finding
from loveaudit.report.json import document_dict, finding_dict
from loveaudit.report.lines import printable, safe_line
from loveaudit.scoring import change_text as _signed
from loveaudit.scoring import score_text as _number


def comparison_dict(c: Comparison, version: str, pipeline: str) -> dict[str, Any]:
    """The comparison as plain data (schema: `loveaudit/schema/compare.schema.json`)."""
    return {
        "loveaudit": version,
        "schema_version": SCHEMA_VERSION,
        "pipeline": pipeline,
        "score": {"before": c.before.score, "after": c.after.score, "change": c.score_change},
        "dimensions": {
            name: {"before": d.before, "after": d.after, "change": d.change}
            for name, d in c.dimensions.items()
        },
        "findings": {
            "appeared": [finding_dict(f) for f in c.appeared],
            "disappeared": [finding_dict(f) for f in c.disappeared],
            "changed": [
                {"before": finding_dict(a), "after": finding_dict(b)} for a, b in c.changed
            ],
        },
        "before": document_dict(c.before),
        "after": document_dict(c.after),
    }


def _line(f: Finding) -> str:
    return f"{f.rule}: {printable(f.message)}"


def render_text(c: Comparison) -> str:
    lines = [
        f"love score {_number(c.before.score)} -> {_number(c.after.score)} "
        f"({_signed(c.score_change) or 'n/a'})",
    ]
    for name, d in c.dimensions.items():
        lines.append(
            f"  {name:<13} {_number(d.before):>4} -> {_number(d.after):>4}  {_signed(d.change)}"
        )
    for title, items in (("fixed", c.disappeared), ("new", c.appeared)):
        lines.append(f"{title} ({len(items)}):")
        lines.extend(f"  - {_line(f)}" for f in items)
    if c.changed:
        lines.append(f"changed ({len(c.changed)}):")
        lines.extend(f"  - {_line(a)} -> {printable(b.message)}" for a, b in c.changed)
    return "\n".join(safe_line(line) for line in lines) + "\n"


def render_markdown(c: Comparison) -> str:
    lines = [
        "| | before | after | change |",
        "|---|---:|---:|---:|",
        f"| **love score** | {_number(c.before.score)} | {_number(c.after.score)} | "
        f"{_signed(c.score_change)} |",
    ]
    lines += [
        f"| {name} | {_number(d.before)} | {_number(d.after)} | {_signed(d.change)} |"
        for name, d in c.dimensions.items()
    ]
    for title, items in (("Fixed", c.disappeared), ("New", c.appeared)):
        lines += ["", f"**{title} ({len(items)})**", ""]
        lines += [f"- `{f.rule}`: {printable(f.message)}" for f in items] or ["- none"]
    return "\n".join(safe_line(line) for line in lines) + "\n"


def render(c: Comparison, fmt: str, version: str, pipeline: str) -> str:
    if fmt == "json":
        return dumps(comparison_dict(c, version, pipeline)) + "\n"
    if fmt == "markdown":
        return render_markdown(c)
    return render_text(c)
