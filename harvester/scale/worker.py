"""One Redis worker process: its identity and frontier handle, and the extension that keeps it alive and fed.

Every ``REDIS_TICK`` seconds the extension renews the worker's heartbeat, requeues the in-flight entries of
workers whose heartbeat expired (``frontier.reclaim_dead``), acks finished requests, takes a seed when this worker
has no blog starting and the shared queue runs low, and wakes the engine when requests are queued. An idle
worker waits for work (``spider_idle`` raises ``DontCloseSpider``) unless ``REDIS_IDLE_CLOSE`` is set: then it
stops once the whole frontier (queue, seeds, every worker's in-flight entries) has been empty that many seconds.

The worker id (host, process id, random suffix) is added to the crawl's run stamp, so each worker writes its own
raw journal and feed (``output/raw/<spider>-<time>-<worker>.raw.jsonl``).
"""
from __future__ import annotations

import json
import logging
import os
import secrets
import socket
import time
import weakref
from typing import Optional

from scrapy import signals
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.utils.defer import deferred_from_coro
from scrapy_redis.connection import get_redis_from_settings
from twisted.internet import task

from . import engine
from .frontier import Frontier

log = logging.getLogger(__name__)
_WORKERS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
# Buffered acks and confirmations are sent once this many wait, or this many seconds after the last send.
FLUSH_AT = 16
FLUSH_SECONDS = 0.5


class Worker:
    """This process's identity on the frontier of the crawl's spider."""

    def __init__(self, frontier: Frontier):
        self.id = frontier.worker
        self.frontier = frontier
        self.frontier.beat()
        self.closed = False
        self.unacked: list[str] = []        # in-flight tokens of finished requests, deleted in batches
        self.unconfirmed: list[str] = []    # post claims journalled since the last flush
        self.last_flush = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler) -> "Worker":
        """A new worker id (host, process id, random suffix) on the frontier of the crawl's spider at REDIS_URL."""
        settings = crawler.settings
        server = get_redis_from_settings(settings)
        server.ping()
        worker = f"{socket.gethostname()}-{os.getpid()}-{secrets.token_hex(2)}"
        return cls(Frontier(server, crawler.spidercls.name, worker,
                            heartbeat_ttl=settings.getfloat("REDIS_HEARTBEAT_TIMEOUT", 30.0)))

    def flush(self, force: bool = False) -> None:
        """Send the buffered acks and confirmations (one round trip) when enough are waiting, or ``force``.

        Until then a finished request stays in flight and a journalled post stays unconfirmed: a kill in between
        re-runs the request and emits the post again (``normalise`` merges the copy), it never loses either."""
        waiting = len(self.unacked) + len(self.unconfirmed)
        if not waiting or not (force or waiting >= FLUSH_AT or time.monotonic() - self.last_flush >= FLUSH_SECONDS):
            return
        tokens, keys = self.unacked, self.unconfirmed
        self.unacked, self.unconfirmed = [], []
        self.frontier.ack(*tokens, confirmed=tuple(keys))
        self.last_flush = time.monotonic()


def worker_of(crawler) -> Worker:
    """The crawl's Worker (made once per crawler; the scheduler, extension and pipelines share it)."""
    worker = _WORKERS.get(crawler)
    if worker is None:
        worker = _WORKERS[crawler] = Worker.from_crawler(crawler)
        stamp = crawler.stats.get_value("harvest/run_stamp")
        if stamp is None:
            from harvester.feeds import run_stamp
            stamp = run_stamp(crawler)
        crawler.stats.set_value("harvest/run_stamp", f"{stamp}-{worker.id}")
        crawler.stats.set_value("scale/worker", worker.id)
    return worker


