"""Markdown: only rendered prose reaches the text, and every word maps back to the .md file."""

from __future__ import annotations

import pytest
from source_helpers import region_texts, where, word_at

from loveaudit.sources import read_bytes, read_string


def md(source: str):
    return read_string(source, "markdown", path="doc.md")


# --- front matter ----------------------------------------------------------------------------


FRONT = "---\ntitle: Secret plan\ntags: [internal, draft]\n---\n# Welcome aboard\n\nHello reader.\n"


def test_front_matter_is_not_text():
    doc = md(FRONT)
    assert "Secret" not in doc.text
    assert "title" not in doc.text
    assert "internal" not in doc.text
    assert "---" not in doc.text
    assert doc.text == "Welcome aboard\n\nHello reader."


def test_front_matter_does_not_shift_line_numbers():
    doc = md(FRONT)
    assert word_at(doc, "Welcome") == where(FRONT, "Welcome") == (5, 3)
    assert word_at(doc, "aboard") == where(FRONT, "aboard")
    assert word_at(doc, "reader") == where(FRONT, "reader") == (7, 7)


def test_front_matter_is_not_the_headline():
    doc = md(FRONT)
    assert region_texts(doc, "headline") == ["Welcome aboard"]


def test_front_matter_closed_with_dots():
    source = "---\nlayout: post\n...\nBody text here.\n"
    doc = md(source)
    assert doc.text == "Body text here."
    assert word_at(doc, "here") == where(source, "here")


def test_front_matter_with_crlf_line_endings_is_not_text():
    source = "---\r\ntitle: Secret plan\r\n---\r\nHello reader.\r\n"
    doc = md(source)
    assert "Secret" not in doc.text
    assert doc.text == "Hello reader."
    assert word_at(doc, "reader") == (4, 7)


def test_dashes_later_in_the_file_are_not_front_matter():
    source = "Intro words.\n\n---\n\nClosing words.\n"
    doc = md(source)
    assert "Intro words." in doc.text
    assert "Closing words." in doc.text
    assert word_at(doc, "Closing") == (5, 1)


# --- code ------------------------------------------------------------------------------------


def test_fenced_code_blocks_are_not_text():
    source = (
        "Before the code.\n\n"
        "```python\nprint('fenced secret')\n```\n\n"
        "~~~\ntilde secret\n~~~\n\n"
        "After the code.\n"
    )
    doc = md(source)
    assert "secret" not in doc.text
    assert "print" not in doc.text
    assert "python" not in doc.text
    assert doc.text == "Before the code.\n\nAfter the code."
    assert word_at(doc, "After") == where(source, "After") == (11, 1)


def test_indented_code_blocks_are_not_text():
    source = "Some prose here.\n\n    indented secret code\n    more secret\n\nProse again.\n"
    doc = md(source)
    assert "secret" not in doc.text
    assert doc.text == "Some prose here.\n\nProse again."
    assert word_at(doc, "again") == (6, 7)


def test_inline_code_is_not_text():
    source = "Run `loveaudit --secret-flag` now, then `pip install` it.\n"
    doc = md(source)
    assert "secret" not in doc.text
    assert "pip" not in doc.text
    assert "`" not in doc.text
    assert "Run" in doc.text
    assert word_at(doc, "now") == where(source, "now")
    assert word_at(doc, "then") == where(source, "then")
    assert word_at(doc, "it") == where(source, "it.")


def test_inline_code_with_the_same_word_as_the_prose_maps_to_the_prose():
    source = "Type `install` to install it.\n"
    doc = md(source)
    assert word_at(doc, "install") == where(source, "install", nth=1)


# --- links, images, emphasis, raw html ---------------------------------------------------------


def test_link_text_is_kept_and_url_is_not():
    source = "Please [read our guide](https://example.com/hidden-path?q=1) today.\n"
    doc = md(source)
    assert doc.text == "Please read our guide today."
    assert "example" not in doc.text
    assert "hidden" not in doc.text
    assert "https" not in doc.text
    assert word_at(doc, "guide") == where(source, "guide")
    assert word_at(doc, "today") == where(source, "today")


def test_reference_link_definition_is_not_text():
    source = 'See [our guide][g] soon.\n\n[g]: https://example.com/ref-target "Tooltip"\n'
    doc = md(source)
    assert doc.text == "See our guide soon."
    assert "example" not in doc.text
    assert "Tooltip" not in doc.text


