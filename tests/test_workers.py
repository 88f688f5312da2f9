"""Worker processes end with their run: a ``--jobs`` run killed by SIGKILL or SIGTERM
leaves no worker behind, waiting for ever on its pipe."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

LONG = "Thank you, Maria, for trusting us with your garden again this year.\n" * 4000

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="finds the workers in /proc"
)


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()  # state, ppid, ...


def _running(pid: int) -> bool:
    """Alive, and not a zombie waiting for someone to collect its exit status."""
    stat = _stat(pid)
    return stat is not None and stat[0] != "Z"


def _workers(run: int) -> list[int]:
    """The run's forked workers: its children running the run's own command line."""
    try:
        command = Path(f"/proc/{run}/cmdline").read_bytes()
    except OSError:
        return []
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        stat = _stat(int(entry.name))
        try:
            if stat and int(stat[1]) == run and (entry / "cmdline").read_bytes() == command:
                found.append(int(entry.name))
        except OSError:
            continue
    return found


@pytest.mark.slow
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_workers_end_when_their_run_is_killed(tmp_path: Path, how: signal.Signals):
    for i in range(8):
        (tmp_path / f"page{i}.txt").write_text(LONG)
    command = [sys.executable, "-m", "loveaudit.cli", "audit", str(tmp_path), "--jobs", "2"]
    run = subprocess.Popen(
        [*command, "--no-cache", "--format", "json"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: list[int] = []
    try:
        end = time.monotonic() + 90
        while len(workers) < 2 and time.monotonic() < end and run.poll() is None:
            time.sleep(0.05)
            workers = _workers(run.pid)
        assert len(workers) == 2, "the run did not start two workers"
        run.send_signal(how)
        run.wait(timeout=30)
        end = time.monotonic() + 30  # the fallback checks once a second
        while any(_running(pid) for pid in workers) and time.monotonic() < end:
            time.sleep(0.1)
        assert [pid for pid in workers if _running(pid)] == []
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
        for pid in workers:  # what a failing run left behind
            if _running(pid):
                os.kill(pid, signal.SIGKILL)


WATCHED = """
import os, sys, time
from loveaudit import runner
run = os.getpid()
sys.platform = "darwin"  # no parent-death signal: the watchdog thread alone
child = os.fork()
if child == 0:
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)  # the test reads the run's output only
    os.dup2(1, 2)
    try:
        runner._end_with_run(run)
    finally:
        time.sleep(60)
        os._exit(0)
print(child, flush=True)
os._exit(0)
"""


def test_without_the_kernel_signal_a_worker_still_ends_with_its_run():
    out = subprocess.run(
        [sys.executable, "-c", WATCHED], capture_output=True, text=True, timeout=60
    )
    child = int(out.stdout)
    try:
        end = time.monotonic() + 30
        while _running(child) and time.monotonic() < end:
            time.sleep(0.1)
        assert not _running(child)
    finally:
        if _running(child):
            os.kill(child, signal.SIGKILL)
