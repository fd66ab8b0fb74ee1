"""harvester.report: a crawl ends with its coverage report (HTML, JSON) beside the archive, errors from its faults."""
from __future__ import annotations

import json

import pytest

from harvester.report import local_feed, report_base
from normalise.cli import main as normalise_main
from tests.sites.crawling import crawl, read_jsonl
from tests.sites.server import MockWordPress, Options


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("report")
    site = MockWordPress(options=Options(rest="absent", announce=False)).start()
    try:
        out = crawl(site.url, tmp, "-a", "mode=html", "-O", "archive.jsonl", settings={"OUTPUT_DIR": str(tmp / "out")})
        off = tmp_path_factory.mktemp("off")
        crawl(site.url, off, "-a", "mode=html", "-O", "archive.jsonl",
              settings={"OUTPUT_DIR": str(off / "out"), "REPORT_ENABLED": "False"})
    finally:
        site.stop()
    return {"tmp": tmp, "off": off, "log": out.stderr, "site": site}


def test_report_files_written_beside_the_archive(crawled):
    tmp = crawled["tmp"]
    for name in ("archive.report.html", "archive.report.json"):
        assert (tmp / name).is_file(), name
    assert "coverage report: " in crawled["log"]


def test_report_counts_what_the_archive_holds(crawled):
    tmp = crawled["tmp"]
    report = json.loads((tmp / "archive.report.json").read_text(encoding="utf-8"))
    archive = read_jsonl(tmp / "archive.jsonl")
    assert report["totals"]["posts"] == sum(1 for r in archive if r["post_type"] == "post")
    assert report["totals"]["pages"] == sum(1 for r in archive if r["post_type"] == "page")
    assert report["totals"]["comments"] > 0
    # the same archive reported by the command gives the same timeline
    assert normalise_main(["report", str(tmp / "archive.jsonl"), "-o", str(tmp / "again.html")]) == 0
    again = json.loads((tmp / "again.json").read_text(encoding="utf-8"))
    assert again["months"] == report["months"] and again["gaps"] == report["gaps"]


def test_failed_urls_of_the_crawl_are_in_the_errors(crawled):
    """The mock serves no /sitemap_index.xml (WordPress's Yoast name): the fault log's 404 reaches the report."""
    tmp, base = crawled["tmp"], crawled["site"].url.rstrip("/")
    (faults,) = (tmp / "out" / "raw").glob("wordpress-*.faults.jsonl")
    failed = [e for e in read_jsonl(faults) if e["outcome"] == "failed"]
    assert {"kind": "http_404", "url": base + "/sitemap_index.xml"} in [
        {k: e[k] for k in ("kind", "url")} for e in failed]
    report = json.loads((tmp / "archive.report.json").read_text(encoding="utf-8"))
    by_kind = {e["kind"]: e for e in report["errors"]}
    assert base + "/sitemap_index.xml" in by_kind["http_404"]["urls"]
    assert sum(e["count"] for e in report["errors"]) == len(failed)


def test_report_disabled_writes_nothing(crawled):
    assert not list(crawled["off"].glob("*.report.*"))
    assert (crawled["off"] / "archive.jsonl").is_file()


class FakeSettings(dict):
    def getdict(self, name):
        return self.get(name, {})

    def get(self, name, default=None):
        return dict.get(self, name, default)


class FakeCrawler:
    def __init__(self, feeds):
        self.settings = FakeSettings(FEEDS=feeds, OUTPUT_DIR="out")


def test_report_goes_beside_one_local_feed_only(tmp_path):
    assert local_feed(FakeCrawler({str(tmp_path / "a.jsonl"): {}})) == tmp_path / "a.jsonl"
    assert local_feed(FakeCrawler({f"file://{tmp_path}/a.jsonl": {}})) == tmp_path / "a.jsonl"
    assert local_feed(FakeCrawler({"a.jsonl": {}, "b.jsonl": {}})) is None
    assert local_feed(FakeCrawler({"%(output_dir)s/%(name)s-%(time)s.jsonl": {}})) is None
    assert report_base(FakeCrawler({str(tmp_path / "a.jsonl"): {}}), "wordpress") == tmp_path / "a"
