"""`scrapy crawl`: Scrapy's command, plus a check of every output path before any fetch and a truthful exit status.

Before the crawl starts, each local feed (``-o``/``-O``, FEEDS or the default feed's folder), the raw journal's
folder and JOBDIR must be writable (a missing folder that can be created is fine); otherwise the command
prints which path and why, and exits with status 1 without a request. After the crawl it exits with status 1
when the spider reports that the harvest failed (the stat ``crawl/failed``, set by the `blog` and `generic`
spiders: the start page and every probe failed, or nothing was harvested), when the crawl failed fatally
(``harvester.outcome``: a full disk, an unwritable journal, a foreign JOBDIR) or a feed could not be stored,
so scripts notice; 0 otherwise.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

from normalise.jsonl import check_writable

from ..feeds import output_dir
from ..outcome import FATAL_STAT

FAILED_STAT = "crawl/failed"


def local_feed_path(uri: str) -> Path | None:
    """The file a local feed URI writes, or None for a remote one."""
    parsed = urlparse(uri)
    if parsed.scheme == "file":
        return Path(url2pathname(parsed.path))
    if len(parsed.scheme) <= 1:   # no scheme (or a Windows drive letter)
        return Path(uri)
    return None


class _Shown(dict):
    """URI parameters for showing a feed template: the known ones filled in, any other as <name>."""

    def __missing__(self, key: str) -> str:
        return f"<{key}>"


def output_paths(settings, spider: str) -> list[Path]:
    """Files the crawl will create: local feeds (a templated name as <time> etc.), the journal, job.json."""
    paths = []
    known = _Shown(output_dir=str(output_dir(settings)), name=spider)
    for uri in settings.getdict("FEEDS") or ({settings["DEFAULT_FEED"]: {}} if settings.get("DEFAULT_FEED") else {}):
        path = local_feed_path(str(uri) % known if "%(" in str(uri) else str(uri))
        if path is not None:
            paths.append(path)
    journal = settings.get("RAW_JOURNAL")
    paths.append(Path(journal) if journal else output_dir(settings) / "raw" / "journal.raw.jsonl")
    if settings.get("JOBDIR"):
        paths.append(Path(settings["JOBDIR"]) / "job.json")
    return paths


class Command(ScrapyCrawl):

    def long_desc(self) -> str:
        return (f"{super().short_desc()}. Every output path is checked before the first request; the exit status "
                "is 1 when a path is unwritable, the crawl failed (disk full, unwritable journal, JOBDIR of another "
                "crawl) or a feed could not be stored.")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give one spider: scrapy crawl <spider> [-a url=…]")
        for path in output_paths(self.settings, args[0]):
            try:
                check_writable(path, create_parents=True)
            except OSError as exc:
                print(f"scrapy crawl: error: {exc}", file=sys.stderr)
                self.exitcode = 1
                return
        assert self.crawler_process
        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        stats = crawler.stats.get_stats() if crawler.stats else {}
        failed_feeds = sum(v for k, v in stats.items() if k.startswith("feedexport/failed_count/"))
        if self.crawler_process.bootstrap_failed or stats.get(FATAL_STAT) or stats.get(FAILED_STAT) or failed_feeds:
            if stats.get(FATAL_STAT):
                print(f"scrapy crawl: error: {stats[FATAL_STAT]}", file=sys.stderr)
            self.exitcode = 1
