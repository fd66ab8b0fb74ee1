"""What every platform base spider shares: the blog's scope and mode, de-duplicated link following, sitemaps,
HTML extraction into raw records, and the site hints copied into every record.

``BlogSpider`` is configured by class attributes (``platform``, ``modes``, ``deny_url_patterns``, site hints)
and exposes named hooks: ``request_key()`` (one key per distinct page), ``parse_page()`` (what a followed
page gives), ``site_info()`` (the blog's fields in every record).
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterable, Iterator, Optional
from urllib.parse import urljoin, urlsplit, urlunsplit

import scrapy
from scrapy.http import Request, Response
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap

from normalise import __version__
from normalise.raw import RawProvenance
from normalise.urls import canonical_url

from ..incremental import CONDITIONAL_OK, PreviousArchive, http_validators, iso_z, parse_instant


__all__ = ["BlogSpider", "Scope", "archive_fields", "json_body", "utc_now", "provenance"]


def utc_now() -> str:
    """The fetch time as RawProvenance wants it: 'YYYY-MM-DDThh:mm:ssZ'."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Scope:
    """The blog: same host (any scheme, default port folded) and a path under the blog URL's folder."""

    url: str
    host: str
    prefix: str

    @classmethod
    def of(cls, url: str) -> "Scope":
        canon = canonical_url(url)
        parts = urlsplit(canon)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"not an http(s) blog URL: {url!r}")
        prefix = parts.path if parts.path.endswith("/") else parts.path.rsplit("/", 1)[0] + "/"
        home = urlunsplit((parts.scheme, parts.netloc, prefix, "", ""))
        return cls(url=home, host=parts.netloc, prefix=prefix)

    def contains(self, url: str) -> bool:
        try:
            parts = urlsplit(canonical_url(url))
        except ValueError:
            return False
        return parts.scheme in ("http", "https") and parts.netloc == self.host and parts.path.startswith(self.prefix)

    def same_host(self, url: str) -> bool:
        try:
            return urlsplit(canonical_url(url)).netloc == self.host
        except ValueError:
            return False


def json_body(response) -> Any:
    """The parsed JSON of a 200 response, or None when the response is an error, HTML or unreadable."""
    if response.status != 200:
        return None
    ctype = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
    if "html" in ctype:
        return None
    try:
        return json.loads(response.body)
    except (ValueError, UnicodeDecodeError):
        return None


def archive_fields(response: Response) -> dict[str, str]:
    """Provenance fields a response carries in its meta: its WARC record (harvester.warc) and, read from the Wayback
    Machine, the snapshot (harvester.wayback: source 'wayback', snapshot URL and timestamp, capture time)."""
    request = getattr(response, "request", None)
    meta = request.meta if request is not None else {}
    fields: dict[str, str] = {}
    if meta.get("warc"):
        fields.update(warc_file=meta["warc"]["file"], warc_record_id=meta["warc"]["record_id"])
    if meta.get("wayback_snapshot"):
        fields.update(meta["wayback_snapshot"])
    return fields


def provenance(response: Response, source: str, tool: str) -> RawProvenance:
    """Where a record read from ``response`` came from (URL, fetch time, payload hash, WARC record, snapshot, HTTP
    validators)."""
    fields = {"fetched_url": response.url, "fetched_at": utc_now(), "source": source, **archive_fields(response),
              **http_validators(response.headers)}
    return RawProvenance(tool=tool, tool_version=__version__, payload_sha256=hashlib.sha256(response.body).hexdigest(),
                         **fields)


