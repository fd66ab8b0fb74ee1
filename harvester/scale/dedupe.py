"""Posts emitted once across workers: a post version is claimed in Redis before it is journalled, confirmed after.

The key of a version is the post's record id (``normalise.urls.post_id`` of its canonical URL, as ``normalise``
computes it) and a fingerprint of its content: the raw record less the fetch-specific provenance fields
(``VOLATILE_PROVENANCE``). Two workers that fetch the same page give the same key, and the second drops its copy
(stat ``scale/duplicate_posts``); two *versions* of one post (the REST record and the HTML page read for its
pingbacks) have different fingerprints, are both kept, and ``normalise`` merges them as in a single crawl.

Order, so that nothing is lost: ``RedisClaimPipeline`` (before ``RawJournalPipeline``) claims the key for this
worker and notes it as pending; ``RedisConfirmPipeline`` (after it) clears the pending note once the journal line
is written (sent in batches with the requests' acks, ``Worker.flush``). A worker killed between the two leaves the
claim pending; when its in-flight requests are requeued
its pending claims are released with them (``frontier.REQUEUE``), so the re-run request emits the post again. If
the kill fell between the journal write and the confirmation, that post is then in two workers' journals:
``normalise`` merges the identical versions, so the merged archive still holds it once.
"""
from __future__ import annotations

import hashlib
import json
from typing import Any
from urllib.parse import urljoin

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem, NotConfigured

from normalise.urls import canonical_url, post_id

from .worker import worker_of

#: Provenance fields that differ between two fetches of the same content.
VOLATILE_PROVENANCE = ("fetched_at", "fetched_url", "payload_sha256")


def record_id(data: dict) -> str:
    """The id normalise will give this raw record's post ('post-…'), or '' when its URL cannot be read."""
    try:
        seen = urljoin((data.get("site") or {}).get("base_url") or "", (data.get("url") or "").strip())
        return post_id(canonical_url(data.get("canonical_url") or seen, base=seen))
    except (ValueError, TypeError):
        return ""


def fingerprint(data: dict) -> str:
    """SHA-256 of the record's content (canonical JSON) without the fetch-specific provenance fields."""
    content = dict(data)
    content["provenance"] = {k: v for k, v in (data.get("provenance") or {}).items() if k not in VOLATILE_PROVENANCE}
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def version_key(data: dict) -> tuple[str, str]:
    """(claim key 'post-…:<fingerprint prefix>', record id) of one raw record."""
    rid = record_id(data)
    return f"{rid or 'no-id'}:{fingerprint(data)[:24]}", rid


class RedisClaimPipeline:
    """Drops a post version another worker (or this one) already emitted; claims it for this worker otherwise."""

    def __init__(self, crawler):
        if not crawler.settings.get("REDIS_URL"):
            raise NotConfigured("REDIS_URL is not set")
        self.crawler = crawler
        self.frontier = worker_of(crawler).frontier

    @classmethod
    def from_crawler(cls, crawler) -> "RedisClaimPipeline":
        return cls(crawler)

    def process_item(self, item: Any, spider=None) -> Any:
        data = ItemAdapter(item).asdict()
        key, rid = version_key(data)
        owner = self.frontier.claim_post(key, rid)
        if owner is not None:
            self.crawler.stats.inc_value("scale/duplicate_posts")
            raise DropItem(f"{data.get('url')}: this version was already emitted by worker {owner}")
        self.crawler.stats.inc_value("scale/claimed_posts")
        return item


class RedisConfirmPipeline:
    """Confirms a claimed version once the raw journal holds it (runs after RawJournalPipeline)."""

    def __init__(self, crawler):
        if not crawler.settings.get("REDIS_URL"):
            raise NotConfigured("REDIS_URL is not set")
        self.worker = worker_of(crawler)

    @classmethod
    def from_crawler(cls, crawler) -> "RedisConfirmPipeline":
        return cls(crawler)

    def process_item(self, item: Any, spider=None) -> Any:
        self.worker.unconfirmed.append(version_key(ItemAdapter(item).asdict())[0])
        self.worker.flush()
        return item
