"""Every boilerplate pattern, generated from the data lists, is removed; ordinary prose survives."""
from __future__ import annotations

import re

import pytest

from normalise import boilerplate
from normalise.html import sanitise, to_text

BASE = "https://charity.example.org/blog/2010/05/post.html"
PROSE = "Our volunteers ran the food bank all winter."


def _ids(patterns):
    return [p.name for p in patterns]


@pytest.mark.parametrize("pattern", boilerplate.CLASS_PATTERNS, ids=_ids(boilerplate.CLASS_PATTERNS))
def test_class_pattern_example_matches(pattern):
    assert re.fullmatch(pattern.regex, pattern.example, re.I)
    assert boilerplate.is_boilerplate_token(pattern.example)


@pytest.mark.parametrize("pattern", boilerplate.CLASS_PATTERNS, ids=_ids(boilerplate.CLASS_PATTERNS))
def test_class_pattern_block_removed(pattern):
    html = f'<p>{PROSE}</p><div class="x {pattern.example}"><p>Widget words zqxj</p></div><p>After it.</p>'
    assert "zqxj" not in sanitise(html, BASE)
    assert to_text(html) == f"{PROSE}\n\nAfter it."


@pytest.mark.parametrize("pattern", boilerplate.CLASS_PATTERNS, ids=_ids(boilerplate.CLASS_PATTERNS))
def test_id_pattern_block_removed(pattern):
    html = f'<p>{PROSE}</p><div id="{pattern.example}">Widget words zqxj</div>'
    assert to_text(html) == PROSE


@pytest.mark.parametrize("pattern", boilerplate.PROTECTED_CLASS_PATTERNS, ids=_ids(boilerplate.PROTECTED_CLASS_PATTERNS))
def test_protected_class_never_boilerplate(pattern):
    assert not boilerplate.is_boilerplate_token(pattern.example)
    html = f'<div class="{pattern.example}"><p>{PROSE}</p></div>'
    assert to_text(html) == PROSE


@pytest.mark.parametrize("token", ["category-social-care", "tag-sharing", "tag-related-charities", "post-body",
                                   "entry-content", "shared-values", "socialenterprise", "unrelated"])
def test_sector_taxonomy_classes_survive(token):
    assert not boilerplate.is_boilerplate_token(token)


@pytest.mark.parametrize("pattern", boilerplate.SHARE_LINK_HREF_PATTERNS, ids=_ids(boilerplate.SHARE_LINK_HREF_PATTERNS))
def test_share_link_removed(pattern):
    assert boilerplate.is_share_href(pattern.example)
    html = f'<p>{PROSE} <a href="{pattern.example}">Spread zqxj</a></p>'
    assert "zqxj" not in sanitise(html, BASE)
    assert to_text(html) == PROSE


@pytest.mark.parametrize("pattern", boilerplate.TEXT_PATTERNS, ids=_ids(boilerplate.TEXT_PATTERNS))
def test_text_pattern_example_matches(pattern):
    assert boilerplate.matching_text_pattern(pattern.example) is not None
    assert re.fullmatch(pattern.regex, pattern.example, re.I | re.S)


@pytest.mark.parametrize("pattern", boilerplate.TEXT_PATTERNS, ids=_ids(boilerplate.TEXT_PATTERNS))
def test_text_pattern_block_removed(pattern):
    html = f"<p>{PROSE}</p><p>{pattern.example}</p><p>After it.</p>"
    cleaned = sanitise(html, BASE)
    assert pattern.example not in cleaned
    assert to_text(cleaned) == f"{PROSE}\n\nAfter it."
    assert to_text(html) == f"{PROSE}\n\nAfter it."


@pytest.mark.parametrize("pattern", boilerplate.TEXT_PATTERNS, ids=_ids(boilerplate.TEXT_PATTERNS))
def test_text_pattern_line_removed_in_text(pattern):
    html = f"<p>{PROSE}<br>{pattern.example}</p>"
    assert to_text(html) == PROSE


@pytest.mark.parametrize("sentence", [
    "Please share this report with your trustees before the meeting.",
    "We share an office with two other charities.",
    "Comments are welcome: the consultation closes in May.",
    "Related work on social enterprise appears in our annual review.",
    "Posted by hand, the letters reached every member of the board.",
    "Labels on food banks donations must show the best-before date.",
    "4 comments from the minister stood out.",
    "Tweet about the event using our hashtag, then join us at 7pm.",
    "Share of income from legacies rose to 12 per cent.",
    "Bookmark the permalink of the consultation so you can find it again, then reply by Friday.",
])
def test_prose_mentioning_boilerplate_words_survives(sentence):
    html = f'<div class="entry-content category-social-care"><p>{sentence}</p><p><a href="/share">share</a> it</p></div>'
    assert to_text(html) == f"{sentence}\n\nshare it"
    assert to_text(sanitise(html, BASE)) == f"{sentence}\n\nshare it"


def test_inline_word_inside_sentence_kept():
    html = "<p>We decided to <a href='/x'>share</a> the findings.</p><p><strong>Tweet</strong> this later, she said.</p>"
    assert to_text(sanitise(html, BASE)) == "We decided to share the findings.\n\nTweet this later, she said."


def test_overlong_text_never_boilerplate():
    assert not boilerplate.is_boilerplate_text("Labels: " + "a, " * 400)
