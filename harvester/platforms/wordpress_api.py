"""Small pure helpers for the WordPress spider: blog scope, request keys, REST URLs and responses."""
from __future__ import annotations

import html
import re
from typing import Any, Iterable, Optional
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from normalise.urls import canonical_url

from . import wordpress_links as links
from .common import Scope, json_body, utc_now  # noqa: F401  (shared; re-exported for callers)

COMMENT_PAGE = re.compile(r"/comment-page-(\d+)/?$")
CPAGE = re.compile(r"[?&]cpage=(\d+)")



def request_key(url: str) -> str:
    """One key per distinct page: the canonical URL, plus the comment page (which canonical_url folds away)."""
    canon = canonical_url(url)
    page = COMMENT_PAGE.search(urlsplit(url).path) or CPAGE.search(url)
    return canon + (f"#cpage={page.group(1)}" if page else "")


def comment_page_number(url: str) -> Optional[int]:
    """N of a '/comment-page-N/' or '?cpage=N' URL, else None."""
    match = COMMENT_PAGE.search(urlsplit(url).path) or CPAGE.search(url)
    return int(match.group(1)) if match else None


def shown_comment_page(url: str, pages: Iterable[str]) -> Optional[str]:
    """The numbered URL of the comment page a bare post URL shows, when its links make that certain.

    WordPress shows the newest page at the bare URL by default and links every other one: links to exactly
    pages 1..N-1 mean the bare URL is page N, which then needs no second fetch. Anything else (gaps, only
    'newer' links, 'oldest first' sites) gives None and every linked page is fetched.
    """
    if comment_page_number(url) is not None:
        return None
    numbered = {n: p for p in pages if (n := comment_page_number(p)) is not None}
    if not numbered or set(numbered) != set(range(1, max(numbered) + 1)):
        return None
    last = max(numbered)
    template = numbered[last]
    return re.sub(r"(comment-page-|cpage=)\d+", lambda m: f"{m.group(1)}{last + 1}", template, count=1)


def denied(url: str, patterns: Iterable[re.Pattern] = links.DENY_URL_PATTERNS) -> bool:
    return any(p.search(url) for p in patterns)


def rest_url(api_root: str, route: str, params: Iterable[tuple[str, Any]] = ()) -> str:
    """The URL of ``route`` ('/wp/v2/posts') under an API root: '…/wp-json/' or the plain '…/?rest_route=/' form."""
    parts = urlsplit(api_root)
    query = parse_qsl(parts.query, keep_blank_values=True)
    extra = [(k, str(v)) for k, v in params]
    if any(k == "rest_route" for k, _ in query):
        query = [(k, v) for k, v in query if k != "rest_route"] + [("rest_route", route)] + extra
        return urlunsplit(parts._replace(query=urlencode(query, safe="/,:")))
    path = parts.path.rstrip("/") + route
    return urlunsplit(parts._replace(path=path, query=urlencode(extra, safe=",:")))


def api_from_headers(link_headers: Iterable[bytes], base: str) -> Optional[str]:
    """The API root announced in Link headers (rel="https://api.w.org/"), absolute, or None."""
    for value in link_headers:
        match = links.LINK_HEADER_API.search(value.decode("latin-1"))
        if match:
            return urljoin(base, match["url"].strip())
    return None



def site_from_index(index: Any) -> dict[str, str]:
    """The blog's name and IANA time zone as the REST API index ('/wp-json/') states them; {} when unknown."""
    out: dict[str, str] = {}
    for key, field in (("name", "name"), ("timezone_string", "timezone")):
        value = index.get(key) if isinstance(index, dict) else None
        if isinstance(value, str) and value.strip():
            out[field] = html.unescape(value.strip())
    return out


def total_pages(response) -> Optional[int]:
    """X-WP-TotalPages as an int, or None when absent or unreadable."""
    value = response.headers.get(b"X-WP-TotalPages")
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None
