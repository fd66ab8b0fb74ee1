"""The `blog` spider on the loopback mock WordPress and Blogger blogs: it must detect the platform, say why in the
log, and harvest every post through that platform's logic. (The generic case is in test_generic_spider.py.)"""
from __future__ import annotations

import pytest

from tests.sites.blogger_content import sample_posts as blogger_posts
from tests.sites.blogger_server import MockBlogger, Options as BloggerOptions
from tests.sites.crawling import crawl, read_jsonl
from tests.sites.lowfield import sample_posts as wordpress_posts
from tests.sites.server import MockWordPress

# name -> (mock, expected platform, a reason the log must give, expected post paths)
CASES = {
    "wordpress": (lambda: MockWordPress(), "wordpress", "api.w.org",
                  lambda: sorted(p.path for p in wordpress_posts() if p.public)),
    "blogger": (lambda: MockBlogger(options=BloggerOptions(family="contempo")), "blogger", "Blogger",
                lambda: sorted(p.path for p in blogger_posts())),
}


@pytest.fixture(scope="module", params=list(CASES))
def harvest(request, tmp_path_factory):
    make, platform, reason, paths = CASES[request.param]
    tmp = tmp_path_factory.mktemp(request.param)
    site = make().start()
    try:
        out = crawl(site.url, tmp, "-O", "archive.jsonl", spider="blog", settings={"OUTPUT_DIR": str(tmp / "output")})
    finally:
        site.stop()
    return {"site": site, "records": read_jsonl(tmp / "archive.jsonl"), "log": out.stderr, "platform": platform,
            "reason": reason, "paths": paths()}


def test_detects_the_platform_and_says_why(harvest):
    line = next((ln for ln in harvest["log"].splitlines() if "detected platform" in ln), "")
    assert f"detected platform '{harvest['platform']}'" in line and harvest["reason"] in line


def test_harvests_every_post_once(harvest):
    base = harvest["site"].url.rstrip("/")
    assert sorted(r["url"].replace(base, "") for r in harvest["records"]) == harvest["paths"]


def test_records_carry_the_detected_platform_and_the_blog_spider(harvest):
    assert {r["site"]["platform"] for r in harvest["records"]} == {harvest["platform"]}
    assert f"'blog/platform': '{harvest['platform']}'" in harvest["log"]


def test_comments_harvested_through_the_platform_logic(harvest):
    assert sum(r["comment_count"] for r in harvest["records"]) > 0
