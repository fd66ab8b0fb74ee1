"""The auto-detecting spider: fetch a blog's start page, detect its platform, log what was found and why, and hand
the crawl to that platform's base spider (``scrapy crawl blog -a url=…``, harvester/spiders/blog.py).

How: the platform spider (``WordPressSpider``, ``BloggerSpider``, ``GenericSpider``) is created as a *delegate*
bound to this crawl and continues from the start page already fetched (its ``parse_home()`` when it has one, else
its ``start()``). Every later request carries the delegate's own callbacks, so each platform's logic lives in one
place and runs unchanged; records are written under this spider's name. ``-a platform=…`` skips detection.

When the start page fails (5xx after retries, timeout, DNS or connection failure, 404 or another error status), the
site is probed instead (START_PROBES: the WordPress REST API, Blogger's posts feed, the blog's feeds and sitemaps,
robots.txt, the host's home page), all at once; the most certain answer names the platform, whose spider continues
without the start page. What failed, what answered and why are logged. When nothing answers, or nothing at all is
harvested, the crawl ends with an error naming the URL (stat ``crawl/failed``; ``scrapy crawl`` exits with 1).
"""
from __future__ import annotations

import json
from typing import Any, Iterator, Optional
from urllib.parse import urljoin, urlsplit, urlunsplit

import scrapy
from scrapy.http import Request, Response

from harvester.extract import detect_platform
from harvester.extract.detect import PROBE_READERS, error_page_title
from harvester.incremental import nothing_changed

from .blogger import BloggerSpider
from .common import Scope
from .generic import GenericSpider
from .wordpress import WordPressSpider

__all__ = ["AutoBlogSpider", "PLATFORM_SPIDERS", "START_PROBES", "detect_response"]

#: Probes sent at once when the start page fails: (kind read by harvester.extract.detect.PROBE_READERS, 'blog' (the
#: blog's folder) or 'root' (the host), path). In order of certainty: the first answer naming WordPress or Blogger
#: wins, else the first answer at all (a site on another CMS).
START_PROBES: tuple[tuple[str, str, str], ...] = (
    ("wordpress-api", "blog", "wp-json/"),
    ("wordpress-api", "blog", "?rest_route=/"),
    ("blogger-feed", "root", "feeds/posts/default?alt=json&max-results=1"),
    ("feed", "blog", "feed/"),
    ("feed", "blog", "rss.xml"),
    ("feed", "blog", "atom.xml"),
    ("sitemap", "blog", "sitemap.xml"),
    ("sitemap", "root", "sitemap.xml"),
    ("robots", "root", "robots.txt"),
    ("page", "root", ""),
)


def detect_response(response: Response) -> tuple[str, str]:
    """('wordpress' | 'blogger' | 'generic', why) for a fetched start page: its headers (the WordPress REST API
    Link header, Blogger's server), markup (generator meta, Blogger widgets, wp-content paths) and host name.
    A page's look alone (h2.date-header, hentry) is never taken as proof."""
    headers = {k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()}
    return detect_platform(response.body, response.url, headers)


def failure_text(failure) -> str:
    """What went wrong with a request, for the log: 'HTTP 503', 'TimeoutError: …', 'DNSLookupError: …'."""
    response = getattr(failure.value, "response", None)
    if response is not None:
        return f"HTTP {response.status}"
    return f"{type(failure.value).__name__}: {failure.value}"


#: Platform (as detect_platform names it) -> the base spider that harvests it.
PLATFORM_SPIDERS: dict[str, type[scrapy.Spider]] = {
    "wordpress": WordPressSpider,
    "blogger": BloggerSpider,
    "generic": GenericSpider,
}


# Spider arguments (-a) handed on to the platform spider as they are.
PASSED_ON = ("update", "since")


