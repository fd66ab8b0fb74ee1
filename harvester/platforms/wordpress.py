"""The WordPress base spider: every published post, page and public comment, via the REST API or the HTML.

Site spiders subclass ``WordPressSpider`` and set attributes only (``name``, ``start_url``, site hints,
selector lists). ``scrapy crawl wordpress -a url=… [-a mode=auto|rest|html]`` uses it for any blog.

Named hooks: ``rest_item()`` / ``html_items()`` turn payloads into raw records, ``follow_links()`` picks the
links of an HTML page, ``page_kind()`` tells listings from single views, ``site_info()`` the blog's hints.
"""
from __future__ import annotations

import dataclasses
import logging
from typing import Any, Iterator, Optional
from urllib.parse import urljoin

from scrapy.http import Request, Response

from normalise.dataio import to_dict
from normalise.imports.wp_rest import embedded_replies, is_public, rest_comments, rest_post
from normalise.raw import RawProvenance

from . import wordpress_links as links
from ..incremental import iso_z, parse_instant
from .common import BlogSpider, json_body, provenance
from .wordpress_api import api_from_headers, request_key, rest_url, shown_comment_page, site_from_index, total_pages

log = logging.getLogger(__name__)
MODES = ("auto", "rest", "html")


class WordPressSpider(BlogSpider):
    """Harvest one WordPress blog: REST first, HTML when the API is absent, blocked or fails (mode 'auto').

    The blog's home URL (``start_url``, ``-a url=…``) scopes the crawl to its host and folder; the mode is
    'auto' (REST, HTML per failed request and when no API answers), 'rest' or 'html'.
    """

    platform = "wordpress"
    modes = MODES
    #: When the API refuses to list pingbacks/trackbacks (WordPress does, to visitors), mode 'auto' reads each
    #: post's HTML page as well so that they are archived; False keeps to the API (half the requests).
    rest_pings_from_html: bool = True
    #: Discovery data (see wordpress_links): override per site with an ordered list.
    teaser_selectors = links.TEASER_SELECTORS
    pagination_selectors = links.PAGINATION_SELECTORS
    archive_selectors = links.ARCHIVE_SELECTORS
    deny_url_patterns = links.DENY_URL_PATTERNS
    sitemap_paths = links.SITEMAP_PATHS
    feed_paths = links.FEED_PATHS

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.api_root: Optional[str] = None
        self._pings: dict[str, list[dict]] = {}   # post id -> its pingbacks and trackbacks (REST)
        self._ping_lists_open = 0
        self._pings_refused = False
        self._html_started = False

    def request_key(self, url: str) -> str:
        """The canonical URL plus the comment page (which canonical_url folds away)."""
        return request_key(url)

    # -- start -----------------------------------------------------------------------------------------------
    async def start(self):
        yield Request(self.scope.url, callback=self.parse_home, dont_filter=True, errback=self.home_failed)

    def parse_home(self, response: Response) -> Iterator[Any]:
        if self.mode == "html":
            yield from self.start_html("mode=html", home=response)
            return
        api = api_from_headers(response.headers.getlist(b"Link"), response.url)
        if api is None and hasattr(response, "css"):
            found = next((response.css(s).get() for s in links.API_LINK_SELECTORS if response.css(s)), None)
            api = urljoin(response.url, found) if found else None
        if api and self.scope.same_host(api):
            yield from self.start_rest(api, "announced by the home page")
        else:
            yield from self.probe_api(0)

    def home_failed(self, failure) -> Iterator[Any]:
        self.logger.error("blog home %s failed: %s", self.scope.url, failure.value)
        self.crawler.stats.inc_value("wordpress/home_failed")
        if self.mode != "rest":
            yield from self.start_html("home page failed")

    def probe_api(self, index: int) -> Iterator[Request]:
        if index >= len(links.API_PROBES):
            self.crawler.stats.set_value("wordpress/api", "none")
            if self.mode == "rest":
                self.logger.error("no WordPress REST API found for %s (mode=rest): nothing harvested", self.scope.url)
            else:
                yield from self.start_html("no REST API found")
            return
        url = urljoin(self.scope.url, links.API_PROBES[index])
        yield Request(url, callback=self.parse_api_probe, meta={"probe": index}, dont_filter=True,
                      errback=lambda f, i=index: self.probe_api(i + 1))

    def parse_api_probe(self, response: Response) -> Iterator[Request]:
        data = json_body(response)
        if isinstance(data, dict) and links.API_NAMESPACE in (data.get("namespaces") or []):
            yield from self.start_rest(response.url, "found by probing", index=data)
        else:
            yield from self.probe_api(response.meta["probe"] + 1)

    # -- REST ------------------------------------------------------------------------------------------------
    def start_rest(self, api_root: str, how: str, index: Optional[dict] = None) -> Iterator[Request]:
        """Use the API at ``api_root``: its index first (the blog's name and time zone, for every record), then
        the pingback/trackback lists, then the collections."""
        self.api_root = api_root
        self.logger.info("WordPress REST API at %s (%s)", api_root, how)
        self.crawler.stats.set_value("wordpress/api", api_root)
        if index is not None:
            self.blog_site = site_from_index(index)
            yield from self.start_rest_lists()
        else:
            yield Request(api_root, callback=self.parse_api_index, errback=self.parse_api_index, dont_filter=True)

    def parse_api_index(self, response_or_failure) -> Iterator[Request]:
        """The API index (or its failure: harvested without it); the lists follow either way."""
        response = response_or_failure if hasattr(response_or_failure, "body") else None
        self.blog_site = site_from_index(json_body(response) if response is not None else None)
        yield from self.start_rest_lists()

    def start_rest_lists(self) -> Iterator[Request]:
        self._pings: dict[str, list[dict]] = {}
        self._ping_lists_open = len(links.REST_PING_TYPES)
        for kind in links.REST_PING_TYPES:
            yield self.rest_pings_request(kind, 1)
        if not links.REST_PING_TYPES:
            yield from self.start_rest_collections()

    def start_rest_collections(self) -> Iterator[Request]:
        for route, _ in links.REST_COLLECTIONS:
            yield self.rest_list_request(route, 1)
        if self.since:   # incremental: old posts with comments written since the earlier archive
            self.logger.info("incremental: posts modified and comments written after %s (%s with WordPress's "
                             "local-time margin)", self.since, self.since_params("after")[0][1])
            yield self.rest_new_comments_request(1)

    # -- REST, incremental (-a update=ARCHIVE) ----------------------------------------------------------------
    def since_params(self, key: str) -> list[tuple[str, str]]:
        """[(key, instant)] on an incremental crawl ('modified_after' for posts, 'after' for comments), else [].

        WordPress compares these with its site-local times (post_modified, comment_date), whatever offset the
        instant carries, so the instant sent is ``since`` minus the widest UTC offset: a few extra posts, none
        missed, wherever the blog is.
        """
        if not self.since:
            return []
        return [(key, iso_z(parse_instant(self.since) - links.REST_SINCE_MARGIN))]

    def rest_new_comments_request(self, page: int) -> Request:
        params = [*self.since_params("after"), ("per_page", links.REST_PER_PAGE), ("page", page), ("_fields", "post")]
        return Request(rest_url(self.api_root, links.REST_COMMENTS, params), callback=self.parse_rest_new_comments,
                       errback=self.rest_failed, meta={"new_comments": page})

    def parse_rest_new_comments(self, response: Response) -> Iterator[Request]:
        """Comments written since the earlier archive: their posts are read again, all comments included."""
        data = json_body(response)
        if not isinstance(data, list):
            yield from self.rest_failed(response)
            return
        page = response.meta["new_comments"]
        pages = total_pages(response)
        if (page < pages) if pages is not None else len(data) >= links.REST_PER_PAGE:
            yield self.rest_new_comments_request(page + 1)
        ids = sorted({str(c["post"]) for c in data if isinstance(c, dict) and c.get("post")}, key=int)
        self.crawler.stats.inc_value("incremental/new_comments", len(data))
        for start in range(0, len(ids), links.REST_PER_PAGE):
            chunk = ",".join(ids[start:start + links.REST_PER_PAGE])
            for route, _ in links.REST_COLLECTIONS:
                params = [("include", chunk), ("per_page", links.REST_PER_PAGE), ("_embed", links.REST_EMBED)]
                yield Request(rest_url(self.api_root, route, params), callback=self.parse_rest_list,
                              errback=self.rest_failed, meta={"route": route, "page": 0})

    def rest_pings_request(self, kind: str, page: int) -> Request:
        params = [("type", kind), ("per_page", links.REST_PER_PAGE), ("page", page), *links.REST_COMMENT_ORDER,
                  *self.since_params("after")]
        return Request(rest_url(self.api_root, links.REST_COMMENTS, params), callback=self.parse_rest_pings,
                       errback=self.rest_failed, meta={"ping_type": kind, "page": page})

    def parse_rest_pings(self, response: Response) -> Iterator[Request]:
        """Pingbacks or trackbacks of the whole site; when every list is read, the posts are listed."""
        data = json_body(response)
        if not isinstance(data, list):
            yield from self.rest_failed(response)
            return
        for ping in data:
            if isinstance(ping, dict) and ping.get("post"):
                self._pings.setdefault(str(ping["post"]), []).append(ping)
        pages = total_pages(response)
        page = response.meta["page"]
        if (page < pages) if pages is not None else len(data) >= links.REST_PER_PAGE:
            yield self.rest_pings_request(response.meta["ping_type"], page + 1)
        else:
            yield from self.ping_list_done()

    def ping_list_done(self) -> Iterator[Request]:
        self._ping_lists_open -= 1
        if self._ping_lists_open == 0:
            yield from self.start_rest_collections()

    def rest_list_request(self, route: str, page: int) -> Request:
        params = [("per_page", links.REST_PER_PAGE), ("page", page), ("_embed", links.REST_EMBED),
                  *self.since_params("modified_after")]
        return Request(rest_url(self.api_root, route, params), callback=self.parse_rest_list,
                       errback=self.rest_failed, meta={"route": route, "page": page})

    def parse_rest_list(self, response: Response) -> Iterator[Request]:
        data = json_body(response)
        if not isinstance(data, list):
            yield from self.rest_failed(response)
            return
        route, page = response.meta["route"], response.meta["page"]
        if page == 0:   # posts asked for by id (incremental): one page, no paging
            pass
        elif page == 1:
            pages = total_pages(response)
            self.crawler.stats.inc_value("wordpress/rest/declared", int(response.headers.get(b"X-WP-Total") or 0))
            for n in range(2, (pages or 1) + 1):
                yield self.rest_list_request(route, n)
            if pages is None and len(data) >= links.REST_PER_PAGE:   # no paging headers: walk until short page
                yield self.rest_list_request(route, 2)
        elif total_pages(response) is None and len(data) >= links.REST_PER_PAGE:
            yield self.rest_list_request(route, page + 1)
        listing = provenance(response, "wp-rest", self.name)
        for post in data:
            if isinstance(post, dict) and is_public(post) and post.get("link"):
                yield self.rest_comments_request(post, listing, [], 1)

    def rest_comments_request(self, post: dict, listing: RawProvenance, held: list[dict], page: int) -> Request:
        params = [("post", post["id"]), ("per_page", links.REST_PER_PAGE), ("page", page), *links.REST_COMMENT_ORDER]
        return Request(rest_url(self.api_root, links.REST_COMMENTS, params), callback=self.parse_rest_comments,
                       errback=self.rest_failed,
                       meta={"post": post, "listing": listing, "held": held, "page": page})

    def parse_rest_comments(self, response: Response) -> Iterator[Any]:
        meta = response.meta
        data = json_body(response)
        if not isinstance(data, list):
            yield from self.rest_failed(response)
            return
        held = meta["held"] + [c for c in data if isinstance(c, dict)]
        pages = total_pages(response)
        more = meta["page"] < pages if pages is not None else len(data) >= links.REST_PER_PAGE
        if more:   # every page before the post is emitted: a reply's parent can sit on a later page
            yield self.rest_comments_request(meta["post"], meta["listing"], held, meta["page"] + 1)
            return
        item = self.rest_item(meta["post"], held, meta["listing"])
        if item is not None:
            yield item
        if self._pings_refused and self.mode == "auto" and self.rest_pings_from_html:
            yield from self.follow([meta["post"]["link"]], self.parse_page, force=True, meta={"one_post": True})

    def rest_item(self, post: dict, comments: list[dict], listing: RawProvenance) -> Optional[dict]:
        """Hook: one REST post object and its comment objects as a raw record (a dict of normalise.raw.RawPost);
        ``listing`` is the provenance of the list response that held the post."""
        pings = self._pings.get(str(post.get("id")), [])
        raw = rest_post(post, rest_comments(embedded_replies(post) + comments + pings), dataclasses.replace(listing))
        return self.with_site(to_dict(raw)) if raw is not None else None

    def rest_failed(self, failure_or_response) -> Iterator[Any]:
        """A REST request failed (error status, HTML instead of JSON, network): fall back per request."""
        response = getattr(failure_or_response, "value", None)
        response = getattr(response, "response", None) or failure_or_response
        request = getattr(failure_or_response, "request", None) or getattr(response, "request", None)
        meta = request.meta if request is not None else {}
        status = getattr(response, "status", type(getattr(failure_or_response, "value", None)).__name__)
        self.crawler.stats.inc_value("wordpress/rest/failed")
        self.logger.warning("REST request failed (%s): %s", status, getattr(request, "url", "?"))
        if "ping_type" in meta:   # refused to visitors by WordPress: the post pages will show them
            if not self._pings_refused:
                self._pings_refused = True
                self.crawler.stats.set_value("wordpress/rest/pings_refused", True)
                self.logger.info("REST API does not list pingbacks/trackbacks to visitors%s", (
                    "; each post's page is read for them" if self.mode == "auto" and self.rest_pings_from_html
                    else "; they are not harvested"))
            yield from self.ping_list_done()
        elif "post" in meta:   # comments of one post: keep what arrived, read the rest from its page
            item = self.rest_item(meta["post"], meta["held"], meta["listing"])
            if item is not None:
                yield item
            if self.mode == "auto":
                yield from self.follow([meta["post"]["link"]], self.parse_page, force=True, meta={"one_post": True})
        elif self.mode == "auto":
            yield from self.start_html(f"REST {meta.get('route', 'request')} failed ({status})")

    # -- HTML ------------------------------------------------------------------------------------------------
    def start_html(self, why: str, home: Optional[Response] = None) -> Iterator[Any]:
        if self._html_started:
            return
        self._html_started = True
        self.logger.info("harvesting %s from its HTML pages (%s)", self.scope.url, why)
        self.crawler.stats.set_value("wordpress/html", why)
        if home is not None:   # already fetched: read it rather than asking again
            self._seen.add(self.request_key(self.scope.url))
            yield from self.parse_page(home)
        else:
            yield from self.follow([self.scope.url], self.parse_page, force=True)
        yield from self.sitemap_requests()
        for path in self.feed_paths:
            yield Request(urljoin(self.scope.url, path), callback=self.parse_feed)

    def parse_feed(self, response: Response) -> Iterator[Request]:
        response.selector.remove_namespaces()
        urls = response.xpath("//item/link/text() | //entry/link[@rel='alternate' or not(@rel)]/@href").getall()
        yield from self.follow(urls, self.parse_page)

    def parse_page(self, response: Response) -> Iterator[Any]:
        if not hasattr(response, "css"):
            return
        if response.meta.get("one_post"):   # REST fell back for this post only: it and its comment pages
            yield from self.html_items(response, static=self.is_static_page(response))
            yield from self.follow_comment_pages(response, meta={"one_post": True})
            return
        kind = self.page_kind(response)
        self.crawler.stats.inc_value(f"wordpress/html/pages/{kind}")
        if kind == "single":
            yield from self.html_items(response, static=self.is_static_page(response))
            yield from self.follow_comment_pages(response)
        if kind != "skip":
            yield from self.follow(self.follow_links(response), self.parse_page, base=response.url)

    def page_kind(self, response: Response) -> str:
        """Hook: 'single' (a post or page), 'listing' (home, archive) or 'skip', from body classes, else the URL."""
        classes = set((response.css("body::attr(class)").get() or "").split())
        if classes & set(links.SKIPPED_BODY_CLASSES):
            return "skip"
        if classes & set(links.LISTING_BODY_CLASSES):
            return "listing"
        if classes & set(links.SINGLE_BODY_CLASSES):
            return "single"
        if self.request_key(response.url) == self.request_key(self.scope.url):
            return "listing"
        return "listing" if any(p.search(response.url) for p in links.LISTING_URL_PATTERNS) else "single"

    def is_static_page(self, response: Response) -> bool:
        """Hook: True for a static page (body class 'page'), archived with post_type 'page' as the API says."""
        classes = set((response.css("body::attr(class)").get() or "").split())
        return bool(classes & set(links.STATIC_PAGE_BODY_CLASSES))

    def follow_links(self, response: Response) -> list[str]:
        """Hook: the links of a page worth following: teasers, pagination, archives (ordered selector data)."""
        return response.css(self._link_query()).getall()

    def _link_query(self) -> str:
        """All link selectors as one CSS group: one pass over the page instead of one per selector."""
        if getattr(self, "_link_css", None) is None:
            self._link_css = ", ".join([*self.teaser_selectors, *self.pagination_selectors, *self.archive_selectors])
        return self._link_css

    def follow_comment_pages(self, response: Response, meta: Optional[dict] = None) -> Iterator[Request]:
        """Every other comment page of a post; the page the bare URL already showed is not asked for again."""
        pages = [urljoin(response.url, u) for u in self.comment_page_urls(response)]
        shown = shown_comment_page(response.url, pages)
        if shown is not None:
            self._seen.add(self.request_key(shown))
        yield from self.follow(pages, self.parse_page, base=response.url, meta=meta)

    def comment_page_urls(self, response: Response) -> list[str]:
        from harvester.extract.wordpress import comment_pages
        return comment_pages(response.selector.root, response.url)

    def html_items(self, response: Response, static: bool = False) -> Iterator[dict]:
        """Hook: the raw records of one post page (harvester.extract), with the blog's site hints."""
        for item in self.html_records(response):
            if static:
                item["post_type"] = "page"
            yield item
