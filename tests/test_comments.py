"""Comment threads: tree building (orphans, cycles, depth), flattening, repeats, merging two fetches."""
from __future__ import annotations

import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normalise.comments import build_tree, count, flatten, merge_comment_lists, remove_repeats
from normalise.schema import Author, Comment, RemovedComment


def c(cid, parent=None, *, author="Ann", text=None, day=None, kind="comment", url=None, replies=()):
    """A comment with invented content; text defaults to something unique to the id."""
    return Comment(id=cid, parent_id=parent, author=Author(name=author, url=url),
                   published=day, published_precision="day" if day else None, published_raw=day,
                   content_html=f"<p>{text if text is not None else 'note ' + cid}</p>",
                   content_text=text if text is not None else f"note {cid}", kind=kind,
                   replies=list(replies))


def shape(tree):
    """(id, [children shapes]) nested, iteratively, for readable asserts on small trees."""
    return [(n.id, shape(n.replies)) for n in tree]


def ids(flat):
    return [x.id for x in flat]


# ------------------------------------------------------------------------------------------ build_tree

def test_replies_nest_under_parent_in_document_order():
    flat = [c("1"), c("2", "1"), c("3"), c("4", "1"), c("5", "2")]
    assert shape(build_tree(flat)) == [("1", [("2", [("5", [])]), ("4", [])]), ("3", [])]


def test_child_listed_before_parent_still_nests():
    flat = [c("2", "1"), c("3", "2"), c("1")]
    assert shape(build_tree(flat)) == [("1", [("2", [("3", [])])])]


def test_orphan_stays_top_level_and_keeps_parent_id():
    tree = build_tree([c("1"), c("7", "99")])
    assert [(n.id, n.parent_id) for n in tree] == [("1", None), ("7", "99")]


@pytest.mark.parametrize("flat, roots", [
    ([c("a", "a")], ["a"]),                                   # self-parent
    ([c("a", "b"), c("b", "a")], ["a"]),                      # two-cycle: first in document order is root
    ([c("b", "a"), c("a", "b")], ["b"]),
    ([c("x"), c("a", "c"), c("b", "a"), c("c", "b")], ["x", "a"]),   # three-cycle
])
def test_cycles_are_cut_at_the_earliest_member(flat, roots):
    tree = build_tree(flat)
    assert ids(tree) == roots


@pytest.mark.parametrize("flat", [
    [c("a", "a")],
    [c("a", "b"), c("b", "a")],
    [c("a", "c"), c("b", "a"), c("c", "b"), c("d", "c")],
])
def test_cycles_lose_no_comment(flat):
    assert count(build_tree(flat)) == len(flat)


def test_cut_comment_gets_no_parent():
    tree = build_tree([c("a", "b"), c("b", "a")])
    assert tree[0].parent_id is None and tree[0].replies[0].parent_id == "a"


def test_thousand_deep_chain_builds_counts_and_flattens():
    flat = [c("0")] + [c(str(i), str(i - 1)) for i in range(1, 1000)]
    tree = build_tree(flat)
    depth, node = 1, tree[0]
    while node.replies:
        node, depth = node.replies[0], depth + 1
    assert (depth, count(tree), ids(flatten(tree))) == (1000, 1000, ids(flat))


def test_thousand_deep_chain_in_reverse_order():
    flat = [c(str(i), str(i - 1)) for i in range(999, 0, -1)] + [c("0")]
    assert count(build_tree(flat)) == 1000 and ids(build_tree(flat)) == ["0"]


def test_thousand_long_cycle_is_broken():
    flat = [c(str(i), str((i - 1) % 1000)) for i in range(1000)]
    assert ids(build_tree(flat)) == ["0"] and count(build_tree(flat)) == 1000


def test_build_tree_does_not_modify_input():
    flat = [c("1"), c("2", "1")]
    build_tree(flat)
    assert flat[0].replies == []


def test_already_nested_replies_are_kept():
    tree = build_tree([c("1", replies=[c("2", "1")]), c("3")])
    assert shape(tree) == [("1", [("2", [])]), ("3", [])]


# --------------------------------------------------------------------------------------------- flatten

