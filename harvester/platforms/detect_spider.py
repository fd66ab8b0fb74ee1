"""The auto-detecting spider: fetch a blog's start page, detect its platform, log what was found and why, and hand
the crawl to that platform's base spider (``scrapy crawl blog -a url=…``, harvester/spiders/blog.py).

How: the platform spider (``WordPressSpider``, ``BloggerSpider``, ``GenericSpider``) is created as a *delegate*
bound to this crawl and continues from the start page already fetched (its ``parse_home()`` when it has one, else
its ``start()``). Every later request carries the delegate's own callbacks, so each platform's logic lives in one
place and runs unchanged; records are written under this spider's name. ``-a platform=…`` skips detection.
"""
from __future__ import annotations

from typing import Any, Optional

import scrapy
from scrapy.http import Request, Response

from harvester.extract import detect_platform

from .blogger import BloggerSpider
from .common import Scope
from .generic import GenericSpider
from .wordpress import WordPressSpider

__all__ = ["AutoBlogSpider", "PLATFORM_SPIDERS", "detect_response"]


def detect_response(response: Response) -> tuple[str, str]:
    """('wordpress' | 'blogger' | 'generic', why) for a fetched start page: its headers (the WordPress REST API
    Link header, Blogger's server), markup (generator meta, Blogger widgets, wp-content paths) and host name.
    A page's look alone (h2.date-header, hentry) is never taken as proof."""
    headers = {k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()}
    return detect_platform(response.body, response.url, headers)


#: Platform (as detect_platform names it) -> the base spider that harvests it.
PLATFORM_SPIDERS: dict[str, type[scrapy.Spider]] = {
    "wordpress": WordPressSpider,
    "blogger": BloggerSpider,
    "generic": GenericSpider,
}


class AutoBlogSpider(scrapy.Spider):
    """Harvest one blog of any platform: detect it from the start page, then crawl as its platform spider."""

    def __init__(self, *args: Any, url: Optional[str] = None, mode: Optional[str] = None,
                 platform: Optional[str] = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if not url:
            raise ValueError("blog: give the blog URL: scrapy crawl blog -a url=https://…/")
        if platform and platform not in PLATFORM_SPIDERS:
            raise ValueError(f"blog: platform must be one of {', '.join(PLATFORM_SPIDERS)}, not {platform!r}")
        self.start_url, self.mode, self.platform = url, mode, platform
        scope = Scope.of(url)
        self.allowed_domains = [scope.host.rsplit(":", 1)[0]]
        self.delegate: Optional[scrapy.Spider] = None

    async def start(self):
        yield Request(self.start_url, callback=self.parse_start, dont_filter=True, errback=self.start_failed)

    async def parse_start(self, response: Response):
        if self.platform:
            platform, why = self.platform, "given with -a platform="
        else:
            platform, why = detect_response(response)
        self.logger.info("detected platform %r for %s: %s", platform, response.url, why)
        self.crawler.stats.set_value("blog/platform", platform)
        self.crawler.stats.set_value("blog/detected_by", why)
        self.delegate = self.platform_spider(platform)
        if hasattr(self.delegate, "parse_home"):   # continues from the page already fetched
            for result in self.delegate.parse_home(response):
                yield result
        else:
            async for result in self.delegate.start():
                yield result

    def platform_spider(self, platform: str) -> scrapy.Spider:
        """Hook: the platform base spider, bound to this crawl, that harvests the blog."""
        kwargs = {"url": self.start_url, **({"mode": self.mode} if self.mode else {})}
        delegate = PLATFORM_SPIDERS[platform](name=self.name, **kwargs)
        delegate.crawler, delegate.settings = self.crawler, self.crawler.settings
        return delegate

    def start_failed(self, failure) -> None:
        self.crawler.stats.set_value("blog/platform", "unknown")
        self.logger.error("start page %s failed (%s): platform not detected, nothing harvested",
                          failure.request.url, failure.value)
