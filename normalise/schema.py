"""The published record schema: Post, Comment and their parts, each field documented where declared.

This module is the single source of truth. ``normalise.jsonschema`` derives the JSON Schema
file (normalise/schema/post.schema.json) and the docs page (docs/schema.md) from these
classes, and a test fails when the committed copies drift from the code.
"""
from __future__ import annotations

from dataclasses import MISSING, dataclass, field
from typing import Any, Optional

SCHEMA_VERSION = "1.0.0"

PLATFORMS = ("blogger", "wordpress", "generic")
PRECISIONS = ("year", "month", "day", "minute", "second")
COMMENT_KINDS = ("comment", "pingback", "trackback")
COMMENT_STATUSES = ("open", "closed", "unknown")
POST_TYPES = ("post", "page")
SOURCES = ("html", "wp-rest", "blogger-feed", "wxr", "blogger-export", "wayback")


def doc(text: str, default: Any = MISSING, *, factory: Any = MISSING, **schema: Any) -> Any:
    """Declare a dataclass field with its documentation and optional extra JSON Schema keywords."""
    meta = {"doc": " ".join(text.split()), "schema": schema}
    if factory is not MISSING:
        return field(default_factory=factory, metadata=meta)
    if default is not MISSING:
        return field(default=default, metadata=meta)
    return field(metadata=meta)


@dataclass(kw_only=True)
class Author:
    """A person credited with a post, or the author of a comment."""

    name: str = doc("Display name exactly as the page or source gives it, whitespace collapsed. "
                    "Empty string when the source names nobody (e.g. 'Anonymous' is kept as written).")
    url: Optional[str] = doc("Absolute URL of the author's profile or website, or null.", None, format="uri")


@dataclass(kw_only=True)
class Site:
    """The blog a post belongs to."""

    name: str = doc("Name of the blog as the site states it (site title), or its host name when none is given.")
    base_url: str = doc("Absolute URL of the blog's home page, with a trailing slash.", format="uri")
    platform: str = doc("Blogging platform: 'blogger', 'wordpress' or 'generic' (any other CMS).", enum=list(PLATFORMS))


@dataclass(kw_only=True)
class PageValidators:
    """The HTTP validators one fetched page carried, kept so that a re-crawl can ask 'has it changed?'."""

    url: str = doc("The page's URL, as fetched.")
    fetched_at: str = doc("UTC instant of that fetch, ISO 8601 with 'Z'.", format="date-time")
    etag: Optional[str] = doc("Its ETag header, or null.", None)
    last_modified: Optional[str] = doc("Its Last-Modified header, or null.", None)


@dataclass(kw_only=True)
class Provenance:
    """Where and when the record's content was obtained."""

    fetched_url: str = doc("The URL (or file path for imports) whose payload this record was built from.")
    fetched_at: str = doc("UTC instant of the fetch or import, ISO 8601 with 'Z' "
                          "(e.g. 2024-05-01T12:00:00Z).", format="date-time")
    source: str = doc("Kind of payload: 'html' page, 'wp-rest' API, 'blogger-feed', 'wxr' export, "
                      "'blogger-export' Atom, or 'wayback' snapshot.", enum=list(SOURCES))
    tool: str = doc("Name of the spider or importer that produced the raw record, e.g. 'wordpress' or 'normalise import'.")
    tool_version: str = doc("Version of sector-blog-archive that produced the raw record.")
    payload_sha256: Optional[str] = doc("Hex SHA-256 of the raw payload bytes (page, API response or export file), "
                                        "or null if unknown.", None, pattern="^[0-9a-f]{64}$")
    snapshot: Optional[str] = doc("Wayback Machine snapshot timestamp (YYYYMMDDhhmmss) when source is 'wayback', else "
                                  "null; fetched_url is then the snapshot URL (web.archive.org/web/<timestamp>id_/"
                                  "<original>) and fetched_at the capture time.", None, pattern="^[0-9]{14}$")
    warc_file: Optional[str] = doc("Name of the WARC file (in the crawl's WARC_DIR, default output/warc/) holding the "
                                   "response this record was built from, or null (imports, WARC capture off).", None)
    warc_record_id: Optional[str] = doc("WARC-Record-ID of that response record in warc_file, as the WARC header gives "
                                        "it ('<urn:uuid:…>'), or null.", None)
    validators: list[PageValidators] = doc("HTTP validators (ETag, Last-Modified) of every page this record was "
                                           "built from that sent any (several for a post whose comments span pages), "
                                           "sorted by URL; an incremental re-crawl (-a update=ARCHIVE) sends them back "
                                           "as If-None-Match / If-Modified-Since. Empty when no page sent one.",
                                           factory=list)


@dataclass(kw_only=True)
class RemovedComment:
    """A comment dropped because it repeats an earlier one in the same post."""

    id: str = doc("Id the removed comment had.")
    repeat_of: str = doc("Id of the kept comment it repeats (same author, same normalised text).")


