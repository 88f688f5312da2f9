"""Loading and validating rule packs: the rules, lexicons, dimensions and kinds as data.

Everything English lives in YAML under `rules/`; this module checks it strictly before any
document is read (unknown keys, wrong types, unknown lexicons, dimensions or kinds are
errors with file, line, rule id and key), and hands the engine typed, frozen rules.
"""

from __future__ import annotations

import difflib
import math
import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from loveaudit.atomic import read_regular
from loveaudit.checks import CHECKS
from loveaudit.checks.base import named_lexicons
from loveaudit.errors import ConfigError, Problem
from loveaudit.lexicons import Lexicon, Pattern
from loveaudit.model import SEVERITIES
from loveaudit.usercache import remembered

RULE_KEYS = {
    "id",
    "title",
    "status",
    "check",
    "dimension",
    "what",
    "why",
    "example",
    "message",
    "fix",
    "params",
    "kinds",
    "weight",
    "enabled",
    "off_because",
    "owed_by",
    "not_owed_by",
    "purposes",
}
REQUIRED_RULE_KEYS = (
    "id",
    "title",
    "check",
    "dimension",
    "what",
    "why",
    "example",
    "message",
    "fix",
    "kinds",
)
STATUSES = ("preview", "stable", "deprecated", "removed")
_ID = re.compile(r"^[a-z]+(?:-[a-z0-9]+)+$")
_PURPOSE_NAME = re.compile(r"^[a-z]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Dimension:
    name: str
    label: str
    description: str


@dataclass(frozen=True)
class Kind:
    """A kind of document, with how much each dimension counts for it and why."""

    name: str
    description: str
    weights: Mapping[str, float]
    reasons: Mapping[str, str]


@dataclass(frozen=True)
class Purpose:
    """What a document of one kind is for (a receipt, a voicemail greeting), with the
    content cues that recognise it: presence rules name the purposes that owe them."""

    name: str
    kind: str
    label: str
    description: str
    owes: str
    fallback: bool = False
    min_hits: int = 1
    cues: tuple[str, ...] = ()
    against: tuple[str, ...] = ()


PURPOSE_KEYS = {"kind", "label", "description", "owes", "fallback", "min_hits", "cues", "against"}


@dataclass(frozen=True)
class Rule:
    """One rule: a check type configured by data, with its documentation."""

    id: str
    title: str
    family: str
    principle: str
    status: str
    check: str
    dimension: str
    what: str
    why: str
    example_before: str
    example_after: str
    message: str
    fix: str
    weight: float
    params: Mapping[str, BaseModel]  # by kind; a kind not listed is not applicable
    raw_params: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    file: str = ""
    line: int | None = None
    enabled: bool = True  # False: off by default, runs only when configuration enables it
    off_because: str = ""  # why a rule is off by default

    # the purposes that owe what this rule looks for (empty: every purpose of its kinds),
    # or those that do not; a document of a purpose that does not owe it is not judged
    owed_by: tuple[str, ...] = ()
    not_owed_by: tuple[str, ...] = ()
    # parameters for one purpose, over its kind's: a voicemail greeting's missing "when"
    # is a warning where other phone copy's is a hint
    purpose_params: Mapping[str, BaseModel] = field(default_factory=dict)

    def owed(self, purpose: str | None) -> bool:
        """Whether a document of this purpose owes what the rule looks for."""
        if purpose is None:
            return True
        if self.owed_by:
            return purpose in self.owed_by
        return purpose not in self.not_owed_by


@dataclass(frozen=True)
class WorstProblems:
    """How serious findings cap the love score (`worst_problems` in dimensions.yaml)."""

    rules: frozenset[str]
    severities: frozenset[str]
    points_per_problem: float
    share_at_ceiling: float
    ceiling_at_share: float
    share_exponent: float = 1.0  # how the share limb rises towards its ceiling
    words_per_problem: int = 0  # the most words one finding adds to the share (0: all)
    reason: str = ""
    # rules whose findings weigh by the words they hold only, never by their number, and
    # reach the ceiling at their own share: a stale formula is the worst problem only where
    # it is most of what the text says
    share_only: frozenset[str] = frozenset()
    share_only_from: float = 0.0
    share_only_at_ceiling: float = 1.0


@dataclass(frozen=True)
class RuleSet:
    """All rules, lexicons, patterns, dimensions and kinds in force for an audit."""

    rules: tuple[Rule, ...]
    lexicons: Mapping[str, Lexicon]
    patterns: Mapping[str, Pattern]
    dimensions: Mapping[str, Dimension]
    kinds: Mapping[str, Kind]
    kind_cues: Mapping[str, Any]
    redirects: Mapping[str, str]
    placeholders: tuple[str, ...] = ()  # regexes of template fields: neutral tokens
    sign_offs: tuple[str, ...] = ()  # a letter's sign-off lines (`sentences` in dimensions.yaml)
    off: tuple[Rule, ...] = ()  # rules off by default and not enabled: documented, not run
    worst: WorstProblems | None = None  # the ceiling serious findings put on the score
    # what a document's purpose owes weighs this many times its rule's weight, kept or
    # missed (`owed` in dimensions.yaml)
    owed_weight: float = 1.0
    purposes: Mapping[str, Purpose] = field(default_factory=dict)
    purpose_window: int = 3000

    def rule(self, rule_id: str) -> Rule | None:
        """An active rule, or one that is off by default (its documentation still shows)."""
        rule_id = self.redirects.get(rule_id, rule_id)
        return next((r for r in (*self.rules, *self.off) if r.id == rule_id), None)


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """" (did you mean 'focus-actor'?)" for a misspelt rule id, or "" when nothing is
    close: a typo in a rule id should cost a glance, not a trip to the rule list."""
    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.75)
    return f" (did you mean {close[0]!r}?)" if close else ""


