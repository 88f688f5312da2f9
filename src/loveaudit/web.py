"""Websites where they live: pages by URL, sitemaps, and a small same-site crawl.

This is the only module that touches the network, and only for URLs the user gave. Every
request names loveaudit in its user agent, honours robots.txt, has a deadline and a size
cap, and runs at most ``concurrency`` at a time. A site is hostile until it is not:

- every response is read to its end or its connection is closed, so an abandoned redirect,
  error page or drip cannot poison the next request on a kept-alive connection;
- redirects and sitemap entries stay on the site being audited (same scheme, host and
  port) unless ``same_site`` is off, and no connection goes to a loopback, private,
  link-local or multicast address unless a URL the user typed is itself there; the check is
  on the address each host resolves to (resolved once per run, so it cannot change);
- a crawl counts every request against its budget and a sitemap has a page cap; work left
  undone is reported as a warning naming the limit.

A page that fails (HTTP error, timeout, not HTML, too big) is a per-page error; the run goes
on. A page the crawl or a sitemap found but robots.txt disallows, or that redirects off the
site, is skipped with a notice: the site said no, and the user did not ask for that page.

The text audited is the page's main content, found by trafilatura (navigation, cookie
banners and footers left out), with the page's real headline first, so the 7-second test
reads what a visitor sees first; ``whole_page`` audits all visible text instead. A finding
on a page is located by a text fragment link (``URL#:~:text=...``).
"""

from __future__ import annotations

import copy
import gzip
import io
import ipaddress
import re
import socket
import threading
import time
import urllib.robotparser
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

from loveaudit import __version__
from loveaudit.document import Document, Locator, Region
from loveaudit.errors import SourceError
from loveaudit.model import InputError
from loveaudit.sources.html import read_html
from loveaudit.sources.text import read_text

USER_AGENT = f"loveaudit/{__version__} (+https://loveaudit.invalid/bot; customer-copy audit)"
HTML_TYPES = ("text/html", "application/xhtml+xml")
MAX_SITEMAPS = 50  # sitemap files read from one index, nested ones included
# a redirect or error body up to this size is read to its end, so its connection can be
# kept; a bigger one costs its connection instead of the time to read it
_DRAIN_BYTES = 64 * 1024
_REDIRECTS = (301, 302, 303, 307, 308)
_URL = re.compile(r"^https?://", re.IGNORECASE)

# (level, text): "warning" for work left undone at a limit, "notice" for pages skipped
Notify = Callable[[str, str], None]


def is_url(text: str) -> bool:
    return bool(_URL.match(text))


def has_host(url: str) -> bool:
    """Whether a URL names a host ("http://" alone does not). One that cannot be parsed
    counts as having one: fetching it names it as "not a valid URL"."""
    try:
        return bool(urlsplit(url).hostname)
    except ValueError:
        return True


def site_of(url: str) -> tuple[str, str, int] | None:
    """The site a URL belongs to: scheme, host and port (the default port spelled out), so
    ``http://a/`` and ``http://a:80/`` are one site and ``http://a:81/`` another. None for
    a URL that is not http(s) or cannot be parsed."""
    try:
        parts = urlsplit(url)
        scheme, host, port = parts.scheme.lower(), parts.hostname, parts.port
    except ValueError:
        return None
    if scheme not in ("http", "https") or not host:
        return None
    return scheme, host.lower(), port or (443 if scheme == "https" else 80)


@dataclass(frozen=True)
class WebSettings:
    """Limits for every request; all can be set on the command line."""

    timeout: float = 10.0  # seconds a page may take: redirects, waits and body together
    max_bytes: int = 5 * 2**20  # a page or sitemap bigger than this is refused
    concurrency: int = 4
    max_redirects: int = 5
    same_site: bool = True  # redirects, crawl links and sitemap entries stay on the site
    whole_page: bool = False  # audit all visible text, not only the main content
    respect_robots: bool = True
    # pages taken from one sitemap (its index and nested sitemaps included); a site's
    # sitemap can list 50,000 URLs per file, far more than an audit needs to read
    max_pages: int = 5000


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


