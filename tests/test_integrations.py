"""loveaudit where CI meets git: --changed-since, the pre-commit hook, the GitHub Action."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from loveaudit import Auditor
from loveaudit.changes import ALL_LINES, Changes, on_changed_lines
from test_cli import run

SELF_FOCUSED = (
    "# About us\n\n"
    "Founded in 1987, Widgetco is the award-winning, industry-leading provider of widget "
    "solutions. We pride ourselves on our heritage. Our team of experts is the best in the "
    "business, and our state-of-the-art factory is the largest in the region.\n"
)
REWRITTEN = (
    "# Your widgets, fixed by Friday\n\n"
    "Tell us what broke and you get a working widget back within three days, or you pay "
    "nothing. You can book a pickup online in two minutes, and you save the trip.\n"
)
CONFIG = 'brands = ["Widgetco"]\nfail-under = 60\n'


def git(repo: Path, *args: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.invalid",
        # not the user's ~/.gitconfig or /etc/gitconfig (hooks, signing, default branch)
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    return subprocess.run(
        ["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "site"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "loveaudit.toml").write_text(CONFIG)
    (repo / "pages").mkdir()
    (repo / "pages" / "home.md").write_text(REWRITTEN)
    (repo / "pages" / "old.md").write_text(SELF_FOCUSED)
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "site")
    return repo


def _paths(proc: subprocess.CompletedProcess) -> list[str]:
    return [Path(d["path"]).name for d in json.loads(proc.stdout)["documents"]]


def test_changed_since_audits_only_changed_and_new_files(repo: Path):
    (repo / "pages" / "home.md").write_text(REWRITTEN + "\nWe acknowledge receipt of it.\n")
    (repo / "pages" / "new.md").write_text(REWRITTEN)
    proc = run("audit", str(repo / "pages"), "--changed-since", "HEAD", "--format", "json")
    assert sorted(_paths(proc)) == ["home.md", "new.md"]
    nothing = run("audit", str(repo / "pages"), "--changed-since", "HEAD~0", "--format", "json")
    assert "old.md" not in _paths(nothing)


def test_changed_lines_only_keeps_findings_on_touched_lines(repo: Path):
    old = repo / "pages" / "old.md"
    old.write_text(SELF_FOCUSED + "\nWe acknowledge receipt of your order.\n")
    every = json.loads(run("audit", str(old), "--format", "json").stdout)["documents"][0]
    lines = json.loads(
        run(
            "audit", str(old), "--changed-since", "HEAD", "--changed-lines-only", "--format", "json"
        ).stdout
    )["documents"][0]
    assert {f["line"] for f in every["findings"]} > {5}
    assert {f["line"] for f in lines["findings"]} == {5}
    assert lines["score"] == every["score"]  # the score is still the whole page's


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--changed-since", "no-such-ref"], "--changed-since no-such-ref:"),
        (["--changed-lines-only"], "--changed-lines-only needs --changed-since"),
    ],
)
def test_changed_since_errors_exit_2(repo: Path, args, message):
    proc = run("audit", str(repo), *args)
    assert proc.returncode == 2 and message in proc.stderr


def test_outside_a_git_repository_is_a_clear_error(tmp_path: Path, monkeypatch):
    # git must not find a checkout above the temporary folder (the CLI subprocess inherits it)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    (tmp_path / "a.txt").write_text(REWRITTEN)
    proc = run("audit", str(tmp_path), "--changed-since", "HEAD")
    assert proc.returncode == 2 and "--changed-since HEAD:" in proc.stderr


# names git C-quotes unless asked for -z ("\303\274.txt", "a \"quoted\" name.txt", ...)
QUOTED = ("ü.txt", 'a "quoted" name.txt', "new\nline.txt")


def _names(directory: Path, names) -> list[str]:
    """The ``names`` this file system can hold (not every one takes a newline or a quote)."""
    held = []
    for name in names:
        try:
            (directory / name).write_text("probe\n")
        except (OSError, UnicodeError):
            continue
        (directory / name).unlink()
        held.append(name)
    return held


def test_changed_since_selects_files_whose_names_git_quotes(repo: Path):
    kept, new = repo / "pages" / "kept", repo / "pages" / "new"
    kept.mkdir()
    new.mkdir()
    names = _names(kept, QUOTED)
    assert "ü.txt" in names
    for name in names:
        (kept / name).write_text(REWRITTEN)
    (kept / "ünchanged.txt").write_text(REWRITTEN)
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "pages with unusual names")
    for name in names:
        (kept / name).write_text(REWRITTEN + "\nWe acknowledge receipt of it.\n")
        (new / name).write_text(REWRITTEN)

    changes = Changes("HEAD", repo / "pages")
    for name in names:
        assert changes.touches(kept / name) and changes.touches(new / name), name
        assert changes.lines(kept / name) == ((4, 5),), name
        assert changes.lines(new / name) == ALL_LINES, name
    assert not changes.touches(kept / "ünchanged.txt")

    proc = run("audit", str(repo / "pages"), "--changed-since", "HEAD", "--format", "json")
    audited = sorted(
        Path(d["path"]).relative_to(repo / "pages").as_posix()
        for d in json.loads(proc.stdout)["documents"]
    )
    assert audited == sorted(f"{d}/{n}" for d in ("kept", "new") for n in names)


def test_changed_since_maps_a_name_that_is_not_utf8_to_its_file(repo: Path):
    name = os.fsdecode(b"caf\xe9.txt")  # Latin-1: a lone surrogate once decoded
    if not _names(repo, [name]):
        pytest.skip("the file system holds only UTF-8 names")
    (repo / name).write_bytes(b"Caf\xe9 au lait.\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "a Latin-1 name")
    (repo / name).write_bytes(b"Caf\xe9 au lait.\nCaf\xe9 cr\xe8me.\n")  # nor is the text
    (repo / f"new-{name}").write_bytes(b"Th\xe9.\n")
    changes = Changes("HEAD", repo)
    assert changes.touches(repo / name) and changes.touches(repo / f"new-{name}")
    assert changes.lines(repo / name) == ((2, 2),)
    # a result names the file escaped ("caf\\xe9.txt"), and still maps back to it
    text = "We are proud.\nWe are the best.\n"
    result = Auditor().audit_text(text, kind="web", path=str(repo / name))
    assert result.path is not None and "\\xe9" in result.path
    assert [f.line for f in result.findings] != [2] * len(result.findings)
    assert {f.line for f in on_changed_lines(result, changes).findings} <= {2}


def test_changed_lines_reads_a_path_literally_not_as_a_glob(repo: Path):
    (repo / "pages" / "[h]ome.md").write_text(REWRITTEN)
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "a page with brackets in its name")
    (repo / "pages" / "home.md").write_text(REWRITTEN + "\nOne.\nTwo.\n")
    (repo / "pages" / "[h]ome.md").write_text(REWRITTEN + "\nOne.\n")
    changes = Changes("HEAD", repo)
    assert changes.lines(repo / "pages" / "[h]ome.md") == ((4, 5),)  # not home.md's (4, 6)


@pytest.mark.slow
def test_pre_commit_hook_fails_a_self_focused_page_and_passes_the_rewrite(repo: Path, tmp_path):
    if shutil.which("pre-commit") is None and not _module("pre_commit"):
        pytest.skip("pre-commit is not installed")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}

    def hook() -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "loveaudit"],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=1200,
        )

    page = repo / "pages" / "about.md"
    page.write_text(SELF_FOCUSED)
    git(repo, "add", "pages/about.md")
    failed = hook()
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "about.md" in failed.stdout and "FAILED:" in failed.stdout
    assert "old.md" not in failed.stdout  # only the staged file is audited

    page.write_text(REWRITTEN)
    git(repo, "add", "pages/about.md")
    passed = hook()
    assert passed.returncode == 0, passed.stdout + passed.stderr
    git(repo, "commit", "-q", "-m", "About page that talks to the customer")


def _module(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


def test_action_audit_step_runs_and_writes_the_step_summary(repo: Path, tmp_path: Path):
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    assert {"paths", "fail-under", "fail-on", "sarif", "baseline"} <= set(action["inputs"])
    step = next(s for s in action["runs"]["steps"] if s.get("id") == "audit")
    assert "${{" not in step["run"]  # inputs reach the script only through the environment
    summary = tmp_path / "summary.md"
    outputs = tmp_path / "outputs"
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_OUTPUT": str(outputs),
        "LOVEAUDIT_PATHS": "pages",
        "LOVEAUDIT_FAIL_UNDER": "60",
        "LOVEAUDIT_FAIL_ON": "",
        "LOVEAUDIT_BASELINE": "",
    }
    if shutil.which("loveaudit", path=env["PATH"]) is None:
        pytest.skip("the loveaudit command is not on PATH")
    proc = subprocess.run(
        ["bash", "-c", step["run"]], cwd=repo, env=env, capture_output=True, text=True
    )
    assert proc.returncode == 1  # old.md is below 60
    assert "::" in proc.stdout and "file=pages/old.md" in proc.stdout
    assert summary.read_text().startswith("## loveaudit")
    sarif = json.loads((repo / "loveaudit.sarif").read_text())
    assert sarif["version"] == "2.1.0"
    assert "sarif-file=loveaudit.sarif" in outputs.read_text()
    upload = next(s for s in action["runs"]["steps"] if "upload-sarif" in s.get("uses", ""))
    assert upload["with"]["sarif_file"] == "loveaudit.sarif"


def test_pre_commit_hook_definition_matches_the_cli():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    hook = next(h for h in hooks if h["id"] == "loveaudit")
    assert hook["language"] == "python" and hook["entry"].startswith("loveaudit audit")
    import re

    for name in ("page.md", "page.html", "mail.txt", "page.htm", "notes.markdown"):
        assert re.search(hook["files"], name)
    assert not re.search(hook["files"], "script.py")


def test_changed_lines_only_with_a_baseline_still_sees_a_repeated_finding(repo: Path):
    page = repo / "pages" / "old.md"
    base = repo.parent / "baseline.json"
    run("audit", str(page), "--kind", "email", "--write-baseline", str(base))
    page.write_text(SELF_FOCUSED + "\nWe pride ourselves on our heritage.\n")
    args = ("--kind", "email", "--baseline", str(base), "--changed-since", "HEAD")
    full = run("audit", str(page), *args)
    lines = run("audit", str(page), *args, "--changed-lines-only")
    assert full.returncode == lines.returncode == 1
    assert "new since the baseline" in lines.stdout.splitlines()[-1]