class AutoBlogSpider(scrapy.Spider):
    """Harvest one blog of any platform: detect it from the start page, then crawl as its platform spider."""

    #: A probe waits at most this many seconds (or DOWNLOAD_TIMEOUT when shorter) and is retried at most this
    #: often: a host that hangs is given up in minutes, not hours.
    probe_timeout: float = 30.0
    probe_retries: int = 1

    def __init__(self, *args: Any, url: Optional[str] = None, mode: Optional[str] = None,
                 platform: Optional[str] = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if not url:
            raise ValueError("blog: give the blog URL: scrapy crawl blog -a url=https://…/")
        if platform and platform not in PLATFORM_SPIDERS:
            raise ValueError(f"blog: platform must be one of {', '.join(PLATFORM_SPIDERS)}, not {platform!r}")
        self.start_url, self.mode, self.platform = url, mode, platform
        parts = urlsplit(url)
        last = parts.path.rsplit("/", 1)[-1]
        # a start URL without slash or extension (https://org.example/blog) names a folder: probes go inside it
        scope = Scope.of(url if not last or "." in last else urlunsplit(parts._replace(path=parts.path + "/")))
        self.allowed_domains = [scope.host.rsplit(":", 1)[0]]
        self.delegate: Optional[scrapy.Spider] = None
        self.scope = scope
        self.start_failure: Optional[str] = None
        self._probes: dict[int, Optional[tuple[str, str]]] = {}
        self.previous = None

    async def start(self):
        yield Request(self.start_url, callback=self.parse_start, dont_filter=True, errback=self.start_failed)

    async def parse_start(self, response: Response):
        title = None if self.platform else error_page_title(response.body)
        if title is not None:
            self.logger.warning("start page %s answered %d but is an error page (title %r): probing the site for its "
                                "platform", response.url, response.status, title)
            for request in self.probe_site(f"an error page titled {title!r}"):
                yield request
            return
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
        kwargs = {"url": self.start_url, **({"mode": self.mode} if self.mode else {}),
                  **{arg: getattr(self, arg) for arg in PASSED_ON if getattr(self, arg, None)}}
        delegate = PLATFORM_SPIDERS[platform](name=self.name, **kwargs)
        delegate.crawler, delegate.settings = self.crawler, self.crawler.settings
        self.previous = delegate.previous   # what an incremental crawl knows (harvester.incremental reads it here)
        return delegate

    # -- the start page failed: probe the site --------------------------------------------------------------------
    def probe_urls(self) -> list[tuple[str, str]]:
        """Hook: (kind, URL) of each probe, without repeats (a blog at the host root shares its folder's URLs)."""
        bases = {"blog": self.scope.url, "root": urljoin(self.scope.url, "/")}
        found: dict[str, str] = {}
        for kind, where, path in START_PROBES:
            found.setdefault(urljoin(bases[where], path), kind)
        return [(kind, url) for url, kind in found.items()]

    def start_failed(self, failure) -> Iterator[Request]:
        self.logger.warning("start page %s failed (%s): probing the site for its platform", failure.request.url,
                            failure_text(failure))
        yield from self.probe_site(failure_text(failure))

    def probe_site(self, why: str) -> Iterator[Request]:
        """Hook: the start page failed (why): the probes of the site, all at once (or, with -a platform=, that
        platform's crawl without the start page)."""
        self.start_failure = why
        self.crawler.stats.set_value("blog/start_failed", why)
        if self.platform:
            yield from self.continue_without_start(self.platform, "given with -a platform=", None)
            return
        probes = self.probe_urls()
        self._probes = {}
        timeout = min(self.probe_timeout, self.crawler.settings.getfloat("DOWNLOAD_TIMEOUT"))
        for i, (kind, url) in enumerate(probes):
            yield Request(url, callback=self.parse_probe, errback=self.probe_failed, dont_filter=True,
                          meta={"probe": i, "kind": kind, "probes": len(probes), "handle_httpstatus_all": True,
                                "download_timeout": timeout, "max_retry_times": self.probe_retries})

    def parse_probe(self, response: Response) -> Iterator[Any]:
        meta = response.meta
        verdict = None
        if response.status == 200:
            verdict = PROBE_READERS[meta["kind"]](response.body, response.url)
        self.logger.info("probe %s: %s", response.url, verdict[1] if verdict else f"no answer ({response.status})")
        yield from self.probe_done(meta, verdict, response)

    def probe_failed(self, failure) -> Iterator[Any]:
        self.logger.info("probe %s: failed (%s)", failure.request.url, failure_text(failure))
        yield from self.probe_done(failure.request.meta, None, None)

    def probe_done(self, meta: dict, verdict: Optional[tuple[str, str]], response: Optional[Response]):
        self._probes[meta["probe"]] = (verdict, response) if verdict else None
        if len(self._probes) < meta["probes"]:
            return
        answers = [self._probes[i] for i in sorted(self._probes) if self._probes[i]]
        best = next((a for a in answers if a[0][0] != "generic"), answers[0] if answers else None)
        if best is None:
            self.fail(f"the start page failed ({self.start_failure}) and no probe of the site answered (WordPress "
                      f"API, Blogger feed, feeds, sitemaps, robots.txt, home page)")
            return
        (platform, why), answer = best
        yield from self.continue_without_start(platform, why, answer)

    def continue_without_start(self, platform: str, why: str, answer: Optional[Response]) -> Iterator[Any]:
        """Hook: the platform spider's crawl from what answered, the start page left out."""
        self.logger.info("detected platform %r for %s after the start page failed: %s", platform, self.start_url, why)
        self.crawler.stats.set_value("blog/platform", platform)
        self.crawler.stats.set_value("blog/detected_by", why)
        self.delegate = delegate = self.platform_spider(platform)
        api = answer is not None and answer.meta.get("kind") == "wordpress-api"
        if platform == "generic":
            delegate._seen.add(delegate.request_key(self.start_url))
            yield from delegate.seed_requests(None)
        elif delegate.mode == "html":
            yield from delegate.start_html("the start page failed")
        elif platform == "wordpress" and api:
            yield from delegate.start_rest(answer.url, "found by probing after the start page failed",
                                           index=json.loads(answer.body))
        elif platform == "wordpress":
            yield from delegate.probe_api(0)
        else:
            yield delegate.posts_feed_request(1)

    # -- the end ---------------------------------------------------------------------------------------------------
    def fail(self, why: str) -> None:
        self.crawler.stats.set_value("crawl/failed", why)
        self.crawler.stats.set_value("blog/platform", self.crawler.stats.get_value("blog/platform") or "unknown")
        self.logger.error("blog %s: %s; nothing harvested", self.start_url, why)

    def closed(self, reason: str) -> None:
        """Nothing harvested is an error naming the URL, never a silent empty archive."""
        stats = self.crawler.stats
        records = sum(v for k, v in stats.get_stats().items() if k.startswith("harvest/records/"))
        if not records and not stats.get_value("crawl/failed") and not nothing_changed(self):
            self.fail(f"no post found (crawl {reason}; platform {stats.get_value('blog/platform')!r})")
