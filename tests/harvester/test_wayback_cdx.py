"""harvester.wayback_cdx: CDX queries and both answer formats (the documented examples), keys, unrewriting."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from harvester.wayback_cdx import (Capture, CaptureIndex, capture_key, cdx_query, parse_cdx, snapshot_time,
                                   snapshot_url, timestamp_of, unarchive, valid_timestamp, versions)

# The wayback-cdx-server README's own examples (url=archive.org&limit=5&showResumeKey=true).
JSON_ANSWER = b"""[["urlkey","timestamp","original","mimetype","statuscode","digest","length"],
 ["org,archive)/", "19970126045828", "http://www.archive.org:80/", "text/html", "200", "Q4YULN754FHV2U6Q5JUT6Q2P57WEWNNY", "1415"],
 ["org,archive)/", "19971011050034", "http://www.archive.org:80/", "text/html", "200", "XAHDNHZ5P3GSSSNJ3DMEOJF7BMCCPZR3", "1402"],
 ["org,archive)/", "19980109140106", "http://archive.org:80/", "text/html", "200", "XAHDNHZ5P3GSSSNJ3DMEOJF7BMCCPZR3", "1402"],
 [],
 ["org%2Carchive%29%2F+19980109140106%21"]]"""
PLAIN_ANSWER = b"""org,archive)/ 19970126045828 http://www.archive.org:80/ text/html 200 Q4YULN754FHV2U6Q5JUT6Q2P57WEWNNY 1415
org,archive)/ 19971011050034 http://www.archive.org:80/ text/html 200 XAHDNHZ5P3GSSSNJ3DMEOJF7BMCCPZR3 1402
org,archive)/ 19980109140106 http://archive.org:80/ text/html 200 XAHDNHZ5P3GSSSNJ3DMEOJF7BMCCPZR3 1402

