"""What a regular expression's matches must contain or start with, read from its parse
tree, to skip searches that cannot match: the strings every match contains
(`needed_strings`: an `in` test costs a fraction of a regex search that finds nothing),
the first characters (`quick_start`), and the strings every match starts with
(`leading_strings`), which a `LiteralIndex` finds for many patterns in one pass so each is
tried only where it can begin (`matches_at`)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import ahocorasick

try:  # the standard library's regex parser: public as sre_parse until 3.11
    import re._parser as _regex_parser  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _regex_parser  # type: ignore[no-redef]

# a string shorter than this is in nearly every text: no use as a filter
_SHORTEST_FILTER = 3


def needed_strings(regex: str) -> tuple[str, ...] | None:
    """Strings one of which every match of ``regex`` contains, read from its parse tree
    ("\\b(?:overdue|past due)\\b" needs "overdue" or "past due"), or None when no such
    strings of a useful length are sure. A cheap `in` test on them skips most cues' regex
    searches: deciding the purpose runs on every document."""
    try:
        tree = _regex_parser.parse(regex, re.M)
    except Exception:  # an unusual pattern is simply searched
        return None
    found = _sequence(list(tree))
    if not found or min(len(s) for s in found) < _SHORTEST_FILTER:
        return None
    return tuple(sorted(set(found)))


def _sequence(items: list) -> list[str] | None:
    """Every element of a sequence must match, so any one element's needed strings are the
    sequence's: the element whose shortest string is longest is kept."""
    candidates: list[list[str]] = []
    run: list[str] = []
    for op, av in items:
        if op is _regex_parser.LITERAL:
            run.append(chr(av))
            continue
        if run:
            candidates.append(["".join(run)])
            run = []
        inner = _element(op, av)
        if inner:
            candidates.append(inner)
    if run:
        candidates.append(["".join(run)])
    return max(candidates, key=lambda c: min(len(s) for s in c), default=None)


def _element(op: object, av: object) -> list[str] | None:
    if op is _regex_parser.SUBPATTERN:
        if av[1] & re.IGNORECASE:  # type: ignore[index]  # "(?i:...)": its case is unknown
            return None
        return _sequence(list(av[-1]))  # type: ignore[index]
    if op is _regex_parser.BRANCH:  # one of the branches matches: any of their strings
        branches = [_sequence(list(b)) for b in av[1]]  # type: ignore[index]
        if any(not b for b in branches):
            return None
        return [s for b in branches for s in b]  # type: ignore[union-attr]
    if op in (_regex_parser.MAX_REPEAT, _regex_parser.MIN_REPEAT):
        low, _, item = av  # type: ignore[misc]
        return _sequence(list(item)) if low >= 1 else None
    return None  # a class, an anchor, a lookaround...: nothing sure


def search(
    pattern: re.Pattern[str], needed: tuple[str, ...] | None, text: str, folded: str | None = None
) -> re.Match[str] | None:
    """The pattern's first match in ``text``, searched only when one of the ``needed``
    strings is in ``folded`` (the text as the strings were read: lower-cased for a
    pattern that ignores case; ``text`` itself when not given)."""
    if needed is not None and not any(s in (text if folded is None else folded) for s in needed):
        return None
    return pattern.search(text)


# -- first characters -----------------------------------------------------------------
_P = _regex_parser
_CLASS_ESCAPES = {
    _P.CATEGORY_DIGIT: r"\d",
    _P.CATEGORY_NOT_DIGIT: r"\D",
    _P.CATEGORY_SPACE: r"\s",
    _P.CATEGORY_NOT_SPACE: r"\S",
    _P.CATEGORY_WORD: r"\w",
    _P.CATEGORY_NOT_WORD: r"\W",
}
_ZERO_WIDTH = (_P.AT, _P.ASSERT, _P.ASSERT_NOT)  # \b, ^, lookarounds: they read, not take
# "(?m)^...": global flags must open the pattern, so no lookahead can go first
_LEADING_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")
# a first character that this many printable ASCII characters can be ("[a-z0-9]") rejects
# too few positions to pay for its test
_BROADEST_START = 30
_PRINTABLE = "".join(map(chr, range(32, 127)))
_REPEATS = tuple(
    op for op in (_P.MAX_REPEAT, _P.MIN_REPEAT, getattr(_P, "POSSESSIVE_REPEAT", None)) if op
)


