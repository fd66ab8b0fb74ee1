"""Recognise a page's blogging platform from its markup and headers, with a human-readable reason."""
from __future__ import annotations

import re

from . import page

# (platform, reason, pattern on the decoded page) — tried in order, first match wins. Each is a
# marker only that platform writes; h2.date-header is deliberately absent (other themes use it).
MARKUP_SIGNATURES: list[tuple[str, str, re.Pattern]] = [
    ("wordpress", "generator meta names WordPress",
     re.compile(r"<meta[^>]+name=[\"']generator[\"'][^>]+content=[\"'][^\"']*WordPress", re.I)),
    ("wordpress", "generator meta names WordPress",
     re.compile(r"<meta[^>]+content=[\"'][^\"']*WordPress[^\"']*[\"'][^>]+name=[\"']generator[\"']", re.I)),
    ("blogger", "generator meta names Blogger",
     re.compile(r"<meta[^>]+(?:name=[\"']generator[\"'][^>]+content=[\"']Blogger|"
                r"content=[\"']Blogger[\"'][^>]+name=[\"']generator[\"'])", re.I)),
    ("wordpress", "api.w.org REST link tag", re.compile(r"<link[^>]+rel=[\"']https://api\.w\.org/[\"']", re.I)),
    ("blogger", "Blogger widget script / blogger.com feed links",
     re.compile(r"www\.blogger\.com/(?:static/v1/widgets|feeds/\d+|dyn-css/authorization\.css)|"
                r"_WidgetManager\._Init|<b:skin", re.I)),
    ("wordpress", "wp-content / wp-includes asset paths", re.compile(r"/wp-(?:content|includes)/", re.I)),
    ("blogger", "blogspot.com links to itself", re.compile(r"<link[^>]+rel=[\"']canonical[\"'][^>]+\.blogspot\.", re.I)),
    ("wordpress", "WordPress body/article classes (postid-, hentry + wp-)",
     re.compile(r"class=[\"'][^\"']*\b(?:postid-\d+|wp-block-post-content)\b", re.I)),
]


def detect_platform(body: bytes | str, url: str, headers: dict[str, str] | None = None) -> tuple[str, str]:
    """('wordpress' | 'blogger' | 'generic', why) for one page."""
    link = page.header(headers, "link")
    if "api.w.org" in link:
        return "wordpress", "Link header points at the WordPress REST API (api.w.org)"
    if page.header(headers, "x-blogger-server") or "blogger" in page.header(headers, "server").lower():
        return "blogger", "Blogger server header"
    text = page.decode(body, headers) if isinstance(body, bytes) else body
    head = text[:400_000]
    for platform, reason, pattern in MARKUP_SIGNATURES:
        if pattern.search(head):
            return platform, reason
    if re.search(r"\.blogspot\.[a-z.]+/", url or ""):
        return "blogger", "blogspot host name"
    return "generic", "no WordPress or Blogger marker found"
