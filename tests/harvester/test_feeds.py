"""Feeds: atomic local storage (never over an earlier file after a failure), the normalising exporter, URI parameters."""
from __future__ import annotations

import errno
import json
import os
import subprocess
import sys

import pytest
from scrapy import Spider
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from harvester.feeds import AtomicFileFeedStorage, DefaultFeedAddon, NormalisedJsonLinesExporter, uri_params
from harvester.job import Job
from harvester.outcome import fail_crawl
from tests.rawbuild import raw_post


class _Spider(Spider):
    name = "blogtest"


def _storage(path, overwrite=True) -> AtomicFileFeedStorage:
    return AtomicFileFeedStorage(str(path), feed_options={"overwrite": overwrite})


def test_storage_leaves_old_file_until_stored_then_renames(tmp_path):
    target = tmp_path / "a.jsonl"
    target.write_text("old\n")
    storage = _storage(target)
    fh = storage.open(None)
    fh.write(b"new\n")
    assert target.read_text() == "old\n"
    storage.store(fh)
    assert target.read_text() == "new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.jsonl"]


def test_storage_creates_missing_folders(tmp_path):
    storage = _storage(tmp_path / "deep" / "er" / "a.jsonl")
    fh = storage.open(None)
    storage.store(fh)
    assert (tmp_path / "deep" / "er" / "a.jsonl").read_bytes() == b""


@pytest.mark.parametrize("overwrite, previous", [(True, False), (False, True)])
def test_append_mode_offers_the_previous_archive(tmp_path, overwrite, previous):
    target = tmp_path / "a.jsonl"
    target.write_text("{}\n")
    fh = _storage(target, overwrite=overwrite).open(None)
    assert (fh.previous_archive == str(target)) is previous
    fh.close()


def _exporter(tmp_path, records, previous=None, workers=0):
    crawler = get_crawler(_Spider, {"NORMALISE_WORKERS": workers})
    out = open(tmp_path / f"out-{len(list(tmp_path.iterdir()))}.bin", "w+b")
    out.previous_archive = previous
    exporter = NormalisedJsonLinesExporter.from_crawler(crawler, out)
    exporter.start_exporting()
    for record in records:
        exporter.export_item(record)
    exporter.finish_exporting()
    return crawler, out


def _written(out) -> list[dict]:
    out.seek(0)
    return [json.loads(line) for line in out.read().decode().splitlines()]


@pytest.mark.parametrize("workers", [0, 1])
def test_exporter_normalises_and_merges_versions(tmp_path, workers):
    page1 = raw_post(url="https://www.riverside-trust.example/2008/09/x/comment-page-1/")
    page2 = raw_post(url="https://www.riverside-trust.example/2008/09/x/comment-page-2/",
                     comments=[{"id": "comment-901", "author_name": "Late Reader", "content_html": "<p>Still here.</p>"}])
    crawler, out = _exporter(tmp_path, [page1, page2], workers=workers)
    (post,) = _written(out)
    assert post["url"] == "https://www.riverside-trust.example/2008/09/x/"
    assert "901" in {c["id"] for c in post["comments"]} and len(post["comments"]) >= 2
    assert crawler.stats.get_value("normalise/posts") == 1
    assert crawler.stats.get_value("normalise/merged_versions") == 1


def test_exporter_counts_rejected_records(tmp_path):
    crawler, out = _exporter(tmp_path, [raw_post(), {"raw_version": "9", "url": "x"}])
    assert len(_written(out)) == 1
    assert crawler.stats.get_value("normalise/rejected") == 1
    assert crawler.stats.get_value("normalise/raw_records") == 1


def test_exporter_counts_missing_published_fields(tmp_path):
    crawler, _ = _exporter(tmp_path, [raw_post(published_raw=None, authors=[])])
    assert crawler.stats.get_value("normalise/missing/published") == 1
    assert crawler.stats.get_value("normalise/missing/authors") == 1
    assert crawler.stats.get_value("normalise/missing/title") is None


def test_exporter_merges_into_the_previous_archive_without_duplicates(tmp_path):
    _, out1 = _exporter(tmp_path, [raw_post()])
    archive = tmp_path / "archive.jsonl"
    out1.seek(0)
    archive.write_bytes(out1.read())
    newer = raw_post(url="https://www.riverside-trust.example/2008/10/next.html", title="Next")
    _, out2 = _exporter(tmp_path, [raw_post(), newer], previous=str(archive))
    assert sorted(p["title"] for p in _written(out2)) == ["Meeting the Ministers", "Next"]


