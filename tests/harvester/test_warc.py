"""WARC capture (harvester.warc): loopback crawls read back with warcio, a post re-normalised from its WARC record."""
from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from harvester.extract import extract_page
from normalise.dataio import to_dict
from normalise.pipeline import Summary, finish
from normalise.record import normalise_dict
from tests.sites.crawling import crawl, crawl_args, read_jsonl, scrapy_env
from tests.sites.lowfield import generated_posts
from tests.sites.server import MockWordPress, Options


class RedirectingWordPress(MockWordPress):
    """The mock blog whose /feed/ moved (301 to /feed/rss2/), served gzip-compressed there."""

    def respond(self, host: str, target: str):
        if target == "/feed/":
            return 301, {"Location": f"{self.url}feed/rss2/", "Content-Type": "text/html"}, b""
        if target == "/feed/rss2/":
            status, headers, body = super().respond(host, "/feed/")
            return status, {**headers, "Content-Encoding": "gzip"}, gzip.compress(body, mtime=0)
        return super().respond(host, target)


SCENARIOS = {
    "html": (MockWordPress, ["-a", "mode=html"]),
    "rest": (MockWordPress, ["-a", "mode=rest"]),
    "redirect": (RedirectingWordPress, ["-a", "mode=html"]),
}


def read_warcs(folder: Path) -> dict[str, list]:
    """File name -> its records as (type, WARC headers, HTTP headers, payload as decoded), digests checked."""
    files = {}
    for path in sorted(folder.glob("*.warc.gz")):
        records = []
        with open(path, "rb") as fh:
            for rec in ArchiveIterator(fh, check_digests="raise"):
                http = rec.http_headers
                records.append({"type": rec.rec_type, "warc": dict(rec.rec_headers.headers),
                                "status": http.get_statuscode() if http and rec.rec_type == "response" else None,
                                "http": http, "payload": rec.content_stream().read()})
        files[path.name] = records
    return files


@pytest.fixture(scope="module")
def harvests(tmp_path_factory):
    """Scenario name -> its crawl (run once, on first use)."""
    done: dict[str, dict] = {}

    def run(name: str) -> dict:
        if name not in done:
            cls, args = SCENARIOS[name]
            site = cls().start()
            tmp = tmp_path_factory.mktemp(f"warc-{name}")
            try:
                crawl(site.url, tmp, *args, "-O", "archive.jsonl", settings={"OUTPUT_DIR": str(tmp / "out")})
            finally:
                site.stop()
            done[name] = {"name": name, "site": site, "records": read_jsonl(tmp / "archive.jsonl"),
                          "warcs": read_warcs(tmp / "out" / "warc"), "folder": tmp / "out" / "warc"}
        return done[name]
    return run


@pytest.fixture(params=list(SCENARIOS))
def harvest(request, harvests):
    return harvests(request.param)


def all_records(harvest) -> list[dict]:
    return [r for records in harvest["warcs"].values() for r in records]


def test_every_file_opens_with_warcinfo_and_is_named_by_convention(harvest):
    assert harvest["warcs"]
    for name, records in harvest["warcs"].items():
        assert records[0]["type"] == "warcinfo" and records[0]["warc"]["WARC-Filename"] == name
        assert b"sector-blog-archive" in records[0]["payload"] and b"isPartOf: wordpress" in records[0]["payload"]
        prefix, stamp, serial = name[: -len(".warc.gz")].rsplit("-", 2)
        assert prefix == "wordpress" and len(stamp) == 17 and stamp.isdigit() and serial.isdigit()


