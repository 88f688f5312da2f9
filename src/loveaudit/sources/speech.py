"""Hold scripts as phone systems hold them: SSML and TwiML.

The text is what the caller hears: `<sub alias>` is heard as its alias, an `<audio>`
element's fallback text is not heard, and TwiML `<Say>` (also inside `<Gather>`) is the
speech. What changes how long the script takes is kept beside the text: pauses
(`<break>`, `<Pause>`), the speaking rate (`<prosody rate>`), repeats (`loop`), and music
(`<audio>`, `<Play>`), reported as music time. Telephone numbers in `<say-as>` are marked,
since a number read aloud is hard to catch.

XML is parsed with defusedxml: a document that declares entities or a DTD (the "billion
laughs" bomb, external entities) is refused with a clear message.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from loveaudit.document import Document, Region, Speech
from loveaudit.errors import SourceError
from loveaudit.sources.builder import TextBuilder

_STRENGTH = {"none": 0.0, "x-weak": 0.25, "weak": 0.5, "medium": 0.75, "strong": 1.0}
_STRENGTH["x-strong"] = 1.25
_RATES = {"x-slow": 0.5, "slow": 0.75, "medium": 1.0, "default": 1.0, "fast": 1.25}
_RATES["x-fast"] = 1.5
_TIME = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*(ms|s)?\s*$", re.IGNORECASE)
_BLOCKS = {"p", "s", "say", "gather", "speak", "response", "paragraph", "sentence"}
MAX_LOOPS = 10  # a TwiML loop="0" repeats until answered; counted as this many
MAX_PAUSE = 3600.0  # seconds; a longer pause is a typo, counted as an hour


def _local(tag: object) -> str:
    name = tag if isinstance(tag, str) else ""
    return name.rsplit("}", 1)[-1].lower()


def _seconds(value: str | None, default: float) -> float:
    if not value:
        return default
    m = _TIME.match(value)
    if not m:
        return default
    number = float(m.group(1))
    seconds = number / 1000 if (m.group(2) or "s").lower() == "ms" else number
    return min(seconds, MAX_PAUSE) if math.isfinite(seconds) else default


def _rate(value: str | None) -> float:
    if not value:
        return 1.0
    value = value.strip().lower()
    if value in _RATES:
        return _RATES[value]
    m = re.match(r"^([+-]?[0-9]*\.?[0-9]+)%$", value)
    if m:
        number = float(m.group(1))
        # "+10%" is relative to normal; "80%" is a share of it
        share = 1 + number / 100 if value[0] in "+-" else number / 100
        return max(share, 0.2)
    return 1.0


def _loops(value: str | None) -> int:
    if value is None:
        return 1
    try:
        n = int(value)
    except ValueError:
        return 1
    return MAX_LOOPS if n <= 0 else min(n, MAX_LOOPS)


@dataclass
class _Walk:
    """What the walk over the script collects."""

    pieces: list[tuple[str, str]] = field(default_factory=list)  # (kind, text)
    pause: float = 0.0
    weighted_words: float = 0.0
    music: list[str] = field(default_factory=list)
    music_plays: int = 0

    def speak(self, text: str, rate: float, repeat: int, kind: str = "text") -> None:
        if text and text.strip():
            self.pieces.append((kind, text))
            self.weighted_words += len(text.split()) / rate * repeat

    def element(self, el: ET.Element, rate: float, repeat: int) -> None:
        tag = _local(el.tag)
        if tag in _BLOCKS:
            self.pieces.append(("break", ""))
        if tag == "break":
            strength = _STRENGTH.get((el.get("strength") or "").lower(), 0.75)
            self.pause += _seconds(el.get("time"), strength) * repeat
        elif tag == "pause":  # TwiML
            self.pause += _seconds(el.get("length"), 1.0) * repeat
        elif tag in ("audio", "play"):
            plays = _loops(el.get("loop")) * repeat
            source = el.get("src") or (el.text or "").strip() or "audio"
            self.music.append(source)
            self.music_plays += plays
            self.pieces.append(("break", ""))
        elif tag == "sub" and el.get("alias"):
            self.speak(el.get("alias", ""), rate, repeat)
        elif tag == "say-as" and (el.get("interpret-as") or "").lower() in (
            "telephone",
            "digits",
            "cardinal",
            "characters",
        ):
            self.speak(el.text or "", rate, repeat, "number")
        else:
            inner_rate = rate * _rate(el.get("rate")) if tag == "prosody" else rate
            inner_repeat = repeat * _loops(el.get("loop")) if tag == "say" else repeat
            self.speak(el.text or "", inner_rate, inner_repeat)
            for child in el:
                self.element(child, inner_rate, inner_repeat)
                self.speak(child.tail or "", inner_rate, inner_repeat)
        if tag in _BLOCKS:
            self.pieces.append(("break", ""))


def read_speech(source: str, path: str | None = None, warnings: tuple[str, ...] = ()) -> Document:
    """An SSML or TwiML script: the words the caller hears, with its timing."""
    name = path or "<text>"
    # the text is already decoded: an encoding declaration would make expat decode again
    declared = re.sub(r"^\s*<\?xml[^>]*\?>", "", source, count=1)
    try:
        root = SafeET.fromstring(declared.encode("utf-8"))
    except DefusedXmlException as exc:
        raise SourceError(
            name, f"refused: the XML declares entities or a DTD ({type(exc).__name__})"
        ) from None
    except ET.ParseError as exc:
        raise SourceError(name, f"not well-formed XML ({exc})") from None
    dialect = {"speak": "ssml", "response": "twiml"}.get(_local(root.tag))
    if dialect is None:
        raise SourceError(
            name, f"not SSML (<speak>) or TwiML (<Response>): the root is <{_local(root.tag)}>"
        )
    walk = _Walk()
    walk.element(root, 1.0, 1)

    builder = TextBuilder(source)
    cursor = 0
    numbers: list[tuple[int, int]] = []
    for kind, text in walk.pieces:
        if kind == "break":
            builder.paragraph()
            continue
        builder.space()
        start = builder.length
        cursor = builder.add_found(" ".join(text.split()), cursor)
        if kind == "number":
            numbers.append((start, builder.length))
    document = builder.build(path=path, fmt=dialect, warnings=warnings)
    regions = document.regions + tuple(
        Region("spoken-number", a, min(b, len(document.text))) for a, b in numbers if a < b
    )
    return Document(
        text=document.text,
        path=path,
        format=dialect,
        source_map=document.source_map,
        regions=regions,
        warnings=warnings,
        format_kind="hold",
        speech=Speech(
            pause_seconds=round(walk.pause, 2),
            weighted_words=round(walk.weighted_words, 2),
            music=tuple(walk.music),
            music_plays=walk.music_plays,
        ),
    )
