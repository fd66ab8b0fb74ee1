"""Downloader middlewares: a <meta http-equiv="refresh"> is followed only from the page's <head>, never from content."""
from __future__ import annotations

import re

from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.http import HtmlResponse
from w3lib.html import get_meta_refresh

# Where the head ends: its end tag, or the first body tag when the end tag is left out.
HEAD_END = re.compile(r"</head\s*>|<body[\s>]", re.I)
# How much of a page is searched for its head (Scrapy itself looks at the first 4096 characters).
HEAD_SEARCH_CHARS = 64 * 1024


class HeadMetaRefreshMiddleware(MetaRefreshMiddleware):
    """Scrapy's MetaRefreshMiddleware, but a refresh inside the body (a post or a reader's comment that an
    unfiltered blog serves as is) does not replace the page: that is hostile content, and the post would be lost."""

    def process_response(self, request, response, spider=None):  # noqa: ARG002 (Scrapy's signature)
        if isinstance(response, HtmlResponse) and not self._refresh_in_head(response):
            return response
        return super().process_response(request, response)

    def _refresh_in_head(self, response: HtmlResponse) -> bool:
        text = response.text[:HEAD_SEARCH_CHARS]
        end = HEAD_END.search(text)
        head = text[:end.start()] if end else text[:4096]
        interval, url = get_meta_refresh(head, response.url, response.encoding, ignore_tags=self._ignore_tags)
        return url is not None
