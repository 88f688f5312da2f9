"""The strings a regular expression's every match contains, to skip searches that cannot
match: content cues are tried on every document, and an `in` test costs a fraction of a
regex search that finds nothing."""

from __future__ import annotations

import re
from typing import Any

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
