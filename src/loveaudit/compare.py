"""Two versions of one message, side by side: what a rewrite bought, dimension by dimension.

Findings are matched by rule and the words they quote (not by position, which every edit
above them shifts): a finding in both versions is kept, or changed if its message or
severity differs; the rest appeared or disappeared.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from loveaudit.model import DocumentResult, Finding
from loveaudit.scoring import round_score


@dataclass(frozen=True)
class DimensionChange:
    before: float | None
    after: float | None

    @property
    def change(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return round_score(self.after - self.before)


@dataclass(frozen=True)
class Comparison:
    """The before and after results and what changed between them."""

    before: DocumentResult
    after: DocumentResult
    dimensions: dict[str, DimensionChange]
    appeared: tuple[Finding, ...]
    disappeared: tuple[Finding, ...]
    changed: tuple[tuple[Finding, Finding], ...]

    @property
    def score_change(self) -> float | None:
        return DimensionChange(self.before.score, self.after.score).change


def _key(finding: Finding) -> tuple[str, str]:
    return finding.rule, " ".join(finding.text.lower().split())


def compare_results(before: DocumentResult, after: DocumentResult) -> Comparison:
    """Compare two audited versions of the same message."""
    names = sorted(set(before.dimensions) | set(after.dimensions))
    dims = {n: DimensionChange(before.dimensions.get(n), after.dimensions.get(n)) for n in names}
    remaining = Counter(_key(f) for f in after.findings)
    by_key: dict[tuple[str, str], list[Finding]] = {}
    for f in after.findings:
        by_key.setdefault(_key(f), []).append(f)
    disappeared, changed = [], []
    for f in before.findings:
        key = _key(f)
        if remaining[key]:
            remaining[key] -= 1
            match = by_key[key].pop(0)
            if (match.message, match.severity) != (f.message, f.severity):
                changed.append((f, match))
        else:
            disappeared.append(f)
    appeared = [f for fs in by_key.values() for f in fs]
    appeared.sort(key=Finding.sort_key)
    return Comparison(before, after, dims, tuple(appeared), tuple(disappeared), tuple(changed))