class Skipped(FetchError):
    """A URL the site or the audit's scope rules out (robots.txt, a redirect off the
    site): for a page the user typed it is an error, for one a crawl or sitemap found it
    is only a notice. ``reason`` is the message without this page's details, so the
    notice can group pages skipped for the same reason."""

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason or message


class PrivateAddress(Skipped):
    """A host on a loopback, private, link-local or multicast address the user did not
    type."""


class OutOfBudget(FetchError):
    """The crawl has made all the requests it may."""


class Budget:
    """Requests a crawl may still make. Every request counts (a redirect hop, a 404, a
    timeout), so a site of broken links cannot turn ``--crawl 2`` into thousands."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.spent = 0
        self._lock = threading.Lock()

    @property
    def exhausted(self) -> bool:
        return self.spent >= self.limit

    def spend(self) -> None:
        with self._lock:
            if self.spent >= self.limit:
                raise OutOfBudget(f"the limit of {self.limit} requests is spent")
            self.spent += 1


class Network:
    """How a host name becomes a connected socket. Tests replace it to play a public name
    that resolves to a private address, with no real DNS and no real network."""

    def resolve(self, host: str, port: int) -> list[tuple[int, Any]]:
        """(address family, socket address) pairs for a host, in the resolver's order."""
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        return [(family, address) for family, _, _, _, address in infos]

    def connect(self, family: int, address: Any, timeout: float | None) -> socket.socket:
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            sock.settimeout(timeout)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            sock.connect(address)
        except BaseException:
            sock.close()
            raise
        return sock


class _OffLimits(Exception):  # not an OSError: urllib3 lets it through unwrapped
    pass


def _public(ip: str) -> bool:
    """Whether an address is on the public internet: not loopback, private, link-local,
    shared, reserved or multicast (an IPv6-mapped IPv4 address is judged as IPv4)."""
    try:
        address = ipaddress.ip_address(ip.split("%", 1)[0])
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    if mapped is not None:
        address = mapped
    return address.is_global and not address.is_multicast


class _Guard:
    """Where connections may go. Each host is resolved once per run and the connection is
    made to the very address that was checked, so a name cannot resolve to a public address
    for the check and a private one for the connection."""

    def __init__(self, network: Network, typed_hosts: Iterable[str]) -> None:
        self.network = network
        self.typed_hosts = {host.lower() for host in typed_hosts}
        self._resolved: dict[str, list[tuple[int, Any]]] = {}
        self._lookups: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def _resolve(self, host: str, port: int) -> list[tuple[int, Any]]:
        key = host.lower()  # the port only fills in the socket address
        with self._lock:  # one lookup per host: threads asking at once wait for it
            lock = self._lookups.setdefault(key, threading.Lock())
        with lock:
            if key not in self._resolved:
                self._resolved[key] = self.network.resolve(host, port)
        return [(f, (a[0], port, *a[2:])) for f, a in self._resolved[key]]

    def _typed_addresses(self, port: int) -> set[str]:
        """The addresses the user's own URLs lead to: a test site on 127.0.0.1 is fine."""
        addresses: set[str] = set()
        for host in self.typed_hosts:
            try:
                addresses.update(address[0] for _, address in self._resolve(host, port))
            except OSError:
                continue
        return addresses

    def open(self, connection: Any, host: str, port: int) -> socket.socket:
        from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError

        try:
            candidates = self._resolve(host, port)
        except socket.gaierror as exc:
            raise NameResolutionError(host, connection, exc) from exc
        allowed = [(f, a) for f, a in candidates if _public(a[0])]
        if len(allowed) < len(candidates):
            typed = self._typed_addresses(port)
            allowed = [(f, a) for f, a in candidates if _public(a[0]) or a[0] in typed]
        if not candidates:
            raise NewConnectionError(connection, f"{host} has no address")
        if not allowed:
            raise _OffLimits(f"{host} is at {candidates[0][1][0]}, a private or local address")
        timeout = connection.timeout if isinstance(connection.timeout, (int, float)) else None
        failure: OSError | None = None
        for family, address in allowed:
            try:
                return self.network.connect(family, address, timeout)
            except TimeoutError as exc:
                raise ConnectTimeoutError(connection, f"connecting to {host} timed out") from exc
            except OSError as exc:
                failure = exc
        raise NewConnectionError(connection, f"cannot connect to {host}: {failure}")


