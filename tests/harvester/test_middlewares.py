"""HeadMetaRefreshMiddleware: a meta refresh in the page's head is followed, one in a post or comment is not."""
from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from harvester.middlewares import HeadMetaRefreshMiddleware
from harvester.settings import DOWNLOADER_MIDDLEWARES

URL = "http://127.0.0.1:8000/2022/03/post/"
REFRESH = '<meta http-equiv="refresh" content="0;url=http://127.0.0.1:8000/moved/">'


def _response(html: str) -> HtmlResponse:
    return HtmlResponse(URL, body=html.encode("utf-8"), encoding="utf-8", request=Request(URL))


@pytest.fixture
def middleware() -> HeadMetaRefreshMiddleware:
    return HeadMetaRefreshMiddleware.from_crawler(get_crawler())


@pytest.mark.parametrize("page", [
    f"<html><head><title>Moved</title>{REFRESH}</head><body><p>This blog has moved.</p></body></html>",
    f"<html><head>{REFRESH}<body><p>No closing head tag.</p></body></html>",
])
def test_refresh_in_head_is_followed(middleware, page):
    result = middleware.process_response(Request(URL), _response(page))
    assert isinstance(result, Request) and result.url == "http://127.0.0.1:8000/moved/"


@pytest.mark.parametrize("page", [
    f"<html><head><title>Post</title></head><body><div class='entry-content'><p>Words.</p>{REFRESH}</div></body></html>",
    f"<html><head><title>Post</title></head><body><ol class='comment-list'><li>{REFRESH}</li></ol></body></html>",
    f"<html><head><title>Post</title><body><p>A hostile comment:</p>{REFRESH}</body></html>",
])
def test_refresh_in_content_is_not_followed(middleware, page):
    response = _response(page)
    assert middleware.process_response(Request(URL), response) is response


def test_enabled_in_place_of_scrapys():
    assert DOWNLOADER_MIDDLEWARES["scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware"] is None
    assert DOWNLOADER_MIDDLEWARES["harvester.middlewares.HeadMetaRefreshMiddleware"] == 580