def test_link_url_that_repeats_the_link_text_maps_to_the_text():
    source = "Go to [pricing](pricing.html) for pricing details.\n"
    doc = md(source)
    assert word_at(doc, "pricing", 0) == where(source, "pricing", 0)
    assert word_at(doc, "pricing", 1) == where(source, "pricing", 2)
    assert word_at(doc, "details") == where(source, "details")


def test_image_alt_text_is_kept_and_url_is_not():
    source = "Intro.\n\n![A smiling support team](photos/team-photo.png)\n\nOutro.\n"
    doc = md(source)
    assert "A smiling support team" in doc.text
    assert "photos" not in doc.text
    assert "png" not in doc.text
    assert word_at(doc, "smiling") == where(source, "smiling") == (3, 5)
    assert word_at(doc, "Outro") == (5, 1)


def test_emphasis_markers_are_not_text():
    source = "This is *very* **important** and _really_ __nice__ ***both***.\n"
    doc = md(source)
    assert "*" not in doc.text
    assert "_" not in doc.text
    assert doc.text == "This is very important and really nice both."
    assert word_at(doc, "important") == where(source, "important")
    assert word_at(doc, "nice") == where(source, "nice")
    assert word_at(doc, "both") == where(source, "both")


def test_raw_inline_html_tags_are_not_text():
    source = 'Text <span class="x">inside</span> more.\n'
    doc = md(source)
    assert "<" not in doc.text
    assert "class" not in doc.text
    assert "inside" in doc.text
    assert word_at(doc, "more") == where(source, "more")


# --- headings --------------------------------------------------------------------------------


def test_headings_are_regions_and_the_first_is_the_headline():
    source = "# Main title\n\nSome text.\n\n## Section two\n\nMore text.\n\n### Third level\n"
    doc = md(source)
    assert region_texts(doc, "heading") == ["Main title", "Section two", "Third level"]
    assert region_texts(doc, "headline") == ["Main title"]


def test_headline_is_first_heading_even_after_a_paragraph():
    doc = md("An opening paragraph.\n\n## The real heading\n\n# Later h1\n")
    assert region_texts(doc, "headline") == ["The real heading"]
    assert region_texts(doc, "heading") == ["The real heading", "Later h1"]


def test_setext_headings_are_regions():
    source = "Big title\n=========\n\nSub title\n---------\n\nBody.\n"
    doc = md(source)
    assert region_texts(doc, "heading") == ["Big title", "Sub title"]
    assert region_texts(doc, "headline") == ["Big title"]
    assert "=" not in doc.text


def test_heading_markup_is_not_in_the_region():
    doc = md("## **Bold** heading with `code` and [link](u) ##\n")
    assert region_texts(doc, "heading") == ["Bold heading with and link"]
    assert "#" not in doc.text


def test_heading_does_not_run_into_the_next_paragraph():
    doc = md("# Welcome\nFirst sentence here.\n")
    assert doc.text == "Welcome\n\nFirst sentence here."
    assert region_texts(doc, "headline") == ["Welcome"]


def test_no_heading_means_no_heading_region():
    doc = md("Just a paragraph.\n\nAnother one.\n")
    assert region_texts(doc, "heading") == []


# --- paragraphs and blocks -------------------------------------------------------------------


def test_paragraphs_are_separated_by_a_blank_line():
    doc = md("First paragraph ends here\n\nSecond paragraph starts\n")
    assert doc.text == "First paragraph ends here\n\nSecond paragraph starts"


def test_soft_line_breaks_become_spaces_and_hard_breaks_stay_line_breaks():
    """A soft break is where the source was wrapped; two trailing spaces or a backslash are
    the writer's own line break (a signature, an address), as a renderer shows them."""
    source = "Line one\nline two  \nline three\\\nline four\n"
    doc = md(source)
    assert doc.text == "Line one line two\nline three\nline four"
    assert word_at(doc, "two") == (2, 6)
    assert word_at(doc, "four") == (4, 6)


def test_list_items_do_not_merge():
    doc = md("- first item\n- second item\n\n1. one\n2. two\n")
    assert "item\n\nsecond" in doc.text
    assert "item\n\none" in doc.text
    assert "one\n\ntwo" in doc.text


def test_blockquote_and_rule_separate_text():
    doc = md("Before\n> quoted words\n\n***\nafter rule\n")
    assert "Before" in doc.text
    assert "quoted words" in doc.text
    assert "Beforequoted" not in doc.text
    assert "words\n\nafter" in doc.text
    assert ">" not in doc.text


def test_table_cells_are_separate_words():
    doc = md("| Name | Role |\n|------|------|\n| Ann | Lead |\n")
    assert "|" not in doc.text
    assert "NameRole" not in doc.text
    assert "Name Role" in doc.text
    assert "Ann Lead" in doc.text
    assert "Role\n\nAnn" in doc.text