def builtin_rules_dir() -> Path:
    """The built-in packs: inside the installed package, or `rules/` in a source checkout."""
    packaged = resources.files("loveaudit") / "rules"
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parents[2] / "rules"
    if checkout.is_dir():
        return checkout
    raise ConfigError([Problem("rules/", None, "built-in rule packs are missing from the install")])


_YAMLLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loaded:
    """A YAML file's data and the line of every key path, for messages that point."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = str(path)
        # a FIFO, socket or device named like a pack would block loading or never end:
        # it is refused by what it is; a pack may be a link (a shared folder of packs)
        content = read_regular(path, follow_links=True)
        text = content.decode("utf-8")
        # parsing is most of the time a rule set takes to load, and every process that
        # audits reads all the packs: the parse of each file is kept in the user's cache
        # (see usercache.py), keyed by the file's bytes
        self.data, self.lines = remembered(
            "pack",
            str(path.resolve()),
            content,
            lambda: _parse(text),
            encode=lambda parsed: [parsed[0], [[list(k), line] for k, line in parsed[1].items()]],
            decode=_checked_parse,
        )

    def line(self, *path: Any) -> int | None:
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get(())


Lines = dict[tuple[Any, ...], int]  # key path ("rules", 0, "id") -> line


def _parse(text: str) -> tuple[Any, Lines]:
    """A YAML file's data and the line of every key path. One parse gives both the node
    tree (for lines) and the data; libyaml's parser when installed."""
    loader = _YAMLLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    lines: Lines = {}
    if node is not None:
        _walk(node, (), lines)
    return data, lines


def _walk(node: yaml.Node, prefix: tuple[Any, ...], lines: Lines) -> None:
    lines.setdefault(prefix, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            path = (*prefix, key.value)
            lines[path] = key.start_mark.line + 1
            _walk(value, path, lines)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, (*prefix, i), lines)


def _checked_parse(cached: Any) -> tuple[Any, Lines]:
    """A parse read back from the cache; its data is checked as a pack's always is."""
    data, pairs = cached
    lines: Lines = {}
    for key, line in pairs:
        if type(line) is not int or not all(type(k) in (str, int) for k in key):
            raise ValueError("not the lines of a pack")
        lines[tuple(key)] = line
    return data, lines


def _read(path: Path, problems: list[Problem]) -> _Loaded | None:
    try:
        loaded = _Loaded(path)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problems.append(Problem(str(path), line, f"not valid YAML: {getattr(exc, 'problem', exc)}"))
        return None
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(str(path), None, f"cannot be read: {exc}"))
        return None
    if not isinstance(loaded.data, dict):
        problems.append(Problem(str(path), 1, "must be a mapping at the top level"))
        return None
    return loaded


