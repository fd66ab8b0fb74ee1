"""Property-based tests on real pages (../shared/fixtures): mutated real records and mutated page HTML never crash.

(b) Records extracted from real WordPress, Blogger and charity pages are broken (HTML truncated at random offsets,
hostile vectors injected, comments duplicated or made to reply in a cycle, fields deleted or given a wrong type):
each still normalises (valid, inert, idempotent) or is rejected with a field path, and HTML damage alone never
gets a record rejected. (c) extract_page on the page bytes truncated, spliced with random bytes or stripped of
random tags never raises. CI runs a fixed, derandomised budget; FUZZ_EXAMPLES=N runs a longer exploration.
"""
from __future__ import annotations

import copy
import csv
import os
import re
from functools import lru_cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harvester.extract import extract_page
from normalise.schema import Post
from tests.conftest import shared_fixtures_or_skip
from tests.hostile.properties import check_published, outcome
from tests.hostile.strategies import WRONG_TYPES, mutate
from tests.hostile.vectors import VECTORS

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "0"))
FUZZ = settings(max_examples=EXAMPLES or 40, deadline=None, derandomize=not EXAMPLES, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
FETCHED_AT = "2024-05-01T12:00:00Z"
# Pages up to this size are fuzzed (the largest add parse time, not new markup).
MAX_PAGE_BYTES = 160_000
TAG = re.compile(rb"<[^<>]{0,200}>")


@lru_cache(maxsize=1)
def real_pages() -> list[tuple[str, str, bytes]]:
    """(file, original URL, bytes) of every saved HTML page in the fixtures no larger than MAX_PAGE_BYTES."""
    folder = shared_fixtures_or_skip()
    with open(folder / "MANIFEST.tsv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    pages = []
    for row in rows:
        path = folder / row["file"]
        if path.suffix in (".html", ".htm") and path.stat().st_size <= MAX_PAGE_BYTES:
            pages.append((row["file"], row["original_url"], path.read_bytes()))
    return pages


@lru_cache(maxsize=1)
def real_records() -> list[dict]:
    """Every raw record extracted from those pages (the crawl-side contract, as spiders emit it)."""
    return [r for _, url, body in real_pages() for r in extract_page(body, url, fetched_at=FETCHED_AT)]


def test_real_material_present():
    assert len(real_pages()) >= 30
    records = real_records()
    assert len(records) >= 30 and sum(len(r.get("comments", [])) for r in records) >= 100


def _html_fields(record: dict) -> list[dict]:
    """The record and each of its comments (flattened): the dicts holding a content_html."""
    out, stack = [record], list(record.get("comments", []))
    while stack:
        c = stack.pop()
        out.append(c)
        stack.extend(c.get("replies", []))
    return [d for d in out if isinstance(d.get("content_html"), str)]


@FUZZ
@given(st.data())
def test_html_damage_never_gets_a_real_record_rejected(data):
    record = copy.deepcopy(data.draw(st.sampled_from([r for r in real_records() if _html_fields(r)])))
    holders = _html_fields(record)
    for holder in data.draw(st.lists(st.sampled_from(holders), min_size=1, max_size=4)):
        html = holder["content_html"]
        cut = data.draw(st.integers(0, len(html)))
        action = data.draw(st.sampled_from(["truncate", "inject", "both"]))
        vector = data.draw(st.sampled_from(VECTORS))[1]
        if action in ("truncate", "both"):
            html = html[:cut]
        if action in ("inject", "both"):
            html = html[:cut] + vector + html[cut:]
        holder["content_html"] = html
    result = outcome(record)
    assert isinstance(result, Post), result
    check_published(result)


@FUZZ
@given(st.data())
def test_comment_damage_keeps_every_comment(data):
    record = copy.deepcopy(data.draw(st.sampled_from([r for r in real_records() if r.get("comments")])))
    comments = record["comments"]
    for _ in range(data.draw(st.integers(1, 3))):
        i, j = data.draw(st.integers(0, len(comments) - 1)), data.draw(st.integers(0, len(comments) - 1))
        if data.draw(st.booleans()):
            comments.insert(j, copy.deepcopy(comments[i]))       # the same comment twice (paged-comment overlap)
        else:                                                    # i replies to j and j to i: a cycle
            comments[i]["parent_id"], comments[j]["parent_id"] = comments[j].get("id"), comments[i].get("id")
    result = outcome(record)
    assert isinstance(result, Post), result
    check_published(result)
    assert result.comment_count + len(result.comments_removed) >= len({c.get("id") for c in comments})


@FUZZ
@given(st.data(), WRONG_TYPES, st.integers(1, 4))
def test_broken_real_records_normalise_or_reject(data, wrong, count):
    record = copy.deepcopy(data.draw(st.sampled_from(real_records())))
    result = outcome(mutate(record, data.draw(st.randoms(use_true_random=False)), wrong, count))
    if isinstance(result, Post):
        check_published(result)


@FUZZ
@given(st.data())
def test_extract_page_never_raises_on_damaged_pages(data):
    _, url, body = data.draw(st.sampled_from(real_pages()))
    for _ in range(data.draw(st.integers(1, 3))):
        action = data.draw(st.sampled_from(["truncate", "bytes", "drop-tags", "splice"]))
        at = data.draw(st.integers(0, len(body)))
        if action == "truncate":
            body = body[:at]
        elif action == "bytes":
            body = body[:at] + data.draw(st.binary(min_size=1, max_size=64)) + body[at:]
        elif action == "drop-tags":
            tags = list(TAG.finditer(body))
            for match in sorted(data.draw(st.lists(st.sampled_from(tags), max_size=20, unique_by=lambda m: m.start()))
                                if tags else [], key=lambda m: -m.start()):
                body = body[:match.start()] + body[match.end():]
        else:
            end = data.draw(st.integers(at, min(len(body), at + 5000)))
            body = body[:at] + body[at:end] * 2 + body[end:]
    for record in extract_page(body, url, fetched_at=FETCHED_AT):
        outcome(record)
