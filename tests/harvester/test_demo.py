"""harvester.demo: the loopback static server and its routes table, the site registry, the sample sites as served,
and samples/sites/build.py's committed output."""
from __future__ import annotations

import dataclasses
import html
import http.client
import importlib.util
import json
import re
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from scrapy.spiderloader import SpiderLoader
from scrapy.utils.project import get_project_settings

from harvester.demo import SITES, SITES_DIR, DemoSite
from harvester.demo.run import Counts, Result, crawl_env, crawl_command, detected, summary
from harvester.demo.server import Route, StaticSite

ORIGIN = "https://blog.example.org"


def _build():
    spec = importlib.util.spec_from_file_location("samples_sites_build", SITES_DIR / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def site(tmp_path):
    (tmp_path / "2012" / "05" / "slug").mkdir(parents=True)
    (tmp_path / "2012" / "05" / "slug" / "index.html").write_text(
        f'<a href="{ORIGIN}/2012/05/slug/">Caf\u00e9</a>', encoding="utf-8")
    (tmp_path / "index.html").write_text("home", encoding="utf-8")
    (tmp_path / "feed").mkdir()
    (tmp_path / "feed" / "index.xml").write_text(f"<rss><link>{ORIGIN}/</link></rss>", encoding="utf-8")
    (tmp_path / "404.html").write_text("<h1>Not found</h1>", encoding="utf-8")
    (tmp_path.parent / "secret.txt").write_text("outside", encoding="utf-8")
    with StaticSite(tmp_path, origin=ORIGIN) as server:
        yield server


def _get(url: str, headers: bool = False):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            got = response.status, response.headers["Content-Type"], response.read().decode("utf-8")
            return got + (response.headers,) if headers else got
    except urllib.error.HTTPError as exc:
        got = exc.code, exc.headers["Content-Type"], exc.read().decode("utf-8")
        return got + (exc.headers,) if headers else got


def test_serves_directory_urls_with_the_origin_rewritten(site):
    status, ctype, body = _get(site.url + "2012/05/slug/")
    assert (status, ctype) == (200, "text/html; charset=UTF-8")
    assert body == f'<a href="{site.url}2012/05/slug/">Caf\u00e9</a>'
    assert site.url.startswith("http://127.0.0.1:")


def test_serves_an_xml_index_as_xml(site):
    status, ctype, body = _get(site.url + "feed/")
    assert (status, ctype) == (200, "application/xml; charset=UTF-8") and site.url in body


def test_a_query_does_not_change_the_page(site):
    assert _get(site.url + "?rest_route=/") == (200, "text/html; charset=UTF-8", "home")


@pytest.mark.parametrize("path", ["wp-json/", "2012/05/other/", "2012/05/slug/missing.html", "..%2Fsecret.txt",
                                  "%2e%2e/secret.txt"])
def test_missing_pages_are_404_with_the_sites_404_page(site, path):
    assert _get(site.url + path) == (404, "text/html; charset=UTF-8", "<h1>Not found</h1>")


def test_a_directory_without_its_slash_is_redirected(site):
    conn = http.client.HTTPConnection("127.0.0.1", int(site.url.rsplit(":", 1)[1].strip("/")), timeout=10)
    conn.request("GET", "/2012/05/slug")
    response = conn.getresponse()
    assert (response.status, response.getheader("Location")) == (301, site.url + "2012/05/slug/")
    conn.close()


def test_stop_closes_the_port(tmp_path):
    server = StaticSite(tmp_path).start()
    url = server.url
    server.stop()
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url, timeout=5)


@pytest.mark.parametrize("folder", [p.parent.name for p in sorted(SITES_DIR.glob("*/content.json"))])
def test_committed_pages_are_what_build_py_renders(folder):
    build = _build()
    assert build.committed(SITES_DIR / folder) == build.render(SITES_DIR / folder), \
        "run: python samples/sites/build.py"


def test_every_sample_site_is_in_the_demo_and_every_demo_site_has_a_spider():
    folders = {p.parent.name for p in SITES_DIR.glob("*/content.json")}
    assert {s.folder for s in SITES} == folders
    spiders = set(SpiderLoader.from_settings(get_project_settings()).list())
    for demo_site in SITES:
        assert demo_site.spider in spiders
        assert (demo_site.public / "index.html").is_file()
        assert demo_site.home.startswith("http")


