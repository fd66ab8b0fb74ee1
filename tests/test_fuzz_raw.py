"""Property-based tests: random raw records built from the raw contract, then broken, never crash the normaliser.

Each record either becomes a Post that validates against post.schema.json, is inert, can be written and
normalises to itself again, or is rejected with a reason naming the field path (and, in a file, its line).
CI runs a fixed, derandomised budget; set FUZZ_EXAMPLES=N for a longer exploratory run.
"""
from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from normalise.record import normalise_dict
from normalise.schema import Post
from tests.hostile.properties import check_pipeline, check_published, outcome
from tests.hostile.strategies import WRONG_TYPES, deep_thread, mutate, raw_posts
from tests.rawbuild import raw_post

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "0"))
FUZZ = settings(max_examples=EXAMPLES or 60, deadline=None, derandomize=not EXAMPLES, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])


@FUZZ
@given(raw_posts)
def test_contract_records_normalise_or_reject(record):
    result = outcome(record)
    if isinstance(result, Post):
        check_published(result)


@FUZZ
@given(raw_posts, st.randoms(use_true_random=False), WRONG_TYPES, st.integers(1, 4))
def test_broken_records_normalise_or_reject(record, rnd, wrong, count):
    result = outcome(mutate(record, rnd, wrong, count))
    if isinstance(result, Post):
        check_published(result)


@settings(FUZZ, max_examples=EXAMPLES or 20)  # each example checks up to 700 comments: fewer of them
@given(st.integers(1, 700), st.booleans())
def test_any_reply_depth_normalises_or_rejects(depth, nested):
    record = raw_post()
    record["comments"] = deep_thread(depth, nested)
    result = outcome(record)
    if isinstance(result, Post):
        check_published(result)
        assert result.comment_count == depth
    else:
        assert nested and "nested too deeply" in result


@FUZZ
@given(st.lists(st.one_of(raw_posts, st.just(raw_post()), st.just({"raw_version": "1"}), st.just([1, 2])),
                min_size=1, max_size=4))
def test_pipeline_rejects_bad_lines_with_their_place(values):
    check_pipeline(values)


@FUZZ
@given(st.lists(st.sampled_from(["1", "2", "3", "comment-1", "#2", "0", "", "c1"]), min_size=1, max_size=8),
       st.lists(st.sampled_from(["1", "2", "3", "comment-1", "#2", "0", "", "c1", None]), min_size=8, max_size=8),
       st.randoms(use_true_random=False))
def test_parent_cycles_and_repeated_ids_keep_every_comment(ids, parents, rnd):
    comments = [{"id": cid, "parent_id": parents[i], "author_name": rnd.choice(["Ann", "Bob"]),
                 "content_html": rnd.choice(["<p>Same.</p>", f"<p>Comment {i}.</p>"])} for i, cid in enumerate(ids)]
    post = normalise_dict(raw_post(comments=comments))
    check_published(post)
    assert post.comment_count + len(post.comments_removed) == len(comments)

