"""The Redis worker's scheduler: scrapy-redis's Scheduler and request dupefilter, with a reliable shared queue.

Shared requests go through scrapy-redis's ``RFPDupeFilter`` (``<spider>:dupefilter``, shared by every worker) and
into ``<spider>:requests``; ``next_request()`` pops them into this worker's in-flight hash (``frontier.pop``) and
the entry is deleted only once the engine has finished with the request (``sweep()``; acks are sent in batches),
so a worker killed at any moment leaves its unfinished requests for the others to requeue. It pops
``REDIS_PREFETCH`` requests per round trip; those waiting here are in flight too. Pinned requests (``codec``) stay in memory with
a per-process dupefilter, exactly as in a single-process crawl; their blog's seed stays in flight until the last
of them is done, so a worker killed while starting a blog leaves the seed to be started again elsewhere.
"""
from __future__ import annotations

import heapq
import itertools
from collections import deque
import logging
from typing import Any, Optional

from scrapy.http import Request
from scrapy.utils.misc import load_object
from scrapy_redis.scheduler import Scheduler

from . import engine
from .worker import worker_of

log = logging.getLogger(__name__)


class ReliableScheduler(Scheduler):
    """scrapy-redis's Scheduler with at-least-once delivery (in-flight entries acked after the request is done)."""

    @classmethod
    def from_crawler(cls, crawler) -> "ReliableScheduler":
        worker = worker_of(crawler)
        settings = crawler.settings
        instance = cls(server=worker.frontier.server, persist=True,
                       dupefilter_cls=settings.get("DUPEFILTER_CLASS"),
                       dupefilter_key=settings.get("SCHEDULER_DUPEFILTER_KEY", "%(spider)s:dupefilter"))
        instance.stats, instance.crawler, instance.worker = crawler.stats, crawler, worker
        instance.prefetch = max(1, settings.getint("REDIS_PREFETCH", 8))
        instance.local: list[tuple[int, int, Request]] = []
        instance.local_seen: set[bytes] = set()
        instance.fetched: deque[tuple[str, bytes]] = deque()   # popped (in flight) but not yet handed out
        instance.handed: dict[Request, Optional[str]] = {}
        instance.pinned_blog: dict[Request, Any] = {}
        instance._order = itertools.count()
        return instance

    def open(self, spider) -> None:
        self.spider = spider
        spider.frontier = self.worker.frontier
        self.df = load_object(self.dupefilter_cls).from_spider(spider)
        self.queue = None   # scrapy-redis's queue is replaced by the frontier

    def __len__(self) -> int:
        return len(self.local) + len(self.fetched) + self.worker.frontier.queued()

    def enqueue_request(self, request: Request) -> bool:
        payload = self.spider.encode(request)
        if payload is None:
            return self._enqueue_local(request)
        fingerprint = "" if request.dont_filter else self.df.request_fingerprint(request)
        if not self.worker.frontier.push(payload, request.priority, fingerprint):
            self.df.log(request, self.spider)
            return False
        self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def _enqueue_local(self, request: Request) -> bool:
        if not request.dont_filter:
            fingerprint = self.crawler.request_fingerprinter.fingerprint(request)
            if fingerprint in self.local_seen:
                self.df.log(request, self.spider)
                return False
            self.local_seen.add(fingerprint)
        heapq.heappush(self.local, (-request.priority, next(self._order), request))
        found = self.spider.blog_of(request)
        if found is not None:
            found[0].pinned += 1
            self.pinned_blog[request] = found[0]
        self.stats.inc_value("scheduler/enqueued/pinned")
        return True

    def next_request(self) -> Optional[Request]:
        self.sweep()
        if self.local:
            request = heapq.heappop(self.local)[2]
            self.handed[request] = None
            self.stats.inc_value("scheduler/dequeued/pinned")
            return request
        while True:
            if not self.fetched:
                self.fetched.extend(self.worker.frontier.pop(self.prefetch))
                if not self.fetched:
                    return None
            token, payload = self.fetched.popleft()
            try:
                request = self.spider.decode(payload)
            except Exception as exc:   # a payload no worker can read would come back forever: log and drop it
                log.error("dropping a queued request that cannot be decoded (%s: %s)", type(exc).__name__, exc)
                self.stats.inc_value("scale/undecodable_requests")
                self.worker.unacked.append(token)
                continue
            self.handed[request] = token
            self.stats.inc_value("scheduler/dequeued/redis")
            return request

    def sweep(self) -> None:
        """Ack the requests the engine has finished with; a blog's seed once none of its pinned requests remain."""
        if self.handed:
            busy = engine.in_progress(self.crawler)
            for request in [r for r in self.handed if r not in busy]:
                token = self.handed.pop(request)
                if token is not None:
                    self.worker.unacked.append(token)
                blog = self.pinned_blog.pop(request, None)
                if blog is not None:
                    blog.pinned -= 1
        seeds = self.finished_seeds()
        self.worker.unacked.extend(seeds)
        self.worker.flush(force=bool(seeds))

    def finished_seeds(self) -> list[str]:
        """Seed tokens of blogs started here whose start requests and pinned requests are all done."""
        out = []
        for blog in self.spider.blogs.values():
            if blog.seed_token and not blog.starting and blog.pinned <= 0:
                out.append(blog.seed_token)
                blog.seed_token = None
        return out

    def has_pending_requests(self) -> bool:
        return bool(self.local) or bool(self.fetched) or self.worker.frontier.queued() > 0

    def close(self, reason: str) -> None:
        """Ack what was finished; anything else this worker holds (prefetched requests, the seeds of blogs still
        starting) goes back to the shared queue."""
        self.sweep()
        self.worker.flush(force=True)
        self.worker.closed = True
        requeued = self.worker.frontier.release()
        if requeued.requests or requeued.seeds:
            log.info("stopping: %d requests and %d seeds handed back to the shared queue", requeued.requests,
                     requeued.seeds)
        self.stats.set_value("scale/released_requests", requeued.requests)
