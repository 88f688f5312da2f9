"""How to add an optional extra to the loveaudit that is running.

`pip install 'loveaudit[dask]'` asks the package index for loveaudit, which fails or
installs a second copy when this one was installed from a checkout, a folder or a Git URL.
The distribution's `direct_url.json` (written by pip for such installs) says where it came
from, so the advice names that place and the interpreter that is running.
"""

from __future__ import annotations

import json
import shlex
import sys
from importlib import metadata
from typing import Any
from urllib.parse import unquote, urlparse


def _origin() -> dict[str, Any] | None:
    """pip's record of where this loveaudit was installed from (none: the package index)."""
    try:
        text = metadata.distribution("loveaudit").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return None
    if not text:
        return None
    try:
        origin = json.loads(text)
    except json.JSONDecodeError:
        return None
    return origin if isinstance(origin, dict) and isinstance(origin.get("url"), str) else None


def install_command(extra: str) -> str:
    """The command that adds ``extra`` to the running installation, from where it came."""
    origin = _origin()
    pip = f"{shlex.quote(sys.executable)} -m pip install"
    if not origin:
        return f"{pip} {shlex.quote(f'loveaudit[{extra}]')}"
    url = origin["url"]
    vcs = origin.get("vcs_info")
    if isinstance(vcs, dict):
        ref = f"@{vcs['commit_id']}" if vcs.get("commit_id") else ""
        source = f"{vcs.get('vcs', 'git')}+{url}{ref}"
        return f"{pip} {shlex.quote(f'loveaudit[{extra}] @ {source}')}"
    parsed = urlparse(url)
    if parsed.scheme == "file":
        where = unquote(parsed.path)
        editable = isinstance(origin.get("dir_info"), dict) and origin["dir_info"].get("editable")
        if "archive_info" in origin:  # a wheel or sdist file: the extra goes after its name
            return f"{pip} {shlex.quote(f'loveaudit[{extra}] @ {url}')}"
        return f"{pip} {'-e ' if editable else ''}{shlex.quote(f'{where}[{extra}]')}"
    return f"{pip} {shlex.quote(f'loveaudit[{extra}] @ {url}')}"


def needs_extra(extra: str, what: str) -> str:
    """The message for a feature whose extra is missing: what needs it, and the command."""
    return f"{what} needs the {extra} extra: {install_command(extra)}"
