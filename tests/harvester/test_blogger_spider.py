"""The `blogger` spider crawling the loopback mock Blogger blog in a subprocess: feeds, HTML, and fallbacks,
for each template family. Expected values come from tests/sites/blogger_content.py, never from a crawl."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime

import pytest

from harvester.platforms.blogger import declared_count, request_key, with_comment_page, without_comment_page
from tests.sites.blogger_content import COMMENTS_PER_PAGE, SITE_NAME, sample_posts
from tests.sites.blogger_server import MockBlogger, Options
from tests.sites.crawling import ROOT, crawl, flat_comments, read_jsonl, scrapy_env

POSTS = sample_posts()
BIG = next(p for p in POSTS if len(p.comments) > COMMENTS_PER_PAGE)

# scenario -> (mock options, crawl arguments, sources expected, replies shown as replies)
SCENARIOS = {
    "feed": (Options(family="classic"), ["-a", "mode=feed"], {"blogger-feed"}, True),
    "auto-feeds-on": (Options(family="contempo"), [], {"blogger-feed"}, True),
    "html-classic": (Options(family="classic"), ["-a", "mode=html"], {"html"}, False),
    "html-threaded": (Options(family="threaded"), ["-a", "mode=html"], {"html"}, True),
    "html-contempo": (Options(family="contempo"), ["-a", "mode=html"], {"html"}, True),
    "auto-feeds-off-classic": (Options(family="classic", feeds="off"), [], {"html"}, False),
    "auto-feeds-off-threaded": (Options(family="threaded", feeds="off"), [], {"html"}, True),
    "auto-feeds-off-contempo": (Options(family="contempo", feeds="off"), [], {"html"}, True),
    "auto-comment-feeds-off": (Options(family="threaded", feeds="no-comments"), [], {"blogger-feed", "html"}, True),
    "html-search-allowed": (Options(family="classic", robots_search=False), ["-a", "mode=html"], {"html"}, False),
}


def run(options: Options, tmp, *args: str) -> tuple[MockBlogger, subprocess.CompletedProcess]:
    site = MockBlogger(options=options).start()
    try:
        out = crawl(site.url, tmp, *args, "-O", "archive.jsonl", spider="blogger",
                    settings={"OUTPUT_DIR": str(tmp / "output")})
    finally:
        site.stop()
    return site, out


@pytest.fixture(scope="module", params=list(SCENARIOS))
def harvest(request, tmp_path_factory):
    options, args, sources, threaded = SCENARIOS[request.param]
    tmp = tmp_path_factory.mktemp(request.param)
    site, out = run(options, tmp, *args)
    (journal,) = (tmp / "output" / "raw").glob("blogger-*.raw.jsonl")
    return {"name": request.param, "site": site, "records": read_jsonl(tmp / "archive.jsonl"), "sources": sources,
            "threaded": threaded, "journal": journal, "archive": tmp / "archive.jsonl", "log": out.stderr}


def by_path(harvest) -> dict[str, dict]:
    base = harvest["site"].base
    return {r["url"].replace(base, ""): r for r in harvest["records"]}


def instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_every_post_exactly_once(harvest):
    paths = sorted(r["url"].replace(harvest["site"].base, "") for r in harvest["records"])
    assert paths == sorted(p.path for p in POSTS)


def test_titles_authors_labels(harvest):
    records = by_path(harvest)
    assert {p: (r["title"], [a["name"] for a in r["authors"]], r["categories"]) for p, r in records.items()} == {
        p.path: (p.title, [{"ruth": "Ruth Palmer", "dev": "Dev Mistry"}[p.author]], p.labels) for p in POSTS}


def test_publication_instants(harvest):
    """Three posts on 27 September 2008 (one date header) and winter/summer offsets all keep their instant."""
    records = by_path(harvest)
    assert {p: instant(r["published"]) for p, r in records.items()} == {p.path: p.when for p in POSTS}


def test_bodies_are_complete(harvest):
    records = by_path(harvest)
    for post in POSTS:
        assert all(par in records[post.path]["content_text"] for par in post.paragraphs), post.path
        assert records[post.path]["is_excerpt"] is False


@pytest.mark.parametrize("post", POSTS, ids=lambda p: p.slug)
def test_every_comment_once_with_its_parent_and_instant(harvest, post):
    flat = flat_comments(by_path(harvest)[post.path]["comments"])
    kept = post.kept_comments()
    assert sorted(c["id"] for c in flat) == sorted(c.id for c in kept)
    parents = {c.id: (c.parent if harvest["threaded"] else None) for c in kept}
    assert {c["id"]: c["parent_id"] for c in flat} == parents
    assert {c["id"]: instant(c["published"]) for c in flat} == {c.id: c.when for c in kept}
    assert {c["id"]: c["author"]["name"] for c in flat} == {c.id: c.author[0] for c in kept}
    assert by_path(harvest)[post.path]["comment_count"] == len(kept)


def test_comment_posted_twice_is_kept_once(harvest):
    post = next(p for p in POSTS if any(c.repeat_of for c in p.comments))
    removed = by_path(harvest)[post.path]["comments_removed"]
    assert [(r["id"], r["repeat_of"]) for r in removed] == [(c.id, c.repeat_of) for c in post.comments if c.repeat_of]


def test_every_record_names_the_blog(harvest):
    assert {(r["site"]["name"], r["site"]["base_url"], r["site"]["platform"]) for r in harvest["records"]} == {
        (SITE_NAME, harvest["site"].url, "blogger")}


def test_output_comes_from_the_expected_source(harvest):
    assert {json.loads(line)["provenance"]["source"] for line in harvest["journal"].open()} == harvest["sources"]


def test_output_validates_against_the_schema(harvest):
    out = subprocess.run([sys.executable, "-m", "normalise", "validate", str(harvest["archive"])], cwd=ROOT,
                         env=scrapy_env(), capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_no_page_requested_twice_and_no_view_variants(harvest):
    paths = [p for p in harvest["site"].paths() if p != "/robots.txt"]
    assert sorted({p for p in paths if paths.count(p) > 1}) == []
    assert not [p for p in paths if "m=1" in p or "showComment" in p or "commentPage=1" in p]
    assert not [p for p in paths if "/search/label/" in p or "blogger.com" in p]


def test_html_reads_every_comment_page(harvest):
    paths = harvest["site"].paths()
    if harvest["sources"] == {"blogger-feed"}:
        assert not [p for p in paths if not p.startswith("/feeds/") and p != "/robots.txt"]
        return
    if "html" in harvest["sources"] and harvest["name"] != "auto-comment-feeds-off":
        assert f"{BIG.path}?commentPage=2" in paths
        assert not [p for p in paths if "commentPage=3" in p]
    if "feed" not in harvest["name"] and harvest["name"].startswith("html"):
        assert not [p for p in paths if p.startswith("/feeds/")]


def test_robots_txt_is_obeyed_and_older_posts_followed_when_allowed(harvest):
    searched = [p for p in harvest["site"].paths() if p.startswith("/search")]
    if harvest["name"] == "html-search-allowed":   # two 'Older posts' pages after the home page (9 posts, 3 a page)
        assert len([p for p in searched if "updated-max=" in p]) == 2
    else:
        assert searched == []       # Blogger's robots.txt disallows /search


def test_crawl_stats_and_log(harvest):
    log = harvest["log"]
    assert f"'normalise/posts': {len(POSTS)}," in log
    assert "'normalise/rejected': 0," in log
    if harvest["name"].startswith("auto-feeds-off"):
        assert "Blogger feed unavailable" in log and "harvesting the HTML pages" in log


# -- single-purpose crawls ---------------------------------------------------------------------------------------

def test_feed_mode_without_feed_harvests_nothing_and_says_so(tmp_path):
    site, out = run(Options(feeds="off"), tmp_path, "-a", "mode=feed")
    assert read_jsonl(tmp_path / "archive.jsonl") == []
    assert "Blogger feed unavailable" in out.stderr and "mode=feed" in out.stderr
    assert [p for p in site.paths() if not p.startswith("/feeds/")] == ["/robots.txt"]


def test_dynamic_views_read_from_the_feed(tmp_path):
    site, out = run(Options(family="dynamic"), tmp_path)
    records = read_jsonl(tmp_path / "archive.jsonl")
    assert sorted(r["url"].replace(site.base, "") for r in records) == sorted(p.path for p in POSTS)
    assert all(r["provenance"]["source"] == "blogger-feed" and r["content_text"] for r in records)


def test_dynamic_views_without_feed_logs_clearly(tmp_path):
    site, out = run(Options(family="dynamic", feeds="off"), tmp_path)
    assert "Blogger feed unavailable" in out.stderr
    assert "no post body in the HTML (a Dynamic Views template" in out.stderr
    assert "the feed is unavailable" in out.stderr
    assert "'blogger/html/no_body':" in out.stderr


def test_blog_given_by_a_post_url_is_the_whole_blog(tmp_path):
    site = MockBlogger(options=Options(family="threaded", feeds="off")).start()
    try:
        crawl(site.url + POSTS[3].path[1:], tmp_path, "-O", "archive.jsonl", spider="blogger",
              settings={"OUTPUT_DIR": str(tmp_path / "output")})
    finally:
        site.stop()
    assert len(read_jsonl(tmp_path / "archive.jsonl")) == len(POSTS)


# -- helpers -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("url, key", [
    ("http://b.example/2008/09/x.html", "http://b.example/2008/09/x.html"),
    ("http://b.example/2008/09/x.html?m=1", "http://b.example/2008/09/x.html"),
    ("http://b.example/2008/09/x.html?showComment=1222588980000#c41", "http://b.example/2008/09/x.html"),
    ("http://b.example/2008/09/x.html?commentPage=2", "http://b.example/2008/09/x.html#commentPage=2"),
    ("http://b.example/2008/09/x.html?m=1&commentPage=2", "http://b.example/2008/09/x.html#commentPage=2"),
])
def test_request_key(url, key):
    assert request_key(url) == key


def test_comment_page_urls():
    assert with_comment_page("http://b.example/x.html?m=1", 3) == "http://b.example/x.html?m=1&commentPage=3"
    assert without_comment_page("http://b.example/x.html?commentPage=3#comments") == "http://b.example/x.html"


@pytest.mark.parametrize("value, count", [(230, 230), ("230 comments:", 230), ("No comments:", 0), (None, None),
                                          ("Comments", None)])
def test_declared_count(value, count):
    assert declared_count(value) == count


def test_site_spider_is_declarative():
    from harvester.spiders.nfp_voice import NfpVoiceSpider
    spider = NfpVoiceSpider()
    assert (spider.name, spider.mode, spider.scope.url) == ("nfp_voice", "auto", "https://nfpvoice.blogspot.com/")
    assert spider.allowed_domains == ["nfpvoice.blogspot.com"]
    assert spider.site_info()["timezone"] == "Europe/London"
