"""The `generic` spider (and `blog`, which must detect 'generic') crawling the loopback mock organisation site:
sitemap, feed, listing pagination, teasers followed to permalinks, a digest of full notes, Drupal nested comments,
and nothing outside /news/. Expected values come from tests/sites/org_content.py, never from a crawl."""
from __future__ import annotations

from datetime import datetime
from urllib.parse import quote

import pytest

from harvester.platforms.generic import GenericSpider
from normalise.urls import post_id
from tests.sites.crawling import crawl, flat_comments, read_jsonl
from tests.sites.org_content import BLOG_PATH, DIGEST_NOTES, DIGEST_PATH, SITE_NAME, sample_posts
from tests.sites.org_server import LEAK, OUTSIDE, MockOrgSite

POSTS = sample_posts()


@pytest.fixture(scope="module", params=["generic", "blog"])
def harvest(request, tmp_path_factory):
    tmp = tmp_path_factory.mktemp(request.param)
    site = MockOrgSite().start()
    try:
        out = crawl(site.url, tmp, "-O", "archive.jsonl", spider=request.param,
                    settings={"OUTPUT_DIR": str(tmp / "output")})
    finally:
        site.stop()
    (journal,) = (tmp / "output" / "raw").glob(f"{request.param}-*.raw.jsonl")
    return {"spider": request.param, "site": site, "records": read_jsonl(tmp / "archive.jsonl"), "log": out.stderr,
            "raw": read_jsonl(journal)}


def by_key(harvest) -> dict[str, dict]:
    base = harvest["site"].base
    return {r["url"].replace(base, ""): r for r in harvest["records"]}


def instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def note_url(base: str, note) -> str:
    """A digest note's own URL: the page, its anchor and a text directive naming its title (generic_parts)."""
    return f"{base}{DIGEST_PATH}#{note.anchor}:~:text={quote(note.title, safe='').replace('-', '%2D')}"


def test_every_post_exactly_once(harvest):
    """Every permalink post once, and each note of the digest page once, under its own URL and id."""
    base = harvest["site"].base
    keys = sorted(r["url"].replace(base, "") for r in harvest["records"])
    assert keys == sorted([p.path for p in POSTS] + [note_url("", n) for n in DIGEST_NOTES])
    assert len({r["id"] for r in harvest["records"]}) == len(POSTS) + len(DIGEST_NOTES)


@pytest.mark.parametrize("post", POSTS, ids=lambda p: p.slug)
def test_post_fields_from_its_permalink(harvest, post):
    record = by_key(harvest)[post.path]
    assert record["title"] == post.title
    assert [a["name"] for a in record["authors"]] == [post.author]
    assert instant(record["published"]) == datetime.fromisoformat(post.when)
    assert all(par in record["content_text"] for par in post.paragraphs)
    assert record["is_excerpt"] is False
    assert record["url"].replace(harvest["site"].base, "") == post.path


@pytest.mark.parametrize("note", DIGEST_NOTES, ids=lambda n: n.anchor)
def test_digest_notes_are_whole_posts_with_their_own_ids(harvest, note):
    record = by_key(harvest)[note_url("", note)]
    assert (record["title"], [a["name"] for a in record["authors"]]) == (note.title, [note.author])
    assert instant(record["published"]) == datetime.fromisoformat(note.when)
    assert all(par in record["content_text"] for par in note.paragraphs)
    assert record["is_excerpt"] is False
    assert record["id"] == post_id(note_url(harvest["site"].base, note))
    other = next(n for n in DIGEST_NOTES if n is not note)
    assert not any(par in record["content_text"] for par in other.paragraphs)


def test_teasers_are_followed_not_recorded(harvest):
    """Listing pages show teasers of every listed post; none of them is written, only the permalinks' records."""
    assert [r["url"] for r in harvest["raw"] if r.get("is_excerpt")] == []
    listed = {p.path for p in POSTS if p.listed}
    raw_paths = {r["url"].replace(harvest["site"].base, "") for r in harvest["raw"]}
    assert listed <= raw_paths
    assert not [p for p in raw_paths if p == BLOG_PATH or "?page=" in p or "/tags/" in p]


def test_digest_of_full_notes_gives_one_raw_record_each(harvest):
    raw = [r for r in harvest["raw"] if r["url"].endswith(DIGEST_PATH)]
    assert sorted((r["canonical_url"].replace(harvest["site"].base, ""), r["title"]) for r in raw) == sorted(
        (note_url("", n), n.title) for n in DIGEST_NOTES)


