"""Per-blog request-key sets in Redis, shared by every worker's instance of the blog."""
from __future__ import annotations

from harvester.scale.shared_set import SharedSet, share_sets
from harvester.platforms.detect_spider import AutoBlogSpider
from harvester.platforms.wordpress import WordPressSpider

URL = "http://127.0.0.1:8080/"


def test_members_added_by_one_are_seen_by_another(redis_client):
    one, two = SharedSet(redis_client, "k", ["a"]), SharedSet(redis_client, "k")
    one.add("b")
    assert "a" in two and "b" in two and "c" not in two
    assert len(two) == 2 and sorted(two) == ["a", "b"]


def test_share_sets_swaps_the_root_and_delegate_sets_keeping_their_contents(redis_client):
    root = AutoBlogSpider(name="blog", url=URL)
    root.delegate = WordPressSpider(name="blog", url=URL)
    root.delegate._seen.add("seen-before")
    share_sets(root, redis_client, "blog:seen:b1:")
    assert isinstance(root.delegate._seen, SharedSet) and root.delegate._seen.key == "blog:seen:b1:delegate:_seen"
    assert redis_client.smembers("blog:seen:b1:delegate:_seen") == {b"seen-before"}
    shared = root.delegate._seen
    share_sets(root, redis_client, "blog:seen:b1:")
    assert root.delegate._seen is shared                   # swapped once
