"""Read a Blogger export (classic Atom 'blog-….xml', or the newer Takeout feed.atom) into raw posts."""
from __future__ import annotations

import html
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Iterator, Optional
from urllib.parse import urljoin

from lxml import etree

from ..raw import RAW_VERSION, RawAuthor, RawComment, RawPost, RawSite
from . import SAFE_XML, ExportError, PathLike, ensure_file, file_sha256, first_time, provenance, xml_error

SOURCE = "blogger-export"
PLATFORM = "blogger"
NS = {
    "a": "http://www.w3.org/2005/Atom",
    "thr": "http://purl.org/syndication/thread/1.0",
    "gd": "http://schemas.google.com/g/2005",
    "b": "http://schemas.google.com/blogger/2018",
}
APP_NAMESPACES = ("http://purl.org/atom/app#", "http://www.w3.org/2007/app")
KIND_SCHEME = "http://schemas.google.com/g/2005#kind"
LABEL_SCHEME = "http://www.blogger.com/atom/ns#"
KIND_PREFIX = "http://schemas.google.com/blogger/2008/kind#"

# XPath table (Atom prefix 'a'); each returns a list.
X = {
    "entries": "a:entry",
    "kind": f"a:category[@scheme='{KIND_SCHEME}']/@term",
    "labels": f"a:category[@scheme='{LABEL_SCHEME}']/@term",
    "labels_2018": f"a:category[not(@scheme='{KIND_SCHEME}')]/@term",
    "alternate": "a:link[@rel='alternate']/@href",
    "related": "a:link[@rel='related']/@href",
    "self": "a:link[@rel='self' or @rel='edit']/@href",
    "reply_ref": "thr:in-reply-to/@ref",
    "total": "thr:total/text()",
    "author": "a:author",
    "b_type": "b:type/text()",
    "b_status": "b:status/text()",
    "b_parent": "b:parent/text()",
    "b_in_reply_to": "b:inReplyTo/text()",
    "b_filename": "b:filename/text()",
    "b_trashed": "b:trashed/text()",
}
ID_TAIL = re.compile(r"\.(?:post|page|comment)-(\d+)$")
FEED_POST_ID = re.compile(r"/feeds/[^/]+/(\d+)/comments/")
TAG = re.compile(r"<[^>]+>")
LIVE = "LIVE"
# Entry kinds archived (-> RawPost.post_type); static pages carry reader comments too.
POST_KINDS = {"post": "post", "page": "page"}


@dataclass
class Entry:
    """One export entry reduced to what the importer needs."""

    kind: str          # 'post', 'comment', 'page', 'template', 'settings', …
    element: etree._Element


def _x(el: etree._Element, name: str) -> list:
    return el.xpath(X[name], namespaces=NS)


def _first(el: etree._Element, name: str) -> Optional[str]:
    found = _x(el, name)
    value = str(found[0]).strip() if found else ""
    return value or None


def _numeric_id(text: Optional[str]) -> Optional[str]:
    """'tag:blogger.com,1999:blog-X.post-Y' -> 'Y' (also for .comment- and .page- ids)."""
    match = ID_TAIL.search(text or "")
    return match.group(1) if match else None


def is_takeout_2018(root: etree._Element) -> bool:
    """The newer Takeout feed.atom marks entries with blogger:type instead of kind categories."""
    return root.find("a:entry/b:type", NS) is not None


def _kind(el: etree._Element, takeout: bool) -> str:
    if takeout:
        return (_first(el, "b_type") or "").lower()
    term = _first(el, "kind") or ""
    return term[len(KIND_PREFIX):] if term.startswith(KIND_PREFIX) else term.rsplit("#", 1)[-1]


def _is_public(el: etree._Element, takeout: bool) -> bool:
    """Not a draft (app:draft yes / blogger:status other than LIVE) and not trashed."""
    if takeout:
        return (_first(el, "b_status") or "").upper() == LIVE and not _first(el, "b_trashed")
    for ns in APP_NAMESPACES:
        if (el.findtext(f"{{{ns}}}control/{{{ns}}}draft") or "").strip().lower() == "yes":
            return False
    return True


def _text_of(el: Optional[etree._Element]) -> Optional[str]:
    """Title/content text; type='html' titles are stripped of tags, type='xhtml' serialised."""
    if el is None:
        return None
    if el.get("type") == "xhtml":
        return "".join(etree.tostring(c, encoding="unicode") for c in el)
    return el.text


def _title(entry: etree._Element) -> Optional[str]:
    el = entry.find("a:title", NS)
    text = _text_of(el)
    if text and el.get("type") == "html":
        text = html.unescape(TAG.sub("", text))
    return text or None


def _author(el: etree._Element) -> RawAuthor:
    return RawAuthor(name=el.findtext("a:name", namespaces=NS), url=(el.findtext("a:uri", namespaces=NS) or None))


