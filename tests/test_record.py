"""One raw record becomes one published Post: a test per field."""
import pytest

from normalise.record import NormaliseError, normalise_dict
from normalise.urls import post_id
from tests.rawbuild import raw_post


@pytest.fixture(scope="module")
def post():
    return normalise_dict(raw_post())


def test_id_is_stable_across_url_variants():
    a = normalise_dict(raw_post(url="http://riverside-trust.example/2008/09/meeting-the-ministers.html?m=1"))
    b = normalise_dict(raw_post())
    assert a.id == b.id == post_id("https://www.riverside-trust.example/2008/09/meeting-the-ministers.html")


def test_url_prefers_declared_canonical():
    p = normalise_dict(raw_post(url="https://www.riverside-trust.example/?page=2",
                                canonical_url="/2008/09/meeting-the-ministers.html", is_excerpt=True))
    assert p.url == "https://www.riverside-trust.example/2008/09/meeting-the-ministers.html"
    assert p.seen_at == ["https://www.riverside-trust.example/?page=2"]


def test_title_whitespace_collapsed(post):
    assert post.title == "Meeting the Ministers"


def test_site(post):
    assert (post.site.name, post.site.base_url, post.site.platform) == (
        "Riverside Trust Blog", "https://www.riverside-trust.example/", "blogger")


def test_site_name_defaults_to_host():
    rec = raw_post()
    rec["site"]["name"] = None
    assert normalise_dict(rec).site.name == "www.riverside-trust.example"


def test_published_from_date_header(post):
    assert (post.published, post.published_precision, post.published_raw) == (
        "2008-09-27", "day", "Saturday, September 27, 2008")


def test_published_from_title_month():
    p = normalise_dict(raw_post(title="Trustees' report (December 2012)", published_raw=None))
    assert (p.published, p.published_precision) == ("2012-12", "month")


def test_published_with_gmt_gives_offset():
    p = normalise_dict(raw_post(published_raw=None, published_machine="2013-07-01T10:30:00",
                                published_gmt="2013-07-01T09:30:00"))
    assert (p.published, p.published_precision) == ("2013-07-01T10:30:00+01:00", "second")


def test_implausible_date_rejected_raw_kept():
    p = normalise_dict(raw_post(published_raw="3 March 1989"))
    assert (p.published, p.published_precision, p.published_raw) == (None, None, "3 March 1989")


def test_future_date_rejected():
    assert normalise_dict(raw_post(published_raw="5 May 2030")).published is None


def test_authors_cleaned_and_absolute(post):
    assert [(a.name, a.url) for a in post.authors] == [
        ("Ruth Evans", "https://www.riverside-trust.example/profile/ruth")]


def test_categories_deduplicated_in_order(post):
    assert post.categories == ["Policy", "Funding"]


def test_language(post):
    assert post.language == "en-GB"


def test_bad_language_dropped():
    assert normalise_dict(raw_post(language="<script>")).language is None


def test_content_html_sanitised_and_absolute(post):
    html = post.content_html
    assert "<script" not in html and "onclick" not in html and "alert(1)" not in html
    assert 'href="https://www.riverside-trust.example/about"' in html


def test_content_text_paragraphs(post):
    assert post.content_text == "We met officials from three departments today.\n\nVolunteers ran the café."


def test_repeated_comment_removed_and_counted(post):
    assert [c.id for c in post.comments] == ["c1"]
    assert [(r.id, r.repeat_of) for r in post.comments_removed] == [("c3", "c1")]
    assert post.comment_count == 2


def test_comment_reply_nested(post):
    reply = post.comments[0].replies[0]
    assert (reply.id, reply.parent_id, reply.author.name) == ("c2", "c1", "Ruth Evans")


def test_comment_author_said_stripped(post):
    assert post.comments[0].author.name == "Janet F"


def test_comment_date(post):
    c = post.comments[0]
    assert (c.published, c.published_precision, c.published_raw) == (
        "2008-09-28T09:15", "minute", "28 September 2008 09:15")


def test_comments_declared_parsed(post):
    assert post.comments_declared == 3


def test_nested_markup_comments_get_parents():
    rec = raw_post(comments=[{"author_name": "A", "content_html": "one",
                              "replies": [{"author_name": "B", "content_html": "two",
                                           "replies": [{"author_name": "C", "content_html": "three"}]}]},
                             {"author_name": "D", "content_html": "four"}])
    p = normalise_dict(rec)
    assert [c.id for c in p.comments] == ["c1", "c4"]
    assert p.comments[0].replies[0].replies[0].parent_id == "c2"
    assert p.comment_count == 4


def test_comment_id_prefixes_stripped_consistently():
    rec = raw_post(comments=[{"id": "comment-41", "author_name": "A", "content_html": "x"},
                             {"id": "li-comment-42", "parent_id": "comment-41", "author_name": "B",
                              "content_html": "y"}])
    p = normalise_dict(rec)
    assert (p.comments[0].id, p.comments[0].replies[0].parent_id) == ("41", "41")


def test_provenance_copied(post):
    prov = post.provenance
    assert (prov.source, prov.tool, prov.fetched_at, prov.payload_sha256) == (
        "html", "blogger", "2024-03-01T10:00:00Z", "a" * 64)


@pytest.mark.parametrize("change,message", [
    ({"raw_version": "2"}, "raw_version"),
    ({"url": "javascript:alert(1)"}, "absolute http"),
    ({"title": 42}, "$.title"),
    ({"provenance": {"fetched_url": "x", "fetched_at": "yesterday", "source": "html", "tool": "t",
                     "tool_version": "1"}}, "fetched_at"),
])
def test_bad_record_rejected_with_reason(change, message):
    with pytest.raises(NormaliseError, match=message.replace("$", r"\$")):
        normalise_dict(raw_post(**change))
