"""A loopback mock WordPress blog: a tiny threaded http.server on 127.0.0.1 serving the theme and the REST API."""
from __future__ import annotations

import hashlib
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from .lowfield import CATEGORIES, TAGS, USERS, Post, sample_posts
from .wp_rest_api import RestSite, error
from .wp_theme import Theme

HTML = "text/html; charset=UTF-8"
JSON = "application/json; charset=UTF-8"
XML = "application/xml; charset=UTF-8"
PAGED = re.compile(r"^(?P<base>/(?:.*/)?)page/(?P<n>\d+)/$")
COMMENT_PAGE = re.compile(r"^(?P<post>/.+/)comment-page-(?P<n>\d+)/$")
MONTH = re.compile(r"^/(?P<y>\d{4})/(?P<m>\d{2})/$")
# Paths and parameters a polite archiver never requests; they serve leak markers.
SECRET_PATHS = re.compile(r"^/(?:wp-login\.php|wp-admin/.*|comments/feed/|.+/feed/|offsite-post/)$")
SECRET_PARAMS = ("replytocom", "share", "action")


@dataclass
class Options:
    """How the mock behaves: 'rest' is 'on', 'forbidden' (403 for the API), 'absent' (no API, 404) or 'plain'
    (no pretty permalinks: only ?rest_route= works); 'comments_rest' 'on' or 'forbidden' (401 for comments);
    'delay' seconds before each response; page sizes of the theme and caps of the API."""

    rest: str = "on"
    announce: bool = True          # Link header and <link rel="https://api.w.org/"> on every page
    comments_rest: str = "on"
    delay: float = 0.0
    posts_per_page: int = 2
    comments_per_page: int = 3
    rest_max_per_page: int = 2
    rest_comments_max_per_page: int = 4
    open_type_param: bool = False  # True: anyone may list ?type=pingback (real WordPress: editors only)
    etags: bool = False            # True: pages carry an ETag and a matching If-None-Match gets 304


class LoopbackServing:
    """What every mock site shares: listen on 127.0.0.1 (free port), serve from a daemon thread, stop, request log.

    A site calls ``_listen()`` first (sets ``port``), builds what its routes need, then ``_serve()``.
    """

    requests: list[tuple[str, str]]

    def _listen(self) -> int:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        return self.port

    def _serve(self) -> None:
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def paths(self) -> list[str]:
        return [p for _, p in self.requests]


