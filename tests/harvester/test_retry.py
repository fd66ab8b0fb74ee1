"""harvester.retry: Retry-After read as delta-seconds or HTTP-date, capped, bounded by RETRY_TIMES; no silent re-send.

The timing of real waits (no earlier than asked, other requests flowing meanwhile) is measured against a loopback
server in tests/test_faults.py; here the decisions are checked one response at a time.
"""
from __future__ import annotations

import asyncio
import subprocess
import sys
from datetime import datetime, timezone

import pytest
from scrapy import Request, Spider
from scrapy.exceptions import DownloadTimeoutError
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from harvester.faultlog import DETAIL, HISTORY
from harvester.retry import RetryAfterMiddleware, retry_after_seconds
from tests.sites.crawling import ROOT, scrapy_env

NOW = datetime(2024, 3, 1, 12, 0, 0, tzinfo=timezone.utc)


class _Spider(Spider):
    name = "retrytest"


@pytest.mark.parametrize(("value", "date", "expected"), [
    ("120", None, 120.0),
    (b" 7 ", None, 7.0),
    ("0", None, 0.0),
    ("Fri, 01 Mar 2024 12:00:30 GMT", None, 30.0),                              # against now
    ("Fri, 01 Mar 2024 12:00:30 GMT", "Fri, 01 Mar 2024 12:00:28 GMT", 2.0),    # against the server's Date
    ("Fri, 01 Mar 2024 11:59:00 GMT", None, 0.0),                               # already past
    ("Friday, 01-Mar-24 12:01:00 GMT", None, 60.0),                              # RFC 850 form
    ("Fri Mar  1 12:00:05 2024", None, 5.0),                                     # asctime form
    ("soon", None, None), ("-5", None, None), ("1.5", None, None), ("", None, None), (None, None, None),
])
def test_retry_after_seconds(value, date, expected):
    assert retry_after_seconds(value, date, now=NOW) == expected


def test_unreadable_date_header_falls_back_to_now():
    assert retry_after_seconds("Fri, 01 Mar 2024 12:00:10 GMT", "yesterday", now=NOW) == 10.0


def middleware(**settings):
    crawler = get_crawler(_Spider, {"RETRY_TIMES": 2, "RETRY_AFTER_MAX": 60, **settings})
    crawler.spider = crawler._create_spider()
    return RetryAfterMiddleware.from_crawler(crawler), crawler


def response(status: int, request: Request, **headers) -> HtmlResponse:
    return HtmlResponse(request.url, status=status, headers=headers, body=b"<html></html>", request=request)


def run(coro):
    return asyncio.run(coro)


def test_retry_after_over_the_cap_gives_up_at_once():
    mw, crawler = middleware()
    request = Request("http://127.0.0.1/a")
    out = run(mw.process_response(request, response(503, request, **{"Retry-After": "3600"})))
    assert out.status == 503   # the response, not a retry
    assert request.meta[DETAIL] == "Retry-After 3600 s exceeds RETRY_AFTER_MAX (60 s): not retried"
    assert crawler.stats.get_value("retry/retry_after/over_max") == 1
    assert crawler.stats.get_value("retry/count") is None


def test_retry_after_zero_retries_at_once_and_labels_the_fault():
    mw, crawler = middleware()
    request = Request("http://127.0.0.1/a")
    retry = run(mw.process_response(request, response(429, request, **{"Retry-After": "0"})))
    assert isinstance(retry, Request) and retry.url == request.url and retry.dont_filter
    assert retry.meta["retry_times"] == 1 and retry.meta[HISTORY] == ["http_429"]
    again = run(mw.process_response(retry, response(503, retry, **{"Retry-After": "0"})))
    assert again.meta["retry_times"] == 2 and again.meta[HISTORY] == ["http_429", "http_5xx"]
    assert crawler.stats.get_value("retry/count") == 2


def test_defaults_without_the_project_settings():
    mw, _ = middleware()
    assert mw.retry_after_codes == {429, 503} and mw.retry_after_max == 60
    crawler = get_crawler(_Spider)
    assert RetryAfterMiddleware.from_crawler(crawler).retry_after_max == 120


