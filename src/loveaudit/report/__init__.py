"""Renderers: one module per output format, each `render(report) -> str`.

They read only the report model; they never run checks or touch the NLP layer.
"""

from __future__ import annotations

from collections.abc import Callable

from loveaudit.model import Report
from loveaudit.report import github as github_format
from loveaudit.report import html as html_format
from loveaudit.report import json as json_format
from loveaudit.report import jsonl as jsonl_format
from loveaudit.report import junit as junit_format
from loveaudit.report import markdown as markdown_format
from loveaudit.report import sarif as sarif_format
from loveaudit.report import text as text_format

RENDERERS: dict[str, Callable[..., str]] = {
    "github": github_format.render,
    "html": html_format.render,
    "json": json_format.render,
    "jsonl": jsonl_format.render,
    "junit": junit_format.render,
    "markdown": markdown_format.render,
    "sarif": sarif_format.render,
    "text": text_format.render,
}


def render(report: Report, fmt: str, **options: object) -> str:
    """The report in the named format."""
    return RENDERERS[fmt](report, **options)
