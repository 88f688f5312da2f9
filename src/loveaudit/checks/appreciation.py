"""Appreciation: is the customer thanked, and how deeply.

Depth is graded per sentence that thanks: 0 none; 1 perfunctory ("Thank you!", "Thanks
for your business"); 2 personal or specific (addresses the customer by name or "you"
outside the formula itself, or says what they did); 3 heartfelt and specific (a personal
or specific thank-you that also names the relationship or the customer's value). The best
sentence in the document decides its grade.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from loveaudit.checks.base import Check, CheckParams, CheckResult, Hit, lexicons
from loveaudit.checks.voice import reported_speech, sentences_with
from loveaudit.model import Metric
from loveaudit.nlp import CLAUSE_MARKS
from loveaudit.spans import Spans

if TYPE_CHECKING:
    from loveaudit.nlp import Annotated


class AppreciationParams(CheckParams):
    mode: Literal["presence", "depth"] = "depth"
    gratitude: tuple[str, ...] = lexicons()
    # quoted speech (a testimonial's "thank you so much!"): the customer thanking, not thanked
    reported_speech: tuple[str, ...] = lexicons()
    statements: tuple[str, ...] = lexicons()
    traps: tuple[str, ...] = lexicons()
    perfunctory: tuple[str, ...] = lexicons()
    depth: tuple[str, ...] = lexicons()
    intensifiers: tuple[str, ...] = lexicons()
    customer: tuple[str, ...] = lexicons()
    possessive: tuple[str, ...] = lexicons()
    not_specific: tuple[str, ...] = lexicons()
    # words that make a template field the customer's name ("[First name]", "{{ fname }}"),
    # unless it also has one of ``not_name_fields`` ("{{ company_name }}"): such a field
    # right after the thanks or its clause addresses the customer, as "Thank you, Maria" does
    name_fields: tuple[str, ...] = ()
    not_name_fields: tuple[str, ...] = ()
    min_specific_words: int = Field(2, ge=1)
    min_grade: int = Field(2, ge=1, le=3)
    grade_scores: tuple[float, float, float, float] = (0.0, 0.4, 0.75, 1.0)
    # Grades judged in full at any length (depth mode): thanks that are only a formula are
    # as plainly a formula in one line as in a page, while a line too short to say more
    # leaves deeper thanks thin evidence.
    full_weight_grades: tuple[Literal[1, 2, 3], ...] = ()
    deepen_with_detail: str = ""
    deepen_generic: str = ""


_FIELD_WORD = re.compile(r"[^\W\d_]+")  # a template field's own words: letters only


def _name_fields(
    ann: Annotated, words: tuple[str, ...], not_words: tuple[str, ...]
) -> list[tuple[int, int]]:
    """Character spans of the template fields that hold the customer's name: a template
    thanks "[First name]" the way a letter thanks Maria."""
    if not words or not ann.placeholders:
        return []
    text = ann.text
    found = []
    for a, b in ann.placeholders:
        # the field's own words: "{{ first_name }}" -> first, name; "*|FNAME|*" -> fname
        parts = set(_FIELD_WORD.findall(text[a:b].lower()))
        if parts.intersection(words) and not parts.intersection(not_words):
            found.append((a, b))
    return found


def _with_name(ann: Annotated, span: tuple[int, int], name_ends: dict[int, int]) -> tuple[int, int]:
    """A generic object and the name right after it: in "thank you for calling Acme
    Plumbing" the capitalised words name the business called, not something specific to the
    customer. A possessive inside the name ("McDonald's Farms") does not end it.

    ``name_ends`` remembers, for each token walked past after a name's first word, where
    the name ends: a run of capitals ("THANK YOU FOR YOUR BUSINESS ...") holding many
    formulas is walked once, not once per formula."""
    doc = ann.doc
    n = len(doc)
    end = span[1]
    # a name starts with a capitalised word: Acme, ACME
    if end >= n or not (doc[end].is_alpha and doc[end].text[0].isupper()):
        return span[0], end
    end += 1
    walked = []
    while (
        end < n
        and end not in name_ends
        and (
            (doc[end].is_alpha and doc[end].text[0].isupper())  # Acme, ACME, McDonald
            or doc[end].lower_ in _POSSESSIVES
        )
    ):
        walked.append(end)
        end += 1
    end = name_ends.get(end, end)
    for i in walked:
        name_ends[i] = end
    return span[0], end


_POSSESSIVES = frozenset({"'s", "\u2019s"})


# brackets end the clause of thanks too; a hyphen does only when spaced (see _breaks)
_CLAUSE_BREAKS = CLAUSE_MARKS | {"-", "(", ")"}


def _clause(ann: Annotated, sent, thanks: tuple[int, int]) -> tuple[int, int]:
    """The clause a thank-you sits in: what it says is specific to the customer, while an
    apposition after a comma ("..., the county's award-winning firm") is about the business."""
    doc = ann.doc
    lo = thanks[0]
    while lo > sent.start and not _breaks(doc, lo - 1):
        lo -= 1
    hi = thanks[1]
    while hi < sent.end and not _breaks(doc, hi):
        hi += 1
    return lo, hi


def _breaks(doc, i: int) -> bool:
    """A clause break; a hyphen only with white space around it ("follow-up" is a word)."""
    text = doc[i].text
    if text != "-":
        return text in _CLAUSE_BREAKS
    return bool(doc[i].whitespace_) or (i > 0 and bool(doc[i - 1].whitespace_))


class Appreciation(Check):
    """Finds thanks (not "thanks to our new system"), grades its depth 0-3."""

    name = "appreciation"
    Params = AppreciationParams
    placeholders = frozenset({"grade", "best", "count"})

    def run(self, ann: Annotated, params: AppreciationParams) -> CheckResult:
        if not ann.words:
            return CheckResult.not_applicable("no words")
        thanks = self._gratitude(ann, params)
        grades = self._grades(ann, params, thanks)
        best_k, best = max(grades.items(), key=lambda kv: (kv[1], -kv[0]), default=(-1, 0))
        sentence = ann.sentences[best_k] if best_k >= 0 else None
        best_text = ann.text[sentence.start_char : sentence.end_char] if sentence else ""
        metrics = {
            "grade": Metric(best, "grade 0-3", params.min_grade, ">=", "depth of appreciation"),
            "best_sentence": Metric(best_text or None, "text", label="best appreciation"),
            "thanks": Metric(len(thanks), "count", label="expressions of thanks"),
        }
        values = {"grade": best, "best": best_text, "count": len(thanks)}
        if params.mode == "presence":
            if thanks:
                return CheckResult(score=1.0, metrics=metrics)
            return CheckResult(
                score=0.0,
                metrics=metrics,
                hits=[Hit(0, 0, values, rewrite=self._suggestion(ann, params) or None)],
            )
        if not thanks:
            return CheckResult.not_applicable("no thanks to grade", metrics)
        hits = []
        if best < params.min_grade and sentence is not None:
            hits.append(
                Hit(
                    sentence.start_char,
                    sentence.end_char,
                    values,
                    rewrite=self._suggestion(ann, params, exclude=best_k) or None,
                )
            )
        return CheckResult(
            score=params.grade_scores[best],
            hits=hits,
            metrics=metrics,
            conclusive=best in params.full_weight_grades,
        )

    def _gratitude(self, ann: Annotated, params: AppreciationParams) -> list[tuple[int, int]]:
        """Thanks and appreciation said without a thank-you word, minus phrases that only
        look like them ("thanks to", "no thanks", the stock close "we value your business")
        unless a longer thank-you covers them ("thanks to you")."""
        traps = Spans(ann.hits(params.traps))
        keep = [(s, e) for s, e in ann.hits(params.gratitude) if not traps.outranked(s, e)]
        # appreciation said without a thank-you word: "your loyalty means the world to us"
        # counts when the sentence is about the customer
        if params.statements:
            about_customer = sentences_with(ann, params.customer)
            index = ann.sentence_index
            thanked = Spans(keep)
            keep += [
                (s, e)
                for s, e in ann.hits(params.statements)
                if index[s] >= 0
                and about_customer[index[s]]
                and not thanked.overlaps(s, e)
                and not traps.outranked(s, e)
            ]
        # a customer's thanks quoted in the copy (a testimonial) is not the business's
        quoted = reported_speech(ann, params.reported_speech)
        return sorted(quoted.outside(keep))

    def _grades(
        self, ann: Annotated, params: AppreciationParams, thanks: list[tuple[int, int]]
    ) -> dict[int, int]:
        index = ann.sentence_index
        # each sentence reads only the matches that start in it (or in its clause)
        perf_spans = Spans(ann.hits(params.perfunctory))
        # the business naming or praising itself says nothing about the customer
        self_talk = Spans(ann.hits(params.not_specific))
        customer = Spans(ann.hits(params.customer))
        has_depth = sentences_with(ann, params.depth)
        has_intensifier = sentences_with(ann, params.intensifiers)
        stop = ann.stop_mask
        mask = ann.word_mask
        name_fields = Spans(_name_fields(ann, params.name_fields, params.not_name_fields))
        name_ends: dict[int, int] = {}  # see _with_name
        grades: dict[int, int] = {}
        by_sentence: dict[int, list[tuple[int, int]]] = {}
        for span in thanks:
            k = index[span[0]]
            if k >= 0:
                by_sentence.setdefault(k, []).append(span)
        for k, spans in by_sentence.items():
            sent = ann.sentences[k]
            # the thanks and any generic object ("for your business") are the formula;
            # what the sentence says beyond it is what makes it personal or specific
            formula = spans + [
                _with_name(ann, p, name_ends) for p in perf_spans.starting_in(sent.start, sent.end)
            ]
            formula += self_talk.starting_in(sent.start, sent.end)
            said = Spans(formula)
            # like the details, the customer must be in the thanks' own clause: "thanks for
            # calling, your call will be answered shortly" is not thanks for anything of theirs
            lo, hi = _clause(ann, sent, spans[0])
            personal = any(
                not said.overlaps(*c) for c in customer.starting_in(lo, hi)
            ) or self._named(ann, spans, hi, sent.end, self_talk, name_fields)
            specific_words = sum(
                1 for i in range(lo, hi) if mask[i] and not stop[i] and not said.holds(i)
            )
            specific = specific_words >= params.min_specific_words
            grade = 2 if personal or specific else 1
            if grade == 2 and (has_depth[k] or (has_intensifier[k] and personal and specific)):
                grade = 3
            grades[k] = grade
        return grades

    def _named(
        self,
        ann: Annotated,
        spans: list[tuple[int, int]],
        clause_end: int,
        limit: int,
        business: Spans,
        name_fields: Spans,
    ) -> bool:
        """'Thank you, Maria': a capitalised word right after the thanks (past a comma)
        that is not the business's own name, or a template field for the customer's name
        there or after the thanks' clause ('Thanks for signing up, [First name]'); within
        the sentence (``limit``: its end). After the clause only a name field counts: a
        capitalised word there is as often the business ('Thank you for calling, Bright
        Energy') or a new clause ('Thanks for your order, Monday deliveries are late'). A
        salutation before the thanks ('Dear Maria, thank you') is the letter's frame, and
        a name in the next sentence its signature, not the thanks'."""
        doc = ann.doc
        for end, literal in [*((e, True) for _, e in spans), (clause_end, False)]:
            i = end
            if i < len(doc) and doc[i].is_punct and doc[i].text in ",":
                i += 1
            if i >= limit:
                continue
            if name_fields.overlaps(ann.token_starts[i], ann.token_ends[i]):
                return True
            if (
                literal
                and doc[i].is_title
                and doc[i].is_alpha
                and not doc[i].is_stop
                and not business.holds(i)
            ):
                return True
        return False

    def _suggestion(self, ann: Annotated, params: AppreciationParams, exclude: int = -1) -> str:
        """A deeper thank-you built from the document's own details where it has some:
        the first 'your <thing>' it mentions."""
        index = ann.sentence_index
        stop = ann.stop_mask
        mask = ann.word_mask
        first_words = {ann.first_words[s.start] for s in ann.sentences}
        candidates = [
            (start, end)
            for start, end in ann.hits(params.possessive)
            if index[start] != exclude and end < len(mask) and mask[end] and not stop[end]
        ]
        # "...with your garden" names a thing; "Your loyalty means..." opens a statement
        candidates.sort(key=lambda span: span[0] in first_words)
        if candidates and params.deepen_with_detail:
            start, end = candidates[0]
            detail = ann.span_text(start, end + 1)
            return params.deepen_with_detail.format(detail=detail[0].lower() + detail[1:])
        return params.deepen_generic
