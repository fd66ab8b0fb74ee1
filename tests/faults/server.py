"""A loopback blog (127.0.0.1 only) whose responses are broken on purpose, by URL.

``FaultyBlog`` reuses the mock WordPress site of ``tests.sites`` (theme, routing; REST absent, or announced and
answering broken JSON) and breaks the URLs listed in ``tests.faults.blog``: error statuses with and without
Retry-After (transient ones fail N times, then succeed), connection resets, stalls and slow drips, truncated
bodies, redirect chains and loops, a 10 MB page, an endless stream, a gzip bomb, wrong charsets, malformed HTML,
binary bodies, sitemaps and a feed with entity bombs and external entities, off-site links and an infinite
calendar. Every request is logged (``requests``, ``hits``; ``timeline`` with arrival times); every injected fault
is counted by kind (``injected``); ``served_ok`` holds the paths whose correct page was sent whole.

Everything is bounded: at most MAX_REQUESTS answered normally, slow responses stop after a few seconds, streams
after a few tens of MB, the calendar outside CALENDAR_YEARS.
"""
from __future__ import annotations

import random
import re
import socket
import struct
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Optional

from tests.sites.server import HTML, XML, MockWordPress, Options

from .blog import ACCENTED, BY_SLUG, HIDDEN, fault_posts
from .payloads import billion_laughs, gzip_bomb, hostile_feed, malformed_json, retry_after, xxe_sitemap

MAX_REQUESTS = 3000          # the whole server's budget: then 503 for everything (a runaway crawl shows as such)
STALL_SECONDS = 8.0          # far longer than the test's DOWNLOAD_TIMEOUT (3 s): a late client timer still fires first
DRIP_LIMIT_SECONDS = 8.0     # a dripping response stops after this long
STREAM_LIMIT_BYTES = 40 * 1024 * 1024
HUGE_BYTES = 10 * 1024 * 1024
CALENDAR_START = (2022, 1)
CALENDAR_YEARS = (2017, 2027)  # the 'infinite' calendar is 404 outside these years: the server stays bounded
CALENDAR = re.compile(r"^/events/(?P<y>\d{4})/(?P<m>\d{2})/$")
PASSWD_MARKER = "root:x:0:0"

