"""harvester.faultlog: faults classified by kind, each URL logged and counted once per outcome, summarised at close.

Whole crawls of a blog broken on purpose are in tests/test_faults.py; here each classification and the log's
bookkeeping are checked on their own.
"""
from __future__ import annotations

import json
import logging

import pytest
from scrapy import Request, Spider
from scrapy.exceptions import (CannotResolveHostError, DownloadCancelledError, DownloadFailedError,
                               DownloadTimeoutError, IgnoreRequest, ResponseDataLossError)
from scrapy.http import HtmlResponse, Response, TextResponse, XmlResponse
from scrapy.utils.test import get_crawler
from twisted.internet.error import ConnectionLost
from twisted.python.failure import Failure
from twisted.web.client import ResponseNeverReceived

from harvester.faultlog import (HISTORY, FaultLog, FaultLogFormatter, content_fault, exception_kind, reason_kind,
                                status_kind)

URL = "http://127.0.0.1:8000/2022/01/post/"


def wrapped(exc: Exception) -> DownloadFailedError:
    """A DownloadFailedError as Scrapy raises it: ResponseFailed from Twisted as its cause."""
    error = DownloadFailedError("[<Failure ...>]")
    error.__cause__ = ResponseNeverReceived([Failure(exc)])
    return error


@pytest.mark.parametrize(("exc", "kind"), [
    (DownloadTimeoutError("Getting x took longer than 2.0 seconds."), "timeout"),
    (ResponseDataLossError(), "truncated"),
    (wrapped(ConnectionLost("reset by peer")), "connection_reset"),
    (wrapped(ValueError("bad status line")), "download_failed"),
    (DownloadCancelledError(""), "maxsize"),
    (DownloadCancelledError("Expected to receive 10485760 bytes which is larger than download max size (2097152)"),
     "maxsize"),
    (IgnoreRequest("Filtered offsite request to 'localhost'"), "offsite"),
    (IgnoreRequest("Forbidden by robots.txt"), "robots"),
    (IgnoreRequest("Ignored response <200 x> because its body (130 B compressed, 2 B decompressed so far) exceeded "
                   "DOWNLOAD_MAXSIZE (2 B) during decompression."), "maxsize"),
    (IgnoreRequest("max redirections reached"), "redirect_loop"),
    (IgnoreRequest("something else"), "ignored"),
    (CannotResolveHostError("no such host"), "dns"),
    (TimeoutError("socket timed out"), "timeout"),   # an OSError, yet a timeout
    (ConnectionRefusedError("refused"), "connection_refused"),
    (ConnectionResetError("reset by peer"), "connection_reset"),
    (OSError("network unreachable"), "connection_error"),
    (RuntimeError("boom"), "download_error"),
])
def test_exception_kind(exc, kind):
    assert exception_kind(exc) == kind


@pytest.mark.parametrize(("status", "kind"), [(200, None), (301, None), (304, None), (403, "http_4xx"),
                                              (404, "http_404"), (410, "http_404"), (429, "http_429"),
                                              (500, "http_5xx"), (503, "http_5xx")])
def test_status_kind(status, kind):
    assert status_kind(status) == kind


@pytest.mark.parametrize(("reason", "kind"), [("503 Service Unavailable", "http_5xx"), ("429 Unknown Status", "http_429"),
                                              (DownloadTimeoutError("x"), "timeout"), (ResponseDataLossError, "truncated"),
                                              ("unspecified", "download_error")])
def test_reason_kind(reason, kind):
    assert reason_kind(reason) == kind


PAGE = "<html><head><title>Café</title></head><body><p>Café – “quoted” £5</p></body></html>"


