"""The 7-second test: does the opening speak to the customer and promise something?

The opening is the headline plus the words a visitor reads in the first few seconds at an
ordinary reading speed (both settings in the pack). It passes when it addresses the
customer and states a benefit or value, and fails loudly when it opens with the company's
history or self-praise. The exact opening judged is shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from loveaudit.checks.base import Check, CheckParams, CheckResult, Hit, Severity, lexicons
from loveaudit.model import Metric
from loveaudit.nlp import CLAUSE_MARKS

if TYPE_CHECKING:
    from loveaudit.nlp import Annotated


class OpeningTestParams(CheckParams):
    seconds: float = Field(7.0, gt=0)
    reading_wpm: float = Field(240.0, gt=0)
    customer: tuple[str, ...] = lexicons()
    # a sentence that opens with one of these verbs ("Store your files...", "Book today")
    # or asks the reader a question addresses the customer without saying "you"
    imperatives: tuple[str, ...] = lexicons()
    questions: bool = False
    # this many clauses opening with an imperative ("Store files online, access them from
    # any device, and share them") list what the customer gets to do: benefits, verb first
    benefit_actions: int = Field(0, ge=0)
    # openers that make a request rather than name an action ("please", "don't")
    not_actions: tuple[str, ...] = lexicons()
    # words that join two actions after a comma ("..., and share them")
    joiners: tuple[str, ...] = lexicons()
    # a purpose clause that may open an instruction before its verb ("To get a donut, ...")
    purpose_clauses: tuple[str, ...] = lexicons()
    benefit: tuple[str, ...] = lexicons()
    self_talk: tuple[str, ...] = lexicons()
    self_talk_severity: Severity = "error"
    no_customer: str = ""
    no_benefit: str = ""
    history: str = ""


class OpeningTest(Check):
    """1 when the opening has a customer reference and a benefit, 0.5 with one of the two,
    0 with neither or with company history or self-praise in it."""

    name = "opening_test"
    Params = OpeningTestParams
    placeholders = frozenset({"opening", "verdict", "words"})

    def run(self, ann: Annotated, params: OpeningTestParams) -> CheckResult:
        if not ann.words:
            return CheckResult.not_applicable("no words")
        words = max(1, round(params.reading_wpm / 60 * params.seconds))
        end = ann.opening_end(words)
        headline = ann.document.region("headline")
        start = headline.start if headline else 0
        while start < end and ann.text[start].isspace():
            start += 1
        opening = ann.text[start:end]

        def within(names: tuple[str, ...]) -> bool:
            return any(ann.token_starts[s] < end for s, _ in ann.hits(names))

        customer = within(params.customer) or self._addressed(ann, params, end)
        benefit = within(params.benefit) or (
            params.benefit_actions > 0 and _actions(ann, params, end) >= params.benefit_actions
        )
        bragging = within(params.self_talk)
        metrics = {
            "opening": Metric(opening, "text", label=f"first {words} words"),
            "opening_words": Metric(words, "words"),
        }
        if ann.words <= words and not bragging and self._instruction(ann, params):
            # an instruction read whole in the window ("Sign in to continue.", "To get a
            # donut, stand in line.") has no opening apart from itself, and its job is to
            # say what to do, not to sell: the other rules judge it. A tagline is still
            # judged on what it promises, and history anywhere still fails.
            return CheckResult.not_applicable(
                f"an instruction read whole in the first {params.seconds:g} seconds", metrics
            )
        if bragging:
            verdict, score, severity = params.history, 0.0, params.self_talk_severity
        elif customer and benefit:
            return CheckResult(score=1.0, metrics=metrics)
        elif customer:
            verdict, score, severity = params.no_benefit, 0.5, None
        elif benefit:
            verdict, score, severity = params.no_customer, 0.5, None
        else:
            verdict, score, severity = f"{params.no_customer}; {params.no_benefit}", 0.0, None
        # the message quotes it on one line; the finding's span keeps it exactly
        quoted = " ".join(opening.split())
        hit = Hit(
            start, end, {"opening": quoted, "verdict": verdict, "words": words}, severity=severity
        )
        return CheckResult(score=score, hits=[hit], metrics=metrics)

    @staticmethod
    def _instruction(ann: Annotated, params: OpeningTestParams) -> bool:
        """Every sentence tells the reader what to do: it opens with an imperative verb, or
        with a purpose clause ("To get a donut, ...") before one."""
        if not params.imperatives or not ann.sentences:
            return False
        imperative = {s for s, _ in ann.hits(params.imperatives)}
        clauses = (
            {s for s, _ in ann.hits(params.purpose_clauses)} if params.purpose_clauses else set()
        )
        commas = set(ann.positions_of(","))
        for sent in ann.sentences:
            first = ann.first_words[sent.start]
            if first in imperative:
                continue
            if first in clauses and any(
                c + 1 in imperative for c in commas if sent.start <= c < sent.end
            ):
                continue
            return False
        return True

    @staticmethod
    def _addressed(ann: Annotated, params: OpeningTestParams, end: int) -> bool:
        """An imperative or a question in the opening speaks to the reader directly."""
        imperative = {s for s, _ in ann.hits(params.imperatives)} if params.imperatives else set()
        for sent in ann.sentences:
            if sent.start_char >= end:
                break
            if ann.first_words[sent.start] in imperative:
                return True
            sentence = ann.text[sent.start_char : sent.end_char]
            if params.questions and sentence.rstrip().endswith("?"):
                return True
        return False


def _actions(ann: Annotated, params: OpeningTestParams, end: int) -> int:
    """Clauses in the opening that open with an imperative verb, in sentences that open
    with one themselves ("We build X, manage Y" is the business acting): the sentence's
    first word, or the word after a comma, semicolon, colon or dash (and an "and"/"or").
    A request ("please", "don't") is not an action."""
    if not params.imperatives:
        return 0
    doc = ann.doc
    requests = {s for s, _ in ann.hits(params.not_actions)} if params.not_actions else set()
    verbs = [s for s, _ in ann.hits(params.imperatives) if s not in requests]
    first = {ann.first_words[s.start]: k for k, s in enumerate(ann.sentences)}
    verb_set = set(verbs)
    leading = {k for i, k in first.items() if i in verb_set}
    index = ann.sentence_index
    joiners = {s for s, _ in ann.hits(params.joiners)} if params.joiners else set()
    count = 0
    for start in verbs:
        if ann.token_starts[start] >= end:
            break
        if index[start] not in leading:
            continue
        i = start - 1
        while i >= 0 and (doc[i].is_space or i in joiners):
            i -= 1
        if start in first or (i >= 0 and doc[i].text in CLAUSE_MARKS):
            count += 1
    return count
