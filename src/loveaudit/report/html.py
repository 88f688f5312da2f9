"""HTML: one self-contained page a marketer can act on (see docs/html.md).

The page is rendered from the report model alone. All wording and layout live in the
template, stylesheet and script beside this module; this module only shapes the report into
what the template walks: the text cut into highlighted segments, the headline metrics, the
chart geometry. Everything from the audited copy reaches the page through Jinja2's
autoescaping, and the Content-Security-Policy allows only this page's own style and script
(by hash), so audited text can never run or load anything.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import jinja2

from loveaudit.model import (
    BAND_WORDS,
    SEVERITIES,
    DocumentResult,
    Finding,
    Metric,
    Report,
    score_band,
)
from loveaudit.report.json import used_rules
from loveaudit.report.lines import safe_markup
from loveaudit.scoring import score_text

_SEVERITY_RANK = {name: i for i, name in enumerate(SEVERITIES)}

# Documents whose full text the page embeds; past this, the table still lists every
# document and the page says how many were left out (a page of 10,000 texts is unusable).
MAX_EMBEDDED_DOCUMENTS = 2000
# Past this many documents, each document's text and findings are built in the browser only
# when the reader opens it (see the template); the page then loads in a fraction of the time.
LAZY_AFTER = 100

# Gauge geometry (SVG user units): a ring drawn with a dash as long as the score.
_GAUGE_RADIUS = 52.0
_GAUGE_LENGTH = 2 * math.pi * _GAUGE_RADIUS

# Headline metrics for each document, found by the key's suffix so that a renamed or
# user-written rule that reports the same measure still shows up.
_HEADLINES = {
    "customer_share": "focus",
    "customer_references": "focus_customer",
    "business_references": "focus_business",
    "grade": "appreciation",
    "best_sentence": "appreciation_best",
    "consensus_grade": "reading_grade",
    "flesch_reading_ease": "reading_ease",
    "opening": "opening",
    "spoken_seconds": "spoken_seconds",
}


@dataclass(frozen=True)
class Segment:
    """A run of the text with the same findings over it (none: plain text)."""

    text: str
    findings: tuple[int, ...]  # indexes into the document's findings
    anchors: tuple[int, ...]  # findings that start here (jump targets)
    dimension: str = ""
    severity: str = ""


def _segments(text: str, findings: tuple[Finding, ...]) -> list[Segment]:
    """Cut the text at every finding's start and end, so overlapping findings each keep
    their exact span: a segment lists every finding that covers it."""
    spans = [(i, f) for i, f in enumerate(findings) if 0 <= f.start < f.end <= len(text)]
    cuts = sorted({0, len(text), *(f.start for _, f in spans), *(f.end for _, f in spans)})
    starts: dict[int, list[int]] = {}
    for i, f in spans:
        starts.setdefault(f.start, []).append(i)
    out: list[Segment] = []
    active: list[tuple[int, Finding]] = []
    by_start = sorted(spans, key=lambda item: item[1].start)
    k = 0
    for a, b in itertools.pairwise(cuts):
        while k < len(by_start) and by_start[k][1].start <= a:
            active.append(by_start[k])
            k += 1
        active = [(i, f) for i, f in active if f.end > a]
        covering = tuple(i for i, _ in active)
        lead = (
            min(active, key=lambda item: (_SEVERITY_RANK[item[1].severity], item[1].end))[1]
            if active
            else None
        )
        out.append(
            Segment(
                text[a:b],
                covering,
                tuple(starts.get(a, ())),
                lead.dimension if lead else "",
                lead.severity if lead else "",
            )
        )
    return out


def _headlines(metrics: dict[str, Metric]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, metric in metrics.items():
        name = _HEADLINES.get(key.rsplit(".", 1)[-1])
        if name is None or name in found:
            continue
        if name == "appreciation" and metric.unit != "grade 0-3":
            continue
        found[name] = metric.value
    return found


def _document_view(index: int, doc: DocumentResult) -> dict[str, Any]:
    inline = [f for f in doc.findings if f.end > f.start]
    whole = [i for i, f in enumerate(doc.findings) if f.end <= f.start]
    costs = sorted((o for o in doc.outcomes if o.impact > 0), key=lambda o: (-o.impact, o.rule))
    seven = next((o for o in doc.outcomes if o.rule.endswith("seven-seconds")), None)
    return {
        "id": f"d{index}",
        "doc": doc,
        "band": score_band(doc.score),
        "segments": _segments(doc.text, doc.findings) if doc.text is not None else None,
        "inline": len(inline),
        "whole": whole,
        "rules": sorted({f.rule for f in doc.findings}),
        "top": costs[0].rule if costs else "",
        "costs": costs,
        "headlines": _headlines(doc.metrics),
        "opening_passed": (None if seven is None or seven.score is None else seven.score >= 1.0),
        "counts": doc.finding_counts(),
    }


def _ledger_view(ledger: dict[str, Any]) -> dict[str, Any]:
    """Bar lengths for the touch-point chart: positive touch points against the positive
    ones the target asks for (target x negative)."""
    target = ledger["target"] or 0
    needed = target * ledger["negative"]
    scale = max(ledger["positive"], needed, ledger["neutral"], ledger["negative"], 1)
    return {
        **ledger,
        "needed": needed,
        "bars": {
            "positive": 100.0 * ledger["positive"] / scale,
            "needed": 100.0 * needed / scale,
            "negative": 100.0 * ledger["negative"] / scale,
            "neutral": 100.0 * ledger["neutral"] / scale,
        },
    }


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("loveaudit.report", "templates"),
        autoescape=True,  # every value from the audit is escaped, in text and attributes
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["band"] = score_band
    env.globals["BAND_WORDS"] = BAND_WORDS
    env.globals["score_text_of"] = score_text
    return env


def _asset(name: str) -> str:
    return resources.files("loveaudit.report").joinpath("templates", name).read_text("utf-8")


def _sha256(source: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode()


def render(report: Report, **_: object) -> str:
    """The report as one HTML page with no external resources."""
    summary = report.summary()
    embedded = report.documents[:MAX_EMBEDDED_DOCUMENTS]
    documents = [_document_view(i, d) for i, d in enumerate(embedded)]
    style = _asset("report.css")
    script = _asset("report.js")
    csp = (
        "default-src 'none'; "
        f"style-src '{_sha256(style)}'; "
        f"script-src '{_sha256(script)}'; "
        "img-src 'none'; font-src 'none'; connect-src 'none'; "
        "base-uri 'none'; form-action 'none'"
    )
    score = summary["score"]
    page = (
        _environment()
        .get_template("report.html.j2")
        .render(
            report=report,
            summary=summary,
            documents=documents,
            left_out=len(report.documents) - len(embedded),
            lazy=len(documents) > LAZY_AFTER,
            rules=report.rules,
            used_rules=used_rules(report),
            dimensions=report.dimensions,
            ledger=_ledger_view(summary["ledger"]),
            kinds=sorted(summary["kinds"]),
            rule_ids=sorted(summary["findings"]["by_rule"]),
            gauge={
                "length": round(_GAUGE_LENGTH, 2),
                "dash": round(_GAUGE_LENGTH * (score or 0) / 100.0, 2),
                "radius": _GAUGE_RADIUS,
            },
            style=_STYLE_HERE,
            script=_SCRIPT_HERE,
            csp=csp,
        )
    )
    # the documents' own lines, safe in a CI log; the style and script, whose hashes are in
    # the policy, go in unchanged afterwards (in the head, and last: a document quoting
    # the placeholders cannot move them)
    head, _, rest = safe_markup(page).partition(_STYLE_HERE)
    body, _, tail = rest.rpartition(_SCRIPT_HERE)
    return head + style + body + script + tail


_STYLE_HERE = "/*loveaudit:style*/"
_SCRIPT_HERE = "/*loveaudit:script*/"
