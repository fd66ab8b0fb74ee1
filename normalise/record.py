"""Turn one raw record (strings as seen) into one published Post: dates, text, HTML, authors, comments."""
from __future__ import annotations

import re
from datetime import datetime, timezone
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from . import __version__
from .comments import build_tree, count, remove_repeats
from .dataio import RecordError, from_dict
from .dates import DateNormaliser, ParsedDate
from .html import sanitise, to_text
from .raw import RawComment, RawPost
from .schema import SCHEMA_VERSION, Author, Comment, Post, Provenance, Site
from .text import clean_author, clean_inline, comments_status, declared_count
from .urls import canonical_url, post_id

# Prefixes that themes put in front of comment ids in markup; stripped from ids and parent ids alike.
COMMENT_ID_PREFIXES = ("li-comment-", "div-comment-", "comment-", "#")
NO_PARENT = {"", "0", "null", "none"}
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")


class NormaliseError(ValueError):
    """A raw record that cannot become a Post; the message says why."""


def parse_fetched_at(value: str) -> datetime:
    """The fetch time as an aware UTC datetime; a value without offset is taken as UTC."""
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise NormaliseError(f"provenance.fetched_at is not an ISO 8601 time: {value!r:.60}") from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


@lru_cache(maxsize=256)
def _date_normaliser(languages: tuple[str, ...], tz: str | None, order: str | None,
                     fetched_at: datetime) -> DateNormaliser:
    return DateNormaliser(languages=languages, timezone=tz, date_order=order, fetched_at=fetched_at)


def _language(tag: str | None) -> str | None:
    tag = clean_inline(tag).replace("_", "-")
    return tag if tag and _LANGUAGE_TAG.match(tag) else None


def _absolute(url: str | None, base: str) -> str | None:
    url = clean_inline(url)
    if not url:
        return None
    joined = urljoin(base, url)
    return joined if urlsplit(joined).scheme in ("http", "https", "mailto") else None