def test_flatten_depth_first_with_replies_emptied():
    tree = build_tree([c("1"), c("2", "1"), c("3"), c("4", "2")])
    flat = flatten(tree)
    assert ids(flat) == ["1", "2", "4", "3"] and all(x.replies == [] for x in flat)


def test_flatten_sets_parent_from_nesting():
    flat = flatten([c("1", replies=[c("2", None)])])
    assert flat[1].parent_id == "1"


@given(st.lists(st.integers(min_value=-1, max_value=30), max_size=30))
def test_build_tree_round_trips_through_flatten(parents):
    flat = [c(str(i), None if p < 0 else str(p)) for i, p in enumerate(parents)]
    tree = build_tree(flat)
    assert build_tree(flatten(tree)) == tree and count(tree) == len(flat)


@pytest.mark.parametrize("tree, n", [([], 0), ([c("1")], 1), ([c("1", replies=[c("2", replies=[c("3")])]), c("4")], 4)])
def test_count_all_depths(tree, n):
    assert count(tree) == n


# ------------------------------------------------------------------------------------- remove_repeats

def test_later_repeat_dropped_and_recorded():
    kept, removed = remove_repeats([c("1", text="Brilliant post!"), c("2", text="brilliant   POST")])
    assert (ids(kept), removed) == (["1"], [RemovedComment(id="2", repeat_of="1")])


@pytest.mark.parametrize("name_b", ["ann", " Ann ", "ANN"])
def test_author_name_case_and_whitespace_insensitive(name_b):
    kept, _ = remove_repeats([c("1", author="Ann", text="Thanks"), c("2", author=name_b, text="Thanks")])
    assert ids(kept) == ["1"]


@pytest.mark.parametrize("a, b", [
    (dict(author="Ann", text="Thanks"), dict(author="Bob", text="Thanks")),
    (dict(author="Ann", text="Thanks"), dict(author="Ann", text="Thanks again")),
    (dict(author="Ann", text=""), dict(author="Ann", text="")),
])
def test_not_repeats(a, b):
    kept, removed = remove_repeats([c("1", **a), c("2", **b)])
    assert ids(kept) == ["1", "2"] and removed == []


def test_replies_to_dropped_comment_move_to_kept_one():
    flat = [c("1", text="Same"), c("2", text="Same"), c("3", "2"), c("4", "3")]
    kept, _ = remove_repeats(flat)
    assert shape(build_tree(kept)) == [("1", [("3", [("4", [])])])]


def test_same_answer_to_two_different_comments_is_not_a_repeat():
    flat = [c("101", author="Reader A", text="Does it work on slugs?"), c("102", author="Reader B", text="Ants?"),
            c("103", "101", author="Blog owner", text="Worth a try!"),
            c("104", "102", author="Blog owner", text="Worth a try!")]
    kept, removed = remove_repeats(flat)
    assert ids(kept) == ["101", "102", "103", "104"] and removed == []


def test_positional_ids_repeat_by_author_and_text_alone():
    flat = [c("c1", text="Q1"), c("c2", text="Q2"), c("c3", "c1", author="Owner", text="Yes"),
            c("c4", "c2", author="Owner", text="Yes")]
    assert remove_repeats(flat)[1] == [RemovedComment(id="c4", repeat_of="c3")]


def test_reply_posted_twice_to_the_same_comment_is_a_repeat():
    flat = [c("1", text="Question"), c("2", "1", author="Owner", text="Answer"), c("3", "1", author="Owner", text="Answer")]
    assert remove_repeats(flat)[1] == [RemovedComment(id="3", repeat_of="2")]


def test_kept_comment_nested_under_its_repeat_does_not_become_self_parent():
    flat = [c("k", "d", text="Same"), c("d", "top", text="Same"), c("top", text="Start")]
    kept, _ = remove_repeats(flat, key=lambda x: (x.author.name, x.content_text))
    assert {x.id: x.parent_id for x in kept} == {"k": "top", "top": None}


def test_pingbacks_from_same_source_are_repeats():
    flat = [c("1", kind="pingback", author="Other blog", url="https://other.org/p/", text="[…] a link"),
            c("2", kind="pingback", author="Other Blog!", url="https://other.org/p/", text="[…] a longer excerpt")]
    assert remove_repeats(flat)[1] == [RemovedComment(id="2", repeat_of="1")]