@dataclass(kw_only=True)
class Comment:
    """A reader comment, pingback or trackback, with its replies nested beneath it."""

    id: str = doc("Comment id, unique within the post: the platform's own id where it has one "
                  "(WordPress comment ID, Blogger comment id), else 'c' + position in document order.")
    parent_id: Optional[str] = doc("Id of the comment this one replies to, or null for a top-level comment.")
    author: Author = doc("Who wrote the comment.")
    published: Optional[str] = doc(
        "Publication time, ISO 8601, as precise as the source: 'YYYY', 'YYYY-MM', 'YYYY-MM-DD', "
        "'YYYY-MM-DDThh:mm' or 'YYYY-MM-DDThh:mm:ss', followed by a UTC offset (+01:00, or Z) only when the "
        "source states one. Null when no plausible date is shown.", None)
    published_precision: Optional[str] = doc("Precision of 'published': year | month | day | minute | second; "
                                             "null when 'published' is null.", None, enum=list(PRECISIONS) + [None])
    published_raw: Optional[str] = doc("The date string exactly as seen in the source, or null.", None)
    content_html: str = doc("Sanitised HTML of the comment body: no script/style/iframe/object, no event-handler "
                            "attributes or javascript: URLs; links and images absolute.", "")
    content_text: str = doc("Plain text of the comment body; paragraphs separated by one blank line.", "")
    kind: str = doc("'comment', 'pingback' or 'trackback'.", "comment", enum=list(COMMENT_KINDS))
    approved: bool = doc("False only for a comment that was never public (held for moderation in an export), "
                         "included because the importer was explicitly asked for them; true otherwise.", True)
    replies: list[Comment] = doc("Replies to this comment, in document order, each a Comment.", factory=list)


@dataclass(kw_only=True)
class Post:
    """One blog post, normalised: the unit of the published JSONL (one Post per line)."""

    schema_version: str = doc("Version of this schema the record follows (semantic versioning).")
    id: str = doc("Stable id: 'post-' + the first 20 hex digits of SHA-256 of the post's URL key "
                  "(canonical URL without scheme, 'www.', trailing slash, '?m=1', '?showComment', "
                  "fragments or tracking parameters). The same post gets the same id on every run and from "
                  "every source.", pattern="^post-[0-9a-f]{20}$")
    url: str = doc("Canonical absolute URL of the post (the permalink).", format="uri")
    site: Site = doc("The blog the post belongs to.")
    post_type: str = doc("'post' for a dated blog post, 'page' for a static page of the blog (WordPress and Blogger "
                         "pages carry reader comments too, so they are archived alongside posts).", "post",
                         enum=list(POST_TYPES))
    title: str = doc("Post title, whitespace collapsed; empty string when the post has none.")
    authors: list[Author] = doc("Credited authors in the order shown; empty when none is shown.", factory=list)
    categories: list[str] = doc("Category names (labels on Blogger) in source order, without duplicates.", factory=list)
    tags: list[str] = doc("Tag names in source order, without duplicates.", factory=list)
    language: Optional[str] = doc("BCP 47 language tag of the post (e.g. 'en-GB', 'de'), from the page, feed or "
                                  "site settings; null when unknown.", None)
    published: Optional[str] = doc(
        "Publication time, ISO 8601, as precise as the source: 'YYYY', 'YYYY-MM', 'YYYY-MM-DD', "
        "'YYYY-MM-DDThh:mm' or 'YYYY-MM-DDThh:mm:ss', with a UTC offset only when the source gives one "
        "(never an invented 'Z'). Dates before 1994 or after the fetch are rejected and left null.", None)
    published_precision: Optional[str] = doc("Precision of 'published': year | month | day | minute | second; "
                                             "null when 'published' is null.", None, enum=list(PRECISIONS) + [None])
    published_raw: Optional[str] = doc("The publication date string exactly as seen in the source (page text, "
                                       "attribute or API field), or null.", None)
    updated: Optional[str] = doc("Last-modified time, in the same format as 'published', or null.", None)
    updated_precision: Optional[str] = doc("Precision of 'updated', or null.", None, enum=list(PRECISIONS) + [None])
    updated_raw: Optional[str] = doc("The update date string exactly as seen in the source, or null.", None)
    content_html: str = doc("Sanitised HTML of the post body: no script/style/iframe/object/embed, no event-handler "
                            "attributes, no javascript: URLs; every link and image URL absolute.", "")
    content_text: str = doc("Plain text of the post body, paragraphs separated by one blank line, boilerplate removed "
                            "(share buttons, 'Bookmark the permalink', 'Posted by … at …', 'N comments:', "
                            "'Comments are closed').", "")
    is_excerpt: bool = doc("True when only a teaser or listing-page excerpt of the body was available.", False)
    comments: list[Comment] = doc("Reader comments as a tree: top-level comments in document order, replies nested "
                                  "in 'replies'.", factory=list)
    comment_count: int = doc("Number of comments in the tree (all depths, pingbacks included) after repeats were "
                             "removed.", 0, minimum=0)
    comments_declared: Optional[int] = doc("The comment count the page or API announces (e.g. 4 from '4 comments:'), "
                                           "or null when none is announced.", None, minimum=0)
    comments_status: str = doc("'open' when new comments are accepted, 'closed' when the page says comments are "
                               "closed, else 'unknown'.", "unknown", enum=list(COMMENT_STATUSES))
    comments_removed: list[RemovedComment] = doc("Comments dropped as repeats of an earlier comment in this post: same "
                                                 "author, same text (case, spacing and punctuation ignored) and the same "
                                                 "parent (a comment posted twice in one place); pingbacks repeat when they "
                                                 "come from the same URL.",
                                                 factory=list)
    seen_at: list[str] = doc("Other URLs at which this same post was found (http/https, www, ?m=1, listing pages…), "
                             "sorted; the canonical 'url' is not repeated here.", factory=list)
    duplicate_of: Optional[str] = doc("Id of an earlier post whose text this one nearly duplicates (a cross-post), "
                                      "found by MinHash: estimated Jaccard similarity of word 3-shingles >= 0.6 "
                                      "(see docs/schema.md, 'Near-duplicates'), or null.", None)
    provenance: Provenance = doc("Where the content of this record came from.")


RECORD_TYPES = (Post, Comment, Author, Site, Provenance, PageValidators, RemovedComment)