def _pool_classes(guard: _Guard) -> dict[str, type]:
    """urllib3's pools, with connections opened through the guard."""
    from urllib3.connection import HTTPConnection, HTTPSConnection
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

    class GuardedConnection(HTTPConnection):
        def _new_conn(self) -> socket.socket:
            return guard.open(self, self._dns_host, self.port)

    class GuardedTlsConnection(HTTPSConnection):
        def _new_conn(self) -> socket.socket:
            return guard.open(self, self._dns_host, self.port)

    class GuardedPool(HTTPConnectionPool):
        ConnectionCls = GuardedConnection

    class GuardedTlsPool(HTTPSConnectionPool):
        ConnectionCls = GuardedTlsConnection

    return {"http": GuardedPool, "https": GuardedTlsPool}


class Fetcher:
    """HTTP GET with loveaudit's limits; robots.txt looked up once per host.

    ``typed`` are the URLs the user gave: only their hosts may be on a private address.
    """

    def __init__(
        self,
        settings: WebSettings,
        *,
        typed: Iterable[str] = (),
        network: Network | None = None,
    ) -> None:
        import urllib3

        self.settings = settings
        hosts = [site[1] for site in map(site_of, typed) if site]
        self.pool = urllib3.PoolManager(
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip"},
            timeout=urllib3.Timeout(connect=settings.timeout, read=settings.timeout),
            retries=False,
            maxsize=max(1, settings.concurrency),
        )
        self.pool.pool_classes_by_scheme = _pool_classes(_Guard(network or Network(), hosts))
        self._robots: dict[str, urllib.robotparser.RobotFileParser | FetchError | None] = {}
        self._robots_lock = threading.Lock()

    def allowed(self, url: str) -> bool:
        if not self.settings.respect_robots:
            return True
        try:
            parts = urlsplit(url)
        except ValueError as exc:  # "https://[::1": checked here, before any request
            raise FetchError(f"not a valid URL ({exc})") from None
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._robots_lock:  # one request per site, however many threads ask
            if origin not in self._robots:
                try:
                    self._robots[origin] = self._read_robots(origin)
                except FetchError as exc:
                    self._robots[origin] = exc
            known = self._robots[origin]
        if isinstance(known, FetchError):
            raise copy.copy(known)  # the site cannot be reached: each page says why
        return known is None or known.can_fetch(USER_AGENT, url)

    def _read_robots(self, origin: str) -> urllib.robotparser.RobotFileParser | None:
        parser = urllib.robotparser.RobotFileParser()
        try:
            fetched = self.get(f"{origin}/robots.txt", check_robots=False)
        except FetchError as exc:
            reason = str(exc)
            if isinstance(exc, PrivateAddress) or reason.startswith("cannot connect"):
                raise  # the page cannot be fetched either, robots.txt or not
            # no robots.txt (4xx): everything is allowed, as the standard says; a server
            # error, no answer or a refused redirect means the site's wishes are unknown,
            # so nothing is fetched (as search engines do)
            if reason.startswith("HTTP 4"):
                return None
            parser.parse(["User-agent: *", "Disallow: /"])
            return parser
        parser.parse(fetched.body.decode("utf-8", "replace").splitlines())
        return parser

    def get(self, url: str, *, check_robots: bool = True, budget: Budget | None = None) -> Fetched:
        """The page at ``url``, following redirects on its site, within one deadline."""
        import urllib3

        if check_robots and not self.allowed(url):
            raise Skipped("robots.txt disallows loveaudit here")
        site = site_of(url)
        redirects: list[str] = []
        current = url
        # the socket timeouts bound each wait; this bounds the whole page, redirects and
        # body included, so a server that drips a byte at a time cannot hold a run longer
        deadline = time.monotonic() + self.settings.timeout
        for _ in range(self.settings.max_redirects + 1):
            left = deadline - time.monotonic()
            if left <= 0:
                raise FetchError(f"timed out after {self.settings.timeout:g} s")
            if budget is not None:
                budget.spend()
            try:
                response = self.pool.request(
                    "GET",
                    current,
                    redirect=False,
                    preload_content=False,
                    decode_content=True,
                    timeout=urllib3.Timeout(connect=left, read=left),
                )
            except _OffLimits as exc:
                raise PrivateAddress(
                    f"{exc}; not fetched", "at a private or local address"
                ) from None
            except urllib3.exceptions.NewConnectionError as exc:  # a TimeoutError to urllib3
                raise FetchError(f"cannot connect ({type(exc).__name__})") from None
            except urllib3.exceptions.TimeoutError:
                raise FetchError(f"timed out after {self.settings.timeout:g} s") from None
            except urllib3.exceptions.HTTPError as exc:
                raise FetchError(f"cannot connect ({type(exc).__name__})") from None
            except ValueError as exc:  # a URL urllib3 cannot parse
                raise FetchError(f"not a valid URL ({exc})") from None
            try:
                if response.status in _REDIRECTS:
                    location = response.headers.get("Location")
                    if not location:
                        raise FetchError(f"HTTP {response.status} without a Location")
                    redirects.append(current)
                    try:
                        current = urljoin(current, location)
                    except ValueError:
                        raise FetchError(f"a malformed redirect ({location[:80]})") from None
                    target = site_of(current)
                    if target is None:
                        raise FetchError(f"redirected to {current[:80]}, not a web page")
                    if self.settings.same_site and target != site:
                        reason = "redirected off the site; not followed (--any-site follows it)"
                        raise Skipped(reason.replace("site;", f"site to {current};"), reason)
                    if check_robots and not self.allowed(current):
                        raise Skipped(
                            f"redirected to {current}, which robots.txt disallows",
                            "redirected to a page robots.txt disallows",
                        )
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
                self._let_go(response, deadline)
        raise FetchError(f"more than {self.settings.max_redirects} redirects")

    def _let_go(self, response: Any, deadline: float) -> None:
        """Give the connection back only when its response has been read to the end.
        A connection with bytes still to come (a redirect's body, an error page, a drip
        cut off at the deadline) would hand those bytes to the next request as its
        answer; a small rest is read now, anything else costs the connection."""
        if not response.closed:
            declared = response.headers.get("Content-Length", "")
            small = declared.isdigit() and int(declared) <= _DRAIN_BYTES
            left = deadline - time.monotonic()
            if small and left > 0 and response.status >= 300:
                try:
                    self._limit_wait(response, left)
                    while response.read(_DRAIN_BYTES, decode_content=False):
                        pass
                except Exception:  # any failure: the connection is closed below
                    pass
            if not response.closed:
                response.close()  # closes the connection; the pool opens a new one
        response.release_conn()

    @staticmethod
    def _limit_wait(response: Any, seconds: float) -> None:
        """Each socket read waits at most the time the page has left."""
        sock = getattr(response.connection, "sock", None)
        if sock is not None:
            sock.settimeout(max(0.001, seconds))

    def _read(self, response: Any, deadline: float) -> bytes:
        import urllib3

        declared = response.headers.get("Content-Length")
        cap = self.settings.max_bytes
        if declared and declared.isdigit() and int(declared) > cap:
            raise FetchError(f"larger than the {cap:,}-byte limit ({int(declared):,} bytes)")
        timed_out = FetchError(f"timed out after {self.settings.timeout:g} s")
        chunks: list[bytes] = []
        size = 0
        try:
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise timed_out
                self._limit_wait(response, left)
                # read1 returns what has arrived, so the deadline is checked as bytes come
                chunk = response.read1(64 * 1024)
                if not chunk:
                    break
                size += len(chunk)
                if size > cap:
                    raise FetchError(f"larger than the {cap:,}-byte limit")
                chunks.append(chunk)
        except (urllib3.exceptions.TimeoutError, TimeoutError):
            raise timed_out from None
        except urllib3.exceptions.HTTPError as exc:
            raise FetchError(f"the connection failed ({type(exc).__name__})") from None
        if time.monotonic() > deadline:
            raise timed_out
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


