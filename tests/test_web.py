"""Websites by URL, sitemap and crawl, against a small site served on 127.0.0.1.

The site has robots.txt, a sitemap index with a gzipped sitemap, a redirect, a 404, a 500,
a page that never answers, a binary file and an oversize page; each gets its result or its
per-page error, and the run finishes.
"""

from __future__ import annotations

import gzip
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from loveaudit.model import InputError
from loveaudit.web import USER_AGENT, Fetcher, Network, WebSettings, documents_from_web
from test_cli import run

HOME = """<!doctype html><html><head><title>Kestrel Plumbing</title></head><body>
<nav><a href="/">Home</a> <a href="/about">About</a> <a href="/old">Old page</a>
<a href="/missing">Missing</a> <a href="/private/notes">Notes</a>
<a href="https://elsewhere.invalid/">Partner</a></nav>
<div class="cookie-banner">We use cookies. Accept all cookies to continue browsing.</div>
<main><article><h1>Warm rooms and hot water, back by tonight</h1>
<p>When your boiler stops, you want it working again today. Call before noon and you get a
plumber at your door within two hours, for a fixed price you agree first.</p>
<p>You save about $120 a year on heating with a yearly service. Book by text in two
minutes, and Dan reads every message himself.</p></article></main>
<footer>Copyright Kestrel Plumbing. All rights reserved. Terms and conditions apply.</footer>
</body></html>"""

ABOUT = """<!doctype html><html><head><title>About us</title></head><body><main><article>
<h1>Our Story</h1><p>Founded in 1987, Kestrel Plumbing is the award-winning, leading
provider of plumbing solutions. We pride ourselves on our heritage and our state-of-the-art
equipment. We acknowledge receipt of all enquiries within five working days.</p>
<p>Our team of experts is the best in the business and our fleet of vans is the largest in
the county.</p></article></main></body></html>"""


def _sitemap(paths: list[str], base: str) -> bytes:
    urls = "".join(f"<url><loc>{base}{p}</loc></url>" for p in paths)
    return (
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{urls}</urlset>"
    ).encode()


def send_drip(h, *, chunks: int, pause: float, length: int | None = None) -> None:
    """A 200 page sent a few bytes at a time, so it is never silent for a whole timeout;
    with ``length`` it also promises more than it sends."""
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    if length is not None:
        h.send_header("Content-Length", str(length))
    h.end_headers()
    try:
        for _ in range(chunks):
            h.wfile.write(b"<p>drip</p>")
            h.wfile.flush()
            time.sleep(pause)
    except OSError:  # the client gave up
        pass

class Site(BaseHTTPRequestHandler):
    requests: ClassVar[list[tuple[str, str]]] = []

    def log_message(self, *args):  # keep the test output clean
        pass

    def _send(self, status: int, body: bytes, content_type: str = "text/html") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        Site.requests.append((self.path, self.headers.get("User-Agent", "")))
        base = f"http://{self.headers['Host']}"
        if self.path == "/robots.txt":
            self._send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        elif self.path == "/":
            self._send(200, HOME.encode(), "text/html; charset=utf-8")
        elif self.path == "/about":
            self._send(200, ABOUT.encode())
        elif self.path == "/old":
            self.send_response(301)
            self.send_header("Location", "/about")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/error":
            self._send(500, b"<h1>Internal error</h1>")
        elif self.path == "/slow":
            time.sleep(5)
            self._send(200, b"<p>too late</p>")
        elif self.path == "/drip":  # never silent for a whole timeout, never done
            send_drip(self, chunks=40, pause=0.2)
        elif self.path.startswith("/hop/"):  # each redirect is quick, the chain is not
            time.sleep(0.4)
            self.send_response(302)
            self.send_header("Location", f"/hop/{int(self.path[5:]) + 1}")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/logo.png":
            self._send(200, b"\x89PNG\r\n\x1a\n" + b"\x00" * 500, "image/png")
        elif self.path == "/huge":
            self._send(200, b"<p>" + b"word " * 400_000 + b"</p>")
        elif self.path == "/latin":
            page = '<html><head><meta charset="iso-8859-1"><title>Caf\xe9</title></head>'
            page += "<body><main><h1>Welcome to the caf\xe9</h1><p>Your table is ready, "
            page += "and your coffee is on us today.</p></main></body></html>"
            self._send(200, page.encode("latin-1"), "text/html")
        elif self.path == "/private/notes":
            self._send(200, b"<p>secret</p>")
        elif self.path == "/sitemap_index.xml":
            index = (
                '<?xml version="1.0"?><sitemapindex '
                'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"<sitemap><loc>{base}/sitemap-pages.xml.gz</loc></sitemap>"
                f"<sitemap><loc>{base}/sitemap-broken.xml</loc></sitemap></sitemapindex>"
            )
            self._send(200, index.encode(), "application/xml")
        elif self.path == "/sitemap-pages.xml.gz":
            pages = ["/", "/about", "/old", "/missing", "/error", "/slow", "/logo.png", "/huge"]
            self._send(200, gzip.compress(_sitemap(pages, base)), "application/gzip")
        elif self.path == "/sitemap-broken.xml":
            self._send(200, b"<urlset><url><loc>", "application/xml")
        else:
            self._send(404, b"<h1>Not found</h1>")


