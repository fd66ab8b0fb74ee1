"""The `wordpress` spider, crawling the loopback mock blog in a subprocess: REST, HTML and every fallback."""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import time

import pytest

from harvester.platforms.wordpress_api import (Scope, denied, request_key, rest_url, shown_comment_page,
                                               site_from_index)
from tests.sites.crawling import crawl, crawl_args, flat_comments, read_jsonl, scrapy_env
from tests.sites.lowfield import SECRET, SITE_NAME, generated_posts, sample_posts
from tests.sites.server import SECRET_PARAMS, SECRET_PATHS, MockWordPress, Options

# scenario -> (how the mock behaves, extra crawl arguments, sources the output may come from, pingbacks expected)
# The mock, like WordPress, refuses ?type=pingback to visitors unless open_type_param is set.
SCENARIOS = {
    "rest": (Options(), ["-a", "mode=rest"], {"wp-rest"}, False),
    "rest-pings-listed": (Options(open_type_param=True), ["-a", "mode=rest"], {"wp-rest"}, True),
    "html": (Options(), ["-a", "mode=html"], {"html"}, True),
    "auto": (Options(), [], {"wp-rest", "html"}, True),
    "auto-pings-listed": (Options(open_type_param=True), [], {"wp-rest"}, True),
    "auto-rest-forbidden": (Options(rest="forbidden"), [], {"html"}, True),
    "auto-no-api": (Options(rest="absent"), [], {"html"}, True),
    "auto-plain-permalinks-probed": (Options(rest="plain", announce=False), [], {"wp-rest", "html"}, True),
    "auto-comments-forbidden": (Options(comments_rest="forbidden"), [], {"wp-rest", "html"}, True),
}
PUBLIC = [p for p in sample_posts() if p.public]


def expected_comments(post, pings: bool = True) -> dict[str, str | None]:
    return {str(c.id): (str(c.parent) if c.parent else None) for c in post.public_comments()
            if pings or c.type == "comment"}


@pytest.fixture(scope="module", params=list(SCENARIOS))
def harvest(request, tmp_path_factory):
    options, args, sources, pings = SCENARIOS[request.param]
    site = MockWordPress(options=options).start()
    tmp = tmp_path_factory.mktemp(request.param)
    try:
        out = crawl(site.url, tmp, *args, "-O", "archive.jsonl", settings={"OUTPUT_DIR": str(tmp / "output")})
    finally:
        site.stop()
    (journal,) = (tmp / "output" / "raw").glob("wordpress-*.raw.jsonl")
    return {"name": request.param, "site": site, "records": read_jsonl(tmp / "archive.jsonl"), "sources": sources,
            "journal": journal, "archive": tmp / "archive.jsonl", "log": out.stderr, "pings": pings}


def by_url(harvest) -> dict[str, dict]:
    base = harvest["site"].url.rstrip("/")
    return {r["url"].replace(base, ""): r for r in harvest["records"]}


def test_every_post_and_page_exactly_once(harvest):
    urls = sorted(r["url"].replace(harvest["site"].url.rstrip("/"), "") for r in harvest["records"])
    assert urls == sorted(p.path for p in PUBLIC)


def test_titles_and_types(harvest):
    records = by_url(harvest)
    assert {path: (r["title"], r["post_type"]) for path, r in records.items()} == {
        p.path: (p.title, p.type) for p in PUBLIC}


@pytest.mark.parametrize("post", PUBLIC, ids=lambda p: p.slug)
def test_every_comment_once_with_its_parent(harvest, post):
    record = by_url(harvest)[post.path]
    flat = flat_comments(record["comments"])
    expected = expected_comments(post, harvest["pings"])
    assert sorted(c["id"] for c in flat) == sorted(expected)
    assert {c["id"]: c["parent_id"] for c in flat} == expected
    assert record["comment_count"] == len(expected)


def test_replies_nested_under_parents_across_comment_pages(harvest):
    record = by_url(harvest)["/2021/06/volunteer-week-2021-thank-you/"]
    alan = next(c for c in record["comments"] if c["id"] == "40")
    assert [r["id"] for r in alan["replies"]] == ["51"]
    assert [r["id"] for r in alan["replies"][0]["replies"]] == ["52"]


def test_dates_keep_the_sites_offset(harvest):
    record = by_url(harvest)["/2021/06/unrestricted-funding-what-small-charities-told-us/"]
    reply = next(c for c in flat_comments(record["comments"]) if c["id"] == "22")
    assert (record["published"], reply["published"]) == ("2021-06-14T10:30:00+01:00", "2021-06-14T13:40:00+01:00")


def test_every_record_names_the_blog(harvest):
    """REST records take the blog's name from the API index, HTML records from the pages: one name throughout."""
    assert {(r["site"]["name"], r["site"]["base_url"]) for r in harvest["records"]} == {
        (SITE_NAME, harvest["site"].url.rstrip("/") + "/")}


