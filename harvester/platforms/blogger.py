"""The Blogger base spider: every post and public comment of a Blogger blog, from its JSON feeds or its HTML.

Site spiders subclass ``BloggerSpider`` and set attributes only (``name``, ``start_url``, site hints, selector
lists). ``scrapy crawl blogger -a url=… [-a mode=auto|feed|html]`` uses it for any blog (blogspot.com or a
custom domain).

- feed: /feeds/posts/default?alt=json paged by start-index up to openSearch$totalResults, then each post's
  /feeds/<postId>/comments/default?alt=json (paged too); a post is written once all its comments are in.
- html: home, archive widget (/YYYY/, /YYYY/MM/, _archive.html), 'Older posts', post-to-post pager and
  sitemap.xml; every post's permalink page for its comments, and its comment pages beyond 200 (?commentPage=N).
- auto (default): the feed; the HTML of one post when its comment feed fails, the whole HTML when the posts
  feed fails or answers fewer posts than it announced.

Named hooks: ``feed_item()`` / ``html_items()`` turn payloads into raw records, ``follow_links()`` picks the
links of a page, ``page_kind()`` tells post pages from listings, ``site_info()`` the blog's hints.
"""
from __future__ import annotations

import logging
import re
from typing import Any, Iterator, Optional
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from scrapy.http import Request, Response

from normalise.dataio import to_dict
from normalise.urls import canonical_url

from . import blogger_feeds as feeds
from . import blogger_links as links
from .common import BlogSpider, Scope, json_body, provenance

log = logging.getLogger(__name__)
DIGITS = re.compile(r"\d+")


def comment_page(url: str) -> Optional[int]:
    """N of a '?commentPage=N' URL, else None."""
    match = links.COMMENT_PAGE.search(urlsplit(url).query and "?" + urlsplit(url).query or "")
    return int(match.group(1)) if match else None


def without_comment_page(url: str) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if k.lower() != links.COMMENT_PAGE_PARAM.lower()]
    return urlunsplit(parts._replace(query=urlencode(query), fragment=""))


def with_comment_page(url: str, page: int) -> str:
    parts = urlsplit(without_comment_page(url))
    query = parse_qsl(parts.query, keep_blank_values=True) + [(links.COMMENT_PAGE_PARAM, str(page))]
    return urlunsplit(parts._replace(query=urlencode(query)))


def request_key(url: str) -> str:
    """One key per distinct page: the canonical URL (?m=1 and ?showComment= dropped) plus the comment page."""
    page = comment_page(url)
    return canonical_url(without_comment_page(url)) + (f"#commentPage={page}" if page else "")


def _flat(comments: list[dict]) -> int:
    return sum(1 + _flat(c.get("replies") or []) for c in comments)


def declared_count(value: Any) -> Optional[int]:
    """A declared comment count as a number: 230, '230 comments:' -> 230; 'No comments:' -> 0; else None."""
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        match = DIGITS.search(value)
        if match:
            return int(match.group())
        if value.strip().lower().startswith("no "):
            return 0
    return None


