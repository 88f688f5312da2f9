"""Spans looked up by bisection, for checks that relate one set of matches to another."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import accumulate, pairwise


class Spans:
    """Token (or character) spans sorted by start, looked up by bisection. Checks ask of
    a document's matches once per sentence or per match: a scan of all of them there made
    them quadratic in the length of the copy (the appreciation check in the number of
    thank-yous, a long page's substitutions in its clichés). Two spans overlap when each
    starts before the other ends (a span of no width overlaps one that strictly surrounds
    it)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]
        self.ends = [e for _, e in self.spans]
        # the furthest any of the first i + 1 spans reaches: whether one of the spans that
        # start before a point reaches past another is a single comparison
        self.reach = list(accumulate(self.ends, max))
        # lexicon hits never overlap, so their ends rise with their starts as well
        self.ends_sorted = all(a <= b for a, b in pairwise(self.ends))

    def overlaps(self, start: int, end: int) -> bool:
        """Does any of the spans overlap (start, end)."""
        j = bisect_left(self.starts, end)
        return j > 0 and self.reach[j - 1] > start

    def holds(self, point: int) -> bool:
        """Does one of the spans hold this token (or character)."""
        return self.overlaps(point, point + 1)

    def outside(self, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """The given spans that do not start inside one of these: the matches a check
        keeps when these are words that are not the business's own (quotations)."""
        return [(s, e) for s, e in spans if not self.holds(s)] if self.spans else spans

    def outranked(self, start: int, end: int) -> bool:
        """Does one of the spans that overlap (start, end) reach at least as far: a look-
        alike that overrules a match ("thanks to" over "thanks"), while a longer match that
        covers it ("thanks to you") stands."""
        return any(e - s >= end - start for s, e in self.overlapping(start, end))

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        """The spans that overlap (start, end), in order."""
        j = bisect_left(self.starts, end)
        i = bisect_right(self.ends, start, 0, j) if self.ends_sorted else 0
        return [span for span in self.spans[i:j] if span[1] > start]

    def starting_in(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """The spans whose start is in [lo, hi)."""
        return self.spans[bisect_left(self.starts, lo) : bisect_left(self.starts, hi)]
