"""Baselines: adopt loveaudit on an existing site and fail only on what gets worse.

`--write-baseline FILE` records every document's love score and the fingerprints of its
findings (see fingerprint.py: rule, path and the words found, never line numbers). A later
`--baseline FILE` run then holds each document to that record: a finding whose fingerprint
is in the baseline is old, and a document may not score lower than it did. Everything
else the gates check (fail-on, the floors) is judged on what is new.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from loveaudit.errors import ConfigError, Problem
from loveaudit.fingerprint import VERSION, fingerprints
from loveaudit.jsontext import dumps
from loveaudit.model import DocumentResult, Finding

FORMAT = "loveaudit-baseline"


def entry(doc: DocumentResult) -> tuple[str, dict[str, Any]]:
    """One document's line in a baseline: its score and its findings by fingerprint."""
    prints = fingerprints(doc)
    return doc.path or "<text>", {
        "score": doc.score,
        "findings": {
            prints[f]: {"rule": f.rule, "text": f.text}
            for f in sorted(doc.findings, key=lambda f: prints[f])
        },
    }


def baseline_dict(entries: Iterable[tuple[str, dict[str, Any]]], version: str) -> dict[str, Any]:
    """The baseline of a run, from its documents' entries."""
    return {
        "format": FORMAT,
        "fingerprint": VERSION,
        "loveaudit": version,
        "documents": dict(sorted(entries)),
    }


def render(entries: Iterable[tuple[str, dict[str, Any]]], version: str) -> str:
    return dumps(baseline_dict(entries, version)) + "\n"


@dataclass
class Baseline:
    scores: dict[str, float | None] = field(default_factory=dict)
    findings: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Baseline:
        def fail(message: str) -> ConfigError:
            return ConfigError([Problem(str(path), None, message, key="--baseline")])

        try:
            data = json.loads(path.read_text("utf-8"))
        except OSError as exc:
            raise fail(f"cannot be read: {exc.strerror}") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise fail(f"not a baseline file (not valid JSON: {exc})") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise fail("not a baseline file (write one with --write-baseline)")
        if data.get("fingerprint") != VERSION:
            raise fail(
                f"written with fingerprints {data.get('fingerprint')!r}, this loveaudit uses "
                f"{VERSION!r}: write a new baseline"
            )
        baseline = cls()
        for doc_path, entry in data.get("documents", {}).items():
            baseline.scores[doc_path] = entry.get("score")
            baseline.findings[doc_path] = set(entry.get("findings", {}))
        return baseline


@dataclass
class Comparison:
    """What changed against the baseline, built one document at a time."""

    baseline: Baseline
    new: list[tuple[str, Finding]] = field(default_factory=list)  # not in the baseline
    dropped: list[tuple[str, float, float]] = field(default_factory=list)  # (path, was, now)
    fixed: int = 0  # baseline findings no longer found in the documents audited

    def knows(self, path: str) -> bool:
        return path in self.baseline.scores

    def add(self, doc: DocumentResult) -> list[Finding]:
        """Compare one document; returns its new findings."""
        path = doc.path or "<text>"
        known = self.baseline.findings.get(path, set())
        prints = fingerprints(doc)
        new = [f for f in doc.findings if prints[f] not in known]
        self.new.extend((path, f) for f in new)
        now = {prints[f] for f in doc.findings} | {prints[s.finding] for s in doc.suppressed}
        self.fixed += len(known - now)
        before = self.baseline.scores.get(path)
        if before is not None and doc.score is not None and doc.score < before:
            self.dropped.append((path, before, doc.score))
        return new


def summary(comparison: Comparison) -> dict[str, Any]:
    """What the JSON report says about the baseline comparison."""
    return {
        "new_findings": [
            {"path": path, "rule": f.rule, "line": f.line, "column": f.column, "text": f.text}
            for path, f in comparison.new
        ],
        "lower_scores": [
            {"path": path, "baseline": old, "score": now} for path, old, now in comparison.dropped
        ],
        "fixed": comparison.fixed,
    }
