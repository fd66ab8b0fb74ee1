"""WordPress extraction behaviours on the hand-written pages: threading, pings, widgets, status, pagination."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from harvester.extract import extract_page, page
from harvester.extract.wordpress import comment_pages

PAGES = Path(__file__).parent / "pages"
CLASSIC_URL = "https://millbrook.example.org/2023/01/15/volunteer-hours/"
BLOCK_URL = "https://auenhain.example.de/tafel-sucht-fahrerinnen/"
WHEN = "2025-01-01T00:00:00Z"


def _page(name: str) -> bytes:
    return (PAGES / f"{name}.html").read_bytes()


@pytest.fixture(scope="module")
def classic() -> dict:
    (record,) = extract_page(_page("classic_theme_post"), CLASSIC_URL, fetched_at=WHEN)
    return record


def _flat(comments, depth=1):
    for c in comments:
        yield c, depth
        yield from _flat(c["replies"], depth + 1)


def test_replies_nest_four_deep(classic):
    depths = {c["id"]: d for c, d in _flat(classic["comments"])}
    assert depths == {"comment-101": 1, "comment-102": 2, "comment-103": 3, "comment-104": 4,
                      "comment-105": 1, "comment-106": 1}


def test_pingback_in_separate_ping_list_is_kept_last(classic):
    last = classic["comments"][-1]
    assert last["kind"] == "pingback"
    assert last["author_name"].startswith("Valley News")


def test_nav_menu_children_and_recent_comments_widget_are_not_comments(classic):
    names = [c["author_name"] for c, _ in _flat(classic["comments"])]
    assert len(names) == 6
    assert all("trustees" not in (n or "").lower() for n in names)
    # the widget repeats Sam Patel's name; only his real comment counts
    assert names.count("Sam Patel") == 1


def test_sidebar_category_widget_is_not_a_category(classic):
    assert classic["categories"] == ["Volunteering"]
    assert "News" not in classic["tags"]


def test_body_excludes_share_buttons_and_meta(classic):
    assert "sharedaddy" not in classic["content_html"]
    assert "Registered charity" not in classic["content_html"]
    assert "Ruth Okafor" not in classic["content_html"]


def test_comment_status_open_when_form_present(classic):
    assert classic["comments_status"] == "open"


def test_provenance(classic):
    body = _page("classic_theme_post")
    prov = classic["provenance"]
    assert prov["payload_sha256"] == hashlib.sha256(body).hexdigest()
    assert (prov["fetched_url"], prov["fetched_at"], prov["source"], prov["tool"]) == (CLASSIC_URL, WHEN, "html", "extract")


def test_block_theme_comments_closed_and_threaded():
    (record,) = extract_page(_page("block_theme_post"), BLOCK_URL, fetched_at=WHEN)
    assert record["comments_status"] == "closed"
    assert [r["author_name"] for r in record["comments"][0]["replies"]] == ["Jonas Weber"]
    assert record["authors"] == [{"name": "Jonas Weber", "url": None}]


def test_listing_teaser_points_at_its_permalink():
    records = extract_page(_page("listing_home"), "https://notes.example.org/", fetched_at=WHEN)
    assert [r["is_excerpt"] for r in records] == [False, False, True]
    assert records[2]["canonical_url"] == "https://notes.example.org/2021/04/30/annual-report/"


def test_declared_windows_1252_charset_is_honoured():
    records = extract_page(_page("listing_home"), "https://notes.example.org/", fetched_at=WHEN)
    assert "£40,000" in records[0]["content_html"]


def test_wrong_declared_charset_is_repaired():
    body = '<html><head><meta charset="ascii"></head><body><p>Grüße</p></body></html>'.encode("utf-8")
    assert "Grüße" in page.decode(body)


def test_comment_pages_classic_and_block():
    assert comment_pages(_page("classic_theme_post"), CLASSIC_URL) == [
        "https://millbrook.example.org/2023/01/15/volunteer-hours/comment-page-1/"]
    assert comment_pages(_page("block_theme_post"), BLOCK_URL) == [
        "https://auenhain.example.de/tafel-sucht-fahrerinnen/comment-page-2/"]


TWENTY_TWELVE_COMMENT_NAV = """<html><body class="single single-post"><div id="comments" class="comments-area">
<ol class="commentlist"><li class="comment" id="li-comment-7"><article id="comment-7">Hello</article></li></ol>
<nav id="comment-nav-below" class="navigation" role="navigation"><h1 class="assistive-text">Comment navigation</h1>
<div class="nav-previous"><a href="/2012/05/fridge/comment-page-1/#comments">&larr; Older Comments</a></div>
<div class="nav-next"></div></nav></div></body></html>"""


def test_comment_pages_twenty_twelve_navigation():
    assert comment_pages(TWENTY_TWELVE_COMMENT_NAV, "https://riverside.example.org/2012/05/fridge/") == [
        "https://riverside.example.org/2012/05/fridge/comment-page-1/"]


TWENTY_TWELVE_COMMENT = """<html><body class="single single-post"><article class="post"><h1 class="entry-title">Fridge</h1>
<div class="entry-content"><p>Our community fridge is one year old.</p></div></article>
<div id="comments" class="comments-area"><ol class="commentlist"><li class="comment" id="li-comment-9">
<article id="comment-9" class="comment"><header class="comment-meta comment-author vcard">
<cite><b class="fn"><a href="https://priya.example.net/" rel="external nofollow" class="url">Priya</a></b></cite>
<a href="/2012/05/fridge/#comment-9"><time datetime="2012-05-16T08:30:00+01:00">May 16, 2012 at 8:30 am</time></a>
</header><section class="comment-content comment"><p>Well done all.</p></section></article></li></ol></div>
</body></html>"""


def test_comment_date_text_not_the_commenters_link():
    (record,) = extract_page(TWENTY_TWELVE_COMMENT, "https://riverside.example.org/2012/05/fridge/", fetched_at=WHEN,
                             platform="wordpress")
    (c,) = record["comments"]
    assert (c["published_raw"], c["published_machine"], c["author_url"]) == (
        "May 16, 2012 at 8:30 am", "2012-05-16T08:30:00+01:00", "https://priya.example.net/")


@pytest.mark.parametrize("junk", [b"", b"\x00\xff\xfe garbage", bytes(range(256)) * 40,
                                  b"\x89PNG\r\n\x1a\n" + bytes(range(64)) * 60 + b"<html><title>x</title></html>", "<html><body></body></html>", b"<?xml version='1.0'?><a/>",
                                  "plain text, no markup"])
def test_junk_gives_no_records(junk):
    assert extract_page(junk, "https://example.org/x", fetched_at=WHEN) == []


# -- Shapes seen on a real WordPress 6.1 (tests/harvester/test_wordpress_real.py), reduced to what matters ----------

BLOCK_PAGE_WITH_COMMENT = """<html><body class="page-template-default page page-id-25">
<main class="wp-block-group"><div class="wp-block-group"><h1 class="wp-block-post-title">About the Trust</h1></div>
<div class="entry-content wp-block-post-content"><p>Millbrook Community Trust is a registered charity founded in
1994 by residents of the Weir Lane estate, running a lunch club and a homework club.</p></div>
<div class="wp-block-comments"><h2 class="wp-block-comments-title">One response</h2>
<ol class="wp-block-comment-template"><li id="comment-50" class="comment even thread-even depth-1">
<div class="wp-block-columns"><div class="wp-block-column">
<div class="wp-block-comment-author-name">Yusuf Demir</div>
<div class="wp-block-comment-date"><time datetime="2012-09-03T14:00:00+01:00"><a href="#comment-50">3 September 2012</a></time></div>
<div class="wp-block-comment-content"><p>Do you have a charity number?</p></div></div></div></li></ol></div>
</main></body></html>"""


def test_block_theme_comment_is_never_the_pages_author_or_date():
    """A static page shows no byline or date; the comment template's author and date are the comment's only."""
    (record,) = extract_page(BLOCK_PAGE_WITH_COMMENT, "http://blog.example.org/about/", fetched_at=WHEN,
                             platform="wordpress")
    assert (record["authors"], record.get("published_raw"), record.get("published_machine")) == ([], None, None)
    assert [(c["author_name"], c["published_machine"]) for c in record["comments"]] == [
        ("Yusuf Demir", "2012-09-03T14:00:00+01:00")]


BLOCK_TERMS = """<html><body class="post-template-default single single-post postid-8">
<main><h1 class="wp-block-post-title">Croeso!</h1>
<div class="entry-content wp-block-post-content"><p>Our first Welsh-language sessions start next week at the hall,
with tea and cake for everyone who comes along.</p></div>
<div class="taxonomy-category wp-block-post-terms"><a href="/category/cymraeg/" rel="tag">Cymraeg</a>
<a href="/category/projects/" rel="tag">Projects</a></div>
<div class="taxonomy-post_tag wp-block-post-terms"><a href="/tag/cymraeg/" rel="tag">Cymraeg</a>
<a href="/tag/iaith/" rel="tag">iaith</a></div></main></body></html>"""


def test_a_tag_named_like_a_category_is_kept():
    (record,) = extract_page(BLOCK_TERMS, "http://blog.example.org/croeso/", fetched_at=WHEN, platform="wordpress")
    assert (record["categories"], record["tags"]) == (["Cymraeg", "Projects"], ["Cymraeg", "iaith"])


CLASSIC_PROTECTED = """<html><body class="post-template-default single single-post postid-18">
<main id="main"><article id="post-18" class="post-18 post type-post post-password-required hentry">
<header class="entry-header"><h1 class="entry-title">Protected: Trustee minutes, May 2013</h1></header>
<div class="entry-content"><p class="post-password-message">This content is password protected. Please enter a
password to view.</p><form action="/wp-login.php?action=postpass" class="post-password-form" method="post">
<label for="pwbox-18">Password</label><input name="post_password" id="pwbox-18" type="password" /></form></div>
<footer class="entry-footer"><span class="posted-on">Published <time class="entry-date published updated"
datetime="2013-05-15T18:00:00+01:00">15 May 2013</time></span></footer></article></main></body></html>"""


def test_password_protected_post_has_no_body_and_its_own_title():
    (record,) = extract_page(CLASSIC_PROTECTED, "http://blog.example.org/2013/05/trustee-minutes/", fetched_at=WHEN,
                             platform="wordpress")
    assert (record["title"], record["content_html"]) == ("Trustee minutes, May 2013", "")
    assert record["published_machine"] == "2013-05-15T18:00:00+01:00"


def test_a_title_starting_with_protected_is_kept_on_an_open_post():
    page_html = CLASSIC_PROTECTED.replace(' post-password-required', '').replace('post-password-form', 'search-form')
    page_html = page_html.replace("action=postpass", "action=search")
    (record,) = extract_page(page_html, "http://blog.example.org/2013/05/trustee-minutes/", fetched_at=WHEN,
                             platform="wordpress")
    assert record["title"] == "Protected: Trustee minutes, May 2013"


def test_body_split_in_blocks_without_post_container_leaves_dialogs_navigation_and_sidebar_out():
    """A custom theme: no post container, the body in several div.the-content blocks; a privacy-policy
    dialog in the page's markup outweighs each block, and 'previous / next article' links follow the post."""
    from harvester.commands.extract import published

    body = (PAGES / "split_body_dialogs.html").read_bytes()
    records = extract_page(body, "https://windowsill.example.org/fig-tree-from-cutting/",
                           fetched_at="2025-01-01T00:00:00Z")
    post, = published(records)[0]
    text = post.content_text
    assert text.startswith("A fig cutting taken in late winter") and "Method 1: rooting in water" in text
    assert text.endswith("water only when the top feels dry.")
    for boilerplate in ("Privacy policy", "join the newsletter", "PREVIOUS ARTICLE", "NEXT ARTICLE", "Polka Dot",
                        "Marta Lind grows figs", "I have grown a fig", "apartment gardening", "We use cookies"):
        assert boilerplate not in text
    assert [(c.author.name, [r.author.name for r in c.replies]) for c in post.comments] == [("omg -_-", ["Marta Lind"])]
