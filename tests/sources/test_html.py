"""HTML: only what a visitor sees reaches the text, and every word maps back to the .html file."""

from __future__ import annotations

import pytest
from source_helpers import region_texts, where, word_at

from loveaudit.sources import read_bytes, read_string


def html(source: str):
    return read_string(source, "html", path="page.html")


def words(doc) -> list[str]:
    return doc.text.split()


# --- invisible content -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "markup",
    [
        "<script>var secret = 'hidden words';</script>",
        '<script type=\'application/ld+json\'>{"secret": "hidden words"}</script>',
        "<style>.secret { content: 'hidden words'; }</style>",
        "<template><p>secret hidden words</p></template>",
        "<noscript><p>secret hidden words</p></noscript>",
        "<svg><text>secret hidden words</text></svg>",
        "<select><option>secret hidden words</option></select>",
        "<!-- secret hidden words -->",
    ],
)
def test_non_visible_elements_are_not_text(markup):
    source = f"<body><p>Before</p>{markup}<p>After</p></body>"
    doc = html(source)
    assert "secret" not in doc.text
    assert "hidden" not in doc.text
    assert words(doc) == ["Before", "After"]
    assert word_at(doc, "After") == where(source, "After")


def test_a_comment_never_closed_hides_the_rest_as_a_browser_does():
    doc = html("<p>Before</p><!-- old draft: we are the best\n<p>secret</p>")
    assert words(doc) == ["Before"]
    # but "<!-->" and "<!--->" are whole (empty) comments
    source = "<p>Hi</p><!--> <p>after</p><!---> <p>end</p>"
    doc = html(source)
    assert words(doc) == ["Hi", "after", "end"]
    assert word_at(doc, "end") == where(source, "end")


def test_script_with_markup_inside_does_not_leak():
    doc = html("<p>Hi</p><script>if (a < b) { document.write('<p>leak</p>'); }</script><p>Bye</p>")
    assert "leak" not in doc.text
    assert words(doc) == ["Hi", "Bye"]


@pytest.mark.parametrize(
    "opening",
    [
        "<div hidden>",
        "<div hidden=''>",
        "<div HIDDEN>",
        '<div aria-hidden="true">',
        '<div style="display:none">',
        '<div style="display: none;">',
        '<div style="color: red; DISPLAY : NONE">',
        '<div style="visibility:hidden">',
        '<div style="visibility: hidden; margin: 0">',
    ],
)
def test_hidden_subtrees_are_not_text(opening):
    source = (
        "<body><p>Shown first</p>"
        f"{opening}secret<p>nested <b>deeper <i>deepest</i></b></p>"
        "<ul><li>listed</li></ul><img alt='alt secret'></div>"
        "<p>Shown after</p></body>"
    )
    doc = html(source)
    for hidden in ("secret", "nested", "deeper", "deepest", "listed"):
        assert hidden not in doc.text, hidden
    assert doc.text == "Shown first\n\nShown after"
    assert word_at(doc, "after") == where(source, "after")


def test_hidden_span_inside_visible_paragraph_hides_only_itself():
    doc = html('<p>Keep <span aria-hidden="true">drop</span>this</p>')
    assert "drop" not in doc.text
    assert "Keep" in doc.text
    assert "this" in doc.text


def test_aria_hidden_false_is_visible():
    doc = html('<p aria-hidden="false">visible words</p>')
    assert doc.text == "visible words"


def test_hidden_input_has_no_text_and_does_not_hide_the_rest():
    doc = html('<form><input type="hidden" name="csrf" value="tok"><p>Sign up</p></form>')
    assert doc.text == "Sign up"


def test_sibling_after_hidden_element_is_visible():
    doc = html("<div><span hidden>a</span><span>b</span></div><p>c</p>")
    assert words(doc) == ["b", "c"]


def test_hidden_paragraph_is_closed_by_the_next_paragraph():
    doc = html("<p hidden>secret<p>visible text</p>")
    assert doc.text == "visible text"


def test_svg_icon_title_is_not_the_page_title():
    doc = html("<body><svg><title>Cart icon</title></svg><p>Welcome in</p></body>")
    assert "Cart" not in doc.text
    assert region_texts(doc, "title") == []
    assert region_texts(doc, "headline") == []


# --- title and headline ----------------------------------------------------------------------


PAGE = (
    "<!DOCTYPE html>\n"
    "<html>\n"
    "<head>\n"
    "  <meta charset='utf-8'>\n"
    "  <title>Acme &amp; Sons | Home</title>\n"
    "  <style>body { color: red }</style>\n"
    "</head>\n"
    "<body>\n"
    "  <h2>Small print first</h2>\n"
    "  <h1>We fix your bikes</h1>\n"
    "  <p>Bring it in\n"
    "  any day.</p>\n"
    "  <h1>Second h1</h1>\n"
    "</body>\n"
    "</html>\n"
)


