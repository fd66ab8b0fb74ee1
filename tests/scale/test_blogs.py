"""The worker spider: one instance of the real spider per blog, requests handed between two workers via Redis."""
from __future__ import annotations

import json

import pytest
from scrapy.http import Request
from scrapy.utils.test import get_crawler

from harvester.scale.blogs import distributed
from harvester.scale.frontier import Frontier
from harvester.scale.shared_set import SharedSet
from harvester.spiders.blog import BlogSpider
from harvester.spiders.ncvo_blogs import NcvoBlogsSpider
from harvester.spiders.wordpress import WordPressBlogSpider

URL = "http://127.0.0.1:8080/"


def worker(spidercls, redis_client, name: str, **kwargs):
    cls = distributed(spidercls)
    crawler = get_crawler(cls, {"REDIS_URL": "redis://unused/"})
    spider = cls.from_crawler(crawler, **kwargs)
    spider.frontier = Frontier(redis_client, spidercls.name, name)
    return spider


def test_the_worker_spider_keeps_the_name_and_settings_of_the_real_one():
    cls = distributed(WordPressBlogSpider)
    assert cls.name == "wordpress" and cls.spidercls is WordPressBlogSpider
    assert cls.custom_settings == WordPressBlogSpider.custom_settings


def test_a_started_blog_publishes_its_state_and_a_replica_on_another_worker_catches_up(redis_client):
    a = worker(WordPressBlogSpider, redis_client, "A")
    blog = a.start_blog({"url": URL, "args": {"mode": "rest"}}, token="seed-1")
    spider = blog.spider
    assert spider.mode == "rest" and blog.started_here
    spider.api_root = URL + "wp-json/"
    spider.blog_site = {"name": "Lowfield Voluntary Action"}
    request = Request(URL + "wp-json/wp/v2/posts?page=2", callback=spider.parse_rest_list,
                      errback=spider.rest_failed, meta={"route": "/wp/v2/posts", "page": 2})
    payload = a.encode(request)
    assert payload is not None

    b = worker(WordPressBlogSpider, redis_client, "B")
    decoded = b.decode(payload)
    replica = b.blogs[blog.id]
    assert not replica.started_here
    assert decoded.callback == replica.spider.parse_rest_list and decoded.errback == replica.spider.rest_failed
    assert replica.spider.api_root == URL + "wp-json/"
    assert replica.spider.blog_site == {"name": "Lowfield Voluntary Action"}
    assert decoded.meta == {"route": "/wp/v2/posts", "page": 2}


def test_pinned_requests_are_not_encoded(redis_client):
    a = worker(WordPressBlogSpider, redis_client, "A")
    spider = a.start_blog({"url": URL, "args": {}}, token=None).spider
    assert a.encode(Request(URL, callback=spider.parse_home)) is None
    assert a.encode(Request(URL, callback=spider.parse_page, errback=lambda f: None)) is None


def test_a_request_of_no_blog_stays_here(redis_client):
    a = worker(WordPressBlogSpider, redis_client, "A")
    stranger = WordPressBlogSpider(url=URL)
    assert a.encode(Request(URL, callback=stranger.parse_page)) is None


def test_a_request_of_an_unknown_blog_names_the_missing_seed(redis_client):
    a = worker(WordPressBlogSpider, redis_client, "A")
    spider = a.start_blog({"url": URL, "args": {}}, token=None).spider
    payload = a.encode(Request(URL + "page/2/", callback=spider.parse_page))
    redis_client.delete("wordpress:blogs")
    b = worker(WordPressBlogSpider, redis_client, "B")
    with pytest.raises(ValueError, match="unknown blog .* wordpress:blogs"):
        b.decode(payload)


def test_the_blog_spiders_platform_delegate_is_rebuilt_on_the_replica(redis_client):
    a = worker(BlogSpider, redis_client, "A")
    root = a.start_blog({"url": URL, "args": {}}, token=None).spider
    root.delegate = root.platform_spider("wordpress")
    root.delegate.api_root = URL + "wp-json/"
    payload = a.encode(Request(URL + "2024/01/post/", callback=root.delegate.parse_page))
    b = worker(BlogSpider, redis_client, "B")
    decoded = b.decode(payload)
    delegate = next(iter(b.blogs.values())).spider.delegate
    assert type(delegate).__name__ == "WordPressSpider" and delegate.api_root == URL + "wp-json/"
    assert decoded.callback == delegate.parse_page


def test_request_keys_a_spider_marks_as_seen_are_seen_by_every_worker(redis_client):
    a = worker(WordPressBlogSpider, redis_client, "A")
    spider = a.start_blog({"url": URL, "args": {}}, token=None).spider
    spider._seen.add("before-sharing")
    payload = a.encode(Request(URL + "page/2/", callback=spider.parse_page))
    assert isinstance(spider._seen, SharedSet)
    spider._seen.add("127.0.0.1:8080/2024/01/post/#cpage=3")   # the comment page the bare URL showed
    b = worker(WordPressBlogSpider, redis_client, "B")
    b.decode(payload)
    replica = next(iter(b.blogs.values())).spider
    assert "127.0.0.1:8080/2024/01/post/#cpage=3" in replica._seen and "before-sharing" in replica._seen
    assert "never-added" not in replica._seen


def test_command_line_seed_and_site_spider_start_url(redis_client):
    assert worker(WordPressBlogSpider, redis_client, "A", url=URL, mode="rest").command_seed() == {
        "url": URL, "args": {"mode": "rest"}}
    assert worker(WordPressBlogSpider, redis_client, "A").command_seed() is None
    assert worker(NcvoBlogsSpider, redis_client, "A").command_seed()["url"] == NcvoBlogsSpider.start_url


def test_starting_a_blog_records_its_seed_and_allowed_domain(redis_client):
    a = worker(NcvoBlogsSpider, redis_client, "A")
    blog = a.start_blog({"url": None, "args": {}}, token="seed-1")
    assert json.loads(redis_client.hget("ncvo_blogs:blogs", blog.id)) == {"url": None, "args": {}}
    assert blog.spider.start_url == NcvoBlogsSpider.start_url
    assert a.allowed_domains == ["blogs.ncvo.org.uk"]
