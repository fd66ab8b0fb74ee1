"""End to end on the shapes of the posts the project exists for (../shared/seeds), with invented text."""
import pytest

from normalise.record import normalise_dict
from tests.rawbuild import raw_post

BLOGGER_BODY = """
<div class="post-body entry-content">
<p>On Friday a group of us from local charities met the new commissioners.</p>
<p>The conversation turned quickly to personal budgets and who holds them.</p>
</div>
<div class="post-footer"><div class="post-footer-line post-footer-line-1">
<span class="post-author vcard">Posted by <span class="fn">Maggie Rowe</span></span>
<span class="post-timestamp">at <a class="timestamp-link" href="/2008/09/x.html"><abbr>10:15</abbr></a></span>
<span class="post-comment-link">4 comments:</span></div>
<div class="post-share-buttons"><a class="share-button sb-email" href="https://www.blogger.com/share-post.g?blogID=1&amp;postID=2&amp;target=email">Email This</a>BlogThis!<a href="https://www.blogger.com/share-post.g?blogID=1&amp;postID=2&amp;target=twitter">Share to Twitter</a></div>
</div>"""

NCVO_BODY = """
<div class="entry-content">
<p>Our trustees met to agree the plan for the coming year.</p>
<p>We will publish the full minutes in the new year.</p>
</div>
<div class="entry-utility">This entry was posted in <a href="/category/governance/">Governance</a>. Bookmark the <a href="/p/" rel="bookmark">permalink</a>.</div>
<p class="nocomments">Comments are closed.</p>"""


@pytest.fixture(scope="module")
def blogger_post():
    comments = [
        {"id": "1", "author_name": "Unknown said...", "published_raw": "September 28, 2008 at 9:03 AM",
         "content_html": "I agree with most of this.<br><br>Alex<br>Chair, Riverside Tenants"},
        {"id": "2", "author_name": "Unknown said...", "published_raw": "September 28, 2008 at 9:04 AM",
         "content_html": "I agree with most of this.<br /><br />Alex<br />Chair, Riverside Tenants"},
        {"id": "3", "author_name": "Janet F said...", "published_raw": "September 29, 2008 at 6:40 PM",
         "content_html": "Where can I read the report?"},
        {"id": "4", "author_name": "Unknown said...", "published_raw": "October 2, 2008 at 1:12 AM",
         "content_html": "Great article thanks <a href='http://spam.example/'>cheap car polish</a>"},
    ]
    return normalise_dict(raw_post(published_raw="Saturday, September 27, 2008", content_html=BLOGGER_BODY,
                                   comments_declared="4 comments:", comments=comments))


def test_blogger_date_header(blogger_post):
    assert (blogger_post.published, blogger_post.published_precision) == ("2008-09-27", "day")


def test_blogger_footer_and_share_buttons_gone(blogger_post):
    text = blogger_post.content_text
    assert text == ("On Friday a group of us from local charities met the new commissioners.\n\n"
                    "The conversation turned quickly to personal budgets and who holds them.")
    assert "share-post.g" not in blogger_post.content_html


def test_blogger_declared_count_and_repeat(blogger_post):
    assert blogger_post.comments_declared == 4
    assert blogger_post.comment_count == 3
    assert [(r.id, r.repeat_of) for r in blogger_post.comments_removed] == [("2", "1")]


def test_blogger_comment_times_and_authors(blogger_post):
    got = [(c.author.name, c.published) for c in blogger_post.comments]
    assert got == [("Unknown", "2008-09-28T09:03"), ("Janet F", "2008-09-29T18:40"),
                   ("Unknown", "2008-10-02T01:12")]


def test_blogger_comment_text_keeps_line_breaks(blogger_post):
    assert blogger_post.comments[0].content_text == "I agree with most of this.\n\nAlex\nChair, Riverside Tenants"


@pytest.fixture(scope="module")
def ncvo_post():
    return normalise_dict(raw_post(
        url="https://blogs.example.org.uk/2012/12/trustee-away-day/", title="Trustee away day (December 2012)",
        site={"base_url": "https://blogs.example.org.uk/", "platform": "wordpress", "languages": ["en-GB"]},
        published_raw=None, content_html=NCVO_BODY, comments=[], comments_declared=None,
        comments_status="closed"))


def test_ncvo_date_from_title(ncvo_post):
    assert (ncvo_post.published, ncvo_post.published_precision, ncvo_post.published_raw) == (
        "2012-12", "month", "Trustee away day (December 2012)")


def test_ncvo_entry_utility_and_closed_notice_gone(ncvo_post):
    assert ncvo_post.content_text == ("Our trustees met to agree the plan for the coming year.\n\n"
                                      "We will publish the full minutes in the new year.")


def test_ncvo_comments_closed(ncvo_post):
    assert (ncvo_post.comments_status, ncvo_post.comment_count) == ("closed", 0)
