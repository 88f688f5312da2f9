"""Tables loveaudit derives at start-up, kept between runs in the user's cache folder.

Every run used to parse the rule packs' YAML, the CMU dictionary's 126,000 lines and
Pyphen's hyphenation patterns before reading a word: a third of a second that pre-commit
and editor-on-save paid on every call. Each derived table is stored as JSON under a name
made of loveaudit's version, the table's kind and the SHA-256 of the bytes it was made
from, so a changed pack or dictionary is a miss, never a stale hit.

What is read back is only ever JSON of plain data, checked by the caller's ``decode``: a
corrupt, truncated or forged file is a miss and is made again, and it can never run code
(no pickle). Files are written to a temporary file of unpredictable name and renamed into
place, so a reader sees a whole file or none. The folder is `$XDG_CACHE_HOME/loveaudit`
(else the platform's user cache folder); LOVEAUDIT_NO_CACHE=1 turns it off. Failing to
read or write it is never an error: the table is made as if it were off.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import orjson

from loveaudit import __version__

NO_CACHE_ENV = "LOVEAUDIT_NO_CACHE"
_FORMAT = "1"  # bump when what a kind of table holds changes within one version
T = TypeVar("T")


def cache_folder() -> Path | None:
    """Where the tables live, or None when the cache is off."""
    if os.environ.get(NO_CACHE_ENV, "").strip() not in ("", "0"):
        return None
    base = os.environ.get("XDG_CACHE_HOME", "")
    if base and os.path.isabs(base):  # the XDG rule: a relative value is ignored
        root = Path(base)
    elif sys.platform == "win32":
        root = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        root = Path.home() / "Library" / "Caches"
    else:
        root = Path.home() / ".cache"
    return root / "loveaudit"


def _digest(*parts: bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.hexdigest()


def remembered(
    kind: str,
    origin: str,
    content: bytes,
    build: Callable[[], T],
    encode: Callable[[T], Any],
    decode: Callable[[Any], T],
) -> T:
    """The table of ``kind`` made by ``build`` from ``content`` (the bytes of the file at
    ``origin``), from the cache when a run has made it before. ``encode`` turns it into
    JSON-ready data; ``decode`` turns that back, raising on anything it does not expect."""
    folder = cache_folder()
    if folder is None:
        return build()
    # one entry per source file: a new version of the file replaces its old entry
    family = f"{kind}-{_digest(origin.encode('utf-8', 'surrogateescape'))[:16]}-"
    key = _digest(__version__.encode(), _FORMAT.encode(), kind.encode(), content)
    path = folder / f"{family}{key[:40]}.json"
    try:
        data = path.read_bytes()
    except OSError:
        pass
    else:
        try:
            return decode(orjson.loads(data))
        except Exception:  # whatever is wrong with it, it is not our table: make it again
            pass
    value = build()
    plain = encode(value)
    try:
        encoded = orjson.dumps(plain)
    except TypeError:  # not plain data (a set, a key that is not text): not kept
        return value
    if orjson.loads(encoded) == plain:  # not a date or NaN that JSON would change
        _store(folder, path, family, encoded)
    return value


def _store(folder: Path, path: Path, family: str, data: bytes) -> None:
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
        for old in folder.glob(f"{family}*.json"):
            if old.name != path.name:
                old.unlink(missing_ok=True)
    except OSError:  # a read-only home, a full disk: the next run makes the table again
        pass
