"""Gates: whether a run passes, and one sentence that says why.

A CI job fails a change on a gate, so a gate must be exact about what failed: which
documents scored below which threshold, how many findings reached the `fail-on` severity,
which findings are new against the baseline. Gates are checked one document at a time, so
a streamed run over any number of documents keeps only what failed; every renderer that
ends with a verdict line (text, Markdown) prints the same sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from loveaudit.baseline import Baseline, Comparison
from loveaudit.model import SEVERITIES, DocumentResult, DocumentSummary, Finding, Report, Verdict
from loveaudit.scoring import score_text


@dataclass(frozen=True)
class Gates:
    """Thresholds a run is held to; every field off by default."""

    fail_under: float | None = None  # every document's love score
    fail_on: str | None = None  # "error" or "warning": a finding at or above fails
    dimensions: dict[str, float] = field(default_factory=dict)  # per-dimension floors
    kinds: dict[str, float] = field(default_factory=dict)  # love-score floor per kind


def _names(paths: list[str], limit: int = 5) -> str:
    shown = ", ".join(paths[:limit])
    return shown + (f" and {len(paths) - limit} more" if len(paths) > limit else "")


class GateCheck:
    """The gates applied to documents as they come. With a baseline only what is new
    counts: findings not in it, scores lower than its, and the floors of documents it does
    not know."""

    def __init__(self, gates: Gates, baseline: Baseline | None = None) -> None:
        self.gates = gates
        self.comparison = Comparison(baseline) if baseline is not None else None
        self.below: list[str] = []
        self.low: dict[str, list[str]] = {dim: [] for dim in sorted(gates.dimensions)}
        self.counted = 0  # findings at or above fail-on (new ones, with a baseline)
        self.new = 0
        self._worst = SEVERITIES.index(gates.fail_on) if gates.fail_on else -1
        self.failed: dict[str, list[str]] = {}  # per document, the gates it failed

    def _fail(self, path: str, reason: str) -> None:
        self.failed.setdefault(path, []).append(reason)

    def add(self, doc: DocumentResult, shown: tuple[Finding, ...] | None = None) -> None:
        """Check one document; ``shown`` limits the findings that count (changed lines)."""
        path = doc.path or "<text>"
        if self.comparison is None or not self.comparison.knows(path):
            self._floors(path, doc.kind, doc.score, doc.dimensions)
        dropped = len(self.comparison.dropped) if self.comparison is not None else 0
        findings = self.comparison.add(doc) if self.comparison is not None else doc.findings
        if self.comparison is not None and len(self.comparison.dropped) > dropped:
            _, old, now = self.comparison.dropped[-1]
            self._fail(
                path, f"love score {score_text(now)} is lower than the baseline's {score_text(old)}"
            )
        if shown is not None:
            visible = set(shown)
            findings = [f for f in findings if f in visible]
        counted = sum(1 for f in findings if SEVERITIES.index(f.severity) <= self._worst)
        self._findings(path, len(findings), counted)

    def _findings(self, path: str, new: int, counted: int) -> None:
        self.new += new
        self.counted += counted
        baseline = " new" if self.comparison is not None else ""
        if counted:
            level = "an error" if self.gates.fail_on == "error" else "a warning or error"
            self._fail(
                path, f"{counted}{baseline} finding(s) at {level} (--fail-on {self.gates.fail_on})"
            )
        elif new and not self.gates.fail_on and self.comparison is not None:
            self._fail(path, f"{new} finding(s) new since the baseline")

    def add_summary(self, doc: DocumentSummary) -> None:
        """Check a document known by its summary alone (audited and rendered on a Dask
        worker). Only used without a baseline, which would need the findings."""
        if self.comparison is not None:
            raise ValueError("a baseline is compared on findings, not on summaries")
        path = doc.path or "<text>"
        self._floors(path, doc.kind, doc.score, doc.dimensions)
        self._findings(
            path,
            sum(doc.severities.values()),
            sum(
                n
                for severity, n in doc.severities.items()
                if SEVERITIES.index(severity) <= self._worst
            ),
        )

    def _floors(
        self, path: str, kind: str, score: float | None, dimensions: dict[str, float]
    ) -> None:
        floor = self.gates.kinds.get(kind, self.gates.fail_under)
        if floor is not None and score is not None and score < floor:
            self.below.append(f"{path} ({score_text(score)} < {floor:g})")
            self._fail(path, f"love score {score_text(score)} is below {floor:g}")
        for dim, dim_floor in self.gates.dimensions.items():
            if dim in dimensions and dimensions[dim] < dim_floor:
                self.low[dim].append(f"{path} ({score_text(dimensions[dim])})")
                self._fail(path, f"{dim} {score_text(dimensions[dim])} is below {dim_floor:g}")

    def verdict(self, errors: int = 0) -> Verdict:
        gates, baseline = self.gates, self.comparison
        failures: list[str] = []
        if self.below:
            failures.append(
                f"{len(self.below)} document(s) below the love-score gate: {_names(self.below)}"
            )
        for dim, low in self.low.items():
            if low:
                floor = gates.dimensions[dim]
                failures.append(f"{len(low)} document(s) below {floor:g} in {dim}: {_names(low)}")
        if gates.fail_on and self.counted:
            level = "errors" if gates.fail_on == "error" else "warnings or errors"
            new = " new" if baseline is not None else ""
            failures.append(
                f"{self.counted}{new} finding(s) are {level} (--fail-on {gates.fail_on})"
            )
        elif not gates.fail_on and baseline is not None and self.new:
            failures.append(f"{self.new} finding(s) are new since the baseline")
        if baseline is not None and baseline.dropped:
            dropped = [
                f"{p} ({score_text(old)} -> {score_text(now)})" for p, old, now in baseline.dropped
            ]
            failures.append(
                f"{len(dropped)} document(s) scored lower than in the baseline: {_names(dropped)}"
            )
        if errors:
            failures.append(f"{errors} input(s) could not be read")
        if failures:
            documents = {path: tuple(reasons) for path, reasons in sorted(self.failed.items())}
            return Verdict(
                False, tuple(failures), "FAILED: " + "; ".join(failures) + ".", documents
            )
        return Verdict(True, (), "PASSED: " + "; ".join(self._passed()) + ".")

    def _passed(self) -> list[str]:
        gates, parts = self.gates, []
        if gates.fail_under is not None:
            parts.append(f"every document scores at least {gates.fail_under:g}")
        for kind, floor in sorted(gates.kinds.items()):
            parts.append(f"every {kind} document scores at least {floor:g}")
        for dim, floor in sorted(gates.dimensions.items()):
            parts.append(f"{dim} is at least {floor:g} everywhere")
        if gates.fail_on:
            level = "an error" if gates.fail_on == "error" else "a warning or error"
            parts.append(f"no finding is {level}")
        if self.comparison is not None:
            fixed = self.comparison.fixed
            parts.append(
                "no new findings and no lower scores than the baseline"
                + (f" ({fixed} baseline finding(s) fixed)" if fixed else "")
            )
        return parts or ["no gate set (--fail-under, --fail-on or --baseline fail a build)"]


def verdict(report: Report, gates: Gates, baseline: Baseline | None = None) -> Verdict:
    """The verdict on a whole report (the library's way; the CLI checks as it streams)."""
    check = GateCheck(gates, baseline)
    for doc in report.documents:
        check.add(doc)
    return check.verdict(len(report.errors))
