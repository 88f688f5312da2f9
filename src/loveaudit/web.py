"""Websites where they live: pages by URL, sitemaps, and a small same-site crawl.

This is the only module that touches the network, and only for URLs the user gave. Every
request names loveaudit in its user agent, honours robots.txt, has a timeout and a size
cap, and runs at most ``concurrency`` at a time. Redirects are followed and reported. A
page that fails (HTTP error, timeout, not HTML, too big, disallowed) is a per-page error;
the run goes on.

The text audited is the page's main content, found by trafilatura (navigation, cookie
banners and footers left out), with the page's real headline first, so the 7-second test
reads what a visitor sees first; ``whole_page`` audits all visible text instead. A finding
on a page is located by a text fragment link (``URL#:~:text=...``).
"""

from __future__ import annotations

import gzip
import io
import re
import time
import urllib.robotparser
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import urllib3

from loveaudit import __version__
from loveaudit.document import Document, Locator, Region
from loveaudit.errors import SourceError
from loveaudit.model import InputError
from loveaudit.sources.html import read_html
from loveaudit.sources.text import read_text

USER_AGENT = f"loveaudit/{__version__} (+https://loveaudit.invalid/bot; customer-copy audit)"
HTML_TYPES = ("text/html", "application/xhtml+xml")
MAX_SITEMAPS = 50  # sitemap files read from one index, nested ones included
_URL = re.compile(r"^https?://", re.IGNORECASE)


def is_url(text: str) -> bool:
    return bool(_URL.match(text))


def has_host(url: str) -> bool:
    """Whether a URL names a host ("http://" alone does not). One that cannot be parsed
    counts as having one: fetching it names it as "not a valid URL"."""
    try:
        return bool(urlsplit(url).hostname)
    except ValueError:
        return True


@dataclass(frozen=True)
class WebSettings:
    """Limits for every request; all can be set on the command line."""

    timeout: float = 10.0  # seconds a page may take, redirects included
    max_bytes: int = 5 * 2**20  # a page or sitemap bigger than this is refused
    concurrency: int = 4
    max_redirects: int = 5
    same_site: bool = True  # a crawl stays on the start page's host
    whole_page: bool = False  # audit all visible text, not only the main content
    respect_robots: bool = True


@dataclass
class Fetched:
    url: str  # the final URL, after redirects
    status: int
    content_type: str
    body: bytes
    redirects: list[str] = field(default_factory=list)  # the URLs that redirected here
    charset: str = ""


class FetchError(Exception):
    """A URL that could not be fetched, with the reason a user can act on."""