def test_output_comes_from_the_expected_source(harvest):
    assert {r["provenance"]["source"] for r in harvest["records"]} <= harvest["sources"]
    assert {json.loads(line)["provenance"]["source"] for line in harvest["journal"].open()} == harvest["sources"]


def test_nothing_hidden_leaks(harvest):
    assert SECRET not in harvest["archive"].read_text(encoding="utf-8")
    assert SECRET not in harvest["journal"].read_text(encoding="utf-8")


def test_login_admin_feeds_replies_shares_and_other_hosts_never_requested(harvest):
    site = harvest["site"]
    assert {host for host, _ in site.requests} == {f"127.0.0.1:{site.port}"}
    bad = [p for p in site.paths() if SECRET_PATHS.match(p.split("?")[0]) or any(f"{q}=" in p for q in SECRET_PARAMS)]
    assert bad == []


def test_no_page_requested_twice(harvest):
    paths = [p for p in harvest["site"].paths() if p != "/robots.txt"]
    repeated = {p for p in paths if paths.count(p) > 1}
    assert repeated <= {"/"}  # the home page: once to discover the API, once more when HTML takes over


def test_crawl_stats_report_sources_and_normalise_summary(harvest):
    log = harvest["log"]
    for source in harvest["sources"]:
        assert f"'harvest/records/{source}':" in log
    assert f"'normalise/posts': {len(PUBLIC)}," in log
    assert "'normalise/rejected': 0," in log
    assert "raw journal: " in log


def test_html_mode_fetches_every_comment_page(tmp_path):
    site = MockWordPress().start()
    try:
        crawl(site.url, tmp_path, "-a", "mode=html", "-O", "a.jsonl", settings={"OUTPUT_DIR": str(tmp_path)})
    finally:
        site.stop()
    post = "/2021/06/volunteer-week-2021-thank-you/"
    assert {post, f"{post}comment-page-1/", f"{post}comment-page-2/"} <= set(site.paths())
    assert f"{post}comment-page-3/" not in site.paths()   # the bare URL showed the newest page already
    assert not any(p.startswith("/wp-json") for p in site.paths())


def test_failed_comments_request_reads_that_post_page_only(tmp_path):
    site = MockWordPress(options=Options(comments_rest="forbidden")).start()
    try:
        crawl(site.url, tmp_path, "-O", "a.jsonl", settings={"OUTPUT_DIR": str(tmp_path)})
    finally:
        site.stop()
    html = {p for p in site.paths() if not p.startswith("/wp-json/")} - {"/", "/robots.txt"}
    post = "/2021/06/volunteer-week-2021-thank-you/"
    assert html == {p.path for p in PUBLIC} | {f"{post}comment-page-{n}/" for n in (1, 2)}


def test_rest_mode_pages_through_comments_and_reads_no_html(tmp_path):
    site = MockWordPress().start()
    try:
        crawl(site.url, tmp_path, "-a", "mode=rest", "-O", "a.jsonl", settings={"OUTPUT_DIR": str(tmp_path)})
    finally:
        site.stop()
    comment_pages = sorted(p for p in site.paths() if "comments?post=12&" in p)
    assert sorted(re.search(r"&page=(\d+)", p)[1] for p in comment_pages) == ["1", "2", "3"]
    assert [p for p in site.paths() if not p.startswith("/wp-json/")] == ["/robots.txt", "/"]


def test_mode_rest_without_api_harvests_nothing_and_says_so(tmp_path):
    site = MockWordPress(options=Options(rest="absent")).start()
    try:
        out = crawl(site.url, tmp_path, "-a", "mode=rest", "-O", "a.jsonl", settings={"OUTPUT_DIR": str(tmp_path)})
    finally:
        site.stop()
    assert read_jsonl(tmp_path / "a.jsonl") == []
    assert "no WordPress REST API found" in out.stderr


def test_default_output_path_without_o(tmp_path):
    site = MockWordPress().start()
    try:
        crawl(site.url, tmp_path, "-a", "mode=rest")
    finally:
        site.stop()
    (archive,) = (tmp_path / "output").glob("wordpress-*.jsonl")
    (journal,) = (tmp_path / "output" / "raw").glob("wordpress-*.raw.jsonl")
    assert archive.name[:-len(".jsonl")] == journal.name[:-len(".raw.jsonl")]
    assert len(read_jsonl(archive)) == len(PUBLIC)


def test_overwrite_replaces_the_old_file_and_leaves_no_temp(tmp_path):
    (tmp_path / "a.jsonl").write_text("old\n")
    site = MockWordPress().start()
    try:
        crawl(site.url, tmp_path, "-a", "mode=rest", "-O", "a.jsonl", settings={"OUTPUT_DIR": str(tmp_path / "o")})
    finally:
        site.stop()
    assert len(read_jsonl(tmp_path / "a.jsonl")) == len(PUBLIC)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_append_merges_into_the_existing_archive(tmp_path):
    site = MockWordPress().start()
    try:
        for _ in range(2):
            crawl(site.url, tmp_path, "-a", "mode=rest", "-o", "a.jsonl", settings={"OUTPUT_DIR": str(tmp_path)})
    finally:
        site.stop()
    records = read_jsonl(tmp_path / "a.jsonl")
    assert len(records) == len({r["id"] for r in records}) == len(PUBLIC)


