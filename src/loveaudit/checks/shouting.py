"""Shouting: runs of capitalised words ("FINAL NOTICE: PAY NOW")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field
from spacy.attrs import IS_ALPHA, IS_SPACE, IS_UPPER, LENGTH

from loveaudit.checks.base import (
    Check,
    CheckParams,
    CheckResult,
    Hit,
    Severity,
    density_score,
    lexicons,
)
from loveaudit.model import Metric

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from loveaudit.nlp import Annotated


class ShoutingParams(CheckParams):
    clean_is_evidence: bool = False  # finding none of these is no evidence (base.py)
    min_words: int = Field(3, ge=2)
    # a shorter run still shouts when it sounds an alarm ("PAST DUE", "FAILED PAYMENT"):
    # these words, in a run of at least alarm_min_words
    alarm: tuple[str, ...] = lexicons()
    alarm_min_words: int = Field(2, ge=1)
    min_letters: int = Field(2, ge=1)
    long_word: int = Field(4, ge=1)
    # a run of at most this many counted words before a colon and its value is a form's
    # field label ("AMOUNT DUE: $120"), not shouting; 0 reads no run as a label
    field_label_words: int = Field(3, ge=0)
    # a line that is nothing but a short run, with no sentence end, is a heading, a
    # letterhead or a document title set in capitals by convention ("GREENHOLLOW GARDENS
    # LTD", "STATEMENT OF ACCOUNT"), unless it holds a threat; 0 reads every run as shouting
    heading_words: int = Field(0, ge=0)
    # a line that speaks to the reader is a sentence raised to a shout ("YOUR ACCOUNT WILL
    # BE CLOSED"), not a heading, once it is longer than a heading's reader_words
    # ("YOUR BILL"): the names of what addresses the reader
    reader: tuple[str, ...] = lexicons()
    reader_words: int = Field(4, ge=0)
    # a letterhead may end with its company's abbreviation ("ACME TRADING INC."), which is
    # no sentence end: the endings, in capitals
    heading_endings: tuple[str, ...] = ()
    # a run that holds one of these ("FINAL NOTICE", "NOTICE OF COURT PROCEEDINGS") is a
    # threat: it keeps the kind's severity and is never a heading; any other run ("NOW
    # OPEN", "THANK YOU FOR YOUR ORDER!") is emphasis, reported at plain_severity when set
    threat: tuple[str, ...] = lexicons()
    plain_severity: Severity | None = None
    zero_density: float = Field(2.0, gt=0)
    min_words_basis: int = Field(50, ge=1)


_BREAKS = frozenset("/\\|&+()[]{}<>=@#")


class Shouting(Check):
    """Finds runs of capitalised words within a sentence: at least ``min_words`` of
    ``min_letters`` letters or more (one-letter "I" and "A" may sit inside a run), one of
    them ``long_word`` letters long. Lists of codes ("UK, IE, FR", "BACS/CHAPS") are not
    shouting: short codes alone never make a run, and symbols like "/" break one. What the
    capitals say decides how loud the finding is: a threat keeps the kind's severity,
    anything else is emphasis, and a heading or a field label is not shouting at all."""

    name = "shouting"
    Params = ShoutingParams
    needs = frozenset({"sentences"})
    placeholders = frozenset({"text", "count"})

    def run(self, ann: Annotated, params: ShoutingParams) -> CheckResult:
        if not ann.words:
            return CheckResult.not_applicable("no words")
        lengths = ann.column(LENGTH)
        loud = (ann.column(IS_UPPER) == 1) & (ann.column(IS_ALPHA) == 1)
        if ann.placeholders:  # "<CUSTOMER NAME>" is a template field, not shouting
            loud &= ~ann.field_mask
        if not (loud & (lengths >= params.long_word)).any():  # nothing long is in capitals
            return CheckResult(score=1.0, metrics={"runs": Metric(0, "count")})
        upper = loud.tolist()
        length = lengths.tolist()
        mask = ann.word_mask
        index = ann.sentence_index
        doc = ann.doc
        runs: list[tuple[int, int, bool]] = []
        run: list[int] = []

        alarm = {s for s, _ in ann.hits(params.alarm)} if params.alarm else set()
        # a threat may start before the run: "DON'T IGNORE" runs from "IGNORE"
        threats = ann.hits(params.threat) if params.threat else []
        reader: list[int] | None = None  # where the reader is addressed, found when needed

        def heading(start: int, end: int) -> bool:
            nonlocal reader
            if reader is None:
                reader = [ann.char_span(s, e)[0] for s, e in ann.hits(params.reader)]
            return _is_heading(ann.text, start, end, params, reader)

        def close() -> None:
            if not run:
                return
            counted = [i for i in run if length[i] >= params.min_letters]
            enough = len(counted) >= params.min_words or (
                len(counted) >= params.alarm_min_words and any(i in alarm for i in run)
            )
            threat = any(s <= run[-1] and e > run[0] for s, e in threats)
            if (
                enough
                and any(length[i] >= params.long_word for i in counted)
                and not (len(counted) <= params.field_label_words and _labels_a_field(doc, run[-1]))
                and not (
                    len(counted) <= params.heading_words
                    and not threat
                    and heading(*ann.char_span(run[0], run[-1] + 1))
                )
            ):
                runs.append((run[0], run[-1] + 1, threat))
            run.clear()

        # a line or a table cell ends a run: a letterhead over a title is two headings
        # (a line break or a tab is a token of its own; a single space is not a token)
        spaces = (ann.column(IS_SPACE) == 1).nonzero()[0].tolist()
        breaks = {i for i in spaces if "\n" in doc[i].text or "\t" in doc[i].text}
        for i in range(len(upper)):
            if upper[i] and (not run or index[i] == index[run[-1]]):
                run.append(i)
            elif run and (
                mask[i] or index[i] != index[run[-1]] or i in breaks or doc[i].text in _BREAKS
            ):
                close()
                if upper[i]:
                    run.append(i)
        close()
        hits = []
        for s, e, threat in runs:
            cs, ce = ann.char_span(s, e)
            severity = None if threat else params.plain_severity
            values = {"text": ann.text[cs:ce], "count": len(runs)}
            hits.append(Hit(cs, ce, values, severity=severity))
        score = density_score(len(hits), ann.words, params.zero_density, params.min_words_basis)
        return CheckResult(score=score, hits=hits, metrics={"runs": Metric(len(hits), "count")})


def _is_heading(
    text: str, start: int, end: int, params: ShoutingParams, reader: list[int]
) -> bool:
    """Nothing in lower case shares the run's line (or table cell), the line does not end
    with a sentence mark (a `heading_endings` abbreviation aside) and, from `reader_words`
    words, does not speak to the reader (`reader`: where that happens in the text): a
    title or a letterhead ("GREENHOLLOW GARDENS LTD", "12 QUAY STREET, BRISTOL BS1 4DJ",
    "ACME TRADING INC."), not a sentence raised to a shout ("THERE IS NO HAMMER LIKE IT.")."""
    line_start = max(text.rfind("\n", 0, start), text.rfind("\t", 0, start)) + 1
    ends = [i for i in (text.find("\n", end), text.find("\t", end)) if i >= 0]
    line_end = min(ends) if ends else len(text)
    outside = text[line_start:start] + text[end:line_end]
    if any(c.islower() for c in outside):
        return False
    line = text[line_start:line_end].strip()
    if line.endswith((".", "!", "?")) and not line.upper().endswith(params.heading_endings):
        return False
    return not (
        len(line.split()) >= params.reader_words
        and any(line_start <= at < line_end for at in reader)
    )


def _labels_a_field(doc: Doc, last: int) -> bool:
    """A short run that ends at a colon with a value after it is a form's field label
    ("AMOUNT DUE: $120", "BILL TO: Sam Jones"), a heading in capitals by convention, not a
    raised voice. Prose after the colon ("PAST DUE: your account ...") makes it a shouted
    headline, and a colon inside a run ("FINAL NOTICE: PAY NOW") does not end it."""
    n = len(doc)
    after = last + 1
    while after < n and doc[after].is_space and "\n" not in doc[after].text:
        after += 1
    if after >= n or doc[after].text != ":":
        return False
    value = after + 1
    while value < n and doc[value].is_space and "\n" not in doc[value].text:
        value += 1
    if value >= n or "\n" in doc[value].text:
        return True  # the value is on the next line or in the next cell
    first = doc[value].text[:1]
    return not first.isalpha() or first.isupper()
