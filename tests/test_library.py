"""The library as a newcomer meets it: it finds configuration as the command line does,
takes str or PathLike wherever it takes a path, and exports every type it hands back."""

from __future__ import annotations

import dataclasses
import inspect
import json
import typing
from pathlib import Path

import pytest

import loveaudit
from conftest import SAMPLES
from loveaudit import Auditor, Config, ConfigError, InputError, load_config
from loveaudit.cli import main
from loveaudit.config import find_config

# a sample whose kind and score depend on samples/loveaudit.toml ("hold/**" = "hold")
HOLD = SAMPLES / "hold" / "hold-loving.txt"


def _cli_json(path: Path, out: Path) -> dict:
    assert main(["audit", str(path), "--format", "json", "-o", str(out), "--no-cache"]) == 0
    return json.loads(out.read_text("utf-8"))["documents"][0]


def _seen(findings) -> list[tuple[str, int, int]]:
    return [(f.rule, f.line, f.column) for f in findings]


def test_auditor_applies_the_configuration_the_cli_finds(monkeypatch, tmp_path, auditor):
    monkeypatch.chdir(SAMPLES.parent)
    relative = HOLD.relative_to(SAMPLES.parent)
    cli = _cli_json(relative, tmp_path / "report.json")
    library = next(Auditor().audit_paths([relative]))
    assert (library.kind, library.score) == (cli["kind"], cli["score"]) == ("hold", cli["score"])
    assert _seen(library.findings) == [
        (f["rule"], f["line"], f["column"]) for f in cli["findings"]
    ]
    # config=None: the built-in defaults, no file looked for (this sample then reads as web)
    bare = next(auditor.audit_paths([relative]))
    assert bare.kind != "hold"


def test_config_none_a_file_or_discovery(tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    toml = folder / "loveaudit.toml"
    toml.write_text('select = ["focus-ratio"]\n', encoding="utf-8")
    page = folder / "home.txt"
    page.write_text("We are the leading provider of plumbing solutions.\n", encoding="utf-8")

    def rules(result) -> set[str]:
        return {o.rule for o in result.outcomes}

    found = Auditor()
    assert rules(next(found.audit_paths(page))) == {"focus-ratio"}
    assert found.config.path == toml.resolve()
    assert [r.id for r in Auditor(config=str(toml)).ruleset.rules] == ["focus-ratio"]
    assert [r.id for r in Auditor(config=toml).ruleset.rules] == ["focus-ratio"]
    assert len(Auditor(config=None).ruleset.rules) > 1
    # one auditor holds one configuration: files configured otherwise are refused, by name
    with pytest.raises(ConfigError, match="one Auditor per configuration") as caught:
        next(found.audit_paths([HOLD]))
    assert str(HOLD) in str(caught.value) and "samples" in str(caught.value)


def test_paths_may_be_str_or_pathlike(monkeypatch, auditor):
    monkeypatch.chdir(SAMPLES.parent)
    assert Config(packs="style", path="x/loveaudit.toml").packs == (Path("style"),)
    assert Config(path="x/loveaudit.toml").base == Path("x")
    by_name = load_config("samples/loveaudit.toml")
    assert by_name.brands == load_config(SAMPLES / "loveaudit.toml").brands
    assert find_config("samples") == find_config(SAMPLES) == (SAMPLES / "loveaudit.toml").resolve()
    one = SAMPLES / "web" / "home-cold.txt"
    # a single path is one path, whether str or Path (never iterated letter by letter)
    for given in (one, str(one), [one], [str(one)]):
        results = list(auditor.audit_paths(given))
        assert len(results) == 1 and not isinstance(results[0], InputError), given
    assert auditor.audit_text("Thanks!", path=one).path == str(one)
    before, after = SAMPLES / "web" / "home-cold.txt", SAMPLES / "web" / "home-loving.txt"
    comparison = loveaudit.compare(before, after, config=None)
    assert comparison.after.score > comparison.before.score


def _classes(hint: object) -> set[type]:
    """The classes named in a type hint, through unions, containers and iterators."""
    if isinstance(hint, type):
        return {hint}
    return {c for arg in typing.get_args(hint) for c in _classes(arg)}


def _returned(obj: object) -> set[type]:
    """What a public function, or the public methods of a public class, return."""
    functions = (
        [m for n, m in inspect.getmembers(obj, inspect.isfunction) if not n.startswith("_")]
        if isinstance(obj, type)
        else [obj]
    )
    found: set[type] = set()
    for function in functions:
        hints = typing.get_type_hints(function)
        found |= _classes(hints.get("return"))
    return found


def test_every_type_the_public_api_returns_is_exported():
    public = {getattr(loveaudit, name) for name in loveaudit.__all__}
    seen: set[type] = set()
    todo = [obj for obj in public if callable(obj)]
    while todo:
        obj = todo.pop()
        for cls in _returned(obj):
            if cls.__module__.startswith("loveaudit") and cls not in seen:
                seen.add(cls)
                todo.append(cls)
                if dataclasses.is_dataclass(cls):  # and the types of its fields
                    fields = typing.get_type_hints(cls)
                    todo += [c for h in fields.values() for c in _classes(h)]
    missing = sorted(c.__name__ for c in seen if c not in public)
    assert not missing, f"returned by the public API but not exported: {missing}"
    from loveaudit import InputError as Exported  # the error a newcomer reaches for

    assert Exported is InputError