def test_kill_9_leaves_only_complete_journal_lines(tmp_path):
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
    data = journal.read_bytes()
    assert data.endswith(b"\n")
    lines = [json.loads(line) for line in data.splitlines()]
    assert len(lines) >= 5 and all(r["raw_version"] == "1" and r["url"] for r in lines)
    assert not (tmp_path / "a.jsonl").exists()


# -- pure helpers ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("root, expected", [
    ("https://b.example.org/wp-json/", "https://b.example.org/wp-json/wp/v2/posts?per_page=100&page=2"),
    ("https://b.example.org/?rest_route=/", "https://b.example.org/?rest_route=/wp/v2/posts&per_page=100&page=2"),
    ("https://b.example.org/blog/index.php?rest_route=/",
     "https://b.example.org/blog/index.php?rest_route=/wp/v2/posts&per_page=100&page=2"),
])
def test_rest_url_in_both_permalink_forms(root, expected):
    assert rest_url(root, "/wp/v2/posts", [("per_page", 100), ("page", 2)]) == expected


@pytest.mark.parametrize("a, b, same", [
    ("https://b.org/2020/01/x/", "https://b.org/2020/01/x/#comment-3", True),
    ("https://b.org/2020/01/x/", "https://b.org/2020/01/x/?utm_source=feed", True),
    ("https://b.org/2020/01/x/comment-page-2/", "https://b.org/2020/01/x/comment-page-2/#comments", True),
    ("https://b.org/2020/01/x/", "https://b.org/2020/01/x/comment-page-2/", False),
    ("https://b.org/?p=4&cpage=2", "https://b.org/?p=4&cpage=3", False),
])
def test_request_key_keeps_comment_pages_apart(a, b, same):
    assert (request_key(a) == request_key(b)) is same


@pytest.mark.parametrize("url", [
    "https://b.org/wp-login.php?redirect_to=x", "https://b.org/wp-admin/", "https://b.org/comments/feed/",
    "https://b.org/2020/01/x/feed/", "https://b.org/2020/01/x/?replytocom=5", "https://b.org/x/?share=twitter",
    "https://b.org/wp-json/wp/v2/posts", "https://b.org/wp-content/uploads/a.pdf", "https://b.org/?s=funding",
])
def test_never_followed(url):
    assert denied(url)


@pytest.mark.parametrize("url", ["https://b.org/2020/01/x/", "https://b.org/page/2/", "https://b.org/category/news/",
                                 "https://b.org/2020/01/x/comment-page-2/", "https://b.org/?paged=3"])
def test_followed(url):
    assert not denied(url)


@pytest.mark.parametrize("url, inside", [
    ("https://b.org/blog/2020/x/", True), ("http://b.org/blog/", True), ("https://b.org/shop/", False),
    ("https://other.org/blog/x/", False), ("https://b.org:8443/blog/x/", False),
])
def test_scope_is_host_and_folder(url, inside):
    assert Scope.of("https://b.org/blog/").contains(url) is inside


P = "https://b.org/2020/01/x/"


@pytest.mark.parametrize("url, pages, shown", [
    (P, [f"{P}comment-page-1/", f"{P}comment-page-2/"], f"{P}comment-page-3/"),     # newest first (default)
    (P, [f"{P}comment-page-1/"], f"{P}comment-page-2/"),
    ("https://b.org/?p=4", ["https://b.org/?p=4&cpage=1"], "https://b.org/?p=4&cpage=2"),
    (P, [f"{P}comment-page-2/", f"{P}comment-page-3/"], None),                     # oldest first: page 1 shown
    (P, [f"{P}comment-page-1/", f"{P}comment-page-7/"], None),                     # gaps: not sure
    (P, [f"{P}comment-page-4/"], None),                                            # only 'older' link
    (f"{P}comment-page-2/", [f"{P}comment-page-1/"], None),                        # not the bare URL
    (P, [], None),
])
def test_shown_comment_page_only_when_certain(url, pages, shown):
    assert shown_comment_page(url, pages) == shown


@pytest.mark.parametrize("index, site", [
    ({"name": "Millbrook Community Trust", "timezone_string": "Europe/London", "namespaces": ["wp/v2"]},
     {"name": "Millbrook Community Trust", "timezone": "Europe/London"}),
    ({"name": "Caf&eacute; &amp; Co", "timezone_string": ""}, {"name": "Café & Co"}),   # '' with a manual UTC offset
    ({"name": "  ", "timezone_string": None}, {}),
    (None, {}),
    (["not", "an", "index"], {}),
])
def test_site_from_the_api_index(index, site):
    assert site_from_index(index) == site