def _entry_problem(loaded: _Loaded, section: str, name: str, key: str, message: str) -> Problem:
    """A problem with one key of a lexicon or pattern, at its line."""
    return Problem(
        loaded.name, loaded.line(section, name, key), message, key=f"{section}.{name}.{key}"
    )


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _load_lexicons(
    files: Iterable[Path],
    problems: list[Problem],
    lexicons: dict[str, Lexicon],
    patterns: dict[str, Pattern],
) -> None:
    for path in files:
        loaded = _read(path, problems)
        if loaded is None:
            continue
        unknown = set(loaded.data) - {"lexicons", "patterns"}
        for key in sorted(unknown):
            problems.append(Problem(loaded.name, loaded.line(key), "unknown key", key=key))
        if not _shaped(loaded, problems, lexicons=dict, patterns=dict):
            continue
        for name, spec in (loaded.data.get("lexicons") or {}).items():
            where = loaded.line("lexicons", name)
            if name in lexicons or name in patterns:
                problems.append(
                    Problem(loaded.name, where, "declared twice", key=f"lexicons.{name}")
                )
                continue
            if isinstance(spec, dict) and isinstance(spec.get("replacements"), dict):
                reps = spec["replacements"]
                if not all(
                    isinstance(k, str) and k.strip() and isinstance(v, str) for k, v in reps.items()
                ):
                    problems.append(
                        Problem(
                            loaded.name,
                            where,
                            "replacements must map text to text (quote yes, no, null and numbers)",
                            key=f"lexicons.{name}.replacements",
                        )
                    )
                    continue
                spec = {**spec, "phrases": [str(k) for k in reps]}
            if not isinstance(spec, dict) or not isinstance(spec.get("phrases"), list):
                problems.append(
                    Problem(
                        loaded.name,
                        where,
                        "needs a `phrases` list or a `replacements` mapping",
                        key=f"lexicons.{name}",
                    )
                )
                continue
            extra = set(spec) - {
                "description",
                "source",
                "excludes",
                "match",
                "phrases",
                "replacements",
            }
            for key in sorted(extra):
                problems.append(_entry_problem(loaded, "lexicons", name, key, "unknown key"))
            match = spec.get("match", "lower")
            if match not in ("lower", "exact"):
                problems.append(
                    _entry_problem(loaded, "lexicons", name, "match", "must be `lower` or `exact`")
                )
            if not all(isinstance(p, str) and p.strip() for p in spec["phrases"]):
                message = "every phrase must be non-empty text (quote numbers and yes/no)"
                problems.append(_entry_problem(loaded, "lexicons", name, "phrases", message))
                continue
            phrases = tuple(spec["phrases"])
            lexicons[name] = Lexicon(
                name,
                phrases,
                exact=match == "exact",
                description=_text(spec.get("description")),
                source=_text(spec.get("source")),
                excludes=_text(spec.get("excludes")),
                replacements={str(k): str(v) for k, v in (spec.get("replacements") or {}).items()},
            )
        for name, spec in (loaded.data.get("patterns") or {}).items():
            where = loaded.line("patterns", name)
            regex = spec.get("regex") if isinstance(spec, dict) else None
            if not isinstance(regex, str):
                problems.append(
                    Problem(loaded.name, where, "needs a `regex` string", key=f"patterns.{name}")
                )
                continue
            anchor = spec.get("anchor")
            bad = False
            for key, value in (("regex", regex), ("anchor", anchor)):
                if value is None:
                    continue
                message = _regex_problem(value)
                if message:
                    problems.append(_entry_problem(loaded, "patterns", name, key, message))
                    bad = True
            reach = spec.get("reach", 160)
            if not isinstance(reach, int) or isinstance(reach, bool) or not 0 < reach <= 1000:
                message = "must be a number of characters from 1 to 1000"
                problems.append(_entry_problem(loaded, "patterns", name, "reach", message))
                bad = True
            if bad:
                continue
            if name in lexicons or name in patterns:
                problems.append(
                    Problem(loaded.name, where, "declared twice", key=f"patterns.{name}")
                )
                continue
            patterns[name] = Pattern(
                name,
                regex,
                description=_text(spec.get("description")),
                source=_text(spec.get("source")),
                anchor=anchor,
                reach=reach,
            )


def _regex_problem(value: object) -> str | None:
    """What is wrong with a pattern's regex or anchor, if anything."""
    if not isinstance(value, str):
        return "must be a regular expression in quotes"
    try:
        re.compile(value)
    except re.error as exc:
        return f"invalid regular expression: {exc}"
    if re.search(r"[A-Z]", re.sub(r"\\.", "", value)):
        return "write patterns in lower case (they run on lower-cased text)"
    if any(m.start() == m.end() for m in re.finditer(value, _EMPTY_PROBE)):
        return "can match empty text, so it would match everywhere"
    return None


# text on which a pattern that can match nothing at all shows it (at a word's edge, a
# digit, punctuation or the end)
_EMPTY_PROBE = "ab 12 cd. e-f, g@h.io 3:30 pm\n"


def _shaped(loaded: _Loaded, problems: list[Problem], **shapes: type) -> bool:
    """Whether each top-level key has the shape the loader reads (a list of rules, a
    mapping of lexicons); "rules: 5" must be a message, not a TypeError."""
    ok = True
    for key, shape in shapes.items():
        value = loaded.data.get(key)
        if value is not None and not isinstance(value, shape):
            kind = "a list" if shape is list else "a mapping"
            problems.append(Problem(loaded.name, loaded.line(key), f"must be {kind}", key=key))
            ok = False
    return ok


def _load_dimensions(path: Path, problems: list[Problem]):
    dims: dict[str, Dimension] = {}
    kinds: dict[str, Kind] = {}
    loaded = _read(path, problems)
    if loaded is None:
        return dims, kinds, {}
    for name, spec in (loaded.data.get("dimensions") or {}).items():
        spec = spec or {}
        dims[name] = Dimension(name, _text(spec.get("label", name)), _text(spec.get("description")))
    for name, spec in (loaded.data.get("kinds") or {}).items():
        spec = spec or {}
        weights: dict[str, float] = {}
        reasons: dict[str, str] = {}
        for dim, w in (spec.get("weights") or {}).items():
            key = f"kinds.{name}.weights.{dim}"
            line = loaded.line("kinds", name, "weights", dim)
            value = w.get("weight") if isinstance(w, dict) else w
            if dim not in dims:
                problems.append(Problem(loaded.name, line, f"unknown dimension {dim!r}", key=key))
            elif not isinstance(value, (int, float)) or value <= 0:
                problems.append(
                    Problem(loaded.name, line, "weight must be a positive number", key=key)
                )
            else:
                weights[dim] = float(value)
                reasons[dim] = _text(w.get("reason")) if isinstance(w, dict) else ""
        kinds[name] = Kind(name, _text(spec.get("description")), weights, reasons)
    return dims, kinds, loaded.data.get("cues") or {}


