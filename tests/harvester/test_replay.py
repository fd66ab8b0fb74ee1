"""The job's response log: complete entries indexed and replayed byte for byte, a cut or damaged entry never used."""
from __future__ import annotations

import json

import pytest
from scrapy import Spider
from scrapy.http import HtmlResponse, JsonResponse, Request, TextResponse
from scrapy.utils.test import get_crawler

from harvester.job import Job
from harvester.replay import REPLAYED, ReplayMiddleware, ResponseLog, ResponseLogMiddleware

URL = "http://127.0.0.1:8000/2021/06/post/"


def _response(url=URL, body=b"<html><body><p>Caf\xc3\xa9</p></body></html>", status=200):
    return HtmlResponse(url, status=status, body=body, headers={"Content-Type": "text/html; charset=utf-8",
                                                                 "Link": ["<a>; rel=x", "<b>; rel=y"]})


def _log(tmp_path, *entries) -> ResponseLog:
    log = ResponseLog(tmp_path / "responses.log")
    log.open()
    for fp, response in entries:
        log.append(fp, response)
    log.close()
    again = ResponseLog(tmp_path / "responses.log")
    again.open()
    return again


def test_replayed_response_equals_the_logged_one(tmp_path):
    log = _log(tmp_path, ("f1", _response()))
    request = Request(URL)
    replayed = log.response_for("f1", request)
    assert isinstance(replayed, HtmlResponse)
    assert (replayed.url, replayed.status, replayed.body) == (URL, 200, _response().body)
    assert replayed.headers.getlist("Link") == [b"<a>; rel=x", b"<b>; rel=y"]
    assert replayed.flags == [REPLAYED, "cached"] and replayed.request is request
    assert log.fetched_at("f1").endswith("Z")


def test_entries_of_this_run_are_not_replayed(tmp_path):
    log = ResponseLog(tmp_path / "responses.log")
    log.open()
    log.append("f1", _response())
    assert log.response_for("f1", Request(URL)) is None   # only earlier runs' responses are replayed
    assert len(log) == 0


def test_an_entry_cut_by_a_kill_is_removed_at_open(tmp_path):
    _log(tmp_path, ("f1", _response()), ("f2", _response(URL + "2/"))).close()
    path = tmp_path / "responses.log"
    whole = path.read_bytes()
    path.write_bytes(whole[:-10])    # the second entry's body cut short
    log = ResponseLog(path)
    log.open()
    assert list(log.index) == ["f1"]
    first_end = whole.index(b"\n", whole.index(b"\n") + 1) + 1
    assert len(path.read_bytes()) < len(whole) - 10 and path.read_bytes() == whole[:len(path.read_bytes())]
    assert path.stat().st_size >= first_end - 1
    log.append("f3", _response(URL + "3/"))
    log.close()
    assert [h["fp"] for _, h, _ in ResponseLog.entries(path)] == ["f1", "f3"]


def test_a_damaged_body_is_fetched_again(tmp_path):
    log = _log(tmp_path, ("f1", _response()))
    offset, header = log.index["f1"]
    data = bytearray((tmp_path / "responses.log").read_bytes())
    data[offset] ^= 0xFF
    (tmp_path / "responses.log").write_bytes(bytes(data))
    assert log.response_for("f1", Request(URL)) is None
    assert "f1" not in log.index


class _Spider(Spider):
    name = "replaytest"
    start_url = "http://127.0.0.1:8000/"
    mode = "html"


@pytest.fixture
def job(tmp_path):
    crawler = get_crawler(_Spider, {"JOBDIR": str(tmp_path / "job"), "RETRY_HTTP_CODES": [500, 503]})
    crawler.spider = crawler._create_spider()
    yield crawler
    Job.of(crawler).close()


def _restart(crawler, tmp_path):
    Job.of(crawler).close()
    again = get_crawler(_Spider, {"JOBDIR": str(tmp_path / "job"), "RETRY_HTTP_CODES": [500, 503]})
    again.spider = again._create_spider()
    return again


def test_middlewares_log_then_replay_in_the_next_run(job, tmp_path):
    logger, request = ResponseLogMiddleware.from_crawler(job), Request(URL)
    assert ReplayMiddleware.from_crawler(job).process_request(request) is None     # first run: network
    logger.process_response(request, _response())
    logger.process_response(Request(URL + "busy/"), _response(URL + "busy/", status=503))
    second = _restart(job, tmp_path)
    replay = ReplayMiddleware.from_crawler(second)
    replayed = replay.process_request(Request(URL))
    assert replayed is not None and replayed.body == _response().body
    assert replay.process_request(Request(URL + "busy/")) is None   # a retried status is asked for again
    assert second.stats.get_value("job/replayed") == 1
    assert Job.of(second).replayed == {URL: Job.of(second).responses.fetched_at(
        second.request_fingerprinter.fingerprint(Request(URL)).hex())}
    ResponseLogMiddleware.from_crawler(second).process_response(Request(URL), replayed)
    Job.of(second).close()
    assert len([h for _, h, _ in ResponseLog.entries(tmp_path / "job" / "responses.log")]) == 1


def test_without_jobdir_nothing_is_logged_or_replayed(tmp_path):
    crawler = get_crawler(_Spider, {})
    crawler.spider = crawler._create_spider()
    ResponseLogMiddleware.from_crawler(crawler).process_response(Request(URL), _response())
    assert ReplayMiddleware.from_crawler(crawler).process_request(Request(URL)) is None
    assert list(tmp_path.iterdir()) == []


def test_responses_keep_the_class_scrapy_gives_them(tmp_path):
    body = json.dumps([{"id": 1}]).encode()
    response = TextResponse(URL + "wp-json/", body=body, headers={"Content-Type": "application/json"})
    replayed = _log(tmp_path, ("f", response)).response_for("f", Request(URL + "wp-json/"))
    assert type(replayed) is JsonResponse and json.loads(replayed.text) == [{"id": 1}]
