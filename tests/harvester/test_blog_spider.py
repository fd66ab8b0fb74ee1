"""The `blog` spider on the loopback mock WordPress and Blogger blogs: it must detect the platform, say why in the
log, and harvest every post through that platform's logic (the generic case is in test_generic_spider.py); and when
the start page fails (5xx, 404, timeout), detect the platform from the probes that answer, or end with an error
naming the URL when nothing answers or nothing is harvested."""
from __future__ import annotations

import socket
import subprocess

import pytest

from tests.sites.blogger_content import sample_posts as blogger_posts
from tests.sites.blogger_server import MockBlogger, Options as BloggerOptions
from tests.sites.crawling import crawl, crawl_args, read_jsonl, scrapy_env
from tests.sites.drupal_content import BLOG_PATH as DRUPAL_BLOG
from tests.sites.drupal_content import SITE_NAME as DRUPAL_SITE
from tests.sites.drupal_content import sample_posts as drupal_posts
from tests.sites.drupal_server import MockDrupal, Options as DrupalOptions
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


# -- The start page fails: the site is probed, the platform detected from what answers ------------------------------

class BrokenHomeWordPress(MockWordPress):
    """The mock WordPress blog whose home page always answers 503 (its REST API and posts still answer)."""

    def respond(self, host, target):
        return (503, {"Content-Type": "text/html"}, b"<html><body>Service unavailable</body></html>") \
            if target == "/" else super().respond(host, target)


class BrokenHomeBlogger(MockBlogger):
    """The mock Blogger blog whose home page always answers 500 (its feeds and posts still answer)."""

    def respond(self, host, target):
        return (500, {"Content-Type": "text/html"}, b"<html><body>Server error</body></html>") \
            if target == "/" else super().respond(host, target)


# name -> (mock, settings, platform, what the log must say failed, what the detection must name, expected paths)
FALLBACKS = {
    "drupal-500": (lambda: MockDrupal(options=DrupalOptions(home="500")), {"RETRY_TIMES": "1"}, "generic",
                   "failed (HTTP 500)", f"the feed at {{base}}{DRUPAL_BLOG}rss.xml answers",
                   lambda: sorted(p.path for p in drupal_posts())),
    "drupal-404": (lambda: MockDrupal(options=DrupalOptions(home="404")), {}, "generic", "failed (HTTP 404)",
                   f"the feed at {{base}}{DRUPAL_BLOG}rss.xml answers", lambda: sorted(p.path for p in drupal_posts())),
    "drupal-soft404": (lambda: MockDrupal(options=DrupalOptions(home="soft404")), {}, "generic",
                       f"answered 200 but is an error page (title 'Page not found | {DRUPAL_SITE}')",
                       f"the feed at {{base}}{DRUPAL_BLOG}rss.xml answers",
                       lambda: sorted(p.path for p in drupal_posts())),
    "drupal-timeout": (lambda: MockDrupal(options=DrupalOptions(home="hang")),
                       {"DOWNLOAD_TIMEOUT": "2", "RETRY_TIMES": "0"}, "generic", "failed (DownloadTimeoutError: ",
                       f"the feed at {{base}}{DRUPAL_BLOG}rss.xml answers",
                       lambda: sorted(p.path for p in drupal_posts())),
    "wordpress-503": (lambda: BrokenHomeWordPress(), {"RETRY_TIMES": "1"}, "wordpress", "failed (HTTP 503)",
                      "the WordPress REST API answers at {base}/wp-json/",
                      lambda: sorted(p.path for p in wordpress_posts() if p.public)),
    "blogger-500": (lambda: BrokenHomeBlogger(options=BloggerOptions(family="contempo")), {"RETRY_TIMES": "1"},
                    "blogger", "failed (HTTP 500)", "Blogger's posts feed answers at {base}/feeds/posts/default",
                    lambda: sorted(p.path for p in blogger_posts())),
}


@pytest.fixture(scope="module", params=list(FALLBACKS))
def fallback(request, tmp_path_factory):
    make, settings, platform, failed, why, paths = FALLBACKS[request.param]
    tmp = tmp_path_factory.mktemp(request.param)
    site = make().start()
    base = site.url.split("/", 3)[0] + "//" + site.url.split("/", 3)[2]
    try:
        out = crawl(site.url, tmp, "-O", "archive.jsonl", spider="blog",
                    settings={"OUTPUT_DIR": str(tmp / "output"), **settings})
    finally:
        site.stop()
    return {"site": site, "base": base, "records": read_jsonl(tmp / "archive.jsonl"), "log": out.stderr,
            "platform": platform, "failed": failed, "why": why.format(base=base), "paths": paths()}


