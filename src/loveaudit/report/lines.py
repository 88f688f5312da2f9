"""Text from the audited files, safe in every output read line by line.

File names and quoted sentences reach the text, Markdown and GitHub outputs and the
messages on stderr. In a terminal a control character acts instead of showing (an escape
sequence clears the screen, U+202E reverses what follows it); in a GitHub Actions log a
line that starts with ``::`` (after any spaces) is a workflow command the runner carries
out, and so is one holding ``##[`` anywhere (the older syntax). A pull request can name a
file ``::error::X.txt``, and a line of a document can start with ``::``. So every
line-oriented renderer passes such text through `printable` and each whole line through
`safe_line`: the name stays recognisable (``\\x1b``, ``\\u202e``, ``\\::error::X.txt``),
the same input gives the same bytes, and nothing acts. XML and HTML, which carry the
documents' own lines, go through `safe_markup` instead, which changes nothing a parser
reads.
"""

from __future__ import annotations

import re

# control characters (C0, DEL, C1) and the bidirectional overrides and isolates, which
# reorder what follows them on screen; and the older workflow-command opener
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|##\\[")
_BREAKS = re.compile("[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|##\\[")
_COMMAND = re.compile(r"^(\s*)::")


def printable(text: str, *, keep_breaks: bool = False) -> str:
    """Text from a document or a file name, safe to print: a control character is shown
    as an escape instead of acting, a line break becomes a space (kept with
    ``keep_breaks``, for an output that escapes breaks its own way), and ``##[`` is
    written ``##\\[``."""
    pattern = _BREAKS if keep_breaks else _CONTROL
    if not pattern.search(text):
        return text
    return pattern.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    found = match[0]
    if found == "##[":
        return "##\\["
    if found in "\n\r\t":
        return " "
    code = ord(found)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe_line(line: str) -> str:
    """A whole output line that a CI runner cannot take for a workflow command: a leading
    ``::`` (after any spaces) gets a backslash before it."""
    return _COMMAND.sub(r"\1\\::", line, count=1) if "::" in line else line


_MARKUP = re.compile(r"^([^\S\n]*)::|##\[", re.MULTILINE)


def safe_markup(markup: str) -> str:
    """An XML or HTML page that reads the same to any parser, with no line a CI runner
    takes for a workflow command: a carriage return becomes the line feed a parser would
    make of it, and a leading ``::`` and any ``##[`` are written with character references
    (``&#58;:``, ``##&#91;``). Only for text and attribute values, where references are
    read: never for a page's inline style or script."""
    if "\r" in markup:
        markup = markup.replace("\r\n", "\n").replace("\r", "\n")
    if "::" not in markup and "##[" not in markup:
        return markup
    return _MARKUP.sub(_reference, markup)


def _reference(match: re.Match[str]) -> str:
    return "##&#91;" if match[0] == "##[" else f"{match[1]}&#58;:"