def test_the_crawl_is_the_users_command_with_the_archive_as_dash_O(tmp_path):
    cmd = crawl_command(SITES[0], "http://127.0.0.1:1234/", tmp_path / "demo-x.jsonl", tmp_path, ["LOG_LEVEL=DEBUG"])
    assert cmd[1:5] == ["-m", "scrapy", "crawl", SITES[0].spider]
    assert cmd[cmd.index("-a") + 1] == "url=http://127.0.0.1:1234/"
    assert cmd[cmd.index("-O") + 1] == str(tmp_path / "demo-x.jsonl")
    assert f"OUTPUT_DIR={tmp_path}" in cmd and cmd[-2:] == ["-s", "LOG_LEVEL=DEBUG"]


def test_site_served_on_its_preferred_port_else_any_free_one():
    site = SITES[0]
    assert site.port, "a demo site needs a fixed port so its post ids are the same on every run"
    first = StaticSite(site.public, port=site.port).start()
    second = StaticSite(site.public, port=site.port).start()   # the port is now taken
    try:
        assert first.url == f"http://127.0.0.1:{site.port}/"
        assert second.url != first.url and second.url.startswith("http://127.0.0.1:")
    finally:
        first.stop()
        second.stop()


# -- the routes table ---------------------------------------------------------------------------------------------
ROUTES = [{"path": "/feeds/posts/default", "query": {"alt": "json"}, "params": {"start-index": "1"},
           "file": "feeds/posts/json/start-{start-index}.json"},
          {"path": "/blog/?", "params": {"page": "0"}, "file": "blog/page-{page}.html",
           "headers": {"X-Generator": "Drupal 10", "Link": f"<{ORIGIN}/node/1>; rel=\"shortlink\""}},
          {"path": "/", "headers": {"X-Generator": "Drupal 10"}}]


@pytest.fixture
def routed(tmp_path):
    (tmp_path / "feeds" / "posts" / "json").mkdir(parents=True)
    for start in (1, 26):
        (tmp_path / "feeds" / "posts" / "json" / f"start-{start}.json").write_text(
            json.dumps({"start": start, "home": ORIGIN}), encoding="utf-8")
    (tmp_path / "blog").mkdir()
    for n in (0, 1):
        (tmp_path / "blog" / f"page-{n}.html").write_text(f"listing page {n}", encoding="utf-8")
    (tmp_path / "index.html").write_text("home", encoding="utf-8")
    with StaticSite(tmp_path, origin=ORIGIN, routes=Route.table(ROUTES)) as server:
        yield server


@pytest.mark.parametrize("query,start", [("alt=json", 1), ("alt=json&start-index=1&max-results=150", 1),
                                         ("max-results=150&start-index=26&alt=json", 26)])
def test_a_route_chooses_the_file_by_query(routed, query, start):
    status, ctype, body = _get(routed.url + "feeds/posts/default?" + query)
    assert (status, ctype) == (200, "application/json; charset=UTF-8")
    assert json.loads(body) == {"start": start, "home": routed.url.rstrip("/")}


@pytest.mark.parametrize("query", ["alt=rss", "alt=json&start-index=2", "alt=json&start-index=../../x",
                                   "alt=json&start-index="])
def test_a_route_without_its_query_or_file_answers_no_feed(routed, query):
    status, _, body = _get(routed.url + "feeds/posts/default?" + query)
    assert (status, "start" in body) == (404, False)


@pytest.mark.parametrize("path,body", [("blog", "listing page 0"), ("blog/", "listing page 0"),
                                       ("blog?page=1", "listing page 1"), ("blog?page=0", "listing page 0")])
def test_a_route_with_a_default_param_and_its_headers(routed, path, body):
    status, _, text, headers = _get(routed.url + path, headers=True)
    assert (status, text) == (200, body)
    assert headers["X-Generator"] == "Drupal 10"
    assert headers["Link"] == f"<{routed.url}node/1>; rel=\"shortlink\"", "the origin is rewritten in headers too"


def test_a_route_may_only_add_headers(routed):
    status, _, text, headers = _get(routed.url, headers=True)
    assert (status, text, headers["X-Generator"]) == (200, "home", "Drupal 10")
    assert _get(routed.url + "blog?page=7")[0] == 404


@pytest.mark.parametrize("rows,message", [([{"file": "x"}], "route 0: no 'path'"),
                                          ([{"path": "/"}, {"path": "/", "flie": "x"}], "route 1: unknown key.s. flie")])
