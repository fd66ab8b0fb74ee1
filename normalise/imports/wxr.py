"""Read a WordPress eXtended RSS export (WXR 1.0-1.2) into raw posts, streaming item by item."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Iterator, Optional

from lxml import etree

from ..autop import render_wordpress
from ..raw import RAW_VERSION, RawAuthor, RawComment, RawPost, RawSite
from . import SAFE_XML, ExportError, PathLike, ensure_file, file_sha256, first_time, provenance, xml_error

SOURCE = "wxr"
PLATFORM = "wordpress"
ZERO_DATE = "0000-00-00 00:00:00"

# Namespace URI pattern -> the prefix used in the field tables below (all WXR versions, http and https).
NAMESPACE_PREFIXES = (
    (re.compile(r"^https?://wordpress\.org/export/1\.\d+/excerpt/$"), "excerpt"),
    (re.compile(r"^https?://wordpress\.org/export/1\.\d+/$"), "wp"),
    (re.compile(r"^http://purl\.org/rss/1\.0/modules/content/$"), "content"),
    (re.compile(r"^http://purl\.org/dc/elements/1\.1/$"), "dc"),
)
# Channel children kept (key -> ChannelInfo attribute).
CHANNEL_FIELDS = {"title": "title", "link": "link", "language": "language", "pubDate": "pub_date",
                  "wp:base_blog_url": "base_blog_url", "wp:wxr_version": "wxr_version"}
# Which items are archived: published posts and static pages (wp:post_type -> RawPost.post_type). Attachments,
# menu items and custom types are not posts; drafts, scheduled, pending, private and trashed items were never public.
POST_TYPES = {"post": "post", "page": "page"}
PUBLIC_STATUSES = {"publish"}
# wp:comment_approved -> approved flag; absent values (spam, trash, post-trashed) are never imported.
APPROVAL = {"1": True, "approve": True, "0": False, "hold": False}
PING_KINDS = {"pingback": "pingback", "trackback": "trackback"}
COMMENT_STATUSES = {"open", "closed"}
CATEGORY_DOMAINS = {"category": "categories", "post_tag": "tags"}
CREATED_COMMENT = re.compile(r'created="(\d{4}-\d\d-\d\d \d\d:\d\d(?::\d\d)?)"')


@dataclass
class ChannelInfo:
    """What the channel header says about the blog, gathered before the first item."""

    title: Optional[str] = None
    link: Optional[str] = None
    language: Optional[str] = None
    pub_date: Optional[str] = None
    base_blog_url: Optional[str] = None
    wxr_version: Optional[str] = None
    created: Optional[str] = None
    authors: dict[str, str] = field(default_factory=dict)


def _key(el: etree._Element) -> str:
    """'prefix:local' for an element (prefix from NAMESPACE_PREFIXES), or the bare local name."""
    qname = etree.QName(el)
    if not qname.namespace:
        return qname.localname
    for pattern, prefix in NAMESPACE_PREFIXES:
        if pattern.match(qname.namespace):
            return f"{prefix}:{qname.localname}"
    return f"{{{qname.namespace}}}{qname.localname}"


def _fields(el: etree._Element) -> dict[str, str]:
    """First text of each child, keyed by _key (missing text -> '')."""
    out: dict[str, str] = {}
    for child in el:
        if isinstance(child.tag, str):
            out.setdefault(_key(child), child.text or "")
    return out


def _children(el: etree._Element, key: str) -> list[etree._Element]:
    return [c for c in el if isinstance(c.tag, str) and _key(c) == key]


def _text(value: Optional[str]) -> Optional[str]:
    """Plain-text field as shown: entities WordPress stored escaped are decoded; empty -> None."""
    if value is None or not value.strip():
        return None
    return html.unescape(value)


def _date(value: Optional[str]) -> Optional[str]:
    value = (value or "").strip()
    return None if not value or value == ZERO_DATE else value


def _rfc822(text: str) -> datetime:
    moment = parsedate_to_datetime(text)
    if moment is None:
        raise ValueError(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _created(text: str) -> datetime:
    """WordPress writes the export's created= stamp in UTC."""
    fmt = "%Y-%m-%d %H:%M:%S" if text.count(":") == 2 else "%Y-%m-%d %H:%M"
    return datetime.strptime(text, fmt).replace(tzinfo=timezone.utc)


def _export_time(path: PathLike, channel: ChannelInfo) -> str:
    """Channel pubDate, else the generator comment's created= stamp, else the file's mtime."""
    for text, parse in ((channel.pub_date, _rfc822), (channel.created, _created)):
        if text:
            return first_time(path, [text], parse)
    return first_time(path, [], _rfc822)


def _site(channel: ChannelInfo) -> RawSite:
    base = (channel.base_blog_url or channel.link or "").strip()
    language = (channel.language or "").strip()
    return RawSite(base_url=base, platform=PLATFORM, name=_text(channel.title),
                   languages=[language.split("-")[0].lower()] if language else [])