class WorkerExtension:
    """Heartbeat, reclaiming dead workers' requests, seeds, waking and idling (see the module docstring)."""

    def __init__(self, crawler):
        if not crawler.settings.get("REDIS_URL"):
            raise NotConfigured("REDIS_URL is not set")
        self.crawler = crawler
        self.worker = worker_of(crawler)
        self.tick_seconds = crawler.settings.getfloat("REDIS_TICK", 1.0)
        self.idle_close = crawler.settings.getfloat("REDIS_IDLE_CLOSE", 0.0)
        self.idle_since: Optional[float] = None
        self.last_beat = 0.0
        self.loop: Optional[task.LoopingCall] = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler) -> "WorkerExtension":
        return cls(crawler)

    @property
    def spider(self):
        return self.crawler.spider

    def spider_opened(self, spider) -> None:
        log.info("Redis worker %s on %s (frontier %s*)", self.worker.id, self.crawler.settings.get("REDIS_URL"),
                 self.worker.frontier.keys.prefix)
        self.beat()
        seed = spider.command_seed()
        if seed is not None:
            blog = spider.seed_blog_id(seed)
            new = self.worker.frontier.server.hsetnx(self.worker.frontier.keys.blogs, blog,
                                                       json.dumps(seed, sort_keys=True))
            if new:
                self.worker.frontier.push_seeds([seed])
                log.info("seeded %s from the command line", seed["url"])
            else:
                log.info("%s is already known to the frontier: not seeded again (scrapy seed_redis %s URL --again "
                         "harvests it anew)", seed["url"], spider.name)
        self.loop = task.LoopingCall(self.tick)
        self.loop.start(self.tick_seconds, now=True)

    def beat(self) -> None:
        self.worker.frontier.beat()
        self.last_beat = time.monotonic()
        requeued = self.worker.frontier.reclaim_dead()
        if requeued.requests or requeued.seeds or requeued.claims_released:
            log.warning("requeued %d requests and %d seeds of stopped workers (%d unconfirmed post claims "
                        "released)", requeued.requests, requeued.seeds, requeued.claims_released)
            stats = self.crawler.stats
            stats.inc_value("scale/requeued_requests", requeued.requests)
            stats.inc_value("scale/requeued_seeds", requeued.seeds)
            stats.inc_value("scale/released_claims", requeued.claims_released)

    def tick(self) -> None:
        if self.worker.closed or self.spider is None:
            return
        try:
            if time.monotonic() - self.last_beat >= self.worker.frontier.heartbeat_ttl / 5:
                self.beat()
            scheduler = getattr(getattr(self.crawler.engine, "_slot", None), "scheduler", None)
            if scheduler is not None:
                scheduler.sweep()
            self.worker.flush()
            self.take_seed()
            if self.worker.frontier.queued():
                engine.wake(self.crawler)
        except Exception as exc:   # Redis briefly unreachable: keep the loop; the next tick retries
            log.error("worker tick failed: %s: %s", type(exc).__name__, exc)

    def take_seed(self) -> None:
        """Start one more blog when none is starting here and the shared queue is short of work."""
        if any(b.seed_token for b in self.spider.blogs.values()):
            return
        low = self.crawler.settings.getint("CONCURRENT_REQUESTS", 16) * 2
        if self.worker.frontier.queued() >= low:
            return
        popped = self.worker.frontier.pop_seed()
        if popped is None:
            return
        token, seed = popped
        blog = self.spider.start_blog(seed, token)
        blog.starting = True
        deferred_from_coro(self._start(blog))

    async def _start(self, blog) -> None:
        try:
            async for output in blog.spider.start():
                if hasattr(output, "url") and hasattr(output, "callback"):
                    self.crawler.engine.crawl(output)
                else:
                    log.error("blog %s: start() gave a non-request %r; ignored", blog.id, type(output).__name__)
        except Exception:
            log.exception("blog %s: start() failed", blog.id)
        finally:
            blog.starting = False
            engine.wake(self.crawler)

    def spider_idle(self, spider) -> None:
        if self.idle_close <= 0:
            self.idle_since = None
            raise DontCloseSpider
        if not self.worker.frontier.idle():
            self.idle_since = None
            engine.wake(self.crawler)
            raise DontCloseSpider
        now = time.monotonic()
        if self.idle_since is None:
            self.idle_since = now
        if now - self.idle_since < self.idle_close:
            raise DontCloseSpider
        log.info("the shared frontier has been empty for %.0f s: closing (REDIS_IDLE_CLOSE)", now - self.idle_since)

    def spider_closed(self, spider, reason) -> None:
        self.worker.closed = True
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        self.crawler.stats.set_value("scale/frontier", self.worker.frontier.status())