def test_every_request_the_site_answered_has_a_response_and_a_request_record(harvest):
    records = all_records(harvest)
    responses = {r["warc"]["WARC-Record-ID"]: r for r in records if r["type"] == "response"}
    requests = [r for r in records if r["type"] == "request"]
    served = {harvest["site"].url.rstrip("/") + path for path in harvest["site"].paths()}
    assert {r["warc"]["WARC-Target-URI"] for r in responses.values()} == served
    assert len(responses) == len(requests) == len(harvest["site"].requests)
    for req in requests:
        response = responses[req["warc"]["WARC-Concurrent-To"]]
        assert req["warc"]["WARC-Target-URI"] == response["warc"]["WARC-Target-URI"]
        assert req["http"].protocol == "GET" and "sector-blog-archive" in req["http"].get_header("User-Agent")


def test_each_post_names_the_warc_response_it_was_read_from(harvest):
    by_id = {r["warc"]["WARC-Record-ID"]: (name, r) for name, recs in harvest["warcs"].items() for r in recs}
    for post in harvest["records"]:
        prov = post["provenance"]
        name, record = by_id[prov["warc_record_id"]]
        assert name == prov["warc_file"] and record["type"] == "response"
        assert record["warc"]["WARC-Target-URI"] == prov["fetched_url"]
        if prov["source"] == "wp-rest":   # a posts listing of the API holding this post
            assert "/wp/v2/posts?" in prov["fetched_url"] or "/wp/v2/pages?" in prov["fetched_url"]
            assert post["url"] in {p["link"] for p in json.loads(record["payload"])}


@pytest.mark.parametrize("name", ["html", "redirect"])   # a REST post is built from several responses
def test_post_renormalised_from_its_warc_record_equals_the_crawl_record(harvests, name):
    harvest = harvests(name)
    by_id = {r["warc"]["WARC-Record-ID"]: (name, r) for name, recs in harvest["warcs"].items() for r in recs}
    # A post read from one page (its comments fit on it): one WARC record holds all of it.
    candidates = [p for p in harvest["records"] if p["post_type"] == "post" and p["comment_count"] and not p["seen_at"]
                  and not p["duplicate_of"]]
    assert candidates
    for post in candidates:
        prov = post["provenance"]
        name, record = by_id[prov["warc_record_id"]]
        headers = dict(record["http"].headers)
        (raw,) = [r for r in extract_page(record["payload"], record["warc"]["WARC-Target-URI"],
                                          fetched_at=prov["fetched_at"], headers=headers, platform="wordpress",
                                          tool="wordpress", source="html") if r.get("canonical_url") == post["url"]
                  or r["url"] == post["url"]]
        raw["site"] = {**raw["site"], "base_url": harvest["site"].url, "platform": "wordpress"}
        raw["provenance"].update(warc_file=name, warc_record_id=prov["warc_record_id"])
        (again,) = finish([normalise_dict(raw)], Summary())
        assert to_dict(again) == post


def test_redirect_is_kept_as_its_own_record_and_bytes_as_received(harvests):
    harvest = harvests("redirect")
    base = harvest["site"].url
    by_uri = {r["warc"]["WARC-Target-URI"]: r for r in all_records(harvest) if r["type"] == "response"}
    moved, target = by_uri[f"{base}feed/"], by_uri[f"{base}feed/rss2/"]
    assert moved["status"] == "301" and moved["http"].get_header("Location") == f"{base}feed/rss2/"
    assert target["status"] == "200" and target["http"].get_header("Content-Encoding") == "gzip"
    assert target["payload"].lstrip().startswith(b"<?xml")   # warcio decodes what was stored gzip-compressed


def test_stored_payload_is_the_compressed_body(tmp_path):
    site = RedirectingWordPress().start()
    try:
        crawl(site.url, tmp_path, "-a", "mode=html", settings={"OUTPUT_DIR": str(tmp_path / "out")})
    finally:
        site.stop()
    (path,) = (tmp_path / "out" / "warc").glob("*.warc.gz")
    with open(path, "rb") as fh:
        for rec in ArchiveIterator(fh):
            if rec.rec_type == "response" and rec.rec_headers.get_header("WARC-Target-URI").endswith("/feed/rss2/"):
                stored = rec.raw_stream.read()
                break
    assert stored[:2] == b"\x1f\x8b" and gzip.decompress(stored).lstrip().startswith(b"<?xml")


