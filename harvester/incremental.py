"""Incremental re-crawls: what an earlier archive already holds, and conditional requests that skip unchanged pages.

``scrapy crawl SPIDER -a url=… -a update=ARCHIVE.jsonl`` reads the earlier archive (published or raw JSONL)
before the crawl. The platform spiders then ask only for what changed since it was made (WordPress
``modified_after`` / comments ``after``, Blogger ``updated-min``), and every page the archive was built
from is requested with its validators (``If-None-Match`` / ``If-Modified-Since``): a ``304 Not Modified``
costs no parsing and yields no record, the earlier record standing. ``-a since=ISO-INSTANT`` sets the
instant by hand (default: the earliest fetch time in the archive, so nothing fetched before a change is
missed).
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Optional

from scrapy.exceptions import IgnoreRequest

log = logging.getLogger(__name__)

# Request meta key set by BlogSpider.follow() on page requests: only those may be sent conditionally (an API or
# feed request answered 304 would look like a failure to its errback).
CONDITIONAL_OK = "conditional_ok"
# Response headers kept in provenance, and the request header each is sent back as.
VALIDATORS = (("etag", b"ETag", b"If-None-Match"), ("last_modified", b"Last-Modified", b"If-Modified-Since"))


def http_validators(headers) -> dict[str, str]:
    """{'etag': …, 'last_modified': …} of a Scrapy response's headers (only those present)."""
    out = {}
    for key, header, _ in VALIDATORS:
        value = headers.get(header)
        if value:
            out[key] = value.decode("latin-1").strip()
    return out


def parse_instant(value: str) -> datetime:
    """An ISO 8601 instant ('2024-05-01T12:00:00Z', a date alone = its midnight UTC) as an aware datetime."""
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise ValueError(f"since={value!r}: not an ISO 8601 date or instant") from exc
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def iso_z(when: datetime) -> str:
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class PreviousArchive:
    """What an earlier archive holds: its posts' URLs, the earliest fetch time, and each page's validators."""

    path: str
    posts: int = 0
    urls: set[str] = field(default_factory=set)
    earliest_fetch: Optional[datetime] = None
    latest_fetch: Optional[datetime] = None
    #: fetched URL -> {'etag': …, 'last_modified': …} of the response the record came from.
    validators: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: str) -> "PreviousArchive":
        """Read an archive (published or raw JSONL); a bad line is an error naming path:line."""
        archive = cls(path=path)
        source = Path(path)
        if not source.is_file():
            raise ValueError(f"update={path}: no such archive file")
        with source.open(encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, start=1):
                if line.strip():
                    archive._add(line, f"{path}:{lineno}")
        return archive

    def _add(self, line: str, where: str) -> None:
        try:
            record = json.loads(line)
            prov = record["provenance"]
            url, fetched_url = record["url"], prov["fetched_url"]
            fetched = parse_instant(prov["fetched_at"])
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"{where}: not an archive record ({type(exc).__name__}: {exc})"[:300]) from exc
        self.posts += 1
        self.urls.add(url)
        self.earliest_fetch = min(filter(None, [self.earliest_fetch, fetched]))
        self.latest_fetch = max(filter(None, [self.latest_fetch, fetched]))
        # a published record lists every page's validators; a raw record carries its one page's
        pages = prov.get("validators") if isinstance(prov.get("validators"), list) else [{**prov, "url": fetched_url}]
        for page in pages:
            found = {k: page[k] for k, _, _ in VALIDATORS if isinstance(page, dict) and isinstance(page.get(k), str)
                     and page[k]}
            if found and isinstance(page.get("url"), str):
                self.validators[page["url"]] = found


def request_validators(previous: Optional[PreviousArchive], url: str) -> Iterable[tuple[bytes, str]]:
    """The conditional headers to send for ``url`` ((header, value) pairs), from the earlier archive."""
    if previous is None:
        return []
    known = previous.validators.get(url) or {}
    return [(request_header, known[key]) for key, _, request_header in VALIDATORS if key in known]


class NotModified(IgnoreRequest):
    """A conditional page request answered 304: nothing new there (not a fault: harvester.faultlog skips it)."""


class ConditionalRequestMiddleware:
    """Downloader middleware: validators on requests for pages the earlier archive was built from; 304 dropped.

    Active only when the spider has ``previous`` (an incremental crawl), on page requests marked CONDITIONAL_OK
    by ``BlogSpider.follow()``. A page answered ``304`` is counted
    (``incremental/not_modified``) and ignored: its record in the earlier archive is still current.
    """

    def __init__(self, crawler):
        self.crawler, self.stats = crawler, crawler.stats

    @classmethod
    def from_crawler(cls, crawler) -> "ConditionalRequestMiddleware":
        return cls(crawler)

    def process_request(self, request, spider=None):
        previous = getattr(spider or self.crawler.spider, "previous", None)
        if previous is None or not request.meta.get(CONDITIONAL_OK):
            return None
        sent = False
        for header, value in request_validators(previous, request.url):
            if header not in request.headers:
                request.headers[header] = value
                sent = True
        if sent:
            request.meta["conditional"] = True
            self.stats.inc_value("incremental/conditional_requests")
        return None

    def process_response(self, request, response, spider=None):
        if response.status == 304 and request.meta.get("conditional"):
            self.stats.inc_value("incremental/not_modified")
            log.debug("not modified since the earlier archive: %s", request.url)
            raise NotModified(f"304 Not Modified: {request.url}")
        return response


def nothing_changed(spider) -> bool:
    """True (and logged) when an incremental crawl found nothing new: an empty harvest is then no failure."""
    previous = getattr(spider, "previous", None)
    if previous is None:
        return False
    stats = spider.crawler.stats
    spider.logger.info("incremental crawl: nothing changed since %s (%s pages not modified); %s stands as it is",
                       getattr(spider, "since", None), stats.get_value("incremental/not_modified", 0), previous.path)
    stats.set_value("incremental/nothing_changed", True)
    return True
