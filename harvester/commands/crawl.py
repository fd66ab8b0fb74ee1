"""`scrapy crawl`, as Scrapy's own, but exiting with status 1 when the spider reports that the harvest failed
(the stat ``crawl/failed``, set by the `blog` and `generic` spiders: the start page and every probe failed, or
nothing was harvested)."""
from __future__ import annotations

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

FAILED_STAT = "crawl/failed"


class Command(ScrapyCrawl):
    def run(self, args, opts) -> None:
        if len(args) != 1:
            raise UsageError("give one spider: scrapy crawl <spider> [-a url=…]")
        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        failed = crawler.stats.get_value(FAILED_STAT) if crawler.stats is not None else None
        if self.crawler_process.bootstrap_failed or failed:
            self.exitcode = 1
