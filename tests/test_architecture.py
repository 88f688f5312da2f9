"""The one-way flow holds: renderers read only the report model; nothing imports the CLI."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "loveaudit"


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_renderers_do_not_import_checks_or_nlp():
    for path in (SRC / "report").glob("*.py"):
        bad = {
            m
            for m in _imports(path)
            if m.startswith(("loveaudit.checks", "loveaudit.nlp", "loveaudit.auditor"))
        }
        assert not bad, f"{path.name} imports {bad}"


def test_nothing_imports_the_cli():
    for path in SRC.rglob("*.py"):
        if path.name != "cli.py":
            assert "loveaudit.cli" not in _imports(path), path


def test_checks_hold_no_output_code():
    for path in (SRC / "checks").glob("*.py"):
        text = path.read_text()
        assert "print(" not in text and "sys.exit" not in text, path


def test_readers_do_not_depend_on_results_or_checks():
    """Sources feed Documents forward; they never reach into what comes after."""
    for path in (SRC / "sources").glob("*.py"):
        later = ("loveaudit.model", "loveaudit.checks", "loveaudit.nlp", "loveaudit.auditor")
        later += ("loveaudit.suppression", "loveaudit.report", "loveaudit.scoring")
        bad = {m for m in _imports(path) if m.startswith(later)}
        assert not bad, f"{path.name} imports {bad}"