def test_title_is_a_title_region():
    doc = html(PAGE)
    assert region_texts(doc, "title") == ["Acme & Sons | Home"]
    assert "color" not in doc.text
    assert "charset" not in doc.text


def test_first_h1_is_the_headline_even_after_an_h2():
    doc = html(PAGE)
    assert region_texts(doc, "headline") == ["We fix your bikes"]


def test_all_headings_are_heading_regions_in_order():
    doc = html(PAGE)
    assert region_texts(doc, "heading") == ["Small print first", "We fix your bikes", "Second h1"]


def test_without_h1_the_first_heading_is_the_headline():
    doc = html("<title>Page</title><p>Intro</p><h3>Third first</h3><h2>Then second</h2>")
    assert region_texts(doc, "headline") == ["Third first"]


def test_without_headings_the_title_is_the_headline():
    doc = html("<html><head><title>Just a title</title></head><body><p>Body</p></body></html>")
    assert region_texts(doc, "headline") == ["Just a title"]
    assert region_texts(doc, "title") == ["Just a title"]


def test_without_title_or_headings_there_is_no_headline():
    doc = html("<p>Only a paragraph.</p>")
    assert doc.region("headline") is None
    assert doc.region("title") is None


def test_hidden_h1_is_not_the_headline():
    doc = html("<div hidden><h1>Secret h1</h1></div><h2>Visible h2</h2><h1 hidden>Also</h1>")
    assert region_texts(doc, "headline") == ["Visible h2"]
    assert region_texts(doc, "heading") == ["Visible h2"]


def test_empty_h1_is_skipped_for_the_headline():
    doc = html("<h1><img src='logo.png'></h1><h2>Real headline</h2><h1>Later</h1>")
    assert region_texts(doc, "headline") == ["Later"]


def test_heading_with_inline_markup_is_one_region():
    doc = html("<h1>Save <em>more</em> with <a href='/x'>us</a></h1><p>Body</p>")
    assert region_texts(doc, "headline") == ["Save more with us"]


def test_title_and_heading_and_body_do_not_merge():
    doc = html(PAGE)
    assert "Home\n\n" in doc.text
    assert "first\n\nWe" in doc.text
    assert "bikes\n\nBring" in doc.text


def test_title_position_maps_back():
    doc = html(PAGE)
    region = doc.region("title")
    assert region is not None
    assert tuple(doc.position(region.start)) == where(PAGE, "Acme") == (5, 10)


# --- images ----------------------------------------------------------------------------------


def test_img_alt_text_is_kept_and_src_is_not():
    source = '<p>Meet<img src="/img/team-photo.png" alt="our friendly team">today</p>'
    doc = html(source)
    assert "friendly" in doc.text
    assert "team-photo" not in doc.text
    assert "img" not in doc.text
    assert words(doc) == ["Meet", "our", "friendly", "team", "today"]
    assert word_at(doc, "friendly") == where(source, "friendly")
    assert word_at(doc, "today") == where(source, "today")


def test_img_without_alt_adds_nothing():
    doc = html("<p>A<img src='x.png'>B <img alt='' src='y.png'> C</p>")
    assert doc.text == "AB C"


def test_self_closing_img_alt_is_kept():
    doc = html("<p>Look: <img alt='a happy dog' /></p>")
    assert "a happy dog" in doc.text


def test_img_alt_entities_are_decoded():
    doc = html("<img alt='Tom &amp; Jerry logo'>")
    assert doc.text == "Tom & Jerry logo"


# --- entities --------------------------------------------------------------------------------


def test_entities_are_decoded():
    doc = html("<p>Tom &amp; Jerry &mdash; it&rsquo;s &#8220;great&#x201D; 5 &lt; 6</p>")
    assert doc.text == "Tom & Jerry — it’s “great” 5 < 6"


@pytest.mark.parametrize(
    ("source", "word", "needle"),
    [
        ("<p>Tom &amp; Jerry say hi</p>", "Jerry", "Jerry"),
        ("<p>Tom &amp; Jerry say hi</p>", "say", "say"),
        ("<p>It&rsquo;s great news</p>", "great", "great"),
        ("<p>It&rsquo;s great news</p>", "news", "news"),
        ("<p>Quote &#8220;hello&#8221; there</p>", "there", "there"),
        ("<p>\n  R&amp;D team\n  &copy; ours now\n</p>", "team", "team"),
        ("<p>\n  R&amp;D team\n  &copy; ours now\n</p>", "ours", "ours"),
        ("<p>\n  R&amp;D team\n  &copy; ours now\n</p>", "now", "now"),
    ],
)
def test_words_after_entities_map_to_their_column(source, word, needle):
    doc = html(source)
    assert word_at(doc, word) == where(source, needle)


