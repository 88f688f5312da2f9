"""Turning a file's bytes into text, or saying clearly why they are not text."""

from __future__ import annotations

import codecs

from loveaudit.errors import SourceError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = bytes(range(0, 9)) + bytes(range(14, 32))


def decode(data: bytes, path: str) -> tuple[str, tuple[str, ...]]:
    """Decode a file, returning its text and any warnings about the decoding.

    A byte-order mark decides the encoding; UTF-16 without one is recognised by its NUL
    bytes; otherwise UTF-8 is tried, then Windows-1252, each fallback with a warning, and
    what neither decodes gets replacement characters and a warning (nothing is lost
    silently). Bytes that look binary (NUL bytes, many control codes) are refused.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), ()
            except UnicodeDecodeError as exc:
                raise SourceError(path, f"not valid {encoding} text ({exc.reason})") from None
    head = data[:8192]
    utf16 = _utf16_without_bom(head)
    if utf16:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError:
            text = ""  # not UTF-16 after all: judged as bytes below
        sample = text[:4096]
        if sample and sum(ch < " " and ch not in "\t\n\r\f" for ch in sample) < len(sample) / 10:
            return text, (f"UTF-16 without a byte-order mark; decoded as {utf16.upper()}",)
    if b"\x00" in head:
        raise SourceError(path, "binary file (contains NUL bytes), not text")
    if head and sum(head.count(c) for c in _CONTROL) / len(head) > 0.10:
        raise SourceError(path, "binary file (mostly control bytes), not text")
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError as exc:
        try:  # the usual other encoding of Western text: Word and Outlook exports
            return data.decode("cp1252"), (
                f"not valid UTF-8 (first bad byte at offset {exc.start}); decoded as Windows-1252",
            )
        except UnicodeDecodeError:
            pass
        text = data.decode("utf-8", errors="replace")
        warning = (
            f"not valid UTF-8 (first bad byte at offset {exc.start}); "
            "undecodable bytes were replaced with U+FFFD"
        )
        return text, (warning,)


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 text without a byte-order mark: Latin text has a NUL in every other byte."""
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None
