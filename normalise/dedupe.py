"""Duplicates across records: versions of one post merged into one, cross-posted near-copies linked."""
from __future__ import annotations

import copy
import dataclasses
import json
from typing import Callable, Iterable, Optional
from urllib.parse import urlsplit

from .comments import build_tree, count, flatten, merge_comment_lists_mapped, remove_repeats
from .dataio import to_dict
from .schema import PageValidators, Post, RemovedComment
from .minhash import NearDuplicateIndex, signature_of_words, words

# Near-duplicates: MinHash signatures (128 permutations, word 3-shingles) whose estimated Jaccard similarity is at
# least this are one text, judged only for texts of at least NEAR_DUPLICATE_MIN_WORDS words (shorter texts are too
# short to judge). Measured in bench/bench_dedupe.py: see docs/schema.md, 'Near-duplicates'.
NEAR_DUPLICATE_THRESHOLD = 0.6
NEAR_DUPLICATE_MIN_WORDS = 50

# Sources in order of preference for the base version (earlier = richer, more exact payload).
SOURCE_PREFERENCE = ("wp-rest", "blogger-feed", "wxr", "blogger-export", "html", "wayback")


def _source_rank(p: Post) -> int:
    source = p.provenance.source
    return SOURCE_PREFERENCE.index(source) if source in SOURCE_PREFERENCE else len(SOURCE_PREFERENCE)


def _identity(p: Post) -> str:
    """Tie-break on what the merged record inherits from its base, so a merged record ranks next to its base."""
    return json.dumps([to_dict(p.provenance), p.url, p.content_html, p.content_text, p.title], sort_keys=True)


# How versions of one post are ranked, best first: each entry maps a version to a sort key (smaller = better).
VERSION_RANK: tuple[tuple[str, Callable[[Post], object]], ...] = (
    ("full post beats excerpt", lambda p: p.is_excerpt),
    ("more comments", lambda p: -count(p.comments)),
    ("longer text", lambda p: -len(p.content_text)),
    ("preferred source", _source_rank),
    ("earliest fetched", lambda p: p.provenance.fetched_at),
    ("deterministic tie-break", _identity),
    ("whole record", lambda p: json.dumps(to_dict(p), sort_keys=True)),
)

# Fields of the base version filled from the next-ranked version that has them, when the base lacks them.
# Each group is filled as a whole (a date with its precision and raw text).
FILL_GROUPS = (
    ("title",), ("authors",), ("categories",), ("tags",), ("language",),
    ("published", "published_precision", "published_raw"),
    ("updated", "updated_precision", "updated_raw"),
)
SEEN_AT_SCHEMES = ("http", "https")
COMMENT_STATUS_PRECEDENCE = ("closed", "open")   # first found among the versions wins; none -> 'unknown'


def _rank(p: Post) -> tuple:
    return tuple(key(p) for _, key in VERSION_RANK)


def _fill(base: Post, versions: list[Post]) -> dict:
    changes: dict = {}
    for group in FILL_GROUPS:
        if getattr(base, group[0]):
            continue
        donor = next((v for v in versions if getattr(v, group[0])), None)
        if donor is not None:
            changes.update({f: copy.deepcopy(getattr(donor, f)) for f in group})
    return changes


def _comments(versions: list[Post]) -> tuple[list, list[RemovedComment]]:
    """Union of the versions' comments in document order; of two repeats, the one from the better-ranked
    version is kept (so merging a merged record again keeps the same comments)."""
    flat: list = []
    arrival: dict[str, int] = {}
    earlier: list[RemovedComment] = []
    for v in versions:
        flat, ids = merge_comment_lists_mapped(flat, flatten(v.comments))
        earlier += [RemovedComment(id=r.id, repeat_of=ids.get(r.repeat_of, r.repeat_of)) for r in v.comments_removed]
        for c in flat:
            arrival.setdefault(c.id, len(arrival))
    kept, removed = remove_repeats(sorted(flat, key=lambda c: arrival[c.id]))
    kept_by_id = {c.id: c for c in kept}
    tree = build_tree([kept_by_id[c.id] for c in flat if c.id in kept_by_id])
    return tree, _removed(removed + earlier, set(kept_by_id))


def _removed(records: list[RemovedComment], kept_ids: set[str]) -> list[RemovedComment]:
    """Distinct (id, repeat_of) records, sorted; never one whose id names a comment still present."""
    pairs = {(r.id, r.repeat_of) for r in records if r.id not in kept_ids}
    return [RemovedComment(id=i, repeat_of=of) for i, of in sorted(pairs)]