def _unique(values: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for v in values:
        v = clean_inline(v)
        if v and v.casefold() not in {s.casefold() for s in seen}:
            seen[v] = None
    return list(seen)


def _date_fields(parsed: ParsedDate | None, raw: str | None, machine: str | None) -> tuple:
    seen = raw if raw not in (None, "") else machine
    if parsed is None:
        return None, None, seen
    return parsed.value, parsed.precision, seen


def _comment_id(value: str | None) -> str | None:
    value = (value or "").strip()
    for prefix in COMMENT_ID_PREFIXES:
        if value.startswith(prefix):
            value = value[len(prefix):]
    return None if value.lower() in NO_PARENT else value


def _flatten_raw(raws: list[RawComment]) -> list[tuple[RawComment, str, str | None]]:
    """Nested raw comments -> (comment, id, parent id) in document order; missing ids become c1, c2…"""
    out: list[tuple[RawComment, str, str | None]] = []
    used: set[str] = set()
    stack: list[tuple[RawComment, str | None]] = [(c, None) for c in reversed(raws)]
    while stack:
        raw, nesting_parent = stack.pop()
        cid = _comment_id(raw.id)
        if cid is None or cid in used:
            cid = f"c{len(out) + 1}"
            while cid in used:
                cid += "_"
        used.add(cid)
        parent = _comment_id(raw.parent_id) or nesting_parent
        out.append((raw, cid, parent))
        stack.extend((r, cid) for r in reversed(raw.replies))
    return out


def _comment(raw: RawComment, cid: str, parent: str | None, dates: DateNormaliser, base: str) -> Comment:
    parsed = dates.parse(raw.published_raw, machine=raw.published_machine, gmt=raw.published_gmt)
    published, precision, seen = _date_fields(parsed, raw.published_raw, raw.published_machine)
    html = sanitise(raw.content_html, base)
    return Comment(id=cid, parent_id=parent,
                   author=Author(name=clean_author(raw.author_name), url=_absolute(raw.author_url, base)),
                   published=published, published_precision=precision, published_raw=seen,
                   content_html=html, content_text=to_text(html), kind=raw.kind or "comment",
                   approved=raw.approved)


def _authors(raw: RawPost, base: str) -> list[Author]:
    authors: list[Author] = []
    for a in raw.authors:
        name = clean_author(a.name)
        if name and all(name.casefold() != b.name.casefold() for b in authors):
            authors.append(Author(name=name, url=_absolute(a.url, base)))
    return authors


def normalise_post(raw: RawPost) -> Post:
    """The published Post for one raw record; raises NormaliseError when it cannot be built."""
    prov = raw.provenance
    fetched_at = parse_fetched_at(prov.fetched_at)
    seen_url = urljoin(raw.site.base_url, raw.url.strip())
    if urlsplit(seen_url).scheme not in ("http", "https"):
        raise NormaliseError(f"url is not an absolute http(s) URL: {raw.url!r:.80}")
    url = canonical_url(raw.canonical_url or seen_url, base=seen_url)
    language = _language(raw.language)
    languages = tuple(raw.site.languages) or ((language,) if language else ())
    dates = _date_normaliser(languages, raw.site.timezone, raw.site.date_order, fetched_at)

    title = clean_inline(raw.title)
    parsed = dates.parse(raw.published_raw, machine=raw.published_machine, gmt=raw.published_gmt)
    if parsed is None and not (raw.published_raw or raw.published_machine):
        parsed = dates.from_title(title)
    published, published_precision, published_raw = _date_fields(parsed, raw.published_raw,
                                                                  raw.published_machine)
    if parsed is not None and published_raw is None:
        published_raw = parsed.raw
    updated = dates.parse(raw.updated_raw, machine=raw.updated_machine, gmt=raw.updated_gmt)
    updated_value, updated_precision, updated_raw = _date_fields(updated, raw.updated_raw, raw.updated_machine)

    content_html = sanitise(raw.content_html, url)
    flat = [_comment(c, cid, parent, dates, url) for c, cid, parent in _flatten_raw(raw.comments)]
    kept, removed = remove_repeats(flat)
    tree = build_tree(kept)

    base_url = canonical_url(raw.site.base_url, base=seen_url).rstrip("/") + "/"
    site_name = clean_inline(raw.site.name) or urlsplit(base_url).hostname or base_url
    seen_canonical = canonical_url(seen_url)
    return Post(
        schema_version=SCHEMA_VERSION, id=post_id(url), url=url,
        site=Site(name=site_name, base_url=base_url, platform=raw.site.platform),
        post_type=raw.post_type, title=title, authors=_authors(raw, url),
        categories=_unique(raw.categories), tags=_unique(raw.tags), language=language,
        published=published, published_precision=published_precision, published_raw=published_raw,
        updated=updated_value, updated_precision=updated_precision, updated_raw=updated_raw,
        content_html=content_html, content_text=to_text(content_html), is_excerpt=raw.is_excerpt,
        comments=tree, comment_count=count(tree), comments_declared=declared_count(raw.comments_declared),
        comments_status=comments_status(raw.comments_status),
        comments_removed=removed,
        seen_at=[seen_canonical] if seen_canonical != url else [],
        duplicate_of=None,
        provenance=Provenance(fetched_url=prov.fetched_url, fetched_at=fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                              source=prov.source, tool=prov.tool, tool_version=prov.tool_version or __version__,
                              payload_sha256=prov.payload_sha256, snapshot=prov.snapshot),
    )


def normalise_dict(data: dict) -> Post:
    """Validate a raw JSON object against the raw contract and normalise it."""
    if data.get("raw_version") != "1":
        raise NormaliseError(f"raw_version must be '1', got {data.get('raw_version')!r:.20}")
    try:
        raw = from_dict(RawPost, data)
    except RecordError as exc:
        raise NormaliseError(str(exc)) from exc
    return normalise_post(raw)
