"""The `generic` and `blog` spiders on the loopback mock Drupal site (Drupal 7 with RDF, Drupal 7 without it, Drupal
10): a comment thread over three ?page=N pages merged into one post with its nesting, replies whose parent is on the
page before included; robots.txt Sitemap: lines (an index, a gzipped sitemap, a second sitemap) used for discovery;
nothing outside /blog/ requested. Expected values come from tests/sites/drupal_content.py."""
from __future__ import annotations

import subprocess
from datetime import datetime

import pytest

from tests.sites.crawling import crawl, crawl_args, flat_comments, read_jsonl, scrapy_env
from tests.sites.drupal_content import BLOG_PATH, COMMENTS_PER_PAGE, THREAD, sample_posts
from tests.sites.drupal_server import LEAK, MockDrupal, Options

POSTS = sample_posts()
LONG = next(p for p in POSTS if p.comments)
PAGES = -(-len(THREAD) // COMMENTS_PER_PAGE)
# (Drupal version of the mock, spider)
CASES = [("7", "generic"), ("7-plain", "generic"), ("10", "blog")]


@pytest.fixture(scope="module", params=CASES, ids=[f"drupal{v}-{s}" for v, s in CASES])
def harvest(request, tmp_path_factory):
    version, spider = request.param
    tmp = tmp_path_factory.mktemp(f"drupal{version}")
    site = MockDrupal(options=Options(version=version)).start()
    try:
        out = crawl(site.url, tmp, "-O", "archive.jsonl", spider=spider, settings={"OUTPUT_DIR": str(tmp / "output")})
    finally:
        site.stop()
    records = {r["url"].replace(site.base, ""): r for r in read_jsonl(tmp / "archive.jsonl")}
    return {"version": version, "site": site, "records": records, "log": out.stderr}


def position(cid: int) -> int:
    return [c.cid for c in THREAD].index(cid)


def expected_parent(version: str, cid: int) -> str | None:
    """The thread's parent; but Drupal 7 without RDF names no parent and shows a reply that opens a comment page one
    level deep whatever its depth, so such a reply to a reply is attached to the last top-level comment before it
    (generic_paging's documented rule)."""
    comment = THREAD[position(cid)]
    if comment.parent is None:
        return None
    opens_page = position(cid) % COMMENTS_PER_PAGE == 0
    parent = THREAD[position(comment.parent)]
    if version == "7-plain" and opens_page and parent.parent is not None:
        top = [c for c in THREAD[:position(cid)] if c.parent is None][-1]
        return str(top.cid)
    return str(comment.parent)


def test_every_post_once_including_those_only_in_robots_sitemaps(harvest):
    assert sorted(harvest["records"]) == sorted(p.path for p in POSTS)
    paths = harvest["site"].paths()
    assert {"/sitemaps/index.xml", "/sitemaps/blog.xml.gz", "/sitemaps/extra.xml"} <= set(paths)


def test_the_thread_over_three_pages_is_one_post_with_every_comment(harvest):
    assert PAGES == 3
    record = harvest["records"][LONG.path]
    flat = flat_comments(record["comments"])
    assert [c["id"] for c in flat] == [str(c.cid) for c in THREAD]
    assert record["comment_count"] == len(THREAD)
    assert {c["id"]: c["author"]["name"] for c in flat} == {str(c.cid): c.author for c in THREAD}
    assert all(c["content_text"] == t.text for c, t in zip(flat, THREAD))


def test_nesting_kept_across_pages(harvest):
    flat = flat_comments(harvest["records"][LONG.path]["comments"])
    assert {c["id"]: c["parent_id"] for c in flat} == {str(c.cid): expected_parent(harvest["version"], c.cid)
                                                       for c in THREAD}
    # the replies whose parent is on the page before: 205 (to 203 on page 0), 209 (to 208 on page 1)
    got = {c["id"]: c["parent_id"] for c in flat}
    assert got["205"] == "203"
    if harvest["version"] != "7-plain":
        assert got["209"] == "208"


def test_comment_dates(harvest):
    flat = flat_comments(harvest["records"][LONG.path]["comments"])
    assert [c["published"][:16] for c in flat] == [c.when[:16] for c in THREAD]


def test_each_comment_page_requested_once_and_nothing_outside_the_blog(harvest):
    paths = harvest["site"].paths()
    pages = [p for p in paths if p.startswith(LONG.path)]
    assert sorted(pages) == sorted([LONG.path] + [f"{LONG.path}?page={n}" for n in range(1, PAGES)])
    html = [p for p in paths if not p.startswith(("/robots.txt", "/sitemaps/", "/sitemap.xml"))]
    assert [p for p in html if not p.startswith(BLOG_PATH)] == []
    assert [p for p in html if "/comment/" in p] == []
    assert sorted({p for p in html if html.count(p) > 1}) == []
    assert not [r for r in harvest["records"].values() if LEAK in r["content_text"] + r["title"]]


def test_log_says_how_many_comment_pages(harvest):
    assert f"{LONG.path}: comments read from {PAGES} comment pages" in harvest["log"]
    assert f"'generic/comment_pages': {PAGES - 1}," in harvest["log"]


def test_other_posts_fields(harvest):
    for post in POSTS:
        record = harvest["records"][post.path]
        assert (record["title"], [a["name"] for a in record["authors"]]) == (post.title, [post.author])
        assert datetime.fromisoformat(record["published"]) == datetime.fromisoformat(post.when)
        assert all(par in record["content_text"] for par in post.paragraphs)


def test_generic_spider_without_its_start_page_harvests_through_robots_sitemaps_and_feeds(tmp_path):
    site = MockDrupal(options=Options(home="500")).start()
    try:
        out = crawl(site.url, tmp_path, "-O", "archive.jsonl", spider="generic",
                    settings={"OUTPUT_DIR": str(tmp_path / "output"), "RETRY_TIMES": "0"})
    finally:
        site.stop()
    assert f"start page {site.url} failed" in out.stderr
    records = read_jsonl(tmp_path / "archive.jsonl")
    assert sorted(r["url"].replace(site.base, "") for r in records) == sorted(p.path for p in POSTS)


def test_generic_spider_that_finds_nothing_exits_with_an_error_naming_the_url(tmp_path):
    site = MockDrupal(options=Options(robots=False, feed=False)).start()
    url = site.url + "no-such-section/"
    try:
        out = subprocess.run(crawl_args("generic", url, "-O", "archive.jsonl",
                                        settings={"OUTPUT_DIR": str(tmp_path / "output")}),
                             cwd=tmp_path, env=scrapy_env(), capture_output=True, text=True, timeout=180)
    finally:
        site.stop()
    assert out.returncode == 1
    assert f"[generic] ERROR: generic: no post found at {url}" in out.stderr
