"""Markdown: a summary for a pull-request comment or `$GITHUB_STEP_SUMMARY`.

Short by design: the verdict, the mean love score, one table row per document, the fixes
worth most points, and the findings folded away. Everything from the audited files is
escaped, so a path or a quoted sentence cannot break the table or inject markup.
"""

from __future__ import annotations

import re

from loveaudit.model import BAND_WORDS, Report, score_band
from loveaudit.report.lines import printable, safe_line
from loveaudit.scoring import score_text

MAX_FINDINGS = 100  # listed in the folded section; the rest are counted
_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def escape(text: str) -> str:
    """Text safe in a Markdown table cell or list item: no markup, no HTML, one line, no
    control character (see lines.py)."""
    text = " ".join(printable(text).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", text)


def _score(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{score_text(value)} ({BAND_WORDS[score_band(value)].lower()})"


def render(report: Report, **_: object) -> str:
    summary = report.summary()
    counts = summary["findings"]
    out = [f"## loveaudit: mean love score {_score(summary['score'])}", ""]
    if report.verdict is not None:
        mark = "✅" if report.verdict.passed else "❌"
        out += [f"{mark} {escape(report.verdict.summary)}", ""]
    out.append(
        f"{summary['documents']} document(s), {summary['words']} words: "
        f"{counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} info."
    )
    suppressed = sum(len(d.suppressed) for d in report.documents)
    if suppressed:
        out[-1] += f" {suppressed} finding(s) suppressed."
    out += ["", "| Document | Kind | Love score | Errors | Warnings | Info |"]
    out.append("|---|---|---:|---:|---:|---:|")
    for doc in report.documents:
        c = doc.finding_counts()
        out.append(
            f"| {escape(doc.path or '<text>')} | {doc.kind} | {_score(doc.score)} | "
            f"{c['error']} | {c['warning']} | {c['info']} |"
        )
    for error in report.errors:
        out.append(f"| {escape(error.path)} | – | unreadable: {escape(error.message)} | | | |")
    if summary["top_fixes"]:
        out += ["", "### Fix these first", ""]
        for i, fix in enumerate(summary["top_fixes"], 1):
            info = report.rules.get(fix["rule"])
            title = escape(info.title) if info else fix["rule"]
            how = f" {escape(info.fix)}" if info else ""
            out.append(
                f"{i}. **{title}** (`{fix['rule']}`): +{fix['points']:g} points, "
                f"lowers the score of {fix['documents']} document(s).{how}"
            )
    listed = [(doc, f) for doc in report.documents for f in doc.findings]
    if listed:
        out += ["", f"<details><summary>Findings ({len(listed)})</summary>", ""]
        for doc, f in listed[:MAX_FINDINGS]:
            where = escape(f"{doc.path or '<text>'}:{f.line}:{f.column}")
            line = f"- {where} **{f.severity}** `{f.rule}`: {escape(f.message)}"
            if f.rewrite:
                line += f" Rewrite: {escape(f.rewrite)}"
            out.append(line)
        if len(listed) > MAX_FINDINGS:
            out.append(f"- … and {len(listed) - MAX_FINDINGS} more (see the full report)")
        out += ["", "</details>"]
    out += ["", f"<sub>loveaudit {report.version} · {escape(report.pipeline)}</sub>"]
    return "\n".join(safe_line(line) for line in out) + "\n"
