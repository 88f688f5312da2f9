"""The one NLP pass: build the spaCy pipeline once, annotate each document once.

The built-in pipeline is spaCy's English tokenizer with rule-based sentence splitting, so it
needs no download. A trained pipeline named in configuration, `--model` or
`LOVEAUDIT_MODEL` adds a dependency parse, which grammar-aware checks use when it is there.
Lexicon and pattern matches from the rule packs are made here, once per document, for every
check to read.
"""

from __future__ import annotations

import importlib.util
import os
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cached_property
from pathlib import Path
from typing import NamedTuple, TypeVar

import numpy as np
import spacy
from spacy.attrs import (
    IDX,
    IS_ALPHA,
    IS_PUNCT,
    IS_SPACE,
    IS_STOP,
    IS_UPPER,
    LENGTH,
    LIKE_NUM,
    LOWER,
    ORTH,
    SENT_START,
    SPACY,
)
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.pipeline import Sentencizer
from spacy.strings import get_string_id
from spacy.tokens import Doc

from loveaudit.arrays import is_one_of
from loveaudit.document import Document
from loveaudit.errors import ConfigError, Problem
from loveaudit.lexicons import Lexicon, Pattern
from loveaudit.literals import (
    LiteralIndex,
    leading_strings,
    matches_at,
    other_digits,
    quick_start,
)
from loveaudit.sentiment import SentenceSentiment

MODEL_ENV = "LOVEAUDIT_MODEL"
PHRASES = "\x1fphrases"  # key of the phrase-index map inside a document's matches
BUILTIN = "builtin"
BUILTIN_NAME = f"builtin (spaCy {spacy.__version__} English tokenizer + sentencizer)"
SHORT_LINE = 45  # characters: a line this short without a full stop is a heading or list item
# punctuation that ends a clause inside a sentence (a hyphen joins words, so it is not here)
CLAUSE_MARKS = frozenset({",", ";", ":", "–", "—"})
T = TypeVar("T")
_SPLIT_CONTRACTION = re.compile(r" ((?:n|N)?['’][a-zA-Z]+)\b")
# Every token attribute loveaudit reads, fetched with one Doc.to_array per document: each
# call walks all the tokens again (the first five are read by position in Annotated)
TOKEN_ATTRS = (IS_PUNCT, IS_SPACE, SENT_START, IDX, LENGTH, LOWER, ORTH, IS_STOP, SPACY)
TOKEN_ATTRS += (IS_ALPHA, LIKE_NUM, IS_UPPER)
_COLUMN = {attr: i for i, attr in enumerate(TOKEN_ATTRS)}


class Sentence(NamedTuple):
    """A sentence as token and character ranges of its Doc."""

    start: int
    end: int
    start_char: int
    end_char: int


_BULLET = re.compile(r"[-*•·▪–]|\d{1,3}[.)]")
# an ellipsis typed as dots is one token of three dots or more; longer runs than these are
# rules and leaders, not pauses
_DOTS = np.sort(np.array([get_string_id("." * n) for n in range(3, 41)], dtype=np.uint64))


class SignOffs:
    """A letter's sign-off lines ("Kind regards,", "Sincerely", "Thanks!"), from
    `sentences.sign_offs` in dimensions.yaml: after one, each line of the signature block
    is a sentence of its own. A phrase written with its comma ("best,") counts only with
    it; any other may end in a comma, a full stop or an exclamation mark."""

    def __init__(self, phrases: Iterable[str] = ()):
        self.exact = frozenset(p for p in phrases if p.endswith(","))
        self.bare = frozenset(p for p in phrases if not p.endswith(","))
        self.first_words = frozenset(p.split()[0].rstrip(",") for p in self.exact | self.bare)
        # the longest phrase, in tokens ("with kind regards ,")
        self.tokens = 1 + max((len(p.replace(",", " ,").split()) for p in phrases), default=0)

    def ends_line(self, doc: Doc, first: int, end: int) -> bool:
        """The line of tokens first..end is a sign-off: only a line that opens with a
        sign-off's first word is read as text."""
        if not 0 < end - first <= self.tokens or doc[first].lower_ not in self.first_words:
            return False
        line = " ".join(doc[first:end].text.lower().replace(",", " ,").split())
        line = line.replace(" ,", ",")
        return line in self.exact or line.rstrip(",.! ") in self.bare


# what ends a sentence for spaCy's rule-based sentencizer: its own list, as string ids
_SENTENCE_ENDS = np.sort(
    np.array([get_string_id(c) for c in Sentencizer.default_punct_chars], dtype=np.uint64)
)