class BloggerSpider(BlogSpider):
    """Harvest one Blogger blog: its JSON feeds first, its HTML where the feeds do not answer (mode 'auto')."""

    platform = "blogger"
    modes = ("auto", "feed", "html")
    #: Feed page sizes asked for (Blogger answers at most 150 posts a page; paging never trusts one answer).
    feed_page_size = links.FEED_PAGE_SIZE
    comment_feed_page_size = links.COMMENT_FEED_PAGE_SIZE
    #: Discovery data (see blogger_links): override per site with an ordered list.
    post_link_selectors = links.POST_LINK_SELECTORS
    pagination_selectors = links.PAGINATION_SELECTORS
    archive_selectors = links.ARCHIVE_SELECTORS
    comment_pager_selectors = links.COMMENT_PAGER_SELECTORS
    deny_url_patterns = links.DENY_URL_PATTERNS
    sitemap_paths = links.SITEMAP_PATHS

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._html_started = False
        self._feed_posts: set[str] = set()      # post ids the posts feed gave
        self._feed_failed = False

    def blog_scope(self, url: str) -> Scope:
        """A Blogger blog is the whole host, whatever page of it was given."""
        parts = urlsplit(url)
        return Scope.of(urlunsplit((parts.scheme, parts.netloc, "/", "", "")))

    def request_key(self, url: str) -> str:
        return request_key(url)

    def request_url(self, url: str) -> str:
        """The plain URL of a page: ?m=1 (mobile view) and ?showComment= (one comment) are the same page."""
        page = comment_page(url)
        plain = canonical_url(without_comment_page(url))
        return with_comment_page(plain, page) if page else plain

    # -- start -------------------------------------------------------------------------------------------------
    async def start(self):
        if self.mode == "html":
            for request in self.start_html("mode=html"):
                yield request
        else:
            yield self.posts_feed_request(1)
            if self.since:   # incremental: old posts with comments written since the earlier archive
                self.logger.info("incremental: posts updated and comments written since %s", self.since)
                yield self.new_comments_request(1)

    # -- feed --------------------------------------------------------------------------------------------------
    def posts_feed_request(self, start: int) -> Request:
        url = feeds.feed_url(self.scope.url, links.POSTS_FEED, start, self.feed_page_size, self.since)
        return Request(url, callback=self.parse_posts_feed, errback=self.posts_feed_failed, dont_filter=True,
                       meta={"start": start, "handle_httpstatus_all": True})

    def parse_posts_feed(self, response: Response) -> Iterator[Any]:
        feed = feeds.feed_of(json_body(response))
        if feed is None:
            yield from self.feed_unavailable(f"{response.url} answered {response.status}, not a JSON feed")
            return
        if not self.blog_site:
            self.blog_site = {k: v for k, v in feeds.blog_info(feed).items() if k == "name"}
            self.crawler.stats.set_value("blogger/feed", "ok")
            self.logger.info("Blogger feed at %s answers", urljoin(self.scope.url, links.POSTS_FEED))
        total, start, count = feeds.paging(feed)
        prov = provenance(response, feeds.SOURCE, self.name)
        for entry in feed.get("entry") or []:
            yield from self.feed_entry(entry, prov)
        if count and start + count <= total:
            yield self.posts_feed_request(start + count)
        elif len(self._feed_posts) < total:
            why = f"the posts feed listed {len(self._feed_posts)} of the {total} posts it announced"
            self.logger.warning(why)
            self.crawler.stats.set_value("blogger/feed/short", why)
            if self.mode == "auto":
                yield from self.start_html(why)

    # -- feed, incremental (-a update=ARCHIVE) ---------------------------------------------------------------
    def new_comments_request(self, start: int) -> Request:
        url = feeds.feed_url(self.scope.url, links.SITE_COMMENTS_FEED, start, self.comment_feed_page_size, self.since)
        return Request(url, callback=self.parse_new_comments, errback=self.posts_feed_failed, dont_filter=True,
                       meta={"start": start, "handle_httpstatus_all": True})

    def parse_new_comments(self, response: Response) -> Iterator[Any]:
        """Comments written since the earlier archive: each of their posts is read again, all comments included."""
        feed = feeds.feed_of(json_body(response))
        if feed is None:
            yield from self.feed_unavailable(f"{response.url} answered {response.status}, not a JSON feed")
            return
        total, start, count = feeds.paging(feed)
        entries = feed.get("entry") or []
        self.crawler.stats.inc_value("incremental/new_comments", len(entries))
        for post_id in sorted({p for p in map(feeds.replied_post, entries) if p}):
            url = urljoin(self.scope.url, links.SINGLE_POST_FEED.format(post_id=post_id)) + "?alt=json"
            yield Request(url, callback=self.parse_single_post, errback=self.posts_feed_failed,
                          meta={"handle_httpstatus_all": True})
        if count and start + count <= total:
            yield self.new_comments_request(start + count)

    def parse_single_post(self, response: Response) -> Iterator[Any]:
        data = json_body(response)
        entry = data.get("entry") if isinstance(data, dict) else None
        if not isinstance(entry, dict):
            yield from self.feed_unavailable(f"{response.url} answered {response.status}, not a post entry")
            return
        yield from self.feed_entry(entry, provenance(response, feeds.SOURCE, self.name))

    def feed_entry(self, entry: dict, prov) -> Iterator[Any]:
        post_id = feeds.numeric_id(feeds.text(entry.get("id")))
        if post_id and post_id in self._feed_posts:
            return
        if post_id:
            self._feed_posts.add(post_id)
        self.crawler.stats.inc_value("blogger/feed/posts")
        comments_path = feeds.comments_feed_of(entry, self.scope.url)
        if comments_path and (feeds.declared_comments(entry) or 0) > 0:
            yield self.comments_feed_request(comments_path, 1, {"entry": entry, "prov": prov, "got": []})
        else:
            item = self.feed_item(entry, prov, [])
            if item is not None:
                yield item

    def comments_feed_request(self, path: str, start: int, held: dict) -> Request:
        url = feeds.feed_url(self.scope.url, path, start, self.comment_feed_page_size)
        return Request(url, callback=self.parse_comments_feed, errback=self.comments_feed_failed, dont_filter=True,
                       meta={"held": held, "path": path, "handle_httpstatus_all": True})

    def parse_comments_feed(self, response: Response) -> Iterator[Any]:
        held = response.meta["held"]
        feed = feeds.feed_of(json_body(response))
        if feed is None:
            yield from self.comments_unavailable(held, f"{response.url} answered {response.status}")
            return
        total, start, count = feeds.paging(feed)
        held["got"].extend(feed.get("entry") or [])
        if count and start + count <= total:
            yield self.comments_feed_request(response.meta["path"], start + count, held)
            return
        item = self.feed_item(held["entry"], held["prov"], held["got"])
        if item is not None:
            yield item

    def comments_feed_failed(self, failure) -> Iterator[Any]:
        held = failure.request.meta["held"]
        yield from self.comments_unavailable(held, str(failure.value))

    def comments_unavailable(self, held: dict, why: str) -> Iterator[Any]:
        """Keep what the comment feed gave; in auto mode read the rest from the post's page(s)."""
        self.crawler.stats.inc_value("blogger/feed/comments_failed")
        item = self.feed_item(held["entry"], held["prov"], held["got"])
        if item is not None:
            yield item
        url = feeds.link(held["entry"], "alternate", "text/html")
        if self.mode == "auto" and url:
            self.logger.info("comment feed failed (%s): reading %s instead", why, url)
            yield from self.follow([url], self.parse_page, force=True, meta={"one_post": True})
        else:
            self.logger.warning("comment feed failed (%s): comments of %s not harvested (mode=%s)", why, url, self.mode)

    def posts_feed_failed(self, failure) -> Iterator[Any]:
        yield from self.feed_unavailable(f"{failure.request.url}: {failure.value}")

    def feed_unavailable(self, why: str) -> Iterator[Any]:
        if self._feed_failed:
            return
        self._feed_failed = True
        self.crawler.stats.set_value("blogger/feed", "unavailable")
        if self.mode == "feed":
            self.logger.error("Blogger feed unavailable (%s): nothing more harvested (mode=feed)", why)
            return
        self.logger.warning("Blogger feed unavailable (%s): harvesting the HTML pages", why)
        yield from self.start_html("feed unavailable")

    def feed_item(self, entry: dict, prov, comment_entries: list[dict]) -> Optional[dict]:
        """Hook: the raw record of one feed entry and its comment entries."""
        post = feeds.post(entry, site=feeds.site(self.scope.url), provenance=prov,
                          comment_list=feeds.comments(comment_entries))
        if post is None:
            return None
        self.crawler.stats.inc_value("blogger/feed/comments", len(post.comments))
        return self.with_site(to_dict(post))

    # -- HTML --------------------------------------------------------------------------------------------------
    def start_html(self, why: str) -> Iterator[Request]:
        if self._html_started:
            return
        self._html_started = True
        self.logger.info("harvesting %s from its HTML pages (%s)", self.scope.url, why)
        self.crawler.stats.set_value("blogger/html", why)
        yield from self.follow([self.scope.url], self.parse_page, force=True)
        yield from self.sitemap_requests()

    def page_kind(self, response: Response) -> str:
        """Hook: 'post', 'page' (a static page) or 'listing' (home, archives, older posts), from the URL."""
        path = urlsplit(response.url).path
        if links.POST_URL.match(path):
            return "post"
        if links.STATIC_PAGE_URL.match(path):
            return "page"
        return "listing"

    def parse_page(self, response: Response) -> Iterator[Any]:
        if not hasattr(response, "css"):
            return
        kind = self.page_kind(response)
        self.crawler.stats.inc_value(f"blogger/html/pages/{kind}")
        records = self.html_items(response)
        if kind == "listing":
            # posts are read on their own pages (comments are shown only there); a listed post without a
            # permalink is kept as listed
            yield from (r for r in records if not r.get("canonical_url")
                        or not self.scope.contains(r["canonical_url"]))
        else:
            if kind == "page":
                for record in records:
                    record["post_type"] = "page"
            yield from records
            yield from self.follow_comment_pages(response, records)
        if not response.meta.get("one_post"):
            yield from self.follow(self.follow_links(response), self.parse_page, base=response.url)

    def follow_links(self, response: Response) -> list[str]:
        """Hook: the links of a page worth following: posts, pagination, archives (ordered selector data)."""
        if getattr(self, "_link_css", None) is None:
            self._link_css = ", ".join([*self.post_link_selectors, *self.pagination_selectors,
                                        *self.archive_selectors])
        return response.css(self._link_css).getall()

    def follow_comment_pages(self, response: Response, records: list[dict]) -> Iterator[Request]:
        """The post's other comment pages: those its pager links, else (threaded templates load the rest with
        JavaScript) the next ?commentPage=N while a page is full and the declared count says more exist."""
        post_url = without_comment_page(response.url)
        current = comment_page(response.url) or 1
        pages = [urljoin(response.url, u) for u in response.css(", ".join(self.comment_pager_selectors)).getall()]
        pages = [u for u in pages if comment_page(u) and without_comment_page(u).split("#")[0] == post_url]
        if comment_page(response.url) is None and not any(comment_page(u) == 1 for u in pages):
            self._seen.add(request_key(with_comment_page(post_url, 1)))   # the bare URL showed page 1
        meta = {"one_post": True}
        if pages:
            yield from self.follow(pages, self.parse_page, meta=meta)
            return
        shown = sum(_flat(r.get("comments") or []) for r in records)
        declared = max((declared_count(r.get("comments_declared")) or 0 for r in records), default=0)
        if shown >= links.COMMENTS_PER_PAGE and declared > current * links.COMMENTS_PER_PAGE:
            self.crawler.stats.inc_value("blogger/html/comment_pages_guessed")
            yield from self.follow([with_comment_page(post_url, current + 1)], self.parse_page, meta=meta,
                                   force=True)

    def html_items(self, response: Response) -> list[dict]:
        """Hook: the raw records of one page; a comment page's records name the post's own URL as canonical."""
        records = self.html_records(response)
        post_url = without_comment_page(response.url)
        for record in records:
            canonical = record.get("canonical_url")
            if comment_page(response.url) and (not canonical or comment_page(canonical)):
                record["canonical_url"] = post_url
            if not record.get("content_html") and self.page_kind(response) != "listing":
                self.crawler.stats.inc_value("blogger/html/no_body")
                self.logger.warning(
                    "%s: no post body in the HTML (a Dynamic Views template draws it from the feed)%s", response.url,
                    "; the feed is unavailable, so only the title is archived" if self._feed_failed or self.mode == "html"
                    else "")
        return records