def _is_web_url(u: str) -> bool:
    try:
        return urlsplit(u).scheme.lower() in SEEN_AT_SCHEMES
    except ValueError:  # a fetched_url that is no URL ('http://[::1'): provenance only, never a place seen at
        return False


def _seen_at(url: str, versions: list[Post]) -> list[str]:
    # A Wayback snapshot's fetched_url is the archive's address, not one the post was published at.
    urls = {u for v in versions for u in (v.url, *([] if v.provenance.snapshot else [v.provenance.fetched_url]),
                                          *v.seen_at)}
    return sorted(u for u in urls if u != url and _is_web_url(u))


def _validators(versions: list[Post]) -> list[PageValidators]:
    """Every page's validators across the versions, the latest fetch of each URL, sorted by URL."""
    latest: dict[str, PageValidators] = {}
    for v in versions:
        for page in v.provenance.validators:
            if page.url not in latest or (page.fetched_at, page.etag or "", page.last_modified or "") > (
                    latest[page.url].fetched_at, latest[page.url].etag or "", latest[page.url].last_modified or ""):
                latest[page.url] = page
    return [copy.deepcopy(latest[u]) for u in sorted(latest)]


def _declared(versions: list[Post]) -> Optional[int]:
    announced = [v.comments_declared for v in versions if v.comments_declared is not None]
    return max(announced) if announced else None


def _status(versions: list[Post]) -> str:
    statuses = {v.comments_status for v in versions}
    return next((s for s in COMMENT_STATUS_PRECEDENCE if s in statuses), "unknown")


def merge_versions(versions: list[Post]) -> Post:
    """One Post from several versions of the same post (same id); see merge_posts."""
    ranked = sorted(versions, key=_rank) if len(versions) > 1 else list(versions)
    base = ranked[0]
    tree, removed = _comments(ranked)
    return dataclasses.replace(
        copy.deepcopy(base), **_fill(base, ranked[1:]),
        comments=tree, comment_count=count(tree), comments_removed=removed,
        comments_declared=_declared(ranked), comments_status=_status(ranked),
        seen_at=_seen_at(base.url, ranked),
        provenance=dataclasses.replace(copy.deepcopy(base.provenance), validators=_validators(ranked)),
    )


def merge_posts(posts: Iterable[Post]) -> list[Post]:
    """Merge records with the same id into one each: the richest version (VERSION_RANK) is the base, its empty
    fields (FILL_GROUPS) are filled from the others in rank order, comments are unioned across versions (repeats
    removed), the announced count is the maximum, comments are closed if any version says so, and seen_at lists
    every other http(s) URL the post was seen at. Sorted by (published or '', id); idempotent, order-free."""
    groups: dict[str, list[Post]] = {}
    for p in posts:
        groups.setdefault(p.id, []).append(p)
    merged = [merge_versions(vs) for vs in groups.values()]
    return sorted(merged, key=lambda p: (p.published or "", p.id))


def _age(p: Post) -> tuple:
    """Which of two posts is earlier: dated before undated, then by published, then by id."""
    return (p.published is None, p.published or "", p.id)


def link_near_duplicates(posts: list[Post]) -> list[Post]:
    """Copies of ``posts`` (same order) with duplicate_of = id of the earliest post whose text has an estimated
    Jaccard similarity >= NEAR_DUPLICATE_THRESHOLD (texts of NEAR_DUPLICATE_MIN_WORDS words or more), else None.
    A post never links to a record with its own id; links point at the root of a chain, never at a duplicate."""
    order = sorted(range(len(posts)), key=lambda i: _age(posts[i]))
    index = NearDuplicateIndex(NEAR_DUPLICATE_THRESHOLD)
    root_of: dict[int, int] = {}          # position in ``order`` -> position of its chain's root
    links: dict[int, Optional[str]] = {}
    for pos, i in enumerate(order):
        post = posts[i]
        links[i] = None
        tokens = words(post.content_text)
        if len(tokens) < NEAR_DUPLICATE_MIN_WORDS:
            continue
        sig = signature_of_words(tokens)
        roots = sorted({root_of[j] for j in index.near(sig)})
        root = next((r for r in roots if posts[order[r]].id != post.id), None)
        links[i] = None if root is None else posts[order[root]].id
        root_of[pos] = pos if root is None else root
        index.add(pos, sig)
    return [dataclasses.replace(p, duplicate_of=links[i]) for i, p in enumerate(posts)]
