"""How a crawl fails: a fatal error (unwritable output, full disk, a foreign JOBDIR) stops it with a message.

The message names the path; it is kept in the ``harvest/fatal`` stat, the crawl closes with reason
``harvest_error``, feeds are not stored (an earlier archive at the path stays as it was) and ``scrapy crawl``
exits with status 1 (``harvester.commands.crawl``).
"""
from __future__ import annotations

import logging

from scrapy.utils.defer import deferred_from_coro

log = logging.getLogger(__name__)

FATAL_STAT = "harvest/fatal"
FATAL_REASON = "harvest_error"


def fail_crawl(crawler, message: str) -> None:
    """Log ``message`` as the crawl's fatal error (the first one is kept) and close the spider if it runs."""
    log.error("%s; stopping the crawl", message)
    stats = crawler.stats
    if stats.get_value(FATAL_STAT) is None:
        stats.set_value(FATAL_STAT, message)
    try:
        engine = crawler.engine
    except (AttributeError, RuntimeError):   # not crawling yet
        engine = None
    if engine is not None and getattr(engine, "spider", None) is not None and engine.running:
        deferred_from_coro(engine.close_spider_async(reason=FATAL_REASON))


def crawl_failed(crawler) -> bool:
    """True once a fatal error was recorded: outputs must not replace earlier ones."""
    return crawler is not None and crawler.stats.get_value(FATAL_STAT) is not None
