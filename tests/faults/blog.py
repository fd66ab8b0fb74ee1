"""The faulty blog's content: one post per fault kind, each served at the URL whose response is broken.

``FAULTS`` lists every fault: its kind, the path it is injected at, how many times it fails before the page is
served correctly (None: never served correctly) and whether the post is expected in the output.
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
    note: str = ""

    @property
    def transient(self) -> bool:
        return self.fails is not None


# Faults served at a post's own permalink (or at the URL that leads to it).
POST_FAULTS = (
    Fault("control (no fault)", "control-post", 0),
    Fault("500 transient", "http500-transient", 2),
    Fault("500 permanent", "http500-permanent", None),
    Fault("502 transient", "http502-transient", 1),
    Fault("503 + Retry-After transient", "http503-retry-after", 1),
    Fault("503 + Retry-After permanent", "http503-permanent", None),
    Fault("429 + Retry-After transient", "http429-transient", 1),
    Fault("connection reset transient", "reset-transient", 1),
    Fault("connection reset permanent", "reset-permanent", None),
    Fault("timeout (stall) transient", "timeout-transient", 1),
    Fault("timeout (stall) permanent", "timeout-permanent", None),
    Fault("slow drip within timeout", "drip-slow-ok", 0),
    Fault("slow drip past timeout", "drip-timeout", None),
    Fault("truncated body transient", "truncated-transient", 1),
    Fault("truncated body permanent", "truncated-permanent", None),
    Fault("redirect chain (3 hops)", "redirect-chain-target", 0),
    Fault("redirect loop", "redirect-loop-target", None),
    Fault("redirect off-site", "redirect-offsite-target", None),
    Fault("10 MB page", "huge-page", None),
    Fault("endless stream", "endless-stream", None),
    Fault("gzip bomb (Content-Encoding)", "gzip-bomb", None),
    Fault("binary at HTML URL", "binary-body", None),
    Fault("cp1252 served as UTF-8", "charset-cp1252-as-utf8", 0),
    Fault("UTF-8 + BOM, header says latin-1", "charset-utf8-bom", 0),
    Fault("UTF-8, no charset anywhere", "charset-missing", 0),
    Fault("mojibake (double-encoded UTF-8)", "charset-mojibake", 0),
    Fault("malformed HTML", "malformed-html", 0),
)
# Posts reached only through redirects: not listed, not in the sitemap or feed.
HIDDEN = {"redirect-chain-target", "redirect-loop-target", "redirect-offsite-target"}
# Faults that are not posts (sitemaps, feed, crawler traps).
SITE_FAULTS = (
    Fault("sitemap: billion laughs", "", None),
    Fault("sitemap: XXE file:///etc/passwd", "", None),
    Fault("feed: XXE file:///etc/passwd", "", None),
    Fault("off-site links", "", None),
    Fault("infinite calendar", "", None),
)
BY_SLUG = {f.slug: f for f in POST_FAULTS}


def fault_posts() -> list[Post]:
    """One post per fault kind, a day apart in 2022 (months January to March)."""
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
