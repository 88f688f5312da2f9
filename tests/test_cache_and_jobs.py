"""The results cache and parallel runs: same output, less work."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import SAMPLE_COUNT, SAMPLES
from loveaudit.runner import result_from_json, result_to_json
from test_cli import run


@pytest.fixture
def site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    shutil.copytree(SAMPLES, site)
    (site / "broken.txt").write_bytes(b"\x00\xff\x00" * 50)
    return site


def _audit(site: Path, *args: str):
    return run("audit", str(site), "--format", "json", *args, cwd=site.parent)


def test_second_run_on_an_unchanged_site_analyses_nothing(site: Path):
    first = _audit(site)
    assert "from the cache" not in first.stderr
    second = _audit(site)
    assert (
        f"{SAMPLE_COUNT} document(s) from the cache (.loveaudit_cache), 0 analysed" in second.stderr
    )
    assert second.stdout == first.stdout and second.returncode == first.returncode == 2
    assert "broken.txt" in second.stderr  # an unreadable file is reported every time


def test_an_edit_or_a_new_setting_is_analysed_again(site: Path):
    _audit(site)
    page = site / "web" / "home-cold.txt"
    page.write_text(page.read_text() + "\nThank you for reading.\n")
    assert (
        f"{SAMPLE_COUNT - 1} document(s) from the cache (.loveaudit_cache), 1 analysed"
        in _audit(site).stderr
    )
    (site / "loveaudit.toml").write_text(
        (site / "loveaudit.toml").read_text().replace('"Fernway",', '"Fernway", "Acme",')
    )
    assert "from the cache" not in _audit(site).stderr  # the configuration changed
    assert "from the cache" not in _audit(site, "--kind", "email").stderr


def test_a_damaged_cache_entry_is_a_miss_and_no_cache_means_none(site: Path, tmp_path: Path):
    first = _audit(site)
    for entry in (site.parent / ".loveaudit_cache").rglob("*.json"):
        entry.write_text("not json")
    again = _audit(site)
    assert again.stdout == first.stdout and "Traceback" not in again.stderr
    elsewhere = tmp_path / "other"
    elsewhere.mkdir()
    run("audit", str(site), "--no-cache", cwd=elsewhere)
    assert not (elsewhere / ".loveaudit_cache").exists()


@pytest.mark.slow
def test_jobs_2_equals_jobs_1_byte_for_byte(site: Path):
    for fmt in ("json", "text", "sarif"):
        one = run("audit", str(site), "--format", fmt, "--no-cache", "--jobs", "1")
        two = run("audit", str(site), "--format", fmt, "--no-cache", "--jobs", "2")
        assert one.stdout == two.stdout, fmt
        assert one.returncode == two.returncode == 2
        assert one.stderr == two.stderr


def test_a_cached_result_round_trips_exactly(samples_auditor):
    result = next(samples_auditor.audit_paths([str(SAMPLES / "email" / "apology-cold.txt")]))
    assert result_from_json(result_to_json(result)) == result


def test_a_cached_result_with_an_undecodable_file_name_round_trips(samples_auditor):
    # a file name that is not valid UTF-8 reaches Python with a lone surrogate in it
    import dataclasses
    import json

    result = next(samples_auditor.audit_paths([str(SAMPLES / "email" / "apology-cold.txt")]))
    odd = dataclasses.replace(result, path="caf\udce9/menu.txt")
    for one in (result, odd):
        text = result_to_json(one)
        assert json.loads(text) == json.loads(json.dumps(dataclasses.asdict(one)))
        assert result_from_json(text) == one
