"""Gates: whether a run passes, and one sentence that says why.

A CI job fails a change on a gate, so a gate must be exact about what failed: which
documents scored below which threshold, how many findings reached the `fail-on` severity,
which findings are new against the baseline. The verdict is computed from the report alone
and every renderer that ends with a verdict line (text, Markdown) prints the same sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from loveaudit.baseline import Comparison
from loveaudit.model import SEVERITIES, DocumentResult, Report, Verdict


@dataclass(frozen=True)
class Gates:
    """Thresholds a run is held to; every field off by default."""

    fail_under: float | None = None  # every document's love score
    fail_on: str | None = None  # "error" or "warning": a finding at or above fails
    dimensions: dict[str, float] = field(default_factory=dict)  # per-dimension floors
    kinds: dict[str, float] = field(default_factory=dict)  # love-score floor per kind

    def active(self) -> bool:
        return bool(self.fail_under is not None or self.fail_on or self.dimensions or self.kinds)


def _floor(gates: Gates, doc: DocumentResult) -> float | None:
    kind = gates.kinds.get(doc.kind)
    if kind is not None:
        return kind
    return gates.fail_under


def _names(paths: list[str], limit: int = 5) -> str:
    shown = ", ".join(paths[:limit])
    return shown + (f" and {len(paths) - limit} more" if len(paths) > limit else "")


def verdict(report: Report, gates: Gates, baseline: Comparison | None = None) -> Verdict:
    """The run's verdict. With a baseline comparison, only what is new counts: findings not
    in the baseline, scores lower than the baseline's, and the floors and dimension floors
    of documents the baseline does not know."""
    failures: list[str] = []
    old_docs = baseline.documents if baseline else frozenset()

    def judged(doc: DocumentResult) -> bool:  # held to the absolute floors
        return (doc.path or "<text>") not in old_docs

    below: list[str] = []
    for doc in report.documents:
        floor = _floor(gates, doc)
        if floor is not None and doc.score is not None and doc.score < floor and judged(doc):
            below.append(f"{doc.path or '<text>'} ({doc.score:g} < {floor:g})")
    if below:
        failures.append(f"{len(below)} document(s) below the love-score gate: {_names(below)}")
    for dim, floor in sorted(gates.dimensions.items()):
        low = [
            f"{doc.path or '<text>'} ({doc.dimensions[dim]:g})"
            for doc in report.documents
            if dim in doc.dimensions and doc.dimensions[dim] < floor and judged(doc)
        ]
        if low:
            failures.append(f"{len(low)} document(s) below {floor:g} in {dim}: {_names(low)}")
    if baseline is None:
        counted = [f for doc in report.documents for f in doc.findings]
    else:
        counted = [f for _, f in baseline.new]
    if gates.fail_on:
        worst = SEVERITIES.index(gates.fail_on)
        hits = sum(1 for f in counted if SEVERITIES.index(f.severity) <= worst)
        if hits:
            level = "errors" if gates.fail_on == "error" else "warnings or errors"
            new = " new" if baseline else ""
            failures.append(f"{hits}{new} finding(s) are {level} (--fail-on {gates.fail_on})")
    elif baseline is not None and counted:
        failures.append(f"{len(counted)} finding(s) are new since the baseline")
    if baseline is not None and baseline.dropped:
        dropped = [f"{p} ({old:g} -> {now:g})" for p, old, now in baseline.dropped]
        failures.append(
            f"{len(dropped)} document(s) scored lower than in the baseline: {_names(dropped)}"
        )
    if report.errors:
        failures.append(f"{len(report.errors)} input(s) could not be read")
    if failures:
        return Verdict(False, tuple(failures), "FAILED: " + "; ".join(failures) + ".")
    parts = []
    if gates.fail_under is not None:
        parts.append(f"every document scores at least {gates.fail_under:g}")
    for kind, floor in sorted(gates.kinds.items()):
        parts.append(f"every {kind} document scores at least {floor:g}")
    for dim, floor in sorted(gates.dimensions.items()):
        parts.append(f"{dim} is at least {floor:g} everywhere")
    if gates.fail_on:
        level = "an error" if gates.fail_on == "error" else "a warning or error"
        parts.append(f"no finding is {level}")
    if baseline is not None:
        parts.append(
            "no new findings and no lower scores than the baseline"
            + (f" ({baseline.fixed} baseline finding(s) fixed)" if baseline.fixed else "")
        )
    if not parts:
        parts.append("no gate set (--fail-under, --fail-on or --baseline fail a build)")
    return Verdict(True, (), "PASSED: " + "; ".join(parts) + ".")
