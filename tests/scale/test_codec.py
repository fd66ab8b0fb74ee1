"""Which requests stay on their worker, and the blog-state snapshots that travel with shared ones."""
from __future__ import annotations

import pickle

from scrapy.http import Request

from harvester.platforms.common import Scope
from harvester.platforms.detect_spider import AutoBlogSpider
from harvester.platforms.wordpress import WordPressSpider
from harvester.scale import codec

URL = "http://127.0.0.1:8080/blog/"


def wp() -> WordPressSpider:
    return WordPressSpider(name="wordpress", url=URL)


def test_start_pages_api_discovery_ping_lists_and_the_posts_feed_are_pinned():
    spider = wp()
    for callback in ("parse_home", "parse_api_probe", "parse_api_index", "parse_rest_pings"):
        assert codec.is_pinned(Request(URL, callback=getattr(spider, callback))), callback


def test_post_lists_comments_and_pages_are_shared():
    spider = wp()
    for callback in ("parse_rest_list", "parse_rest_comments", "parse_page", "parse_feed", "parse_sitemap"):
        assert not codec.is_pinned(Request(URL, callback=getattr(spider, callback), errback=spider.rest_failed))


def test_a_lambda_errback_or_no_callback_pins_the_request():
    spider = wp()
    assert codec.is_pinned(Request(URL, callback=spider.parse_page, errback=lambda f: None))
    assert codec.is_pinned(Request(URL))


def test_owner_path_reaches_the_blog_spiders_delegate():
    root = AutoBlogSpider(name="blog", url=URL)
    root.delegate = wp()
    assert codec.owner_path(root, root.parse_start) == ()
    assert codec.owner_path(root, root.delegate.parse_page) == ("delegate",)
    assert codec.owner_path(root, wp().parse_page) is None      # another blog's spider


def test_snapshot_leaves_out_local_caches_and_the_crawler():
    spider = wp()
    spider.api_root = URL + "wp-json/"
    spider._seen.add("x")
    spider.crawler = object()
    state = codec.snapshot(spider)
    assert state["api_root"] == URL + "wp-json/" and state["scope"] == Scope.of(URL)
    assert not codec.LOCAL_ATTRIBUTES & set(state)


def test_snapshot_keeps_only_what_can_be_pickled():
    spider = wp()
    spider.callback_table = {"f": lambda: None}
    spider.blog_site = {"name": "Lowfield"}
    state = codec.snapshot(spider)
    assert "callback_table" not in state and state["blog_site"] == {"name": "Lowfield"}


def test_pack_state_versions_only_changes():
    spider = wp()
    first = codec.pack_state(spider, codec.Published())
    assert first.version > 0
    assert codec.pack_state(spider, first) is first
    spider._pings = {"12": [{"id": 3}]}
    second = codec.pack_state(spider, first)
    assert second.version > first.version and second.digest != first.digest


def test_apply_state_rebuilds_a_missing_delegate_through_its_platform():
    origin = AutoBlogSpider(name="blog", url=URL)
    origin.delegate = wp()
    origin.delegate.api_root = URL + "wp-json/"
    state = pickle.loads(pickle.dumps(codec.blog_state(origin)))
    replica = AutoBlogSpider(name="blog", url=URL)
    made = []
    codec.apply_state(replica, state, lambda node, platform: made.append(platform) or WordPressSpider(
        name="blog", url=URL))
    assert made == ["wordpress"]
    assert replica.delegate.api_root == URL + "wp-json/"


def test_encode_and_bind_round_trip_meta_priority_and_callbacks():
    spider = wp()
    request = Request(URL + "wp-json/wp/v2/comments?post=7", callback=spider.parse_rest_comments,
                      errback=spider.rest_failed, priority=4, meta={"post": {"id": 7}, "page": 2})
    data = codec.decode(codec.encode(request, "b1", (), 42))
    assert (data["blog"], data["path"], data["version"]) == ("b1", (), 42)
    other = wp()
    back = codec.bind(data, other)
    assert back.url == request.url and back.priority == 4 and back.meta == {"post": {"id": 7}, "page": 2}
    assert back.callback == other.parse_rest_comments and back.errback == other.rest_failed


def test_blog_ids_differ_by_url_and_arguments():
    assert codec.blog_id("wordpress", URL, {}) == codec.blog_id("wordpress", URL, {})
    assert codec.blog_id("wordpress", URL, {}) != codec.blog_id("wordpress", URL, {"mode": "html"})
    assert codec.blog_id("wordpress", URL, {}) != codec.blog_id("blog", URL, {})
