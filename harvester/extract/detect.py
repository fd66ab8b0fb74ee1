"""Recognise a page's blogging platform from its markup and headers, with a human-readable reason."""
from __future__ import annotations

import json
import re

from . import page

class InAttribute:
    """A pattern searched inside one attribute's quoted value: what re.compile(r'NAME=["'][^"']*' + TOKEN) finds,
    without that pattern's backtracking at every attribute of a large page. The token is found first, then
    the last quote before it must open NAME's value."""

    def __init__(self, name: str, token: re.Pattern) -> None:
        self.opening = re.compile(re.escape(name) + "=", re.I)
        self.width = len(name) + 1
        self.token = token

    def search(self, text: str) -> bool:
        for m in self.token.finditer(text):
            quote = max(text.rfind('"', 0, m.start()), text.rfind("'", 0, m.start()))
            if quote >= self.width and self.opening.match(text, quote - self.width, quote):
                return True
        return False


# (platform, reason, pattern on the decoded page) — tried in order, first match wins. Each is a
# marker only that platform writes; h2.date-header is deliberately absent (other themes use it).
MARKUP_SIGNATURES: list[tuple[str, str, re.Pattern | InAttribute]] = [
    ("wordpress", "generator meta names WordPress",
     re.compile(r"<meta[^>]+name=[\"']generator[\"'][^>]+content=[\"'][^\"']*WordPress", re.I)),
    ("wordpress", "generator meta names WordPress",
     re.compile(r"<meta[^>]+content=[\"'][^\"']*WordPress[^\"']*[\"'][^>]+name=[\"']generator[\"']", re.I)),
    ("blogger", "generator meta names Blogger",
     re.compile(r"<meta[^>]+(?:name=[\"']generator[\"'][^>]+content=[\"']Blogger|"
                r"content=[\"']Blogger[\"'][^>]+name=[\"']generator[\"'])", re.I)),
    ("wordpress", "api.w.org REST link tag", re.compile(r"<link[^>]+rel=[\"']https://api\.w\.org/[\"']", re.I)),
    # Patterns start with a character that has no case (the literal before is checked behind it), and an
    # alternation is split in three: re skips to such a first character fast even with re.I.
    ("blogger", "Blogger widget script / blogger.com feed links",
     re.compile(r"\.(?<=www\.)blogger\.com/(?:static/v1/widgets|feeds/\d+|dyn-css/authorization\.css)", re.I)),
    ("blogger", "Blogger widget script / blogger.com feed links", re.compile(r"_WidgetManager\._Init", re.I)),
    ("blogger", "Blogger widget script / blogger.com feed links", re.compile(r"<b:skin", re.I)),
    ("wordpress", "wp-content / wp-includes asset paths", re.compile(r"/wp-(?:content|includes)/", re.I)),
    ("blogger", "blogspot.com links to itself", re.compile(r"<link[^>]+rel=[\"']canonical[\"'][^>]+\.blogspot\.", re.I)),
    ("wordpress", "WordPress body/article classes (postid-, hentry + wp-)",
     InAttribute("class", re.compile(r"-(?:(?<=\bpostid-)\d+\b|(?<=\bwp-)block-post-content\b)", re.I))),
]


def detect_platform(body: bytes | str, url: str, headers: dict[str, str] | None = None) -> tuple[str, str]:
    """('wordpress' | 'blogger' | 'generic', why) for one page."""
    link = page.header(headers, "link")
    if "api.w.org" in link:
        return "wordpress", "Link header points at the WordPress REST API (api.w.org)"
    if page.header(headers, "x-blogger-server") or "blogger" in page.header(headers, "server").lower():
        return "blogger", "Blogger server header"
    text = page.decode(body, headers) if isinstance(body, bytes) else body
    head = text[:400_000]
    for platform, reason, pattern in MARKUP_SIGNATURES:
        if pattern.search(head):
            return platform, reason
    if re.search(r"\.blogspot\.[a-z.]+/", url or ""):
        return "blogger", "blogspot host name"
    return "generic", "no WordPress or Blogger marker found"