def _ignore(level: str, text: str) -> None:
    pass


def _skipped_notice(where: str, skipped: list[tuple[str, str]], notify: Notify) -> None:
    """One notice per reason, naming the first few pages, so a site of 2,000 disallowed
    links does not bury the report under 2,000 lines."""
    by_reason: dict[str, list[str]] = {}
    for url, reason in skipped:
        by_reason.setdefault(reason, []).append(url)
    for reason, urls in by_reason.items():
        named = ", ".join(urls[:3]) + (f" and {len(urls) - 3} more" if len(urls) > 3 else "")
        notify("notice", f"{where}: skipped {len(urls)} page(s) ({reason}): {named}")


def sitemap_urls(
    fetcher: Fetcher, url: str, notify: Notify = _ignore
) -> tuple[list[str], list[InputError]]:
    """Page URLs listed by a sitemap or sitemap index (gzip too), in document order, up to
    ``max_pages``, on the sitemap's own site unless ``same_site`` is off."""
    import defusedxml.ElementTree as SafeET
    from defusedxml import DefusedXmlException

    settings = fetcher.settings
    site = site_of(url)
    pages: dict[str, None] = {}
    errors: list[InputError] = []
    queue = deque([url])
    seen = {url}  # an index that lists itself, or two that list each other, read once
    read = over_cap = off_site = 0
    while queue and read < MAX_SITEMAPS:
        current = queue.popleft()
        read += 1
        try:
            fetched = fetcher.get(current)
            body = fetched.body
            if body[:2] == b"\x1f\x8b":
                body = _gunzip(body, settings.max_bytes)
            root = SafeET.fromstring(body)
        except FetchError as exc:
            errors.append(InputError(current, str(exc)))
            continue
        except (DefusedXmlException, SyntaxError, OSError, EOFError) as exc:
            errors.append(InputError(current, f"not a readable sitemap ({type(exc).__name__})"))
            continue
        tag = root.tag.rsplit("}", 1)[-1]
        if tag not in ("sitemapindex", "urlset"):
            errors.append(InputError(current, f"not a sitemap (root <{tag}>)"))
            continue
        for element in root.iter():
            loc = (element.text or "").strip()
            if element.tag.rsplit("}", 1)[-1] != "loc" or not loc:
                continue
            target = site_of(loc)
            if target is None or (settings.same_site and target != site):
                off_site += 1
            elif tag == "sitemapindex":
                if loc not in seen:
                    seen.add(loc)
                    queue.append(loc)
            elif loc not in pages:
                if len(pages) < settings.max_pages:
                    pages[loc] = None
                else:
                    over_cap += 1
    if off_site:
        notify(
            "notice",
            f"{url}: skipped {off_site} sitemap entr{'y' if off_site == 1 else 'ies'} "
            "not on its site (--any-site reads them)",
        )
    if over_cap:
        notify(
            "warning",
            f"{url}: read the first {settings.max_pages:,} pages (--max-pages); "
            f"{over_cap:,} more not audited",
        )
    if queue:
        notify(
            "warning",
            f"{url}: read the first {MAX_SITEMAPS} sitemaps of this index; "
            f"{len(queue)} more not read",
        )
    if not pages and not errors:
        errors.append(InputError(url, "the sitemap lists no pages to audit"))
    return list(pages), errors


