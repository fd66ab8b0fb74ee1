"""`scrapy crawl`: every output path the crawl will write, found before it starts (feeds, journal, JOBDIR)."""
from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.settings import Settings

from harvester.commands.crawl import local_feed_path, output_paths


@pytest.mark.parametrize("uri, path", [
    ("out/a.jsonl", Path("out/a.jsonl")), ("file:///data/a%20b.jsonl", Path("/data/a b.jsonl")),
    ("s3://bucket/a.jsonl", None), ("/abs/a.jsonl", Path("/abs/a.jsonl")),
])
def test_local_feed_path(uri, path):
    assert local_feed_path(uri) == path


def test_output_paths_cover_feeds_journal_and_job():
    settings = Settings({"FEEDS": {"archive.jsonl": {}, "s3://b/x.jsonl": {}}, "OUTPUT_DIR": "o",
                         "DEFAULT_FEED": "%(output_dir)s/%(name)s-%(time)s.jsonl", "JOBDIR": "jobs/x"})
    assert output_paths(settings, "wordpress") == [Path("archive.jsonl"), Path("o/raw/journal.raw.jsonl"),
                                                   Path("jobs/x/job.json")]


def test_default_feed_shown_with_its_folder_and_spider():
    settings = Settings({"OUTPUT_DIR": "/srv/o", "DEFAULT_FEED": "%(output_dir)s/%(name)s-%(time)s.jsonl",
                         "RAW_JOURNAL": "/srv/j.raw.jsonl"})
    assert output_paths(settings, "blogger") == [Path("/srv/o/blogger-<time>.jsonl"), Path("/srv/j.raw.jsonl")]