def _comment(el: etree._Element, include_unapproved: bool) -> Optional[RawComment]:
    f = _fields(el)
    approved = APPROVAL.get(f.get("wp:comment_approved", "").strip())
    if approved is None or (approved is False and not include_unapproved):
        return None
    parent = f.get("wp:comment_parent", "").strip()
    return RawComment(
        id=f.get("wp:comment_id", "").strip() or None,
        parent_id=None if parent in ("", "0") else parent,
        author_name=_text(f.get("wp:comment_author")),
        author_url=(f.get("wp:comment_author_url") or "").strip() or None,
        published_machine=_date(f.get("wp:comment_date")),
        published_gmt=_date(f.get("wp:comment_date_gmt")),
        content_html=render_wordpress(f.get("wp:comment_content", "")),
        kind=PING_KINDS.get(f.get("wp:comment_type", "").strip(), "comment"),
        approved=approved,
    )


def _display_order(comments: list[RawComment]) -> list[RawComment]:
    """Oldest first by GMT date, as WordPress lists them; export order breaks ties (and is kept without dates)."""
    if all(c.published_gmt for c in comments):
        return sorted(comments, key=lambda c: c.published_gmt)
    return comments


def _terms(item: etree._Element) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {"categories": [], "tags": []}
    for el in _children(item, "category"):
        target = CATEGORY_DOMAINS.get(el.get("domain", ""))
        name = _text(el.text)
        if target and name:
            out[target].append(name)
    return out


def is_public_post(f: dict[str, str]) -> bool:
    """A published post or page. Password-protected ones count: WordPress showed their comments publicly
    under the password form, and their body is kept as exported."""
    return f.get("wp:post_type", "").strip() in POST_TYPES and f.get("wp:status", "").strip() in PUBLIC_STATUSES


def _post(item: etree._Element, channel: ChannelInfo, prov, include_unapproved: bool) -> Optional[RawPost]:
    f = _fields(item)
    if not is_public_post(f):
        return None
    link = (f.get("link") or f.get("guid") or "").strip()
    creator = (f.get("dc:creator") or "").strip()
    comments = [c for c in (_comment(el, include_unapproved) for el in _children(item, "wp:comment")) if c]
    status = f.get("wp:comment_status", "").strip()
    language = (channel.language or "").strip()
    return RawPost(
        raw_version=RAW_VERSION, url=link, canonical_url=link or None, site=_site(channel), provenance=prov,
        post_id=f.get("wp:post_id", "").strip() or None, post_type=POST_TYPES[f.get("wp:post_type", "").strip()],
        title=_text(f.get("title")),
        authors=[RawAuthor(name=_text(channel.authors.get(creator, creator)))] if creator else [],
        **_terms(item), language=language or None,
        published_machine=_date(f.get("wp:post_date")), published_gmt=_date(f.get("wp:post_date_gmt")),
        updated_machine=_date(f.get("wp:post_modified")), updated_gmt=_date(f.get("wp:post_modified_gmt")),
        content_html=render_wordpress(f.get("content:encoded", "")),
        comments=_display_order(comments), comments_declared=None,
        comments_status=status if status in COMMENT_STATUSES else None,
    )


def _note_channel(el: etree._Element, channel: ChannelInfo) -> None:
    key = _key(el)
    if key == "wp:author":
        f = _fields(el)
        login = f.get("wp:author_login", "").strip()
        if login:
            channel.authors[login] = f.get("wp:author_display_name", "").strip() or login
    elif key in CHANNEL_FIELDS:
        setattr(channel, CHANNEL_FIELDS[key], el.text or "")


def _release(el: etree._Element) -> None:
    """Free a processed element and the siblings before it (keeps memory flat on huge exports)."""
    el.clear()
    parent = el.getparent()
    while parent is not None and el.getprevious() is not None:
        del parent[0]


def read_wxr(path: PathLike, *, include_unapproved: bool = False) -> Iterator[RawPost]:
    """Yield each published post and page of a WXR export with its approved comments (pending ones too if asked)."""
    ensure_file(path)
    sha = file_sha256(path)
    channel, prov, root = ChannelInfo(), None, None
    try:
        for event, el in etree.iterparse(str(path), events=("start", "end", "comment"), **SAFE_XML):
            if event == "comment":
                match = CREATED_COMMENT.search(el.text or "")
                channel.created = channel.created or (match.group(1) if match else None)
            elif event == "start":
                if root is None:
                    root = el
                    if _key(el) != "rss":
                        raise ExportError(f"{path}: not a WXR export (root element <{el.tag}>, expected <rss>)")
            elif el.tag == "item":
                prov = prov or provenance(path, SOURCE, _export_time(path, channel), sha)
                post = _post(el, channel, prov, include_unapproved)
                _release(el)
                if post is not None:
                    yield post
            elif el.getparent() is not None and el.getparent().tag == "channel":
                _note_channel(el, channel)
    except etree.XMLSyntaxError as err:
        raise xml_error(path, err) from err
    if channel.wxr_version is None:
        raise ExportError(f"{path}: not a WXR export (no wp:wxr_version in the channel)")
