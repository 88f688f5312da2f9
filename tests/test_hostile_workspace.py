"""A pull request controls the workspace a CI job audits: a link planted where a report is
written, a forged results cache, a file whose name is a workflow command. None of them may
change what loveaudit writes, reports or makes the CI runner do."""

from __future__ import annotations

import json
import os
import re
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from loveaudit.cli import main
from loveaudit.runner import result_from_json, result_to_json

GOOD = "Thank you, Maria, for trusting us with your garden again this year.\n"
COLD = (
    "We were founded in 1987. We are the leading provider of widgets. Our team is "
    "award-winning. We pride ourselves on our heritage.\n"
)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# -- the report's temporary file (issue 21, item 11) -------------------------------------------
@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_a_link_planted_at_the_temporary_name_is_not_followed(tmp_path: Path, fmt: str):
    page = tmp_path / "x.txt"
    page.write_text(GOOD)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    out = tmp_path / "report.json"
    (tmp_path / "report.json.tmp").symlink_to(victim)
    assert main(["audit", str(page), "--format", fmt, "-o", str(out), "--no-cache"]) == 0
    assert victim.read_text() == "precious\n"
    written = out.read_text()  # the report itself was written
    assert json.loads(written if fmt == "json" else written.splitlines()[-1])
    assert (tmp_path / "report.json.tmp").is_symlink()  # left as it was found
    # written with the permissions of any new file, not those of a private temporary one
    assert out.stat().st_mode & 0o777 == 0o666 & ~_umask()


def test_an_interrupted_streaming_run_leaves_nothing_behind(tmp_path: Path, monkeypatch):
    from loveaudit.report import jsonl

    page = tmp_path / "x.txt"
    page.write_text(GOOD)
    folder = tmp_path / "out"

    def interrupted(doc):
        raise KeyboardInterrupt

    monkeypatch.setattr(jsonl, "document_line", interrupted)
    out = folder / "report.jsonl"
    assert main(["audit", str(page), "--format", "jsonl", "-o", str(out), "--no-cache"]) == 130
    assert list(folder.iterdir()) == []


def test_a_terminated_streaming_run_leaves_nothing_behind(tmp_path: Path):
    folder = tmp_path / "out"
    command = [sys.executable, "-m", "loveaudit.cli", "audit", "-", "--format", "jsonl"]
    command += ["-o", str(folder / "report.jsonl"), "--no-cache"]
    proc = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        give_up = time.monotonic() + 60
        while not (folder.is_dir() and any(folder.iterdir())):  # waiting for stdin, file open
            assert proc.poll() is None and time.monotonic() < give_up
            time.sleep(0.05)
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        assert proc.stdin is not None
        proc.stdin.close()
    assert proc.returncode != 0
    assert list(folder.iterdir()) == []


# -- the results cache (item 12) ---------------------------------------------------------------
@pytest.fixture
def site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    (site / "cold.txt").write_text(COLD)
    (site / "good.txt").write_text(GOOD)
    return site