def _gunzip(data: bytes, cap: int) -> bytes:
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
        out = stream.read(cap + 1)
    if len(out) > cap:
        raise OSError("the unzipped sitemap is over the size limit")
    return out


def crawl_urls(
    fetcher: Fetcher, start: str, limit: int, notify: Notify = _ignore
) -> tuple[list[Fetched], list[InputError]]:
    """Breadth-first from ``start`` over the site's links, making at most ``limit``
    requests (robots.txt aside): every request counts, a failed one or a redirect too."""
    budget = Budget(limit)
    site = site_of(start)
    seen = {urldefrag(start).url}
    queue = deque([urldefrag(start).url])
    pages: list[Fetched] = []
    errors: list[InputError] = []
    skipped: list[tuple[str, str]] = []
    while queue and not budget.exhausted:
        url = queue.popleft()
        try:
            fetched = fetcher.get(url, budget=budget)
        except OutOfBudget:
            queue.appendleft(url)
            break
        except Skipped as exc:
            if url == urldefrag(start).url:  # the page the user typed: an error
                errors.append(InputError(url, str(exc)))
            else:
                skipped.append((url, exc.reason))
            continue
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
            target = site_of(link)
            if target is None or link in seen:
                continue
            if fetcher.settings.same_site and target != site:
                continue
            seen.add(link)
            queue.append(link)
    _skipped_notice(start, skipped, notify)
    if queue:
        notify(
            "warning",
            f"{start}: the crawl stopped at its limit of {limit} requests (--crawl {limit}); "
            f"{len(queue)} link(s) found were not fetched",
        )
    return pages, errors