@pytest.fixture(scope="module")
def site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


FAST = WebSettings(timeout=1.0, max_bytes=200_000, concurrency=4)


def _by_path(items) -> dict[str, object]:
    return {item.path: item for item in items}


def test_sitemap_index_lists_every_page_and_each_gets_its_result(site):
    started = time.monotonic()
    items = _by_path(documents_from_web([], [f"{site}/sitemap_index.xml"], None, FAST))
    assert time.monotonic() - started < 20
    home, about = items[f"{site}/"], items[f"{site}/about"]
    assert home.format == "url" and about.format == "url"
    assert items[f"{site}/missing"].message == "HTTP 404 Not Found"
    assert items[f"{site}/error"].message.startswith("HTTP 500")
    assert items[f"{site}/slow"].message == "timed out after 1 s"
    assert items[f"{site}/logo.png"].message == "not an HTML page (image/png)"
    assert "byte limit" in items[f"{site}/huge"].message
    assert "not a readable sitemap" in items[f"{site}/sitemap-broken.xml"].message
    # the redirect is followed and reported
    redirected = [d for d in items.values() if getattr(d, "warnings", ())]
    assert any(f"redirected from {site}/old" in d.warnings for d in redirected)


def test_main_content_without_navigation_cookies_or_footer(site):
    (home,) = list(documents_from_web([f"{site}/"], [], None, FAST))
    assert home.text.startswith("Warm rooms and hot water, back by tonight")
    assert home.text[home.regions[0].start : home.regions[0].end].startswith("Warm rooms")
    assert "cookies" not in home.text and "All rights reserved" not in home.text
    assert "Partner" not in home.text
    (whole,) = list(
        documents_from_web([f"{site}/"], [], None, WebSettings(timeout=1.0, whole_page=True))
    )
    assert "Accept all cookies" in whole.text and "All rights reserved" in whole.text


def test_crawl_stays_on_site_respects_robots_and_names_loveaudit(site):
    Site.requests.clear()
    items = _by_path(documents_from_web([f"{site}/"], [], 10, FAST))
    assert f"{site}/" in items and f"{site}/about" in items
    assert items[f"{site}/missing"].message == "HTTP 404 Not Found"
    # a link robots.txt disallows is not an input that failed: it is skipped (see below)
    assert f"{site}/private/notes" not in items
    assert not any("elsewhere" in path for path in items)
    assert ("/private/notes", USER_AGENT) not in Site.requests
    assert {agent for _, agent in Site.requests} == {USER_AGENT}
    limited = list(documents_from_web([f"{site}/"], [], 1, FAST))
    assert [getattr(i, "path", None) for i in limited] == [f"{site}/"]


def test_robots_txt_is_read_once_per_site(site):
    Site.requests.clear()
    fetcher = Fetcher(FAST, typed=[site])
    for _ in range(3):
        fetcher.get(f"{site}/about")
    assert [p for p, _ in Site.requests].count("/robots.txt") == 1