@pytest.mark.parametrize(("ctype", "body", "expected"), [
    ("text/html; charset=UTF-8", PAGE.encode("utf-8"), None),
    ("text/html; charset=UTF-8", PAGE.encode("cp1252"), ("repaired", "decode")),
    ("text/html; charset=ISO-8859-1", b"\xef\xbb\xbf" + PAGE.encode("utf-8"), ("repaired", "decode")),
    ("text/html", PAGE.encode("utf-8"), None),
    ("text/html; charset=UTF-8", bytes(range(256)) * 64, ("failed", "binary")),
    ("", bytes(range(256)) * 64, ("failed", "binary")),
    ("image/png", bytes(range(256)) * 64, None),
    ("application/json; charset=UTF-8", b'[{"id": 1}]', None),
    ("application/json", b'<br />Notice: {"id": 1', ("failed", "json_invalid")),
    ("application/rss+xml", b'<?xml version="1.0"?><rss><channel/></rss>', None),
    ("application/xml", b'<?xml version="1.0"?>\n<!DOCTYPE urlset [<!ENTITY x SYSTEM "file:///etc/passwd">]><urlset/>',
     ("repaired", "xml_entities")),
    ("text/plain", b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY lol "lol">]><r>&lol;</r>', ("repaired", "xml_entities")),
])
def test_content_fault(ctype, body, expected):
    response = Response(URL, body=body, headers={"Content-Type": ctype} if ctype else {})
    fault = content_fault(response)
    assert (fault[:2] if fault else None) == expected


class _Spider(Spider):
    name = "faultlogtest"


@pytest.fixture
def faults(tmp_path):
    crawler = get_crawler(_Spider, {"OUTPUT_DIR": str(tmp_path)})
    crawler.spider = crawler._create_spider()
    return FaultLog.of(crawler)


def lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "harvester.faultlog"]


def test_one_fault_log_per_crawler(faults):
    assert FaultLog.of(faults.crawler) is faults


def test_a_url_is_logged_and_counted_once(faults, caplog):
    caplog.set_level(logging.INFO)
    request = Request(URL, meta={HISTORY: ["http_5xx", "http_5xx"]})
    for _ in range(3):
        faults.observe_response(request, HtmlResponse(URL, status=503, body=b""))
    assert lines(caplog) == [f"harvest failed [http_5xx] {URL}: 503 after 3 attempts"]
    assert caplog.records[0].levelno == logging.WARNING
    assert faults.stats.get_value("harvest/failed/http_5xx") == 1


def test_recovery_names_the_last_failure(faults, caplog):
    caplog.set_level(logging.INFO)
    request = Request(URL, meta={HISTORY: ["timeout", "connection_reset"]})
    faults.observe_response(request, HtmlResponse(URL, status=200, body=PAGE.encode("utf-8"),
                                                  headers={"Content-Type": "text/html; charset=utf-8"}))
    assert lines(caplog) == [f"harvest recovered [connection_reset] {URL}: on attempt 3 (earlier: timeout, "
                             f"connection_reset)"]
    assert faults.stats.get_value("harvest/recovered/connection_reset") == 1


def test_exception_detail_names_the_underlying_failure(faults, caplog):
    caplog.set_level(logging.INFO)
    faults.observe_exception(Request(URL, meta={HISTORY: ["connection_reset"]}), wrapped(ConnectionLost("reset")))
    (line,) = lines(caplog)
    assert line.startswith(f"harvest failed [connection_reset] {URL}: ConnectionLost: ") and "after 2 attempts" in line


def test_redirected_url_is_logged_under_the_url_asked_for(faults, caplog):
    caplog.set_level(logging.INFO)
    start, target = "http://127.0.0.1:8000/go/a/", "http://127.0.0.1:8000/gone/"
    faults.observe_response(Request(target, meta={"redirect_urls": [start]}), HtmlResponse(target, status=404))
    assert lines(caplog) == [f"harvest failed [http_404] {start}: 404 (redirected to {target})"]
    assert caplog.records[0].levelno == logging.INFO   # a page that is gone is not a warning


def test_missing_robots_txt_is_not_a_fault(faults, caplog):
    robots = "http://127.0.0.1:8000/robots.txt"
    faults.observe_response(Request(robots, meta={"dont_obey_robotstxt": True}), TextResponse(robots, status=404))
    assert lines(caplog) == [] and faults.stats.get_value("harvest/failed/http_404") is None


