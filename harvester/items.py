"""Raw records as items: plain dicts of normalise.raw.RawPost (strings as seen), and which fields they lack."""
from __future__ import annotations

from typing import Any, Callable

# Fields whose absence is counted in the crawl stats (harvest/missing/<record>/<field>), each with its test.
POST_FIELDS: tuple[tuple[str, Callable[[dict], Any]], ...] = (
    ("title", lambda r: r.get("title")),
    ("published", lambda r: r.get("published_raw") or r.get("published_machine")),
    ("authors", lambda r: [a for a in r.get("authors") or [] if a.get("name")]),
    ("content_html", lambda r: r.get("content_html")),
    ("categories", lambda r: r.get("categories")),
    ("canonical_url", lambda r: r.get("canonical_url")),
)
COMMENT_FIELDS: tuple[tuple[str, Callable[[dict], Any]], ...] = (
    ("id", lambda c: c.get("id")),
    ("author_name", lambda c: c.get("author_name")),
    ("published", lambda c: c.get("published_raw") or c.get("published_machine")),
    ("content_html", lambda c: c.get("content_html")),
)


def iter_comments(comments: list[dict]):
    """Every raw comment, nested replies included, in document order."""
    for comment in comments or []:
        yield comment
        yield from iter_comments(comment.get("replies") or [])


def missing_fields(item: dict) -> list[str]:
    """'post/<field>' and 'comment/<field>' for each empty field of the record (one entry per comment)."""
    missing = [f"post/{name}" for name, value in POST_FIELDS if not value(item)]
    for comment in iter_comments(item.get("comments") or []):
        missing.extend(f"comment/{name}" for name, value in COMMENT_FIELDS if not value(comment))
    return missing
