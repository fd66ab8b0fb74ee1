"""Read saved WordPress REST API responses (posts lists, single posts with _embed, comments lists) into raw posts."""
from __future__ import annotations

import html
import json
import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, Sequence
from urllib.parse import urlsplit

from ..raw import RAW_VERSION, RawAuthor, RawComment, RawPost, RawProvenance, RawSite
from . import ExportError, PathLike, ensure_file, file_sha256, mtime_utc, provenance

log = logging.getLogger(__name__)

SOURCE = "wp-rest"
PLATFORM = "wordpress"
# REST object type -> RawPost.post_type (attachments, menu items and custom types are not posts).
POST_TYPES = {"post": "post", "page": "page"}
# Post 'status' (edit context only; public responses omit it or say 'publish'): anything else was never public.
PUBLIC_STATUSES = {"publish"}
# Comment 'status' (present in view/edit context) -> approved flag; spam/trash are never imported.
APPROVAL = {"approved": True, "approve": True, "hold": False, "unapproved": False}
COMMENT_KINDS = {"comment": "comment", "": "comment", "pingback": "pingback", "trackback": "trackback"}
TERM_TARGETS = {"category": "categories", "post_tag": "tags"}
COMMENT_STATUSES = {"open", "closed"}
# Fields that date an object, for the deterministic import time.
TIME_FIELDS = ("modified_gmt", "date_gmt")
API_ROOT = "/wp-json/"


@dataclass
class Collected:
    """Everything read from the files, keyed by post id."""

    posts: dict[str, dict] = field(default_factory=dict)
    post_files: dict[str, Path] = field(default_factory=dict)
    comments: dict[str, dict[str, dict]] = field(default_factory=dict)
    times: list[datetime] = field(default_factory=list)


def _load(path: PathLike) -> Any:
    ensure_file(path)
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except json.JSONDecodeError as err:
        raise ExportError(f"{path}: line {err.lineno} column {err.colno}: not valid JSON: {err.msg}") from err
    except UnicodeDecodeError as err:
        raise ExportError(f"{path}: not UTF-8 text: {err}") from err


def _rendered(value: Any) -> Optional[str]:
    """REST fields are {'rendered': …} objects (or plain strings in some plugins)."""
    if isinstance(value, dict):
        value = value.get("rendered")
    return value if isinstance(value, str) else None


def is_comment(obj: Any) -> bool:
    return isinstance(obj, dict) and "author_name" in obj and "id" in obj


def is_post(obj: Any) -> bool:
    return isinstance(obj, dict) and "id" in obj and not is_comment(obj) and obj.get("type", "post") in POST_TYPES


def _merge(old: Optional[dict], new: dict) -> dict:
    """Combine two copies of one object: keys already held win, missing keys are filled in."""
    if old is None:
        return dict(new)
    return {**new, **old}


def _note_time(obj: dict, into: Collected) -> None:
    for name in TIME_FIELDS:
        value = obj.get(name)
        if isinstance(value, str) and value:
            try:
                into.times.append(datetime.fromisoformat(value.replace("Z", "")))
            except ValueError:
                log.debug("unreadable %s %r", name, value)


def _add_comment(obj: dict, post_id: Optional[str], into: Collected) -> None:
    pid = str(obj.get("post") or post_id or "")
    if not pid:
        return
    _note_time(obj, into)
    bucket = into.comments.setdefault(pid, {})
    bucket[str(obj["id"])] = _merge(bucket.get(str(obj["id"])), obj)


def embedded_replies(post: dict) -> list[dict]:
    """Comment objects embedded in a post fetched with _embed (the first page of its replies)."""
    groups = (post.get("_embedded") or {}).get("replies") or []
    return [c for group in groups if isinstance(group, list) for c in group if is_comment(c)]


def _add_post(obj: dict, path: Path, into: Collected) -> None:
    pid = str(obj["id"])
    _note_time(obj, into)
    held = into.posts.get(pid)
    if held is None or len(obj) > len(held):
        into.posts[pid] = _merge(obj, held or {})  # the fuller copy wins; the other fills gaps
        into.post_files[pid] = path
    else:
        into.posts[pid] = _merge(held, obj)
    for reply in embedded_replies(obj):
        _add_comment(reply, pid, into)


def _collect(paths: Sequence[PathLike]) -> Collected:
    into = Collected()
    for path in paths:
        data = _load(path)
        objects = data if isinstance(data, list) else [data]
        known = 0
        for obj in objects:
            if is_comment(obj):
                _add_comment(obj, None, into)
            elif is_post(obj):
                _add_post(obj, Path(path), into)
            else:
                continue
            known += 1
        if objects and not known:
            raise ExportError(f"{path}: no WordPress REST posts or comments found")
    return into


