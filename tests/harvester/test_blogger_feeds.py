"""harvester.platforms.blogger_feeds on feed JSON rendered from the mock blog's content description."""
from __future__ import annotations

import json

import pytest

from harvester.platforms import blogger_feeds as feeds
from normalise.raw import RawProvenance
from tests.sites.blogger_content import BLOG_ID, sample_posts
from tests.sites.blogger_feed import comments_feed, post_entry, posts_feed

BASE = "https://eastbrook-volunteers.blogspot.com"
POSTS = sample_posts()
THREADED = next(p for p in POSTS if p.slug == "volunteers-week-thank-you")
PROV = RawProvenance(fetched_url=BASE + "/feeds/posts/default", fetched_at="2025-01-01T00:00:00Z",
                     source=feeds.SOURCE, tool="test", tool_version="0")


def comment_entries(post, cap=500) -> list[dict]:
    return json.loads(comments_feed(BASE, post, {"start-index": ["1"], "max-results": [str(cap)]}, cap))["feed"]["entry"]


def test_parent_comes_from_the_related_link_not_in_reply_to():
    got = {c.id: c.parent_id for c in feeds.comments(comment_entries(THREADED))}
    assert got == {c.id: c.parent for c in THREADED.comments}


def test_comments_oldest_first_whatever_the_feed_order():
    got = [c.id for c in feeds.comments(comment_entries(THREADED))]
    assert got == [c.id for c in sorted(THREADED.comments, key=lambda c: c.when)]


def test_comment_fields():
    c = feeds.comments(comment_entries(THREADED))[1]
    source = sorted(THREADED.comments, key=lambda x: x.when)[1]
    assert (c.author_name, c.author_url, c.content_html, c.kind) == (*source.author, source.text, "comment")
    assert c.published_raw == "June 2, 2007 at 12:10 PM"
    assert c.published_machine == "2007-06-02T12:10:00.000+01:00"


def test_pages_of_comments_joined_once_each():
    big = max(POSTS, key=lambda p: len(p.comments))
    pages = [json.loads(comments_feed(BASE, big, {"start-index": [str(s)], "max-results": ["100"]}, 100))["feed"]
             for s in (1, 101, 201, 101)]   # a page read twice (a retry) adds nothing
    entries = [e for f in pages for e in f["entry"]]
    assert [c.id for c in feeds.comments(entries)] == [c.id for c in sorted(big.comments, key=lambda c: c.when)]


def test_paging_numbers():
    feed = json.loads(posts_feed(BASE, POSTS, {"start-index": ["5"], "max-results": ["150"]}, 4))["feed"]
    assert feeds.paging(feed) == (len(POSTS), 5, 4)   # the server capped the page: follow totalResults


def test_post_record():
    post = POSTS[0]
    entry = post_entry(BASE, post)
    raw = feeds.post(entry, site=feeds.site(BASE + "/"), provenance=PROV, comment_list=[])
    assert (raw.url, raw.post_id, raw.title, raw.categories) == (BASE + post.path, post.id, post.title, post.labels)
    assert (raw.published_machine, raw.comments_declared, raw.is_excerpt) == (
        post.when.isoformat(timespec="milliseconds"), len(post.comments), False)
    assert [a.name for a in raw.authors] == ["Ruth Palmer"]
    assert raw.provenance.source == "blogger-feed" and raw.site.platform == "blogger"
    assert feeds.comments_feed_of(entry, BASE) == f"feeds/{post.id}/comments/default"


def test_short_feed_is_an_excerpt_and_html_title_is_text():
    entry = post_entry(BASE, POSTS[1])
    entry["summary"] = entry.pop("content")
    entry["title"] = {"type": "html", "$t": "Summer &amp; <b>volunteering</b>"}
    raw = feeds.post(entry, site=feeds.site(BASE + "/"), provenance=PROV, comment_list=[])
    assert raw.is_excerpt and raw.title == "Summer & volunteering"


def test_entry_without_permalink_is_skipped():
    entry = post_entry(BASE, POSTS[1])
    entry["link"] = [l for l in entry["link"] if l["rel"] != "alternate"]
    assert feeds.post(entry, site=feeds.site(BASE + "/"), provenance=PROV, comment_list=[]) is None


@pytest.mark.parametrize("data", [None, [], {"feed": []}, {"version": "1.0"}])
def test_not_a_feed(data):
    assert feeds.feed_of(data) is None


def test_ids_and_urls():
    assert feeds.numeric_id(f"tag:blogger.com,1999:blog-{BLOG_ID}.post-123") == "123"
    assert feeds.feed_url(BASE + "/", "feeds/posts/default", 151, 150) == (
        BASE + "/feeds/posts/default?alt=json&start-index=151&max-results=150")
    assert feeds.blog_info({"title": {"$t": "X"}, "link": [{"rel": "alternate", "type": "text/html",
                                                            "href": BASE + "/"}]}) == {"name": "X", "base_url": BASE + "/"}
