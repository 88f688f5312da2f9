"""Only regular files are read, and a folder that cannot be listed is an error by name.

A FIFO opened for reading waits for a writer that never comes, so a FIFO in a folder (or
named on the command line) hung the run forever; a socket or a device is no document
either. A folder the walk could not enter was skipped without a word, and the run passed.
"""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from loveaudit import InputError
from loveaudit.cli import main
from loveaudit.errors import SourceError
from loveaudit.sources import expand, load_bytes

GOOD = "Thank you, Maria, for trusting us with your garden again this year.\n"
pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")


def _audit(*args: str) -> subprocess.CompletedProcess:
    """The command line in its own process: a hang ends in a timeout, not a stuck suite."""
    return subprocess.run(
        [sys.executable, "-m", "loveaudit.cli", "audit", *args, "--format", "json"],
        capture_output=True,
        text=True,
        timeout=60,
    )


def _errors(stdout: str) -> dict[str, str]:
    return {Path(e["path"]).name: e["message"] for e in json.loads(stdout)["errors"]}


def _documents(stdout: str) -> list[str]:
    return [Path(d["path"]).name for d in json.loads(stdout)["documents"]]


@pytest.fixture
def folder(tmp_path: Path):
    """A folder holding a good file, a FIFO and a socket, all with suffixes that are read."""
    site = tmp_path / "d"
    site.mkdir()
    (site / "a.txt").write_text(GOOD)
    os.mkfifo(site / "b.txt")
    listener = socket.socket(socket.AF_UNIX)
    cwd = os.getcwd()
    os.chdir(site)  # a relative name: a socket's path is limited to about 100 bytes
    try:
        listener.bind("c.md")
    finally:
        os.chdir(cwd)
    yield site
    listener.close()


@pytest.mark.parametrize(
    "options", [["--cache-dir", "CACHE"], ["--no-cache", "--jobs", "2"]], ids=["cache", "jobs"]
)
def test_a_fifo_or_a_socket_in_a_folder_is_named_and_not_read(folder: Path, options, tmp_path):
    options = [str(tmp_path / "cache") if o == "CACHE" else o for o in options]
    proc = _audit(str(folder), *options)
    assert proc.returncode == 2, proc.stderr
    assert _documents(proc.stdout) == ["a.txt"]
    assert _errors(proc.stdout) == {
        "b.txt": "not a regular file (a FIFO): skipped",
        "c.md": "not a regular file (a socket): skipped",
    }
    assert "b.txt: not a regular file (a FIFO)" in proc.stderr


def test_a_fifo_or_a_device_named_on_the_command_line_is_refused(folder: Path):
    proc = _audit(str(folder / "b.txt"), os.devnull, str(folder / "a.txt"), "--no-cache")
    assert proc.returncode == 2, proc.stderr
    assert _documents(proc.stdout) == ["a.txt"]
    assert _errors(proc.stdout) == {
        "b.txt": "not a regular file (a FIFO): skipped",
        "null": "not a regular file (a character device): skipped",
    }


def _read_within(path: Path, seconds: float = 20) -> SourceError | bytes:
    """`load_bytes` in a thread; a read still blocked after ``seconds`` is released by a
    writer that opens and closes the FIFO, and the test fails."""
    outcome: list[SourceError | bytes] = []

    def read() -> None:
        try:
            outcome.append(load_bytes(path))
        except SourceError as exc:
            outcome.append(exc)

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
        thread.join(5)
        pytest.fail(f"reading {path.name} blocked")
    return outcome[0]


def test_a_fifo_swapped_in_after_the_check_is_still_refused(folder: Path, monkeypatch):
    """The check before opening says "regular file" (the FIFO took the file's place just
    after it); the descriptor opened is checked again, so the read neither blocks nor
    proceeds."""
    regular = os.stat(folder / "a.txt")
    real_stat = os.stat
    monkeypatch.setattr(
        os, "stat", lambda p, *a, **k: regular if Path(p).name == "b.txt" else real_stat(p, *a, **k)
    )
    outcome = _read_within(folder / "b.txt")
    assert isinstance(outcome, SourceError)
    assert outcome.message == "not a regular file (a FIFO): skipped"


def test_a_symbolic_link_to_a_regular_file_is_still_read(folder: Path):
    (folder / "link.txt").symlink_to(folder / "a.txt")
    assert load_bytes(folder / "link.txt") == GOOD.encode()
    assert stat.S_ISLNK(os.lstat(folder / "link.txt").st_mode)


# -- folders the walk cannot enter --------------------------------------------------------------
@pytest.fixture
def locked(tmp_path: Path, monkeypatch):
    """site/ with a good file before and after a subfolder that cannot be listed. Listing
    is refused by the test, not by permissions, so that it also fails for root (CI)."""
    site = tmp_path / "site"
    for name in ("a.txt", "locked/inside.txt", "m/b.txt"):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(GOOD)
    real_scandir = os.scandir

    def scandir(path=".", *args):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path, *args)

    monkeypatch.setattr(os, "scandir", scandir)
    return site


def test_a_folder_that_cannot_be_listed_is_an_error_by_name(locked: Path, capsys):
    code = main(["audit", str(locked), "--format", "json", "--no-cache"])
    out = capsys.readouterr()
    assert code == 2
    assert _documents(out.out) == ["a.txt", "b.txt"]
    assert _errors(out.out) == {"locked": "cannot list the folder: permission denied"}
    assert f"{locked / 'locked'}: cannot list the folder: permission denied" in out.err


def test_the_library_yields_the_folder_error_in_walk_order(locked: Path, samples_auditor):
    items = list(samples_auditor.audit_paths([str(locked)]))
    assert [Path(i.path).name for i in items] == ["a.txt", "locked", "b.txt"]
    refused = InputError(str(locked / "locked"), "cannot list the folder: permission denied")
    assert items[1] == refused


def test_expand_yields_the_error_where_the_walk_met_it(locked: Path):
    found = list(expand([str(locked)]))
    assert [Path(f).name for f in found[::2]] == ["a.txt", "b.txt"]
    assert isinstance(found[1], SourceError) and found[1].path == str(locked / "locked")


def test_a_folder_given_twice_is_reported_once(locked: Path):
    found = list(expand([str(locked), str(locked / "locked"), str(locked)]))
    assert [f.path for f in found if isinstance(f, SourceError)] == [str(locked / "locked")]


def test_an_excluded_folder_that_cannot_be_listed_is_left_out(locked: Path):
    def excluded(path: Path) -> bool:
        return path.parent.name == "locked"

    assert [Path(f).name for f in expand([str(locked)], skip=excluded)] == ["a.txt", "b.txt"]


def test_a_folder_without_read_permission(tmp_path: Path, samples_auditor):
    """The same with real permissions, where they bind (not for root)."""
    site = tmp_path / "site"
    (site / "locked").mkdir(parents=True)
    (site / "a.txt").write_text(GOOD)
    (site / "locked" / "b.txt").write_text(GOOD)
    (site / "locked").chmod(0)
    try:
        if os.access(site / "locked", os.R_OK):
            pytest.skip("permissions do not bind for this user (root)")
        items = list(samples_auditor.audit_paths([str(site)]))
    finally:
        (site / "locked").chmod(0o755)
    assert [Path(i.path).name for i in items] == ["a.txt", "locked"]
    assert isinstance(items[1], InputError) and "permission denied" in items[1].message