def fetch_pages(
    fetcher: Fetcher,
    urls: Iterable[str],
    listed: Iterable[str] = (),
    notify: Notify = _ignore,
) -> Iterator[Document | InputError]:
    """Each URL's document or error, in the order given, fetched ``concurrency`` at once.
    ``urls`` are the user's own; ``listed`` were found in a sitemap, and one of those the
    site rules out is skipped with a notice instead of an error."""
    typed = list(dict.fromkeys(urls))
    found = [url for url in dict.fromkeys(listed) if url not in set(typed)]
    skipped: list[tuple[str, str]] = []

    def one(url: str, is_typed: bool) -> Document | InputError | None:
        try:
            return page_document(fetcher.get(url), fetcher.settings)
        except Skipped as exc:
            if is_typed:
                return InputError(url, str(exc))
            skipped.append((url, exc.reason))
            return None
        except FetchError as exc:
            return InputError(url, str(exc))
        except SourceError as exc:
            return InputError(exc.path, exc.message)

    jobs = [(url, True) for url in typed] + [(url, False) for url in found]
    with ThreadPoolExecutor(max_workers=max(1, fetcher.settings.concurrency)) as pool:
        for item in pool.map(lambda job: one(*job), jobs):
            if item is not None:
                yield item
    order = {url: n for n, url in enumerate(found)}
    skipped.sort(key=lambda entry: order[entry[0]])  # threads finish in any order
    _skipped_notice("the sitemaps' pages", skipped, notify)


def documents_from_web(
    urls: list[str],
    sitemaps: list[str],
    crawl: int | None,
    settings: WebSettings,
    *,
    notify: Notify = _ignore,
    network: Network | None = None,
) -> Iterator[Document | InputError]:
    """Every page the user asked for: URLs as given, the pages of each sitemap, and with
    ``crawl`` the pages found from each URL. ``notify`` hears of pages skipped and of
    limits reached; ``network`` replaces how hosts are resolved and connected to."""
    fetcher = Fetcher(settings, typed=[*urls, *sitemaps], network=network)
    listed: list[str] = []
    for sitemap in sitemaps:
        found, errors = sitemap_urls(fetcher, sitemap, notify)
        yield from errors
        listed.extend(found)
    typed = urls
    if crawl:
        typed = []
        for start in urls:
            pages, errors = crawl_urls(fetcher, start, crawl, notify)
            yield from errors
            for fetched in pages:
                try:
                    yield page_document(fetched, settings)
                except SourceError as exc:
                    yield InputError(exc.path, exc.message)
    yield from fetch_pages(fetcher, typed, listed, notify)