def test_no_wait_when_no_retry_is_left():
    """The last allowed attempt failed: giving up needs no wait, however long Retry-After asks."""
    mw, crawler = middleware()
    request = Request("http://127.0.0.1/a", meta={"retry_times": 2})
    out = run(mw.process_response(request, response(503, request, **{"Retry-After": "50"})))
    assert out.status == 503
    assert crawler.stats.get_value("retry/max_reached") == 1
    assert crawler.stats.get_value("retry/retry_after/waits") is None


@pytest.mark.parametrize("status", [500, 502])
def test_retry_after_ignored_outside_its_codes(status):
    mw, _ = middleware()
    request = Request("http://127.0.0.1/a")
    retry = run(mw.process_response(request, response(status, request, **{"Retry-After": "50"})))
    assert isinstance(retry, Request) and retry.meta[HISTORY] == ["http_5xx"]


def test_unreadable_retry_after_retries_as_scrapy_does():
    mw, _ = middleware()
    request = Request("http://127.0.0.1/a")
    assert isinstance(run(mw.process_response(request, response(503, request, **{"Retry-After": "later"}))), Request)


@pytest.mark.parametrize("meta", [{"dont_retry": True}, {"max_retry_times": 0}])
def test_requests_that_refuse_retries_are_not_retried(meta):
    mw, _ = middleware()
    request = Request("http://127.0.0.1/a", meta=meta)
    assert run(mw.process_response(request, response(503, request, **{"Retry-After": "0"}))).status == 503


def test_success_passes_through():
    mw, _ = middleware()
    request = Request("http://127.0.0.1/a")
    ok = response(200, request, **{"Retry-After": "5"})
    assert run(mw.process_response(request, ok)) is ok


def test_exception_retries_are_labelled_by_kind():
    mw, _ = middleware()
    request = Request("http://127.0.0.1/a")
    retry = mw.process_exception(request, DownloadTimeoutError("took too long"))
    assert retry.meta[HISTORY] == ["timeout"]


def test_project_settings_use_the_middleware_handler_and_downloader():
    """`scrapy settings` of the project: Scrapy's RetryMiddleware replaced, Twisted's re-send off, the fault log on."""
    code = ("from scrapy.utils.project import get_project_settings\n"
            "from scrapy.utils.test import get_crawler\n"
            "from harvester.retry import ExplicitRetryHTTPDownloadHandler\n"
            "s = get_project_settings()\n"
            "mws = s.getdict('DOWNLOADER_MIDDLEWARES')\n"
            "assert mws['scrapy.downloadermiddlewares.retry.RetryMiddleware'] is None, mws\n"
            "assert mws['harvester.retry.RetryAfterMiddleware'] == 550, mws\n"
            "assert s['DOWNLOADER'] == 'harvester.faultlog.FaultLogDownloader'\n"
            "assert s['LOG_FORMATTER'] == 'harvester.faultlog.FaultLogFormatter'\n"
            "assert s['RETRY_GIVE_UP_LOG_LEVEL'] == 'INFO'\n"
            "assert s.getfloat('RETRY_AFTER_MAX') == 120 and s.getlist('RETRY_AFTER_HTTP_CODES') == [429, 503]\n"
            "from scrapy.utils.reactor import install_reactor\n"
            "install_reactor(s['TWISTED_REACTOR'])\n"
            "handler = ExplicitRetryHTTPDownloadHandler(get_crawler(settings_dict=dict(s)))\n"
            "print('retryAutomatically', handler._pool.retryAutomatically)\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=scrapy_env(), capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.strip() == "retryAutomatically False"


def test_a_closing_crawl_does_not_wait():
    """No running engine (the crawl is closing): the URL is given up at once, with the reason, not slept on."""
    mw, crawler = middleware()
    assert mw.closing()
    request = Request("http://127.0.0.1/a")
    out = run(mw.process_response(request, response(503, request, **{"Retry-After": "30"})))
    assert out.status == 503
    assert request.meta[DETAIL] == "the crawl closed during its Retry-After wait (30 s): not retried"
    assert crawler.stats.get_value("retry/retry_after/waits") == 1
    assert crawler.stats.get_value("retry/retry_after/max_seconds") == 30
