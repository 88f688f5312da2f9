"""Only what changed: the files, and the lines, a change touched since a git ref.

On a pull request a reviewer wants the findings the change brought, not the site's whole
history. ``--changed-since REF`` audits only files that differ from REF (committed, staged
or not, and new untracked files); ``--changed-lines-only`` then keeps only findings that
start on a line the change added or edited. Scores are still of the whole document.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace
from pathlib import Path

from loveaudit.model import DocumentResult

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@", re.M)
ALL_LINES = ((1, 10**9),)


class GitError(Exception):
    """git could not answer (not a repository, unknown ref, no git)."""


def _git(args: list[str], cwd: Path) -> str:
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=120)
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    if proc.returncode != 0:
        raise GitError(proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "failed")
    return proc.stdout


class Changes:
    """What changed in the work tree since ``ref``, with the lines per file."""

    def __init__(self, ref: str, cwd: Path) -> None:
        self.ref = ref
        self.root = Path(_git(["rev-parse", "--show-toplevel"], cwd).strip()).resolve()
        _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], self.root)
        names = _git(["diff", "--name-only", "--diff-filter=d", ref, "--"], self.root)
        self.tracked = {(self.root / n).resolve() for n in names.splitlines() if n}
        untracked = _git(["ls-files", "--others", "--exclude-standard"], self.root)
        self.untracked = {(self.root / n).resolve() for n in untracked.splitlines() if n}

    def touches(self, path: Path) -> bool:
        resolved = path.resolve()
        return resolved in self.tracked or resolved in self.untracked

    def lines(self, path: Path) -> tuple[tuple[int, int], ...]:
        """Line ranges (first, last) of ``path`` that the change added or edited."""
        resolved = path.resolve()
        if resolved in self.untracked:
            return ALL_LINES
        diff = _git(["diff", "-U0", self.ref, "--", str(resolved)], self.root)
        ranges = []
        for m in _HUNK.finditer(diff):
            start, count = int(m.group(1)), int(m.group(2) or 1)
            if count:
                ranges.append((start, start + count - 1))
        return tuple(ranges)


def on_changed_lines(doc: DocumentResult, changes: Changes) -> DocumentResult:
    """The document with only the findings that start on lines the change touched."""
    if doc.path is None or not Path(doc.path).is_file():  # stdin, a web page
        return doc
    try:
        ranges = changes.lines(Path(doc.path))
    except GitError:
        return doc
    kept = tuple(f for f in doc.findings if any(a <= f.line <= b for a, b in ranges))
    return doc if len(kept) == len(doc.findings) else replace(doc, findings=kept)