def test_pingbacks_from_different_sources_kept():
    flat = [c("1", kind="pingback", url="https://a.org/", text="[…]"),
            c("2", kind="pingback", url="https://b.org/", text="[…]")]
    assert ids(remove_repeats(flat)[0]) == ["1", "2"]


def test_custom_key():
    kept, _ = remove_repeats([c("1", author="A"), c("2", author="A")], key=lambda x: (x.author.name,))
    assert ids(kept) == ["1"]


def test_three_copies_all_point_at_first():
    _, removed = remove_repeats([c(str(i), text="Again") for i in range(3)])
    assert [r.repeat_of for r in removed] == ["0", "0"]


# ------------------------------------------------------------------------------------------------ merge

def test_merge_same_list_is_identity():
    flat = [c("1"), c("2", "1"), c("c3"), c("c4", text="note c3")]
    assert merge_comment_lists(flat, flat) == flatten(flat)


def test_merge_comment_pages_appends_second_page():
    page1, page2 = [c("1"), c("2")], [c("3"), c("4", "1")]
    assert ids(merge_comment_lists(page1, page2)) == ["1", "2", "3", "4"]


def test_merge_places_new_comment_after_its_predecessor():
    a = [c("1"), c("2"), c("3")]
    b = [c("1"), c("2"), c("2b"), c("3")]
    assert ids(merge_comment_lists(a, b)) == ["1", "2", "2b", "3"]


def test_merge_places_leading_new_comment_before_first_match():
    assert ids(merge_comment_lists([c("1"), c("2")], [c("0"), c("1")])) == ["0", "1", "2"]


def test_merge_matches_by_content_when_ids_differ_in_kind():
    a = [c("c1", author="Jo", text="Good point", day="2020-01-02")]
    b = [c("8812", author="jo", text="Good point.", day="2020-01-02T10:00")]
    assert len(merge_comment_lists(a, b)) == 1


def test_merge_does_not_match_positional_ids_with_other_content():
    merged = merge_comment_lists([c("c1", text="first page")], [c("c1", text="second page")])
    assert [x.content_text for x in merged] == ["first page", "second page"] and merged[1].id.startswith("c1~")


def test_new_positional_id_derived_from_content():
    a = [c("c1", text="first page")]
    one = merge_comment_lists(a, [c("c1", text="second page")])[1].id
    two = merge_comment_lists(a + [c("c9", text="other")], [c("c4", text="second page")])[2].id
    assert re.fullmatch(r"c1~[0-9a-f]{6}", one) and two.startswith("c4~") and one[3:] == two[3:]


def test_merge_into_empty_list_keeps_ids():
    assert ids(merge_comment_lists([], [c("c1"), c("c2")])) == ["c1", "c2"]


def test_merge_renamed_comment_keeps_its_replies():
    merged = merge_comment_lists([c("c1", text="x")], [c("c1", text="y"), c("c2", "c1", text="z")])
    assert merged[2].parent_id == merged[1].id != "c1"


def test_merge_fills_missing_date_from_other_fetch():
    merged = merge_comment_lists([c("5", day=None)], [c("5", day="2019-04-01")])
    assert merged[0].published == "2019-04-01"


def test_two_platform_ids_never_merge_even_if_alike():
    merged = merge_comment_lists([c("10", text="Same")], [c("11", text="Same")])
    assert ids(merged) == ["10", "11"]


@settings(max_examples=60)
@given(st.lists(st.sampled_from(range(8)), max_size=8, unique=True), st.randoms())
def test_merge_keeps_every_comment_once(picked, rnd):
    pool = [c(str(i), str(i - 1) if i % 3 else None) for i in range(8)]
    a = [pool[i] for i in sorted(picked)]
    b = [x for x in pool if rnd.random() < 0.5]
    merged = merge_comment_lists(a, b)
    assert sorted(ids(merged)) == sorted(set(ids(a)) | set(ids(b)))


def test_merge_subset_with_full_list_restores_full_order():
    rnd = random.Random(3)
    pool = [c(str(i)) for i in range(20)]
    a = [x for x in pool if rnd.random() < 0.6]
    assert ids(merge_comment_lists(a, pool)) == ids(pool)