def _load_purposes(
    path: Path, problems: list[Problem], kinds: Mapping[str, Kind]
) -> tuple[dict[str, Purpose], int]:
    """The purposes of `rules/purposes.yaml`, checked strictly: each names a declared kind,
    its cues compile, and every kind has exactly one fallback (the purpose a document has
    when no cue recognises it)."""
    purposes: dict[str, Purpose] = {}
    loaded = _read(path, problems)
    if loaded is None:
        return purposes, 3000
    name_ = loaded.name
    for key in sorted(set(loaded.data) - {"window", "purposes"}):
        problems.append(Problem(name_, loaded.line(key), "unknown key", key=key))
    window = loaded.data.get("window", 3000)
    if isinstance(window, bool) or not isinstance(window, int) or window < 100:
        problems.append(
            Problem(
                name_, loaded.line("window"), "must be a whole number of at least 100", key="window"
            )
        )
        window = 3000
    if not _shaped(loaded, problems, purposes=dict):
        return purposes, window
    fallbacks: dict[str, str] = {}
    for name, spec in (loaded.data.get("purposes") or {}).items():
        where = f"purposes.{name}"

        def bad(message: str, *keys: str, name: str = name, where: str = where) -> None:
            key = ".".join([where, *keys])
            problems.append(Problem(name_, loaded.line("purposes", name, *keys), message, key=key))

        if not isinstance(name, str) or not _PURPOSE_NAME.match(name):
            bad("purpose names are kebab-case words (e.g. `payment-reminder`)")
            continue
        if not isinstance(spec, dict):
            bad("must be a mapping")
            continue
        before = len(problems)
        for key in sorted(set(spec) - PURPOSE_KEYS):
            bad("unknown key", key)
        for key in ("kind", "label", "description", "owes"):
            if not spec.get(key):
                bad("missing (every purpose documents itself)", key)
        kind = spec.get("kind")
        if kind and kind not in kinds:
            bad(f"unknown kind {kind!r}; known: {', '.join(sorted(kinds))}", "kind")
        fallback = spec.get("fallback", False)
        if not isinstance(fallback, bool):
            bad("must be true or false", "fallback")
        min_hits = spec.get("min_hits", 1)
        if isinstance(min_hits, bool) or not isinstance(min_hits, int) or min_hits < 1:
            bad("must be a whole number of at least 1", "min_hits")
        compiled: dict[str, list[str]] = {}
        for key in ("cues", "against"):
            value = spec.get(key) or []
            if not isinstance(value, list):
                bad("must be a list of regular expressions", key)
                continue
            compiled[key] = []
            for index, regex in enumerate(value):
                message = ""
                if re.search(r"[A-Z]", re.sub(r"\\.", "", str(regex))):
                    message = "cues read lower-cased text: write them in lower case"
                else:
                    try:
                        re.compile(str(regex), re.M)
                    except re.error as exc:
                        message = f"invalid regular expression: {exc}"
                if message:
                    line = loaded.line("purposes", name, key, index)
                    problems.append(Problem(name_, line, message, key=f"{where}.{key}"))
                    continue
                compiled[key].append(str(regex))
        if fallback is True:
            if spec.get("cues"):
                bad("a fallback purpose has no cues: it is what no cue recognises", "cues")
            if kind in fallbacks:
                bad(
                    f"kind {kind!r} already has the fallback purpose {fallbacks[kind]!r}",
                    "fallback",
                )
            fallbacks[str(kind)] = name
        elif not spec.get("cues") and "cues" in compiled:
            bad("needs `cues` (or `fallback: true`)", "cues")
        if len(problems) > before:
            continue
        purposes[name] = Purpose(
            name=name,
            kind=str(kind),
            label=_text(spec["label"]),
            description=_text(spec["description"]),
            owes=_text(spec["owes"]),
            fallback=fallback,
            min_hits=min_hits,
            cues=tuple(compiled.get("cues", ())),
            against=tuple(compiled.get("against", ())),
        )
    for kind in sorted(set(kinds) - set(fallbacks)):
        problems.append(
            Problem(
                name_,
                loaded.line("purposes"),
                f"kind {kind!r} has no fallback purpose",
                key="purposes",
            )
        )
    return purposes, window


def _load_placeholders(path: Path, problems: list[Problem]) -> tuple[str, ...]:
    loaded = _read(path, problems)
    if loaded is None:
        return ()
    found = []
    for index, regex in enumerate((loaded.data.get("placeholders") or {}).get("patterns") or []):
        try:  # case matters here ("<NAME>"), so these run on the text as written
            re.compile(str(regex))
        except re.error as exc:
            line = loaded.line("placeholders", "patterns", index)
            message = f"invalid regular expression: {exc}"
            problems.append(Problem(loaded.name, line, message, key="placeholders.patterns"))
        else:
            found.append(str(regex))
    return tuple(found)