@dataclass
class MockWordPress(LoopbackServing):
    """The running site: ``url`` to crawl, ``requests`` logged as (host, path?query) in arrival order."""

    posts: list[Post] = field(default_factory=sample_posts)
    options: Options = field(default_factory=Options)
    requests: list[tuple[str, str]] = field(default_factory=list)

    def start(self) -> "MockWordPress":
        self._listen()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.changed()
        self._serve()
        return self

    @property
    def etags(self) -> bool:
        return self.options.etags

    def changed(self) -> None:
        """(Re)build the theme, the API and the page cache from ``posts``: call after changing the content."""
        base = self.url.rstrip("/")
        api_link = {"on": f"{base}/wp-json/", "forbidden": f"{base}/wp-json/", "plain": f"{base}/?rest_route=/"}
        self.api_link = api_link.get(self.options.rest) if self.options.announce else None
        self.theme = Theme(self.posts, base, posts_per_page=self.options.posts_per_page,
                           comments_per_page=self.options.comments_per_page, api_link=self.api_link,
                           offsite=f"http://localhost:{self.port}/offsite-post/")
        self.rest = RestSite(self.posts, base, max_per_page=self.options.rest_max_per_page,
                             comments_max_per_page=self.options.rest_comments_max_per_page,
                             open_type_param=self.options.open_type_param)
        self.by_path = {p.path: p for p in self.posts if p.public}
        self._cache: dict[tuple[str, str], tuple[int, dict, bytes]] = {}

    # -- routing -----------------------------------------------------------------------------------------------
    def respond(self, host: str, target: str) -> tuple[int, dict, bytes]:
        key = (host, target)
        if key not in self._cache:
            self._cache[key] = self._route(host, target)
        return self._cache[key]

    def _html(self, body: bytes | None) -> tuple[int, dict, bytes]:
        if body is None:
            return 404, {"Content-Type": HTML}, self.theme.frame("Page not found", "error404", "<h1>Not found</h1>")
        headers = {"Content-Type": HTML}
        if self.api_link:
            headers["Link"] = f'<{self.api_link}>; rel="https://api.w.org/"'
        return 200, headers, body

    def _rest(self, route: str, params: dict) -> tuple[int, dict, bytes]:
        mode = self.options.rest
        if mode == "forbidden":
            status, headers, body = error(403, "rest_forbidden", "REST API restricted to authenticated users.")
        elif mode == "absent":
            return self._html(None)
        elif self.options.comments_rest == "forbidden" and route.startswith("/wp/v2/comments"):
            status, headers, body = error(401, "rest_cannot_read", "Sorry, you are not allowed to read comments.")
        else:
            status, headers, body = self.rest.handle(route, params)
        return status, {"Content-Type": JSON, "Access-Control-Expose-Headers": "X-WP-Total, X-WP-TotalPages, Link",
                        **headers}, body

    def _route(self, host: str, target: str) -> tuple[int, dict, bytes]:
        parts = urlsplit(target)
        path, params = parts.path, parse_qs(parts.query)
        if not host.startswith("127.0.0.1") or SECRET_PATHS.match(path) or any(p in params for p in SECRET_PARAMS):
            return self._html(self.theme.secret_page("FORBIDDEN" if host.startswith("127.") else "OFFSITE"))
        if "rest_route" in params:
            return self._rest(params["rest_route"][0], params)
        if path.startswith("/wp-json/"):
            if self.options.rest == "plain":
                return self._html(None)
            return self._rest(path[len("/wp-json"):], params)
        if "p" in params:
            post = next((p for p in self.posts if str(p.id) == params["p"][0] and p.public), None)
            return (301, {"Location": self.theme.base + post.path}, b"") if post else self._html(None)
        if path == "/robots.txt":
            return 200, {"Content-Type": "text/plain"}, (f"User-agent: *\nDisallow: /wp-admin/\n"
                                                         f"Sitemap: {self.theme.base}/wp-sitemap.xml\n").encode()
        if path == "/wp-sitemap.xml":
            return 200, {"Content-Type": XML}, self.theme.sitemap_index()
        if path.startswith("/wp-sitemap-"):
            body = self.theme.sitemap(path[1:])
            return (200, {"Content-Type": XML}, body) if body else self._html(None)
        if path == "/feed/":
            return 200, {"Content-Type": "application/rss+xml; charset=UTF-8"}, self.theme.feed()
        return self._html(self._page(path))

    def _page(self, path: str) -> bytes | None:
        page = 1
        paged = PAGED.match(path)
        if paged:
            path, page = paged["base"], int(paged["n"])
        theme, public = self.theme, self.theme.public
        if path == "/":
            return theme.listing(public, page, "/", "home blog", "")
        for kind, terms, attr in (("category", CATEGORIES, "categories"), ("tag", TAGS, "tags")):
            for tid, (name, slug) in terms.items():
                if path == f"/{kind}/{slug}/":
                    chosen = [p for p in public if tid in getattr(p, attr)]
                    return theme.listing(chosen, page, path, f"archive {kind} {kind}-{slug}", name)
        for uid, name in USERS.items():
            if path == f"/author/{name.lower().replace(' ', '-')}/":
                return theme.listing([p for p in public if p.author == uid], page, path, "archive author", name)
        month = MONTH.match(path)
        if month:
            chosen = [p for p in public if p.date.startswith(f"{month['y']}-{month['m']}")]
            return theme.listing(chosen, page, path, "archive date", f"Monthly archives: {month['y']}-{month['m']}")
        if page > 1:
            return None
        cpage = COMMENT_PAGE.match(path)
        post = self.by_path.get(cpage["post"] if cpage else path)
        return theme.single(post, int(cpage["n"]) if cpage else None) if post else None


def _handler(site: MockWordPress) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 (http.server naming)
            host = self.headers.get("Host", "")
            site.requests.append((host, self.path))
            if site.options.delay:
                time.sleep(site.options.delay)
            try:
                status, headers, body = site.respond(host, self.path)
            except Exception as exc:  # a bug in the mock must show as a 500, not a dropped connection
                status, headers, body = 500, {"Content-Type": "text/plain"}, repr(exc).encode()
            if getattr(site, "etags", False) and status == 200 and headers.get("Content-Type") == HTML:
                etag = '"%s"' % hashlib.sha1(body).hexdigest()[:16]
                headers = {**headers, "ETag": etag}
                if self.headers.get("If-None-Match") == etag:
                    status, body = 304, b""
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    return Handler