def test_small_max_size_rolls_over_into_several_valid_files(tmp_path):
    site = MockWordPress().start()
    try:
        crawl(site.url, tmp_path, "-a", "mode=html", "-O", "a.jsonl",
              settings={"OUTPUT_DIR": str(tmp_path / "out"), "WARC_MAX_SIZE": "8000"})
    finally:
        site.stop()
    warcs = read_warcs(tmp_path / "out" / "warc")
    assert len(warcs) >= 3
    serials = sorted(int(name[: -len(".warc.gz")].rsplit("-", 1)[1]) for name in warcs)
    assert serials == list(range(len(warcs)))
    responses = [r for recs in warcs.values() for r in recs if r["type"] == "response"]
    assert len(responses) == len(site.requests)
    for name, recs in warcs.items():
        assert recs[0]["type"] == "warcinfo" and all(r["type"] != "warcinfo" for r in recs[1:])
    files = {p["provenance"]["warc_file"] for p in read_jsonl(tmp_path / "a.jsonl")}
    assert len(files) >= 2 and files <= set(warcs)


def test_disabled_writes_no_warc(tmp_path):
    site = MockWordPress().start()
    try:
        crawl(site.url, tmp_path, "-a", "mode=rest", "-O", "a.jsonl",
              settings={"OUTPUT_DIR": str(tmp_path / "out"), "WARC_ENABLED": "False"})
    finally:
        site.stop()
    assert not (tmp_path / "out" / "warc").exists()
    assert all(p["provenance"]["warc_file"] is None for p in read_jsonl(tmp_path / "a.jsonl"))


def test_kill_9_leaves_every_completed_record_readable(tmp_path):
    site = MockWordPress(posts=generated_posts(80), options=Options(delay=0.03)).start()
    proc = subprocess.Popen(crawl_args("wordpress", site.url, "-a", "mode=html", "-O", "a.jsonl",
                                       settings={"OUTPUT_DIR": str(tmp_path / "out")}),
                            cwd=tmp_path, env=scrapy_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        journal = None
        while time.monotonic() < deadline:
            found = list((tmp_path / "out" / "raw").glob("*.raw.jsonl"))
            if found and found[0].read_bytes().count(b"\n") >= 5:
                journal = found[0]
                break
            time.sleep(0.05)
        assert journal is not None, "the crawl wrote no journal lines in time"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
        site.stop()
    warcs = read_warcs(tmp_path / "out" / "warc")   # raises on a truncated record or a digest mismatch
    ids = {r["warc"]["WARC-Record-ID"] for recs in warcs.values() for r in recs}
    responses = sum(1 for recs in warcs.values() for r in recs if r["type"] == "response")
    assert responses >= 5 and responses <= len(site.requests)
    for line in journal.read_bytes().splitlines():
        assert json.loads(line)["provenance"]["warc_record_id"] in ids


def test_a_new_file_never_appends_to_an_existing_one(tmp_path, monkeypatch):
    import io
    from datetime import datetime, timezone

    from harvester import warc

    class Frozen(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime(2024, 1, 2, 3, 4, 5, 678000, tzinfo=timezone.utc)

    monkeypatch.setattr(warc, "datetime", Frozen)
    taken = tmp_path / "blog-20240102030405678-00000.warc.gz"
    taken.write_bytes(b"another crawl's file")
    files = warc.WarcFiles(tmp_path, "blog", 10**6, {"software": "test"})
    record = files.writer.create_warc_record("http://b.org/", "resource", payload=io.BytesIO(b"x"), length=1)
    assert files.write([record]) == "blog-20240102030405678-00001.warc.gz"
    files.close()
    assert taken.read_bytes() == b"another crawl's file"
    with open(tmp_path / "blog-20240102030405678-00001.warc.gz", "rb") as fh:
        assert [r.rec_type for r in ArchiveIterator(fh, check_digests="raise")] == ["warcinfo", "resource"]
