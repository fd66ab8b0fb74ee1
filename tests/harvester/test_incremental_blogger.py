"""Incremental re-crawl of the mock Blogger blog through its feeds: updated-min, the blog's comment feed, one post.

The blog is crawled (feed mode), then changes as a blog does between two visits — a reply on an old post, an old
post edited, a new post — and is crawled again with ``-a update=archive.jsonl -o archive.jsonl`` (read what the
archive knows, merge the crawl into it). The second crawl must read exactly those three posts; the archive then
has every post once and the reply under its parent.
"""
from __future__ import annotations

import re
import shutil
from datetime import datetime, timedelta

import pytest

from tests.sites.blogger_content import TIMEZONE, Comment, Post
from tests.sites.blogger_server import MockBlogger, Options
from tests.sites.crawling import crawl, flat_comments, read_jsonl

REPLY = "Still relevant ten years on: we used this guide last month."
NEW_TITLE = "Volunteers' week: the 2026 programme"


def local(minutes: int) -> str:
    return (datetime.now(TIMEZONE) + timedelta(minutes=minutes)).strftime("%Y-%m-%d %H:%M")


def journal(tmp) -> list[dict]:
    (path,) = (tmp / "output" / "raw").glob("blogger-*.raw.jsonl")
    return read_jsonl(path)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    site = MockBlogger(options=Options(family="threaded")).start()
    first, second = tmp_path_factory.mktemp("first"), tmp_path_factory.mktemp("second")
    try:
        crawl(site.url, first, "-a", "mode=feed", "-O", "archive.jsonl", spider="blogger",
              settings={"OUTPUT_DIR": str(first / "output")})
        asked_first = site.paths()
        site.requests.clear()
        commented = next(p for p in site.posts if p.comments and len(p.comments) < 20)
        parent = commented.comments[0]
        commented.comments.append(Comment("9100000000000000001", ("Late Reader", None), local(1), REPLY,
                                          parent=parent.id))
        edited = next(p for p in site.posts if p is not commented)
        edited.paragraphs.append("Edited: the dates for 2026 are now confirmed.")
        edited.edited = local(1)
        new = Post("9200000000000000001", "volunteers-week-2026", NEW_TITLE, local(2), "ruth", ["Events"],
                   ["Our programme for Volunteers' Week 2026."])
        site.posts.append(new)
        site.by_id[new.id] = new
        site.by_path[new.path] = new
        # the one-command form: read the archive for what is known, then merge the crawl into it (-o)
        merged = second / "archive.jsonl"
        shutil.copy(first / "archive.jsonl", merged)
        out = crawl(site.url, second, "-a", "mode=feed", "-a", "update=archive.jsonl", "-o", "archive.jsonl",
                    spider="blogger", settings={"OUTPUT_DIR": str(second / "output")})
        yield {"site": site, "first": first, "second": second, "commented": commented, "parent": parent,
               "edited": edited, "new": new, "log": out.stderr, "asked_first": asked_first,
               "asked_second": site.paths(), "merged": read_jsonl(merged)}
    finally:
        site.stop()


def test_second_crawl_reads_only_the_changed_posts(runs):
    base = runs["site"].base
    want = {base + p.path for p in (runs["commented"], runs["edited"], runs["new"])}
    assert {r["url"] for r in journal(runs["second"])} == want


def test_second_crawl_asks_the_feeds_for_changes_only(runs):
    asked = runs["asked_second"]
    assert all("orderby=updated" in p and "updated-min=" in p for p in asked if p.startswith("/feeds/posts/default?"))
    assert any(p.startswith("/feeds/comments/default?") and "updated-min=" in p for p in asked)
    assert not [p for p in asked if not p.startswith(("/feeds/", "/robots.txt"))], "no HTML page needed"
    comment_feeds = {re.match(r"/feeds/(\d+)/comments/", p).group(1) for p in asked if "/comments/default?" in p
                     and not p.startswith("/feeds/comments/")}
    assert comment_feeds <= {runs["commented"].id, runs["edited"].id, runs["new"].id}
    assert len(asked) < len(runs["asked_first"])


def test_merged_archive_has_every_post_once_with_the_new_reply(runs):
    site, merged = runs["site"], runs["merged"]
    assert sorted(r["url"] for r in merged) == sorted(site.base + p.path for p in site.posts)
    record = next(r for r in merged if r["url"] == site.base + runs["commented"].path)
    comments = flat_comments(record["comments"])
    assert [c["parent_id"] for c in comments if c["content_text"] == REPLY] == [runs["parent"].id]
    assert len(comments) == len(runs["commented"].kept_comments())


def test_edit_and_new_post_in_the_merged_archive(runs):
    by_url = {r["url"]: r for r in runs["merged"]}
    site = runs["site"]
    assert "dates for 2026 are now confirmed" in by_url[site.base + runs["edited"].path]["content_text"]
    assert by_url[site.base + runs["new"].path]["title"] == NEW_TITLE
