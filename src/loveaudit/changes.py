"""Only what changed: the files, and the lines, a change touched since a git ref.

On a pull request a reviewer wants the findings the change brought, not the site's whole
history. ``--changed-since REF`` audits only files that differ from REF (committed, staged
or not, and new untracked files); ``--changed-lines-only`` then keeps only findings that
start on a line the change added or edited. Scores are still of the whole document.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import replace
from pathlib import Path

from loveaudit.model import DocumentResult
from loveaudit.paths import source_path

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@", re.M)
ALL_LINES = ((1, 10**9),)


class GitError(Exception):
    """git could not answer (not a repository, unknown ref, no git)."""


def _git(args: list[str], cwd: Path) -> bytes:
    """git's standard output as bytes: paths in it are the file system's, not text."""
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=120)
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} took longer than 120 s") from None
    if proc.returncode != 0:
        err = proc.stderr.decode(errors="replace").strip()
        raise GitError(err.splitlines()[-1] if err else "failed")
    return proc.stdout


def _paths(root: Path, listing: bytes) -> set[Path]:
    """The files in a ``-z`` listing (NUL-separated, unquoted, relative to ``root``).

    Without ``-z`` git C-quotes names it finds unusual (``"\\303\\274.txt"`` for ``ü.txt``,
    and any name with a quote or a newline), which then match no file. The raw bytes are
    decoded as Python decodes file names (``os.fsdecode``), so a name that is not valid UTF-8
    still maps to the file ``os.listdir`` and ``Path`` see.
    """
    return {(root / os.fsdecode(n)).resolve() for n in listing.split(b"\0") if n}


class Changes:
    """What changed in the work tree since ``ref``, with the lines per file."""

    def __init__(self, ref: str, cwd: Path) -> None:
        self.ref = ref
        top = _git(["rev-parse", "--show-toplevel"], cwd)
        self.root = Path(os.fsdecode(top[:-1] if top.endswith(b"\n") else top)).resolve()
        _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], self.root)
        names = _git(["diff", "--name-only", "-z", "--diff-filter=d", ref, "--"], self.root)
        self.tracked = _paths(self.root, names)
        untracked = _git(["ls-files", "-z", "--others", "--exclude-standard"], self.root)
        self.untracked = _paths(self.root, untracked)

    def touches(self, path: Path) -> bool:
        resolved = path.resolve()
        return resolved in self.tracked or resolved in self.untracked

    def lines(self, path: Path) -> tuple[tuple[int, int], ...]:
        """Line ranges (first, last) of ``path`` that the change added or edited."""
        resolved = path.resolve()
        if resolved in self.untracked:
            return ALL_LINES
        # a literal pathspec: ``[ab].md`` must not also pull in the hunks of ``a.md``; the
        # diff is decoded leniently, as a page need not be UTF-8 and only @@ lines are read
        args = ["--literal-pathspecs", "diff", "--no-color", "--no-ext-diff", "-U0"]
        diff = _git([*args, self.ref, "--", str(resolved)], self.root).decode(errors="replace")
        ranges = []
        for m in _HUNK.finditer(diff):
            start, count = int(m.group(1)), int(m.group(2) or 1)
            if count:
                ranges.append((start, start + count - 1))
        return tuple(ranges)


def on_changed_lines(doc: DocumentResult, changes: Changes) -> DocumentResult:
    """The document with only the findings that start on lines the change touched."""
    path = Path(source_path(doc.path)) if doc.path is not None else None
    if path is None or not path.is_file():  # stdin, a web page
        return doc
    try:
        ranges = changes.lines(path)
    except GitError:
        return doc
    kept = tuple(f for f in doc.findings if any(a <= f.line <= b for a, b in ranges))
    return doc if len(kept) == len(doc.findings) else replace(doc, findings=kept)
