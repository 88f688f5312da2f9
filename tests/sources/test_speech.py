"""SSML and TwiML: what the caller hears, how long it takes, and XML that is refused."""

from __future__ import annotations

import pytest
from source_helpers import region_texts, where, word_at

from loveaudit.errors import SourceError
from loveaudit.sources import read_bytes, supported

SSML = """<?xml version="1.0"?>
<speak version="1.1" xmlns="http://www.w3.org/2001/10/synthesis">
  <p>Thanks for waiting. <break time="1500ms"/> You are next.</p>
  <p><prosody rate="50%">Press one for a callback.</prosody></p>
  <p>Call <say-as interpret-as="telephone">555 0100</say-as> any time.</p>
  <audio src="tune.mp3">This fallback is not heard</audio>
  <p>Visit <sub alias="double you double you double you">WWW</sub> dot shop.</p>
</speak>
"""

TWIML = """<?xml version="1.0" encoding="UTF-8"?>
<Response>
  <Say loop="2">Your call is important to us.</Say>
  <Pause length="4"/>
  <Gather numDigits="1"><Say>For sales, press 1.</Say></Gather>
  <Play loop="0">music.mp3</Play>
</Response>
"""


def test_ssml_text_is_what_the_caller_hears():
    doc = read_bytes(SSML.encode(), "queue.ssml")
    assert doc.format == "ssml" and doc.format_kind == "hold"
    assert "fallback" not in doc.text and "WWW" not in doc.text
    assert "double you double you double you" in doc.text
    assert region_texts(doc, "spoken-number") == ["555 0100"]
    assert word_at(doc, "callback") == where(SSML, "callback")
    assert word_at(doc, "next") == where(SSML, "next")


def test_ssml_timing_counts_pauses_rate_and_music():
    speech = read_bytes(SSML.encode(), "queue.ssml").speech
    assert speech.pause_seconds == 1.5
    assert speech.music == ("tune.mp3",) and speech.music_plays == 1
    plain_words = 3 + 3 + 5 + 5 + 9  # every word heard, once (the alias, not "WWW")
    assert speech.weighted_words == plain_words + 5  # "Press one for a callback." at half speed


def test_twiml_says_loops_and_pauses():
    doc = read_bytes(TWIML.encode(), "menu.twiml")
    assert doc.format == "twiml"
    assert "Your call is important to us." in doc.text and "For sales, press 1." in doc.text
    assert doc.speech.pause_seconds == 4
    assert doc.speech.weighted_words == 6 * 2 + 4
    assert doc.speech.music_plays == 10  # loop="0" plays until answered: counted as 10


def test_spoken_seconds_use_the_timing(samples_auditor):
    result = samples_auditor.audit_text(TWIML, kind="hold", fmt="twiml")
    metrics = result.metrics
    assert metrics["hold-spoken-length.pause_seconds"].value == 4
    assert metrics["hold-spoken-length.music_plays"].value == 10
    assert metrics["hold-spoken-length.spoken_seconds"].value == pytest.approx(
        16 / 150 * 60 + 4, 0.1
    )


@pytest.mark.parametrize(
    ("xml", "message"),
    [
        (
            '<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><speak>&b;</speak>',
            "refused: the XML declares entities or a DTD",
        ),
        (
            '<?xml version="1.0"?><!DOCTYPE s [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            "<speak>&x;</speak>",
            "refused: the XML declares entities or a DTD",
        ),
        ("<speak><p>unclosed</speak>", "not well-formed XML"),
        ("<urlset><url/></urlset>", "not SSML (<speak>) or TwiML (<Response>)"),
    ],
)
def test_hostile_or_wrong_xml_is_a_per_file_error(xml, message):
    with pytest.raises(SourceError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_bytes(xml.encode(), "bad.ssml")


def test_xml_files_are_read_when_named_but_not_picked_up_from_folders(tmp_path):
    from pathlib import Path

    assert supported(Path("queue.ssml")) and supported(Path("menu.twiml"))
    assert not supported(Path("sitemap.xml"))
    assert read_bytes(TWIML.encode(), "menu.xml").format == "twiml"
