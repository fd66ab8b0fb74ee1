"""Hostile content: every XSS vector of tests/hostile/vectors.py comes out of a post body and a comment body inert.

Inert is checked structurally on the published record (tests/hostile/inert.py parses content_html with lxml and
with a browser's HTML5 parser), and the words a browser would show around and inside each vector are in the text.
"""
from __future__ import annotations

import pytest

from normalise.html import sanitise
from normalise.record import normalise_dict
from tests.hostile.inert import browser_text, problems
from tests.hostile.vectors import AFTER, BEFORE, VECTORS, embed
from tests.rawbuild import raw_post

IDS = [name for name, _, _ in VECTORS]
# Vectors whose raw markup is already inert in a browser: escaped markup, a harmless ping, markup inside an
# attribute value, a NUL that HTML5 parsers turn into U+FFFD, and a <script> split by another one (these trip
# filters that rewrite text, not parsers). The checker must find something in every other vector, or it could
# not fail.
RAW_INERT = {"script-escaped-text", "a-in-a-title", "listing-escape", "a-ping", "script-in-attribute",
             "href-nul-raw", "script-split-by-script"}
# Where a browser itself hides the closing paragraph (a raw-text <style> left open inside MathML swallows it).
AFTER_HIDDEN_BY_BROWSERS = {"math-mglyph-style", "math-form-mglyph"}


@pytest.fixture(scope="module")
def published() -> dict[str, tuple]:
    """Each vector normalised once, in a post body and in a reply's body: name -> (post, comment)."""
    out = {}
    for name, markup, _ in VECTORS:
        body = embed(markup)
        record = raw_post(content_html=body, comments=[
            {"id": "1", "author_name": "Reader", "content_html": "<p>First.</p>"},
            {"id": "2", "parent_id": "1", "author_name": "Mallory", "content_html": body}])
        post = normalise_dict(record)
        out[name] = (post, post.comments[0].replies[0])
    return out


def test_corpus_size():
    assert len(VECTORS) >= 150
    assert len(set(IDS)) == len(IDS)


@pytest.mark.parametrize("where", ["post", "comment"])
@pytest.mark.parametrize("name", IDS)
def test_vector_is_inert(published, name, where):
    post, comment = published[name]
    html = post.content_html if where == "post" else comment.content_html
    assert problems(html) == []
    assert sanitise(html, post.url) == html  # stable: sanitising the output again changes nothing


@pytest.mark.parametrize("where", ["post", "comment"])
@pytest.mark.parametrize("name, markup, words", VECTORS, ids=IDS)
def test_visible_words_kept(published, name, markup, words, where):
    post, comment = published[name]
    text = post.content_text if where == "post" else comment.content_text
    shown = browser_text(embed(markup))
    expected = [BEFORE, *words] + ([AFTER] if name not in AFTER_HIDDEN_BY_BROWSERS else [])
    assert all(w in shown for w in expected), "the corpus expects words a browser does not show"
    for word in expected:
        assert word in text


@pytest.mark.parametrize("name", sorted(AFTER_HIDDEN_BY_BROWSERS))
def test_after_paragraph_really_hidden_by_browsers(name):
    markup = dict((n, m) for n, m, _ in VECTORS)[name]
    assert AFTER not in browser_text(embed(markup))


@pytest.mark.parametrize("name, markup, words", VECTORS, ids=IDS)
def test_checker_sees_every_raw_vector(name, markup, words):
    found = problems(embed(markup))
    assert (found == []) == (name in RAW_INERT), found


def test_text_fields_keep_words_of_hostile_titles_and_names():
    post = normalise_dict(raw_post(title="<script>alert(1)</script> Winter <b>budget</b>",
                                   authors=[{"name": "<img src=x onerror=alert(1)>Ruth Evans"}]))
    assert "Winter" in post.title and "budget" in post.title
    assert "Ruth Evans" in post.authors[0].name
