"""Reading configuration: `loveaudit.toml`, `.loveaudit.toml` or `[tool.loveaudit]`.

A key loveaudit does not know is an error naming the key and file: configuration that
silently does nothing is worse than none.
"""

from __future__ import annotations

import enum
import os
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from loveaudit.errors import ConfigError, Problem
from loveaudit.limits import Limits, limit_problem

CONFIG_NAMES = ("loveaudit.toml", ".loveaudit.toml", "pyproject.toml")
KEYS = {
    "brands",
    "kinds",
    "purposes",
    "packs",
    "model",
    "fail-under",
    "fail-on",
    "fail-under-dimension",
    "fail-under-kind",
    "select",
    "ignore",
    "enable",
    "rules",
    "include",
    "exclude",
    "suppress",
    "max-file-bytes",
    "max-seconds",
}


@dataclass(frozen=True)
class Config:
    """The effective configuration for an audit; every field has a working default."""

    brands: tuple[str, ...] = ()
    kinds: dict[str, str] = field(default_factory=dict)
    purposes: dict[str, str] = field(default_factory=dict)  # path glob -> purpose
    packs: tuple[Path, ...] = ()
    model: str | None = None
    fail_under: float | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    enable: tuple[str, ...] = ()  # rules that are off by default, turned on
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    path: Path | None = None
    fail_on: str | None = None
    fail_under_dimensions: dict[str, float] = field(default_factory=dict)
    fail_under_kinds: dict[str, float] = field(default_factory=dict)
    include: tuple[str, ...] = ()
    suppress: dict[str, tuple[str, ...]] = field(default_factory=dict)  # rule or "*" -> phrases
    origins: dict[str, str] = field(default_factory=dict)  # key -> "file:line" it came from
    limits: Limits = field(default_factory=Limits)

    def __post_init__(self) -> None:
        # a library user may write Config(packs=["style"], path="loveaudit.toml")
        packs = (self.packs,) if isinstance(self.packs, (str, os.PathLike)) else self.packs
        object.__setattr__(self, "packs", tuple(Path(p) for p in packs))
        if self.path is not None:
            object.__setattr__(self, "path", Path(self.path))

    def excludes(self, path: Path) -> bool:
        """Whether a file found while walking a folder is left out: it matches an
        `exclude` glob, or `include` globs are set and it matches none of them."""
        if not self.exclude and not self.include:
            return False
        try:
            rel = path.resolve().relative_to(self.base.resolve()) if self.base else path
        except ValueError:
            rel = path
        posix = rel.as_posix()
        if any(fnmatchcase(posix, g.replace("**", "*")) for g in self.exclude):
            return True
        return bool(self.include) and not any(
            fnmatchcase(posix, g.replace("**", "*")) for g in self.include
        )

    @property
    def base(self) -> Path | None:
        """The folder relative paths in the configuration are taken from."""
        return self.path.parent if self.path else None


def _line_of(text: str, key: str) -> int | None:
    m = re.search(
        rf'^[ \t]*"?{re.escape(key)}"?[ \t]*=|^[ \t]*\[[^\]]*\b{re.escape(key)}\b', text, re.M
    )
    return text[: m.start()].count("\n") + 1 if m else None


def _table_key_line(text: str, table: tuple[str, ...], key: str) -> int | None:
    """The line of ``key`` in the TOML table ``table`` ("[rules.focus-ratio.web]"), else
    of the table's header, else None (an inline table, a dotted key)."""
    name = r"[ \t]*\.[ \t]*".join(rf'"?{re.escape(part)}"?' for part in table)
    header = re.search(rf"^[ \t]*\[[ \t]*{name}[ \t]*\][ \t]*(?:#.*)?$", text, re.M)
    if header is None:
        return None
    section = re.search(r"^[ \t]*\[", text[header.end() :], re.M)
    body = text[header.end() : header.end() + section.start()] if section else text[header.end() :]
    found = re.search(rf'^[ \t]*"?{re.escape(key)}"?[ \t]*=', body, re.M)
    offset = header.end() + found.start() if found else header.start()
    return text[:offset].count("\n") + 1


