"""Blogger extraction: detection markers, and what the hand-written pages (pages/blogger_*.html) become once normalised.

The per-field checks of the raw records are generated from pages/blogger_*.json by test_extract_pages.py
(auto-detected platform); this file checks the same pages with the platform forced, the shapes the
seed posts need after normalising (date header carried down, 'Janet F said...', the repeated comment
removed, the spam comment kept, threaded replies, '?showComment=' and '?m=1' URLs), and small inline
pages for the corporate and Dynamic Views templates.
"""
from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from harvester.extract import detect_platform, extract_page
from normalise.record import normalise_dict

PAGES = Path(__file__).parent / "pages"
BLOGGER_PAGES = sorted(p.stem for p in PAGES.glob("blogger_*.json"))
FETCHED_AT = "2025-01-01T00:00:00Z"


def _raw(name: str, platform: str | None = None) -> list[dict]:
    expected = json.loads((PAGES / f"{name}.json").read_text(encoding="utf-8"))
    return extract_page((PAGES / f"{name}.html").read_bytes(), expected["url"], fetched_at=FETCHED_AT,
                        platform=platform)


def _posts(name: str):
    return [normalise_dict(r) for r in _raw(name)]


def _flat(comments):
    for c in comments:
        yield c
        yield from _flat(c.replies)


# --- Detection ---------------------------------------------------------------------------------------

DETECT = [
    ("blogger", "<html><head><meta content='blogger' name='generator'/></head><body></body></html>",
     "https://news.example.org/"),
    ("blogger", '<html><head><meta name="generator" content="Blogger" /></head></html>', "https://news.example.org/"),
    ("blogger", "<html><head><link href='https://www.blogger.com/dyn-css/authorization.css?targetBlogID=1' "
                "rel='stylesheet'/></head></html>", "https://news.example.org/"),
    ("blogger", "<html><body><script>_WidgetManager._Init('//www.blogger.com/rearrange?blogID=1')</script></body>"
                "</html>", "https://news.example.org/"),
    ("blogger", "<html><head><link rel='canonical' href='https://x.blogspot.com/2020/01/a.html'/></head></html>",
     "https://www.example.org/2020/01/a.html"),
    ("blogger", "<html><body><p>Hello</p></body></html>", "https://x.blogspot.co.uk/2020/01/a.html"),
    ("generic", "<html><body><h2 class='date-header'><span>Saturday, September 27, 2008</span></h2>"
                "<div class='post-body'><p>News</p></div></body></html>", "https://news.example.org/"),
]


@pytest.mark.parametrize("expected,html,url", DETECT, ids=[f"{c[0]}-{i}" for i, c in enumerate(DETECT)])
def test_detect_blogger_markers(expected, html, url):
    platform, reason = detect_platform(html.encode(), url)
    assert (platform, bool(reason)) == (expected, True)


@pytest.mark.parametrize("name", BLOGGER_PAGES)
def test_page_detected_as_blogger(name):
    platform, _ = detect_platform((PAGES / f"{name}.html").read_bytes(), "https://example.invalid/")
    assert platform == "blogger"


@pytest.mark.parametrize("name", BLOGGER_PAGES)
def test_forced_platform_gives_the_same_records(name):
    assert _raw(name, platform="blogger") == _raw(name)


# --- Layout template: dl#comments-block, '4 comments:', a repeat and a spam comment --------------------


@pytest.fixture(scope="module")
def layout():
    (post,) = _posts("blogger_layout_comments_block")
    return post


def test_showcomment_url_is_the_post(layout):
    assert layout.url == "http://hollybank-advice.blogspot.com/2008/09/personal-budgets-meeting.html"


def test_date_header_and_footer_time(layout):
    assert (layout.published, layout.published_raw) == ("2008-09-27T10:15:00+01:00",
                                                        "Saturday, September 27, 2008 10:15 AM")


def test_declared_four_repeat_removed_spam_kept(layout):
    assert layout.comments_declared == 4
    assert [c.author.name for c in layout.comments] == ["Anonymous", "Janet F", "Anonymous"]
    assert [(r.id, r.repeat_of) for r in layout.comments_removed] == [("9102", "9101")]
    assert "cheap garden sheds" in layout.comments[-1].content_text


def test_comment_instant_from_showcomment_epoch(layout):
    janet = layout.comments[1]
    assert (janet.published, janet.published_raw) == ("2008-09-29T17:40:00Z", "September 29, 2008 at 6:40 PM")


def test_comment_form_means_open(layout):
    assert layout.comments_status == "open"


def test_sidebar_and_share_buttons_absent(layout):
    assert "View my complete profile" not in layout.content_text
    assert "BlogThis" not in layout.content_text


# --- Classic (2005) template with a Wayback toolbar ------------------------------------------------------


@pytest.fixture(scope="module")
def classic():
    (post,) = _posts("blogger_classic_2005")
    return post


def test_classic_byline_and_date(classic):
    assert [a.name for a in classic.authors] == ["Dev Mistry"]
    assert classic.published == "2005-11-04T21:47"


def test_classic_comments(classic):
    assert classic.comments_declared == 2
    assert [c.author.name for c in classic.comments] == ["Sue at the hall", "Anonymous"]


def test_wayback_toolbar_ignored(classic):
    seen = json.dumps(_raw("blogger_classic_2005"))
    assert "Wayback" not in seen and "captures" not in seen
    assert classic.site.name == "Ashdown Youth Project"


# --- Threaded comments and the 2017+ themes --------------------------------------------------------------


