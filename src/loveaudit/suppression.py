"""Suppression: turning findings off where the writer means it, and saying so.

The directives in a file are read by its reader (sources/directives.py) and travel on the
Document as line ranges; configuration adds exact phrases per rule (``[suppress]``). A
suppressed finding leaves the findings and the gates but is kept in the result with the
directive that suppressed it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from loveaudit.document import Suppression
from loveaudit.model import Finding, Suppressed


def apply(
    findings: Iterable[Finding],
    suppressions: Iterable[Suppression],
    phrases: Mapping[str, tuple[str, ...]],
) -> tuple[list[Finding], list[Suppressed]]:
    """Split findings into those that stand and those a directive or phrase turned off."""
    suppressions = tuple(suppressions)
    folded = {rule: {" ".join(p.casefold().split()) for p in ps} for rule, ps in phrases.items()}
    kept: list[Finding] = []
    off: list[Suppressed] = []
    for finding in findings:
        reason = next(
            (s.directive for s in suppressions if s.covers(finding.rule, finding.line)), None
        )
        if reason is None and finding.text:
            words = " ".join(finding.text.casefold().split())
            for rule in (finding.rule, "*"):
                if words in folded.get(rule, ()):
                    reason = f'configuration: suppress {rule} "{finding.text}"'
                    break
        if reason is None:
            kept.append(finding)
        else:
            off.append(Suppressed(finding, reason))
    return kept, off
