"""loveaudit: audit business copy for customer love.

The public API: `Auditor` for many documents, `audit_text` for one string, and the result
types. Everything else is internal and may change.
"""

from __future__ import annotations

__version__ = "0.1.0"

import loveaudit.syllables  # noqa: F401  (textstat reads the installed CMU dictionary)
from loveaudit.auditor import Auditor
from loveaudit.compare import Comparison
from loveaudit.config import Config, load_config
from loveaudit.document import Document
from loveaudit.errors import ConfigError, LoveAuditError, SourceError
from loveaudit.model import DocumentResult, Finding, Report


def audit_text(
    text: str,
    kind: str = "web",
    *,
    fmt: str = "text",
    config: Config | None = None,
    model: str | None = None,
    purpose: str | None = None,
) -> DocumentResult:
    """Audit one text. For many texts, make one `Auditor` and reuse it: loading is slow.
    ``purpose`` (a receipt, an IVR menu...) is decided from the content when not given."""
    return Auditor(config, model=model).audit_text(text, kind=kind, fmt=fmt, purpose=purpose)


def compare(
    before: str,
    after: str,
    kind: str | None = None,
    *,
    config: Config | None = None,
    model: str | None = None,
) -> Comparison:
    """Compare two versions of a message: each argument is a file path or the text itself."""
    from pathlib import Path

    from loveaudit.sources import read_path, read_string

    def load(value: str) -> Document:
        path = Path(value)
        if "\n" not in value and len(value) < 4096 and path.is_file():
            return read_path(path)
        return read_string(value)

    auditor = Auditor(config, model=model, kind=kind)
    return auditor.compare(load(before), load(after))


__all__ = [
    "Auditor",
    "Config",
    "ConfigError",
    "Document",
    "DocumentResult",
    "Finding",
    "LoveAuditError",
    "Report",
    "SourceError",
    "__version__",
    "audit_text",
    "load_config",
]
