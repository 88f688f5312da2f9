"""The errors loveaudit raises, kept structured until the command line prints them."""

from __future__ import annotations

from dataclasses import dataclass


class LoveAuditError(Exception):
    """Base of every error loveaudit raises on purpose."""


class SourceError(LoveAuditError):
    """An input that could not be read as a document; the rest of the run goes on."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a rule pack or configuration file."""

    file: str
    line: int | None
    message: str
    rule: str | None = None
    key: str | None = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        parts = [where]
        if self.rule:
            parts.append(self.rule)
        if self.key:
            parts.append(self.key)
        return ": ".join(parts) + f": {self.message}"


class ConfigError(LoveAuditError):
    """Every problem found in a rule pack or configuration file, reported together."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(dict.fromkeys(problems))  # one line per distinct problem
        super().__init__("\n".join(str(p) for p in self.problems))