def test_drupal_nested_comments_keep_their_thread(harvest):
    post = next(p for p in POSTS if p.comments)
    flat = flat_comments(by_key(harvest)[post.path]["comments"])
    num = lambda cid: cid and cid.removeprefix("comment-")   # noqa: E731 (the archive keeps the number)
    assert {c["id"]: c["parent_id"] for c in flat} == {num(c.id): num(c.parent) for c in post.comments}
    assert {c["id"]: c["author"]["name"] for c in flat} == {num(c.id): c.author for c in post.comments}
    assert {c["id"]: instant(c["published"]) for c in flat} == {
        num(c.id): datetime.fromisoformat(c.when) for c in post.comments}
    assert all(not by_key(harvest)[p.path]["comments"] for p in POSTS if not p.comments)


def test_discovery_channels_all_used(harvest):
    paths = harvest["site"].paths()
    assert "/sitemap.xml" in paths and f"{BLOG_PATH}rss.xml" in paths
    assert {f"{BLOG_PATH}?page=1", f"{BLOG_PATH}?page=2"} <= set(paths)   # listing pagination followed
    assert not [p for p in paths if p.endswith("?page=3")]


def test_stays_inside_the_blog_path_and_never_requests_twice(harvest):
    paths = [p for p in harvest["site"].paths() if p not in ("/robots.txt", "/sitemap.xml", "/rss.xml")]
    assert not [p for p in paths if not p.startswith(BLOG_PATH)]
    assert not [p for p in paths if p.split("?")[0] in OUTSIDE or "/user/" in p or "/comment/" in p]
    assert sorted({p for p in paths if paths.count(p) > 1}) == []
    assert not [r for r in harvest["records"] if LEAK in (r.get("title") or "") + (r.get("content_text") or "")]


def test_every_record_names_the_blog(harvest):
    assert {(r["site"]["name"], r["site"]["base_url"], r["site"]["platform"]) for r in harvest["records"]} == {
        (SITE_NAME, harvest["site"].url, "generic")}


def test_log_and_stats(harvest):
    log = harvest["log"]
    assert f"'normalise/posts': {len(POSTS) + len(DIGEST_NOTES)}," in log
    if harvest["spider"] == "blog":
        assert "detected platform 'generic'" in log and "no WordPress or Blogger marker found" in log


@pytest.mark.parametrize("url, inside, outside", [
    ("https://org.example/blog/", ["https://org.example/blog", "https://org.example/blog/a-post",
                                   "https://org.example/blog?page=2"],
     ["https://org.example/blogroll", "https://org.example/about/", "https://other.example/blog/x"]),
    ("https://org.example/blog", ["https://org.example/blog/x", "https://org.example/blog?page=1"],
     ["https://org.example/blogs/x", "https://org.example/"]),
])
def test_scope_is_the_blog_path(url, inside, outside):
    spider = GenericSpider(name="scope", url=url)
    assert [u for u in inside if not spider.scope.contains(u)] == []
    assert [u for u in outside if spider.scope.contains(u)] == []


class StorySite(GenericSpider):
    """A site spider declaring its own extraction selectors (data only)."""

    name = "story_site"
    start_url = "https://org.example/stories/"
    extract_selectors = {"title": (".story-headline",), "author": (".story-meta .who",)}


def test_a_site_spiders_extract_selectors_are_used():
    from scrapy.http import HtmlResponse
    html = (b'<html><body><h1>Org Example</h1><div class="story-headline">Our spring appeal</div>'
            b'<div class="story-meta"><span class="who">Ruth Ellis</span></div><div><p>' + b"We raised money. " * 30 +
            b"</p></div></body></html>")
    response = HtmlResponse("https://org.example/stories/spring", body=html, encoding="utf-8")
    (record,) = StorySite().html_records(response)
    assert (record["title"], [a["name"] for a in record["authors"]]) == ("Our spring appeal", ["Ruth Ellis"])
    (plain,) = GenericSpider(name="plain", url="https://org.example/stories/").html_records(response)
    assert plain["title"] == "Org Example"


def test_an_unknown_extract_selectors_field_is_an_error_naming_the_spider():
    class Broken(GenericSpider):
        name = "broken_site"
        start_url = "https://org.example/"
        extract_selectors = {"headline": ("h2",)}
    with pytest.raises(ValueError, match="broken_site: unknown extract_selectors field"):
        Broken()
