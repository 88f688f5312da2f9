"""Check types: the code behind rules. Rules (data, in `rules/`) name one by its key here.

The registry is an explicit, read-only mapping: a newcomer sees every check type in one
place, and a test asserts every module is listed and every pack's `check:` resolves.
"""

from __future__ import annotations

from types import MappingProxyType

from loveaudit.checks.appreciation import Appreciation
from loveaudit.checks.base import Check
from loveaudit.checks.cue_presence import CuePresence
from loveaudit.checks.document_health import DecodeWarnings, EmptyText
from loveaudit.checks.lexicon_balance import LexiconBalance
from loveaudit.checks.negative_sentences import NegativeSentences
from loveaudit.checks.pattern_rewrite import PatternRewrite
from loveaudit.checks.phrase_list import PhraseList
from loveaudit.checks.reference_ratio import ReferenceRatio
from loveaudit.checks.register_mix import RegisterMix
from loveaudit.checks.sentence_actor import SentenceActor
from loveaudit.checks.sentence_cues import SentenceCues
from loveaudit.checks.sentence_share import SentenceShare
from loveaudit.checks.shouting import Shouting
from loveaudit.checks.substitutions import Substitutions
from loveaudit.checks.touch_point import TouchPoint

CHECKS: MappingProxyType[str, type[Check]] = MappingProxyType(
    {
        cls.name: cls
        for cls in (
            Appreciation,
            CuePresence,
            DecodeWarnings,
            EmptyText,
            LexiconBalance,
            NegativeSentences,
            PatternRewrite,
            PhraseList,
            ReferenceRatio,
            RegisterMix,
            SentenceActor,
            SentenceCues,
            SentenceShare,
            Shouting,
            Substitutions,
            TouchPoint,
        )
    }
)

__all__ = ["CHECKS", "Check"]
