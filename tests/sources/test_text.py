"""Plain text: the file is the document, positions map one to one, first line is headline."""

from __future__ import annotations

import re

from loveaudit.sources import read_bytes, read_string


def word_at(doc, word: str, nth: int = 0) -> tuple[int, int]:
    """(line, column) in the source of the nth whole-word occurrence of ``word`` in the text."""
    starts = [m.start() for m in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", doc.text)]
    assert len(starts) > nth, f"{word!r} not found {nth + 1} times in {doc.text!r}"
    return tuple(doc.position(starts[nth]))


def headline(doc) -> str | None:
    region = doc.region("headline")
    return None if region is None else doc.text[region.start : region.end]


def test_text_is_the_source_unchanged():
    source = "First line\nSecond line here\n\nFourth, after a blank.\n"
    doc = read_string(source, "text", path="note.txt")
    assert doc.text == source
    assert doc.format == "text"
    assert doc.path == "note.txt"


def test_positions_on_several_lines():
    doc = read_string("First line\nSecond line here\n\nFourth, after a blank.", "text")
    assert word_at(doc, "First") == (1, 1)
    assert word_at(doc, "line") == (1, 7)
    assert word_at(doc, "Second") == (2, 1)
    assert word_at(doc, "here") == (2, 13)
    assert word_at(doc, "Fourth") == (4, 1)
    assert word_at(doc, "blank") == (4, 17)


def test_crlf_line_endings_count_as_one_line_break():
    source = "One line\r\nTwo three\r\n\r\nFive"
    doc = read_string(source, "text")
    assert doc.text == source
    assert word_at(doc, "line") == (1, 5)
    assert word_at(doc, "Two") == (2, 1)
    assert word_at(doc, "three") == (2, 5)
    assert word_at(doc, "Five") == (4, 1)


def test_columns_count_code_points_after_accented_letters():
    doc = read_string("Le café est bon\nUn thé très chaud", "text")
    assert word_at(doc, "est") == (1, 9)
    assert word_at(doc, "bon") == (1, 13)
    assert word_at(doc, "très") == (2, 8)
    assert word_at(doc, "chaud") == (2, 13)


def test_columns_count_code_points_after_emoji():
    doc = read_string("🎉 Great news\nWe ❤️ our 🚀 customers", "text")
    assert word_at(doc, "Great") == (1, 3)
    assert word_at(doc, "news") == (1, 9)
    # ❤️ is two code points (heart + variation selector); 🚀 is one
    assert word_at(doc, "our") == (2, 7)
    assert word_at(doc, "customers") == (2, 13)


def test_columns_count_code_points_not_utf8_bytes():
    doc = read_bytes("café ✨ done\nnaïve 😀 end".encode(), "note.txt")
    assert word_at(doc, "done") == (1, 8)
    assert word_at(doc, "end") == (2, 9)


def test_headline_is_the_first_line():
    doc = read_string("Big news for you\nThe body follows here.\n", "text")
    assert headline(doc) == "Big news for you"


def test_headline_skips_leading_blank_lines():
    doc = read_string("\n\n   \n\t\nBig news for you\nBody text.\n", "text")
    assert headline(doc) == "Big news for you"
    region = doc.region("headline")
    assert region is not None
    assert doc.position(region.start) == (5, 1)


def test_headline_leaves_out_indent_and_trailing_space():
    doc = read_string("\n    Indented headline   \nBody.", "text")
    assert headline(doc) == "Indented headline"


def test_headline_with_crlf_does_not_include_carriage_return():
    doc = read_string("Subject line\r\nBody text.\r\n", "text")
    assert headline(doc) == "Subject line"


def test_a_lone_line_is_not_a_headline():
    # a headline heads something: one line with nothing after it is just the message
    assert read_string("Just one line  ", "text").regions == ()
    assert read_string("\n\nJust one line\n\n  \n", "text").regions == ()


def test_headline_may_have_up_to_twenty_words():
    twenty = " ".join(f"w{i}" for i in range(20))
    doc = read_string(twenty + "\nBody text.", "text")
    assert headline(doc) == twenty


def test_a_long_first_line_is_a_paragraph_not_a_headline():
    long_line = " ".join(f"w{i}" for i in range(21))
    doc = read_string(long_line + "\nBody text.", "text")
    assert doc.region("headline") is None


def test_only_one_headline_region():
    doc = read_string("First\nSecond\nThird\n", "text")
    assert [r.name for r in doc.regions] == ["headline"]


def test_empty_text_has_no_regions():
    doc = read_string("", "text")
    assert doc.text == ""
    assert doc.regions == ()
    assert doc.region("headline") is None


def test_blank_text_has_no_regions():
    doc = read_string("  \n\n\t \r\n", "text")
    assert doc.regions == ()


def test_txt_and_unknown_suffixes_are_read_as_plain_text():
    for name in ("note.txt", "note.text", "NOTE.TXT", "note.rst", "README"):
        doc = read_bytes(b"# Not a heading\n<b>not html</b>", name)
        assert doc.format == "text", name
        assert doc.text == "# Not a heading\n<b>not html</b>", name