def _load_sign_offs(path: Path, problems: list[Problem]) -> tuple[str, ...]:
    """`sentences.sign_offs` in dimensions.yaml: lower-case phrases, each a whole line."""
    loaded = _read(path, problems)
    if loaded is None:
        return ()
    spec = loaded.data.get("sentences") or {}
    found = spec.get("sign_offs") if isinstance(spec, dict) else None
    if found is None:
        return ()
    if not isinstance(found, list) or not all(isinstance(x, str) and x.strip() for x in found):
        problems.append(
            Problem(
                loaded.name,
                loaded.line("sentences"),
                "sign_offs is a list of phrases",
                key="sentences.sign_offs",
            )
        )
        return ()
    return tuple(" ".join(x.lower().split()) for x in found)


def _load_worst(path: Path, problems: list[Problem]) -> WorstProblems | None:
    loaded = _read(path, problems)
    spec = loaded.data.get("worst_problems") if loaded else None
    if not spec:
        return None
    line = loaded.line("worst_problems") if loaded else None
    name = loaded.name if loaded else str(path)
    only = spec.get("share_only") or {}
    if not isinstance(only, dict) or not isinstance(only.get("rules", []), list):
        problems.append(
            Problem(
                name, line, "share_only is a mapping with a list of `rules`", key="worst_problems"
            )
        )
        return None
    extra = set(only) - {"rules", "share_from", "share_at_ceiling"}
    if extra:  # a typo ("share_at_cieling") would fall back to a default without a word
        problems.append(
            Problem(name, line, f"share_only: unknown keys {sorted(extra)}", key="worst_problems")
        )
        return None
    try:
        worst = WorstProblems(
            rules=frozenset(str(r) for r in spec["rules"]),
            severities=frozenset(str(s) for s in spec["severities"]),
            points_per_problem=float(spec["points_per_problem"]),
            share_at_ceiling=float(spec["share_at_ceiling"]),
            ceiling_at_share=float(spec["ceiling_at_share"]),
            share_exponent=float(spec.get("share_exponent", 1.0)),
            words_per_problem=int(spec.get("words_per_problem", 0)),
            reason=_text(spec.get("reason", "")),
            share_only=frozenset(str(r) for r in only.get("rules", ())),
            share_only_from=float(only.get("share_from", 0.0)),
            share_only_at_ceiling=float(only.get("share_at_ceiling", 1.0)),
        )
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        problems.append(Problem(name, line, f"malformed: {exc}", key="worst_problems"))
        return None
    if worst.rules & worst.share_only:
        both = sorted(worst.rules & worst.share_only)
        problems.append(
            Problem(
                name, line, f"listed as serious and as share_only: {both}", key="worst_problems"
            )
        )
        return None
    unknown = worst.severities - set(SEVERITIES)
    if unknown:  # a typo ("warn") would switch the ceiling off without a word
        problems.append(
            Problem(name, line, f"unknown severities {sorted(unknown)}", key="worst_problems")
        )
        return None
    if (
        not 0 < worst.share_at_ceiling <= 1
        or not 0 <= worst.share_only_from < worst.share_only_at_ceiling <= 1
        or not 0 <= worst.ceiling_at_share <= 100
        or not worst.share_exponent > 0
        or worst.words_per_problem < 0
    ):
        problems.append(
            Problem(
                name,
                line,
                "share_at_ceiling is 0-1, share_only's share_from below its share_at_ceiling "
                "(both 0-1), ceiling_at_share 0-100, share_exponent above 0, "
                "words_per_problem 0 or more",
                key="worst_problems",
            )
        )
        return None
    return worst


def _load_owed_weight(path: Path, problems: list[Problem]) -> float:
    """`owed.weight` in dimensions.yaml; without an `owed` key, what a purpose owes keeps
    its rule's weight. A key that is there but wrong is a pack error, never a quiet 1."""
    loaded = _read(path, problems)
    if loaded is None or "owed" not in loaded.data:
        return 1.0
    spec = loaded.data["owed"]
    weight = spec.get("weight") if isinstance(spec, dict) else None
    if (
        isinstance(weight, bool)
        or not isinstance(weight, (int, float))
        or not math.isfinite(weight)
        or weight < 1
    ):
        message = "weight must be a number of 1 or more"
        problems.append(Problem(loaded.name, loaded.line("owed"), message, key="owed"))
        return 1.0
    return float(weight)


def _placeholders(template: str) -> set[str]:
    try:
        return {
            f.split(".")[0].split("[")[0] for _, f, _, _ in string.Formatter().parse(template) if f
        }
    except ValueError:
        return {"<malformed>"}