@pytest.mark.parametrize("name,shape", [
    ("blogger_threaded_comments", [("Tom Beck", None), ("Priya N", "301"), ("Anonymous", None)]),
    ("blogger_contempo_post", [("Omar K", None), ("Hannah Ellis", "6001")]),
])
def test_reply_threads(name, shape):
    (post,) = _posts(name)
    assert [(c.author.name, c.parent_id) for c in _flat(post.comments)] == shape
    assert post.comment_count == len(shape)


def test_mobile_url_is_the_post():
    (post,) = _posts("blogger_threaded_comments")
    assert post.url == "https://fernlea-garden.blogspot.com/2014/04/seed-swap.html"


def test_contempo_fields():
    (post,) = _posts("blogger_contempo_post")
    assert (post.published[:10], [a.name for a in post.authors], post.categories) == (
        "2019-06-03", ["Hannah Ellis"], ["classes", "volunteering"])
    assert post.comments_declared == 2 and "Share" not in post.content_text


# --- Listing page: one date header over two posts -----------------------------------------------------------


def test_listing_carries_the_date_header_down():
    posts = _posts("blogger_listing_home")
    assert [(p.title, p.published[:10]) for p in posts] == [
        ("New drop-in hours from October", "2008-09-27"),
        ("Personal budgets: notes from the commissioners' meeting", "2008-09-27"),
        ("Our annual report is out", "2008-09-26")]


def test_listing_excerpt_only_where_truncated():
    posts = _posts("blogger_listing_home")
    assert [p.is_excerpt for p in posts] == [False, False, True]
    assert "Read more" not in posts[2].content_text
    assert [p.comments_declared for p in posts] == [0, 4, 1]


# --- Small inline pages ----------------------------------------------------------------------------------------

CORPORATE = """<html lang='en'><head><meta content='blogger' name='generator'/></head><body>
<div class='widget Blog' id='Blog1'><div class='post' data-id='987654321'>
<h2 class='title'><a href='https://research.example.org/2020/05/flood-maps.html'>Open flood maps</a></h2>
<div class='post-header'><div class='published'>
<span class='publishdate' itemprop='datePublished'>May 19, 2020</span></div></div>
<div class='post-body'><div class='post-content' itemprop='articleBody'>
<script type='text/template'><span class='byline-author'>Posted by Ana Lima, Joe Park and Sam Roy - Mapping team
</span><p>Hidden copy.</p></script>
<noscript><span class='byline-author'>Posted by Ana Lima, Joe Park and Sam Roy - Mapping team
</span>
<p>Today we publish open flood maps for every parish in the county, free to reuse.</p></noscript>
</div></div>
<div class='post-footer'><a href='https://plus.google.com/1' rel='author' style='display:none;'>Example Org</a></div>
<div class='comments' id='comments'><h4>No comments :</h4><dl id='comments-block'></dl>
<p class='comment-footer'>
<a href='https://www.blogger.com/comment.g?blogID=1&amp;postID=987654321'>Post a Comment</a></p></div>
</div></div></body></html>"""


def test_corporate_body_from_noscript_and_byline_names():
    (raw,) = extract_page(CORPORATE, "https://research.example.org/2020/05/flood-maps.html", fetched_at=FETCHED_AT)
    post = normalise_dict(raw)
    assert [a.name for a in post.authors] == ["Ana Lima", "Joe Park", "Sam Roy"]
    assert "open flood maps for every parish" in post.content_text and "Hidden copy" not in post.content_text
    assert (raw["post_id"], post.published, post.comments_declared, post.comments_status) == (
        "987654321", "2020-05-19", 0, "open")


def test_dynamic_views_logs_that_the_feed_is_needed(caplog):
    with caplog.at_level(logging.INFO, logger="harvester.extract.blogger"):
        (raw,) = _raw("blogger_dynamic_views")
    assert raw["title"] == "Sommerfest im Hof" and "content_html" not in raw
    assert "feeds/posts/default" in caplog.text


@pytest.mark.parametrize("body", [b"", b"\x00\xff junk", b"<html><body><div class='widget Blog' id='Blog1'>"
                                  b"<div class='post-outer'></div></div></body></html>",
                                  b"<html><body><dl id='comments-block'><dd>x</dd><dt></dt></dl></body></html>"])
def test_junk_never_crashes(body):
    records = extract_page(body, "https://x.blogspot.com/", fetched_at=FETCHED_AT, platform="blogger")
    assert isinstance(records, list)


MOBILE_INDEX = """<html><head><meta content='blogger' name='generator'/></head><body>
<div class='widget Blog' id='Blog1'><div class='blog-posts hfeed'>
<div class='mobile-date-outer date-outer'><div class='date-header'><span>Saturday, September 27, 2008</span></div>
<div class='mobile-post-outer'><a href='https://x.blogspot.com/2008/09/a.html?m=1'>
<h3 class='mobile-index-title entry-title'>First post</h3>
<div class='mobile-index-contents'><div class='post-body'>The first post opens like this and goes on for a while.</div></div></a></div>
<div class='mobile-post-outer'><a href='https://x.blogspot.com/2008/09/b.html?m=1'>
<h3 class='mobile-index-title entry-title'>Second post</h3>
<div class='mobile-index-contents'><div class='post-body'>The second post opens like this and goes on too.</div></div></a></div>
</div></div></div></body></html>"""


def test_mobile_index_lists_excerpts_under_one_date():
    raws = extract_page(MOBILE_INDEX, "https://x.blogspot.com/?m=1", fetched_at=FETCHED_AT)
    assert [(r["title"], r["is_excerpt"], r["published_raw"]) for r in raws] == [
        ("First post", True, "Saturday, September 27, 2008"), ("Second post", True, "Saturday, September 27, 2008")]
    assert [normalise_dict(r).url for r in raws] == ["https://x.blogspot.com/2008/09/a.html",
                                                     "https://x.blogspot.com/2008/09/b.html"]
