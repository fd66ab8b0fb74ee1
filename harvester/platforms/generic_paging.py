"""Comment pages of one post (Drupal's ?page=N under the comments): which page comes next, and merging each page's
thread into the post's, replies whose parent is on an earlier page included.

Drupal restarts the indentation on every comment page, so a page that opens with a reply shows it inside one
div.indented with nothing before it. Its parent is, in order of certainty: the comment its own markup names (Drupal 7
RDF ``sioc:reply_of``, Drupal 8+ "In reply to" link, read into ``parent_id``); else the last comment, in thread order,
one level above the depth it is shown at. Drupal 7 without RDF shows a page-opening reply one level deep whatever its
real depth, so there a reply to a reply that opens a page is attached to the last top-level comment before it.
"""
from __future__ import annotations

import re
from typing import Iterable, Optional
from urllib.parse import parse_qsl, urlsplit

from normalise.urls import canonical_url

__all__ = ["page_number", "comment_page_urls", "next_comment_page", "merge_comment_page"]

PAGE_PARAM = "page"
PAGE_VALUE = re.compile(r"^\d+$")


def _split(url: str) -> tuple[str, dict[str, str]]:
    parts = urlsplit(canonical_url(url))
    return f"{parts.scheme}://{parts.netloc}{parts.path}", dict(parse_qsl(parts.query, keep_blank_values=True))


def page_number(url: str) -> int:
    """The zero-based ?page=N of a URL (0 without one)."""
    _, query = _split(url)
    value = query.get(PAGE_PARAM, "0")
    return int(value) if PAGE_VALUE.match(value) else 0


def comment_page_urls(post_url: str, links: Iterable[str]) -> dict[int, str]:
    """Page number -> URL of the links that are pages of the same post: same path and query but for ?page=N."""
    path, query = _split(post_url)
    query.pop(PAGE_PARAM, None)
    pages: dict[int, str] = {}
    for link in links:
        try:
            other_path, other = _split(link)
        except ValueError:
            continue
        value = other.pop(PAGE_PARAM, "0")
        if other_path == path and other == query and PAGE_VALUE.match(value):
            pages.setdefault(int(value), link)
    return pages


def next_comment_page(post_url: str, current: int, links: Iterable[str]) -> Optional[str]:
    """The URL of the lowest comment page after ``current`` among the pager's links, or None."""
    later = {n: u for n, u in comment_page_urls(post_url, links).items() if n > current}
    return later[min(later)] if later else None


def _walk(tree: list[dict]) -> Iterable[dict]:
    for c in tree:
        yield c
        yield from _walk(c.get("replies") or [])


def _rightmost(tree: list[dict]) -> list[dict]:
    """The last comment at each depth (0, 1, …) in thread order: where a continuing reply may attach."""
    path: list[dict] = []
    level = tree
    while level:
        path.append(level[-1])
        level = level[-1].get("replies") or []
    return path


def merge_comment_page(tree: list[dict], page: list[dict], continued: list[tuple[dict, int]]) -> int:
    """Append one later comment page's thread (``page``, with its ``continued`` replies and their shown depth) to
    ``tree`` in place; comments already in the tree (same id) are skipped. Returns the number of comments added."""
    by_id = {c["id"]: c for c in _walk(tree) if c.get("id")}
    shown_depth = {id(c): d for c, d in continued}
    added = 0
    for comment in page:
        if comment.get("id") and comment["id"] in by_id:
            continue
        parent = by_id.get(comment.get("parent_id") or "")
        if parent is None and id(comment) in shown_depth:
            path = _rightmost(tree)
            parent = path[min(shown_depth[id(comment)], len(path)) - 1] if path else None
        (parent["replies"] if parent is not None else tree).append(comment)
        parent_or_self = [comment]
        for c in _walk(parent_or_self):
            if c.get("id"):
                by_id.setdefault(c["id"], c)
            added += 1
    return added