class FaultyBlog(MockWordPress):
    """The running faulty blog: ``url`` to crawl; ``offsite_url`` a second loopback server nobody may visit."""

    def __init__(self, rest: str = "absent") -> None:
        """``rest``: 'absent' (no API: 404) or 'malformed' (announced; every API URL answers broken JSON)."""
        super().__init__(posts=fault_posts(), options=Options(rest="absent", announce=False, posts_per_page=50))
        self.rest_mode = rest
        self.lock = threading.Lock()
        self.hits: Counter = Counter()        # path?query -> requests (this server's host only)
        self.timeline: list[tuple[float, str]] = []   # (time.monotonic() at arrival, path?query), this host only
        self.injected: Counter = Counter()    # fault kind -> times injected
        self.served_ok: set[str] = set()      # paths whose correct page was sent whole
        self.budget_exhausted = False

    def start(self) -> "FaultyBlog":
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._offsite = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._offsite.daemon_threads = True
        self.port = self._server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        self.host = f"127.0.0.1:{self.port}"
        self.offsite_url = f"http://127.0.0.1:{self._offsite.server_address[1]}/"
        base = self.url.rstrip("/")
        self.api_link = f"{base}/wp-json/" if self.rest_mode == "malformed" else None
        visible = [p for p in self.posts if p.slug not in HIDDEN]
        from tests.sites.wp_theme import Theme
        self.theme = Theme(visible, base, posts_per_page=self.options.posts_per_page,
                           comments_per_page=self.options.comments_per_page, api_link=self.api_link,
                           offsite=f"http://localhost:{self.port}/offsite-post/")
        self.rest = None
        self.by_path = {p.path: p for p in self.posts if p.public}
        self.by_slug = {p.slug: p for p in self.posts}
        self._cache = {}
        gzip_bomb()
        self._threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in (self._server, self._offsite)]
        for thread in self._threads:
            thread.start()
        return self

    def stop(self) -> None:
        for server in (self._server, self._offsite):
            server.shutdown()
            server.server_close()

    def path_of(self, slug: str) -> str:
        return self.by_slug[slug].path

    def arrivals(self, path: str) -> list[float]:
        """When each request for ``path`` arrived (time.monotonic())."""
        return [t for t, p in self.timeline if p == path]

    # -- pages ---------------------------------------------------------------------------------------------------
    def extras(self) -> str:
        """Links added to the home page: the redirect entry points, off-site teasers and the calendar widget."""
        base = self.theme.base
        teasers = "".join(f'<h2 class="entry-title"><a href="{base}{href}" rel="bookmark">{text}</a></h2>' for href, text in (
            ("/go/chain-1/", "Redirect chain"), ("/go/loop-a/", "Redirect loop"), ("/go/offsite/", "Redirect off-site")))
        offsite = (f'<h2 class="entry-title"><a href="http://localhost:{self.port}/2022/01/control-post/">Same post, '
                   f'other host name</a></h2><h2 class="entry-title"><a href="{self.offsite_url}2022/01/elsewhere/">'
                   f'Other port</a></h2><div class="nav-links"><a href="{self.offsite_url}page/2/">Next (off-site)</a></div>')
        return teasers + offsite + self.calendar_widget(*CALENDAR_START)

    def calendar_widget(self, year: int, month: int) -> str:
        nxt = (year + (month == 12), month % 12 + 1)
        prv = (year - (month == 1), (month - 2) % 12 + 1)
        base = self.theme.base
        return (f'<div class="widget widget_calendar"><table id="wp-calendar"><caption>{year}-{month:02d}</caption></table>'
                f'<nav class="wp-calendar-nav"><span class="wp-calendar-nav-prev"><a href="{base}/events/{prv[0]}/{prv[1]:02d}/">'
                f'&laquo; prev</a></span><span class="wp-calendar-nav-next"><a href="{base}/events/{nxt[0]}/{nxt[1]:02d}/">'
                f'next &raquo;</a></span></nav></div>')

    def good_page(self, path: str) -> tuple[int, dict, bytes]:
        status, headers, body = self.respond(self.host, path)
        if path == "/" and status == 200:
            body = body.replace(b'<div id="nav-below"', self.extras().encode() + b'<div id="nav-below"', 1)
        return status, headers, body