def test_word_after_an_entity_word_that_starts_the_same_maps_to_itself():
    source = "<p>We don&rsquo;t do refunds.</p>"
    doc = html(source)
    assert word_at(doc, "do") == (1, 19)


def test_short_word_after_amp_entity_maps_to_itself():
    source = "<p>Tom &amp; a friend</p>"
    doc = html(source)
    assert word_at(doc, "a") == (1, 14)
    assert word_at(doc, "friend") == where(source, "friend")


def test_word_containing_an_entity_maps_to_its_own_start():
    source = "<p>Sure, it&rsquo;s fine</p>"
    doc = html(source)
    assert word_at(doc, "it’s") == where(source, "it&rsquo;s")


# --- word breaks -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "<p>foo</p><p>bar</p>",
        "<div>foo</div><div>bar</div>",
        "<ul><li>foo</li><li>bar</li></ul>",
        "foo<br>bar",
        "foo<br/>bar",
        "<table><tr><td>foo</td><td>bar</td></tr></table>",
        "<table><tr><th>foo</th></tr><tr><td>bar</td></tr></table>",
        "<h1>foo</h1>bar",
        "foo<hr>bar",
        "<blockquote>foo</blockquote>bar",
        "<section>foo</section><article>bar</article>",
    ],
)
def test_block_elements_separate_words(source):
    doc = html(source)
    assert "foobar" not in doc.text
    assert words(doc) == ["foo", "bar"]


def test_paragraphs_are_separated_by_a_blank_line():
    doc = html("<p>First one.</p><p>Second one.</p><div>Third</div>")
    assert doc.text == "First one.\n\nSecond one.\n\nThird"


@pytest.mark.parametrize(
    ("source", "word"),
    [
        ("<p>re<b>ad</b> on</p>", "read"),
        ("<p><span>x</span>y z</p>", "xy"),
        ("<p>click <a href='/u'>li</a>nk now</p>", "link"),
        ("<p>un<em>be</em><strong>liev</strong><i>able</i> yes</p>", "unbelievable"),
        ("<p>H<sub>2</sub>O here</p>", "H2O"),
    ],
)
def test_inline_elements_do_not_break_words(source, word):
    doc = html(source)
    assert word in words(doc)


def test_link_href_is_not_text():
    doc = html("<p>See <a href='https://example.com/secret'>our page</a>.</p>")
    assert "example" not in doc.text
    assert doc.text == "See our page."


def test_whitespace_runs_are_collapsed():
    doc = html("<p>  many\n\n   spaces\there   </p>")
    assert doc.text == "many spaces here"


# --- broken markup ---------------------------------------------------------------------------


def test_unclosed_tags_do_not_hide_the_rest():
    source = "<div><p>open <b>bold <i>italic</p>\n<p>rest of the page"
    doc = html(source)
    assert "open bold italic" in doc.text
    assert "rest of the page" in doc.text
    assert word_at(doc, "rest") == (2, 4)


def test_stray_end_tags_do_not_crash_or_hide_the_rest():
    source = "</p></div><p>one</span></b> two</td></p></html>\n<p>three</p></body>"
    doc = html(source)
    assert words(doc) == ["one", "two", "three"]
    assert word_at(doc, "three") == (2, 4)


def test_stray_end_tag_does_not_close_a_hidden_element_early():
    doc = html("<div hidden><p>secret</span></b>more secret</p></div><p>shown</p>")
    assert doc.text == "shown"


def test_malformed_markup_does_not_crash():
    for source in ("<p <b>x", "<", "<p>a < b and c > d</p>", "<div class='x", "&", "&amp"):
        html(source)


def test_text_outside_any_element_is_kept():
    doc = html("Loose text <b>bold</b> end")
    assert doc.text == "Loose text bold end"


def test_deep_nesting_works():
    depth = 5000
    source = "<div>" * depth + "deep text here" + "</div>" * depth + "<p>after</p>"
    doc = html(source)
    assert words(doc) == ["deep", "text", "here", "after"]
    assert word_at(doc, "deep") == (1, depth * len("<div>") + 1)


def test_deep_nesting_unclosed_works():
    depth = 5000
    doc = html("<div><span>" * depth + "deep text")
    assert doc.text == "deep text"


def test_deep_hidden_nesting_is_all_hidden():
    depth = 2000
    doc = html("<div hidden>" + "<div>" * depth + "secret" + "</div>" * depth + "</div>ok")
    assert doc.text == "ok"


def test_empty_page():
    doc = html("")
    assert doc.text == ""
    assert doc.regions == ()


