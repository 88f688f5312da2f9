"""The strings a regular expression's every match contains, to skip searches that cannot
match: content cues are tried on every document, and an `in` test costs a fraction of a
regex search that finds nothing."""

from __future__ import annotations

import re

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
