"""The results contract: what an audit produces and every renderer reads.

Renderers import this module and nothing from the checks or the NLP layer, so a report can
be rebuilt from its JSON alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from loveaudit.paths import shown_path
from loveaudit.scoring import round_score

SEVERITIES = ("error", "warning", "info")
SCHEMA_VERSION = "1.2"


# Score bands every renderer names in words (never a colour alone): (floor, key, words).
SCORE_BANDS = ((90.0, "loving", "Loving"), (75.0, "good", "Good"), (50.0, "fair", "Needs work"))
SCORE_BANDS += ((0.0, "poor", "Poor"),)
BAND_WORDS = {key: words for _, key, words in SCORE_BANDS} | {"none": "Not scored"}


def score_band(score: float | None) -> str:
    """The band a 0-100 score falls in ("none" when there is no score)."""
    if score is None:
        return "none"
    return next(key for floor, key, _ in SCORE_BANDS if score >= floor)


@dataclass(frozen=True)
class Finding:
    """One place in one document where the copy fails the customer, and what to do."""

    rule: str
    dimension: str
    severity: str
    message: str
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    text: str
    suggestion: str
    principle: str
    rewrite: str | None = None
    location: str | None = None  # "page 2, line 14" where the format has its own places

    def sort_key(self) -> tuple[Any, ...]:
        return (self.start, self.end, self.rule, self.message)


@dataclass(frozen=True)
class Suppressed:
    """A finding a suppression comment or a configured phrase turned off: counted and
    listed, never silently dropped. It no longer counts in gates or renderers' findings;
    the score is unchanged (suppression silences a finding, it does not fix the copy)."""

    finding: Finding
    reason: str  # the comment or configuration entry that suppressed it


@dataclass(frozen=True)
class Metric:
    """A measured value with the target it was held to, so a report can explain a score."""

    value: float | int | str | None
    unit: str = ""
    target: float | int | None = None
    comparison: str = ""  # ">=" or "<=" when a target is set
    label: str = ""


@dataclass(frozen=True)
class RuleOutcome:
    """How one rule went on one document: applicable or not, its 0-1 score, any error."""

    rule: str
    dimension: str
    applicable: bool
    score: float | None = None
    weight: float = 1.0
    reason: str = ""
    error: str | None = None
    evidence: float = 1.0  # 0-1: how much of the rule's weight this document's length earns
    impact: float = 0.0  # love-score points the document would gain if this rule passed


@dataclass(frozen=True)
class DocumentResult:
    """Everything loveaudit concluded about one document."""

    path: str | None
    kind: str
    kind_reason: str
    format: str
    words: int
    findings: tuple[Finding, ...]
    outcomes: tuple[RuleOutcome, ...]
    metrics: dict[str, Metric]
    dimensions: dict[str, float]
    score: float | None
    incomplete: tuple[str, ...] = ()
    text: str | None = None
    suppressed: tuple[Suppressed, ...] = ()
    # the ceiling serious findings put on the score (None: nothing capped it), and how much
    # of the kind's judgement the score rests on (0-1); see docs/scoring.md
    ceiling: float | None = None
    confidence: float | None = None
    purpose: str | None = None  # what the document is for within its kind (a receipt)
    purpose_reason: str = ""

    def finding_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(SEVERITIES, 0)
        for f in self.findings:
            counts[f.severity] += 1
        return counts


@dataclass(frozen=True)
class InputError:
    """An input that could not be audited, named so the user can act on it."""

    path: str
    message: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", shown_path(self.path))


@dataclass(frozen=True)
class DocumentSummary:
    """What the corpus totals and the gates read of a document: a few numbers per
    document instead of its findings. A Dask worker sends this with the document's
    rendered JSON line (`Rendered`), so the client never rebuilds the result itself."""

    path: str | None
    kind: str
    words: int
    score: float | None
    dimensions: dict[str, float]
    severities: dict[str, int]  # findings per severity
    rules: dict[str, int]  # findings per rule, in the order they first appear
    suppressed: int
    touch_point: tuple[str, float | None] | None  # (positive|neutral|negative, target)
    gains: tuple[tuple[str, float], ...]  # (rule, impact) of the rules that fell short

    @classmethod
    def of(cls, doc: DocumentResult) -> DocumentSummary:
        rules: dict[str, int] = {}
        for f in doc.findings:
            rules[f.rule] = rules.get(f.rule, 0) + 1
        touch_point = None
        for key, metric in doc.metrics.items():
            if key.endswith(".touch_point") and metric.value in ("positive", "neutral", "negative"):
                target = None if metric.target is None else float(metric.target)
                touch_point = (str(metric.value), target)
                break
        return cls(
            path=doc.path,
            kind=doc.kind,
            words=doc.words,
            score=doc.score,
            dimensions=doc.dimensions,
            severities=doc.finding_counts(),
            rules=rules,
            suppressed=len(doc.suppressed),
            touch_point=touch_point,
            gains=tuple((o.rule, o.impact) for o in doc.outcomes if o.impact > 0),
        )


@dataclass(frozen=True)
class Rendered:
    """A document audited and rendered where it was audited: its JSON Lines line and the
    summary the totals and gates need."""

    line: str
    summary: DocumentSummary


@dataclass
class TouchPointLedger:
    """Positive, neutral and negative touch points over a set of documents.

    Built from each document's `*.touch_point` metric alone, and mergeable, so documents
    audited in separate batches (or processes) add up to the same ledger.
    """

    positive: int = 0
    neutral: int = 0
    negative: int = 0
    target: float | None = None
    negative_documents: list[str] = field(default_factory=list)

    def add(self, doc: DocumentSummary) -> None:
        if doc.touch_point is None:
            return
        value, target = doc.touch_point
        setattr(self, value, getattr(self, value) + 1)
        if target is not None:
            self.target = target
        if value == "negative":
            self.negative_documents.append(doc.path or "<text>")

    def merge(self, other: TouchPointLedger) -> TouchPointLedger:
        return TouchPointLedger(
            self.positive + other.positive,
            self.neutral + other.neutral,
            self.negative + other.negative,
            self.target or other.target,
            sorted(self.negative_documents + other.negative_documents),
        )

    def as_dict(self) -> dict[str, Any]:
        target = self.target
        ratio = (self.positive / self.negative) if self.negative else None
        missing = max(0, int(target * self.negative) - self.positive) if target else 0
        return {
            "positive": self.positive,
            "neutral": self.neutral,
            "negative": self.negative,
            "ratio": None if ratio is None else round(ratio, 2),
            "target": target,
            "missing_positive": missing,
            "negative_documents": sorted(self.negative_documents),
        }


@dataclass(frozen=True)
class Verdict:
    """Whether the run passed its gates (see gates.py), and the sentence that says why."""

    passed: bool
    failures: tuple[str, ...]  # one line per failed gate
    summary: str  # ends the text and Markdown outputs
    # per document that failed a gate, why: what JUnit marks as a failed test case
    documents: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class RuleInfo:
    """What a report needs to explain a rule without the rule packs: SARIF's rule list,
    the HTML report's top fixes and tooltips."""

    id: str
    title: str
    dimension: str
    principle: str
    why: str
    fix: str


