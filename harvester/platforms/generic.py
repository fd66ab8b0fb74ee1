"""The generic base spider: every post and public comment of a blog or news section on an organisation's own CMS
(Drupal, TYPO3, Joomla, in-house), read from its HTML.

Site spiders subclass ``GenericSpider`` and set attributes only (``name``, ``start_url``, site hints, selector
lists from ``generic_links``). ``scrapy crawl generic -a url=https://org.example/blog/`` uses it for any such blog.

Discovery: the start page, the sitemaps (blog folder, host root, every ``Sitemap:`` line of robots.txt; indexes and
gzipped sitemaps), the feeds it announces and ``feed_paths``,
listing pages and their pagination (rel=next, .pager, a.next, ?page=N), teasers and archives, all within the
blog's own path. Pages are read with ``extract_page(platform='generic')``: a post page gives its record; a listing
gives one record per post it shows in full, and a teaser that links to its permalink is followed instead (the
teaser is kept only when the permalink fails). A post whose comments go on over ?page=N pages (Drupal) is written
once, after its last comment page, with every comment and the threads across pages (generic_paging). Site spiders
may give their own extraction selectors per field (``extract_selectors``).

Named hooks: ``parse_home()`` (the start page, already fetched), ``page_records()`` (what a page gives),
``follow_links()`` (the links of a page worth following), ``is_listing_url()``, ``comment_pages()``, ``site_info()``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator, Optional
from urllib.parse import urljoin, urlsplit, urlunsplit

from scrapy.http import Request, Response
from scrapy.utils.sitemap import sitemap_urls_from_robots

from normalise.urls import canonical_url

from harvester.extract import extract_page
from harvester.extract.generic_comments import comment_page
from harvester.extract.generic_find import field_lists
from harvester.incremental import nothing_changed

from . import generic_links as links
from .common import BlogSpider, Scope, utc_now
from .generic_paging import comment_page_urls, merge_comment_page, next_comment_page, page_number

__all__ = ["GenericSpider", "BlogPathScope"]

ARTICLE_MARKERS = re.compile(rb"<meta[^>]+og:type[^>]+article|\"@type\"\s*:\s*\"(?:Blog|News)?(?:Posting|Article)\"",
                             re.IGNORECASE)


@dataclass(frozen=True)
class BlogPathScope(Scope):
    """The blog's folder and the folder's own URL without its slash (/blog and /blog/…, never /blogroll)."""

    def contains(self, url: str) -> bool:
        if super().contains(url):
            return True
        try:
            parts = urlsplit(canonical_url(url))
        except ValueError:
            return False
        return parts.netloc == self.host and self.prefix != "/" and parts.path == self.prefix.rstrip("/")


class GenericSpider(BlogSpider):
    """Harvest one blog on any other CMS from its HTML: sitemaps, feeds, listings and permalinks."""

    platform = "generic"
    modes = ("auto", "html")
    #: Discovery data (see generic_links): override per site with an ordered list.
    sitemap_paths = links.SITEMAP_PATHS
    feed_paths = links.FEED_PATHS
    feed_link_selectors = links.FEED_LINK_SELECTORS
    teaser_selectors = links.TEASER_SELECTORS
    pagination_selectors = links.PAGINATION_SELECTORS
    comment_pager_selectors = links.COMMENT_PAGER_SELECTORS
    archive_selectors = links.ARCHIVE_SELECTORS
    listing_url_patterns = links.LISTING_URL_PATTERNS
    deny_url_patterns = links.DENY_URL_PATTERNS
    #: The site's own selectors per field ('title', 'content', 'author', 'published' -> ordered CSS selectors),
    #: tried after the markup that names a field (microformats, itemprop) and before the CMS classes and the
    #: text-density fallback (harvester.extract.generic_selectors.SITE_FIELDS).
    extract_selectors: dict[str, tuple[str, ...]] = {}

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        try:
            field_lists(self.extract_selectors)
        except ValueError as exc:
            raise ValueError(f"{self.name}: {exc}") from exc

    def blog_scope(self, url: str) -> Scope:
        """The start URL's folder; a start URL without slash or extension (https://org.example/blog) is a folder."""
        parts = urlsplit(url)
        last = parts.path.rsplit("/", 1)[-1]
        if last and "." not in last:
            url = urlunsplit(parts._replace(path=parts.path + "/"))
        scope = Scope.of(url)
        return BlogPathScope(url=scope.url, host=scope.host, prefix=scope.prefix)

    def html_records(self, response: Response) -> list[dict]:
        """The raw records of one HTML page, read with this site's own selectors (extract_selectors)."""
        headers = {k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()}
        return [self.with_site(item) for item in extract_page(
            response.body, response.url, fetched_at=utc_now(), headers=headers, platform=self.platform,
            tool=self.name, source="html", site_selectors=self.extract_selectors or None)]

    # -- start -------------------------------------------------------------------------------------------------
    async def start(self):
        self._seen.add(self.request_key(self.start_url))
        yield Request(self.start_url, callback=self.parse_home, dont_filter=True, errback=self.home_failed)

    def home_failed(self, failure) -> Iterator[Request]:
        """The start page failed: the posts are still found through robots.txt, the sitemaps and the feeds."""
        self.logger.warning("start page %s failed (%s): harvesting from robots.txt, sitemaps and feeds",
                            failure.request.url, failure.value)
        self.crawler.stats.set_value("generic/start_failed", str(failure.value))
        yield from self.seed_requests(None)

    def closed(self, reason: str) -> None:
        """Nothing harvested is an error naming the URL (stat crawl/failed: scrapy crawl exits with 1)."""
        stats = self.crawler.stats
        if not any(v for k, v in stats.get_stats().items() if k.startswith("harvest/records/")) \
                and not nothing_changed(self):
            stats.set_value("crawl/failed", f"no post found at {self.start_url}")
            self.logger.error("%s: no post found at %s (crawl %s); nothing harvested", self.name, self.start_url,
                              reason)

    def parse_home(self, response: Response) -> Iterator[Any]:
        """Hook: the start page (already fetched): its records and links, then the sitemaps and feeds."""
        self._seen.add(self.request_key(response.url))
        self.logger.info("harvesting %s from its HTML pages (sitemaps, feeds, listings)", self.scope.url)
        yield from self.parse_page(response)
        yield from self.seed_requests(response)

    def seed_requests(self, response: Optional[Response] = None) -> Iterator[Request]:
        root = urljoin(self.scope.url, "/")
        yield Request(urljoin(root, "robots.txt"), callback=self.parse_robots)
        sitemaps = dict.fromkeys(urljoin(base, p) for p in self.sitemap_paths for base in (self.scope.url, root))
        for url in sitemaps:
            yield Request(url, callback=self.parse_sitemap)
        announced = []
        if response is not None and hasattr(response, "css"):
            announced = [urljoin(response.url, u) for s in self.feed_link_selectors for u in response.css(s).getall()]
        feeds = [u for u in announced if self.scope.same_host(u) and not self.denied(u)]
        feeds += [urljoin(self.scope.url, p) for p in self.feed_paths]
        for url in dict.fromkeys(feeds):
            yield Request(url, callback=self.parse_feed)

    # -- discovery ---------------------------------------------------------------------------------------------
    def parse_robots(self, response: Response) -> Iterator[Request]:
        """robots.txt: every ``Sitemap:`` line on the blog's host (indexes and gzipped sitemaps are read by
        parse_sitemap; only the blog's own URLs in them are followed)."""
        if response.status != 200 or b"<html" in response.body[:512].lower():
            return
        urls = [u for u in sitemap_urls_from_robots(response.body, base_url=response.url) if self.scope.same_host(u)]
        self.crawler.stats.inc_value("generic/robots_sitemaps", len(urls))
        for url in dict.fromkeys(urls):
            yield Request(url, callback=self.parse_sitemap)

    def parse_feed(self, response: Response) -> Iterator[Request]:
        """An RSS or Atom feed: its items' links (within the blog) are followed."""
        if hasattr(response, "css") and response.css("body"):   # an HTML page answered instead of a feed
            return
        response.selector.remove_namespaces()
        urls = response.xpath("//item/link/text() | //entry/link[@rel='alternate' or not(@rel)]/@href").getall()
        self.crawler.stats.inc_value("generic/feed_urls", len(urls))
        yield from self.follow(urls, self.parse_page, base=response.url)

    def follow_links(self, response: Response) -> list[str]:
        """Hook: the links of a page worth following: teasers, pagination, archives (ordered selector data)."""
        if getattr(self, "_link_css", None) is None:
            self._link_css = ", ".join([*self.teaser_selectors, *self.pagination_selectors, *self.archive_selectors])
        return response.css(self._link_css).getall()

    def request_key(self, url: str) -> str:
        """The canonical URL, a first page asked for by number (Drupal's ?page=0) being the page without it."""
        key = canonical_url(url)
        if "page=0" not in key:
            return key
        parts = urlsplit(key)
        query = "&".join(p for p in parts.query.split("&") if p != "page=0")
        return urlunsplit(parts._replace(query=query))

    def is_listing_url(self, url: str) -> bool:
        """Hook: the blog's home and URLs of listing shape (?page=N, /tag/…, /2024/)."""
        return self.request_key(url) in {self.request_key(self.scope.url), self.request_key(self.start_url)} or any(
            p.search(url) for p in self.listing_url_patterns)

    # -- pages -------------------------------------------------------------------------------------------------
    def parse_page(self, response: Response) -> Iterator[Any]:
        if not hasattr(response, "css"):
            return
        records, teasers = self.page_records(response)
        kind = "listing" if teasers or len(records) > 1 else "post" if records else "other"
        self.crawler.stats.inc_value(f"generic/html/pages/{kind}")
        if len(records) == 1 and records[0].get("comments"):
            records = list(self.read_comment_pages(response, records[0]))
        yield from records
        for url, teaser in teasers:
            yield from self.follow([url], self.parse_page, force=False, meta={"teaser": teaser},
                                   errback=self.permalink_failed)
        yield from self.follow(self.follow_links(response), self.parse_page, base=response.url)

    def page_records(self, response: Response) -> tuple[list[dict], list[tuple[str, dict]]]:
        """Hook: (records to write, (permalink, teaser) pairs to follow) of one page.

        A listing entry whose link leads to another page of the blog is a teaser: its permalink is read instead.
        A lone record on a listing-shaped URL (the home, ?page=N) is the listing's own text and is dropped unless
        the page marks itself as an article or holds comments."""
        records = self.html_records(response)
        here = self.request_key(response.url)
        keep: list[dict] = []
        teasers: list[tuple[str, dict]] = []
        for record in records:
            link = (record.get("canonical_url") or "").split("#", 1)[0]
            if len(records) > 1 and link and self.scope.contains(link) and self.request_key(link) != here:
                teasers.append((link, record))
            else:
                keep.append(record)
        if len(records) == 1 and keep and self.is_listing_url(response.url) and not self.looks_like_post(
                response, keep[0]):
            self.crawler.stats.inc_value("generic/html/listing_text_skipped")
            self.logger.debug("%s: a listing page's own text, not a post; skipped", response.url)
            keep = []
        return keep, teasers

    def looks_like_post(self, response: Response, record: dict) -> bool:
        """Hook: whether the lone record of a listing-shaped page is a post: the page marks itself as an article
        (JSON-LD Article, og:type article) or shows reader comments (a dated lone teaser is not enough)."""
        return bool(ARTICLE_MARKERS.search(response.body[:400_000]) or record.get("comments"))

    # -- comment pages (Drupal ?page=N) --------------------------------------------------------------------------
    def comment_pages(self, response: Response, post_url: str) -> dict[int, str]:
        """Hook: page number -> URL of the pages of this post's comments linked from this page."""
        if getattr(self, "_pager_css", None) is None:
            self._pager_css = ", ".join(self.comment_pager_selectors)
        return comment_page_urls(post_url, [response.urljoin(u) for u in response.css(self._pager_css).getall()])

    def read_comment_pages(self, response: Response, record: dict) -> Iterator[Any]:
        """The record of a post page, or, when its comments go on over more pages, the request of the next one
        (the record travels with it and is written after the last page). Every page found is claimed so that
        the listing-pagination links never fetch it as a page of its own."""
        current = page_number(response.url)
        pages = self.comment_pages(response, response.url)
        for url in pages.values():
            self._seen.add(self.request_key(url))
        if current > 0 and pages.get(0):
            self.logger.info("%s is comment page %d of a post: its thread is read from the first page",
                             response.url, current)
            yield Request(pages[0], callback=self.parse_page, dont_filter=True)
            return
        nxt = next_comment_page(response.url, current, pages.values())
        if nxt is None:
            yield record
            return
        yield Request(nxt, callback=self.parse_comment_page, dont_filter=True, errback=self.comment_page_failed,
                      meta={"post": record, "post_url": response.url, "comment_pages": 1})

    def parse_comment_page(self, response: Response) -> Iterator[Any]:
        """A later page of a post's comments: its thread merged into the post's, then the next page or the post."""
        meta = response.meta
        record, post_url = meta["post"], meta["post_url"]
        headers = {k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()}
        tree, continued = comment_page(response.body, response.url, headers)
        added = merge_comment_page(record["comments"], tree, continued)
        pages = meta["comment_pages"] + 1
        self.crawler.stats.inc_value("generic/comment_pages")
        self.logger.debug("%s: %d comments added from comment page %s", post_url, added, response.url)
        links = self.comment_pages(response, post_url)
        for url in links.values():
            self._seen.add(self.request_key(url))
        nxt = next_comment_page(post_url, page_number(response.url), links.values())
        if nxt is not None:
            yield Request(nxt, callback=self.parse_comment_page, dont_filter=True, errback=self.comment_page_failed,
                          meta={"post": record, "post_url": post_url, "comment_pages": pages})
        else:
            self.logger.info("%s: comments read from %d comment pages", post_url, pages)
            yield record
        yield from self.follow(self.follow_links(response), self.parse_page, base=response.url)

    def comment_page_failed(self, failure) -> Iterator[dict]:
        """A comment page failed: the post is written with the comments of the pages read before it."""
        meta = failure.request.meta
        self.logger.warning("comment page %s of %s failed (%s): the post keeps the comments of its first %d page(s)",
                            failure.request.url, meta["post_url"], failure.value, meta["comment_pages"])
        self.crawler.stats.inc_value("generic/comment_pages/failed")
        yield meta["post"]

    def permalink_failed(self, failure) -> Iterator[dict]:
        """A teaser's permalink failed (gone, forbidden): the teaser is archived as listed (an excerpt)."""
        teaser = failure.request.meta.get("teaser")
        self.logger.warning("permalink %s failed (%s): keeping its teaser", failure.request.url, failure.value)
        self.crawler.stats.inc_value("generic/html/permalink_failed")
        if teaser is not None:
            yield teaser
