"""Item pipelines: the raw journal (complete lines, written through at once) and the per-field stats."""
from __future__ import annotations

import json

import pytest
from scrapy import Spider
from scrapy.utils.test import get_crawler

from harvester.pipelines import FieldStatsPipeline, RawJournalPipeline
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
