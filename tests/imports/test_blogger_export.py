"""Blogger export importer: real Blogger Atom exports, the Riverside sample and a Takeout-style feed."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from lxml import etree

from normalise.dataio import to_dict
from normalise.imports import read_blogger_export

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "riverside-trust.blogger.xml"
CI = "feeds/blogger-export-atom_ci-lhh_blogger-data-test_2022.xml"
HAKYLL = "feeds/blogger-export-atom_hakyll-convert_testing-blog_2017.xml"
NS = {"a": "http://www.w3.org/2005/Atom", "thr": "http://purl.org/syndication/thread/1.0",
      "app": "http://purl.org/atom/app#"}
KIND = "a:category[@scheme='http://schemas.google.com/g/2005#kind']/@term"


def _entries(path: Path, kind: str) -> list:
    root = etree.parse(str(path)).getroot()
    return [e for e in root.findall("a:entry", NS) if e.xpath(KIND, namespaces=NS)[0].endswith("#" + kind)]


def _live_ids(path: Path, kind: str = "post") -> set[str]:
    """Numeric ids of the entries of ``kind`` that are not drafts."""
    return {e.findtext("a:id", namespaces=NS).rsplit("-", 1)[1] for e in _entries(path, kind)
            if e.findtext("app:control/app:draft", namespaces=NS) != "yes"}


def _xml_comments(path: Path) -> list[tuple[str, str | None]]:
    """(comment id, parent id from rel=related) of comments on published posts and pages, read independently.

    A comment names its post or page in thr:in-reply-to ref; for a page Blogger writes '.post-<page id>'."""
    live = _live_ids(path, "post") | _live_ids(path, "page")
    out = []
    for e in _entries(path, "comment"):
        if e.find("thr:in-reply-to", NS).get("ref").rsplit("-", 1)[1] not in live:
            continue
        related = e.xpath("a:link[@rel='related']/@href", namespaces=NS)
        out.append((e.findtext("a:id", namespaces=NS).split(".post-")[1],
                    related[0].rsplit("/", 1)[1] if related else None))
    return out


@pytest.fixture(scope="module")
def ci_posts():
    from tests.conftest import shared_fixtures_or_skip
    return list(read_blogger_export(shared_fixtures_or_skip() / CI))


def _by_id(posts) -> dict:
    return {c.id: (p, c) for p in posts for c in p.comments}


def test_ci_file_holds_193_comments_113_replies(shared_fixtures):
    comments = _entries(shared_fixtures / CI, "comment")
    replies = [e for e in comments if e.xpath("a:link[@rel='related']", namespaces=NS)]
    assert (len(comments), len(replies)) == (193, 113)


def test_ci_all_193_comments_come_out(shared_fixtures, ci_posts):
    expected = sorted(cid for cid, _ in _xml_comments(shared_fixtures / CI))
    assert len(expected) == 193 and sorted(c.id for p in ci_posts for c in p.comments) == expected


def test_ci_113_reply_pairs_match_rel_related(shared_fixtures, ci_posts):
    expected = {(cid, parent) for cid, parent in _xml_comments(shared_fixtures / CI) if parent}
    got = {(c.id, c.parent_id) for p in ci_posts for c in p.comments if c.parent_id}
    assert len(expected) == 113 and got == expected


def test_ci_page_comments_on_their_page(ci_posts):
    page = next(p for p in ci_posts if p.post_id == "178382260440960787")
    assert (page.post_type, page.url, len(page.comments)) == (
        "page", "http://www.cwp-project.net/p/sed-dignissim-eu-felis-ac-fringilla.html", 30)
    assert sum(len(p.comments) for p in ci_posts if p.post_type == "page") == 55


@pytest.mark.parametrize("title, post_type", [("Stylesheet", "page"), ("Cras Quis Mauris Nibh", "page"),
                                              ("Aliquam erat volutpat.", "post")])
def test_ci_known_titles_post_type(ci_posts, title, post_type):
    assert next(p for p in ci_posts if p.title == title).post_type == post_type


@pytest.mark.parametrize("cid, parent, author", [
    ("5640746118154740402", None, "Lance Hegland"),
    ("9098906712487576719", "5640746118154740402", "Lance Hegland (Civic Innovations)"),
    ("4381170269034800043", "3039288260959687717", "Lance Hegland"),
    ("532716687739000794", "5640746118154740402", "Lance Hegland"),
])
def test_ci_hand_checked_comment(ci_posts, cid, parent, author):
    post, comment = _by_id(ci_posts)[cid]
    assert (post.post_id, comment.parent_id, comment.author_name) == ("6558632220679596410", parent, author)


def test_ci_parent_never_the_post_itself(ci_posts):
    assert all(c.parent_id != p.post_id for p in ci_posts for c in p.comments)


def test_ci_comments_oldest_first(ci_posts):
    for post in ci_posts:
        instants = [datetime.fromisoformat(c.published_machine) for c in post.comments]
        assert instants == sorted(instants), post.post_id


def test_ci_only_published_posts_and_pages(shared_fixtures, ci_posts):
    posts, pages = _live_ids(shared_fixtures / CI, "post"), _live_ids(shared_fixtures / CI, "page")
    assert {p.post_id for p in ci_posts if p.post_type == "post"} == posts and len(posts) == 36
    assert {p.post_id for p in ci_posts if p.post_type == "page"} == pages and len(pages) == 9
    assert len(ci_posts) == 45


@pytest.mark.parametrize("draft_id", ["1293002393811303655", "2823073118724159608", "4035575229789711772"])
def test_ci_drafts_excluded(ci_posts, draft_id):
    assert draft_id not in {p.post_id for p in ci_posts}


def test_ci_post_fields(ci_posts):
    post = next(p for p in ci_posts if p.post_id == "6558632220679596410")
    assert post.url == "https://www.cwp-project.net/2022/09/donec-ultrices-mauris-vitae-diam.html"
    assert post.categories == ["Fringilla Eu Non", "Sit", "Mauris Nulla Mauris", "Pulvinar Elit Cras", "Nisl Sed Ac"]
    assert post.published_machine == "2022-09-22T23:30:00.002-05:00"
    assert [(a.name, a.url) for a in post.authors] == [
        ("Lance Hegland (Civic Innovations)", "https://www.blogger.com/profile/15576681007190902298")]
    assert post.comments_declared == 30 == len(post.comments)


def test_ci_site_and_provenance(ci_posts):
    post = ci_posts[0]
    assert (post.site.platform, post.site.base_url, post.site.name) == ("blogger", "http://www.cwp-project.net/",
                                                                        "CWP Project")
    assert (post.provenance.source, post.provenance.fetched_at) == ("blogger-export", "2022-09-30T04:14:41Z")


def test_hakyll_draft_and_template_skipped(shared_fixtures):
    posts = list(read_blogger_export(shared_fixtures / HAKYLL))
    assert len(posts) == 2 and sum(len(p.comments) for p in posts) == 1


def test_sample_posts_and_threads():
    posts = list(read_blogger_export(SAMPLE))
    chain = {c.id[-3:]: c.parent_id and c.parent_id[-3:] for p in posts for c in p.comments
             if p.post_id == "4100000000000000002"}
    assert [p.post_type for p in posts].count("post") == 5 and chain == {
        "001": None, "002": "001", "003": "002", "004": None}


def test_sample_page_kept_draft_page_skipped():
    pages = [p for p in read_blogger_export(SAMPLE) if p.post_type == "page"]
    assert [(p.title, p.url) for p in pages] == [("Find us", "http://riversidetrust-example.blogspot.com/p/find-us.html")]
    assert [(c.id, c.parent_id) for c in pages[0].comments] == [
        ("5600000000000000001", None), ("5600000000000000002", "5600000000000000001")]


def test_sample_import_is_deterministic():
    assert [to_dict(p) for p in read_blogger_export(SAMPLE)] == [to_dict(p) for p in read_blogger_export(SAMPLE)]


TAKEOUT = """<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns='http://www.w3.org/2005/Atom' xmlns:blogger='http://schemas.google.com/blogger/2018'>
  <id>tag:blogger.com,1999:blog-99</id><title>Riverside Takeout</title><updated>2020-05-01T10:00:00Z</updated>
  <link rel='alternate' type='text/html' href='https://riverside-takeout.example.org/'/>
  <entry><id>tag:blogger.com,1999:blog-99.post-1</id><blogger:type>POST</blogger:type><blogger:status>LIVE</blogger:status>
    <author><name>Megan</name></author><title>Live post</title><content type='html'>&lt;p&gt;Hi&lt;/p&gt;</content>
    <category term='News'/><published>2020-04-01T10:00:00Z</published><updated>2020-04-01T10:00:00Z</updated>
    <blogger:filename>/2020/04/live-post.html</blogger:filename></entry>
  <entry><id>tag:blogger.com,1999:blog-99.post-2</id><blogger:type>POST</blogger:type><blogger:status>DRAFT</blogger:status>
    <title>Draft</title><content type='html'>x</content><blogger:filename>/2020/04/draft.html</blogger:filename></entry>
  <entry><id>tag:blogger.com,1999:blog-99.post-3</id><blogger:type>PAGE</blogger:type><blogger:status>LIVE</blogger:status>
    <title>About</title><content type='html'>x</content><blogger:filename>/p/about.html</blogger:filename></entry>
  <entry><id>tag:blogger.com,1999:blog-99.post-10</id><blogger:parent>tag:blogger.com,1999:blog-99.post-1</blogger:parent>
    <blogger:inReplyTo/><blogger:type>COMMENT</blogger:type><blogger:status>LIVE</blogger:status>
    <author><name>Reader</name></author><content type='html'>First</content><published>2020-04-02T10:00:00Z</published></entry>
  <entry><id>tag:blogger.com,1999:blog-99.post-11</id><blogger:parent>tag:blogger.com,1999:blog-99.post-1</blogger:parent>
    <blogger:inReplyTo>tag:blogger.com,1999:blog-99.post-10</blogger:inReplyTo><blogger:type>COMMENT</blogger:type>
    <blogger:status>LIVE</blogger:status><author><name>Megan</name></author><content type='html'>Reply</content>
    <published>2020-04-03T10:00:00Z</published></entry>
</feed>
"""


def test_takeout_2018_feed(tmp_path):
    path = tmp_path / "feed.atom"
    path.write_text(TAKEOUT, encoding="utf-8")
    post, page = read_blogger_export(path)
    assert (post.url, post.categories) == ("https://riverside-takeout.example.org/2020/04/live-post.html", ["News"])
    assert [(c.id, c.parent_id) for c in post.comments] == [("10", None), ("11", "10")]
    assert (post.post_type, page.post_type, page.url) == ("post", "page", "https://riverside-takeout.example.org/p/about.html")


def test_malformed_xml_names_file_and_line(tmp_path):
    path = tmp_path / "broken.xml"
    path.write_text(SAMPLE.read_text(encoding="utf-8").replace("</feed>", ""), encoding="utf-8")
    with pytest.raises(ValueError, match=r"broken\.xml: line \d+"):
        list(read_blogger_export(path))


def test_not_a_feed(tmp_path):
    path = tmp_path / "rss.xml"
    path.write_text("<rss><channel/></rss>", encoding="utf-8")
    with pytest.raises(ValueError, match="rss.xml: not a Blogger export"):
        list(read_blogger_export(path))