def test_a_failed_start_page_is_logged_with_why(fallback):
    line = next((ln for ln in fallback["log"].splitlines() if "start page" in ln and "probing the site" in ln), "")
    assert fallback["site"].url in line and fallback["failed"] in line


def test_the_platform_is_detected_from_what_answered(fallback):
    line = next((ln for ln in fallback["log"].splitlines() if "detected platform" in ln), "")
    assert f"detected platform '{fallback['platform']}'" in line and "after the start page failed" in line
    assert fallback["why"] in line
    assert f"'blog/platform': '{fallback['platform']}'" in fallback["log"]


def test_every_post_harvested_without_the_start_page(fallback):
    base = fallback["base"]
    assert sorted(r["url"].replace(base, "") for r in fallback["records"]) == fallback["paths"]
    assert {r["site"]["platform"] for r in fallback["records"]} == {fallback["platform"]}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_nothing_answers_is_an_error_naming_the_url(tmp_path):
    url = f"http://127.0.0.1:{_free_port()}/blog/"
    out = subprocess.run(crawl_args("blog", url, "-O", "archive.jsonl",
                                    settings={"OUTPUT_DIR": str(tmp_path / "output"), "RETRY_TIMES": "0"}),
                         cwd=tmp_path, env=scrapy_env(), capture_output=True, text=True, timeout=180)
    assert out.returncode == 1
    error = next((ln for ln in out.stderr.splitlines() if "[blog] ERROR" in ln), "")
    assert url in error and "no probe of the site answered" in error and "nothing harvested" in error
    assert "'crawl/failed':" in out.stderr


def test_a_start_page_that_gives_nothing_is_an_error_naming_the_url(tmp_path):
    site = MockDrupal(options=DrupalOptions(robots=False, feed=False)).start()
    url = site.url + "no-such-section/"
    try:
        out = subprocess.run(crawl_args("blog", url, "-O", "archive.jsonl",
                                        settings={"OUTPUT_DIR": str(tmp_path / "output")}),
                             cwd=tmp_path, env=scrapy_env(), capture_output=True, text=True, timeout=180)
    finally:
        site.stop()
    assert out.returncode == 1
    assert "failed (HTTP 404)" in out.stderr
    error = next((ln for ln in out.stderr.splitlines() if "[blog] ERROR" in ln), "")
    assert url in error and "no post found" in error
    assert read_jsonl(tmp_path / "archive.jsonl") == []


def test_probes_are_the_listed_ones_short_and_rarely_retried():
    from scrapy.utils.test import get_crawler

    from harvester.platforms.detect_spider import AutoBlogSpider
    crawler = get_crawler(AutoBlogSpider, {"DOWNLOAD_TIMEOUT": 180})
    spider = crawler._create_spider(name="blog", url="https://org.example/news/")
    requests = list(spider.probe_site("HTTP 500"))
    assert [r.url for r in requests] == [
        "https://org.example/news/wp-json/", "https://org.example/news/?rest_route=/",
        "https://org.example/feeds/posts/default?alt=json&max-results=1", "https://org.example/news/feed/",
        "https://org.example/news/rss.xml", "https://org.example/news/atom.xml", "https://org.example/news/sitemap.xml",
        "https://org.example/sitemap.xml", "https://org.example/robots.txt", "https://org.example/"]
    assert {(r.meta["download_timeout"], r.meta["max_retry_times"]) for r in requests} == {(30.0, 1)}
    assert crawler.stats.get_value("blog/start_failed") == "HTTP 500"


@pytest.mark.parametrize("url, first", [
    ("https://org.example/news", "https://org.example/news/wp-json/"),
    ("https://org.example/news/2024/a-post.html", "https://org.example/news/2024/wp-json/"),
    ("https://org.example", "https://org.example/wp-json/"),
])
def test_probes_go_inside_the_blogs_folder(url, first):
    from scrapy.utils.test import get_crawler

    from harvester.platforms.detect_spider import AutoBlogSpider
    spider = get_crawler(AutoBlogSpider)._create_spider(name="blog", url=url)
    assert next(iter(spider.probe_site("HTTP 404"))).url == first
