"""loveaudit: audit business copy for customer love.

The public API: `Auditor` for many documents, `audit_text` for one string, `compare` for
two versions, `load_config`, and every type these return. Everything else is internal and
may change.
"""

from __future__ import annotations

__version__ = "0.1.0"

# first of all: before spaCy and textstat import what no audit uses (see deferred.py)
import os

import loveaudit.deferred
import loveaudit.syllables  # noqa: F401  (textstat reads the installed CMU dictionary)
from loveaudit.auditor import Auditor
from loveaudit.compare import Comparison, DimensionChange
from loveaudit.config import DISCOVER, Config, ConfigArg, load_config
from loveaudit.document import Document, Position, Region
from loveaudit.errors import ConfigError, LoveAuditError, Problem, SourceError
from loveaudit.model import (
    DimensionInfo,
    DocumentResult,
    Finding,
    InputError,
    Metric,
    Report,
    RuleInfo,
    RuleOutcome,
    Suppressed,
    Totals,
    TouchPointLedger,
    Verdict,
)


def audit_text(
    text: str,
    kind: str = "web",
    *,
    fmt: str = "text",
    config: ConfigArg = DISCOVER,
    model: str | None = None,
    purpose: str | None = None,
) -> DocumentResult:
    """Audit one text. For many texts, make one `Auditor` and reuse it: loading is slow.
    ``purpose`` (a receipt, an IVR menu...) is decided from the content when not given."""
    return Auditor(config, model=model).audit_text(text, kind=kind, fmt=fmt, purpose=purpose)


def compare(
    before: str | os.PathLike[str],
    after: str | os.PathLike[str],
    kind: str | None = None,
    *,
    config: ConfigArg = DISCOVER,
    model: str | None = None,
    purpose: str | None = None,
) -> Comparison:
    """Compare two versions of a message: each argument is a file path or the text itself
    (a `Path` is always a file). The configuration is found from the first file given.
    ``purpose`` (a receipt, an IVR menu...) holds for both versions, as `loveaudit compare
    --purpose` does; when not given, the first version's content decides it for both."""
    from pathlib import Path

    from loveaudit.sources import read_path, read_string

    def is_file(value: str | os.PathLike[str]) -> bool:
        if isinstance(value, os.PathLike):
            return True
        return "\n" not in value and len(value) < 4096 and Path(value).is_file()

    def load(value: str | os.PathLike[str]) -> Document:
        return read_path(Path(value)) if is_file(value) else read_string(os.fspath(value))

    auditor = Auditor(config, model=model, kind=kind, purpose=purpose)
    return auditor.compare(load(before), load(after))


__all__ = [
    "DISCOVER",
    "Auditor",
    "Comparison",
    "Config",
    "ConfigArg",
    "ConfigError",
    "DimensionChange",
    "DimensionInfo",
    "Document",
    "DocumentResult",
    "Finding",
    "InputError",
    "LoveAuditError",
    "Metric",
    "Position",
    "Problem",
    "Region",
    "Report",
    "RuleInfo",
    "RuleOutcome",
    "SourceError",
    "Suppressed",
    "Totals",
    "TouchPointLedger",
    "Verdict",
    "__version__",
    "audit_text",
    "compare",
    "load_config",
]
