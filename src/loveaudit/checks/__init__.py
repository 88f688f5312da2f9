"""Check types: the code behind rules. Rules (data, in `rules/`) name one by its key here.

The registry is an explicit, read-only mapping: a newcomer sees every check type in one
place, and a test asserts every module is listed and every pack's `check:` resolves.
"""

from __future__ import annotations

from types import MappingProxyType

from loveaudit.checks.base import Check
from loveaudit.checks.document_health import DecodeWarnings, EmptyText
from loveaudit.checks.phrase_list import PhraseList
from loveaudit.checks.reference_ratio import ReferenceRatio
from loveaudit.checks.sentence_actor import SentenceActor
from loveaudit.checks.sentence_cues import SentenceCues

CHECKS: MappingProxyType[str, type[Check]] = MappingProxyType(
    {
        cls.name: cls
        for cls in (
            DecodeWarnings,
            EmptyText,
            PhraseList,
            ReferenceRatio,
            SentenceActor,
            SentenceCues,
        )
    }
)

__all__ = ["CHECKS", "Check"]