@Language.factory("la_sentencizer")
def make_sentencizer(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    return sentence_starts


def sentence_starts(doc: Doc) -> Doc:
    """The sentence starts spaCy's `Sentencizer` sets, found from the token arrays.

    The sentencizer walks the doc in Python, one `Token` object per token; read from the
    arrays, the same rule costs about two-thirds as much (about 1% of a whole audit). The
    rule: a sentence starts at the first token and at the first token after a
    sentence-ending character ("." "?" "!" "。"...) that is neither punctuation nor such a
    character.
    Tokens a previous component already marked keep their mark, as with the sentencizer.
    `tests/test_pipelines.py` holds the two equal on tricky strings, on every sample and
    where an earlier component marked tokens."""
    n = len(doc)
    if not n:
        return doc
    columns = doc.to_array([ORTH, IS_PUNCT, SENT_START])
    ends = is_one_of(columns[:, 0], _SENTENCE_ENDS)
    words = np.flatnonzero((columns[:, 1] == 0) & ~ends)  # may start a sentence
    after = np.searchsorted(words, np.flatnonzero(ends), side="right")
    starts = words[after[after < len(words)]]
    computed = np.full(n, -1, dtype=np.int64)
    computed[0] = 1
    computed[starts] = 1
    values = columns[:, 2]
    unset = values == 0
    values[unset] = computed.astype(np.uint64)[unset]
    doc.from_array([SENT_START], values)
    return doc


@Language.factory("la_line_breaks", default_config={"sign_offs": []})
def make_line_breaks(nlp: Language, name: str, sign_offs: list[str]) -> Callable[[Doc], Doc]:
    found = SignOffs(sign_offs)
    return lambda doc: line_breaks(doc, found)


def line_breaks(doc: Doc, sign_offs: SignOffs | None = None) -> Doc:
    """Sentences end at paragraph breaks and after short lines (headings, list items,
    greetings), which carry no full stop, after the rows of a table laid out with tabs or
    runs of spaces, at each line of a signature block, and at a pause typed as dots before
    a capital; long wrapped lines of prose, and a short line that goes on in lower case,
    run on.

    Line breaks only ever sit in white-space tokens, so only those are looked at, and the
    line lengths come from token offsets: the text is never rebuilt.
    """
    n = len(doc)
    if n < 2:
        return doc
    starts: list[int] = []
    line_start = 0
    line_first = 0  # the first token of the current line
    signed = False  # inside a signature block, after a sign-off line
    block_lines = 0  # lines of the block so far
    laid_out = False  # the line has cells: a tab or a run of spaces between words
    columns = doc.to_array([IS_SPACE, ORTH])
    for i in np.flatnonzero(columns[:, 0]).tolist():
        token = doc[i]
        breaks = token.text.count("\n")
        if not breaks:
            # a space token holds the spaces after the first, so two characters here are a
            # gap of three spaces, or a tab: the cells of a table row ("Boiler service
            # 1    £85.00"), which is no prose. Not an indent at the line's start, not the
            # spacing after a full stop, and a non-breaking space ("&nbsp;") is not a cell.
            if not laid_out and i > line_first and doc[i - 1].text[-1:] not in ".!?:;":
                gap = token.text.replace("\xa0", "")
                laid_out = "\t" in gap or len(gap) >= 2
            continue
        short = token.idx - line_start < SHORT_LINE or laid_out
        laid_out = False
        if signed:
            if _is_prose(doc, line_first, i):
                signed = False  # a P.S. or the letter going on: prose runs on again
            else:
                block_lines += 1
        if short and breaks == 1 and not signed and _runs_on(doc, i):
            short = False  # a line broken inside a sentence ("...steam injection<br>so your")
        if i + 1 < n and (breaks > 1 or short or signed or _BULLET.fullmatch(doc[i + 1].text)):
            starts.append(i + 1)
        if signed and breaks > 1 and block_lines:
            signed = False  # a blank line after the block ends it
        elif not signed and short and sign_offs and sign_offs.ends_line(doc, line_first, i):
            signed, block_lines = True, 0
        line_start = token.idx + token.text.rindex("\n") + 1
        line_first = i + 1
    # which tokens are dot runs
    starts.extend(_pauses(doc, np.flatnonzero(is_one_of(columns[:, 1], _DOTS)).tolist()))
    if starts:  # set all at once: one assignment per token would rescan the doc each time
        values = doc.to_array([SENT_START])
        values[starts] = 1
        doc.from_array([SENT_START], values)
    return doc


def _runs_on(doc: Doc, newline: int) -> bool:
    """The sentence goes on across this line break: the line ends without a full stop or a
    colon, and the next starts with a lower-case word (a line broken for layout, as an
    HTML <br> or a hard break often is). Headings, list items and greetings are followed
    by a capital or a bullet."""
    if newline == 0 or newline + 1 >= len(doc):
        return False
    before, after = doc[newline - 1].text, doc[newline + 1].text
    return before[-1:] not in ".!?:;" and after[:1].islower()


def _is_prose(doc: Doc, first: int, end: int) -> bool:
    """Most of the line's words start lower-case: a sentence, not a name, a job title, a
    company or an address, whose words are capitalised."""
    words = [t.text for t in doc[first:end] if t.is_alpha]
    return len(words) >= 4 and 2 * sum(w[0].islower() for w in words) > len(words)


def _pauses(doc: Doc, dots: list[int]) -> list[int]:
    """A spoken script marks its pauses with dots ("The following options are
    available...Press 1", "delivered... An available agent"): an ellipsis before a capital
    ends a sentence, as the single "…" does for the sentencizer. Between two words it
    touches, only a lower-case word before it makes a pause: "Monday...Friday" and
    "S...XL" are ranges, and before a lower-case word or a digit ("and so on...and so
    forth", "9am...5pm", a dot leader before a price) it runs on."""
    n = len(doc)
    found = []
    for i in dots:
        after = i + 1
        if after < n and doc[after].is_space and doc[after].text.count("\n") <= 1:
            after += 1  # a pause before a new line is still a pause
        if after >= n or not doc[after].text[:1].isupper():
            continue
        touching = i > 0 and not doc[i - 1].whitespace_ and not doc[i].whitespace_
        if touching and not doc[i - 1].is_lower:
            continue
        found.append(after)
    return found


# spaCy's tokenizer remembers how it split each white-space separated chunk ("you,",
# "Thanks!"), which makes a second reading of a chunk several times cheaper, but inside a
# memory zone it remembers nothing, since the words would be freed at its end. So after
# each zone the chunks that more than one of its documents read are split again outside
# it, and stay remembered for good: this many at most, of at most MAX_CHUNK characters.
RECURRING_CHUNKS = 50_000
MAX_CHUNK = 40


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class Pipeline:
    """A loaded spaCy pipeline plus what it can tell the checks."""

    def __init__(self, nlp: Language, name: str, has_parse: bool) -> None:
        self.nlp = nlp
        self.name = name
        self.has_parse = has_parse
        self._seen: Counter[str] = Counter()  # chunks read in the open memory zone
        self._kept: set[str] = set()  # chunks the tokenizer remembers for good

    def note(self, text: str) -> None:
        """Count the documents each chunk of a text appears in, when it is read inside a
        memory zone (see `keep_recurring`); outside one, the tokenizer remembers every
        chunk itself. Per document, so a code repeated within one is not kept."""
        if self.nlp.vocab.in_memory_zone and len(self._kept) < RECURRING_CHUNKS:
            self._seen.update(set(text.split()))

    def keep_recurring(self) -> None:
        """After a memory zone has closed: have the tokenizer remember, for good, the
        chunks that more than one of the zone's documents read (up to RECURRING_CHUNKS in
        all). Common words recur in every zone; a name, code or typo read once is still
        forgotten. Called after a zone that failed too, so its counts never leak into the
        next; a chunk spaCy cannot read (a lone surrogate) is left out."""
        seen, self._seen = self._seen, Counter()
        room = RECURRING_CHUNKS - len(self._kept)
        if self.nlp.vocab.in_memory_zone or room <= 0:
            return
        new = [
            chunk
            for chunk, count in seen.items()
            if count > 1
            and len(chunk) <= MAX_CHUNK
            and chunk not in self._kept
            and (chunk.isascii() or _encodable(chunk))
        ][:room]
        self._kept.update(new)
        for _ in self.nlp.tokenizer.pipe(new):
            pass

    @staticmethod
    def check(model: str | None) -> None:
        """Fail now, with a clear message, if ``model`` names a pipeline that is not
        installed; cheap, so an auditor can load the pipeline itself only when needed."""
        if not model or model == BUILTIN or Path(model).is_dir():
            return
        try:
            spec = importlib.util.find_spec(model.replace("-", "_"))
        except (ImportError, ValueError):  # "../x", "a..b": not a package name at all
            spec = None
        if spec is None:
            raise _not_installed(model, "no package of that name")

    @classmethod
    def load(cls, model: str | None = None, sign_offs: Iterable[str] = ()) -> Pipeline:
        """The pipeline to use: the named trained one, else the built-in one.

        ``model`` falls back to the ``LOVEAUDIT_MODEL`` environment variable; ``builtin``
        or nothing means the built-in pipeline. ``sign_offs`` are the pack's letter
        sign-offs (`RuleSet.sign_offs`), after which a signature block is cut line by line.
        """
        model = model or os.environ.get(MODEL_ENV) or BUILTIN
        if model == BUILTIN:
            nlp = spacy.blank("en")
            nlp.add_pipe("la_sentencizer")
            nlp.add_pipe("la_line_breaks", config={"sign_offs": list(sign_offs)})
            nlp.max_length = 10**8
            return cls(nlp, BUILTIN_NAME, has_parse=False)
        try:
            nlp = spacy.load(model, exclude=["ner", "lemmatizer"])
        except (OSError, ImportError) as exc:
            raise _not_installed(model, str(exc).splitlines()[0][:160]) from None
        nlp.max_length = 10**8
        if "parser" in nlp.pipe_names:
            nlp.add_pipe(
                "la_line_breaks", before="parser", config={"sign_offs": list(sign_offs)}
            )
        meta = nlp.meta
        name = f"{meta.get('lang', 'xx')}_{meta.get('name', model)}-{meta.get('version', '?')}"
        return cls(nlp, f"{name} (trained, dependency parse)", has_parse="parser" in nlp.pipe_names)


OTHER_DIGITS = "\x00other digits"  # a key of `Matchers.literal_positions`, never a string


class _CompiledPattern(NamedTuple):
    """A pattern ready to run. ``leads`` are the strings every anchor hit starts with
    or, for a pattern without an anchor, every match (`leading_strings`); with
    ``digit_leads`` they spell "\\d" as 0-9 and serve only texts without other digits."""

    regex: re.Pattern[str]
    anchor: re.Pattern[str] | None
    regex_source: str
    anchor_source: str | None
    leads: tuple[str, ...] | None
    digit_leads: bool
    reach: int

    @classmethod
    def of(cls, pattern: Pattern) -> _CompiledPattern:
        source = pattern.anchor or pattern.regex
        leads, digits = leading_strings(source), False
        if leads is None:
            leads = leading_strings(source, digits=True)
            digits = leads is not None
        return cls(
            re.compile(quick_start(pattern.regex)),
            re.compile(pattern.anchor) if pattern.anchor else None,
            pattern.regex,
            pattern.anchor,
            leads,
            digits,
            pattern.reach,
        )


class Matchers:
    """Every lexicon and pattern the active rules use, compiled once per auditor."""

    def __init__(
        self,
        nlp: Language,
        lexicons: Iterable[Lexicon],
        patterns: Iterable[Pattern],
        placeholders: Iterable[str] = (),
    ):
        joined = "|".join(f"(?:{p})" for p in placeholders)
        # led by a test of its first character (`quick_start`): searched in every text
        self._placeholders = re.compile(quick_start(joined)) if joined else None
        # what every field starts with ("[", "{{", "*|"): most texts hold none of them, and
        # a few `in` tests cost a fraction of a regex scan that finds nothing
        self._field_leads = leading_strings(joined) if joined else None
        # NORM folds case and contractions alike ("you’ll" and "you will" both read "you will")
        self._lower = PhraseMatcher(nlp.vocab, attr="NORM")
        self._exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.names: set[str] = set()
        # match id (the hash spaCy gives a key) -> (lexicon, phrase index or -1): a match
        # is one dictionary look-up, not a look-up of its key's string and then of that
        self._targets: dict[int, tuple[str, int]] = {}
        strings = nlp.vocab.strings
        for lex in lexicons:
            self.names.add(lex.name)
            phrases = [p for p in lex.phrases if p.strip()]
            if not phrases:
                continue
            docs = list(nlp.tokenizer.pipe(_rejoin(p) for p in phrases))
            matcher = self._exact if lex.exact else self._lower
            if lex.replacements:  # each phrase its own key, so a match knows its replacement
                for i, doc in enumerate(docs):
                    key = f"{lex.name}\x1f{i}"
                    self._targets[strings.add(key)] = (lex.name, lex.phrases.index(phrases[i]))
                    matcher.add(key, [doc])
            else:
                self._targets[strings.add(lex.name)] = (lex.name, -1)
                matcher.add(lex.name, docs)
        # Patterns are written in lower case and run on the lower-cased text, which is many
        # times faster than IGNORECASE; IGNORECASE twins, compiled only when first needed
        # (compiling them all took a tenth of start-up), serve the rare text whose
        # lower-casing changes its length (offsets would shift). Each regex is led by a
        # test of its first character (`quick_start`): the same matches, found sooner.
        self._lexicon_names = set(self.names)
        self._patterns = {p.name: _CompiledPattern.of(p) for p in patterns}
        self._twins: dict[str, tuple[re.Pattern[str], re.Pattern[str] | None]] = {}
        self.names.update(p.name for p in patterns)
        # the strings each anchor hit (or anchorless match) starts with, found for every
        # pattern in one pass per document (`literal_positions`)
        self._literals = LiteralIndex(
            lead for entry in self._patterns.values() for lead in entry.leads or ()
        )

    def literal_positions(self, lowered: str) -> dict[str, list[int]]:
        """Where each pattern's leading strings start in ``lowered``: made once per
        document and shared by all its patterns. Under `OTHER_DIGITS` when the text holds
        digits beyond 0-9, which leads spelled from "\\d" would miss."""
        found = self._literals.positions(lowered)
        if other_digits(lowered):
            found[OTHER_DIGITS] = []
        return found

    def pattern(
        self,
        name: str,
        text: str,
        lowered: str,
        starts: list[int],
        ends: list[int],
        positions: Callable[[], Mapping[str, list[int]]] | None = None,
    ) -> list[tuple[int, int]]:
        """Token spans of one named pattern: run only when a rule asks for it, since a
        pattern costs a pass over the text and most apply to some kinds only. ``lowered``
        is ``text.lower()``, made once per document for all its patterns; ``starts`` and
        ``ends`` are the character offsets of its tokens; ``positions`` gives the
        document's `literal_positions`, made on first need."""
        entry = self._patterns[name]
        if len(lowered) == len(text):
            leads, where = entry.leads, None
            if leads:
                where = positions() if positions is not None else self.literal_positions(lowered)
                if entry.digit_leads and OTHER_DIGITS in where:
                    leads, where = None, None  # scanned as written
            if entry.anchor is None and leads and where is not None:
                matches = [m.span() for m in matches_at(entry.regex, lowered, leads, where)]
            else:
                matches = _pattern_matches(
                    lowered, entry.regex, entry.anchor, entry.reach, leads, where
                )
        else:  # lower-casing changed offsets: match the original case-insensitively
            twins = self._twins.get(name)
            if twins is None:
                twins = self._twins[name] = (
                    re.compile(entry.regex_source, re.I),
                    re.compile(entry.anchor_source, re.I) if entry.anchor_source else None,
                )
            matches = _pattern_matches(text, *twins, entry.reach)
        return _longest_first(_token_spans(matches, starts, ends, len(text)))

    def placeholders(self, text: str) -> list[tuple[int, int]]:
        """Character spans of template fields ("[Client Name]", "{{ amount }}")."""
        if self._placeholders is None:
            return []
        leads = self._field_leads
        if leads is not None and not any(lead in text for lead in leads):
            return []
        return [m.span() for m in self._placeholders.finditer(text) if m.end() > m.start()]

    def is_pattern(self, name: str) -> bool:
        return name in self._patterns

    def __call__(self, doc: Doc, text: str) -> dict[str, list[tuple[int, int]]]:
        """Matches per lexicon or pattern name; ``text`` is the Doc's text, passed in
        because spaCy rebuilds ``Doc.text`` on every read. Matches of replacement lexicons
        also record which phrase matched, under ``found[PHRASES]``."""
        found: dict[str, list[tuple[int, int]]] = {name: [] for name in self._lexicon_names}
        phrases: dict[tuple[str, int, int], int] = {}
        targets = self._targets
        for matcher in (self._lower, self._exact):
            if len(matcher):
                for match_id, start, end in matcher(doc):
                    name, index = targets[match_id]
                    found[name].append((start, end))
                    if index >= 0:
                        phrases[(name, start, end)] = index
        result = {n: s if len(s) < 2 else _longest_first(s) for n, s in found.items()}
        result[PHRASES] = phrases  # type: ignore[assignment]
        return result


_ANCHOR_AFTER = 80  # characters after an anchor hit a match may span (before: its reach)


def _anchor_hits(
    text: str,
    anchor: re.Pattern[str],
    leads: tuple[str, ...] | None = None,
    positions: Mapping[str, list[int]] | None = None,
) -> list[tuple[int, int]]:
    """The spans ``anchor.finditer(text)`` gives. With the anchor's `leading_strings` and
    the text's ``positions`` of them, the anchor is tried only where one occurs: a match
    per occurrence costs a fraction of a regex scan of the whole text, which tries every
    branch at every character."""
    if not leads or positions is None:
        return [a.span() for a in anchor.finditer(text)]
    return [a.span() for a in matches_at(anchor, text, leads, positions)]


def _pattern_matches(
    text: str,
    regex: re.Pattern[str],
    anchor: re.Pattern[str] | None,
    reach: int = 160,
    literals: tuple[str, ...] | None = None,
    positions: Mapping[str, list[int]] | None = None,
) -> list[tuple[int, int]]:
    """Match spans of a pattern; with an anchor, tried only in windows around its hits,
    from ``reach`` characters before each (``literals``, ``positions``: see
    `_anchor_hits`)."""
    if anchor is None:
        return [m.span() for m in regex.finditer(text)]
    hits = _anchor_hits(text, anchor, literals, positions)
    if not hits:
        return []
    found: list[tuple[int, int]] = []
    if len(hits) * (reach + _ANCHOR_AFTER) >= len(text):
        # anchors so dense that their windows would cover the text several times over
        # (a table of numbers): one pass over the whole text, keeping the same matches
        starts = [s for s, _ in hits]
        for m in regex.finditer(text):
            i = bisect_left(starts, m.end()) - 1  # the last hit starting before the match ends
            if i >= 0 and hits[i][1] > m.start():
                found.append(m.span())
        return found
    seen: set[tuple[int, int]] = set()
    covered = -1
    for a_start, a_end in hits:
        lo = max(0, a_start - reach, covered)
        hi = min(len(text), a_end + _ANCHOR_AFTER)
        if lo >= hi:
            continue
        for m in regex.finditer(text, lo, hi):
            if m.end() <= a_start or m.start() >= a_end:
                continue  # a match must contain the anchor hit it was found around
            span = m.span()
            if span not in seen:
                seen.add(span)
                found.append(span)
        covered = max(covered, a_start - reach)
    return found


def _token_spans(
    matches: Iterable[tuple[int, int]], starts: list[int], ends: list[int], length: int
) -> list[tuple[int, int]]:
    """The tokens each character span touches, as spaCy's ``Doc.char_span(...,
    alignment_mode="expand")`` finds them (a token owns the white space after it, but a
    span starting in that white space starts at the next token), without building a Span
    per match: tokens tile the text, so the token holding a character is a binary search
    away. ``starts`` and ``ends`` are the tokens' character offsets, ``length`` the text's."""
    spans = []
    for start, end in matches:
        if not 0 <= start < length or not 0 < end <= length:
            continue
        first = bisect_right(starts, start) - 1
        last = bisect_right(starts, end - 1) - 1
        if start == ends[first]:
            first += 1
        if last >= first:
            spans.append((first, last + 1))
    return spans


def _rejoin(phrase: str) -> str:
    """Packs write contractions split as the tokenizer splits them ("do n't"); joined
    again, the tokenizer's own exceptions give them the same norms as running text."""
    return _SPLIT_CONTRACTION.sub(r"\1", phrase)


def _longest_first(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Non-overlapping matches, preferring the longer: 'our team' counts once, not twice."""
    if len(spans) < 2:
        return spans
    spans.sort()
    out: list[tuple[int, int]] = []
    last_end = -1
    for start, end in spans:
        if start >= last_end:
            out.append((start, end))
            last_end = end
        elif start == out[-1][0] and end > last_end:  # same start, longer: it wins
            out[-1] = (start, end)
            last_end = end
    return out


class Annotated:
    """A document with its one spaCy pass and its lexicon matches: what checks read."""

    def __init__(
        self,
        document: Document,
        doc: Doc,
        matches: Mapping[str, list[tuple[int, int]]],
        has_parse: bool,
        sentiment_model: SentenceSentiment | None = None,
        matchers: Matchers | None = None,
        placeholders: list[tuple[int, int]] | None = None,
    ) -> None:
        self.document = document
        self.doc = doc
        self.placeholders = placeholders or []
        self.matches = dict(matches)
        if self.placeholders:  # a template field is nobody: no lexicon matches inside one
            self.matches = {
                name: self._outside_fields(spans) if name != PHRASES else spans
                for name, spans in self.matches.items()
            }
        self.matchers = matchers
        self.has_parse = has_parse
        self.sentiment_model = sentiment_model

    @property
    def text(self) -> str:
        """The document text (spaCy's ``Doc.text`` rebuilds the string on every call)."""
        return self.document.text

    @cached_property
    def _arrays(self) -> np.ndarray:
        return self.doc.to_array(list(TOKEN_ATTRS))

    def column(self, attr: int) -> np.ndarray:
        """One token attribute (a spaCy attribute ID from TOKEN_ATTRS) of every token, as
        ``Doc.to_array(attr)`` gives it, from the document's one to_array."""
        return self._arrays[:, _COLUMN[attr]]

    @cached_property
    def word_mask(self) -> np.ndarray:
        """True for tokens that are words (not punctuation, white space or template fields)."""
        arr = self._arrays
        if not len(arr):
            return np.zeros(0, dtype=bool)
        mask = (arr[:, 0] == 0) & (arr[:, 1] == 0)
        return mask & ~self.field_mask if self.placeholders else mask

    @cached_property
    def field_mask(self) -> np.ndarray:
        """True for tokens inside a template field ("[Client Name]", "{{ amount }}")."""
        arr = self._arrays
        if not self.placeholders or not len(arr):
            return np.zeros(len(arr), dtype=bool)
        # fields come sorted and apart (one regex pass): the last field starting before a
        # token's end is the only one that can overlap it
        field_starts = np.array([a for a, _ in self.placeholders])
        field_ends = np.array([b for _, b in self.placeholders])
        starts, ends = arr[:, 3], arr[:, 3] + arr[:, 4]
        last = np.searchsorted(field_starts, ends, side="left") - 1
        return (last >= 0) & (field_ends[np.maximum(last, 0)] > starts)

    @cached_property
    def _lowered(self) -> str:
        return self.text.lower()

    def _literal_positions(self) -> Mapping[str, list[int]]:
        """Where every pattern's leading strings start (`Matchers.literal_positions`):
        made when a rule first asks for a pattern, shared by all the others."""
        matchers = self.matchers
        assert matchers is not None  # asked for only by a pattern, which needs them
        return self.memo("literal_positions", lambda: matchers.literal_positions(self._lowered))

    @cached_property
    def analysed_text(self) -> str:
        """The text with template fields blanked (same length, so offsets hold): what
        formulas and sentiment read."""
        text = self.text
        pieces, done = [], 0
        for a, b in self.placeholders:
            pieces += [text[done:a], " " * (b - a)]
            done = b
        pieces.append(text[done:])
        return "".join(pieces)

    def _outside_fields(self, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Matches that start inside a field go; one that only reaches into a field stays
        (sentiment blanks the field's characters anyway)."""
        field = self._field_list
        return [(s, e) for s, e in spans if not field[s]]

    @cached_property
    def _field_list(self) -> list[bool]:
        """`field_mask` as a list: indexing a NumPy array from Python costs ten times more."""
        return self.field_mask.tolist()

    @cached_property
    def stop_mask(self) -> list[bool]:
        """True for stop words (spaCy's English list): words that carry no detail."""
        return (self.column(IS_STOP) == 1).tolist()

    @cached_property
    def words(self) -> int:
        return int(self.word_mask.sum())

    @cached_property
    def sentences(self) -> list[Sentence]:
        """Sentences with at least one word; white space at their edges is dropped."""
        doc = self.doc
        n = len(doc)
        if not n:
            return []
        arr = self._arrays
        starts = np.flatnonzero(arr[:, 2] == 1)
        if not len(starts) or starts[0] != 0:
            starts = np.insert(starts, 0, 0)
        words_in = np.add.reduceat(self.word_mask.astype(np.int32), starts)
        stops = np.append(starts[1:], n)
        keep = words_in > 0
        space = arr[:, 1].tolist()
        idx = self.token_starts
        ends = self.token_ends
        out = []
        for a, b in zip(starts[keep].tolist(), stops[keep].tolist(), strict=True):
            while space[b - 1]:
                b -= 1
            while space[a]:
                a += 1
            out.append(Sentence(a, b, idx[a], ends[b - 1]))
        return out

    @cached_property
    def token_starts(self) -> list[int]:
        """Character offset where each token starts."""
        return self._arrays[:, 3].tolist()

    @cached_property
    def token_ends(self) -> list[int]:
        """Character offset where each token ends."""
        arr = self._arrays
        return (arr[:, 3] + arr[:, 4]).tolist()

    def token_at(self, char: int) -> int:
        """The token that contains a character offset (white space belongs to the token
        before it); 0 before the first."""
        return max(0, bisect_right(self.token_starts, char) - 1)

    def tokens_in(self, start: int, end: int) -> tuple[int, int] | None:
        """The tokens a character span touches, as patterns map their matches (a span
        that starts in the white space after a word starts at the next word); None when
        it holds no token of its own."""
        spans = _token_spans([(start, end)], self.token_starts, self.token_ends, len(self.text))
        return spans[0] if spans else None

    def sentiment(self, masks: tuple[str, ...] = ()) -> list[float]:
        """VADER compound per sentence, with the named lexicons' matches blanked out.

        Computed once per document for each set of masks, and only when a rule reads it.
        """
        if self.sentiment_model is None:
            raise RuntimeError("sentiment was not enabled for this pipeline")
        model = self.sentiment_model

        def compute() -> list[float]:
            spans = [self.char_span(s, e) for s, e in self.hits(masks)] if masks else []
            return model.sentences(self, spans + self.placeholders)

        return self.memo(("sentiment", masks), compute)

    def span_text(self, start: int, end: int) -> str:
        """The text of a token range, without building a spaCy Span."""
        return self.text[self.token_starts[start] : self.token_ends[end - 1]]

    @cached_property
    def first_words(self) -> list[int]:
        """For each token, the index of the first word token at or after it (len if none)."""
        mask = self.word_mask
        n = len(mask)
        positions = np.append(np.flatnonzero(mask), n)
        return positions[np.searchsorted(positions, np.arange(n + 1))].tolist()

    def memo(self, key: object, compute):
        """A value derived once per document and shared by the checks that need it."""
        cache = self.__dict__.setdefault("_memo", {})
        if key not in cache:
            cache[key] = compute()
        return cache[key]

    def positions_of(self, orth: str) -> list[int]:
        """Token indices whose text is exactly ``orth`` (e.g. a comma), sorted."""
        key = self.doc.vocab.strings.add(orth)
        return np.flatnonzero(self.column(ORTH) == key).tolist()

    @cached_property
    def sentence_index(self) -> np.ndarray:
        """For each token, the index of its sentence (-1 outside any sentence)."""
        index = np.full(len(self.doc), -1, dtype=np.int32)
        for i, s in enumerate(self.sentences):
            index[s.start : s.end] = i
        return index

    def unnegated(
        self, spans: list[tuple[int, int]], negations: Iterable[str], window: int = 2
    ) -> list[tuple[int, int]]:
        """The spans not negated by a negation word just before them ("no late fees")."""
        negs = self.hits(tuple(negations))
        if not negs or not spans:
            return spans
        ends = {e for _, e in negs}
        return [(s, e) for s, e in spans if not any(s - d in ends for d in range(window + 1))]

    def phrase_index(self, lexicon: str, start: int, end: int) -> int | None:
        """Which phrase of a replacement lexicon matched this token span."""
        return self.matches.get(PHRASES, {}).get((lexicon, start, end))  # type: ignore[union-attr]

    def hits(self, names: Iterable[str], merge: bool = False) -> list[tuple[int, int]]:
        """Token spans matched by any of the named lexicons or patterns, in text order.

        Overlaps keep the longer match, or with ``merge`` become one span covering both
        ("in business for" + "for over 30 years").
        """
        key = (tuple(names), merge)
        cache = self.__dict__.setdefault("_hits_cache", {})
        if key not in cache:
            cache[key] = self._hits(key[0], merge)
        return cache[key]

    def _matches_of(self, name: str) -> list[tuple[int, int]]:
        found = self.matches.get(name)
        if found is None and self.matchers is not None and self.matchers.is_pattern(name):
            found = self.matchers.pattern(
                name,
                self.text,
                self._lowered,
                self.token_starts,
                self.token_ends,
                self._literal_positions,
            )
            if self.placeholders:
                found = self._outside_fields(found)
            self.matches[name] = found  # type: ignore[index]
        return found or []

    def _hits(self, names: tuple[str, ...], merge: bool) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        for name in names:
            spans.extend(self._matches_of(name))
        if len(spans) < 2:
            return spans
        if not merge:
            return _longest_first(spans)
        spans.sort()
        merged = [spans[0]]
        for start, end in spans[1:]:
            if start < merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        return merged

    def char_span(self, start: int, end: int) -> tuple[int, int]:
        """Character offsets of a token range."""
        return self.token_starts[start], self.token_ends[end - 1]

    def opening_end(self, words: int) -> int:
        """Character offset where the first ``words`` words (after the headline) end."""
        return self.memo(("opening_end", words), lambda: self._opening_end(words))

    def _opening_end(self, words: int) -> int:
        headline = self.document.region("headline")
        start_char = headline.end if headline else 0
        idx = self._arrays[:, 3]
        candidates = np.flatnonzero(self.word_mask & (idx >= start_char))
        if not len(candidates):
            return len(self.text.rstrip())
        if len(candidates) < words:  # the whole text is the opening
            return self.token_ends[int(candidates[-1])]
        return self.token_ends[int(candidates[words - 1])]


# spaCy's tokenizer takes time quadratic in the length of a run without white space (20,000
# "[" take half a minute). No prose has a 64-character word, so such runs are cut for the
# tokenizer by turning every 64th character into a space: same length, same offsets, and
# findings still quote the document's own text.
MAX_RUN = 64
_LONG_RUN = re.compile(rf"\S{{{MAX_RUN},}}")


def tokenizable(text: str) -> str:
    """The text the tokenizer reads: ``text`` with very long runs cut (see MAX_RUN).
    Nearly every text has none, and measuring its chunks (str.split and the regex's
    \\s agree on white space) costs about half of the regex's search for one."""
    if len(text) < MAX_RUN or max(map(len, text.split()), default=0) < MAX_RUN:
        return text
    return _LONG_RUN.sub(_cut_run, text)


def _cut_run(match: re.Match[str]) -> str:
    run = match.group()
    step = MAX_RUN - 1
    return " ".join(run[i + (1 if i else 0) : i + step] for i in range(0, len(run), step))


def annotate(
    pipeline: Pipeline,
    matchers: Matchers,
    items: Iterable[tuple[Document, T]],
    batch_size: int = 64,
    sentiment: SentenceSentiment | None = None,
) -> Iterator[tuple[Annotated, T]]:
    """Stream documents through the pipeline; each is parsed once and not kept afterwards."""

    def stream() -> Iterator[tuple[str, tuple[Document, T]]]:
        for item in items:
            pipeline.note(item[0].text)
            yield tokenizable(item[0].text), item

    for doc, (document, context) in pipeline.nlp.pipe(
        stream(), as_tuples=True, batch_size=batch_size
    ):
        matches = matchers(doc, document.text)
        fields = matchers.placeholders(document.text)
        yield (
            Annotated(document, doc, matches, pipeline.has_parse, sentiment, matchers, fields),
            context,
        )


def _not_installed(model: str, detail: str) -> ConfigError:
    return ConfigError(
        [
            Problem(
                "--model",
                None,
                f"spaCy pipeline {model!r} is not installed ({detail}); "
                "install its package, or use `--model builtin`",
            )
        ]
    )