def _rule_origins(name: str, text: str, rules: dict) -> dict[str, str]:
    """Where each configured rule parameter was set, "file:line" by its dotted key
    ("rules.focus-ratio.web.min_customer_share"), so a problem with it names its line."""
    origins: dict[str, str] = {}
    for rid, params in rules.items():
        for key, value in params.items():
            nested = value.items() if isinstance(value, dict) else [(None, value)]
            for inner, _ in nested:
                table, last = (("rules", rid, key), inner) if inner else (("rules", rid), key)
                line = _table_key_line(text, table, last)
                if line:
                    origins[".".join([*table, last])] = f"{name}:{line}"
    return origins


class Discover(enum.Enum):
    """The one value of `DISCOVER`."""

    DISCOVER = "discover"


# "Find the configuration as the command line does": the default of `Auditor(config=...)`.
DISCOVER = Discover.DISCOVER

# What may be passed as `config`: a Config, a configuration file's path, None for the
# built-in defaults without any file, or DISCOVER.
ConfigArg = Config | str | os.PathLike[str] | None | Discover


def find_config(start: str | os.PathLike[str]) -> Path | None:
    """The nearest configuration file at or above ``start``."""
    folder = Path(start).resolve()
    if not folder.is_dir():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            path = candidate / name
            if path.is_file() and (name != "pyproject.toml" or _has_tool_table(path)):
                return path
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        return "loveaudit" in tomllib.loads(path.read_text("utf-8")).get("tool", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False


def discovery_start(paths: Iterable[str | os.PathLike[str]] = ()) -> Path:
    """Where the search for a configuration file starts: the first path audited (not stdin,
    not a URL), or the working directory when there is none or it does not exist."""
    for item in paths:
        text = os.fspath(item)
        if text == "-" or re.match(r"^https?://", text, re.IGNORECASE):
            continue
        start = Path(text)
        return start if start.exists() else Path.cwd()
    return Path.cwd()


def discover_config(paths: Iterable[str | os.PathLike[str]] = ()) -> Config:
    """The configuration an audit of ``paths`` uses when none is named: the nearest
    loveaudit.toml, .loveaudit.toml or pyproject.toml with [tool.loveaudit] at or above
    `discovery_start`, else the built-in defaults."""
    found = find_config(discovery_start(paths))
    return load_config(found) if found else Config()


def resolve_config(config: ConfigArg, paths: Iterable[str | os.PathLike[str]] = ()) -> Config:
    """The `Config` a ``config`` argument stands for (see `ConfigArg`)."""
    if isinstance(config, Config):
        return config
    if config is None:
        return Config()
    if config is DISCOVER:
        return discover_config(paths)
    return load_config(config)


def load_config(path: str | os.PathLike[str]) -> Config:
    """Read and check one configuration file."""
    path = Path(path)
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except OSError as exc:
        raise ConfigError([Problem(name, None, f"cannot be read: {exc.strerror}")]) from None
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        raise ConfigError([Problem(name, line, f"not valid TOML: {exc}")]) from None
    except UnicodeDecodeError:
        raise ConfigError([Problem(name, None, "not valid UTF-8")]) from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("loveaudit", {})
    problems: list[Problem] = []

    def bad(key: str, message: str) -> None:
        problems.append(Problem(name, _line_of(text, key.split(".")[-1]), message, key=key))

    for key in sorted(set(data) - KEYS):
        bad(key, f"unknown key (known: {', '.join(sorted(KEYS))})")
    brands = data.get("brands", [])
    if not isinstance(brands, list) or not all(isinstance(b, str) for b in brands):
        bad("brands", "must be a list of names")
        brands = []
    kinds = data.get("kinds", {})
    if not isinstance(kinds, dict) or not all(isinstance(v, str) for v in kinds.values()):
        bad("kinds", "must map path globs to kind names")
        kinds = {}
    purposes = data.get("purposes", {})
    if not isinstance(purposes, dict) or not all(isinstance(v, str) for v in purposes.values()):
        bad("purposes", "must map path globs to purpose names")
        purposes = {}
    packs = data.get("packs", [])
    if not isinstance(packs, list) or not all(isinstance(p, str) for p in packs):
        bad("packs", "must be a list of folders")
        packs = []
    fail_under = data.get("fail-under")
    if fail_under is not None and (
        isinstance(fail_under, bool)
        or not isinstance(fail_under, (int, float))
        or not 0 <= fail_under <= 100
    ):
        bad("fail-under", "must be a number from 0 to 100")
        fail_under = None
    model = data.get("model")
    if model is not None and not isinstance(model, str):
        bad("model", "must be the name of a spaCy pipeline package")
        model = None
    rules = data.get("rules", {})
    if not isinstance(rules, dict) or not all(isinstance(v, dict) for v in rules.values()):
        bad("rules", "must be tables of parameter overrides, one per rule id")
        rules = {}
    select = data.get("select")
    ignore = data.get("ignore", [])
    enable = data.get("enable", [])
    exclude = data.get("exclude", [])
    if not isinstance(exclude, list) or not all(isinstance(v, str) for v in exclude):
        bad("exclude", "must be a list of path globs")
        exclude = []
    for key, value in (("select", select), ("ignore", ignore), ("enable", enable)):
        if value is not None and (
            not isinstance(value, list) or not all(isinstance(v, str) for v in value)
        ):
            bad(key, "must be a list of rule ids")
    fail_on = data.get("fail-on")
    if fail_on is not None and fail_on not in ("error", "warning"):
        bad("fail-on", 'must be "error" or "warning"')
        fail_on = None
    floors: dict[str, dict[str, float]] = {}
    for key in ("fail-under-dimension", "fail-under-kind"):
        table = data.get(key, {})
        if not isinstance(table, dict) or not all(
            isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v <= 100
            for v in table.values()
        ):
            what = "dimension" if key.endswith("dimension") else "kind"
            bad(key, f"must map {what} names to scores from 0 to 100")
            table = {}
        floors[key] = {k: float(v) for k, v in table.items()}
    include = data.get("include", [])
    if not isinstance(include, list) or not all(isinstance(v, str) for v in include):
        bad("include", "must be a list of path globs")
        include = []
    suppress = data.get("suppress", {})
    if not isinstance(suppress, dict) or not all(
        isinstance(v, list) and all(isinstance(p, str) and p.strip() for p in v)
        for v in suppress.values()
    ):
        bad("suppress", 'must map rule ids (or "*") to lists of exact phrases')
        suppress = {}
    limits = Limits()
    for key, attribute, kind in (
        ("max-file-bytes", "max_file_bytes", int),
        ("max-seconds", "max_seconds", float),
    ):
        value = data.get(key)
        if value is None:
            continue
        problem = limit_problem(key, value)
        if problem:
            bad(key, problem)
        else:
            limits = replace(limits, **{attribute: kind(value)})
    if problems:
        raise ConfigError(problems)
    base = path.parent
    return Config(
        brands=tuple(brands),
        kinds=dict(kinds),
        purposes=dict(purposes),
        packs=tuple((base / p) for p in packs),
        model=model,
        fail_under=float(fail_under) if fail_under is not None else None,
        select=tuple(select) if select is not None else None,
        ignore=tuple(ignore),
        enable=tuple(enable) if isinstance(enable, list) else (),
        rules=rules,
        exclude=tuple(exclude),
        path=path,
        fail_on=fail_on,
        fail_under_dimensions=floors["fail-under-dimension"],
        fail_under_kinds=floors["fail-under-kind"],
        include=tuple(include),
        suppress={rule: tuple(phrases) for rule, phrases in sorted(suppress.items())},
        limits=limits,
        origins={
            **{
                key: f"{name}:{line}" if (line := _line_of(text, key)) else name
                for key in sorted(data)
            },
            **_rule_origins(name, text, rules),
            **{
                f"purposes.{glob}": f"{name}:{line}"
                for glob in purposes
                if (line := _table_key_line(text, ("purposes",), glob))
            },
        },
    )


# (key, attribute) in the order `loveaudit config` prints them
FIELDS = (
    ("brands", "brands"),
    ("kinds", "kinds"),
    ("purposes", "purposes"),
    ("packs", "packs"),
    ("model", "model"),
    ("fail-under", "fail_under"),
    ("fail-on", "fail_on"),
    ("fail-under-dimension", "fail_under_dimensions"),
    ("fail-under-kind", "fail_under_kinds"),
    ("select", "select"),
    ("ignore", "ignore"),
    ("enable", "enable"),
    ("rules", "rules"),
    ("include", "include"),
    ("exclude", "exclude"),
    ("suppress", "suppress"),
    ("max-file-bytes", "limits.max_file_bytes"),
    ("max-seconds", "limits.max_seconds"),
)