class Fetcher:
    """HTTP GET with loveaudit's limits; robots.txt looked up once per host."""

    def __init__(self, settings: WebSettings) -> None:
        self.settings = settings
        self.pool = urllib3.PoolManager(
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip"},
            timeout=urllib3.Timeout(connect=settings.timeout, read=settings.timeout),
            retries=False,
            maxsize=max(1, settings.concurrency),
        )
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}

    def allowed(self, url: str) -> bool:
        if not self.settings.respect_robots:
            return True
        try:
            parts = urlsplit(url)
        except ValueError as exc:  # "https://[::1": checked here, before any request
            raise FetchError(f"not a valid URL ({exc})") from None
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            parser: urllib.robotparser.RobotFileParser | None = None
            try:
                fetched = self.get(f"{origin}/robots.txt", check_robots=False)
                parser = urllib.robotparser.RobotFileParser()
                parser.parse(fetched.body.decode("utf-8", "replace").splitlines())
            except FetchError as exc:
                # no robots.txt (4xx): everything is allowed; a server error or no answer
                # means the site's wishes are unknown, so nothing is fetched (as search
                # engines do)
                if not str(exc).startswith("HTTP 4"):
                    parser = urllib.robotparser.RobotFileParser()
                    parser.parse(["User-agent: *", "Disallow: /"])
            self._robots[origin] = parser
        parser = self._robots[origin]
        return parser is None or parser.can_fetch(USER_AGENT, url)

    def get(self, url: str, *, check_robots: bool = True) -> Fetched:
        if check_robots and not self.allowed(url):
            raise FetchError("robots.txt disallows loveaudit here")
        redirects: list[str] = []
        current = url
        # the socket timeouts bound each wait; this bounds the whole page, so a server
        # that drips a byte at a time cannot hold a run for longer
        deadline = time.monotonic() + self.settings.timeout
        for _ in range(self.settings.max_redirects + 1):
            left = deadline - time.monotonic()
            if left <= 0:
                raise FetchError(f"timed out after {self.settings.timeout:g} s")
            try:
                response = self.pool.request(
                    "GET",
                    current,
                    redirect=False,
                    preload_content=False,
                    decode_content=True,
                    timeout=urllib3.Timeout(connect=left, read=left),
                )
            except urllib3.exceptions.TimeoutError:
                raise FetchError(f"timed out after {self.settings.timeout:g} s") from None
            except urllib3.exceptions.HTTPError as exc:
                raise FetchError(f"cannot connect ({type(exc).__name__})") from None
            except ValueError as exc:  # a URL urllib3 cannot parse
                raise FetchError(f"not a valid URL ({exc})") from None
            try:
                if response.status in (301, 302, 303, 307, 308):
                    location = response.headers.get("Location")
                    if not location:
                        raise FetchError(f"HTTP {response.status} without a Location")
                    redirects.append(current)
                    try:
                        current = urljoin(current, location)
                    except ValueError:
                        raise FetchError(f"a malformed redirect ({location[:80]})") from None
                    if check_robots and not self.allowed(current):
                        raise FetchError(f"redirected to {current}, which robots.txt disallows")
                    continue
                if response.status >= 400:
                    raise FetchError(f"HTTP {response.status} {response.reason or ''}".strip())
                body = self._read(response, deadline)
                header = response.headers.get("Content-Type", "")
                content_type = header.split(";")[0].strip().lower()
                charset = re.search(r"charset=[\"']?([\w.:-]+)", header, re.IGNORECASE)
                return Fetched(
                    current,
                    response.status,
                    content_type,
                    body,
                    redirects,
                    charset.group(1) if charset else "",
                )
            finally:
                response.release_conn()
        raise FetchError(f"more than {self.settings.max_redirects} redirects")

    def _read(self, response, deadline: float) -> bytes:
        declared = response.headers.get("Content-Length")
        cap = self.settings.max_bytes
        if declared and declared.isdigit() and int(declared) > cap:
            raise FetchError(f"larger than the {cap:,}-byte limit ({int(declared):,} bytes)")
        chunks: list[bytes] = []
        size = 0
        try:
            # read1 returns what has arrived, so the deadline is checked as bytes come in
            while chunk := response.read1(64 * 1024):
                size += len(chunk)
                if size > cap:
                    raise FetchError(f"larger than the {cap:,}-byte limit")
                if time.monotonic() > deadline:
                    raise FetchError(f"timed out after {self.settings.timeout:g} s")
                chunks.append(chunk)
        except urllib3.exceptions.TimeoutError:
            raise FetchError(f"timed out after {self.settings.timeout:g} s") from None
        except urllib3.exceptions.HTTPError as exc:
            raise FetchError(f"the connection failed ({type(exc).__name__})") from None
        return b"".join(chunks)


# -- pages -----------------------------------------------------------------------------------
def page_document(fetched: Fetched, settings: WebSettings) -> Document:
    """The audited text of an HTML page: its main content under its headline."""
    if fetched.content_type not in HTML_TYPES:
        raise SourceError(fetched.url, f"not an HTML page ({fetched.content_type or 'no type'})")
    if b"\x00" in fetched.body[:2048]:
        raise SourceError(fetched.url, "not an HTML page (binary content)")
    charset = fetched.charset or _meta_charset(fetched.body)
    try:
        html = fetched.body.decode(charset or "utf-8", "replace")
    except LookupError:  # a charset Python does not know
        html = fetched.body.decode("utf-8", "replace")
    warnings = tuple(f"redirected from {source}" for source in fetched.redirects)
    if settings.whole_page:
        whole = read_html(html, fetched.url, warnings)
        return Document(
            text=whole.text,
            path=fetched.url,
            format="url",
            regions=whole.regions,
            warnings=warnings,
            locator=Locator(url=fetched.url),
        )
    import trafilatura

    extracted = trafilatura.bare_extraction(
        html, url=fetched.url, include_comments=False, include_tables=True, with_metadata=True
    )
    if extracted is None:
        whole = read_html(html, fetched.url, warnings)
        title, body = "", whole.text
    else:
        data = extracted if isinstance(extracted, dict) else extracted.as_dict()
        title, body = (data.get("title") or "").strip(), (data.get("text") or "").strip()
    if not (title or body):
        raise SourceError(fetched.url, "the page has no text")
    text = f"{title}\n\n{body}" if title and not body.startswith(title) else body
    document = read_text(text, fetched.url, warnings)
    regions = (Region("headline", 0, len(title)),) if title else document.regions
    return Document(
        text=document.text,
        path=fetched.url,
        format="url",
        regions=regions,
        warnings=warnings,
        locator=Locator(url=fetched.url),
    )


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)


