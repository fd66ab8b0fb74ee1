"""Item pipelines: the raw journal (complete lines, written through at once, one per JOBDIR job) and field stats."""
from __future__ import annotations

import json
import re

import pytest
from scrapy import Spider
from scrapy.exceptions import CloseSpider, DropItem
from scrapy.utils.test import get_crawler

from harvester.job import Job
from harvester.pipelines import FieldStatsPipeline, RawJournalPipeline, record_digest
from normalise.jsonl import dumps
from tests.rawbuild import raw_post


class _Spider(Spider):
    name = "blogtest"


def _crawler(tmp_path, **settings):
    crawler = get_crawler(_Spider, {"OUTPUT_DIR": str(tmp_path), **settings})
    crawler.spider = crawler._create_spider()
    return crawler


def _record(**extra) -> dict:
    record = {"raw_version": "1", "url": "https://b.example.org/2020/01/x/", "title": "Café, ünïcode",
              "provenance": {"source": "html"}, "comments": []}
    record.update(extra)
    return record


@pytest.fixture
def journal(tmp_path):
    crawler = _crawler(tmp_path)
    pipeline = RawJournalPipeline.from_crawler(crawler)
    pipeline.open_spider(crawler.spider)
    yield pipeline, crawler
    pipeline.close_spider(crawler.spider)


def test_journal_lands_under_output_dir_raw_named_after_spider(journal, tmp_path):
    pipeline, crawler = journal
    assert pipeline.path.parent == tmp_path / "raw"
    assert pipeline.path.name.startswith("blogtest-") and pipeline.path.name.endswith(".raw.jsonl")
    assert crawler.stats.get_value("harvest/raw_journal") == str(pipeline.path)


def test_each_record_is_on_disk_as_one_line_before_close(journal):
    pipeline, crawler = journal
    first, second = _record(), _record(url="https://b.example.org/2020/02/y/")
    pipeline.process_item(first, crawler.spider)
    pipeline.process_item(second, crawler.spider)
    lines = pipeline.path.read_bytes().splitlines(keepends=True)   # read while still open: nothing buffered
    assert [json.loads(line) for line in lines] == [first, second]
    assert all(line.endswith(b"\n") for line in lines)


def test_journal_appends_to_an_existing_file(tmp_path):
    path = tmp_path / "j.raw.jsonl"
    path.write_text('{"earlier": 1}\n')
    crawler = _crawler(tmp_path, RAW_JOURNAL=str(path))
    pipeline = RawJournalPipeline.from_crawler(crawler)
    pipeline.open_spider(crawler.spider)
    pipeline.process_item(_record(), crawler.spider)
    pipeline.close_spider(crawler.spider)
    assert [json.loads(line) for line in path.read_text().splitlines()] == [{"earlier": 1}, _record()]


def test_item_passes_through_unchanged(journal):
    pipeline, crawler = journal
    item = _record()
    assert pipeline.process_item(item, crawler.spider) is item


def test_field_stats_count_sources_and_missing_fields(tmp_path):
    crawler = _crawler(tmp_path)
    stats = FieldStatsPipeline.from_crawler(crawler)
    complete = raw_post(title="T", published_raw="1 May 2020", authors=[{"name": "Jo"}], content_html="<p>x</p>",
                        categories=["News"], canonical_url="https://b.example.org/x/",
                        comments=[{"id": "1", "author_name": "Sam", "published_raw": "2 May 2020",
                                   "content_html": "<p>y</p>",
                                   "replies": [{"id": "2", "content_html": "<p>z</p>"}]}])
    stats.process_item(complete, crawler.spider)
    stats.process_item(_record(), crawler.spider)
    values = crawler.stats.get_stats()
    assert values["harvest/records/html"] == 2
    assert values["harvest/comments/html"] == 2
    assert values["harvest/missing/comment/author_name"] == 1       # the nested reply
    assert values["harvest/missing/comment/published"] == 1
    assert values["harvest/missing/post/published"] == 1           # only the bare record
    assert "harvest/missing/post/title" not in values


