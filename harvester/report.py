"""Crawl-end coverage report: the crawl's raw journal and its faults file -> report HTML + JSON beside the archive.

When a crawl closes, ``CoverageReportExtension`` normalises what the crawl journalled (the same records the
archive holds), takes the URLs the fault log gave up on (its faults file, harvester.faultlog), and writes beside
the archive (one local ``-O``/``-o`` feed: ``out.jsonl`` -> ``out.report.html`` and ``out.report.json``;
otherwise ``OUTPUT_DIR/<spider>-<time>.report.html`` and ``.report.json``). ``REPORT_ENABLED = False`` turns it
off. ``normalise report ARCHIVE --errors FAULTS_FILE`` rebuilds the same report later.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Optional
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.exceptions import NotConfigured

from normalise.report_cli import read_errors, report_files

from .faultlog import FILE_STAT
from .feeds import JOURNAL_STAT, output_dir, run_stamp

log = logging.getLogger(__name__)


def local_feed(crawler) -> Optional[Path]:
    """The path of the crawl's one local feed (``-O out.jsonl``), or None when there are none or several."""
    uris = [u for u in crawler.settings.getdict("FEEDS") if isinstance(u, str)]
    paths = []
    for uri in uris:
        parts = urlsplit(uri)
        if parts.scheme in ("", "file") and "%(" not in uri:
            paths.append(Path(parts.path if parts.scheme == "file" else uri))
    return paths[0] if len(paths) == 1 else None


def report_base(crawler, spider_name: str) -> Path:
    """The report's path without suffix: beside the one local feed, else OUTPUT_DIR/<spider>-<time>."""
    feed = local_feed(crawler)
    if feed is not None:
        return feed.with_suffix("")
    return output_dir(crawler.settings) / f"{spider_name}-{run_stamp(crawler)}"


class CoverageReportExtension:
    """Writes the coverage report (normalise.report) of the crawl when the spider closes."""

    def __init__(self, crawler):
        self.crawler = crawler
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler) -> "CoverageReportExtension":
        if not crawler.settings.getbool("REPORT_ENABLED", True):
            raise NotConfigured("REPORT_ENABLED is off")
        return cls(crawler)

    def spider_closed(self, spider=None, reason: str = "") -> None:
        spider = spider or self.crawler.spider
        journal = self.crawler.stats.get_value(JOURNAL_STAT)
        if not journal or not Path(journal).is_file():
            log.info("coverage report: no raw journal, nothing to report")
            return
        base = report_base(self.crawler, spider.name)
        html, summary = base.with_name(base.name + ".report.html"), base.with_name(base.name + ".report.json")
        faults = self.crawler.stats.get_value(FILE_STAT)
        try:
            errors = read_errors([faults]) if faults and Path(faults).is_file() else []
            base.parent.mkdir(parents=True, exist_ok=True)
            report = report_files([journal], str(html), str(summary), errors,
                                  title=f"Coverage report: {spider.name} crawl of {getattr(spider, 'start_url', '')}")
        except (OSError, ValueError) as exc:   # the archive is written already: a report failure is only logged
            log.error("coverage report not written: %s", exc)
            return
        t = report["totals"]
        self.crawler.stats.set_value("report/html", str(html))
        self.crawler.stats.set_value("report/gaps", len(report["gaps"]))
        log.info("coverage report: %s (%d posts, %d comments over %d months, %d gaps, %d failed URLs)", html,
                 t["posts"], t["comments"], len(report["months"]), len(report["gaps"]), len(errors))
