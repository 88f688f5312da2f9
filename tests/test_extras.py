"""A missing extra's error says how to add it to the loveaudit that is running."""

from __future__ import annotations

import builtins
import shlex
import sys

import pytest

from conftest import SAMPLES
from loveaudit import extras
from loveaudit.extras import install_command

PIP = f"{shlex.quote(sys.executable)} -m pip install"


@pytest.mark.parametrize(
    ("origin", "command"),
    [
        (None, "'loveaudit[dask]'"),  # from the package index
        (
            {"url": "file:///home/sam/loveaudit", "dir_info": {"editable": True}},
            "-e '/home/sam/loveaudit[dask]'",
        ),
        ({"url": "file:///home/sam/my%20copy", "dir_info": {}}, "'/home/sam/my copy[dask]'"),
        (
            {"url": "https://example.org/x.git", "vcs_info": {"vcs": "git", "commit_id": "abc"}},
            "'loveaudit[dask] @ git+https://example.org/x.git@abc'",
        ),
        (
            {"url": "file:///tmp/loveaudit-0.1.0-py3-none-any.whl", "archive_info": {}},
            "'loveaudit[dask] @ file:///tmp/loveaudit-0.1.0-py3-none-any.whl'",
        ),
    ],
)
def test_the_command_installs_the_extra_from_where_loveaudit_came_from(
    origin, command, monkeypatch
):
    monkeypatch.setattr(extras, "_origin", lambda: origin)
    assert install_command("dask") == f"{PIP} {command}"


def test_this_installation_is_named_as_pip_recorded_it():
    origin = extras._origin()
    command = install_command("dask")
    assert command.startswith(PIP)  # the interpreter that is running, not any pip on PATH
    if origin is not None and origin["url"].startswith("file://") and "dir_info" in origin:
        # a checkout (as in development): the index's 'loveaudit[dask]' would fail here
        assert "'loveaudit[dask]'" not in command and command.endswith("[dask]'")


def test_without_dask_the_scheduler_flag_says_how_to_add_it(monkeypatch, capsys):
    from loveaudit.cli import main

    real_import = builtins.__import__

    def no_dask(name, *args, **kwargs):
        if name.split(".")[0] in ("dask", "distributed"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_dask)
    code = main(["audit", str(SAMPLES / "web"), "--scheduler", "dask", "--no-cache"])
    assert code == 2
    err = capsys.readouterr().err
    assert "needs the dask extra: " in err and install_command("dask") in err
