"""What every check type shares: parameters checked strictly, hits, results, score ramps."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from loveaudit.lexicons import Lexicon, Pattern
from loveaudit.model import Metric
from loveaudit.syllables import SyllableCounter

if TYPE_CHECKING:
    from loveaudit.nlp import Annotated

Severity = Literal["error", "warning", "info"]


def lexicons(*default: str) -> Any:
    """A parameter naming lexicons or patterns; packs.py checks every name exists."""
    return Field(default=tuple(default), json_schema_extra={"lexicons": True})


def named_lexicons(params: BaseModel) -> dict[str, list[str]]:
    """The lexicon and pattern names each `lexicons()` field of ``params`` holds, by field:
    one reading of the declaration for the pack's check that every name exists and the
    auditor's list of what to compile. A field may hold names or groups of them."""
    found: dict[str, list[str]] = {}
    for name, info in type(params).model_fields.items():
        extra = info.json_schema_extra
        if isinstance(extra, dict) and extra.get("lexicons"):
            value = getattr(params, name)
            found[name] = (
                [n for group in value.values() for n in group]
                if isinstance(value, Mapping)
                else list(value)
            )
    return found


class CheckParams(BaseModel):
    """Parameters common to all check types; each type extends them."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    severity: Severity = "warning"
    # Below this many words the rule's weight in its dimension shrinks in proportion: a
    # line or two is thin evidence (above all of an absence), so it moves the score less
    # instead of deciding it. 0 keeps the full weight at any length.
    full_weight_words: int = Field(0, ge=0)
    # The rule judges only a document with at least one of these cues; on any other it does
    # not apply. Some expectations hold for one situation within a kind: thanks for
    # patience and a callback offer are owed to a caller who waits on hold, not to one who
    # hears a menu, an input prompt or a voicemail greeting.
    only_when: tuple[str, ...] = lexicons()
    # ...and does not judge a document with one of these: a receipt for a bill already
    # settled owes the customer no way to pay.
    not_when: tuple[str, ...] = lexicons()
    # ...unless it also has one of these: "your account has been created" spares a notice
    # its when, but not one that also confirms an order
    not_when_unless: tuple[str, ...] = lexicons()
    # With one of these cues the rule keeps its full weight at any length: a short text
    # that raises the subject ("I'll call you back") and leaves it vague has missed as
    # clearly as a long one.
    full_weight_when: tuple[str, ...] = lexicons()
    # Whether a document in which the check finds nothing counts as a pass. A check that
    # looks for problems (a phrase list, a swap, capitals) and finds none has learnt
    # nothing about the document: with False it drops out of its dimension instead of
    # lifting it, so "nothing to judge" never counts as perfect. The problem-finding check
    # types default to False; measures (a share, a grade, a presence) keep True.
    clean_is_evidence: bool = True
    # A hint about wording (a stock phrase, an opener that announces the message) lowers
    # the score where it finds something, and where it finds nothing it drops out rather
    # than count as a pass: copy is not better for lacking one cliché, and adding such a
    # rule to a pack must not lift every document it finds nothing in.
    scores_only_hits: bool = False


@dataclass(frozen=True)
class Hit:
    """Something a check found, before it is worded as a finding."""

    start: int
    end: int
    values: dict[str, Any] = field(default_factory=dict)
    rewrite: str | None = None
    severity: Severity | None = None


@dataclass
class CheckResult:
    """A check's verdict on one document: applicable or not, a 0-1 score, hits, metrics."""

    applicable: bool = True
    score: float | None = None
    hits: list[Hit] = field(default_factory=list)
    metrics: dict[str, Metric] = field(default_factory=dict)
    reason: str = ""
    # The verdict says as much in a line as in a page, so it keeps the rule's full weight
    # at any length (see CheckParams.full_weight_words): a one-line "Thank you for your
    # payment." has given all the thanks it ever will, and they are a formula.
    conclusive: bool = False

    @classmethod
    def not_applicable(cls, reason: str, metrics: dict[str, Metric] | None = None) -> CheckResult:
        return cls(applicable=False, reason=reason, metrics=metrics or {})


class Check:
    """A kind of test a rule can configure. Holds no English: words come as parameters.

    ``needs`` names what the check reads beyond tokens and sentences: "sentiment" makes
    the auditor load VADER; "parse" is used when a trained pipeline provides it.
    """

    name: ClassVar[str]
    Params: ClassVar[type[CheckParams]] = CheckParams
    needs: ClassVar[frozenset[str]] = frozenset({"sentences"})
    placeholders: ClassVar[frozenset[str]] = frozenset()

    def __init__(
        self,
        lexicons: Mapping[str, Lexicon] | None = None,
        patterns: Mapping[str, Pattern] | None = None,
    ) -> None:
        self.lexicons = lexicons or {}
        self.patterns = patterns or {}

    def run(self, ann: Annotated, params: Any) -> CheckResult:  # pragma: no cover - abstract
        raise NotImplementedError


class SyllableCheck(Check):
    """A check that counts syllables: each instance keeps one cache of syllables per word
    type, so a word is looked up once however often it appears."""

    def __init__(
        self,
        lexicons: Mapping[str, Lexicon] | None = None,
        patterns: Mapping[str, Pattern] | None = None,
    ) -> None:
        super().__init__(lexicons, patterns)
        self.syllables = SyllableCounter()


def ramp(value: float, zero_at: float, one_at: float) -> float:
    """A 0-1 score moving linearly from ``zero_at`` to ``one_at`` (either direction), clamped.

    Two control points instead of a cliff, so a small improvement always shows.
    """
    if one_at == zero_at:
        return 1.0 if value >= one_at else 0.0
    return max(0.0, min(1.0, (value - zero_at) / (one_at - zero_at)))


def replacement(
    check: Check, ann: Annotated, names: tuple[str, ...], start: int, end: int
) -> str | None:
    """The replacement a replacement lexicon offers for the phrase matched at a span."""
    for name in names:
        index = ann.phrase_index(name, start, end)
        lexicon = check.lexicons.get(name)
        if index is not None and lexicon is not None:
            return lexicon.replacements.get(lexicon.phrases[index])
    return None


def density_score(weighted_hits: float, words: int, zero_density: float, basis: int) -> float:
    """Score from hits per 100 words: 1 with none, 0 at ``zero_density``.

    Short texts are measured as if they had ``basis`` words, so one hit in a one-line text
    is not judged as harshly as a hit in every line of a long one.
    """
    per_100 = weighted_hits * 100.0 / max(words, basis, 1)
    return ramp(per_100, zero_density, 0.0)
