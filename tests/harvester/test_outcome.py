"""A fatal crawl error: logged with its path, kept as the first cause, and marking the crawl failed."""
from __future__ import annotations

from scrapy import Spider
from scrapy.utils.test import get_crawler

from harvester.outcome import FATAL_STAT, crawl_failed, fail_crawl


class _Spider(Spider):
    name = "outcometest"


def test_first_fatal_error_is_kept_and_marks_the_crawl_failed(caplog):
    crawler = get_crawler(_Spider)
    assert not crawl_failed(crawler) and not crawl_failed(None)
    fail_crawl(crawler, "cannot write /data/a.jsonl: No space left on device")
    fail_crawl(crawler, "a later consequence")
    assert crawl_failed(crawler)
    assert crawler.stats.get_value(FATAL_STAT) == "cannot write /data/a.jsonl: No space left on device"
    assert "cannot write /data/a.jsonl: No space left on device; stopping the crawl" in caplog.text