def _comment(entry: etree._Element, takeout: bool) -> RawComment:
    if takeout:
        parent = _numeric_id(_first(entry, "b_in_reply_to"))
    else:
        related = _first(entry, "related")
        parent = related.rstrip("/").rsplit("/", 1)[-1] if related else None
    author = entry.find("a:author", NS)
    return RawComment(
        id=_numeric_id(entry.findtext("a:id", namespaces=NS)),
        parent_id=parent,
        author_name=author.findtext("a:name", namespaces=NS) if author is not None else None,
        author_url=(author.findtext("a:uri", namespaces=NS) or None) if author is not None else None,
        published_machine=entry.findtext("a:published", namespaces=NS),
        content_html=_text_of(entry.find("a:content", NS)) or "",
        kind="comment",
    )


def _comment_post_id(entry: etree._Element, takeout: bool) -> Optional[str]:
    """The post a comment belongs to: thr:in-reply-to ref (blogger:parent), else the id in its feed links."""
    ref = _first(entry, "b_parent") if takeout else _first(entry, "reply_ref")
    if _numeric_id(ref):
        return _numeric_id(ref)
    for href in _x(entry, "self"):
        match = FEED_POST_ID.search(str(href))
        if match:
            return match.group(1)
    return None


def _instant(text: Optional[str]) -> Optional[datetime]:
    try:
        return datetime.fromisoformat((text or "").replace("Z", "+00:00"))
    except ValueError:
        return None


def _display_order(comments: list[RawComment]) -> list[RawComment]:
    """Oldest first by published instant, as Blogger shows them; export order kept if any date is unreadable.

    The classic exports examined list each post's comments oldest first already, so this only
    matters for exports that list them newest first."""
    instants = [_instant(c.published_machine) for c in comments]
    if any(i is None for i in instants):
        return comments
    order = sorted(range(len(comments)), key=lambda i: instants[i])
    return [comments[i] for i in order]


def _declared(entry: etree._Element) -> Optional[int]:
    total = _first(entry, "total")
    return int(total) if total and total.isdigit() else None


def _site(root: etree._Element) -> RawSite:
    base = _first(root, "alternate") or ""
    return RawSite(base_url=base, platform=PLATFORM, name=root.findtext("a:title", namespaces=NS) or None)


def _post(entry: etree._Element, kind: str, site: RawSite, prov, comments: list[RawComment], takeout: bool
          ) -> Optional[RawPost]:
    url = _first(entry, "alternate")
    if url is None and takeout and _first(entry, "b_filename"):
        url = urljoin(site.base_url, _first(entry, "b_filename")) if site.base_url else _first(entry, "b_filename")
    if url is None:
        return None
    labels = _x(entry, "labels_2018" if takeout else "labels")
    return RawPost(
        raw_version=RAW_VERSION, url=url, canonical_url=url, site=site, provenance=prov,
        post_id=_numeric_id(entry.findtext("a:id", namespaces=NS)), post_type=POST_KINDS[kind], title=_title(entry),
        authors=[_author(a) for a in _x(entry, "author")], categories=[str(t) for t in labels],
        published_machine=entry.findtext("a:published", namespaces=NS),
        updated_machine=entry.findtext("a:updated", namespaces=NS),
        content_html=_text_of(entry.find("a:content", NS)) or "",
        comments=_display_order(comments), comments_declared=_declared(entry),
    )


def _parse(path: PathLike) -> etree._Element:
    parser = etree.XMLParser(**SAFE_XML)
    try:
        root = etree.parse(str(path), parser).getroot()
    except etree.XMLSyntaxError as err:
        raise xml_error(path, err) from err
    if root.tag != f"{{{NS['a']}}}feed":
        raise ExportError(f"{path}: not a Blogger export (root element <{root.tag}>, expected Atom <feed>)")
    return root


def read_blogger_export(path: PathLike, *, include_unapproved: bool = False) -> Iterator[RawPost]:
    """Yield each published post and page of a Blogger export with its comments, in document order.

    Comments name their post by numeric id (a page's comments say '.post-<page id>'), so posts and pages
    share one lookup.

    Blogger exports hold only published comments, so ``include_unapproved`` changes nothing
    (it is accepted for a uniform importer interface)."""
    ensure_file(path)
    root = _parse(path)
    takeout = is_takeout_2018(root)
    prov = provenance(path, SOURCE, first_time(path, [root.findtext("a:updated", namespaces=NS)], _aware),
                      file_sha256(path))
    site = _site(root)
    entries = [Entry(_kind(el, takeout), el) for el in _x(root, "entries")]
    comments: dict[str, list[RawComment]] = defaultdict(list)
    for e in entries:
        if e.kind == "comment" and _is_public(e.element, takeout):
            post_id = _comment_post_id(e.element, takeout)
            if post_id:
                comments[post_id].append(_comment(e.element, takeout))
    for e in entries:
        if e.kind in POST_KINDS and _is_public(e.element, takeout):
            post_id = _numeric_id(e.element.findtext("a:id", namespaces=NS))
            post = _post(e.element, e.kind, site, prov, comments.get(post_id or "", []), takeout)
            if post is not None:
                yield post


def _aware(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError(f"no UTC offset in {text!r}")
    return moment
