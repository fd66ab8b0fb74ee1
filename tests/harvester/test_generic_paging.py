"""Comment pages of one post (harvester.platforms.generic_paging): page numbers, the next page among a pager's links,
and merging a later page's thread, with replies whose parent is on an earlier page. Invented comment data."""
from __future__ import annotations

import copy

import pytest

from harvester.platforms.generic_paging import comment_page_urls, merge_comment_page, next_comment_page, page_number

POST = "https://org.example/blog/breathing-space"


def c(cid: int, *replies: dict, parent: int | None = None) -> dict:
    return {"id": f"comment-{cid}", "parent_id": f"comment-{parent}" if parent else None,
            "author_name": f"A{cid}", "replies": list(replies)}


def shape(tree: list[dict]) -> list:
    return [[x["id"].removeprefix("comment-"), shape(x["replies"])] for x in tree]


@pytest.mark.parametrize("url, n", [(POST, 0), (POST + "?page=0", 0), (POST + "?page=3", 3),
                                    (POST + "?page=x", 0), (POST + "?utm_source=a&page=12", 12)])
def test_page_number(url, n):
    assert page_number(url) == n


def test_comment_page_urls_keeps_only_pages_of_the_same_post():
    links = [POST + "?page=1", "https://org.example/blog/breathing-space?page=2#comments", POST,
             "https://org.example/blog/other-post?page=1", "https://org.example/blog/?page=1",
             POST + "?page=3&sort=asc", POST + "?page=first"]
    assert comment_page_urls(POST, links) == {1: POST + "?page=1", 2: links[1], 0: POST}


def test_next_comment_page_is_the_lowest_later_page():
    pager = [POST, POST + "?page=0", POST + "?page=4", POST + "?page=2", POST + "?page=1"]   # first, last, …
    assert next_comment_page(POST, 0, pager) == POST + "?page=1"
    assert next_comment_page(POST + "?page=1", 1, pager) == POST + "?page=2"
    assert next_comment_page(POST, 4, pager) is None
    assert next_comment_page(POST, 0, ["https://org.example/blog/other?page=1"]) is None


def test_a_page_opening_reply_attaches_one_level_above_its_shown_depth():
    tree = [c(1, c(2)), c(3, c(4, c(5)))]
    page = [c(6, c(7)), c(8)]
    added = merge_comment_page(tree, page, [(page[0], 1)])
    assert added == 3
    assert shape(tree) == [["1", [["2", []]]], ["3", [["4", [["5", []]]], ["6", [["7", []]]]]], ["8", []]]


def test_a_page_opening_reply_shown_two_deep_attaches_to_the_last_reply():
    tree = [c(1), c(3, c(4))]
    page = [c(6)]
    merge_comment_page(tree, page, [(page[0], 2)])
    assert shape(tree) == [["1", []], ["3", [["4", [["6", []]]]]]]


def test_a_named_parent_wins_over_the_shown_depth():
    tree = [c(1, c(2)), c(3, c(4))]
    page = [c(5, parent=2), c(9, parent=404)]          # 404: a parent no page shows (deleted) -> top level
    merge_comment_page(tree, page, [(page[0], 1)])
    assert shape(tree) == [["1", [["2", [["5", []]]]]], ["3", [["4", []]]], ["9", []]]


def test_repeats_of_comments_already_read_are_skipped():
    tree = [c(1, c(2))]
    before = copy.deepcopy(tree)
    assert merge_comment_page(tree, [c(1), c(2)], []) == 0
    assert tree == before


def test_a_continuing_reply_on_an_empty_thread_is_top_level():
    tree: list[dict] = []
    page = [c(5)]
    merge_comment_page(tree, page, [(page[0], 1)])
    assert shape(tree) == [["5", []]]
