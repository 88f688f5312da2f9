"""Turning bytes into text: byte-order marks, bad UTF-8, binary files, unreadable paths."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from loveaudit.errors import SourceError
from loveaudit.sources import read_bytes, read_path


def test_plain_utf8_decodes_without_warnings():
    doc = read_bytes("Merci beaucoup, chère cliente ✨".encode(), "thanks.txt")
    assert doc.text == "Merci beaucoup, chère cliente ✨"
    assert doc.warnings == ()


def test_utf8_bom_is_not_part_of_the_text():
    doc = read_bytes(codecs.BOM_UTF8 + "Hello café\nBye".encode(), "bom.txt")
    assert doc.text == "Hello café\nBye"
    assert "\ufeff" not in doc.text
    assert doc.warnings == ()
    assert tuple(doc.position(doc.text.index("Hello"))) == (1, 1)
    assert tuple(doc.position(doc.text.index("Bye"))) == (2, 1)


def test_utf8_bom_does_not_hide_a_markdown_heading():
    doc = read_bytes(codecs.BOM_UTF8 + b"# Welcome\n\nBody text.", "bom.md")
    region = doc.region("headline")
    assert region is not None
    assert doc.text[region.start : region.end] == "Welcome"
    assert "\ufeff" not in doc.text


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_utf16_and_utf32_with_bom_decode(bom, codec):
    text = "Thank you, café owner ✨\nSecond line"
    doc = read_bytes(bom + text.encode(codec), "wide.txt")
    assert doc.text == text
    assert "\ufeff" not in doc.text
    assert doc.warnings == ()
    assert tuple(doc.position(doc.text.index("Second"))) == (2, 1)


def test_utf16_le_html_is_read_as_html():
    html = "<p>Hello <b>there</b></p>"
    doc = read_bytes(codecs.BOM_UTF16_LE + html.encode("utf-16-le"), "page.html")
    assert doc.format == "html"
    assert doc.text == "Hello there"


def test_invalid_utf8_is_replaced_with_one_warning():
    # 0x81 and 0x8d are neither UTF-8 nor Windows-1252
    doc = read_bytes(b"caf\x81 is open\nand \x8d\xfe here", "latin.txt")
    assert "\ufffd" in doc.text
    assert "is open" in doc.text
    assert "here" in doc.text
    assert len(doc.warnings) == 1
    assert "UTF-8" in doc.warnings[0]


def test_invalid_utf8_warning_is_kept_by_markdown_and_html_readers():
    for name in ("bad.md", "bad.html"):
        doc = read_bytes(b"Good text \x81 more text", name)
        assert len(doc.warnings) == 1, name
        assert "UTF-8" in doc.warnings[0], name
        assert "\ufffd" in doc.text, name


def test_nul_bytes_are_refused_as_binary():
    with pytest.raises(SourceError) as info:
        read_bytes(b"PK\x03\x04\x00\x00 some zip", "archive.txt")
    assert "binary" in info.value.message.lower()
    assert info.value.path == "archive.txt"
    assert "archive.txt" in str(info.value)


def test_mostly_control_bytes_are_refused_as_binary():
    with pytest.raises(SourceError) as info:
        read_bytes(bytes(range(1, 9)) * 50 + b"text", "blob.md")
    assert "binary" in info.value.message.lower()
    assert info.value.path == "blob.md"


def test_tabs_and_newlines_are_not_control_bytes():
    doc = read_bytes(b"a\tb\r\n\tc\n" * 100, "tabs.txt")
    assert doc.text.startswith("a\tb\r\n")


def test_suffix_argument_picks_the_reader():
    data = b"# Heading\n\n<p>para</p>"
    assert read_bytes(data, "stdin", ".md").format == "markdown"
    assert read_bytes(data, "stdin", ".html").format == "html"
    assert read_bytes(data, "stdin", ".txt").format == "text"
    assert read_bytes(data, "page.HTML").format == "html"
    assert read_bytes(data, "notes.Markdown").format == "markdown"
    assert read_bytes(data, "data.csv").format == "text"


def test_read_path_reads_a_file(tmp_path: Path):
    file = tmp_path / "hello.md"
    file.write_bytes(b"# Hi there\n\nWelcome.")
    doc = read_path(file)
    assert doc.format == "markdown"
    assert doc.text == "Hi there\n\nWelcome."
    assert doc.path == str(file)
    assert read_path(file, display="shown.md").path == "shown.md"


def test_read_path_missing_file_names_it(tmp_path: Path):
    missing = tmp_path / "nope.txt"
    with pytest.raises(SourceError) as info:
        read_path(missing)
    assert info.value.path == str(missing)
    assert str(missing) in str(info.value)
    assert "no such file" in info.value.message


def test_read_path_missing_file_uses_display_name(tmp_path: Path):
    with pytest.raises(SourceError) as info:
        read_path(tmp_path / "nope.txt", display="docs/nope.txt")
    assert info.value.path == "docs/nope.txt"
    assert str(info.value).startswith("docs/nope.txt")


def test_read_path_directory_is_an_error_naming_it(tmp_path: Path):
    folder = tmp_path / "folder.md"
    folder.mkdir()
    with pytest.raises(SourceError) as info:
        read_path(folder)
    assert info.value.path == str(folder)
    assert "directory" in info.value.message


def test_read_path_binary_file_names_it(tmp_path: Path):
    file = tmp_path / "image.txt"
    file.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(SourceError) as info:
        read_path(file)
    assert info.value.path == str(file)
    assert "binary" in info.value.message.lower()


def test_windows_1252_text_is_decoded_with_a_warning():
    doc = read_bytes(
        "Thank you, caf\u00e9 \u201cregulars\u201d \u2013 see you".encode("cp1252"), "w.txt"
    )
    assert doc.text == "Thank you, caf\u00e9 \u201cregulars\u201d \u2013 see you"
    assert doc.warnings and "Windows-1252" in doc.warnings[0]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark(codec):
    text = "Thank you for your order, Maria. It ships today."
    doc = read_bytes(text.encode(codec), "u.txt")
    assert doc.text == text and codec.upper() in doc.warnings[0]
