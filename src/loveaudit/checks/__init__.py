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
from loveaudit.checks.hard_sentences import HardSentences
from loveaudit.checks.lexicon_balance import LexiconBalance
from loveaudit.checks.negative_sentences import NegativeSentences
from loveaudit.checks.opening_test import OpeningTest
from loveaudit.checks.option_count import OptionCount
from loveaudit.checks.passive_voice import PassiveVoice
from loveaudit.checks.pattern_rewrite import PatternRewrite
from loveaudit.checks.phrase_list import PhraseList
from loveaudit.checks.readability_grade import ReadabilityGrade
from loveaudit.checks.reference_ratio import ReferenceRatio
from loveaudit.checks.register_mix import RegisterMix
from loveaudit.checks.repeated_sentences import RepeatedSentences
from loveaudit.checks.sentence_actor import SentenceActor
from loveaudit.checks.sentence_cues import SentenceCues
from loveaudit.checks.sentence_length import SentenceLength
from loveaudit.checks.sentence_share import SentenceShare
from loveaudit.checks.shouting import Shouting
from loveaudit.checks.spoken_length import SpokenLength
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
            HardSentences,
            LexiconBalance,
            NegativeSentences,
            OpeningTest,
            OptionCount,
            PassiveVoice,
            PatternRewrite,
            PhraseList,
            ReadabilityGrade,
            ReferenceRatio,
            RegisterMix,
            RepeatedSentences,
            SentenceActor,
            SentenceCues,
            SentenceLength,
            SentenceShare,
            Shouting,
            SpokenLength,
            Substitutions,
            TouchPoint,
        )
    }
)

__all__ = ["CHECKS", "Check"]
