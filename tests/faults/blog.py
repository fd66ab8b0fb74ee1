"""The faulty blog's content: one post per fault kind, each served at the URL whose response is broken.

``POST_FAULTS`` and ``SITE_FAULTS`` list every fault: its kind, the post it is injected at, how many times it fails
before the page is served correctly (None: never served correctly), the Retry-After it sends, and what the
crawl's fault log (harvester.faultlog) must record for its URL: '<outcome>/<kind>', or '' for nothing.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from tests.sites.lowfield import Post

# Text that reads the same in every encoding only when decoded right.
ACCENTED = "Café – “quoted” £5 naïve"


@dataclass(frozen=True)
class Fault:
    kind: str               # the row of the report table
    slug: str               # the post's slug ('' for faults that are not posts)
    fails: Optional[int]    # failures before the page is served correctly; None: always fails
    retry_after: str = ""   # Retry-After sent with an error status: seconds, or 'date+N' (an HTTP-date N s ahead)
    logged: str = ""        # the fault log's entry for the URL ('failed/http_5xx', 'recovered/timeout'...); '' none

    @property
    def transient(self) -> bool:
        return self.fails is not None


# Faults served at a post's own permalink (or at the URL that leads to it).
POST_FAULTS = (
    Fault("control (no fault)", "control-post", 0),
    Fault("500 transient", "http500-transient", 2, logged="recovered/http_5xx"),
    Fault("500 permanent", "http500-permanent", None, logged="failed/http_5xx"),
    Fault("502 transient", "http502-transient", 1, logged="recovered/http_5xx"),
    Fault("503 transient (no Retry-After)", "http503-plain", 1, logged="recovered/http_5xx"),
    Fault("503 + Retry-After 2 s transient", "http503-retry-after", 1, "2", "recovered/http_5xx"),
    Fault("503 + Retry-After 1 s permanent", "http503-permanent", None, "1", "failed/http_5xx"),
    Fault("503 + Retry-After 3600 s (over cap)", "http503-over-cap", None, "3600", "failed/http_5xx"),
    Fault("429 + Retry-After HTTP-date transient", "http429-transient", 1, "date+2", "recovered/http_429"),
    Fault("429 permanent (no Retry-After)", "http429-permanent", None, logged="failed/http_429"),
    Fault("connection reset transient", "reset-transient", 1, logged="recovered/connection_reset"),
    Fault("connection reset permanent", "reset-permanent", None, logged="failed/connection_reset"),
    Fault("timeout (stall) transient", "timeout-transient", 1, logged="recovered/timeout"),
    Fault("timeout (stall) permanent", "timeout-permanent", None, logged="failed/timeout"),
    Fault("slow drip within timeout", "drip-slow-ok", 0),
    Fault("slow drip past timeout", "drip-timeout", None, logged="failed/timeout"),
    Fault("truncated body transient", "truncated-transient", 1, logged="recovered/truncated"),
    Fault("truncated body permanent", "truncated-permanent", None, logged="failed/truncated"),
    Fault("redirect chain (3 hops)", "redirect-chain-target", 0),
    Fault("redirect loop", "redirect-loop-target", None, logged="failed/redirect_loop"),
    Fault("redirect off-site", "redirect-offsite-target", None, logged="failed/offsite"),
    Fault("10 MB page", "huge-page", None, logged="failed/maxsize"),
    Fault("endless stream", "endless-stream", None, logged="failed/maxsize"),
    Fault("gzip bomb (Content-Encoding)", "gzip-bomb", None, logged="failed/maxsize"),
    Fault("binary at HTML URL", "binary-body", None, logged="failed/binary"),
    Fault("cp1252 served as UTF-8", "charset-cp1252-as-utf8", 0, logged="repaired/decode"),
    Fault("UTF-8 + BOM, header says latin-1", "charset-utf8-bom", 0, logged="repaired/decode"),
    Fault("UTF-8, no charset anywhere", "charset-missing", 0),
    Fault("mojibake (double-encoded UTF-8)", "charset-mojibake", 0),
    Fault("malformed HTML", "malformed-html", 0),
)
# Posts reached only through redirects: not listed, not in the sitemap or feed.
HIDDEN = {"redirect-chain-target", "redirect-loop-target", "redirect-offsite-target"}
# Faults that are not posts (sitemaps, feed, REST API, crawler traps); the REST fault only in the REST crawl.
SITE_FAULTS = (
    Fault("sitemap: billion laughs", "", None, logged="repaired/xml_entities"),
    Fault("sitemap: XXE file:///etc/passwd", "", None, logged="repaired/xml_entities"),
    Fault("feed: billion laughs", "", None, logged="repaired/xml_entities"),
    Fault("feed: XXE file:///etc/passwd", "", None, logged="repaired/xml_entities"),
    Fault("REST API: malformed JSON", "", None, logged="failed/json_invalid"),
    Fault("off-site links", "", None),
    Fault("infinite calendar", "", None),
)
# Where each site fault is injected (the REST API: its index; every other API URL answers the same).
SITE_FAULT_PATHS = {"sitemap: billion laughs": "/sitemap_index.xml", "sitemap: XXE file:///etc/passwd": "/sitemap.xml",
                    "feed: billion laughs": "/feed/", "feed: XXE file:///etc/passwd": "/feed/",
                    "REST API: malformed JSON": "/wp-json/"}
BY_SLUG = {f.slug: f for f in POST_FAULTS}


def fault_posts() -> list[Post]:
    """One post per fault kind, a day apart in 2022 (from January, ten a month)."""
    posts = []
    for i, fault in enumerate(POST_FAULTS):
        month, day = 1 + i // 10, 1 + i % 10 * 2
        title = f"Fault post: {fault.kind}"
        if fault.slug.startswith("charset-"):
            title = f"{ACCENTED} ({fault.slug})"
        posts.append(Post(200 + i, fault.slug, title, f"2022-{month:02d}-{day:02d}T10:00:00", 2 + i % 2,
                          [f"This post tests the crawler against: {fault.kind}.", f"Marker {fault.slug} {ACCENTED}."],
                          categories=[4 + i % 3]))
    return posts
