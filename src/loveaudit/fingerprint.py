"""Finding fingerprints: the identity of a finding that survives edits elsewhere in a file.

A baseline must keep recognising an old finding after a paragraph is added above it, so the
fingerprint leaves out line numbers and offsets. It hashes the rule, the document's path and
the finding's own words (case and spacing folded), plus which occurrence of those words it
is in the document, so two identical sentences stay two findings.
"""

from __future__ import annotations

import hashlib

from loveaudit.model import DocumentResult

VERSION = "loveaudit/v1"  # the SARIF partialFingerprints key; bump if the recipe changes


def _normalise(text: str) -> str:
    return " ".join(text.casefold().split())


def fingerprints(doc: DocumentResult) -> list[str]:
    """One fingerprint per finding of ``doc``, in the order of ``doc.findings``."""
    seen: dict[tuple[str, str], int] = {}
    out: list[str] = []
    path = (doc.path or "<text>").replace("\\", "/")
    for finding in doc.findings:
        words = _normalise(finding.text)
        occurrence = seen.get((finding.rule, words), 0)
        seen[(finding.rule, words)] = occurrence + 1
        key = "\x1f".join((finding.rule, path, words, str(occurrence)))
        out.append(hashlib.sha256(key.encode("utf-8")).hexdigest()[:20])
    return out