def test_cli_audits_urls_and_findings_link_to_the_words(site):
    proc = run("audit", f"{site}/about", "--format", "json", "--kind", "web")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)["documents"][0]
    assert doc["path"] == f"{site}/about" and doc["format"] == "url"
    history = next(
        f for f in doc["findings"] if f["rule"] == "focus-history" and "1987" in f["text"]
    )
    assert history["location"].startswith(f"{site}/about#:~:text=Founded%20in%201987")
    sitemap = run(
        "audit",
        "--sitemap",
        f"{site}/sitemap_index.xml",
        "--format",
        "json",
        "--timeout",
        "1",
        "--max-bytes",
        "200000",
    )
    assert sitemap.returncode == 2  # some pages failed; each is named
    for path in ("/missing", "/error", "/slow", "/logo.png", "/huge"):
        assert f"{site}{path}" in sitemap.stderr
    report = json.loads(sitemap.stdout)
    assert {d["path"] for d in report["documents"]} == {f"{site}/", f"{site}/about"}


def test_html_report_shows_the_url_of_crawled_pages(site, tmp_path):
    out = tmp_path / "site.html"
    proc = run("audit", f"{site}/", "--crawl", "3", "--format", f"html:{out}", "--timeout", "1")
    assert proc.returncode in (0, 2)
    html = out.read_text()
    assert f"{site}/about" in html and f"{site}/about#:~:text=" in html


def test_a_charset_declared_in_a_meta_tag_is_used(site):
    (page,) = list(documents_from_web([f"{site}/latin"], [], None, FAST))
    assert "café" in page.text


def test_a_page_that_drips_in_is_cut_off_at_the_timeout(site):
    # every wait for bytes is short, but the page as a whole would take 8 s
    started = time.monotonic()
    (item,) = list(documents_from_web([f"{site}/drip"], [], None, FAST))
    assert item.message == "timed out after 1 s"
    assert time.monotonic() - started < 3


def test_the_timeout_bounds_a_chain_of_slow_redirects(site):
    started = time.monotonic()
    (item,) = list(documents_from_web([f"{site}/hop/1"], [], None, FAST))
    assert item.message == "timed out after 1 s"
    assert time.monotonic() - started < 1.9  # five hops would take 2.4 s


class Down(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        status = 503 if self.path == "/robots.txt" else 200
        body = b"<html><body><main><h1>Hello</h1><p>Welcome back.</p></main></body></html>"
        self.send_response(status)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def test_a_robots_txt_that_fails_with_a_server_error_means_do_not_crawl():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Down)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        (item,) = list(documents_from_web([f"{base}/page"], [], None, FAST))
        assert item.message == "robots.txt disallows loveaudit here"
    finally:
        server.shutdown()


# -- hostile sites (issue 21) ----------------------------------------------------------------
# These servers speak HTTP/1.1 and keep connections open, as real sites do: a response left
# half read would be answered on the next request that reuses its connection.