@pytest.mark.parametrize("feeds, expected", [
    (None, {"%(output_dir)s/%(name)s-%(time)s.jsonl": {"format": "jsonl"}}),
    ({"mine.jsonl": {"format": "jsonl"}}, {"mine.jsonl": {"format": "jsonl"}}),
])
def test_default_feed_only_when_no_output_is_named(feeds, expected):
    settings = Settings({"DEFAULT_FEED": "%(output_dir)s/%(name)s-%(time)s.jsonl"})
    if feeds is not None:
        settings.set("FEEDS", feeds, priority="cmdline")
    DefaultFeedAddon().update_settings(settings)
    assert settings.getdict("FEEDS") == expected


def test_uri_params_give_output_dir_and_one_time_per_crawl(tmp_path):
    crawler = get_crawler(_Spider, {"OUTPUT_DIR": str(tmp_path / "o")})
    spider = crawler._create_spider()
    first = uri_params({"name": "blogtest", "time": "x"}, spider)
    second = uri_params({"name": "blogtest"}, spider)
    assert first["output_dir"] == str(tmp_path / "o")
    assert first["time"] == second["time"] != "x"


def test_storage_removes_temporary_files_of_killed_writers(tmp_path):
    target = tmp_path / "a.jsonl"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = tmp_path / f".a.jsonl.{int(dead.stdout)}.abc123.tmp"
    stale.write_text('{"half": ')
    mine = tmp_path / f".a.jsonl.{os.getpid()}.def456.tmp"   # a live writer's file is left alone
    mine.write_text("")
    storage = _storage(target)
    storage.store(storage.open(None))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["a.jsonl", mine.name])


def test_storage_keeps_the_earlier_file_when_the_crawl_failed(tmp_path):
    target = tmp_path / "a.jsonl"
    target.write_text("earlier archive\n")
    crawler = get_crawler(_Spider)
    storage = AtomicFileFeedStorage.from_crawler(crawler, str(target), feed_options={"overwrite": True})
    fh = storage.open(None)
    fh.write(b"{}\n")
    fail_crawl(crawler, "cannot write the raw journal /x: No space left on device")
    with pytest.raises(OSError, match="a.jsonl not written: the crawl failed \\(cannot write the raw journal /x"):
        storage.store(fh)
    assert target.read_text() == "earlier archive\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.jsonl"]


def test_exporter_write_error_names_the_target_and_nothing_is_stored(tmp_path):
    target = tmp_path / "a.jsonl"
    target.write_text("earlier archive\n")
    crawler = get_crawler(_Spider, {"NORMALISE_WORKERS": 0})
    storage = AtomicFileFeedStorage.from_crawler(crawler, str(target), feed_options={"overwrite": True})
    fh = storage.open(None)

    class Full:
        def __getattr__(self, name):
            return getattr(fh, name)

        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

    exporter = NormalisedJsonLinesExporter.from_crawler(crawler, Full())
    exporter.export_item(raw_post())
    exporter.finish_exporting()
    assert crawler.stats.get_value("harvest/fatal") == f"cannot write {target}: No space left on device"
    with pytest.raises(OSError, match="No space left on device"):
        storage.store(fh)
    assert target.read_text() == "earlier archive\n"


def test_exporter_of_a_resumed_job_adds_the_records_earlier_runs_journalled(tmp_path):
    journal = tmp_path / "j.raw.jsonl"
    earlier = raw_post(url="https://www.riverside-trust.example/2008/10/earlier.html", title="Earlier")
    journal.write_text(json.dumps(earlier) + "\n" + json.dumps(raw_post(title="This run")) + "\n")
    crawler = get_crawler(_Spider, {"NORMALISE_WORKERS": 0})
    job = Job.of(crawler)
    job.journal_path, job.journal_start = journal, len(json.dumps(earlier)) + 1
    out = open(tmp_path / "out.bin", "w+b")
    exporter = NormalisedJsonLinesExporter.from_crawler(crawler, out)
    exporter.export_item(raw_post(title="This run"))
    exporter.finish_exporting()
    assert sorted(p["title"] for p in _written(out)) == ["Earlier", "This run"]
    assert crawler.stats.get_value("normalise/raw_records") == 2