class BlogSpider(scrapy.Spider):
    """Harvest one blog given by ``start_url`` (``-a url=…``) in one of ``modes`` (``-a mode=…``)."""

    #: 'blogger', 'wordpress' or 'generic': the platform of every record and of the extractor used.
    platform: str = "generic"
    #: Accepted modes, the first being the default.
    modes: tuple[str, ...] = ("auto", "html")
    #: The blog's home URL; ``-a url=…`` overrides it.
    start_url: Optional[str] = None
    mode: Optional[str] = None
    #: Hints copied into every record's ``site``: name, IANA time zone, date languages, numeric date order.
    site_name: Optional[str] = None
    site_timezone: Optional[str] = None
    site_languages: tuple[str, ...] = ()
    site_date_order: Optional[str] = None
    #: Discovered links matching one of these are never requested (seeds and built URLs are not checked).
    deny_url_patterns: tuple = ()
    #: Sitemaps tried at the blog root in HTML mode.
    sitemap_paths: tuple[str, ...] = ()

    def __init__(self, *args: Any, url: Optional[str] = None, mode: Optional[str] = None,
                 update: Optional[str] = None, since: Optional[str] = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        #: An incremental crawl (``-a update=ARCHIVE``): the earlier archive, and the instant changes are asked from.
        self.previous: Optional[PreviousArchive] = PreviousArchive.load(update) if update else None
        when = parse_instant(since) if since else (self.previous.earliest_fetch if self.previous else None)
        self.since: Optional[str] = iso_z(when) if when else None
        if self.previous:
            self.logger.info("incremental crawl: %d records in %s, %d pages with validators; changes since %s",
                             self.previous.posts, update, len(self.previous.validators), self.since)
        self.start_url = url or self.start_url
        if not self.start_url:
            raise ValueError(f"{self.name}: give the blog URL: scrapy crawl {self.name} -a url=https://…/")
        self.mode = (mode or self.mode or self.modes[0]).lower()
        if self.mode not in self.modes:
            raise ValueError(f"{self.name}: mode must be one of {', '.join(self.modes)}, not {self.mode!r}")
        self.scope = self.blog_scope(self.start_url)
        if not getattr(self, "allowed_domains", None):
            self.allowed_domains = [self.scope.host.rsplit(":", 1)[0]]
        self.blog_site: dict[str, str] = {}   # what the platform itself says of the blog (feed, API index)
        self._seen: set[str] = set()          # request keys already requested
        self._looked_at: set[str] = set()     # link strings already judged (sidebars repeat them on every page)

    def blog_scope(self, url: str) -> Scope:
        """Hook: the part of the web that is the blog (default: the URL's host and folder)."""
        return Scope.of(url)

    # -- following ---------------------------------------------------------------------------------------------
    def request_key(self, url: str) -> str:
        """Hook: one key per distinct page (default: the canonical URL)."""
        return canonical_url(url)

    def request_url(self, url: str) -> str:
        """Hook: the form of a discovered URL that is requested (default: as found)."""
        return url

    def denied(self, url: str) -> bool:
        return any(p.search(url) for p in self.deny_url_patterns)

    def follow(self, urls: Iterable[str], callback, *, base: str = "", force: bool = False,
               meta: Optional[dict] = None, errback=None) -> Iterator[Request]:
        """Requests for the in-blog, allowed, not yet requested ones of ``urls`` (de-duplicated by request key)."""
        for url in urls:
            url = urljoin(base, (url or "").strip()).split("#", 1)[0]
            if not url or (url in self._looked_at and not force):
                continue
            self._looked_at.add(url)
            if not self.scope.contains(url) or (not force and self.denied(url)):
                continue
            try:
                key = self.request_key(url)
            except ValueError:
                continue
            if key in self._seen:
                continue
            self._seen.add(key)
            yield Request(self.request_url(url), callback=callback, meta={CONDITIONAL_OK: True, **(meta or {})},
                          dont_filter=force, errback=errback)

    def sitemap_requests(self) -> Iterator[Request]:
        for path in self.sitemap_paths:
            yield Request(urljoin(self.scope.url, path), callback=self.parse_sitemap)

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        """A sitemap index (its sitemaps on the blog's host) or a URL set (its pages, through ``follow``)."""
        body = response.body
        if body[:2] == b"\x1f\x8b":
            body = gunzip(body, max_size=self.settings.getint("DOWNLOAD_MAXSIZE"))
        if b"<urlset" not in body[:2048] and b"<sitemapindex" not in body[:2048]:
            return
        sitemap = Sitemap(body)
        locs = [entry.get("loc", "") for entry in sitemap]
        if sitemap.type == "sitemapindex":
            for url in locs:
                if self.scope.same_host(url):
                    yield Request(url, callback=self.parse_sitemap)
        else:
            self.crawler.stats.inc_value(f"{self.platform}/html/sitemap_urls", len(locs))
            yield from self.follow(locs, self.parse_page)

    def parse_page(self, response: Response) -> Iterator[Any]:
        """Hook: the records and links of one followed HTML page."""
        raise NotImplementedError

    # -- records -----------------------------------------------------------------------------------------------
    def html_records(self, response: Response) -> list[dict]:
        """The raw records of one HTML page (harvester.extract, this spider's platform), with the site hints."""
        from harvester.extract import extract_page
        headers = {k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()}
        records = extract_page(response.body, response.url, fetched_at=utc_now(), headers=headers,
                               platform=self.platform, tool=self.name, source="html")
        archived = {**archive_fields(response), **http_validators(response.headers)}
        for item in records:
            item["provenance"].update(archived)
        return [self.with_site(item) for item in records]

    def site_info(self) -> dict:
        """Hook: the site fields this spider knows better than any page (blog URL and the declared hints)."""
        info: dict[str, Any] = {"base_url": self.scope.url, "platform": self.platform}
        name = self.site_name or self.blog_site.get("name")
        if name:
            info["name"] = name
        timezone = self.site_timezone or self.blog_site.get("timezone")
        if timezone:
            info["timezone"] = timezone
        if self.site_languages:
            info["languages"] = list(self.site_languages)
        if self.site_date_order:
            info["date_order"] = self.site_date_order
        return info

    def with_site(self, item: dict) -> dict:
        item["site"] = {**(item.get("site") or {}), **self.site_info()}
        return item
