"""A loopback mock Blogger blog: pages in one template family, JSON feeds, archives, sitemap, robots.txt."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import parse_qs, urlsplit

from .blogger_content import Post, sample_posts
from .blogger_feed import comments_feed, posts_feed, single_post, site_comments_feed
from .blogger_theme import Theme
from .server import LoopbackServing

HTML = "text/html; charset=UTF-8"
JSON = "application/json; charset=UTF-8"
XML = "application/xml; charset=UTF-8"
ITEM = re.compile(r"^/(\d{4})/(\d{2})/[^/]+\.html$")
YEAR = re.compile(r"^/(?P<y>\d{4})/$")
MONTH = re.compile(r"^/(?P<y>\d{4})/(?P<m>\d{2})/$")
OLD_ARCHIVE = re.compile(r"^/(?P<y>\d{4})_(?P<m>\d{2})_01_archive\.html$")
COMMENTS_FEED = re.compile(r"^/feeds/(?P<post>\d+)/comments/default/?$")
SINGLE_POST = re.compile(r"^/feeds/posts/default/(?P<post>\d+)/?$")


@dataclass
class Options:
    """How the mock behaves: template 'family'; 'feeds' 'on', 'off' (404 for every /feeds/ URL, as for a blog
    whose feed is switched off) or 'no-comments' (post feed answers, comment feeds 404); the feed caps
    (Blogger's is 150 posts; smaller here so that paging is exercised); 'robots_search' False opens /search
    to crawlers (Blogger's own robots.txt disallows it); 'sitemap' None means 'only the 2017+ theme and Dynamic Views'."""

    family: str = "classic"
    feeds: str = "on"
    posts_per_page: int = 3
    feed_cap: int = 4
    comment_feed_cap: int = 100
    robots_search: bool = True
    sitemap: bool | None = None
    delay: float = 0.0


@dataclass
class MockBlogger(LoopbackServing):
    """The running blog: ``url`` to crawl, ``requests`` logged as (host, path?query) in arrival order."""

    options: Options = field(default_factory=Options)
    posts: list[Post] = field(default_factory=sample_posts)
    requests: list[tuple[str, str]] = field(default_factory=list)

    def start(self) -> "MockBlogger":
        self._listen()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.base = self.url.rstrip("/")
        self.theme = Theme(self.posts, self.base, self.options.family, self.options.posts_per_page)
        self.by_path = {p.path: p for p in self.posts}
        self.by_id = {p.id: p for p in self.posts}
        self._serve()
        return self

    @property
    def has_sitemap(self) -> bool:
        return self.options.sitemap if self.options.sitemap is not None else self.options.family in ("contempo", "dynamic")

    # -- routing -----------------------------------------------------------------------------------------------
    def respond(self, host: str, target: str) -> tuple[int, dict, bytes]:
        parts = urlsplit(target)
        path, params = parts.path, parse_qs(parts.query)
        if path.startswith("/feeds/"):
            return self._feed(path, params)
        if path == "/robots.txt":
            rules = "Disallow: /search\nAllow: /\n" if self.options.robots_search else "Allow: /\n"
            return 200, {"Content-Type": "text/plain"}, (f"User-agent: Mediapartners-Google\nDisallow: \n\n"
                                                         f"User-agent: *\n{rules}\nSitemap: {self.base}/sitemap.xml\n").encode()
        if path == "/sitemap.xml" and self.has_sitemap:
            body = self.theme.sitemap() if params.get("page") else self.theme.sitemap_index()
            return 200, {"Content-Type": XML}, body
        body = self._page(path, params)
        if body is None:
            return 404, {"Content-Type": HTML}, self.theme.frame("Not found", "error", "<h3>Sorry, the page you were looking for in this blog does not exist.</h3>", self.base + path)
        return 200, {"Content-Type": HTML}, body

    def _feed(self, path: str, params: dict) -> tuple[int, dict, bytes]:
        off = self.options.feeds == "off" or (self.options.feeds == "no-comments" and "/comments/" in path)
        if off or params.get("alt") != ["json"]:
            return 404, {"Content-Type": HTML}, b"<html><body>Not Found</body></html>"
        if path.rstrip("/") == "/feeds/posts/default":
            return 200, {"Content-Type": JSON}, posts_feed(self.base, self.posts, params, self.options.feed_cap)
        if path.rstrip("/") == "/feeds/comments/default":
            return 200, {"Content-Type": JSON}, site_comments_feed(self.base, self.posts, params,
                                                                   self.options.comment_feed_cap)
        single = SINGLE_POST.match(path)
        if single and single["post"] in self.by_id:
            return 200, {"Content-Type": JSON}, single_post(self.base, self.by_id[single["post"]])
        match = COMMENTS_FEED.match(path)
        post = self.by_id.get(match["post"]) if match else None
        if post is None:
            return 404, {"Content-Type": HTML}, b"<html><body>Not Found</body></html>"
        return 200, {"Content-Type": JSON}, comments_feed(self.base, post, params, self.options.comment_feed_cap)

    def _page(self, path: str, params: dict) -> bytes | None:
        theme, posts, per = self.theme, self.posts, self.options.posts_per_page
        if path == "/":
            shown = posts[:per]
            older = self._older(shown[-1]) if len(posts) > per else None
            return theme.listing(shown, self.base + "/", "index", SITE_NAME_TITLE, older=older)
        if path == "/search" and "updated-max" in params:
            limit = datetime.fromisoformat(params["updated-max"][0])
            rest = [p for p in posts if p.when < limit]
            shown = rest[:per]
            if not shown:
                return None
            older = self._older(shown[-1]) if len(rest) > per else None
            newer = f"{self.base}/search?updated-min={shown[0].when.isoformat()}&max-results={per}&reverse-paginate=true"
            return theme.listing(shown, f"{self.base}/search?updated-max={params['updated-max'][0]}", "index",
                                 SITE_NAME_TITLE, older=older, newer=newer)
        for pattern in (YEAR, MONTH, OLD_ARCHIVE):
            match = pattern.match(path)
            if match:
                prefix = match["y"] + (f"-{match['m']}" if "m" in match.groupdict() else "")
                shown = [p for p in posts if p.local.startswith(prefix)]
                return theme.listing(shown, self.base + path, "archive", f"{SITE_NAME_TITLE}: {prefix}") if shown else None
        post = self.by_path.get(path)
        if post is None:
            return None
        page = int((params.get("commentPage") or ["1"])[0])
        if not 1 <= page <= theme.comment_pages(post):
            page = 1
        return theme.single(post, page)

    def _older(self, last: Post) -> str:
        stamp = last.when.isoformat().replace("+", "%2B")
        return f"{self.base}/search?updated-max={stamp}&max-results={self.options.posts_per_page}"


SITE_NAME_TITLE = "Eastbrook Volunteer Centre"