# --- positions -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "needle"),
    [
        ("Small", "Small"),
        ("print", "print"),
        ("We", "We"),
        ("fix", "fix"),
        ("bikes", "bikes"),
        ("Bring", "Bring"),
        ("it", "it in"),
        ("any", "any"),
        ("day", "day"),
        ("Second", "Second"),
    ],
)
def test_word_positions_map_back_to_the_html_source(word, needle):
    doc = html(PAGE)
    assert word_at(doc, word) == where(PAGE, needle)


def test_positions_spot_checks_with_literal_numbers():
    doc = html(PAGE)
    assert word_at(doc, "fix") == (10, 10)
    assert word_at(doc, "any") == (12, 3)
    assert word_at(doc, "day") == (12, 7)


def test_positions_count_code_points_after_non_ascii():
    source = "<p>Le café 🎉 <b>très</b> bon</p>\n<p>naïve ✨ end</p>"
    doc = html(source)
    assert word_at(doc, "très") == (1, 17)
    assert word_at(doc, "bon") == (1, 26)
    assert word_at(doc, "end") == (2, 12)


def test_positions_in_crlf_html():
    source = "<p>One\r\ntwo</p>\r\n<p>three</p>\r\n"
    doc = html(source)
    assert word_at(doc, "two") == (2, 1)
    assert word_at(doc, "three") == (3, 4)


def test_html_files_are_read_as_html():
    for name in ("a.html", "a.htm", "A.HTM"):
        doc = read_bytes(b"<p>Hi <script>x</script>there</p>", name)
        assert doc.format == "html", name
        assert doc.text == "Hi there", name


# --- code ------------------------------------------------------------------------------------


def test_code_is_not_prose_as_in_markdown():
    source = (
        "<p>Run <code>pip install secret</code> and press <kbd>Enter</kbd> now.</p>"
        "<pre>def secret():\n    return 'listing'</pre>"
        "<p>Output: <samp>secret output</samp>. <tt>secret</tt> Thanks for reading.</p>"
    )
    doc = html(source)
    for code in ("pip", "secret", "Enter", "def", "listing", "output"):
        assert code not in doc.text, code
    prose = ["Run", "and", "press", "now.", "Output:", ".", "Thanks", "for", "reading."]
    assert words(doc) == prose
    assert word_at(doc, "press") == where(source, "press")
    assert word_at(doc, "Thanks") == where(source, "Thanks")


def test_a_page_of_source_code_is_not_one_endless_sentence():
    listing = "\n".join(f"<span class='kw'>fn</span> f{i}() {{ x{i} }}" for i in range(300))
    doc = html(f"<h1>Source of lib.rs</h1><pre>{listing}</pre>")
    assert doc.text == "Source of lib.rs"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # some mail programs send a plain-text message as one <pre> or <tt> block
        ("<pre>Dear Ann,\n\nThanks for your order.</pre>", "Dear Ann, Thanks for your order."),
        (
            "<title>Your order</title><body><pre>Dear Ann,\n\nThank you for your order.</pre>",
            "Your order\n\nDear Ann, Thank you for your order.",
        ),
        (
            "<pre wrap>Dear Ann, thanks for the order.</pre><p>-- Sent from my phone</p>",
            "Dear Ann, thanks for the order.\n\n-- Sent from my phone",
        ),
        (
            "<tt>Dear Ann,<br>" + "Thank you for your order, it leaves today. " * 5 + "</tt>",
            # the <br> is a line break, as in the letter it holds
            "Dear Ann,\n" + " ".join(["Thank you for your order, it leaves today."] * 5),
        ),
    ],
)
def test_code_elements_that_hold_a_message_are_read(source, expected):
    doc = html(source)
    assert doc.text == expected
    assert word_at(doc, "Ann,") == where(source, "Ann,")


def test_blockquotes_and_inline_quotes_are_quote_regions_unless_hidden():
    # other people's words: the focus checks do not count a testimonial's "we"
    doc = html(
        "<p>You choose.</p><blockquote><p>We loved it.</p></blockquote>"
        "<p>They said <q>we would go back</q>.</p>"
        "<div hidden><blockquote>Not shown</blockquote></div><blockquote hidden>No</blockquote>"
    )
    assert [t.strip() for t in region_texts(doc, "quote")] == ["We loved it.", "we would go back"]


def test_links_that_go_somewhere_are_link_regions():
    # a page's next step is often a link whose words alone ("Contact") say little
    doc = html(
        '<p>Read on, or <a href="/contact">Contact</a> us.</p><p><a href="#top">Top</a> '
        '<a href="javascript:void(0)">Menu</a> <a>Plain</a></p>'
        '<div hidden><a href="/secret">Hidden</a></div>'
    )
    assert region_texts(doc, "link") == ["Contact"]