def _audit(site: Path, capsys, *args: str) -> tuple[int, str, str]:
    code = main(["audit", str(site), "--format", "json", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def _entries(cache: Path) -> list[Path]:
    return sorted(p for p in cache.rglob("*.json") if p.is_file())


def _rewrite_body(entry: Path, change) -> None:
    """Edit the JSON of an entry as someone could who can write the folder, keeping every
    line before it as it was."""
    *head, body = entry.read_text("utf-8").split("\n")
    entry.write_text("\n".join([*head, json.dumps(change(json.loads(body)))]), "utf-8")


def test_a_forged_cache_entry_is_not_reported(site: Path, tmp_path: Path, capsys):
    cache = tmp_path / "cache"
    code, first, _ = _audit(site, capsys, "--cache-dir", str(cache))
    assert json.loads(first)["summary"]["findings"]["total"] > 0

    def perfect(data: dict) -> dict:
        return {**data, "score": 100.0, "findings": [], "outcomes": []}

    for entry in _entries(cache):
        _rewrite_body(entry, perfect)
    again_code, again, err = _audit(site, capsys, "--cache-dir", str(cache))
    assert (again_code, again) == (code, first)
    assert "from the cache" not in err  # every entry was a miss


def test_an_entry_moved_to_another_documents_key_is_not_reported(
    site: Path, tmp_path: Path, capsys
):
    cache = tmp_path / "cache"
    code, first, _ = _audit(site, capsys, "--cache-dir", str(cache))
    entries = _entries(cache)
    best = max(entries, key=lambda e: json.loads(e.read_text().split("\n")[-1])["score"])
    for entry in entries:
        entry.write_bytes(best.read_bytes())
    assert _audit(site, capsys, "--cache-dir", str(cache))[:2] == (code, first)


@pytest.mark.parametrize(  # more shapes in test_a_result_of_the_wrong_shape_is_refused...
    "damage", [{"metrics": []}, {"dimensions": {"focus": "high"}}]
)
def test_a_cache_entry_of_the_wrong_shape_is_a_miss(site, tmp_path, capsys, damage):
    cache = tmp_path / "cache"
    code, first, _ = _audit(site, capsys, "--cache-dir", str(cache))
    for entry in _entries(cache):
        _rewrite_body(entry, lambda data: {**data, **damage})
    again_code, again, err = _audit(site, capsys, "--cache-dir", str(cache))
    assert (again_code, again) == (code, first) and "internal error" not in err


def test_the_cache_secret_is_private_and_one_others_can_read_is_replaced(
    site: Path, tmp_path: Path, capsys
):
    cache = tmp_path / "cache"
    _audit(site, capsys, "--cache-dir", str(cache))
    secrets = [p for p in cache.iterdir() if p.is_file() and p.name != ".gitignore"]
    assert len(secrets) == 1 and secrets[0].stat().st_mode & 0o777 == 0o600
    known = secrets[0].read_bytes()
    assert "2 document(s) from the cache" in _audit(site, capsys, "--cache-dir", str(cache))[2]
    # a secret anyone could read (as a checked-out or planted file would be) is no secret:
    # the entries made with it are not trusted and a new secret is made
    secrets[0].chmod(0o644)
    assert "from the cache" not in _audit(site, capsys, "--cache-dir", str(cache))[2]
    assert secrets[0].stat().st_mode & 0o777 == 0o600 and secrets[0].read_bytes() != known
    assert "2 document(s) from the cache" in _audit(site, capsys, "--cache-dir", str(cache))[2]


@pytest.mark.parametrize(
    "damage",
    [
        {"metrics": []},
        {"metrics": {"a": {"value": [1]}}},
        {"score": "100"},
        {"words": True},
        {"findings": [{"rule": "x"}]},
        {"outcomes": [1]},
        {"suppressed": [{"finding": None, "reason": "r"}]},
        {"incomplete": "focus"},
        {"extra": 1},
    ],
)
def test_a_result_of_the_wrong_shape_is_refused_when_read(samples_auditor, damage):
    from conftest import SAMPLES

    result = next(samples_auditor.audit_paths([str(SAMPLES / "email" / "apology-cold.txt")]))
    data = json.loads(result_to_json(result))
    with pytest.raises(ValueError):
        result_from_json(json.dumps({**data, **damage}))


# -- file names that are commands or move the cursor (item 13) ---------------------------------
HOSTILE = ["::error::X.txt", "esc\x1b[2Jname.txt", "evil\u202etxt.exe.txt", "  ::warning::Y.txt"]
COMMAND = re.compile(r"^::(error|warning|notice) [^:]*::")  # properties escape ":"


@pytest.mark.parametrize("fmt", ["text", "markdown", "github"])
def test_a_file_name_cannot_become_a_workflow_command_or_a_terminal_escape(
    tmp_path: Path, monkeypatch, capsys, fmt: str
):
    folder = tmp_path / "w"
    folder.mkdir()
    for name in HOSTILE:
        (folder / name).write_text(COLD)
    (folder / "##[add-mask]Z.txt").write_text(COLD)
    (folder / "::notice::unreadable.txt").write_bytes(b"\x00\xff" * 40)
    monkeypatch.chdir(folder)  # "audit ." shows the bare names, at the start of a line
    main(["audit", ".", "--format", fmt, "--no-cache"])
    captured = capsys.readouterr()
    for output in (captured.out, captured.err):
        assert "\x1b" not in output and "\u202e" not in output
        assert "##[" not in output
        for line in output.splitlines():
            if line.lstrip().startswith("::"):
                assert fmt == "github" and COMMAND.match(line), line
    if fmt == "text":  # still recognisable
        assert "\n\\::error::X.txt  " in captured.out
        assert "esc\\x1b[2Jname.txt" in captured.out
        assert "evil\\u202etxt.exe.txt" in captured.out


def test_sarif_names_files_by_percent_encoded_relative_uris(tmp_path: Path, monkeypatch, capsys):
    folder = tmp_path / "w"
    folder.mkdir()
    names = ["javascript:alert(1).txt", "a#frag.txt", "a b%20c%.txt", "q?x=1.txt", "ü.txt"]
    for name in names:
        (folder / name).write_text(COLD)
    monkeypatch.chdir(tmp_path)
    main(["audit", "w", "--format", "sarif", "--no-cache"])
    run = json.loads(capsys.readouterr().out)["runs"][0]
    uris = {
        location["physicalLocation"]["artifactLocation"]["uri"]
        for result in run["results"]
        for location in result["locations"]
    }
    valid = re.compile(r"^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-F]{2})*$")
    for uri in uris:
        parts = urlsplit(uri)
        assert valid.match(uri) and not parts.scheme and not parts.netloc, uri
        assert not parts.query and not parts.fragment, uri
    assert {unquote(uri) for uri in uris} == {f"w/{name}" for name in names}


def test_sarif_names_an_absolute_path_by_a_file_uri(tmp_path: Path, capsys):
    page = tmp_path / "a b#c.txt"
    page.write_text(COLD)
    main(["audit", str(page), "--format", "sarif", "--no-cache"])
    run = json.loads(capsys.readouterr().out)["runs"][0]
    uri = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    parts = urlsplit(uri)
    assert (parts.scheme, parts.netloc, parts.fragment) == ("file", "", "")
    assert unquote(parts.path) == str(page)


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_compare_shows_quoted_control_characters_as_escapes(tmp_path: Path, capsys, fmt: str):
    before = tmp_path / "before.txt"
    # a page (not a confirmation, which compare would judge the after as too): the after's
    # opening is judged, and its finding quotes the control characters
    before.write_text("Fresh bread at your door every morning.\n")
    after = tmp_path / "after.txt"
    after.write_text(COLD.replace("heritage", "\x1b[2Jheritage\u202e"))
    assert main(["compare", str(before), str(after), "--format", fmt]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\u202e" not in out
    assert "\\x1b[2Jheritage\\u202e" in out


@pytest.mark.parametrize("fmt", ["junit", "html"])
def test_a_documents_own_lines_cannot_become_workflow_commands(tmp_path: Path, capsys, fmt):
    page = tmp_path / "page.txt"
    page.write_text(
        "We are the leading provider of widgets and we pride ourselves\n"
        "::error::pwned on our heritage and ##[add-mask]our award-winning team.\r"
        "::warning::cr We were founded in 1987.\n",
        newline="",
    )
    main(["audit", str(page), "--format", fmt, "--no-cache"])
    out = capsys.readouterr().out
    assert "##[" not in out and "\r" not in out
    assert not [line for line in out.split("\n") if line.lstrip().startswith("::")]
    if fmt == "junit":  # the same XML to a parser
        import xml.etree.ElementTree as ET

        text = " ".join(e.text or "" for e in ET.fromstring(out.split("\n", 1)[1]).iter())
    else:
        from html.parser import HTMLParser

        parts: list[str] = []
        parser = HTMLParser()
        parser.handle_data = parts.append  # type: ignore[method-assign]
        parser.feed(out)
        text = "".join(parts)
    assert "\n::error::pwned" in text and "##[add-mask]our" in text


@pytest.mark.parametrize("fmt", ["json", "jsonl", "sarif"])
def test_json_outputs_hold_no_older_workflow_command(tmp_path: Path, capsys, fmt: str):
    folder = tmp_path / "w"
    folder.mkdir()
    (folder / "##[error]name.txt").write_text(COLD.replace("our heritage", "##[add-mask]it"))
    main(["audit", str(folder), "--format", fmt, "--no-cache"])
    out = capsys.readouterr().out
    assert "##[" not in out
    lines = out.splitlines() if fmt == "jsonl" else [out]
    text = json.dumps([json.loads(line) for line in lines], ensure_ascii=False)
    assert "##[error]name.txt" in unquote(text) and "##[add-mask]it" in text  # the same data


def test_a_signed_entry_of_the_wrong_shape_is_still_a_miss(tmp_path: Path):
    """As from a loveaudit with a bug, or another version: signed, but not a result."""
    import hashlib
    import hmac

    from loveaudit.model import DocumentResult
    from loveaudit.runner import Cache

    result = DocumentResult("a.txt", "web", "default", "text", 3, (), (), {}, {}, 50.0)
    cache = Cache(tmp_path / "cache")
    cache.put("ab" * 32, "builtin", result)
    assert cache.get("ab" * 32) == ("builtin", result)
    secret = (tmp_path / "cache" / "secret").read_bytes()
    body = json.dumps({**json.loads(result_to_json(result)), "metrics": []})
    signature = hmac.new(secret, f"{'ab' * 32}\nbuiltin\n{body}".encode(), hashlib.sha256)
    entry = next((tmp_path / "cache").rglob("*.json"))
    entry.write_text(f"{signature.hexdigest()}\nbuiltin\n{body}")
    assert Cache(tmp_path / "cache").get("ab" * 32) is None


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_fifo_named_like_a_pack_is_refused_without_blocking(tmp_path):
    from loveaudit.errors import ConfigError
    from loveaudit.packs import load_ruleset

    folder = tmp_path / "packs"
    folder.mkdir()
    os.mkfifo(folder / "trap.yaml")
    with pytest.raises(ConfigError) as caught:
        load_ruleset(extra_dirs=[folder])
    assert "not a regular file" in str(caught.value)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_report_to_a_pipe_or_a_shell_stream_is_written_through_not_replaced(tmp_path):
    # `--output /dev/null` once renamed a file over the device, for every program on the
    # machine; a FIFO and the shell's /dev/fd/N of `>(...)` stand in for it here
    page = tmp_path / "page.txt"
    page.write_text("Thank you for your order. It ships on Friday.\n", encoding="utf-8")
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    assert main(["audit", str(page), "--no-cache", "--format", "json", "--output", str(fifo)]) == 0
    reader.join(20)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)  # still the pipe it was
    assert json.loads(received[0])["documents"][0]["path"].endswith("page.txt")

    read_end, write_end = os.pipe()
    try:
        stream = f"/dev/fd/{write_end}"
        if not os.path.islink(stream):
            pytest.skip("no /dev/fd links here")
        assert main(["audit", str(page), "--no-cache", "--format", "json", "--output", stream]) == 0
        os.close(write_end)
        write_end = -1
        with os.fdopen(read_end, "rb") as pipe:
            read_end = -1
            assert json.loads(pipe.read())["documents"][0]["path"].endswith("page.txt")
    finally:
        for fd in (read_end, write_end):
            if fd >= 0:
                os.close(fd)
