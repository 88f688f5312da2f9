"""Email (.eml): the message the customer reads, not the thread under it.

The subject is the headline. The body is the text/plain part, or else the HTML part read
by the HTML reader. Quoted earlier messages ("> ..." lines, "On ... wrote:", an "Original
Message" or forwarded-message block) are left out; the signature stays, since a named
person and a direct line are part of the personal touch. Parsed with the standard
library's `email` package and its modern policy.
"""

from __future__ import annotations

import email
import re
from email import policy
from email.message import EmailMessage

from loveaudit.document import Document, Region
from loveaudit.errors import SourceError
from loveaudit.extras import needs_extra
from loveaudit.sources.builder import TextBuilder
from loveaudit.sources.html import read_html

# A line that starts what is quoted from an earlier message; it and all after it go.
_THREAD_START = re.compile(
    r"^(?:"
    r"On .{4,200}\bwrote:\s*$"  # On Tue, 3 May 2026, Ann <a@b> wrote:
    r"|-{2,}\s*(?:Original Message|Forwarded message)\s*-{2,}\s*$"
    r"|_{10,}\s*$"  # Outlook's rule above the quoted header block
    r"|From:\s.+\n(?:Sent|Date):\s"  # a pasted header block
    r")",
    re.IGNORECASE | re.MULTILINE,
)
_QUOTED = re.compile(r"^[ \t]*>")


def _body(message: EmailMessage) -> tuple[str, str]:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        raise SourceError("", "no text/plain or text/html part to audit")
    try:
        content = part.get_content()
    except (LookupError, ValueError) as exc:  # unknown charset, broken encoding
        raise SourceError("", f"the message body cannot be decoded ({exc})") from None
    return part.get_content_subtype(), content


def _own_words(body: str) -> str:
    """The body without the quoted thread."""
    m = _THREAD_START.search(body)
    if m:
        body = body[: m.start()]
    return "\n".join(line for line in body.splitlines() if not _QUOTED.match(line))


def read_email(source: str, path: str | None = None, warnings: tuple[str, ...] = ()) -> Document:
    """An email: subject as headline, then the sender's own words."""
    try:
        message = email.message_from_string(source, policy=policy.default)
    except Exception as exc:  # the parser is lenient; this is a last resort
        raise SourceError(path or "<text>", f"not a readable email ({exc})") from None
    assert isinstance(message, EmailMessage)
    try:
        subtype, body = _body(message)
    except SourceError as exc:
        raise SourceError(path or "<text>", exc.message) from None
    subject = " ".join(str(message.get("subject", "")).split())
    if subtype == "html":
        body_doc = read_html(body, None)
        body = body_doc.text
    own = _own_words(body)

    builder = TextBuilder(source)
    regions: list[Region] = []
    if subject:
        at = source.find(subject[:40])
        builder.begin("headline")
        if at != -1 and source[at : at + len(subject)] == subject:
            builder.add(subject, at)
        else:
            builder.add_collapsed(subject, max(at, 0), exact=False)
        builder.end("headline")
        builder.paragraph()
    cursor = _body_start(source)
    for paragraph in re.split(r"\n[ \t]*\n", own):
        if paragraph.strip():
            cursor = builder.add_found(paragraph.strip(), cursor)
            builder.paragraph()
    document = builder.build(path=path, fmt="email", warnings=warnings)
    regions.extend(document.regions)
    return Document(
        text=document.text,
        path=path,
        format="email",
        source_map=document.source_map,
        regions=tuple(regions),
        warnings=warnings,
        format_kind="email",
    )


def _body_start(source: str) -> int:
    """Where the headers end: words are looked up in the file from here on."""
    for sep in ("\r\n\r\n", "\n\n"):
        at = source.find(sep)
        if at != -1:
            return at + len(sep)
    return 0


def read_msg(data: bytes, path: str | None = None, warnings: tuple[str, ...] = ()) -> Document:
    """An Outlook .msg file (with the optional `msg` extra): read as the email it holds."""
    name = path or "<bytes>"
    try:
        import extract_msg
    except ImportError:
        raise SourceError(name, needs_extra("msg", "reading Outlook .msg files")) from None
    try:
        msg = extract_msg.openMsg(data)
        subject, body, html = msg.subject or "", msg.body, msg.htmlBody
    except Exception as exc:  # the OLE container is broken or not a message
        raise SourceError(name, f"not a readable Outlook message ({type(exc).__name__})") from None
    message = EmailMessage(policy=policy.default)
    message["Subject"] = " ".join(subject.split())
    if body:
        message.set_content(body)
    elif html:
        text = html.decode("utf-8", "replace") if isinstance(html, bytes) else str(html)
        message.set_content(text, subtype="html")
    else:
        raise SourceError(name, "no text/plain or text/html part to audit")
    return read_email(message.as_string(), path, warnings)