def _handler(site: FaultyBlog) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        timeout = 30

        # -- plumbing ---------------------------------------------------------------------------------------------
        def send(self, status: int, headers: dict, body: bytes, *, length: Optional[int] = None) -> None:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body) if length is None else length))
            self.end_headers()
            self.wfile.write(body)

        def ok(self, path: str, headers: dict, body: bytes, status: int = 200) -> None:
            self.send(status, headers, body)
            if status == 200:
                with site.lock:
                    site.served_ok.add(path)

        def reset(self) -> None:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()

        def finish(self) -> None:
            try:
                super().finish()
            except OSError:
                pass

        def log_message(self, *args) -> None:
            pass

        def date_time_string(self, timestamp: Optional[float] = None) -> str:
            return super().date_time_string(int(getattr(self, "now", None) or timestamp or time.time()))

        def inject(self, kind: str) -> None:
            with site.lock:
                site.injected[kind] += 1

        # -- routing ----------------------------------------------------------------------------------------------
        def do_GET(self) -> None:  # noqa: N802 (http.server naming)
            host = self.headers.get("Host", "")
            self.now = None
            with site.lock:
                site.requests.append((host, self.path))
                if host == site.host:
                    site.hits[self.path] += 1
                    site.timeline.append((time.monotonic(), self.path))
                count = len(site.requests)
                tries = site.hits[self.path]
            if count > MAX_REQUESTS:
                site.budget_exhausted = True
                self.send(503, {"Content-Type": "text/plain"}, b"request budget exhausted")
                return
            try:
                self.route(host, self.path, tries)
            except (BrokenPipeError, ConnectionResetError, socket.timeout, OSError):
                self.close_connection = True

        def route(self, host: str, path: str, tries: int) -> None:
            base = site.theme.base
            if host != site.host:   # off-site (another host name or port): a page nobody may ever fetch
                self.send(200, {"Content-Type": HTML}, site.theme.secret_page("OFFSITE"))
                return
            if path == "/sitemap_index.xml":
                self.inject("sitemap: billion laughs")
                self.send(200, {"Content-Type": XML}, billion_laughs(base))
                return
            if path == "/sitemap.xml":
                self.inject("sitemap: XXE file:///etc/passwd")
                self.send(200, {"Content-Type": XML}, xxe_sitemap(base))
                return
            if path == "/feed/":
                self.inject("feed: billion laughs")
                self.inject("feed: XXE file:///etc/passwd")
                self.send(200, {"Content-Type": "application/rss+xml; charset=UTF-8"}, hostile_feed(base))
                return
            if site.rest_mode == "malformed" and (path.startswith("/wp-json") or "rest_route=" in path):
                self.inject("REST API: malformed JSON")
                self.send(200, {"Content-Type": "application/json; charset=UTF-8"}, malformed_json())
                return
            if path == "/":
                self.inject("off-site links")
            calendar = CALENDAR.match(path)
            if calendar:
                year, month = int(calendar["y"]), int(calendar["m"])
                self.inject("infinite calendar")
                if not CALENDAR_YEARS[0] <= year <= CALENDAR_YEARS[1] or not 1 <= month <= 12:
                    self.send(404, {"Content-Type": HTML}, site.theme.frame("Not found", "error404", "<h1>Not found</h1>"))
                    return
                body = site.theme.frame(f"Events {year}-{month:02d}", "archive date",
                                        f"<h1 class=\"page-title\">Events {year}-{month:02d}</h1><p>No events.</p>"
                                        + site.calendar_widget(year, month))
                self.send(200, {"Content-Type": HTML}, body)
                return
            if path.startswith("/go/"):
                self.redirect(path)
                return
            post = site.by_path.get(path)
            fault = BY_SLUG.get(post.slug) if post is not None else None
            if fault is None or fault.fails == 0 and not fault.slug.startswith(("drip", "charset", "malformed")):
                status, headers, body = site.good_page(path)
                self.ok(path, headers, body, status)
                return
            # fails=0 with a behaviour (drip, charset, malformed): always served that way, and counted as served
            failing = fault.fails is None or fault.fails == 0 or tries <= fault.fails
            self.faulty(path, fault, failing)

        def redirect(self, path: str) -> None:
            base = site.theme.base
            hops = {"/go/chain-1/": (302, f"{base}/go/chain-2/"), "/go/chain-2/": (301, "/go/chain-3/"),
                    "/go/chain-3/": (307, f"{base}{site.path_of('redirect-chain-target')}"),
                    "/go/loop-a/": (302, f"{base}/go/loop-b/"), "/go/loop-b/": (301, f"{base}/go/loop-a/"),
                    "/go/offsite/": (301, f"http://localhost:{site.port}/offsite-post/")}
            if path not in hops:
                self.send(404, {"Content-Type": HTML}, b"<html><body>no such redirect</body></html>")
                return
            kind = ("redirect chain (3 hops)" if "chain" in path else "redirect loop" if "loop" in path
                    else "redirect off-site")
            self.inject(kind)
            status, location = hops[path]
            self.send(status, {"Location": location, "Content-Type": HTML}, b"")

        def faulty(self, path: str, fault, failing: bool) -> None:
            slug = fault.slug
            status, headers, body = site.good_page(path)
            if not failing:
                self.ok(path, headers, body, status)
                return
            self.inject(fault.kind)
            error_page = site.theme.frame("Error", "error404", "<h1>Temporarily unavailable</h1>")
            if slug.startswith("http"):
                self.now = time.time()   # the Date header and an HTTP-date Retry-After from one clock reading
                self.send(int(slug[4:7]), {"Content-Type": HTML, **retry_after(fault.retry_after, self.now)}, error_page)
            elif slug.startswith("reset"):
                self.reset()
            elif slug.startswith("timeout"):
                time.sleep(STALL_SECONDS)   # the client has given up by now: nothing is sent
                self.close_connection = True
            elif slug == "drip-slow-ok":
                self.send_response(200)
                self.send_header("Content-Type", HTML)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                step = len(body) // 8 + 1
                for i in range(0, len(body), step):
                    self.wfile.write(body[i:i + step])
                    time.sleep(0.1)
                with site.lock:
                    site.served_ok.add(path)
            elif slug == "drip-timeout":
                self.send_response(200)
                self.send_header("Content-Type", HTML)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                started = time.monotonic()
                for i in range(len(body)):
                    if time.monotonic() - started > DRIP_LIMIT_SECONDS:
                        break
                    self.wfile.write(body[i:i + 1])
                    time.sleep(0.3)
                self.close_connection = True
            elif slug.startswith("truncated"):
                self.send(200, headers, body[: len(body) // 2], length=len(body) + 5000)
                self.close_connection = True
            elif slug == "huge-page":
                self.send_response(200)
                self.send_header("Content-Type", HTML)
                self.send_header("Content-Length", str(HUGE_BYTES))
                self.end_headers()
                self.stream(HUGE_BYTES)
            elif slug == "endless-stream":
                self.send_response(200)
                self.send_header("Content-Type", HTML)
                self.send_header("Connection", "close")
                self.end_headers()
                self.stream(STREAM_LIMIT_BYTES)
                self.close_connection = True
            elif slug == "gzip-bomb":
                self.send(200, {"Content-Type": HTML, "Content-Encoding": "gzip"}, gzip_bomb())
            elif slug == "binary-body":
                self.send(200, {"Content-Type": HTML}, random.Random(7).randbytes(64 * 1024))
            elif slug == "charset-cp1252-as-utf8":
                page = body.decode("utf-8").encode("cp1252", "replace")
                self.ok(path, {"Content-Type": "text/html; charset=UTF-8"}, page)
            elif slug == "charset-utf8-bom":
                page = b"\xef\xbb\xbf" + body.replace(b'<meta charset="UTF-8" />', b"")
                self.ok(path, {"Content-Type": "text/html; charset=ISO-8859-1"}, page)
            elif slug == "charset-missing":
                self.ok(path, {"Content-Type": "text/html"}, body.replace(b'<meta charset="UTF-8" />', b""))
            elif slug == "charset-mojibake":
                text = body.decode("utf-8")
                self.ok(path, headers, text.replace(ACCENTED, ACCENTED.encode("utf-8").decode("cp1252", "replace"))
                        .encode("utf-8"))
            elif slug == "malformed-html":
                text = body.decode("utf-8")
                for tag in ("</p>", "</li>", "</ul>", "</span>", "</h3>", "</html>", "</body>"):
                    text = text.replace(tag, "")
                text = text.replace('<div class="entry-content">', '<div class="entry-content"><b><i><table><td>&nbsp<<>> ', 1)
                text = text.replace('<div id="nav-below"', '</td></tr></table></div></div></div><p <a href="unterminated>\x00'
                                    '<div id="nav-below"', 1)
                self.ok(path, headers, text.encode("utf-8"))
            else:  # pragma: no cover - a fault listed without behaviour
                raise AssertionError(slug)

        def stream(self, limit: int) -> None:
            chunk = (b"<p>" + b"x" * 65530 + b"</p>\n")[:65536]
            sent, started = 0, time.monotonic()
            while sent < limit and time.monotonic() - started < 20:
                self.wfile.write(chunk)
                sent += len(chunk)

    return Handler