org%2Carchive%29%2F+19980109140106%21
"""


@pytest.mark.parametrize("body", [JSON_ANSWER, PLAIN_ANSWER], ids=["json", "plain"])
def test_both_answer_formats_give_the_same_rows_and_resume_key(body):
    rows, key = parse_cdx(body)
    assert [r["timestamp"] for r in rows] == ["19970126045828", "19971011050034", "19980109140106"]
    assert rows[2]["original"] == "http://archive.org:80/" and rows[0]["statuscode"] == "200"
    assert key == "org%2Carchive%29%2F+19980109140106%21"


@pytest.mark.parametrize("body", [b"", b"[]", JSON_ANSWER.split(b",\n [],")[0] + b"]"], ids=["empty", "empty-json", "last"])
def test_last_or_empty_pages_have_no_resume_key(body):
    rows, key = parse_cdx(body)
    assert key is None and len(rows) in (0, 3)


def test_unreadable_json_names_the_query():
    with pytest.raises(ValueError, match="https://cdx.example/q"):
        parse_cdx(b"[[broken", "https://cdx.example/q")


def test_query_has_every_documented_parameter():
    url = cdx_query("https://web.archive.org/cdx/search/cdx", "blog.example.org/news/", collapse="urlkey", limit=500,
                    time_from="2015", time_to="20181231", resume_key="org%2Cexample%29%2F+2015%21")
    params = parse_qs(urlsplit(url).query)
    assert params == {"url": ["blog.example.org/news/"], "matchType": ["prefix"], "output": ["json"],
                      "filter": ["statuscode:200"], "collapse": ["urlkey"], "showResumeKey": ["true"],
                      "limit": ["500"], "from": ["2015"], "to": ["20181231"],
                      "resumeKey": ["org,example)/ 2015!"]}
    assert url.endswith("&resumeKey=org%2Cexample%29%2F+2015%21")   # passed on exactly as printed


def test_plain_query_asks_for_no_json():
    assert "output=" not in cdx_query("https://w/cdx", "b.org/", collapse="digest", limit=5, output="text")


@pytest.mark.parametrize("a, b", [
    ("http://www.example.org:80/2015/01/post/", "https://example.org/2015/01/post/"),
    ("http://example.org/?b=2&a=1", "http://EXAMPLE.org/?a=1&b=2"),
    ("http://example.org/x#comments", "http://example.org/x"),
])
def test_capture_key_folds_what_the_archive_folds(a, b):
    assert capture_key(a) == capture_key(b)


def test_index_finds_a_url_with_or_without_its_trailing_slash_and_orders_by_time():
    index = CaptureIndex()
    index.add([{"timestamp": "2016", "original": "http://b.org/p/", "mimetype": "text/html"},
               {"timestamp": "2014", "original": "http://www.b.org:80/p/", "mimetype": "text/html"},
               {"timestamp": "2015", "original": "http://b.org/feed.xml", "mimetype": "application/rss+xml"}])
    assert [c.timestamp for c in index.lookup("https://b.org/p")] == ["2014", "2016"]
    assert index.lookup("http://b.org/q/") == [] and index.pages() == ["http://b.org/p/"]


@pytest.mark.parametrize("wanted, expected", [(None, ["5", "4", "3", "2", "1"]), (1, ["5"]), (2, ["5", "1"]),
                                              (3, ["5", "3", "1"]), (9, ["5", "4", "3", "2", "1"])])
def test_versions_spread_over_time_latest_first(wanted, expected):
    captures = [Capture(str(i), "http://b.org/") for i in range(1, 6)]
    assert [c.timestamp for c in versions(captures, wanted)] == expected


def test_snapshot_urls_and_times():
    url = snapshot_url("https://web.archive.org/web/", Capture("20150102030405", "http://b.org/p/?x=1"))
    assert url == "https://web.archive.org/web/20150102030405id_/http://b.org/p/?x=1"
    assert timestamp_of(url) == "20150102030405" and snapshot_time("20150102030405") == "2015-01-02T03:04:05Z"
    assert snapshot_time("2015") == "2015-01-01T00:00:00Z"


@pytest.mark.parametrize("value", ["2015", "20150102", "20150102030405"])
def test_valid_timestamps(value):
    assert valid_timestamp(value, "from") == value


@pytest.mark.parametrize("value", ["2015-01", "201501020304050", "last year", ""])
def test_invalid_timestamps_are_named(value):
    with pytest.raises(ValueError, match="from must be a Wayback timestamp"):
        valid_timestamp(value, "from")


@pytest.mark.parametrize("html, expected", [
    (b'<a href="https://web.archive.org/web/20150101000000/http://b.org/p/">', b'<a href="http://b.org/p/">'),
    (b'<img src="//web.archive.org/web/20150101000000im_/http://b.org/i.png">', b'<img src="http://b.org/i.png">'),
    (b'<a href="/web/20150101000000/https://b.org/p/">', b'<a href="https://b.org/p/">'),
    (b"<a href='http://127.0.0.1:9/web/2015js_/http://b.org/x.js'>", b"<a href='http://b.org/x.js'>"),
    (b'<p>See /web/ for our web team</p>', b'<p>See /web/ for our web team</p>'),
    (b'<a href="http://b.org/web/2015/">our 2015 web review</a>', b'<a href="http://b.org/web/2015/">our 2015 web review</a>'),
])
def test_unarchive_maps_rewritten_links_back(html, expected):
    assert unarchive(html, ["127.0.0.1:9"]) == expected


def test_unarchive_drops_the_replay_toolbar_and_includes():
    page = (b'<html><head><script src="//archive.org/includes/athena.js"></script>'
            b'<script>__wm.init("https://web.archive.org/web");</script><!-- End Wayback Rewrite JS Include -->'
            b'<title>T</title></head><body><!-- BEGIN WAYBACK TOOLBAR INSERT --><div>toolbar</div>'
            b'<!-- END WAYBACK TOOLBAR INSERT --><p>Post</p></body></html>')
    assert unarchive(page) == b"<html><head><title>T</title></head><body><p>Post</p></body></html>"
