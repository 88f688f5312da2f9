"""Placing many offsets at once gives what placing each one gives: findings are placed per
document in one vectorised pass (`SourceMap.positions`), and must land where `position`
puts them, in separators a reader inserted, before the first segment and past the end."""

from __future__ import annotations

import random

from loveaudit.document import Segment, SourceMap
from loveaudit.sources import read_string

MARKDOWN = "# Your bill\n\nThanks, *Maria*.\n\n- Pay by **Friday**\n- Call us\n\n> We are here.\n"
HTML = (
    "<html><body><h1>Hello</h1>\n<p>Your <b>order</b> is on its way.</p>"
    "<p>Thanks!</p></body></html>"
)


def _agree(source_map: SourceMap, offsets: list[int]) -> None:
    lines, columns = source_map.positions(offsets)
    assert list(zip(lines, columns, strict=True)) == [
        tuple(source_map.position(o)) for o in offsets
    ]


def test_positions_agree_with_position_for_every_reader_map():
    rng = random.Random(11)
    for text, fmt in ((MARKDOWN, "markdown"), (HTML, "html"), ("a\n\n  b\r\nc  \n", "text")):
        doc = read_string(text, fmt, f"x.{fmt}")
        assert doc.source_map is not None
        every = list(range(-2, len(doc.text) + 3))
        _agree(doc.source_map, every)
        _agree(doc.source_map, [rng.choice(every) for _ in range(300)])


def test_positions_agree_on_hand_made_maps():
    source = "line one\nline two\n\nline four, the last"
    maps = [
        SourceMap(source, []),  # nothing copied: every offset maps to the start
        SourceMap(source, [Segment(3, 8, 9, 14)]),  # text before the first segment
        SourceMap(source, [Segment(0, 4, 0, 4), Segment(6, 10, 19, 23), Segment(12, 40, 24, 44)]),
        SourceMap(source, [Segment(0, 10, 5, 8)]),  # a segment longer in text than in source
    ]
    for source_map in maps:
        _agree(source_map, list(range(-3, 50)))
        _agree(source_map, [])
