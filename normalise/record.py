"""Turn one raw record (strings as seen) into one published Post: dates, text, HTML, authors, comments."""
from __future__ import annotations

import dataclasses
import re
from datetime import datetime, timezone
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from . import __version__
from .comments import build_tree, count, remove_repeats
from .dataio import RecordError, from_dict
from .dates import DateNormaliser, ParsedDate
from .html import remembered_verdicts, sanitise, to_text
from .raw import RawComment, RawPost
from .schema import SCHEMA_VERSION, Author, Comment, PageValidators, Post, Provenance, Site
from .text import clean_author, clean_inline, comments_status, declared_count
from .urls import canonical_url, post_id

# Prefixes that themes put in front of comment ids in markup; stripped from ids and parent ids alike.
COMMENT_ID_PREFIXES = ("li-comment-", "div-comment-", "comment-", "#")
NO_PARENT = {"", "0", "null", "none"}
WEB_SCHEMES = ("http", "https")
# Years a fetch can have happened in: the web is younger, and a later year is a broken clock (dates derived from the
# fetch time, such as '3 weeks ago' or the plausibility bound, must stay inside datetime's range).
FETCH_YEARS = (1990, 2999)
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")


# Deepest reply nesting published (WordPress allows at most 10): JSON readers and validators recurse once per level,
# so a deeper reply (a hostile or broken reply chain) is made top level, keeping its parent_id, like an orphan.
MAX_REPLY_DEPTH = 100


class NormaliseError(ValueError):
    """A raw record that cannot become a Post; the message says why."""


def parse_fetched_at(value: str) -> datetime:
    """The fetch time as an aware UTC datetime; a value without offset is taken as UTC."""
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        moment = moment.astimezone(timezone.utc)
    except (ValueError, OverflowError) as exc:  # OverflowError: year 9999 shifted past the end of time
        raise NormaliseError(f"$.provenance.fetched_at: not an ISO 8601 time: {value!r:.60}") from exc
    if not FETCH_YEARS[0] <= moment.year <= FETCH_YEARS[1]:
        raise NormaliseError(f"$.provenance.fetched_at: year {moment.year} is outside {FETCH_YEARS[0]}-{FETCH_YEARS[1]}")
    return moment


def _joined(base: str | None, url: str | None) -> str | None:
    """url resolved against base (an absolute url needs no valid base), or None when it cannot be parsed."""
    for against in (base or "", ""):
        try:
            return urljoin(against, (url or "").strip())
        except ValueError:  # e.g. 'http://[::1'
            continue
    return None


def _web_url(url: str | None, base: str | None = None) -> str | None:
    """The canonical form of an absolute http(s) URL (relative ones resolved against base), else None."""
    joined = _joined(base, url)
    try:
        canonical = canonical_url(joined) if joined else None
    except ValueError:
        return None
    parts = urlsplit(canonical) if canonical else None
    return canonical if parts and parts.scheme in WEB_SCHEMES and parts.hostname else None


@lru_cache(maxsize=256)
def _date_normaliser(languages: tuple[str, ...], tz: str | None, order: str | None,
                     fetched_at: datetime) -> DateNormaliser:
    return DateNormaliser(languages=languages, timezone=tz, date_order=order, fetched_at=fetched_at)


def _language(tag: str | None) -> str | None:
    tag = clean_inline(tag).replace("_", "-")
    return tag if tag and _LANGUAGE_TAG.match(tag) else None


def _absolute(url: str | None, base: str) -> str | None:
    url = clean_inline(url)
    joined = _joined(base, url) if url else None
    try:
        return joined if joined and urlsplit(joined).scheme in ("http", "https", "mailto") else None
    except ValueError:
        return None


def _sha256(value: str | None) -> str | None:
    """A hex SHA-256 digest in lower case, or None when the value is not one."""
    value = (value or "").strip().lower()
    return value if _SHA256.match(value) else None


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


def _capped_copy(root: Comment, limit: int) -> tuple[Comment, list[Comment]]:
    """A copy of one thread cut below depth ``limit``, and the replies cut off, in document order."""
    top = dataclasses.replace(root, replies=[])
    cut: list[Comment] = []
    stack = [(root, top, 0)]
    while stack:
        old, new, depth = stack.pop()
        if depth == limit:
            cut.extend(old.replies)
            continue
        new.replies = [dataclasses.replace(r, replies=[]) for r in old.replies]
        stack.extend(reversed([(o, n, depth + 1) for o, n in zip(old.replies, new.replies)]))
    return top, cut


def cap_reply_depth(roots: list[Comment], limit: int = MAX_REPLY_DEPTH) -> list[Comment]:
    """The tree with replies at most ``limit`` deep: a deeper reply becomes a top-level comment (parent_id kept)
    placed right after the thread it was cut from. Idempotent; nothing recurses, so any depth works."""
    out: list[Comment] = []
    pending = list(reversed(roots))
    while pending:
        thread, cut = _capped_copy(pending.pop(), limit)
        out.append(thread)
        pending.extend(reversed(cut))
    return out


def _authors(raw: RawPost, base: str) -> list[Author]:
    authors: list[Author] = []
    for a in raw.authors:
        name = clean_author(a.name)
        if name and all(name.casefold() != b.name.casefold() for b in authors):
            authors.append(Author(name=name, url=_absolute(a.url, base)))
    return authors


def normalise_post(raw: RawPost) -> Post:
    """The published Post for one raw record; raises NormaliseError when it cannot be built."""
    with remembered_verdicts():
        return _normalise_post(raw)


def _normalise_post(raw: RawPost) -> Post:
    prov = raw.provenance
    fetched_at = parse_fetched_at(prov.fetched_at)
    seen_url = _joined(raw.site.base_url, raw.url)
    if _web_url(seen_url) is None:
        raise NormaliseError(f"$.url: not an absolute http(s) URL: {raw.url!r:.80}")
    # A declared canonical that is not an http(s) URL (garbage, 'javascript:') is not trusted: the page URL is used.
    url = _web_url(raw.canonical_url, base=seen_url) or _web_url(seen_url)
    base_url = _web_url(raw.site.base_url, base=seen_url)
    if base_url is None:
        raise NormaliseError(f"$.site.base_url: not an http(s) URL: {raw.site.base_url!r:.80}")
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
    tree = cap_reply_depth(build_tree(kept))

    base_url = base_url.rstrip("/") + "/"
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
                              payload_sha256=_sha256(prov.payload_sha256), snapshot=prov.snapshot,
                              warc_file=prov.warc_file, warc_record_id=prov.warc_record_id,
                              validators=page_validators(prov, fetched_at)),
    )


def page_validators(prov, fetched_at: datetime) -> list[PageValidators]:
    """The fetched page's HTTP validators as a one-item list, or [] when it sent none."""
    if not (prov.etag or prov.last_modified):
        return []
    return [PageValidators(url=prov.fetched_url, fetched_at=fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                           etag=prov.etag, last_modified=prov.last_modified)]


def normalise_dict(data: dict) -> Post:
    """Validate a raw JSON object against the raw contract and normalise it."""
    if not isinstance(data, dict):
        raise NormaliseError(f"$: expected a JSON object, got {type(data).__name__}")
    if data.get("raw_version") != "1":
        raise NormaliseError(f"$.raw_version: must be '1', got {data.get('raw_version')!r:.20}")
    try:
        raw = from_dict(RawPost, data)
    except RecordError as exc:
        raise NormaliseError(str(exc)) from exc
    return normalise_post(raw)