def _meta_charset(body: bytes) -> str:
    """The charset a page declares in a <meta> tag, when its server did not say."""
    m = _META_CHARSET.search(body[:4096])
    return m.group(1).decode("ascii", "replace") if m else ""


# -- finding pages -------------------------------------------------------------------------
class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)


def _same_site(a: str, b: str) -> bool:
    return urlsplit(a).netloc.lower() == urlsplit(b).netloc.lower()


def sitemap_urls(fetcher: Fetcher, url: str) -> tuple[list[str], list[InputError]]:
    """Page URLs listed by a sitemap or sitemap index (gzip too), in document order."""
    import defusedxml.ElementTree as SafeET
    from defusedxml import DefusedXmlException

    pages: list[str] = []
    errors: list[InputError] = []
    queue = deque([url])
    read = 0
    while queue and read < MAX_SITEMAPS:
        current = queue.popleft()
        read += 1
        try:
            fetched = fetcher.get(current)
            body = fetched.body
            if body[:2] == b"\x1f\x8b":
                body = _gunzip(body, fetcher.settings.max_bytes)
            root = SafeET.fromstring(body)
        except FetchError as exc:
            errors.append(InputError(current, str(exc)))
            continue
        except (DefusedXmlException, SyntaxError, OSError, EOFError) as exc:
            errors.append(InputError(current, f"not a readable sitemap ({type(exc).__name__})"))
            continue
        tag = root.tag.rsplit("}", 1)[-1]
        locs = [
            (el.text or "").strip()
            for el in root.iter()
            if el.tag.rsplit("}", 1)[-1] == "loc" and (el.text or "").strip()
        ]
        if tag == "sitemapindex":
            queue.extend(locs)
        elif tag == "urlset":
            pages.extend(locs)
        else:
            errors.append(InputError(current, f"not a sitemap (root <{tag}>)"))
    return list(dict.fromkeys(pages)), errors


def _gunzip(data: bytes, cap: int) -> bytes:
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
        out = stream.read(cap + 1)
    if len(out) > cap:
        raise OSError("the unzipped sitemap is over the size limit")
    return out


def crawl_urls(fetcher: Fetcher, start: str, limit: int) -> tuple[list[Fetched], list[InputError]]:
    """Breadth-first from ``start``: up to ``limit`` HTML pages of the same site."""
    seen = {urldefrag(start).url}
    queue = deque([urldefrag(start).url])
    pages: list[Fetched] = []
    errors: list[InputError] = []
    while queue and len(pages) < limit:
        url = queue.popleft()
        try:
            fetched = fetcher.get(url)
        except FetchError as exc:
            errors.append(InputError(url, str(exc)))
            continue
        pages.append(fetched)
        if fetched.content_type not in HTML_TYPES:
            continue
        parser = _Links()
        parser.feed(fetched.body.decode("utf-8", "replace"))
        for href in parser.links:
            try:
                link = urldefrag(urljoin(fetched.url, href)).url
            except ValueError:  # a malformed link ("http://[bad/x") is skipped
                continue
            if not link.startswith(("http://", "https://")) or link in seen:
                continue
            if fetcher.settings.same_site and not _same_site(link, start):
                continue
            seen.add(link)
            queue.append(link)
    return pages, errors


def fetch_pages(fetcher: Fetcher, urls: Iterable[str]) -> Iterator[Document | InputError]:
    """Each URL's document or error, in the order given, fetched ``concurrency`` at once."""

    def one(url: str) -> Document | InputError:
        try:
            return page_document(fetcher.get(url), fetcher.settings)
        except FetchError as exc:
            return InputError(url, str(exc))
        except SourceError as exc:
            return InputError(exc.path, exc.message)

    with ThreadPoolExecutor(max_workers=max(1, fetcher.settings.concurrency)) as pool:
        yield from pool.map(one, list(urls))


def documents_from_web(
    urls: list[str], sitemaps: list[str], crawl: int | None, settings: WebSettings
) -> Iterator[Document | InputError]:
    """Every page the user asked for: URLs as given, the pages of each sitemap, and with
    ``crawl`` the pages found from each URL."""
    fetcher = Fetcher(settings)
    targets: list[str] = []
    for sitemap in sitemaps:
        found, errors = sitemap_urls(fetcher, sitemap)
        yield from errors
        targets.extend(found)
    if crawl:
        for start in urls:
            pages, errors = crawl_urls(fetcher, start, crawl)
            yield from errors
            for fetched in pages:
                try:
                    yield page_document(fetched, settings)
                except SourceError as exc:
                    yield InputError(exc.path, exc.message)
    else:
        targets = urls + targets
    yield from fetch_pages(fetcher, list(dict.fromkeys(targets)))
