"""The Wayback Machine as a source: ``-a source=wayback`` reads a blog from its captures instead of the live site.

``WaybackMiddleware`` (a downloader middleware, active only for a spider started with ``-a source=wayback``) first
lists the blog's captures with the CDX API (``WAYBACK_CDX_URL``; a prefix query on the blog URL, status 200 only,
``collapse=urlkey`` — or ``collapse=digest`` when more than one version per page is wanted — paged by resume key,
within ``-a from=``/``-a to=``). Then every request the platform spider makes for a page of the blog is answered
from the archive: the request is replaced by one for the raw snapshot ``WAYBACK_SNAPSHOT_URL/<timestamp>id_/<url>``,
and the answer is handed back under the original URL, with the archive's ``X-Archive-Orig-*`` headers restored and
every archive-rewritten link mapped back (harvester.wayback_cdx.unarchive). So the platform logic (API discovery,
pagination, comment pages), its scope and its URL de-duplication run exactly as on the live site. A URL the archive
does not hold answers 404 without any request (a REST API or feed rarely captured: the platforms fall back to HTML).
When the crawl runs dry, every captured page it never reached is handed to the platform spider's ``follow()``.

``-a versions=N`` (or ``all``; WAYBACK_VERSIONS) fetches up to N captures of each page the platform discovers, spread
over time (a start page or API probe: its latest only): their records merge into one post (richest version, comments
unioned). Records carry ``source='wayback'``, the snapshot
``timestamp``, the snapshot URL as ``fetched_url`` and the capture time as ``fetched_at`` (relative dates and the
plausibility bound are the capture's). No request reaches the live site; robots.txt is not fetched (the archive
applies its own exclusions), and AutoThrottle and the per-domain limit apply to the archive host.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Optional
from urllib.parse import urlsplit

from scrapy import Request, signals
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.http import Response

from harvester.platforms.common import Scope

from .wayback_cdx import (CaptureIndex, capture_key, cdx_query, parse_cdx, snapshot_time, snapshot_url,
                          timestamp_of, unarchive, valid_timestamp, versions)
from .faultlog import DETAIL as FAULT_DETAIL
from .warc import SYNTHETIC_KEY

log = logging.getLogger(__name__)

SOURCES = ("live", "wayback")
PASS = "wayback_pass"            # meta: an archive request (CDX or snapshot), never mapped again
ORIGINAL = "wayback_original"    # meta: the blog URL a snapshot request stands for
SNAPSHOT = "wayback_snapshot"    # meta: provenance fields of the snapshot (harvester.platforms.common.archive_fields)
#: Original headers the archive returns as X-Archive-Orig-<name> that are not restored (they describe the original
#: transfer, not the bytes the archive sends).
NOT_RESTORED = ("content-length", "content-encoding", "transfer-encoding", "connection", "keep-alive")
#: Media types whose bodies may hold archive-rewritten links.
TEXT_TYPES = (b"html", b"xml", b"json", b"javascript", b"text/")


def wayback_options(spider, settings) -> Optional[dict[str, Any]]:
    """The spider's -a source=/from=/to=/versions= as options, None for a live crawl; ValueError for bad values."""
    source = (getattr(spider, "source", None) or "live").lower()
    if source not in SOURCES:
        raise ValueError(f"{spider.name}: source must be one of {', '.join(SOURCES)}, not {source!r}")
    if source == "live":
        return None
    time_from, time_to = getattr(spider, "from", None), getattr(spider, "to", None)
    wanted = str(getattr(spider, "versions", None) or settings.get("WAYBACK_VERSIONS") or 1).lower()
    if wanted != "all" and not (wanted.isdigit() and int(wanted) >= 1):
        raise ValueError(f"{spider.name}: versions must be a number >= 1 or 'all', not {wanted!r}")
    return {"from": valid_timestamp(str(time_from), "from") if time_from else None,
            "to": valid_timestamp(str(time_to), "to") if time_to else None,
            "versions": None if wanted == "all" else int(wanted)}