@dataclass(frozen=True)
class DimensionInfo:
    """A dimension's plain-language name and question, for readers of the report."""

    label: str
    description: str


@dataclass
class Report:
    """Results of one audit run plus what holds across the whole set."""

    version: str
    pipeline: str
    documents: list[DocumentResult] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    fail_under: float | None = None
    rules: dict[str, RuleInfo] = field(default_factory=dict)
    dimensions: dict[str, DimensionInfo] = field(default_factory=dict)
    verdict: Verdict | None = None  # set once the gates have been checked
    baseline: dict[str, Any] | None = None  # what changed against --baseline, when given

    def to_json(self) -> str:
        """The report in the JSON contract (see docs/json.md)."""
        from loveaudit.report.json import render

        return render(self)

    def to_html(self) -> str:
        """The report as one self-contained HTML page (see docs/html.md)."""
        from loveaudit.report.html import render

        return render(self)

    def top_fixes(self, limit: int = 5) -> list[dict[str, Any]]:
        """The rules whose fixing would raise the set's mean love score most (see Totals)."""
        return self.totals().top_fixes(limit)

    def totals(self) -> Totals:
        totals = Totals(self.fail_under)
        for doc in self.documents:
            totals.add(doc)
        totals.errors = len(self.errors)
        return totals

    def summary(self) -> dict[str, Any]:
        """Totals over the set: documents, findings by severity and rule, mean scores."""
        return self.totals().as_dict(self.baseline)