def _merge(*layers: Mapping[str, Any] | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for layer in layers:
        if layer:
            out.update(layer)
    return out


def builtin_kinds() -> tuple[str, ...]:
    """The kinds of document: the built-in packs declare them, and no pack or configuration
    adds one, so a kind can be checked before any configuration is read."""
    problems: list[Problem] = []
    _, kinds, _ = _load_dimensions(builtin_rules_dir() / "dimensions.yaml", problems)
    if problems:
        raise ConfigError(problems)
    return tuple(kinds)


def builtin_purposes() -> dict[str, str]:
    """Each purpose with its kind: only the built-in packs declare them, so a purpose given
    on the command line can be checked before any configuration is read."""
    problems: list[Problem] = []
    _, kinds, _ = _load_dimensions(builtin_rules_dir() / "dimensions.yaml", problems)
    purposes, _ = _load_purposes(builtin_rules_dir() / "purposes.yaml", problems, kinds)
    if problems:
        raise ConfigError(problems)
    return {name: purpose.kind for name, purpose in purposes.items()}


def load_ruleset(
    extra_dirs: Iterable[Path] = (),
    overrides: Mapping[str, Mapping[str, Any]] | None = None,
    brands: Iterable[str] = (),
    select: Iterable[str] | None = None,
    ignore: Iterable[str] = (),
    enable: Iterable[str] = (),
    config_name: str = "configuration",
    config_origins: Mapping[str, str] | None = None,
) -> RuleSet:
    """Read the built-in packs and any user pack folders, apply overrides, validate all.

    Raises one `ConfigError` holding every problem found, so a user fixes a pack in one go.
    """
    problems: list[Problem] = []
    builtin = builtin_rules_dir()
    dims, kinds, cues = _load_dimensions(builtin / "dimensions.yaml", problems)
    placeholders = _load_placeholders(builtin / "dimensions.yaml", problems)
    sign_offs = _load_sign_offs(builtin / "dimensions.yaml", problems)
    worst = _load_worst(builtin / "dimensions.yaml", problems)
    owed_weight = _load_owed_weight(builtin / "dimensions.yaml", problems)
    purposes, purpose_window = _load_purposes(builtin / "purposes.yaml", problems, kinds)
    folders = [builtin, *[Path(d) for d in extra_dirs]]
    lexicons: dict[str, Lexicon] = {}
    patterns: dict[str, Pattern] = {}
    lexicon_files = [p for d in folders for p in sorted((d / "lexicons").glob("*.yaml"))]
    _load_lexicons(lexicon_files, problems, lexicons, patterns)
    brand_list = tuple(b for b in brands if b.strip())
    lexicons["brand"] = Lexicon(
        "brand",
        brand_list,
        exact=True,
        description="brand, company and product names from configuration",
    )
    rules: list[Rule] = []
    redirects: dict[str, str] = {}
    seen: dict[str, str] = {}
    for folder in folders:
        if not folder.is_dir():
            problems.append(Problem(str(folder), None, "rule pack folder does not exist"))
            continue
        for path in sorted(folder.glob("*.yaml")):
            if path.name in ("dimensions.yaml", "purposes.yaml") and folder == builtin:
                continue
            loaded = _read(path, problems)
            if loaded is None:
                continue
            rules.extend(
                _load_pack(
                    loaded,
                    problems,
                    dims,
                    kinds,
                    lexicons,
                    patterns,
                    purposes,
                    seen,
                    redirects,
                    overrides or {},
                    config_name,
                    config_origins,
                )
            )
    known = {r.id for r in rules} | set(redirects)

    def unknown(rule_id: str) -> str:
        hint = did_you_mean(rule_id, known) or " (see `loveaudit rules`)"
        return f"unknown rule id {rule_id!r}{hint}"

    for rule_id in sorted((worst.rules | worst.share_only if worst else set()) - known):
        problems.append(Problem("dimensions.yaml", None, unknown(rule_id), key="worst_problems"))
    for rule_id in sorted(set(overrides or {}) - known):
        problems.append(Problem(config_name, None, unknown(rule_id), key=f"rules.{rule_id}"))
    chosen = None if select is None else {redirects.get(r, r) for r in select}
    for key, ids in (("select", select or ()), ("ignore", ignore), ("enable", enable)):
        for rule_id in sorted(set(ids) - known):
            problems.append(Problem(config_name, None, unknown(rule_id), key=key))
    if problems:
        raise ConfigError(problems)
    ignored = {redirects.get(r, r) for r in ignore}
    # a rule off by default runs when configuration names it, in `enable` or in `select`
    enabled = {redirects.get(r, r) for r in enable} | (chosen or set())
    active = tuple(
        sorted(
            (
                r
                for r in rules
                if r.status != "removed"
                and r.id not in ignored
                and (chosen is None or r.id in chosen)
                and (r.enabled or r.id in enabled)
            ),
            key=lambda r: r.id,
        )
    )
    off = tuple(
        sorted(
            (
                r
                for r in rules
                if r.status != "removed" and not r.enabled and r not in active
                and r.id not in ignored
            ),
            key=lambda r: r.id,
        )
    )
    return RuleSet(
        active,
        lexicons,
        patterns,
        dims,
        kinds,
        cues,
        redirects,
        placeholders,
        sign_offs=sign_offs,
        off=off,
        worst=worst,
        owed_weight=owed_weight,
        purposes=purposes,
        purpose_window=purpose_window,
    )


def _load_pack(
    loaded: _Loaded,
    problems: list[Problem],
    dims,
    kinds,
    lexicons,
    patterns,
    purposes: Mapping[str, Purpose],
    seen: dict[str, str],
    redirects: dict[str, str],
    overrides: Mapping[str, Mapping[str, Any]],
    config_name: str = "configuration",
    config_origins: Mapping[str, str] | None = None,
) -> list[Rule]:
    data = loaded.data
    fname = loaded.name
    from_config: set[str] = set()  # problems of a configured value, reported once
    config_origins = config_origins or {}

    def configured(
        rid: str, override: Mapping[str, Any], kind: str, field: str, message: str
    ) -> bool:
        """Report a problem with a value the configuration set, if it set this one: the
        user fixes it there, not in the pack, and needs to hear it once, not once per
        kind the rule runs on."""
        name = field.split(".")[0]
        given = override.get(kind) or {}
        if name not in given and (name not in override or isinstance(override[name], dict)):
            return False
        table = ["rules", rid, *([kind] if name in given else [])]
        key = ".".join([*table, field])
        if key not in from_config:
            from_config.add(key)
            # "file:line" where the configuration set it, when the reader found the line
            file, _, line = config_origins.get(".".join([*table, name]), "").rpartition(":")
            where = (file, int(line)) if file and line.isdigit() else (config_name, None)
            problems.append(Problem(*where, message, key=key))
        return True

    for key in sorted(set(data) - {"family", "principle", "rules", "redirects"}):
        problems.append(Problem(fname, loaded.line(key), "unknown key", key=key))
    family = data.get("family")
    principle = _text(data.get("principle"))
    if not family or not principle:
        problems.append(Problem(fname, 1, "a pack needs `family` and `principle`"))
    if not _shaped(loaded, problems, redirects=dict, rules=list):
        return []
    for old, new in (data.get("redirects") or {}).items():
        redirects[str(old)] = str(new)
    out: list[Rule] = []
    for index, spec in enumerate(data.get("rules") or []):
        if not isinstance(spec, dict):
            problems.append(Problem(fname, loaded.line("rules", index), "a rule must be a mapping"))
            continue
        rid = str(spec.get("id", f"rules[{index}]"))

        def problem(message: str, *keys: Any, rid: str = rid, index: int = index) -> None:
            problems.append(
                Problem(
                    fname,
                    loaded.line("rules", index, *keys),
                    message,
                    rule=rid,
                    key=".".join(str(k) for k in keys) or None,
                )
            )

        before = len(problems)
        for key in sorted(set(spec) - RULE_KEYS):
            problem("unknown key", key)
        for key in REQUIRED_RULE_KEYS:
            if key not in spec:
                problem("missing (every rule documents itself in full)", key)
        if len(problems) > before:
            continue
        if not _ID.match(rid):
            problem("ids are kebab-case, family first (e.g. `focus-ratio`)", "id")
        if rid in seen:
            problem(f"id already used in {seen[rid]}", "id")
        seen[rid] = fname
        status = spec.get("status", "stable")
        if status not in STATUSES:
            problem(f"must be one of {', '.join(STATUSES)}", "status")
        check = CHECKS.get(spec["check"])
        if check is None:
            problem(
                f"unknown check type {spec['check']!r}; known: {', '.join(sorted(CHECKS))}", "check"
            )
            continue
        if spec["dimension"] not in dims:
            problem(f"unknown dimension {spec['dimension']!r}", "dimension")
        example = spec.get("example")
        if not isinstance(example, dict) or not example.get("before") or not example.get("after"):
            problem("needs `before` and `after`", "example")
            example = {"before": "", "after": ""}
        bad = _placeholders(str(spec["message"])) - set(check.placeholders)
        if bad:
            problem(
                f"placeholder(s) {', '.join(sorted(bad))} not provided by check "
                f"`{check.name}` (it provides: {', '.join(sorted(check.placeholders))})",
                "message",
            )
        enabled = spec.get("enabled", True)
        if not isinstance(enabled, bool):
            problem("must be true or false", "enabled")
            enabled = True
        off_because = _text(spec.get("off_because", ""))
        if not enabled and not off_because:
            problem("a rule that is off by default says why (`off_because`)", "off_because")
        weight = spec.get("weight", 1.0)
        if not isinstance(weight, (int, float)) or weight <= 0:
            problem("must be a positive number", "weight")
            weight = 1.0
        base = spec.get("params") or {}
        override = overrides.get(rid, {})
        override_all = {k: v for k, v in override.items() if not isinstance(v, dict)}
        per_kind: dict[str, BaseModel] = {}
        raw: dict[str, dict[str, Any]] = {}
        kind_specs = spec.get("kinds") or {}
        if not isinstance(kind_specs, dict) or not kind_specs:
            problem("must map at least one document kind to its parameters", "kinds")
            continue
        for kind_name in sorted(set(override) - set(override_all)):
            if kind_name not in kind_specs:
                problems.append(
                    Problem(
                        config_name,
                        None,
                        f"rule does not run on kind {kind_name!r}",
                        rule=rid,
                        key=kind_name,
                    )
                )
        for kind_name, kspec in kind_specs.items():
            if kind_name not in kinds:
                problem(
                    f"unknown kind {kind_name!r}; known: {', '.join(sorted(kinds))}",
                    "kinds",
                    kind_name,
                )
                continue
            merged = _merge(base, kspec or {}, override_all, override.get(kind_name))
            raw[kind_name] = merged
            try:
                params = check.Params.model_validate(merged)
            except ValidationError as exc:
                for err in exc.errors():
                    loc = [str(x) for x in err["loc"]]
                    if loc and configured(rid, override, kind_name, ".".join(loc), err["msg"]):
                        continue
                    where = (
                        ("kinds", kind_name, *loc)
                        if loc and loc[0] in (kspec or {})
                        else ("params", *loc)
                    )
                    problem(err["msg"], *where)
                continue
            for fname_, names in named_lexicons(params).items():
                where = (
                    ("kinds", kind_name, fname_) if fname_ in (kspec or {}) else ("params", fname_)
                )
                for name in names:
                    if name in lexicons or name in patterns:
                        continue
                    message = f"unknown lexicon or pattern {name!r}"
                    if not configured(rid, override, kind_name, fname_, message):
                        problem(message, *where)
            if getattr(params, "scores_only_hits", False) and params.clean_is_evidence:
                problem(
                    "scores_only_hits needs a check that looks for problems "
                    "(clean_is_evidence false)",
                    "kinds",
                    kind_name,
                    "scores_only_hits",
                )
            per_kind[kind_name] = params
        owed_by = _owed(spec, "owed_by", kind_specs, purposes, problem)
        not_owed_by = _owed(spec, "not_owed_by", kind_specs, purposes, problem)
        if owed_by and not_owed_by:
            problem("give `owed_by` or `not_owed_by`, not both", "not_owed_by")
        per_purpose: dict[str, BaseModel] = {}
        purpose_specs = spec.get("purposes") or {}
        if not isinstance(purpose_specs, dict):
            problem("must map purposes to their parameters", "purposes")
            purpose_specs = {}
        for pname, pspec in purpose_specs.items():
            purpose = purposes.get(pname)
            if purpose is None:
                known = ", ".join(sorted(purposes))
                problem(f"unknown purpose {pname!r}; known: {known}", "purposes", pname)
                continue
            if purpose.kind not in per_kind:
                message = (
                    f"purpose {pname!r} is for {purpose.kind}, a kind the rule does not run on"
                )
                problem(message, "purposes", pname)
                continue
            if (owed_by and pname not in owed_by) or pname in not_owed_by:
                problem(f"purpose {pname!r} does not owe this rule", "purposes", pname)
                continue
            if not isinstance(pspec, dict):
                problem("must map parameter names to values", "purposes", pname)
                continue
            kind_name = purpose.kind
            # the pack's kind and purpose settings, then the configuration's, which win
            merged = _merge(
                base, kind_specs[kind_name] or {}, pspec, override_all, override.get(kind_name)
            )
            try:
                per_purpose[pname] = check.Params.model_validate(merged)
            except ValidationError as exc:
                for err in exc.errors():
                    problem(err["msg"], "purposes", pname, *[str(x) for x in err["loc"]])
                continue
            # a purpose's own settings may name lexicons too ("not_when: [timeless_notice]")
            for fname_, names in named_lexicons(per_purpose[pname]).items():
                if fname_ not in pspec:
                    continue  # the kind's setting, checked above
                for name in names:
                    if name not in lexicons and name not in patterns:
                        problem(
                            f"unknown lexicon or pattern {name!r}", "purposes", pname, fname_
                        )
        out.append(
            Rule(
                id=rid,
                title=_text(spec["title"]),
                family=str(family),
                principle=principle,
                status=status,
                check=check.name,
                dimension=spec["dimension"],
                what=_text(spec["what"]),
                why=_text(spec["why"]),
                example_before=str(example["before"]).strip(),
                example_after=str(example["after"]).strip(),
                message=_text(spec["message"]),
                fix=_text(spec["fix"]),
                weight=float(weight),
                params=per_kind,
                raw_params=raw,
                file=fname,
                line=loaded.line("rules", index),
                enabled=enabled,
                off_because=off_because,
                owed_by=owed_by,
                not_owed_by=not_owed_by,
                purpose_params=per_purpose,
            )
        )
    return out


def _owed(
    spec: Mapping[str, Any],
    key: str,
    kind_specs: Mapping[str, Any],
    purposes: Mapping[str, Purpose],
    problem: Any,
) -> tuple[str, ...]:
    """A rule's `owed_by` or `not_owed_by` list, each purpose known and of a kind the
    rule runs on (a purpose of another kind could never change what the rule judges)."""
    value = spec.get(key)
    if value is None:
        return ()
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        problem("must be a non-empty list of purposes", key)
        return ()
    names: list[str] = []
    for index, name in enumerate(value):
        purpose = purposes.get(name)
        if purpose is None:
            problem(f"unknown purpose {name!r}; known: {', '.join(sorted(purposes))}", key, index)
        elif purpose.kind not in kind_specs:
            problem(
                f"purpose {name!r} is for {purpose.kind}, a kind the rule does not run on",
                key,
                index,
            )
        else:
            names.append(name)
    return tuple(names)
