"""Who acts in each sentence: the business ("We offer...") or the customer ("You get...").

With a trained pipeline the dependency parse names the subject. With the built-in
pipeline a transparent heuristic reads the start of each clause: a sentence whose first
words (after an introductory phrase ending in a comma, such as "At Acme," or
"Since 1987,") are a business subject form is the business acting; one that opens with a
customer subject form, or with an imperative verb addressed to the reader, is the customer.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING

from pydantic import Field

from loveaudit.checks.base import Check, CheckResult, Hit, lexicons, ramp
from loveaudit.checks.voice import VoiceParams, business_references, reported_speech
from loveaudit.model import Metric

if TYPE_CHECKING:
    from loveaudit.nlp import Annotated, Sentence

BUSINESS, CUSTOMER, OTHER = "business", "customer", "other"
_SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"}


class SentenceActorParams(VoiceParams):
    business_subjects: tuple[str, ...] = lexicons()
    customer_subjects: tuple[str, ...] = lexicons()
    imperatives: tuple[str, ...] = lexicons()
    offer_verbs: tuple[str, ...] = lexicons()
    intro_tokens: int = Field(8, ge=0, le=20)
    max_business_share: float = Field(0.34, ge=0, le=1)
    zero_share: float = Field(1.0, ge=0, le=1)
    min_sentences: int = Field(2, ge=1)
    rewrite_pronoun: str = ""  # the words come from the pack, e.g. "You get {rest}"
    rewrite_named: str = ""


class SentenceActor(Check):
    """Share of sentences in which the business, talking about itself, is the actor."""

    name = "sentence_actor"
    Params = SentenceActorParams
    needs = frozenset({"sentences", "parse?"})
    placeholders = frozenset({"subject", "share", "target", "business_sentences", "sentences"})

    def run(self, ann: Annotated, params: SentenceActorParams) -> CheckResult:
        sentences = ann.sentences
        if len(sentences) < params.min_sentences:
            return CheckResult.not_applicable(f"fewer than {params.min_sentences} sentences")
        serving = {r.start: r.serving for r in business_references(ann, params)}
        quoted = reported_speech(ann, params.reported_speech)
        # an introductory phrase ends at a comma, a colon or a dash ("At Acme, we...",
        # "Acme – we're Acme"); a hyphen is left out, it joins words ("pay-as-you-go")
        commas = sorted(p for mark in (",", ":", "–", "—") for p in ann.positions_of(mark))
        biz = {s: e for s, e in ann.hits(params.business_subjects)}
        cust = {s: e for s, e in ann.hits(params.customer_subjects)}
        imperative = {s for s, _ in ann.hits(params.imperatives)}
        business_any = ann.hits(params.business)
        customer_any = ann.hits(params.customer)
        offer = {s for s, _ in ann.hits(params.offer_verbs)}
        counts = {BUSINESS: 0, CUSTOMER: 0, OTHER: 0}
        hits: list[Hit] = []
        flagged: list[tuple[Sentence, tuple[int, int]]] = []
        for sent in sentences:
            if ann.has_parse:
                actor, subj = _parsed_actor(ann, sent, business_any, customer_any)
            else:
                actor, subj = _heuristic_actor(
                    ann, sent, biz, cust, imperative, params.intro_tokens, commas
                )
            if actor == BUSINESS and subj is not None and _serves(serving, subj):
                actor = OTHER  # "We'll get you set up today": the business working for you
            elif subj is not None and quoted.holds(subj[0]):
                actor = OTHER  # a testimonial's "we" or "you": someone else speaking
            counts[actor] += 1
            if actor == BUSINESS and subj is not None:
                flagged.append((sent, subj))
        share = counts[BUSINESS] / len(sentences)
        customer_share = counts[CUSTOMER] / len(sentences)
        # a we-sentence is a problem only in copy that has too many of them: within the
        # target the business may say what it does, and naming each such sentence was noise
        if share <= params.max_business_share:
            flagged = []
        for sent, subj in flagged:
            hits.append(
                Hit(
                    sent.start_char,
                    sent.end_char,
                    {
                        "subject": ann.span_text(*subj),
                        "share": share,
                        "target": params.max_business_share,
                        "business_sentences": counts[BUSINESS],
                        "sentences": len(sentences),
                    },
                    rewrite=_rewrite(ann, sent, subj, offer, params),
                )
            )
        metrics = {
            "business_actor_share": Metric(
                round(share, 3),
                "share",
                params.max_business_share,
                "<=",
                "sentences with the business as actor",
            ),
            "customer_actor_share": Metric(
                round(customer_share, 3),
                "share",
                label="sentences with the customer as actor",
            ),
        }
        return CheckResult(
            score=ramp(share, params.zero_share, params.max_business_share),
            hits=hits,
            metrics=metrics,
        )


def _serves(serving: dict[int, bool], subj: tuple[int, int]) -> bool:
    """Whether a business reference inside the subject was judged to serve the customer."""
    return any(serving.get(t, False) for t in range(subj[0], subj[1]))


def _clause_start(
    ann: Annotated, sent: Sentence, intro_tokens: int, commas: list[int]
) -> list[int]:
    """Token positions where the main clause may start: the sentence's first word, or the
    word after an introductory phrase closed by a comma within the first few tokens."""
    first = ann.first_words[sent.start]
    starts = [first]
    i = bisect_left(commas, first)
    if i < len(commas):
        comma = commas[i]
        if comma <= first + intro_tokens and comma + 1 < sent.end:
            starts.append(comma + 1)
    return starts


def _heuristic_actor(
    ann: Annotated,
    sent: Sentence,
    biz: dict[int, int],
    cust: dict[int, int],
    imperative: set[int],
    intro_tokens: int,
    commas: list[int],
):
    starts = _clause_start(ann, sent, intro_tokens, commas)
    first = starts[0]
    for start in starts:
        if start in biz:
            return BUSINESS, (start, biz[start])
        if start in cust:
            return CUSTOMER, (start, cust[start])
        if start == first and start in imperative:
            return CUSTOMER, None
    return OTHER, None


def _parsed_actor(
    ann: Annotated, sent: Sentence, business: list[tuple[int, int]], customer: list[tuple[int, int]]
):
    doc = ann.doc
    root = next((t for t in doc[sent.start : sent.end] if t.dep_ == "ROOT"), None)
    if root is None:
        return OTHER, None
    subject = next((c for c in root.children if c.dep_ in _SUBJECT_DEPS), None)
    if subject is None:
        first = next((t for t in doc[sent.start : sent.end] if not t.is_punct), None)
        if first is root and root.tag_ == "VB":
            return CUSTOMER, None  # imperative: the reader is the actor
        return OTHER, None
    lo, hi = subject.left_edge.i, subject.right_edge.i + 1
    head = (subject.i, subject.i + 1)
    for s, e in business:
        if s < hi and e > lo and (s <= subject.i < e or _possessor(doc, s, subject)):
            return BUSINESS, (min(s, lo), max(e, head[1]))
    for s, e in customer:
        if s < hi and e > lo and (s <= subject.i < e or _possessor(doc, s, subject)):
            return CUSTOMER, (min(s, lo), max(e, head[1]))
    return OTHER, None


def _possessor(doc, start: int, subject) -> bool:
    """'our team', 'Acme's engineers': the match possesses the subject noun."""
    token = doc[start]
    return token.head == subject or token.head.head == subject


