"""WXR importer: real WordPress exports and the invented Riverside sample."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from lxml import etree

from normalise.dataio import to_dict
from normalise.imports import read_wxr

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
SAMPLE = SAMPLES / "riverside-trust.wordpress.xml"
THEME = "feeds/wxr_wordpress-theme-unit-test-data.xml"
HAKYLL = "feeds/wxr_wordpress-com_hakyll-convert_2017.xml"
WP = {"wp": "https://wordpress.org/export/1.2/"}


def _theme(shared_fixtures: Path) -> Path:
    return shared_fixtures / THEME


def _public_items(path: Path) -> list:
    """Items the importer should keep, read independently: status publish, type post or page (password or not)."""
    tree = etree.parse(str(path))
    return [i for i in tree.iter("item")
            if i.findtext("wp:post_type", namespaces=WP) in ("post", "page")
            and i.findtext("wp:status", namespaces=WP) == "publish"]


def _xml_comments(path: Path, approved: set[str]) -> list[tuple[str, str]]:
    """(comment_id, parent) of comments on public posts whose wp:comment_approved is in ``approved``."""
    return [(c.findtext("wp:comment_id", namespaces=WP), c.findtext("wp:comment_parent", namespaces=WP))
            for item in _public_items(path) for c in item.findall("wp:comment", WP)
            if c.findtext("wp:comment_approved", namespaces=WP) in approved]


def _by_id(posts) -> dict:
    return {c.id: (p, c) for p in posts for c in p.comments}


@pytest.fixture(scope="module")
def theme_posts():
    from tests.conftest import shared_fixtures_or_skip
    return list(read_wxr(shared_fixtures_or_skip() / THEME))


@pytest.fixture(scope="module")
def sample_posts():
    return list(read_wxr(SAMPLE))


def test_theme_file_holds_33_comments_30_approved(shared_fixtures):
    tree = etree.parse(str(_theme(shared_fixtures)))
    flags = [c.findtext("wp:comment_approved", namespaces=WP) for c in tree.iterfind(".//wp:comment", WP)]
    assert (len(flags), flags.count("1")) == (33, 30)


def test_theme_all_30_approved_comments_come_out(shared_fixtures, theme_posts):
    expected = sorted(cid for cid, _ in _xml_comments(_theme(shared_fixtures), {"1"}))
    got = sorted(c.id for p in theme_posts for c in p.comments)
    assert len(expected) == 30 and got == expected


def test_theme_comments_on_pages_and_protected_post_come_out(theme_posts):
    by_id = _by_id(theme_posts)
    assert {cid: by_id[cid][0].post_id for cid in ("167", "168", "169", "926")} == {
        "167": "155", "168": "155", "169": "155", "926": "1168"}


def test_theme_reply_pairs_match_the_xml(shared_fixtures, theme_posts):
    expected = {(cid, parent) for cid, parent in _xml_comments(_theme(shared_fixtures), {"1"}) if parent != "0"}
    got = {(c.id, c.parent_id) for p in theme_posts for c in p.comments if c.parent_id}
    assert got == expected and len(got) == 9


@pytest.mark.parametrize("cid, parent, author", [
    ("905", "904", "Jane Bloggs"),
    ("907", "906", "Fred Bloggs"),
    ("915", "914", "themedemos"),
    ("881", None, "John Γιάννης Doe Κάποιος"),
])
def test_theme_hand_checked_comment(theme_posts, cid, parent, author):
    post, comment = _by_id(theme_posts)[cid]
    assert (post.post_id, comment.parent_id, comment.author_name) == ("1148", parent, author)


@pytest.mark.parametrize("cid, kind", [("921", "trackback"), ("922", "trackback"), ("923", "pingback"),
                                       ("924", "pingback"), ("925", "comment")])
def test_theme_ping_kinds(theme_posts, cid, kind):
    assert _by_id(theme_posts)[cid][1].kind == kind


def test_theme_ping_author_entities_decoded(theme_posts):
    assert _by_id(theme_posts)["921"][1].author_name == "Ping 1 « What’s a tellyworth?"


def test_theme_pending_left_out_by_default(theme_posts):
    assert not {"1015", "1016", "1017"} & set(_by_id(theme_posts))
    assert all(c.approved for p in theme_posts for c in p.comments)


def test_theme_pending_included_when_asked(shared_fixtures):
    posts = list(read_wxr(_theme(shared_fixtures), include_unapproved=True))
    pending = {(c.id, c.parent_id) for p in posts for c in p.comments if not c.approved}
    xml = {(cid, None if parent == "0" else parent) for cid, parent in _xml_comments(_theme(shared_fixtures), {"0"})}
    assert pending == xml == {("1015", None), ("1016", None), ("1017", "168")}
    assert sum(len(p.comments) for p in posts) == 33


def test_theme_keeps_exactly_the_public_posts(shared_fixtures, theme_posts):
    expected = [i.findtext("wp:post_id", namespaces=WP) for i in _public_items(_theme(shared_fixtures))]
    assert [p.post_id for p in theme_posts] == expected


@pytest.mark.parametrize("post_type, status", [("post", "draft"), ("post", "future"), ("attachment", "inherit"),
                                               ("nav_menu_item", "publish")])
def test_theme_non_posts_excluded(shared_fixtures, theme_posts, post_type, status):
    tree = etree.parse(str(_theme(shared_fixtures)))
    ids = {i.findtext("wp:post_id", namespaces=WP) for i in tree.iter("item")
           if i.findtext("wp:post_type", namespaces=WP) == post_type and i.findtext("wp:status", namespaces=WP) == status}
    assert ids and not ids & {p.post_id for p in theme_posts}


def test_theme_post_types_match_the_xml(shared_fixtures, theme_posts):
    expected = {i.findtext("wp:post_id", namespaces=WP): i.findtext("wp:post_type", namespaces=WP)
                for i in _public_items(_theme(shared_fixtures))}
    assert {p.post_id: p.post_type for p in theme_posts} == expected
    assert sorted(expected.values()).count("page") == 21


@pytest.mark.parametrize("title, post_type", [("Page with comments", "page"), ("About The Tests", "page"),
                                              ("Template: Comments", "post")])
def test_theme_known_titles_post_type(theme_posts, title, post_type):
    assert next(p for p in theme_posts if p.title == title).post_type == post_type


def test_theme_password_protected_post_included_with_content(shared_fixtures, theme_posts):
    post = next(p for p in theme_posts if p.post_id == "1168")
    item = next(i for i in _public_items(_theme(shared_fixtures)) if i.findtext("wp:post_id", namespaces=WP) == "1168")
    exported = item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded")
    assert item.findtext("wp:post_password", namespaces=WP) == "enter"
    assert exported.strip() and exported.split()[0] in post.content_html
    assert [c.id for c in post.comments] == ["926"]


def test_theme_creator_resolved_to_display_name(theme_posts):
    post = next(p for p in theme_posts if p.post_id == "1148")
    assert [a.name for a in post.authors] == ["Theme Buster"]


def test_theme_categories_and_tags_split_by_domain(theme_posts):
    post = next(p for p in theme_posts if p.post_id == "1148")  # read by hand in the file
    assert (post.categories, post.tags) == (["Classic", "Template", "Uncategorized"], ["comments", "template"])


def test_theme_dates_are_raw_strings(theme_posts):
    post = next(p for p in theme_posts if p.post_id == "1148")
    assert (post.published_machine, post.published_gmt) == ("2012-01-03 10:11:37", "2012-01-03 17:11:37")


def test_theme_comments_in_display_order(theme_posts):
    pings = [c.id for c in next(p for p in theme_posts if p.post_id == "1149").comments]
    assert pings.index("924") < pings.index("923")  # Ping 3 was posted before Ping 4


def test_theme_block_content_left_unwrapped(theme_posts):
    post = next(p for p in theme_posts if p.post_id == "1743")
    assert post.content_html.startswith("<!-- wp:")


def test_theme_site_and_provenance(shared_fixtures, theme_posts):
    path = _theme(shared_fixtures)
    post = theme_posts[0]
    assert (post.site.platform, post.site.base_url, post.site.name, post.language) == (
        "wordpress", "https://wpthemetestdata.wordpress.com", "Theme Unit Test Data", "en")
    assert post.provenance.fetched_at == "2015-01-27T14:56:57Z"
    assert post.provenance.payload_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert post.provenance.fetched_url == path.resolve().as_uri()
    assert (post.provenance.source, post.provenance.tool) == ("wxr", "normalise import")


def test_hakyll_post_gets_paragraphs(shared_fixtures):
    posts = list(read_wxr(shared_fixtures / HAKYLL))
    html = next(p for p in posts if p.post_id == "19").content_html
    assert html.startswith('<p><a href="https://github.com/Minoru/hakyll-convert">') and "<p><ul>" not in html
    assert "<p>We aim to:</p>" in html


def test_hakyll_comment_autop_and_empty_language(shared_fixtures):
    post = next(p for p in read_wxr(shared_fixtures / HAKYLL) if p.post_id == "19")
    assert post.comments[0].content_html == "<p>This is an example comment.</p>\n" and post.language is None


def test_import_is_deterministic():
    assert [to_dict(p) for p in read_wxr(SAMPLE)] == [to_dict(p) for p in read_wxr(SAMPLE)]


def test_sample_post_count(sample_posts):
    assert [p.post_type for p in sample_posts].count("post") == 9 and len(sample_posts) == 10


@pytest.mark.parametrize("title", ["Christmas opening hours", "New year, new trustees", "shop-front", "Home",
                                   "Volunteer rota"])
def test_sample_non_posts_excluded(sample_posts, title):
    assert title not in {p.title for p in sample_posts}


def test_sample_page_with_comment(sample_posts):
    page = next(p for p in sample_posts if p.title == "About us")
    assert (page.post_type, page.post_id, [c.id for c in page.comments]) == ("page", "94", ["801"])


def test_sample_password_protected_post_kept(sample_posts):
    post = next(p for p in sample_posts if p.post_id == "95")
    assert post.post_type == "post" and "apologies were received" in post.content_html
    assert [(c.id, c.author_name) for c in post.comments] == [("901", "Tom Reece")]


def test_sample_spam_never_included():
    posts = list(read_wxr(SAMPLE, include_unapproved=True))
    assert "303" not in _by_id(posts) and not _by_id(posts)["302"][1].approved


def test_sample_thread_three_deep(sample_posts):
    chain = {c.id: c.parent_id for c in _by_id(sample_posts).values() for c in [c[1]]}
    assert (chain["201"], chain["202"], chain["203"]) == (None, "201", "202")


def test_sample_repeat_comment_kept_raw(sample_posts):
    post = next(p for p in sample_posts if "(December 2012)" in p.title)
    assert [c.content_html for c in post.comments][0] == [c.content_html for c in post.comments][1]


@pytest.mark.parametrize("cid, text", [("101", "Diolch yn fawr"), ("401", "Viele Grüße aus Freiburg")])
def test_sample_non_ascii_text(sample_posts, cid, text):
    assert text in _by_id(sample_posts)[cid][1].content_html


def test_sample_pre_block_keeps_newlines(sample_posts):
    html = next(p for p in sample_posts if p.post_id == "81").content_html
    assert "<pre>Doors   18:30\nStart   19:00\n\nTea     20:30</pre>" in html


def _variant(tmp_path: Path, old: str, new: str) -> Path:
    text = SAMPLE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "variant.xml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_zero_gmt_date_ignored(tmp_path):
    path = _variant(tmp_path, "<wp:post_date_gmt>2006-03-14 09:30:00</wp:post_date_gmt>",
                    "<wp:post_date_gmt>0000-00-00 00:00:00</wp:post_date_gmt>")
    post = next(p for p in read_wxr(path) if p.post_id == "11")
    assert (post.published_machine, post.published_gmt) == ("2006-03-14 09:30:00", None)


@pytest.mark.parametrize("version", ["1.0", "1.1"])
def test_older_wxr_namespaces(tmp_path, version):
    path = _variant(tmp_path, "wordpress.org/export/1.2/", f"wordpress.org/export/{version}/")
    assert len(list(read_wxr(path))) == 10


def test_malformed_xml_names_file_and_line(tmp_path):
    path = _variant(tmp_path, "</channel>", "</chanel>")
    with pytest.raises(ValueError, match=r"variant\.xml: line \d+"):
        list(read_wxr(path))


def test_not_a_wxr_file(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_text("<feed xmlns='http://www.w3.org/2005/Atom'><title>x</title></feed>", encoding="utf-8")
    with pytest.raises(ValueError, match="feed.xml: not a WXR export"):
        list(read_wxr(path))


def test_entities_are_not_expanded(tmp_path):
    path = tmp_path / "xxe.xml"
    path.write_text(SAMPLE.read_text(encoding="utf-8").replace(
        '<?xml version="1.0" encoding="UTF-8" ?>',
        '<?xml version="1.0" encoding="UTF-8" ?>\n<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>').replace(
        "<title>Riverside Community Trust</title>", "<title>Riverside&secret;</title>", 1), encoding="utf-8")
    posts = list(read_wxr(path))
    assert "root:" not in (posts[0].site.name or "")
