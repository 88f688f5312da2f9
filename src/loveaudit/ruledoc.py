"""A rule's documentation, rendered from its pack entry: one source for CLI and docs."""

from __future__ import annotations

from typing import Any

from loveaudit.packs import Rule

SECTIONS = ("What it checks", "Why", "Example", "How to fix", "Parameters by kind")


def _value(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


def summary_line(rule: Rule) -> str:
    """id, kinds, and the title: the row `loveaudit rules` prints (an off rule says so)."""
    off = " (off by default)" if not rule.enabled else ""
    return f"{rule.id:<28} {','.join(sorted(rule.params)):<26} {rule.title}{off}"


def _ordered(dumped: dict[str, Any]) -> dict[str, Any]:
    """The check's own parameters first; `full_weight_words`, a setting of the scoring,
    last, and only when set (0, the default, is full weight at any length)."""
    weight_words = dumped.pop("full_weight_words", 0)
    if weight_words:
        dumped["full_weight_words"] = weight_words
    return dumped


def thresholds(rule: Rule) -> list[str]:
    """Per kind, the rule's numbers and severity: what `loveaudit rules --params` shows."""
    lines = []
    for kind in sorted(rule.params):
        dumped = _ordered(rule.params[kind].model_dump())
        shown = ", ".join(
            f"{k}={v:g}" if isinstance(v, float) else f"{k}={v}"
            for k, v in dumped.items()
            if (isinstance(v, (int, float)) and not isinstance(v, bool)) or k == "severity"
        )
        lines.append(f"{kind}: {shown}")
    return lines


def render_rule(rule: Rule) -> str:
    """The full documentation of one rule, in fixed sections (Markdown-flavoured text)."""
    lines = [
        f"# {rule.id}: {rule.title}",
        "",
        f"Family: {rule.family}. Dimension: {rule.dimension}. Status: {rule.status}. "
        f"Check type: {rule.check}.",
        "",
        *(
            [
                f"Off by default: {rule.off_because} Turn it on with "
                f'`enable = ["{rule.id}"]` in loveaudit.toml.',
                "",
            ]
            if not rule.enabled
            else []
        ),
        "## What it checks",
        rule.what,
        "",
        "## Why",
        f"Principle: {rule.principle}",
        "",
        rule.why,
        "",
        "## Example",
        f"Before: {rule.example_before}",
        f"After:  {rule.example_after}",
        "",
        "## How to fix",
        rule.fix,
        "",
        "## Parameters by kind",
    ]
    for kind in sorted(rule.params):
        dumped = _ordered(rule.params[kind].model_dump())
        shown = ", ".join(
            f"{k}={_value(v)}" for k, v in dumped.items() if v not in (None, "", (), [])
        )
        lines.append(f"- {kind}: {shown}")
    for purpose in sorted(rule.purpose_params):
        dumped = _ordered(rule.purpose_params[purpose].model_dump())
        shown = ", ".join(
            f"{k}={_value(v)}" for k, v in dumped.items() if v not in (None, "", (), [])
        )
        lines.append(f"- purpose {purpose}: {shown}")
    if rule.owed_by:
        lines += ["", f"Owed only by these purposes: {', '.join(rule.owed_by)}."]
    elif rule.not_owed_by:
        lines += ["", f"Not owed by these purposes: {', '.join(rule.not_owed_by)}."]
    return "\n".join(lines) + "\n"
