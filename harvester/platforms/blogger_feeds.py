"""Blogger's JSON feeds (GData JSON, ``?alt=json``) -> raw records: posts, their comments, and feed paging.

Values sit under '$t' (``entry['title']['$t']``). Ids read 'tag:blogger.com,1999:blog-X.post-Y' for posts and
comments alike. A reply names its parent comment through its rel='related' link
('…/comments/default/<parentId>'), as in Blogger exports; ``thr$in-reply-to`` names the post, not the parent.
"""
from __future__ import annotations

import html
import re
from typing import Any, Optional
from urllib.parse import urlencode, urljoin

from normalise.imports.blogger_export import ID_TAIL, LABEL_SCHEME, PLATFORM, _display_order
from normalise.raw import RAW_VERSION, RawAuthor, RawComment, RawPost, RawProvenance, RawSite

from . import blogger_links as links

SOURCE = "blogger-feed"
TAG = re.compile(r"<[^>]+>")
# The post a comment feed belongs to, from its URL (…/feeds/<postId>/comments/default).
COMMENT_FEED_POST = re.compile(r"/feeds/(\d+)/comments/")
DISPLAY_TIME = "blogger.displayTime"
CONTENT_REMOVED = "blogger.contentRemoved"


def text(node: Any) -> Optional[str]:
    """The '$t' value of a GData JSON node (or the node itself when it is a string)."""
    if isinstance(node, dict):
        value = node.get("$t")
        return value if isinstance(value, str) else (str(value) if value is not None else None)
    return node if isinstance(node, str) else None


def numeric_id(tag: Optional[str]) -> Optional[str]:
    """'tag:blogger.com,1999:blog-X.post-Y' -> 'Y'."""
    match = ID_TAIL.search(tag or "")
    return match.group(1) if match else None


def link(entry: dict, rel: str, kind: Optional[str] = None) -> Optional[str]:
    """href of the entry's first link with ``rel`` (and MIME ``kind`` when given)."""
    for item in entry.get("link") or []:
        if isinstance(item, dict) and item.get("rel") == rel and (kind is None or item.get("type") == kind):
            return item.get("href")
    return None


def feed_url(blog: str, path: str, start: int, size: int, since: Optional[str] = None) -> str:
    """A feed page URL: '<blog>/<path>?alt=json&start-index=<start>&max-results=<size>', and with ``since``
    only entries updated since then ('orderby=updated&updated-min=…')."""
    extra = [*links.UPDATED_PARAMS, ("updated-min", since)] if since else []
    query = urlencode([*links.FEED_PARAMS, *extra, ("start-index", start), ("max-results", size)])
    return urljoin(blog, path) + "?" + query


def replied_post(entry: dict) -> Optional[str]:
    """The numeric id of the post a comment entry belongs to (thr$in-reply-to's ref), or None."""
    reply_to = entry.get("thr$in-reply-to")
    return numeric_id(reply_to.get("ref")) if isinstance(reply_to, dict) else None


def paging(feed: dict) -> tuple[int, int, int]:
    """(total results, start index, entries on this page) of a feed page; missing numbers read as 0/1."""
    def number(key: str, default: int) -> int:
        try:
            return int(text(feed.get(key)) or default)
        except ValueError:
            return default
    return number("openSearch$totalResults", 0), number("openSearch$startIndex", 1), len(feed.get("entry") or [])


def feed_of(data: Any) -> Optional[dict]:
    """The 'feed' object of a parsed feed response, or None when it is not a Blogger JSON feed."""
    feed = data.get("feed") if isinstance(data, dict) else None
    return feed if isinstance(feed, dict) else None


def blog_info(feed: dict) -> dict[str, str]:
    """The blog's name and home page as the feed gives them."""
    info = {}
    name = text(feed.get("title"))
    if name:
        info["name"] = name
    home = link(feed, "alternate", "text/html") or link(feed, "alternate")
    if home:
        info["base_url"] = home
    return info


def _authors(entry: dict) -> list[RawAuthor]:
    out = []
    for author in entry.get("author") or []:
        if isinstance(author, dict):
            out.append(RawAuthor(name=text(author.get("name")), url=text(author.get("uri")) or None))
    return out


def _extended(entry: dict, name: str) -> Optional[str]:
    for prop in entry.get("gd$extendedProperty") or []:
        if isinstance(prop, dict) and prop.get("name") == name:
            return prop.get("value")
    return None


def _title(entry: dict) -> Optional[str]:
    node = entry.get("title") or {}
    value = text(node)
    if value and isinstance(node, dict) and node.get("type") == "html":
        value = html.unescape(TAG.sub("", value))
    return value or None


def comment(entry: dict) -> RawComment:
    """One comment entry: its id, parent (from the rel='related' link), author, instant, shown time and body."""
    related = link(entry, "related")
    parent = related.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1] if related else None
    author = _authors(entry)[:1]
    body = text(entry.get("content")) or text(entry.get("summary")) or ""
    return RawComment(
        id=numeric_id(text(entry.get("id"))), parent_id=parent if parent and parent.isdigit() else None,
        author_name=author[0].name if author else None, author_url=author[0].url if author else None,
        published_raw=_extended(entry, DISPLAY_TIME), published_machine=text(entry.get("published")),
        content_html=body, kind="comment")


def comments(entries: list[dict]) -> list[RawComment]:
    """Comment entries (any order, any number of pages) -> raw comments oldest first, each once."""
    seen: dict[str, RawComment] = {}
    loose: list[RawComment] = []
    for entry in entries:
        c = comment(entry)
        if c.id is None:
            loose.append(c)
        else:
            seen.setdefault(c.id, c)
    return _display_order([*seen.values(), *loose])


def post(entry: dict, *, site: RawSite, provenance: RawProvenance, comment_list: list[RawComment],
         post_type: str = "post") -> Optional[RawPost]:
    """One post entry with its comments; None when the entry has no permalink (a draft)."""
    url = link(entry, "alternate", "text/html") or link(entry, "alternate")
    if not url:
        return None
    content = entry.get("content")
    body = text(content)
    excerpt = body is None and entry.get("summary") is not None   # a blog whose feed is set to 'short'
    if body is None:
        body = text(entry.get("summary")) or ""
    labels = [c.get("term") for c in entry.get("category") or []
              if isinstance(c, dict) and c.get("term") and c.get("scheme", LABEL_SCHEME) == LABEL_SCHEME]
    total = text(entry.get("thr$total"))
    return RawPost(
        raw_version=RAW_VERSION, url=url, canonical_url=url, site=site, provenance=provenance,
        post_id=numeric_id(text(entry.get("id"))), post_type=post_type, title=_title(entry),
        authors=_authors(entry), categories=labels,
        published_machine=text(entry.get("published")), updated_machine=text(entry.get("updated")),
        content_html=body, is_excerpt=excerpt, comments=comment_list,
        comments_declared=int(total) if total and total.isdigit() else None)


def comments_feed_of(entry: dict, blog: str) -> Optional[str]:
    """The post's comment feed path ('feeds/<postId>/comments/default'), from its replies link or its id."""
    href = link(entry, "replies", "application/atom+xml")
    match = COMMENT_FEED_POST.search(href or "")
    post_id = match.group(1) if match else numeric_id(text(entry.get("id")))
    return links.COMMENTS_FEED.format(post_id=post_id) if post_id else None


def declared_comments(entry: dict) -> Optional[int]:
    total = text(entry.get("thr$total"))
    return int(total) if total and total.isdigit() else None


def site(base_url: str, name: Optional[str] = None) -> RawSite:
    return RawSite(base_url=base_url, platform=PLATFORM, name=name)