def test_redirect_back_into_its_own_chain_is_a_loop(faults, caplog):
    a, b = "http://127.0.0.1:8000/go/a/", "http://127.0.0.1:8000/go/b/"
    faults.request_dropped(Request(a, meta={"redirect_urls": [a, b]}))
    faults.request_dropped(Request("http://127.0.0.1:8000/seen/", meta={"redirect_urls": [b]}))   # a duplicate
    assert lines(caplog) == [f"harvest failed [redirect_loop] {a}: redirects back to {a} after 2 hop(s)"]


def test_xml_with_entities_is_repaired_not_failed(faults, caplog):
    caplog.set_level(logging.INFO)
    body = b'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY lol "lol">]><urlset/>'
    faults.observe_response(Request(URL), XmlResponse(URL, body=body, headers={"Content-Type": "application/xml"}))
    assert faults.stats.get_value("harvest/repaired/xml_entities") == 1


def test_summary_table_at_close(faults, caplog):
    caplog.set_level(logging.INFO)
    faults.record("failed", "timeout", URL + "1")
    faults.record("failed", "timeout", URL + "2")
    faults.record("recovered", "timeout", URL + "3")
    faults.record("repaired", "decode", URL + "4")
    faults.spider_closed()
    summary = lines(caplog)[-1].splitlines()
    assert summary[0] == "harvest faults (URLs by kind and outcome):"
    assert summary[1].split() == ["kind", "failed", "recovered", "repaired"]
    assert [row.split() for row in summary[2:]] == [["decode", "0", "0", "1"], ["timeout", "2", "1", "0"],
                                                    ["all", "2", "1", "1"]]


def test_no_faults_said_so(faults, caplog):
    caplog.set_level(logging.INFO)
    faults.spider_closed()
    assert lines(caplog) == ["harvest faults: none"]


def test_scrapy_download_error_line_demoted_to_debug(faults):
    entry = FaultLogFormatter().download_error(Failure(DownloadTimeoutError("x")), Request(URL), faults.crawler.spider)
    assert entry["level"] == logging.DEBUG and entry["args"]["request"].url == URL


def test_faults_file_holds_one_json_line_per_entry(faults, tmp_path):
    faults.record("failed", "timeout", URL, "DownloadTimeoutError: slow")
    faults.record("failed", "timeout", URL, "again")   # the same URL: not written twice
    faults.record("repaired", "decode", URL, "cp1252")
    faults.spider_closed()
    (path,) = (tmp_path / "raw").glob("faultlogtest-*.faults.jsonl")
    assert faults.stats.get_value("harvest/faults_file") == str(path)
    entries = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [(e["outcome"], e["kind"], e["url"], e["detail"]) for e in entries] == [
        ("failed", "timeout", URL, "DownloadTimeoutError: slow"), ("repaired", "decode", URL, "cp1252")]
    assert all(e["at"].endswith("+00:00") for e in entries)


def test_no_faults_no_file(faults, tmp_path):
    faults.spider_closed()
    assert not (tmp_path / "raw").exists() and faults.stats.get_value("harvest/faults_file") is None


def test_faults_file_setting_moves_it(tmp_path):
    crawler = get_crawler(_Spider, {"FAULTS_FILE": str(tmp_path / "f" / "faults.jsonl")})
    crawler.spider = crawler._create_spider()
    FaultLog.of(crawler).record("failed", "offsite", URL)
    assert json.loads((tmp_path / "f" / "faults.jsonl").read_text(encoding="utf-8"))["kind"] == "offsite"


def test_unwritable_faults_file_is_reported_once_and_the_log_goes_on(tmp_path, caplog):
    caplog.set_level(logging.INFO)
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    crawler = get_crawler(_Spider, {"FAULTS_FILE": str(blocker / "faults.jsonl")})
    crawler.spider = crawler._create_spider()
    faults = FaultLog.of(crawler)
    faults.record("failed", "timeout", URL + "1")
    faults.record("failed", "timeout", URL + "2")
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1 and str(blocker / "faults.jsonl") in errors[0]
    assert faults.stats.get_value("harvest/failed/timeout") == 2
