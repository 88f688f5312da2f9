"""Finding fingerprints: the identity of a finding that survives edits elsewhere in a file.

A baseline must keep recognising an old finding after a paragraph is added above it, so the
fingerprint leaves out line numbers and offsets. It hashes the rule, the document's path and
the finding's own words (case and spacing folded), plus which occurrence of those words it
is in the document, so two identical sentences stay two findings.
"""

from __future__ import annotations

import hashlib

from loveaudit.model import DocumentResult, Finding

VERSION = "loveaudit/v1"  # the SARIF partialFingerprints key; bump if the recipe changes


def _normalise(text: str) -> str:
    return " ".join(text.casefold().split())


def fingerprints(doc: DocumentResult) -> dict[Finding, str]:
    """The fingerprint of every finding of ``doc``, suppressed ones included (an
    occurrence is counted among all of them, so suppressing one never renumbers another)."""
    everything = sorted([*doc.findings, *(s.finding for s in doc.suppressed)], key=Finding.sort_key)
    seen: dict[tuple[str, str], int] = {}
    out: dict[Finding, str] = {}
    path = (doc.path or "<text>").replace("\\", "/")
    for finding in everything:
        words = _normalise(finding.text)
        occurrence = seen.get((finding.rule, words), 0)
        seen[(finding.rule, words)] = occurrence + 1
        key = "\x1f".join((finding.rule, path, words, str(occurrence)))
        out[finding] = hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]
    return out