# A start page answering 200 with one of these in its <title> is an error page, not the blog's home.
ERROR_PAGE_TITLE = re.compile(rb"<title[^>]*>\s*([^<]{0,40}\b(?:404|page not found|not found|nicht gefunden|"
                              rb"introuvable|no encontrada|service unavailable|internal server error|bad gateway|"
                              rb"under maintenance)\b[^<]{0,80})</title>", re.I)


def error_page_title(body: bytes) -> str | None:
    """The title of a page that says it is an error page ('Page not found | Org'), or None."""
    m = ERROR_PAGE_TITLE.search(body[:20_000])
    return m.group(1).decode("utf-8", "replace").strip() if m else None


# --- What a probe of the site tells, when the start page itself failed --------------------------------------------
# Each reader takes (body, url) of a probe that answered 200 and gives (platform, why) or None (not what was asked).
FEED_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<\?xml-stylesheet[^>]*>\s*)?"
                        rb"<(?:rss|feed|rdf:RDF)\b", re.S)
SITEMAP_START = re.compile(rb"<(?:urlset|sitemapindex)\b")
# (platform, reason, pattern) tried in order on a feed, a sitemap or a robots.txt.
FILE_SIGNATURES: list[tuple[str, str, re.Pattern]] = [
    ("wordpress", "its generator is WordPress", re.compile(rb"<generator[^>]*>[^<]*wordpress\.org|"
                                                           rb"generator=\"WordPress", re.I)),
    ("blogger", "it is a Blogger feed (tag:blogger.com id / Blogger generator)",
     re.compile(rb"tag:blogger\.com,1999:blog-|<generator[^>]*blogger\.com", re.I)),
    ("wordpress", "it lists WordPress's own sitemaps (wp-sitemap)", re.compile(rb"/wp-sitemap[-.a-z0-9]*\.xml", re.I)),
    ("blogger", "it lists blogspot.com URLs", re.compile(rb"https?://[a-z0-9-]+\.blogspot\.[a-z.]+/", re.I)),
    ("wordpress", "it points at wp-content / wp-admin paths", re.compile(rb"/wp-(?:content|admin)/", re.I)),
]


def _file_verdict(kind: str, body: bytes, url: str) -> tuple[str, str]:
    for platform, reason, pattern in FILE_SIGNATURES:
        if pattern.search(body[:400_000]):
            return platform, f"the {kind} at {url} answers and {reason}"
    return "generic", f"the {kind} at {url} answers, with no WordPress or Blogger marker"


def probe_wordpress_api(body: bytes, url: str) -> tuple[str, str] | None:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    if isinstance(data, dict) and "wp/v2" in (data.get("namespaces") or []):
        return "wordpress", f"the WordPress REST API answers at {url}"
    return None


def probe_blogger_feed(body: bytes, url: str) -> tuple[str, str] | None:
    if b"tag:blogger.com,1999:blog-" in body[:20_000]:
        return "blogger", f"Blogger's posts feed answers at {url}"
    return None


def probe_feed(body: bytes, url: str) -> tuple[str, str] | None:
    return _file_verdict("feed", body, url) if FEED_START.match(body[:4096]) else None


def probe_sitemap(body: bytes, url: str) -> tuple[str, str] | None:
    if body[:2] == b"\x1f\x8b":
        return None
    return _file_verdict("sitemap", body, url) if SITEMAP_START.search(body[:4096]) else None


def probe_robots(body: bytes, url: str) -> tuple[str, str] | None:
    head = body[:4096].lower()
    if b"<html" in head or not (b"user-agent" in head or b"sitemap:" in head):
        return None
    return _file_verdict("robots.txt", body, url)


def probe_page(body: bytes, url: str) -> tuple[str, str] | None:
    if b"<html" not in body[:4096].lower():
        return None
    platform, why = detect_platform(body, url)
    return platform, f"the page {url} answers: {why}"


PROBE_READERS = {"wordpress-api": probe_wordpress_api, "blogger-feed": probe_blogger_feed, "feed": probe_feed, "sitemap": probe_sitemap,
                 "robots": probe_robots, "page": probe_page}