def test_a_bad_routes_table_is_refused_naming_the_row(rows, message):
    with pytest.raises(ValueError, match=message):
        Route.table(rows)


# -- the bundled sites as served ----------------------------------------------------------------------------------
def _site(folder: str) -> DemoSite:
    return next(s for s in SITES if s.folder == folder)


def test_every_demo_site_has_its_own_port_and_the_platform_blog_must_detect():
    assert len({s.port for s in SITES}) == len(SITES) and all(s.port for s in SITES)
    assert {s.folder: s.platform for s in SITES} == {
        "riverside-wordpress": "wordpress", "hillside-blogger": "blogger", "millbrook-drupal": "generic"}


def test_blogger_sample_feeds_page_up_to_total_results():
    site = _site("hillside-blogger")
    content = site.content()
    with StaticSite(site.public, origin=site.home, routes=site.routes()) as server:
        start, seen, total = 1, [], None
        while total is None or start <= total:
            status, ctype, body = _get(f"{server.url}feeds/posts/default?alt=json&start-index={start}&max-results=150")
            feed = json.loads(body)["feed"]
            assert (status, ctype) == (200, "application/json; charset=UTF-8")
            total = int(feed["openSearch$totalResults"]["$t"])
            assert int(feed["openSearch$startIndex"]["$t"]) == start
            entries = feed.get("entry", [])
            assert 0 < len(entries) <= content["feed_page_cap"]
            seen += [e["link"][-1]["href"] for e in entries]
            start += len(entries)
        long_post = max(content["posts"], key=lambda p: len(p["comments"]))
        comments = []
        for start in (1, 1 + content["comment_feed_page_cap"]):
            body = _get(f"{server.url}feeds/{long_post['id']}/comments/default?alt=json&start-index={start}")[2]
            comments += json.loads(body)["feed"]["entry"]
    assert total == len(content["posts"]) == len(seen) == len(set(seen))
    assert all(u.startswith(server.url) and u.endswith(".html") for u in seen)
    assert sorted(c["id"]["$t"].rsplit("-", 1)[1] for c in comments) == sorted(c["id"] for c in long_post["comments"])


def test_drupal_sample_serves_clean_urls_pages_and_drupal_headers():
    site = _site("millbrook-drupal")
    post = site.content()["posts"][0]
    with StaticSite(site.public, origin=site.home, routes=site.routes()) as server:
        status, _, body, headers = _get(f"{server.url}blog/{post['slug']}", headers=True)
        assert (status, headers["X-Generator"]) == (200, "Drupal 10 (https://www.drupal.org)")
        assert f"<title>{post['title']} |" in body
        assert "?page=1" in _get(f"{server.url}blog")[2] and "Blog (page 2)" in _get(f"{server.url}blog?page=1")[2]
        assert _get(f"{server.url}blog/no-such-post")[0] == 404


# -- the summary --------------------------------------------------------------------------------------------------
def test_detected_reads_the_blog_spiders_log_line():
    log = "2026-01-01 [blog] INFO: detected platform 'blogger' for http://127.0.0.1:8732/: generator meta names Blogger\n"
    assert detected(log) == ("blogger", "generator meta names Blogger")
    assert detected("no such line") == (None, None)


def test_counts_and_summary_count_replies_at_every_depth(tmp_path):
    archive = tmp_path / "a.jsonl"
    reply = {"replies": [{"replies": [{"replies": []}]}]}   # a comment, its reply, the reply to that
    archive.write_text(json.dumps({"post_type": "post", "comment_count": 3, "comments": [reply]}) + "\n" +
                       json.dumps({"post_type": "page", "comment_count": 0, "comments": []}) + "\n", encoding="utf-8")
    counts = Counts.of(archive)
    assert (counts.posts, counts.pages, counts.comments, counts.replies) == (1, 1, 3, 2)
    lines = summary([Result("site-a", "blogger", archive, counts)]).splitlines()
    assert lines[0].split() == ["site", "platform", "posts", "pages", "comments", "replies", "file"]
    assert lines[1].split() == ["site-a", "blogger", "1", "1", "3", "2", str(archive)]


# -- the Blogger sample's HTML, read without its feeds -------------------------------------------------------------
def _instant(text: str, tz: str) -> datetime:
    """A content.json local time or an archive's ISO 8601 value, as an aware instant."""
    when = datetime.fromisoformat(text.replace(" ", "T"))
    return when if when.tzinfo else when.replace(tzinfo=ZoneInfo(tz))


