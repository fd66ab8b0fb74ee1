"""Incremental re-crawl of a REAL WordPress 6.1 (tests/wpsite): only what changed is fetched, and merging adds it.

A private WordPress is started for this module (the shared one must not change). It is crawled once (auto mode:
REST, plus each listed post's page for the pingbacks the API hides), then changed as a blog changes between two
visits — a new post, a reply on an old post, an old post edited — and crawled again with ``-a update=`` the first
archive. The second crawl must hold those three posts and no other; ``normalise`` over both archives gives every
post once, the reply under its parent, the edit, and nothing duplicated.
"""
from __future__ import annotations

import json
import re

import pytest

from normalise import cli
from tests.sites.crawling import crawl, flat_comments, read_jsonl
from tests.wpsite.fixtures import start_or_fail

NEW_TITLE = "Spring appeal results are in"
REPLY_TEXT = "Replying years later: the toolkit still works for us."
EDIT_TEXT = "Update: the 2026 figures are now published."


def change(site, *args: str) -> dict:
    return json.loads(site.php("change.php", *args))


def journal(tmp) -> list[dict]:
    (path,) = (tmp / "output" / "raw").glob("wordpress-*.raw.jsonl")
    return read_jsonl(path)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    site = start_or_fail()
    try:
        first, second = tmp_path_factory.mktemp("first"), tmp_path_factory.mktemp("second")
        out1 = crawl(site.url(), first, "-O", "archive.jsonl", settings={"OUTPUT_DIR": str(first / "output")})
        truth = site.truth
        commented = next(p for p in truth["posts"] if not p["password_protected"] and p["comment_status"] == "open"
                         and p["top_level_comments"])
        parent = next(c for c in truth["comments"] if c["post_id"] == commented["id"] and c["type"] == "comment")
        edited = next(p for p in truth["posts"] if p["id"] not in (commented["id"],) and not p["password_protected"])
        made = {"new": change(site, "new-post", NEW_TITLE)["post"],
                "reply": change(site, "comment", str(commented["id"]), str(parent["id"]), REPLY_TEXT)["comment"],
                "edit": change(site, "edit", str(edited["id"]), EDIT_TEXT)["post"]}
        after = site.refresh_truth()
        out2 = crawl(site.url(), second, "-a", f"update={first / 'archive.jsonl'}", "-O", "archive.jsonl",
                     settings={"OUTPUT_DIR": str(second / "output")})
        merged = second / "merged.jsonl"
        assert cli.main([str(first / "archive.jsonl"), str(second / "archive.jsonl"), "-o", str(merged), "-q"]) == 0
        yield {"first": first, "second": second, "truth": truth, "after": after, "made": made,
               "commented": commented, "parent": parent, "edited": edited, "log1": out1.stderr, "log2": out2.stderr,
               "merged": read_jsonl(merged)}
    finally:
        site.stop()


def permalink(truth: dict, post_id: int) -> str:
    return next(p["permalink"] for p in truth["posts"] + truth["pages"] if p["id"] == post_id)


def requests(log: str) -> int:
    return int(re.search(r"'downloader/request_count': (\d+)", log).group(1))


def test_second_crawl_harvests_only_the_changed_posts(runs):
    after, made = runs["after"], runs["made"]
    expected = {permalink(after, made["new"]), runs["commented"]["permalink"], runs["edited"]["permalink"]}
    got = {r["url"] for r in journal(runs["second"])}
    assert got == expected


def test_second_crawl_asks_for_changes_since_the_first(runs):
    log = runs["log2"]
    assert "incremental crawl:" in log
    assert re.search(r"incremental: posts modified and comments written after \d{4}-\d\d-\d\dT[\d:]+Z", log)
    assert requests(log) < requests(runs["log1"]) / 2, (requests(log), requests(runs["log1"]))


def test_merged_archive_has_every_post_once(runs):
    after = runs["after"]
    want = sorted(p["permalink"] for p in after["posts"] + after["pages"])
    got = [r["url"] for r in runs["merged"]]
    assert len(got) == len(set(got)) and len({r["id"] for r in runs["merged"]}) == len(got)
    assert sorted(got) == want


def test_reply_on_old_post_appears_under_its_parent(runs):
    record = next(r for r in runs["merged"] if r["url"] == runs["commented"]["permalink"])
    comments = flat_comments(record["comments"])
    reply = [c for c in comments if REPLY_TEXT in c["content_text"]]
    assert len(reply) == 1 and reply[0]["parent_id"] == str(runs["parent"]["id"])
    want = [c for c in runs["after"]["comments"] if c["post_id"] == runs["commented"]["id"] and c["type"] == "comment"]
    assert len([c for c in comments if c["kind"] == "comment"]) == len(want)


def test_new_post_and_edit_are_in_the_merged_archive(runs):
    by_url = {r["url"]: r for r in runs["merged"]}
    assert by_url[permalink(runs["after"], runs["made"]["new"])]["title"] == NEW_TITLE
    assert EDIT_TEXT in by_url[runs["edited"]["permalink"]]["content_text"]


def test_nothing_duplicated_in_any_post(runs):
    for record in runs["merged"]:
        ids = [c["id"] for c in flat_comments(record["comments"])]
        assert len(ids) == len(set(ids)), record["url"]
        assert record["comments_removed"] == [], record["url"]
