"""WordPress extraction behaviours on the hand-written pages: threading, pings, widgets, status, pagination."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from harvester.extract import extract_page, page
from harvester.extract.wordpress import comment_pages

PAGES = Path(__file__).parent / "pages"
CLASSIC_URL = "https://millbrook.example.org/2023/01/15/volunteer-hours/"
BLOCK_URL = "https://auenhain.example.de/tafel-sucht-fahrerinnen/"
WHEN = "2025-01-01T00:00:00Z"


def _page(name: str) -> bytes:
    return (PAGES / f"{name}.html").read_bytes()


@pytest.fixture(scope="module")
def classic() -> dict:
    (record,) = extract_page(_page("classic_theme_post"), CLASSIC_URL, fetched_at=WHEN)
    return record


def _flat(comments, depth=1):
    for c in comments:
        yield c, depth
        yield from _flat(c["replies"], depth + 1)


def test_replies_nest_four_deep(classic):
    depths = {c["id"]: d for c, d in _flat(classic["comments"])}
    assert depths == {"comment-101": 1, "comment-102": 2, "comment-103": 3, "comment-104": 4,
                      "comment-105": 1, "comment-106": 1}


def test_pingback_in_separate_ping_list_is_kept_last(classic):
    last = classic["comments"][-1]
    assert last["kind"] == "pingback"
    assert last["author_name"].startswith("Valley News")


def test_nav_menu_children_and_recent_comments_widget_are_not_comments(classic):
    names = [c["author_name"] for c, _ in _flat(classic["comments"])]
    assert len(names) == 6
    assert all("trustees" not in (n or "").lower() for n in names)
    # the widget repeats Sam Patel's name; only his real comment counts
    assert names.count("Sam Patel") == 1


def test_sidebar_category_widget_is_not_a_category(classic):
    assert classic["categories"] == ["Volunteering"]
    assert "News" not in classic["tags"]


def test_body_excludes_share_buttons_and_meta(classic):
    assert "sharedaddy" not in classic["content_html"]
    assert "Registered charity" not in classic["content_html"]
    assert "Ruth Okafor" not in classic["content_html"]


def test_comment_status_open_when_form_present(classic):
    assert classic["comments_status"] == "open"


def test_provenance(classic):
    body = _page("classic_theme_post")
    prov = classic["provenance"]
    assert prov["payload_sha256"] == hashlib.sha256(body).hexdigest()
    assert (prov["fetched_url"], prov["fetched_at"], prov["source"], prov["tool"]) == (CLASSIC_URL, WHEN, "html", "extract")


def test_block_theme_comments_closed_and_threaded():
    (record,) = extract_page(_page("block_theme_post"), BLOCK_URL, fetched_at=WHEN)
    assert record["comments_status"] == "closed"
    assert [r["author_name"] for r in record["comments"][0]["replies"]] == ["Jonas Weber"]
    assert record["authors"] == [{"name": "Jonas Weber", "url": None}]


def test_listing_teaser_points_at_its_permalink():
    records = extract_page(_page("listing_home"), "https://notes.example.org/", fetched_at=WHEN)
    assert [r["is_excerpt"] for r in records] == [False, False, True]
    assert records[2]["canonical_url"] == "https://notes.example.org/2021/04/30/annual-report/"


def test_declared_windows_1252_charset_is_honoured():
    records = extract_page(_page("listing_home"), "https://notes.example.org/", fetched_at=WHEN)
    assert "£40,000" in records[0]["content_html"]


def test_wrong_declared_charset_is_repaired():
    body = '<html><head><meta charset="ascii"></head><body><p>Grüße</p></body></html>'.encode("utf-8")
    assert "Grüße" in page.decode(body)


def test_comment_pages_classic_and_block():
    assert comment_pages(_page("classic_theme_post"), CLASSIC_URL) == [
        "https://millbrook.example.org/2023/01/15/volunteer-hours/comment-page-1/"]
    assert comment_pages(_page("block_theme_post"), BLOCK_URL) == [
        "https://auenhain.example.de/tafel-sucht-fahrerinnen/comment-page-2/"]


@pytest.mark.parametrize("junk", [b"", b"\x00\xff\xfe garbage", "<html><body></body></html>", b"<?xml version='1.0'?><a/>",
                                  "plain text, no markup"])
def test_junk_gives_no_records(junk):
    assert extract_page(junk, "https://example.org/x", fetched_at=WHEN) == []