def test_a_last_line_cut_by_a_kill_is_removed_when_the_journal_reopens(tmp_path):
    path = tmp_path / "j.raw.jsonl"
    path.write_bytes(b'{"whole": 1}\n{"cut": ')
    crawler = _crawler(tmp_path, RAW_JOURNAL=str(path))
    pipeline = RawJournalPipeline.from_crawler(crawler)
    pipeline.open_spider(crawler.spider)
    pipeline.process_item(_record(), crawler.spider)
    pipeline.close_spider(crawler.spider)
    assert [json.loads(line) for line in path.read_text().splitlines()] == [{"whole": 1}, _record()]


def test_a_failing_write_is_undone_and_stops_the_crawl_naming_the_journal(journal, monkeypatch):
    import errno
    import os

    pipeline, crawler = journal
    pipeline.process_item(_record(), crawler.spider)
    real_write = os.write

    def half_then_full(fd, data):   # part of the line reaches the disk, then it is full
        real_write(fd, bytes(data[:10]))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("harvester.pipelines.os.write", half_then_full)
    with pytest.raises(DropItem, match=re.escape(f"cannot write the raw journal {pipeline.path}: No space left on")):
        pipeline.process_item(_record(url="https://b.example.org/2/"), crawler.spider)
    monkeypatch.undo()
    assert [json.loads(line) for line in pipeline.path.read_bytes().splitlines()] == [_record()]
    assert crawler.stats.get_value("harvest/fatal").startswith("cannot write the raw journal")
    with pytest.raises(DropItem):   # nothing more is journalled once a write failed
        pipeline.process_item(_record(), crawler.spider)


def test_unwritable_journal_closes_the_spider_at_start(tmp_path):
    (tmp_path / "raw").write_text("a file where the folder should be")
    crawler = _crawler(tmp_path)
    with pytest.raises(CloseSpider):
        RawJournalPipeline.from_crawler(crawler).open_spider(crawler.spider)
    assert str(tmp_path / "raw") in crawler.stats.get_value("harvest/fatal")


def _job_run(tmp_path, items, replayed=None):
    crawler = _crawler(tmp_path, JOBDIR=str(tmp_path / "job"))
    pipeline = RawJournalPipeline.from_crawler(crawler)
    pipeline.open_spider(crawler.spider)
    Job.of(crawler).replayed.update(replayed or {})
    kept = []
    for item in items:
        try:
            kept.append(pipeline.process_item(item, crawler.spider))
        except DropItem:
            pass
    pipeline.close_spider(crawler.spider)
    Job.of(crawler).close()
    return pipeline, kept


def test_jobdir_runs_share_one_journal_and_skip_records_already_in_it(tmp_path):
    url = _record()["url"]
    original = _record(provenance={"source": "html", "fetched_url": url, "fetched_at": "2020-05-01T10:00:03Z"})
    first, _ = _job_run(tmp_path, [original])
    again = _record(provenance={"source": "html", "fetched_url": url, "fetched_at": "2030-01-01T00:00:00Z"})
    newer = _record(url="https://b.example.org/2020/03/z/")
    second, kept = _job_run(tmp_path, [again, newer], replayed={url: "2020-05-01T10:00:00Z"})
    assert second.path == first.path
    assert second.start_offset == first.path.stat().st_size - len(dumps(newer).encode()) - 1
    assert kept == [newer]                         # the replayed record was journalled by the first run
    assert again["provenance"]["fetched_at"] == "2020-05-01T10:00:00Z"   # the response's real fetch time
    assert [json.loads(line)["url"] for line in first.path.read_text().splitlines()] == [url, newer["url"]]


def test_record_digest_ignores_only_the_fetch_time():
    a = _record()
    b = _record(provenance={"source": "html", "fetched_at": "2001-01-01T00:00:00Z"})
    assert record_digest(a) == record_digest(b)
    assert record_digest(a) != record_digest(_record(title="Other"))