class Recorder(BaseHTTPRequestHandler):
    """A kept-alive site whose pages are given per test as ``routes``: path -> handler."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body leave at once, as from a real server
    routes: ClassVar[dict] = {}
    seen: ClassVar[list[str]] = []

    def log_message(self, *args):
        pass

    def send(self, status: int, body: bytes, content_type: str = "text/html", **headers):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if status >= 300:
            # the body of a redirect or an error page follows its headers a moment later,
            # as over a real network: a client that stops reading at the status line
            # leaves it on the connection for the next request to stumble on
            time.sleep(0.02)
        self.wfile.write(body)

    def do_GET(self):
        type(self).seen.append(self.path)
        path = self.path
        for prefix, handler in type(self).routes.items():
            if path == prefix or (
                prefix != "/" and prefix.endswith("/") and path.startswith(prefix)
            ):
                return handler(self, path)
        return self.send(404, b"<h1>Not found</h1><p>" + b"Sorry. " * 50 + b"</p>")


def page(title: str, text: str, links: list[str] = ()) -> bytes:
    anchors = "".join(f'<a href="{link}">{n}</a> ' for n, link in enumerate(links))
    return (
        f"<!doctype html><html><head><title>{title}</title></head><body><nav>{anchors}</nav>"
        f"<main><h1>{title}</h1><p>{text}</p></main></body></html>"
    ).encode()


def redirect(to: str):
    def handler(h, path):  # a redirect with a body, as most servers send
        h.send(302, b"<p>Moved to " + to.encode() + b"</p>" * 20, Location=to)

    return handler


def drip(h, path):  # promises a big page and sends it a few bytes at a time
    send_drip(h, chunks=200, pause=0.05, length=100_000)


@pytest.fixture
def serve():
    """Start kept-alive sites on loopback ports: serve(routes) -> (base URL, paths seen)."""
    servers = []

    def start(routes: dict) -> tuple[str, list[str]]:
        handler = type("Site", (Recorder,), {"routes": routes, "seen": []})
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}", handler.seen

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def robots(disallow: str = "/private/"):
    return lambda h, path: h.send(200, f"User-agent: *\nDisallow: {disallow}\n".encode())


def good(h, path):
    h.send(200, page(f"Good page {path}", f"You get the {path} answer today, for free."))


class Notices(list):
    def __call__(self, level: str, text: str) -> None:
        self.append(f"{level}: {text}")


def mixed_site(serve, good_links: int, *, drips: int) -> dict:
    """A site whose home page links good pages among 404s, 500s, redirects (same-site and
    off-site), drips, robots-disallowed pages and links to another site: 20 links in 17
    are good. Returns what a test needs to check the crawl."""
    other, other_seen = serve({"/": lambda h, p: h.send(200, page("Private", "SECRET-TEXT"))})
    links, good_urls = [], []
    bad = max(1, good_links // 17)
    for n in range(good_links):
        links.append(f"/page/{n}")
    for n in range(bad):
        links += [f"/missing/{n}", f"/error/{n}", f"/moved/{n}", f"/private/{n}"]
        links += [f"/away/{n}", f"{other}/leak/{n}", f"http://elsewhere.invalid/{n}"]
    links += [f"/drip/{n}" for n in range(drips)]
    # requests a full crawl needs: home, each good page, each bad one, two per redirect;
    # no request for robots-disallowed or off-site links, one for each off-site redirect
    needed = 1 + good_links + bad * (1 + 1 + 2 + 1) + drips
    routes = {
        "/robots.txt": robots(),
        "/page/": good,
        "/landing/": good,
        "/error/": lambda h, p: h.send(500, b"<h1>Oops</h1>" * 40),
        "/moved/": lambda h, p: redirect("/landing/" + p.rsplit("/", 1)[1])(h, p),
        "/away/": lambda h, p: redirect(f"{other}/")(h, p),
        "/drip/": drip,
        "/private/": good,
    }
    base, seen = serve(routes)
    routes["/"] = lambda h, p: h.send(200, page("Home", "Welcome, you are home.", links))
    good_urls = [f"{base}/"] + [f"{base}/page/{n}" for n in range(good_links)]
    good_urls += [f"{base}/landing/{n}" for n in range(bad)]
    return dict(base=base, seen=seen, other_seen=other_seen, needed=needed, good=good_urls)


def check_mixed_crawl(serve, good_links: int, drips: int) -> None:
    site = mixed_site(serve, good_links, drips=drips)
    settings = WebSettings(timeout=1.0, whole_page=True)
    notices = Notices()
    items = list(
        documents_from_web([site["base"] + "/"], [], site["needed"], settings, notify=notices)
    )
    audited = {i.path for i in items if not isinstance(i, InputError)}
    failed = {i.path: i.message for i in items if isinstance(i, InputError)}
    assert audited == set(site["good"])  # every good page, and only those
    assert not [m for m in failed.values() if "cannot connect" in m or "connection" in m]
    assert {m for m in failed.values()} <= {
        "HTTP 404 Not Found",
        "HTTP 500 Internal Server Error",
        "timed out after 1 s",
    }
    assert site["other_seen"] == []  # nothing off the site, not even by redirect
    page_requests = [p for p in site["seen"] if p != "/robots.txt"]
    assert len(page_requests) <= site["needed"]
    assert site["seen"].count("/robots.txt") == 1
    assert not any(p.startswith("/private/") for p in site["seen"])
    assert not any("stopped at its limit" in n for n in notices)
    assert any("robots.txt disallows" in n for n in notices)
    assert any("redirected off the site" in n for n in notices)


def test_a_crawl_mixed_with_404s_redirects_and_drips_audits_every_good_page(serve):
    check_mixed_crawl(serve, good_links=60, drips=1)


@pytest.mark.slow
def test_a_crawl_of_2000_links_audits_every_good_page_and_stays_on_the_site(serve):
    # 1,700 good links, 100 each of 404s, 500s, same-site redirects, disallowed pages,
    # off-site redirects, off-site links and links to a name that does not exist, 3 drips
    check_mixed_crawl(serve, good_links=1700, drips=3)


def test_a_same_host_redirect_on_a_kept_alive_connection_is_followed(serve):
    base, _ = serve({"/robots.txt": robots(), "/old": redirect("/new"), "/new": good})
    items = list(documents_from_web([f"{base}/old", f"{base}/new"], [], None, FAST))
    assert [i.path for i in items] == [f"{base}/new", f"{base}/new"]
    assert all(not isinstance(i, InputError) for i in items)
    assert f"redirected from {base}/old" in items[0].warnings


def test_pages_after_404s_and_drips_in_a_sitemap_are_all_read(serve):
    # one connection at a time, so each page reuses the one the failure before it used
    routes = {"/robots.txt": robots(), "/page/": good, "/drip/": drip}
    base, _ = serve(routes)
    paths = []
    for n in range(12):
        paths += [f"/page/{n}", f"/gone/{n}", f"/drip/{n}" if n < 1 else f"/page/x{n}"]
    sitemap = _sitemap(paths, base)
    routes["/sitemap.xml"] = lambda h, p: h.send(200, sitemap, "application/xml")
    settings = WebSettings(timeout=1.0, concurrency=1, whole_page=True)
    items = list(documents_from_web([], [f"{base}/sitemap.xml"], None, settings))
    failed = {i.path: i.message for i in items if isinstance(i, InputError)}
    audited = {i.path for i in items if not isinstance(i, InputError)}
    assert audited == {base + p for p in paths if p.startswith("/page/")}
    assert set(failed.values()) == {"HTTP 404 Not Found", "timed out after 1 s"}


# -- staying on the site ---------------------------------------------------------------------


def private_site(serve) -> tuple[str, list[str]]:
    return serve({"/": lambda h, p: h.send(200, page("Internal", "SECRET-TEXT of the intranet"))})


def test_a_redirect_to_another_port_is_not_followed_unless_any_site(serve):
    other, other_seen = private_site(serve)
    base, _ = serve({"/robots.txt": robots(), "/away": redirect(f"{other}/")})
    (item,) = list(documents_from_web([f"{base}/away"], [], None, FAST))
    assert item.message == (
        f"redirected off the site to {other}/; not followed (--any-site follows it)"
    )
    assert other_seen == []
    anywhere = WebSettings(timeout=1.0, same_site=False, whole_page=True)
    (followed,) = list(documents_from_web([f"{base}/away"], [], None, anywhere))
    assert "SECRET-TEXT" in followed.text  # the user asked for it: same address, --any-site


def test_a_redirect_to_another_scheme_is_off_the_site(serve):
    base, _ = serve({"/robots.txt": robots(), "/tls": redirect("https://127.0.0.1:1/")})
    (item,) = list(documents_from_web([f"{base}/tls"], [], None, FAST))
    assert "redirected off the site to https://127.0.0.1:1/" in item.message


def test_sitemap_entries_on_other_sites_are_skipped_with_a_notice(serve):
    other, other_seen = private_site(serve)
    routes = {"/robots.txt": robots(), "/page/": good}
    base, _ = serve(routes)
    listed = _sitemap(["/page/1"], base).replace(
        b"</urlset>", f"<url><loc>{other}/</loc></url></urlset>".encode()
    )
    routes["/sitemap.xml"] = lambda h, p: h.send(200, listed, "application/xml")
    notices = Notices()
    items = list(documents_from_web([], [f"{base}/sitemap.xml"], None, FAST, notify=notices))
    assert [i.path for i in items] == [f"{base}/page/1"]
    assert other_seen == []
    assert notices == [
        f"notice: {base}/sitemap.xml: skipped 1 sitemap entry not on its site"
        " (--any-site reads them)"
    ]


class FakeNetwork(Network):
    """A resolver with made-up names: shop.test is a public address (served, in truth, by
    the loopback test site); metadata.test is the cloud metadata address. No real DNS,
    and a connection anywhere but the test site is refused and recorded."""

    PUBLIC = "93.184.215.14"

    def __init__(self, port: int) -> None:
        self.port = port
        self.resolved: list[str] = []
        self.attempts: list[str] = []

    def resolve(self, host, port):
        self.resolved.append(host)
        names = {"shop.test": self.PUBLIC, "metadata.test": "169.254.169.254"}
        names |= {"intranet.test": "10.1.2.3", "mapped.test": "::ffff:127.0.0.1"}
        address = names.get(host, host)  # an address resolves to itself
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        return [(family, (address, port))]

    def connect(self, family, address, timeout):
        self.attempts.append(address[0])
        if address[0] != self.PUBLIC:
            raise ConnectionRefusedError("not in this test")
        return super().connect(socket.AF_INET, ("127.0.0.1", self.port), timeout)


def test_a_public_name_cannot_lead_to_a_private_address(serve):
    routes = {"/robots.txt": robots(), "/page": good}
    base, seen = serve(routes)
    port = int(base.rsplit(":", 1)[1])
    targets = {
        "/to-metadata-ip": "http://169.254.169.254/latest/meta-data/",
        "/to-metadata-name": f"http://metadata.test:{port}/",
        "/to-intranet": f"http://intranet.test:{port}/",
        "/to-loopback": f"http://127.0.0.1:{port}/page",
        "/to-mapped": f"http://mapped.test:{port}/page",
        "/to-multicast": f"http://224.0.0.1:{port}/",
    }
    for path, target in targets.items():
        routes[path] = redirect(target)
    network = FakeNetwork(port)
    anywhere = WebSettings(timeout=1.0, same_site=False, whole_page=True)
    typed = [f"http://shop.test:{port}/page"] + [f"http://shop.test:{port}{p}" for p in targets]
    items = list(documents_from_web(typed, [], None, anywhere, network=network))
    assert "You get the /page answer" in items[0].text  # the public name itself is fine
    messages = [item.message for item in items[1:]]
    assert messages == [
        "169.254.169.254 is at 169.254.169.254, a private or local address; not fetched",
        "metadata.test is at 169.254.169.254, a private or local address; not fetched",
        "intranet.test is at 10.1.2.3, a private or local address; not fetched",
        "127.0.0.1 is at 127.0.0.1, a private or local address; not fetched",
        "mapped.test is at ::ffff:127.0.0.1, a private or local address; not fetched",
        "224.0.0.1 is at 224.0.0.1, a private or local address; not fetched",
    ]
    assert set(network.attempts) == {FakeNetwork.PUBLIC}  # no socket toward the others
    assert network.resolved.count("shop.test") == 1  # resolved once: it cannot change
    assert seen.count("/page") == 1


def test_a_site_the_user_typed_on_a_local_address_is_audited(serve):
    routes = {"/robots.txt": robots(), "/page": good}
    base, _ = serve(routes)
    port = int(base.rsplit(":", 1)[1])
    (item,) = list(
        documents_from_web([f"http://localhost:{port}/page"], [], None, FAST)
    )  # localhost is the user's own choice here, as 127.0.0.1 is in every test above
    assert not isinstance(item, InputError), item


# -- bounded work ----------------------------------------------------------------------------


def test_a_crawl_of_broken_links_stops_at_its_request_budget(serve):
    links = [f"/gone/{n}" for n in range(300)] + [f"/moved/{n}" for n in range(300)]
    routes = {
        "/robots.txt": robots(),
        "/": lambda h, p: h.send(200, page("Home", "You are home.", links)),
        "/moved/": lambda h, p: redirect(p.replace("moved", "gone"))(h, p),
    }
    base, seen = serve(routes)
    notices = Notices()
    items = list(documents_from_web([f"{base}/"], [], 5, FAST, notify=notices))
    assert len([p for p in seen if p != "/robots.txt"]) == 5
    assert len(items) == 5  # the home page and four 404s
    assert notices == [
        f"warning: {base}/: the crawl stopped at its limit of 5 requests (--crawl 5);"
        " 596 link(s) found were not fetched"
    ]


def test_a_sitemap_is_capped_at_max_pages_with_a_warning(serve):
    routes = {"/robots.txt": robots(), "/page/": good}
    base, seen = serve(routes)
    listed = _sitemap([f"/page/{n}" for n in range(30)], base)
    routes["/sitemap.xml"] = lambda h, p: h.send(200, listed, "application/xml")
    notices = Notices()
    capped = WebSettings(timeout=1.0, whole_page=True, max_pages=10)
    items = list(documents_from_web([], [f"{base}/sitemap.xml"], None, capped, notify=notices))
    assert [i.path for i in items] == [f"{base}/page/{n}" for n in range(10)]
    assert len([p for p in seen if p.startswith("/page/")]) == 10
    assert notices == [
        f"warning: {base}/sitemap.xml: read the first 10 pages (--max-pages); 20 more not audited"
    ]


def _index(locs: list[str]) -> bytes:
    maps = "".join(f"<sitemap><loc>{loc}</loc></sitemap>" for loc in locs)
    return (
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{maps}</sitemapindex>"
    ).encode()


def test_a_loop_of_sitemap_indexes_is_an_error_not_silence(serve):
    routes = {"/robots.txt": robots()}
    base, seen = serve(routes)
    routes["/a.xml"] = lambda h, p: h.send(200, _index([f"{base}/b.xml"]), "application/xml")
    routes["/b.xml"] = lambda h, p: h.send(200, _index([f"{base}/a.xml"]), "application/xml")
    (item,) = list(documents_from_web([], [f"{base}/a.xml"], None, FAST))
    assert item.path == f"{base}/a.xml"
    assert item.message == "the sitemap lists no pages to audit"
    assert seen.count("/a.xml") == 1 and seen.count("/b.xml") == 1


def test_an_index_of_too_many_sitemaps_is_read_up_to_its_limit_with_a_warning(serve):
    routes = {"/robots.txt": robots(), "/page/": good}
    base, _ = serve(routes)
    maps = [f"{base}/map/{n}.xml" for n in range(60)]
    routes["/index.xml"] = lambda h, p: h.send(200, _index(maps), "application/xml")
    routes["/map/"] = lambda h, p: h.send(200, _sitemap([f"/page/{p[5:]}"], base))
    notices = Notices()
    items = list(documents_from_web([], [f"{base}/index.xml"], None, FAST, notify=notices))
    assert len(items) == 49  # the index is one of the 50 sitemaps read
    assert notices == [
        f"warning: {base}/index.xml: read the first 50 sitemaps of this index; 11 more not read"
    ]


# -- robots.txt ------------------------------------------------------------------------------


def test_a_robots_txt_that_is_missing_allows_everything(serve):
    base, seen = serve({"/page": good})  # robots.txt: 404
    (item,) = list(documents_from_web([f"{base}/page"], [], None, FAST))
    assert not isinstance(item, InputError)
    assert seen == ["/robots.txt", "/page"]


def test_a_robots_txt_that_does_not_answer_in_time_means_do_not_fetch(serve):
    def late(h, path):
        time.sleep(2)
        h.send(200, b"User-agent: *\nAllow: /\n")

    base, seen = serve({"/robots.txt": late, "/page": good})
    (item,) = list(documents_from_web([f"{base}/page"], [], None, FAST))
    assert item.message == "robots.txt disallows loveaudit here"
    assert "/page" not in seen


def test_cli_crawl_skips_disallowed_links_with_a_notice_and_passes(serve):
    links = ["/page/1", "/private/a", "/private/b"]
    routes = {
        "/robots.txt": robots(),
        "/": lambda h, p: h.send(200, page("Home", "You are home, and you are welcome.", links)),
        "/page/": good,
    }
    base, _ = serve(routes)
    proc = run("audit", f"{base}/", "--crawl", "10", "--max-pages", "5", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert {d["path"] for d in json.loads(proc.stdout)["documents"]} == {
        f"{base}/",
        f"{base}/page/1",
    }
    assert (
        f"loveaudit: notice: {base}/: skipped 2 page(s) (robots.txt disallows loveaudit here):"
        f" {base}/private/a, {base}/private/b"
    ) in proc.stderr
    assert "error" not in proc.stderr


def test_a_site_that_cannot_be_reached_is_named_so_not_as_robots_txt():
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    (item,) = list(documents_from_web([f"http://127.0.0.1:{port}/"], [], None, FAST))
    assert item.message.startswith("cannot connect")