def quick_start(regex: str) -> str:
    """``regex`` led by a lookahead for the characters its every match starts with
    ("\\b(?:save|back)..." -> "(?=[sb])(?:\\b(?:save|back)...)"), which matches exactly
    the same, or ``regex`` itself when those are not sure. Python's regex engine skips
    ahead by itself only to a pattern's leading literal or character class; one that
    opens with ``\\b``, a lookbehind or a group of words is tried in full at every
    position, and the lookahead's one test there rejects most of them: a pattern's
    scan takes about a third less time. Not for a pattern that ignores case (a class
    of lower-case letters would then say too little) or sets flags of its own."""
    try:
        tree = _P.parse(regex)
    except Exception:  # an unusual pattern is left as it is
        return regex
    items = list(tree)
    if tree.state.flags & re.IGNORECASE or _LEADING_FLAGS.match(regex):
        return regex
    first = _first_of_sequence(items)
    if first is None or first[1] or not first[0] or _engine_skips_ahead(items):
        return regex
    parts = []
    for op, av in first[0]:
        if op is _P.LITERAL:
            parts.append(re.escape(chr(av)))
        elif op is _P.RANGE:
            parts.append(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        else:
            parts.append(_CLASS_ESCAPES[av])
    first_class = f"[{''.join(dict.fromkeys(parts))}]"
    if len(re.findall(first_class, _PRINTABLE)) > _BROADEST_START:
        return regex  # nearly every position passes the test, which then only costs
    return f"(?={first_class})(?:{regex})"


def _first_of_sequence(items: list) -> tuple[list, bool] | None:
    """The class entries (LITERAL, RANGE, CATEGORY) a sequence's first taken character
    is one of, and whether the sequence can take no character at all; None when unsure."""
    entries: list = []
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        found = _first_of_element(op, av)
        if found is None:
            return None
        entries += found[0]
        if not found[1]:
            return entries, False
    return entries, True


def _first_of_element(op: object, av: Any) -> tuple[list, bool] | None:
    if op is _P.LITERAL:
        return [(op, av)], False
    if op is _P.IN:  # a class: only a plain one (no negation) is copied
        for entry_op, entry in av:
            if entry_op not in (_P.LITERAL, _P.RANGE, _P.CATEGORY):
                return None
            if entry_op is _P.CATEGORY and entry not in _CLASS_ESCAPES:
                return None
        return list(av), False
    if op is _P.SUBPATTERN:
        if av[1] & re.IGNORECASE:  # "(?i:...)" inside
            return None
        return _first_of_sequence(list(av[-1]))
    if op is _P.BRANCH:
        entries: list = []
        empty = False
        for branch in av[1]:
            found = _first_of_sequence(list(branch))
            if found is None:
                return None
            entries += found[0]
            empty = empty or found[1]
        return entries, empty
    if op in _REPEATS:
        low, _, item = av
        found = _first_of_sequence(list(item))
        if found is None:
            return None
        return found[0], found[1] or low == 0
    return None  # any character, a back-reference, a negated literal...: unsure


def _engine_skips_ahead(items: list) -> bool:
    """Whether the pattern opens with what Python's regex compiler already turns into a
    fast scan (a literal, a class, or words each opening with a literal)."""
    while items and items[0][0] is _P.SUBPATTERN:
        items = list(items[0][1][-1])
    if not items:
        return False
    op, av = items[0]
    if op in (_P.LITERAL, _P.IN):
        return True
    return op is _P.BRANCH and all(len(b) and b[0][0] is _P.LITERAL for b in av[1])


# -- where many literals occur ----------------------------------------------------------
class LiteralIndex:
    """Where each of many literals starts in a text, all found in one pass.

    The patterns' anchors are tried only where one of their words occurs, and there are
    a few hundred such words: one ``str.find`` scan per word cost more than all the
    patterns' own matching. An Aho-Corasick automaton finds every occurrence of every
    word, overlapping ones included, in a single pass over the text."""

    def __init__(self, literals: Iterable[str]):
        self._automaton: Any = None
        words = sorted({w for w in literals if w})
        if words:
            self._automaton = ahocorasick.Automaton()
            for word in words:
                self._automaton.add_word(word, word)
            self._automaton.make_automaton()

    def positions(self, text: str) -> dict[str, list[int]]:
        """Each literal found in ``text`` with its start offsets, ascending."""
        found: dict[str, list[int]] = {}
        if self._automaton is None or not text:
            return found
        for end, word in self._automaton.iter(text):
            starts = found.get(word)
            if starts is None:
                found[word] = [end - len(word) + 1]
            else:
                starts.append(end - len(word) + 1)
        return found


# -- what every match starts with -------------------------------------------------------
# more starting strings than this are no filter worth building
_MOST_LEADS = 256
ASCII_DIGITS = "0123456789"


def leading_strings(regex: str, digits: bool = False) -> tuple[str, ...] | None:
    """Strings one of which every match of ``regex`` starts with, read from its parse
    tree ("\\b(?:ours?|we)\\b" starts with "our" or "we"; "(?:1[6-9]|20)\\d\\d" with
    "16" to "20"), or None when a match could start with anything. Zero-width tests
    ("\\b", look-arounds) are passed over, so a caller must still try the regex where
    a string occurs; character classes are spelled out when they list their characters
    ("['’]", "[6-9]"). A category is not: "\\d" also matches digits beyond ASCII, so it
    is spelled out as 0-9 only with ``digits``, for a caller that checks a text holds no
    other digits (`other_digits`) before it relies on the strings."""
    try:
        tree = _regex_parser.parse(regex)
    except Exception:  # an unusual pattern is simply searched
        return None
    if tree.state.flags & re.IGNORECASE:
        return None
    leads, _ = _leads(list(tree), digits)
    if not leads or "" in leads:
        return None
    # a string that starts with another adds no place to try
    kept = [s for s in sorted(leads) if not any(s != t and s.startswith(t) for t in leads)]
    return tuple(kept)


def other_digits(text: str) -> bool:
    """Whether ``text`` holds a decimal digit other than 0-9 ("٣", "３"), which "\\d"
    matches: the strings `leading_strings` spells out with ``digits`` miss it."""
    if text.isascii():
        return False
    return any(c.isdecimal() for c in set(text) if not c.isascii())


def _leads(items: list, digits: bool) -> tuple[set[str], bool]:
    """The strings a sequence starts with, and whether they are the whole of it (so the
    caller may go on to what follows)."""
    leads = {""}
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        if op is _P.LITERAL:
            leads = {s + chr(av) for s in leads}
            continue
        if op is _P.IN:
            chars = _listed(av, digits)
            if chars is None or len(leads) * len(chars) > _MOST_LEADS:
                return leads, False
            leads = {s + c for s in leads for c in chars}
            continue
        if op is _P.SUBPATTERN:
            if av[1] & re.IGNORECASE:  # "(?i:...)": what it starts with may be upper case
                return leads, False
            inner, whole = _leads(list(av[-1]), digits)
        elif op is _P.BRANCH:
            inner, whole = set(), True
            for branch in av[1]:
                found, complete = _leads(list(branch), digits)
                inner |= found
                whole = whole and complete
        elif op in (_P.MAX_REPEAT, _P.MIN_REPEAT) and av[0] >= 1:
            inner, _ = _leads(list(av[2]), digits)
            whole = False  # what the repeat goes on with is unknown
        elif op in (_P.MAX_REPEAT, _P.MIN_REPEAT) and av[1] == 1:  # an optional part
            inner, whole = _leads(list(av[2]), digits)
            if not whole:
                return leads, False
            inner.add("")  # with it or without
        else:
            return leads, False
        if len(leads) * len(inner) > _MOST_LEADS:
            return leads, False
        leads = {s + t for s in leads for t in inner}
        if not whole:
            return leads, False
    return leads, True


def _listed(items: list, digits: bool) -> list[str] | None:
    """The characters a class lists, or None for a negated class, a category (but "\\d"
    with ``digits``) or a wide range."""
    chars: list[str] = []
    for op, av in items:
        if op is _P.LITERAL:
            chars.append(chr(av))
        elif op is _P.RANGE and av[1] - av[0] < 16:
            chars.extend(chr(c) for c in range(av[0], av[1] + 1))
        elif op is _P.CATEGORY and av is _P.CATEGORY_DIGIT and digits:
            chars.extend(ASCII_DIGITS)
        else:
            return None
    return sorted(set(chars))


def matches_at(
    pattern: re.Pattern[str],
    text: str,
    leads: Iterable[str],
    positions: Mapping[str, list[int]],
    first: bool = False,
) -> list[re.Match[str]]:
    """The matches ``pattern.finditer(text)`` gives (with ``first``, only the first, the
    one ``pattern.search`` finds), for a pattern every match of which starts with one of
    ``leads``: tried only where one occurs (``positions``, the text's `LiteralIndex`), in
    order and past the end of the last match, as ``finditer`` goes. A match cannot start
    anywhere else, so none is lost. No lead starts another (`leading_strings`), so no
    place is listed twice."""
    starts: list[int] = []
    for lead in leads:
        found = positions.get(lead)
        if found:
            starts += found
    if not starts:
        return []
    starts.sort()
    matches = []
    done = 0
    match = pattern.match
    for start in starts:
        if start >= done and (found_at := match(text, start)) is not None:
            if first:
                return [found_at]
            matches.append(found_at)
            done = found_at.end()
    return matches