# --- positions -------------------------------------------------------------------------------


POS_SOURCE = (
    "# Our *new* plan\n"  # 1
    "\n"  # 2
    "Tom &amp; Jerry love the \\*starred\\* offer today.\n"  # 3
    "\n"  # 4
    "- first item text\n"  # 5
    "  - nested **bold** item\n"  # 6
    "\n"  # 7
    "| Plan | Price |\n"  # 8
    "|------|-------|\n"  # 9
    "| Basic | cheap |\n"  # 10
    "\n"  # 11
    "> Quoted remark here\n"  # 12
)


@pytest.mark.parametrize(
    ("word", "needle"),
    [
        ("Our", "Our"),
        ("new", "new"),
        ("plan", "plan"),
        ("Tom", "Tom"),
        ("Jerry", "Jerry"),  # after an &amp; entity
        ("love", "love"),
        ("offer", "offer"),  # after a \* escape
        ("today", "today"),
        ("first", "first"),  # list item
        ("text", "text"),
        ("nested", "nested"),  # nested list item
        ("bold", "bold"),
        ("Plan", "Plan"),  # table header cell
        ("Price", "Price"),
        ("Basic", "Basic"),  # table body cell
        ("cheap", "cheap"),
        ("Quoted", "Quoted"),  # blockquote
        ("remark", "remark"),
    ],
)
def test_word_positions_map_back_to_the_markdown_source(word, needle):
    doc = md(POS_SOURCE)
    assert word_at(doc, word) == where(POS_SOURCE, needle)


def test_entity_and_escape_are_decoded_in_the_text():
    doc = md(POS_SOURCE)
    assert "Tom & Jerry" in doc.text
    assert "&amp;" not in doc.text
    assert "*starred*" in doc.text
    assert "\\" not in doc.text


def test_positions_spot_checks_with_literal_numbers():
    doc = md(POS_SOURCE)
    assert word_at(doc, "Jerry") == (3, 11)
    assert word_at(doc, "offer") == (3, 38)
    assert word_at(doc, "nested") == (6, 5)
    assert word_at(doc, "cheap") == (10, 11)


def test_escaped_word_maps_to_its_own_start():
    doc = md(POS_SOURCE)
    start = doc.text.index("*starred*")
    assert tuple(doc.position(start)) == where(POS_SOURCE, "\\*starred")


def test_repeated_table_cell_maps_to_its_own_column():
    source = "| Feature | Free | Pro |\n|---|---|---|\n| Export | yes | yes |\n"
    doc = md(source)
    assert word_at(doc, "yes", 0) == (3, 12)
    assert word_at(doc, "yes", 1) == (3, 18)


def test_short_word_after_entity_maps_to_itself():
    source = "Bring Tom &amp; a friend.\n"
    doc = md(source)
    assert word_at(doc, "a") == (1, 17)
    assert word_at(doc, "friend") == where(source, "friend")


def test_positions_with_non_ascii_before_the_word():
    source = "Le *café* 🎉 est [très](u) bon.\n"
    doc = md(source)
    assert word_at(doc, "est") == (1, 13)
    assert word_at(doc, "bon") == (1, 27)


def test_positions_in_crlf_markdown():
    source = "# Title here\r\n\r\nFirst line\r\nsecond line\r\n"
    doc = md(source)
    assert word_at(doc, "here") == (1, 9)
    assert word_at(doc, "second") == (4, 1)
    assert "\r" not in doc.text


def test_headline_region_maps_to_the_heading_line():
    source = "\n\nIntro.\n\n## Deal of the day\n"
    doc = md(source)
    region = doc.region("headline")
    assert region is not None
    assert tuple(doc.position(region.start)) == (5, 4)


def test_md_files_are_read_as_markdown():
    for name in ("a.md", "a.markdown", "A.MD"):
        doc = read_bytes(b"# Hi\n\n*Hello* `code`", name)
        assert doc.format == "markdown", name
        assert doc.text == "Hi\n\nHello", name


def test_deeply_nested_list_items_are_not_dropped():
    source = "".join("  " * i + f"- level{i}\n" for i in range(12))
    doc = md(source)
    assert "level11" in doc.text


def test_links_are_link_regions_and_their_targets_stay_out():
    doc = md("Boats restored by hand. [Book a survey](https://example.com/survey) today.\n")
    assert region_texts(doc, "link") == ["Book a survey"]
    assert "example.com" not in doc.text