def _rewrite(
    ann: Annotated,
    sent: Sentence,
    subj: tuple[int, int],
    offer: set[int],
    params: SentenceActorParams,
) -> str | None:
    """'We offer X' -> 'You get X'; 'Our team provides X' -> 'You get X from our team'."""
    verb = subj[1]
    if verb not in offer and verb + 1 in offer and ann.word_mask[verb]:
        subj = (subj[0], verb + 1)  # "Our engineers provide...": take the noun along
        verb += 1
    if verb not in offer or not params.rewrite_pronoun or not params.rewrite_named:
        return None
    doc = ann.doc
    rest_tokens = doc[verb + 1 : sent.end]
    rest = rest_tokens.text.rstrip(" .!?;:")
    if not rest:
        return None
    end = doc[sent.end - 1].text if doc[sent.end - 1].text in ".!?" else "."
    subject = doc[subj[0] : subj[1]]
    pronoun = len(subject) == 1 and subject[0].lower_ in ("we", "i")
    if pronoun:
        text = params.rewrite_pronoun.format(rest=rest)
    else:
        name = subject.text
        if subject[0].is_title and subject[0].lower_ in ("our", "the", "my"):
            name = subject[0].lower_ + subject.text[len(subject[0].text) :]
        text = params.rewrite_named.format(rest=rest, subject=name)
    return text + end
