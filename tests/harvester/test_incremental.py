"""harvester.incremental: the earlier archive read, validators sent, 304s dropped; an HTML re-crawl of a mock blog."""
from __future__ import annotations

import json

import pytest
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Request
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from harvester.incremental import (CONDITIONAL_OK, ConditionalRequestMiddleware, PreviousArchive, http_validators,
                                   parse_instant)
from normalise import cli
from tests.sites.crawling import crawl, flat_comments, read_jsonl
from tests.sites.lowfield import Comment
from tests.sites.server import MockWordPress, Options


def archive_line(url: str, fetched_at: str, **validators) -> str:
    """A raw-journal line: the page's validators sit in its provenance."""
    return json.dumps({"url": url, "provenance": {"fetched_url": url, "fetched_at": fetched_at, **validators}})


def test_published_record_gives_every_page_validators(tmp_path):
    path = tmp_path / "a.jsonl"
    pages = [{"url": "http://b.example/1/", "fetched_at": "2024-05-02T10:00:00Z", "etag": '"p1"', "last_modified": None},
             {"url": "http://b.example/1/comment-page-2/", "fetched_at": "2024-05-02T10:00:01Z", "etag": '"p2"',
              "last_modified": None}]
    path.write_text(json.dumps({"url": "http://b.example/1/", "provenance": {
        "fetched_url": "http://b.example/1/comment-page-2/", "fetched_at": "2024-05-02T10:00:01Z",
        "validators": pages}}) + "\n", encoding="utf-8")
    prev = PreviousArchive.load(str(path))
    assert prev.validators == {"http://b.example/1/": {"etag": '"p1"'},
                               "http://b.example/1/comment-page-2/": {"etag": '"p2"'}}