def rest_comment(obj: dict, include_unapproved: bool = False) -> Optional[RawComment]:
    """One /wp/v2/comments object as a raw comment; None for spam/trash (and held ones unless asked)."""
    approved = APPROVAL.get(str(obj.get("status", "approved")))
    if approved is None or (approved is False and not include_unapproved):
        return None
    parent = str(obj.get("parent") or "")
    return RawComment(
        id=str(obj["id"]), parent_id=None if parent in ("", "0") else parent,
        author_name=obj.get("author_name"), author_url=obj.get("author_url") or None,
        published_machine=obj.get("date"), published_gmt=obj.get("date_gmt"),
        content_html=_rendered(obj.get("content")) or "",
        kind=COMMENT_KINDS.get(str(obj.get("type") or ""), "comment"), approved=approved,
    )


def rest_comments(objs: Iterable[dict], include_unapproved: bool = False) -> list[RawComment]:
    """Comment objects (repeats by id merged) as raw comments, oldest first (the REST API lists newest first;
    sites display oldest first), id breaking ties."""
    by_id: dict[str, dict] = {}
    for obj in objs:
        by_id[str(obj["id"])] = _merge(by_id.get(str(obj["id"])), obj)
    ordered = sorted(by_id.values(), key=lambda o: (str(o.get("date") or ""), int(o["id"])))
    return [c for c in (rest_comment(o, include_unapproved) for o in ordered) if c]


def _authors(post: dict) -> list[RawAuthor]:
    people = (post.get("_embedded") or {}).get("author") or []
    return [RawAuthor(name=p.get("name"), url=p.get("link") or p.get("url") or None)
            for p in people if isinstance(p, dict) and p.get("name")]


def _terms(post: dict) -> dict[str, list[str]]:
    """Names from _embedded['wp:term']; bare ids in 'categories'/'tags' cannot be resolved and are left out."""
    out: dict[str, list[str]] = {"categories": [], "tags": []}
    for group in (post.get("_embedded") or {}).get("wp:term") or []:
        for term in group if isinstance(group, list) else []:
            target = TERM_TARGETS.get(term.get("taxonomy", "")) if isinstance(term, dict) else None
            if target and term.get("name"):
                out[target].append(html.unescape(term["name"]))
    return out


def _site(post: dict, link: str) -> RawSite:
    """Blog home: the part of the API self link before /wp-json/, else the post link's origin."""
    for entry in (post.get("_links") or {}).get("self") or []:
        href = entry.get("href", "") if isinstance(entry, dict) else ""
        if API_ROOT in href:
            return RawSite(base_url=href.split(API_ROOT)[0] + "/", platform=PLATFORM)
    parts = urlsplit(link)
    return RawSite(base_url=f"{parts.scheme}://{parts.netloc}/", platform=PLATFORM)


def is_public(post: dict) -> bool:
    """True for a post or page object that was published (public responses omit 'status' or say 'publish')."""
    return is_post(post) and str(post.get("status", "publish")) in PUBLIC_STATUSES


def rest_post(post: dict, comments: list[RawComment], prov: RawProvenance) -> Optional[RawPost]:
    """One /wp/v2/posts (or /pages) object, with its raw comments, as a raw post; None when it has no 'link'."""
    link = post.get("link")
    if not link:
        log.warning("post %s has no 'link'; skipped", post.get("id"))
        return None
    content, excerpt = _rendered(post.get("content")), _rendered(post.get("excerpt"))
    title = _rendered(post.get("title"))
    status = post.get("comment_status")
    return RawPost(
        raw_version=RAW_VERSION, url=link, canonical_url=link, site=_site(post, link), provenance=prov,
        post_id=str(post["id"]), post_type=POST_TYPES[post.get("type", "post")],
        title=html.unescape(title) if title is not None else None,
        authors=_authors(post), **_terms(post),
        published_machine=post.get("date"), published_gmt=post.get("date_gmt"),
        updated_machine=post.get("modified"), updated_gmt=post.get("modified_gmt"),
        content_html=content if content is not None else excerpt,
        is_excerpt=content is None and excerpt is not None,
        comments=comments, comments_status=status if status in COMMENT_STATUSES else None,
    )


def read_wp_rest(paths: Sequence[PathLike] | PathLike, *, include_unapproved: bool = False) -> Iterator[RawPost]:
    """Yield each post and page found in the files, with comments from embedded replies and comments lists merged
    by post id. Password-protected ones are kept (their comments were public); the API gives their content
    empty, and it stays empty.

    Comments whose post is in none of the files cannot be placed and are skipped (logged)."""
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    data = _collect(paths)
    fetched_at = (max(data.times).strftime("%Y-%m-%dT%H:%M:%SZ") if data.times
                  else max(mtime_utc(p) for p in paths))
    orphans = set(data.comments) - set(data.posts)
    if orphans:
        log.warning("comments for post(s) %s skipped: no post object in %s", sorted(orphans), paths)
    hashes: dict[Path, str] = {}
    for pid, post in data.posts.items():
        if not is_public(post):
            continue
        path = data.post_files[pid]
        sha = hashes.setdefault(path, file_sha256(path))
        comments = rest_comments(data.comments.get(pid, {}).values(), include_unapproved)
        raw = rest_post(post, comments, provenance(path, SOURCE, fetched_at, sha))
        if raw is not None:
            yield raw
