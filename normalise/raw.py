"""The raw-record contract: what spiders and importers emit, strings exactly as seen in the source.

A raw record is one JSON object per line (JSONL). Nothing in it is interpreted: dates are the
strings shown on the page or given by the API, HTML is the fragment as served. ``normalise``
turns raw records into ``normalise.schema.Post`` records. The JSON Schema of this contract is
generated alongside the published one (normalise/schema/raw.schema.json).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Union

from .schema import COMMENT_KINDS, PLATFORMS, POST_TYPES, SOURCES, doc

RAW_VERSION = "1"


@dataclass(kw_only=True)
class RawAuthor:
    """An author as shown: name text and profile link, both unprocessed."""

    name: Optional[str] = doc("Author name as shown (may include 'By ', 'Posted by', surrounding whitespace).", None)
    url: Optional[str] = doc("Profile or website href as found (may be relative to the page URL).", None)


@dataclass(kw_only=True)
class RawSite:
    """What the spider or importer knows about the blog and how to read its dates."""

    base_url: str = doc("Home page URL of the blog.")
    platform: str = doc("'blogger', 'wordpress' or 'generic'.", enum=list(PLATFORMS))
    name: Optional[str] = doc("Blog name as shown, or null (the host name is used).", None)
    languages: list[str] = doc("Languages the site writes dates in, most likely first (e.g. ['de', 'en']); "
                               "empty means English first, then the languages dateparser detects.", factory=list)
    timezone: Optional[str] = doc("IANA time zone of the site (e.g. 'Europe/London') used to give an offset to "
                                  "local times the source states without one; null leaves such times without "
                                  "an offset.", None)
    date_order: Optional[str] = doc("Order of numeric dates such as 12/04/2020: 'DMY' or 'MDY'; null means derive "
                                    "from the language ('en-US' -> MDY, everything else DMY).", None,
                                    enum=["DMY", "MDY", None])


@dataclass(kw_only=True)
class RawComment:
    """A comment as seen: flat with parent_id, or nested through 'replies' (markup nesting)."""

    id: Optional[str] = doc("Platform comment id as found (e.g. 'comment-42' or '42'), or null.", None)
    parent_id: Optional[str] = doc("Id of the parent comment as found (API/export parent field, reply link), or "
                                   "null. '0' and '' mean no parent.", None)
    author_name: Optional[str] = doc("Author name as shown (e.g. 'Janet F' from 'Janet F said...').", None)
    author_url: Optional[str] = doc("Author link href as found.", None)
    published_raw: Optional[str] = doc("Date text as shown (e.g. '12 March 2009 at 14:05').", None)
    published_machine: Optional[str] = doc("Machine-readable date if the source has one (time@datetime, API "
                                           "'date', epoch milliseconds from ?showComment=), or null.", None)
    published_gmt: Optional[str] = doc("The same instant in UTC when the source gives it separately "
                                       "(WordPress 'date_gmt'), or null.", None)
    content_html: Optional[str] = doc("Comment body HTML fragment as served.", None)
    kind: Optional[str] = doc("'comment', 'pingback' or 'trackback' when the source says; null means comment.",
                              None, enum=list(COMMENT_KINDS) + [None])
    approved: bool = doc("False for a comment never made public (export moderation queue).", True)
    replies: list[RawComment] = doc("Replies nested in the markup, in document order.", factory=list)


@dataclass(kw_only=True)
class RawProvenance:
    """Where the raw record came from."""

    fetched_url: str = doc("URL fetched (or export file path) whose payload held this record.")
    fetched_at: str = doc("UTC time of the fetch, ISO 8601 (e.g. 2024-05-01T12:00:00Z). Also the base for "
                          "relative dates such as '3 weeks ago' and the upper bound of plausible dates.")
    source: str = doc("'html', 'wp-rest', 'blogger-feed', 'wxr', 'blogger-export' or 'wayback'.", enum=list(SOURCES))
    tool: str = doc("Spider or importer name.")
    tool_version: str = doc("Version of sector-blog-archive that produced the record.")
    payload_sha256: Optional[str] = doc("Hex SHA-256 of the payload bytes, or null.", None)
    snapshot: Optional[str] = doc("Wayback snapshot timestamp (YYYYMMDDhhmmss) when source is 'wayback', or null; "
                                  "fetched_url is then the snapshot URL and fetched_at the capture time.", None)
    warc_file: Optional[str] = doc("Name of the WARC file holding the response this record was read from, or null.",
                                   None)
    warc_record_id: Optional[str] = doc("WARC-Record-ID of that response record (e.g. '<urn:uuid:…>'), or null.", None)
    etag: Optional[str] = doc("ETag header of the HTTP response, or null (kept for conditional re-crawls).", None)
    last_modified: Optional[str] = doc("Last-Modified header of the HTTP response, or null.", None)


@dataclass(kw_only=True)
class RawPost:
    """One post as extracted from one payload, before any interpretation."""

    raw_version: str = doc("Version of the raw contract ('1').")
    url: str = doc("URL at which the post was seen: its permalink, or the listing page it was read from.")
    site: RawSite = doc("The blog and how to read it.")
    provenance: RawProvenance = doc("Where the record came from.")
    canonical_url: Optional[str] = doc("Permalink declared by the source (link rel=canonical, og:url, API 'link'), "
                                       "or null.", None)
    post_id: Optional[str] = doc("Platform post id (WordPress ID, Blogger post id), or null.", None)
    post_type: str = doc("'post' or 'page' (a static page of the blog).", "post", enum=list(POST_TYPES))
    title: Optional[str] = doc("Title text as shown (HTML entities decoded, whitespace as found).", None)
    authors: list[RawAuthor] = doc("Authors as shown.", factory=list)
    categories: list[str] = doc("Category / label names as shown.", factory=list)
    tags: list[str] = doc("Tag names as shown.", factory=list)
    language: Optional[str] = doc("Language declared by the page or feed (html@lang, og:locale, feed), or null.",
                                  None)
    published_raw: Optional[str] = doc("Publication date text as shown on the page, or null.", None)
    published_machine: Optional[str] = doc("Machine-readable publication date (time@datetime, abbr@title, JSON-LD "
                                           "datePublished, API 'date'), or null.", None)
    published_gmt: Optional[str] = doc("Publication instant in UTC when given separately (WordPress 'date_gmt').",
                                       None)
    updated_raw: Optional[str] = doc("Update date text as shown, or null.", None)
    updated_machine: Optional[str] = doc("Machine-readable update date, or null.", None)
    updated_gmt: Optional[str] = doc("Update instant in UTC when given separately ('modified_gmt').", None)
    content_html: Optional[str] = doc("Post body HTML fragment as served (may hold boilerplate; normalise removes "
                                      "it).", None)
    is_excerpt: bool = doc("True when the body is a teaser or listing excerpt rather than the full post.", False)
    comments: list[RawComment] = doc("Comments in document order (flat with parent_id, or nested).", factory=list)
    comments_declared: Optional[Union[int, str]] = doc("Comment count announced by the source: an integer (API) or "
                                                       "the text as shown ('4 comments:', 'No comments:').", None)
    comments_status: Optional[str] = doc("'open', 'closed' or null (unknown), as the source indicates.", None,
                                         enum=["open", "closed", None])