def test_previous_archive_reads_urls_times_and_validators(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(archive_line("http://b.example/1", "2024-05-02T10:00:00Z", etag='"x1"') + "\n\n"
                    + archive_line("http://b.example/2", "2024-05-01T09:00:00Z",
                                   last_modified="Wed, 01 May 2024 08:00:00 GMT") + "\n"
                    + archive_line("http://b.example/3", "2024-05-03T09:00:00Z") + "\n", encoding="utf-8")
    prev = PreviousArchive.load(str(path))
    assert prev.posts == 3 and prev.urls == {f"http://b.example/{n}" for n in (1, 2, 3)}
    assert prev.earliest_fetch == parse_instant("2024-05-01T09:00:00Z")
    assert prev.validators == {"http://b.example/1": {"etag": '"x1"'},
                               "http://b.example/2": {"last_modified": "Wed, 01 May 2024 08:00:00 GMT"}}


def test_bad_archive_line_names_file_and_line(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(archive_line("http://b.example/1", "2024-05-02T10:00:00Z") + "\n{\"url\": 1}\n", encoding="utf-8")
    with pytest.raises(ValueError, match=rf"{path}:2"):
        PreviousArchive.load(str(path))
    with pytest.raises(ValueError, match="no such archive"):
        PreviousArchive.load(str(tmp_path / "missing.jsonl"))


def test_parse_instant_accepts_dates_and_offsets():
    assert parse_instant("2024-05-01").isoformat() == "2024-05-01T00:00:00+00:00"
    assert parse_instant("2024-05-01T12:00:00+02:00").isoformat() == "2024-05-01T12:00:00+02:00"
    with pytest.raises(ValueError, match="since="):
        parse_instant("last Tuesday")


def test_http_validators_of_response_headers():
    response = HtmlResponse("http://b.example/1", body=b"<html></html>",
                            headers={"ETag": '"abc"', "Last-Modified": "Wed, 01 May 2024 08:00:00 GMT"})
    assert http_validators(response.headers) == {"etag": '"abc"', "last_modified": "Wed, 01 May 2024 08:00:00 GMT"}
    assert http_validators(HtmlResponse("http://b.example/2", body=b"").headers) == {}


class FakeSpider:
    def __init__(self, previous):
        self.previous = previous


def middleware():
    crawler = get_crawler()
    crawler.stats = MemoryStatsCollector(crawler)
    return ConditionalRequestMiddleware(crawler)


def test_middleware_sends_validators_only_on_page_requests_it_knows():
    prev = PreviousArchive(path="a", validators={"http://b.example/1": {"etag": '"x1"', "last_modified": "LM"}})
    spider, mw = FakeSpider(prev), middleware()
    page = Request("http://b.example/1", meta={CONDITIONAL_OK: True})
    mw.process_request(page, spider)
    assert page.headers[b"If-None-Match"] == b'"x1"' and page.headers[b"If-Modified-Since"] == b"LM"
    api = Request("http://b.example/1")   # not marked by follow(): an API or feed request
    mw.process_request(api, spider)
    assert b"If-None-Match" not in api.headers
    other = Request("http://b.example/2", meta={CONDITIONAL_OK: True})
    mw.process_request(other, spider)
    assert b"If-None-Match" not in other.headers
    plain = Request("http://b.example/1", meta={CONDITIONAL_OK: True})
    mw.process_request(plain, FakeSpider(None))
    assert b"If-None-Match" not in plain.headers


def test_middleware_drops_304_of_a_conditional_request_only():
    prev = PreviousArchive(path="a", validators={"http://b.example/1": {"etag": '"x1"'}})
    spider, mw = FakeSpider(prev), middleware()
    page = Request("http://b.example/1", meta={CONDITIONAL_OK: True})
    mw.process_request(page, spider)
    with pytest.raises(IgnoreRequest, match="304"):
        mw.process_response(page, HtmlResponse(page.url, status=304, body=b""), spider)
    assert mw.stats.get_value("incremental/not_modified") == 1
    unasked = Request("http://b.example/9")
    response = HtmlResponse(unasked.url, status=304, body=b"")
    assert mw.process_response(unasked, response, spider) is response


# -- an HTML re-crawl of a mock WordPress that sends ETags ------------------------------------------------------
LATE = "A late comment, written after the first crawl."


@pytest.fixture(scope="module")
def html_runs(tmp_path_factory):
    site = MockWordPress(options=Options(rest="absent", announce=False, etags=True)).start()
    dirs = [tmp_path_factory.mktemp(f"run{n}") for n in range(3)]
    try:
        asked: list[list[str]] = []

        def run(n: int, *args: str):
            out = crawl(site.url, dirs[n], "-a", "mode=html", "-O", "archive.jsonl", *args,
                        settings={"OUTPUT_DIR": str(dirs[n] / "output")})
            asked.append(site.paths())
            site.requests.clear()
            return out
        run(0)
        unchanged = run(1, "-a", f"update={dirs[0] / 'archive.jsonl'}")
        auto = crawl(site.url, dirs[1], "-a", f"update={dirs[0] / 'archive.jsonl'}", "-O", "auto.jsonl",
                     spider="blog", settings={"OUTPUT_DIR": str(dirs[1] / "output-auto")})
        asked.append(site.paths())
        site.requests.clear()
        target = next(p for p in site.posts if p.public and p.type == "post" and p.comment_status == "open")
        target.comments.append(Comment(901, "Late Reader", "2026-11-20T09:00:00", LATE))
        site.changed()
        changed = run(2, "-a", f"update={dirs[0] / 'archive.jsonl'}")
        merged = dirs[2] / "merged.jsonl"
        assert cli.main([str(dirs[0] / "archive.jsonl"), str(dirs[2] / "archive.jsonl"), "-o", str(merged),
                         "-q"]) == 0
        yield {"dirs": dirs, "site": site, "target": target, "asked": asked, "unchanged": unchanged.stderr,
               "auto": auto.stderr, "changed": changed.stderr, "merged": read_jsonl(merged)}
    finally:
        site.stop()


def stat(log: str, name: str) -> int:
    import re
    found = re.search(rf"'{re.escape(name)}': (\d+)", log)
    return int(found.group(1)) if found else 0


def test_first_archive_records_each_page_etag(html_runs):
    first = read_jsonl(html_runs["dirs"][0] / "archive.jsonl")
    assert first and all(r["provenance"]["validators"] for r in first)
    multi = [r for r in first if len(r["provenance"]["validators"]) > 1]
    assert multi, "a post whose comments span pages keeps each page's ETag"
    for record in multi:
        assert all(v["url"].startswith(record["url"]) and v["etag"] for v in record["provenance"]["validators"])


def test_unchanged_blog_gives_only_304s_and_no_record(html_runs):
    first = read_jsonl(html_runs["dirs"][0] / "archive.jsonl")
    base = html_runs["site"].url.rstrip("/")
    known = {v["url"][len(base):] for r in first for v in r["provenance"]["validators"]}
    conditional = [p for p in html_runs["asked"][1] if p in known]
    # every known page asked for again was answered 304 (a 304 post's other comment pages are not even asked)
    assert conditional and stat(html_runs["unchanged"], "incremental/not_modified") == len(conditional)
    assert len(conditional) >= len(first)
    assert "harvest failed [ignored]" not in html_runs["unchanged"], "a 304 is not a fault"
    assert "harvest/failed/ignored" not in html_runs["unchanged"]
    assert read_jsonl(html_runs["dirs"][1] / "archive.jsonl") == []


def test_blog_spider_hands_the_update_to_the_platform_spider(html_runs):
    assert "detected platform 'wordpress'" in html_runs["auto"]
    first = read_jsonl(html_runs["dirs"][0] / "archive.jsonl")
    base = html_runs["site"].url.rstrip("/")
    known = {v["url"][len(base):] for r in first for v in r["provenance"]["validators"]}
    conditional = [p for p in html_runs["asked"][2] if p in known]
    assert conditional and stat(html_runs["auto"], "incremental/not_modified") == len(conditional)
    assert read_jsonl(html_runs["dirs"][1] / "auto.jsonl") == []
    # nothing changed is no failure: exit 0 (crawl() checks it), said so, and no 'nothing harvested' error
    assert "incremental crawl: nothing changed since" in html_runs["auto"]
    assert "nothing harvested" not in html_runs["auto"]


def test_changed_post_is_the_only_record_of_the_recrawl(html_runs):
    second = read_jsonl(html_runs["dirs"][2] / "archive.jsonl")
    site, target = html_runs["site"], html_runs["target"]
    assert [r["url"] for r in second] == [site.url.rstrip("/") + target.path]
    first = read_jsonl(html_runs["dirs"][0] / "archive.jsonl")
    assert stat(html_runs["changed"], "incremental/not_modified") == len(first) - 1


def test_merged_archive_has_the_new_comment_once_and_every_post_once(html_runs):
    merged, site, target = html_runs["merged"], html_runs["site"], html_runs["target"]
    first = read_jsonl(html_runs["dirs"][0] / "archive.jsonl")
    assert sorted(r["url"] for r in merged) == sorted(r["url"] for r in first)
    record = next(r for r in merged if r["url"] == site.url.rstrip("/") + target.path)
    assert [c["content_text"] for c in flat_comments(record["comments"])].count(LATE) == 1
