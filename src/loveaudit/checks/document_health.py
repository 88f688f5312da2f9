"""Findings about the document itself rather than its copy: empty, or badly encoded."""

from __future__ import annotations

from typing import TYPE_CHECKING

from loveaudit.checks.base import Check, CheckResult, Hit

if TYPE_CHECKING:
    from loveaudit.nlp import Annotated


class EmptyText(Check):
    """An empty document is reported, not failed: there is nothing to judge."""

    name = "empty_text"
    needs = frozenset()
    placeholders = frozenset()

    def run(self, ann: Annotated, params) -> CheckResult:
        hits = [] if ann.words else [Hit(0, 0)]
        return CheckResult(applicable=False, hits=hits, reason="reports only")


class DecodeWarnings(Check):
    """Readers' warnings (bytes that were not valid text) become findings the user sees."""

    name = "decode_warnings"
    needs = frozenset()
    placeholders = frozenset({"detail"})

    def run(self, ann: Annotated, params) -> CheckResult:
        text = ann.document.text
        bad = text.find("\ufffd")
        start = max(bad, 0)
        hits = [
            Hit(start, start + (1 if bad >= 0 else 0), {"detail": w}) for w in ann.document.warnings
        ]
        return CheckResult(applicable=False, hits=hits, reason="reports only")