class WaybackMiddleware:
    """Answer a ``-a source=wayback`` crawl's requests from Wayback Machine snapshots (see the module doc)."""

    def __init__(self, crawler):
        spider = crawler.spider
        self.options = wayback_options(spider, crawler.settings) if spider is not None else None
        if self.options is None:
            raise NotConfigured("live crawl")
        self.crawler, self.settings, self.stats = crawler, crawler.settings, crawler.stats
        self.cdx_endpoint = self.settings.get("WAYBACK_CDX_URL")
        self.snapshot_endpoint = self.settings.get("WAYBACK_SNAPSHOT_URL")
        self.archive_hosts = tuple({urlsplit(self.snapshot_endpoint).netloc, urlsplit(self.cdx_endpoint).netloc})
        self.index = CaptureIndex()
        self._loading: Optional[asyncio.Future] = None
        self._seeded = False
        crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)

    @classmethod
    def from_crawler(cls, crawler) -> "WaybackMiddleware":
        return cls(crawler)

    # -- the CDX index -----------------------------------------------------------------------------------------
    def prefix(self, spider) -> str:
        scope = getattr(spider, "scope", None) or Scope.of(spider.start_url)
        return scope.url.split("://", 1)[1]

    async def ready(self, spider) -> None:
        if self._loading is None:
            self._loading = asyncio.ensure_future(self.enumerate(spider))
        await asyncio.shield(self._loading)

    async def enumerate(self, spider) -> None:
        """Every capture under the blog's prefix, page by page following the resume key."""
        one = self.options["versions"] == 1
        query = dict(collapse="urlkey" if one else "digest", limit=self.settings.getint("WAYBACK_CDX_LIMIT"),
                     output=self.settings.get("WAYBACK_CDX_FORMAT"), time_from=self.options["from"],
                     time_to=self.options["to"])
        prefix, key, pages = self.prefix(spider), None, 0
        log.info("Wayback: listing the captures of %s (from %s to %s)", prefix, query["time_from"] or "the start",
                 query["time_to"] or "now")
        while True:
            url = cdx_query(self.cdx_endpoint, prefix, resume_key=key, **query)
            request = Request(url, dont_filter=True, meta={PASS: True, "allow_offsite": True,
                                                           "dont_obey_robotstxt": True})
            try:
                response = await self.crawler.engine.download_async(request)
            except Exception as exc:  # a network failure after the retries: harvest what was listed
                log.error("Wayback CDX query failed (%s): %s", exc, url)
                self.stats.inc_value("wayback/cdx_failed")
                break
            if response.status != 200:
                log.error("Wayback CDX query answered %s: %s", response.status, url)
                self.stats.inc_value("wayback/cdx_failed")
                break
            try:
                rows, key = parse_cdx(response.body, url)
            except ValueError as exc:
                log.error("%s", exc)
                self.stats.inc_value("wayback/cdx_failed")
                break
            pages += 1
            self.index.add(r for r in rows if r.get("statuscode", "200") == "200")
            self.stats.set_value("wayback/cdx_pages", pages)
            if not key:
                break
        self.stats.set_value("wayback/captures", self.index.rows)
        self.stats.set_value("wayback/urls", len(self.index.by_key))
        log.info("Wayback: %d captures of %d URLs in %d CDX page(s)", self.index.rows, len(self.index.by_key), pages)
        if not self.index.rows:
            log.error("Wayback: the archive lists no status-200 capture under %s%s: nothing to harvest", prefix,
                      " in the time window" if query["time_from"] or query["time_to"] else "")

    # -- requests and responses --------------------------------------------------------------------------------
    async def process_request(self, request: Request, spider=None):
        if request.meta.get(PASS):
            return None
        spider = spider or self.crawler.spider
        await self.ready(spider)
        captures = versions(self.index.lookup(request.url), self.options["versions"])
        if not captures:
            self.stats.inc_value("wayback/not_captured")
            log.debug("Wayback: no capture of %s", request.url)
            request.meta[SYNTHETIC_KEY] = True
            request.meta[FAULT_DETAIL] = "not captured by the Wayback Machine (no request made)"
            return Response(request.url, status=404, request=request, flags=["wayback:not-captured"])
        if request.dont_filter:   # a seed or start request (a home page, an API probe): its latest capture only
            captures = captures[:1]
        for extra in captures[1:]:
            self.stats.inc_value("wayback/versions_extra")
            self.crawler.engine.crawl(self.snapshot_request(request, extra))
        return self.snapshot_request(request, captures[0])

    def snapshot_request(self, request: Request, capture) -> Request:
        url = snapshot_url(self.snapshot_endpoint, capture)
        self.stats.inc_value("wayback/snapshots")
        return request.replace(url=url, dont_filter=True, meta={
            **request.meta, PASS: True, ORIGINAL: request.url, "allow_offsite": True, "dont_obey_robotstxt": True,
            SNAPSHOT: self.snapshot_fields(url)})

    def snapshot_fields(self, url: str) -> dict[str, str]:
        timestamp = timestamp_of(url) or ""
        return {"source": "wayback", "snapshot": timestamp, "fetched_url": url,
                "fetched_at": snapshot_time(timestamp) if timestamp else ""}

    def process_response(self, request: Request, response: Response, spider=None):
        original = request.meta.get(ORIGINAL)
        if not original:
            return response
        request.meta[SNAPSHOT] = self.snapshot_fields(response.url)   # after a redirect to a nearby capture
        headers = response.headers.copy()
        for name, values in response.headers.items():
            text = name.decode("latin-1")
            if text.lower().startswith("x-archive-orig-") and text[15:].lower() not in NOT_RESTORED:
                headers.setlist(text[15:], [unarchive(v, self.archive_hosts) for v in values])
        body = response.body
        if any(t in headers.get(b"Content-Type", b"").lower() for t in TEXT_TYPES):
            body = unarchive(body, self.archive_hosts)
        return response.replace(url=original, headers=headers, body=body)

    # -- captures no link reached ------------------------------------------------------------------------------
    def spider_idle(self, spider) -> None:
        """Once, when the crawl runs dry: every captured page of the blog not yet requested, through the platform
        spider's own ``follow()`` (its scope, deny patterns and de-duplication)."""
        if self._seeded or not self.index.by_key:
            return
        self._seeded = True
        target = getattr(spider, "delegate", None) or spider
        if not hasattr(target, "follow") or not hasattr(target, "parse_page"):
            return
        requests = list(target.follow(self.index.pages(), target.parse_page))
        self.stats.set_value("wayback/seeded", len(requests))
        if requests:
            log.info("Wayback: %d captured pages no link led to are read too", len(requests))
            for request in requests:
                self.crawler.engine.crawl(request)
            raise DontCloseSpider


__all__ = ["WaybackMiddleware", "wayback_options", "capture_key"]