def _comments(comments: list[dict], parent=None) -> dict:
    out = {}
    for c in comments:
        out[c["id"]] = (c["parent_id"], parent, c["author"]["name"], c["content_text"], c["published"])
        out.update(_comments(c["replies"], c["id"]))
    return out


def test_blogger_sample_pages_tell_what_its_feeds_tell(tmp_path):
    """`blog -a mode=html` on the Blogger sample (the spider's fallback when the feeds fail) finds every post through
    the pages and reads every comment, its parent and time from the threaded markup, as content.json says."""
    site = dataclasses.replace(_site("hillside-blogger"), spider_args=("-a", "mode=html"))
    content = site.content()
    archive = tmp_path / "html.jsonl"
    with StaticSite(site.public, origin=site.home, port=0, routes=site.routes()) as server:
        done = subprocess.run(crawl_command(site, server.url, archive, tmp_path, []), env=crawl_env(), capture_output=True,
                              text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "'blogger/html': 'mode=html'" in done.stderr and "blogger/feed/posts" not in done.stderr
    records = {re.sub(r"^http://127\.0\.0\.1:\d+", "", json.loads(line)["url"]): json.loads(line)
               for line in archive.read_text(encoding="utf-8").splitlines()}
    tz = content["timezone"]
    expected = {f"/{p['date'][:4]}/{p['date'][5:7]}/{p['slug']}.html": p for p in content["posts"]}
    assert sorted(records) == sorted(expected)
    for path, post in expected.items():
        record = records[path]
        assert (record["title"], record["categories"]) == (post["title"], post["labels"])
        assert [a["name"] for a in record["authors"]] == [content["authors"][post["author"]]["name"]]
        assert _instant(record["published"], tz) == _instant(post["date"], tz)
        got = {cid: (*fields[:4], _instant(fields[4], tz)) for cid, fields in _comments(record["comments"]).items()}
        assert got == {c["id"]: (c["parent"], c["parent"], c["author"], c["text"], _instant(c["date"], tz))
                       for c in post["comments"]}, path
        assert record["comments_declared"] == len(post["comments"])


# -- every link of a sample site answers, except what the site deliberately does not serve ------------------------
# Per site: links left unserved on purpose (the crawls never follow them: comment feeds, Atom feeds, assets, login,
# reply forms, label searches, taxonomy pages outside the blog).
UNSERVED = {
    "riverside-wordpress": re.compile(r"/.+/feed/$|/comments/feed/$|/wp-content/|/wp-login\.php|/xmlrpc\.php"),
    "hillside-blogger": re.compile(r"/favicon\.ico$|/feeds/(?:posts|\d+/comments)/default$|/search/label/"),
    "millbrook-drupal": re.compile(r"/comment/|/modules/|/sites/default/files/|/taxonomy/term/|/user/login$"),
}
LINK = re.compile(r"""(?:href|src)=["']([^"']+)["']""")


@pytest.mark.parametrize("folder", sorted(UNSERVED))
def test_every_link_of_a_sample_site_answers(folder):
    site = _site(folder)
    with StaticSite(site.public, origin=site.home, routes=site.routes()) as server:
        links = set()
        for page in site.public.rglob("*.html"):
            base = server.url + page.relative_to(site.public).as_posix()
            for href in LINK.findall(server.rewrite(page.read_bytes()).decode("utf-8")):
                url = urllib.parse.urljoin(base, html.unescape(href)).split("#", 1)[0]
                if url.startswith(server.url):
                    links.add(url)
        broken = sorted(u for u in links if _get(u)[0] != 200)
    assert len(links) > 40
    assert [u for u in broken if not UNSERVED[folder].search(urllib.parse.urlsplit(u).path)] == []


@pytest.mark.parametrize("value,status", [("2009-03-07T11:00:00+00:00", 200), ("2009-03-07T11:00:00Z", 404), ("", 404)])
def test_a_route_alias_table_names_the_file_of_each_accepted_value(tmp_path, value, status):
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "older-2.html").write_text("older posts", encoding="utf-8")
    route = {"path": "/search", "params": {"updated-max": ""}, "file": "search/older-{updated-max}.html",
             "aliases": {"updated-max": {"2009-03-07T11:00:00+00:00": "2"}}}
    with StaticSite(tmp_path, routes=Route.table([route])) as server:
        got = _get(f"{server.url}search?updated-max={urllib.parse.quote(value)}&max-results=4")
    assert got[0] == status and (status != 200 or got[2] == "older posts")