@dataclass
class Totals:
    """The corpus summary, built one document at a time from small numbers.

    A run over 100,000 documents streams each result out and keeps only this, so nothing
    grows with the corpus except the paths below a gate and the negative touch points.
    Adding documents in input order gives exactly `Report.summary()`.
    """

    fail_under: float | None = None
    documents: int = 0
    errors: int = 0
    words: int = 0
    score_sum: float = 0.0
    scored: int = 0
    dimension_sums: dict[str, float] = field(default_factory=dict)
    dimension_counts: dict[str, int] = field(default_factory=dict)
    kinds: dict[str, int] = field(default_factory=dict)
    severities: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SEVERITIES, 0))
    by_rule: dict[str, int] = field(default_factory=dict)
    suppressed: int = 0
    below: list[str] = field(default_factory=list)
    ledger: TouchPointLedger = field(default_factory=TouchPointLedger)
    gain: dict[str, float] = field(default_factory=dict)  # love-score points per rule
    gain_documents: dict[str, int] = field(default_factory=dict)

    def add(self, doc: DocumentResult | DocumentSummary) -> None:
        """Count one document, in input order (the sums are of floats, so the order is
        what makes every run add up to the same digits)."""
        if isinstance(doc, DocumentResult):
            doc = DocumentSummary.of(doc)
        self.documents += 1
        self.words += doc.words
        if doc.score is not None:
            self.score_sum += doc.score
            self.scored += 1
            if self.fail_under is not None and doc.score < self.fail_under:
                self.below.append(doc.path or "<text>")
        self.kinds[doc.kind] = self.kinds.get(doc.kind, 0) + 1
        for severity, count in doc.severities.items():
            self.severities[severity] += count
        for rule, count in doc.rules.items():
            self.by_rule[rule] = self.by_rule.get(rule, 0) + count
        self.suppressed += doc.suppressed
        for name, value in doc.dimensions.items():
            self.dimension_sums[name] = self.dimension_sums.get(name, 0) + value
            self.dimension_counts[name] = self.dimension_counts.get(name, 0) + 1
        self.ledger.add(doc)
        for rule, impact in doc.gains:
            self.gain[rule] = self.gain.get(rule, 0.0) + impact
            self.gain_documents[rule] = self.gain_documents.get(rule, 0) + 1

    def top_fixes(self, limit: int = 5) -> list[dict[str, Any]]:
        """Up to ``limit`` rules by the points the mean love score would gain if each
        passed everywhere, with how many documents and findings it concerns."""
        scored = self.scored or 1
        points = {rule: round_score(gain / scored) for rule, gain in self.gain.items()}
        ranked = sorted(points, key=lambda rule: (-points[rule], rule))
        return [
            {
                "rule": rule,
                "points": points[rule],
                "documents": self.gain_documents[rule],
                "findings": self.by_rule.get(rule, 0),
            }
            for rule in ranked[:limit]
            if points[rule] > 0
        ]

    def as_dict(self, baseline: dict[str, Any] | None = None) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "errors": self.errors,
            "words": self.words,
            "score": round_score(self.score_sum / self.scored) if self.scored else None,
            "dimensions": {
                k: round_score(self.dimension_sums[k] / self.dimension_counts[k])
                for k in sorted(self.dimension_sums)
            },
            "kinds": dict(sorted(self.kinds.items())),
            "findings": {
                "total": sum(self.severities.values()),
                **self.severities,
                "by_rule": dict(sorted(self.by_rule.items())),
                "suppressed": self.suppressed,
            },
            "fail_under": self.fail_under,
            "below_fail_under": sorted(self.below),
            "ledger": self.ledger.as_dict(),
            "top_fixes": self.top_fixes(),
            **({"baseline": baseline} if baseline is not None else {}),
        }
