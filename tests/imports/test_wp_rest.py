"""WP REST importer: saved /wp/v2 responses merged by post id."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from normalise.imports import read_wp_rest

POST_60 = "feeds/wp-rest_post-60_with-embedded-replies_frontity.json"
COMMENTS_60 = "feeds/wp-rest_comments-post-60_frontity.json"
ARCHIVE = "feeds/wp-rest_posts-archive_frontity.json"


def _paths(root: Path, *names: str) -> list[Path]:
    return [root / n for n in names]


def _post(posts, pid: str):
    return next(p for p in posts if p.post_id == pid)


@pytest.fixture
def merged(shared_fixtures):
    return list(read_wp_rest(_paths(shared_fixtures, POST_60, COMMENTS_60, ARCHIVE)))


def test_comments_merged_by_post_id(shared_fixtures, merged):
    listed = {str(c["id"]) for c in json.loads((shared_fixtures / COMMENTS_60).read_text())}
    embedded = {str(c["id"]) for group in json.loads((shared_fixtures / POST_60).read_text())["_embedded"]["replies"]
                for c in group}
    assert [c.id for c in _post(merged, "60").comments] == ["5", "124", "129"]
    assert {"5", "124", "129"} == listed | embedded


def test_reply_parent_from_parent_field(merged):
    assert {c.id: c.parent_id for c in _post(merged, "60").comments} == {"5": None, "124": None, "129": "124"}


def test_duplicate_comment_filled_from_fuller_copy(merged):
    five = _post(merged, "60").comments[0]
    assert (five.author_name, five.published_machine, five.published_gmt) == (
        "Reyes Martinez", "2017-01-13T16:10:43", "2017-01-13T16:10:43")


def test_embedded_replies_alone(shared_fixtures):
    (post,) = read_wp_rest([shared_fixtures / POST_60])
    assert [(c.id, c.author_url) for c in post.comments] == [("5", "http://www.worona.org")]


def test_post_fields(merged):
    post = _post(merged, "60")
    assert (post.url, post.title, post.published_machine, post.updated_gmt) == (
        "https://demo.worona.org/the-beauties-of-gullfoss/", "The Beauties of Gullfoss", "2016-11-25T18:31:11",
        "2018-03-22T17:09:55")
    assert [a.name for a in post.authors] == ["Alan Martin"]
    assert post.categories == ["Photography", "Travel"]
    assert post.tags[:2] == ["Gullfoss", "Iceland"]
    assert (post.comments_status, post.site.base_url, post.site.platform) == ("open", "https://demo.worona.org/",
                                                                              "wordpress")


def test_archive_terms_without_names_left_empty(merged):
    post = _post(merged, "1")
    assert (post.categories, [a.name for a in post.authors], post.title) == ([], ["Author 1"], None)


def test_archive_list_gives_every_post(merged):
    assert {p.post_id for p in merged} == {"60", "1", "2", "3"}


def test_fetched_at_is_latest_gmt_time_in_files(shared_fixtures, merged):
    times = []
    for name in (POST_60, COMMENTS_60, ARCHIVE):
        data = json.loads((shared_fixtures / name).read_text())
        for obj in data if isinstance(data, list) else [data]:
            times += [obj[k] for k in ("modified_gmt", "date_gmt") if obj.get(k)]
    assert {p.provenance.fetched_at for p in merged} == {max(times) + "Z"}


def test_provenance_names_the_post_file(shared_fixtures, merged):
    prov = _post(merged, "60").provenance
    assert (prov.fetched_url, prov.source) == ((shared_fixtures / POST_60).resolve().as_uri(), "wp-rest")


def test_comments_without_their_post_are_skipped(shared_fixtures):
    assert list(read_wp_rest([shared_fixtures / COMMENTS_60])) == []


def _write(tmp_path: Path, data) -> Path:
    path = tmp_path / "api.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _small_post(**extra) -> dict:
    post = {"id": 7, "type": "post", "link": "https://riversidetrust.example.org/shop/", "date": "2010-01-01T10:00:00",
            "date_gmt": "2010-01-01T10:00:00", "title": {"rendered": "Shop &#038; caf&eacute;"},
            "content": {"rendered": "<p>Open.</p>", "protected": False}}
    post.update(extra)
    return post


def _comment(cid: int, status: str) -> dict:
    return {"id": cid, "post": 7, "parent": 0, "author_name": "Sam", "date": f"2010-01-0{cid}T10:00:00",
            "content": {"rendered": "<p>Hi</p>"}, "status": status, "type": "comment"}


def test_title_entities_decoded(tmp_path):
    (post,) = read_wp_rest([_write(tmp_path, [_small_post()])])
    assert post.title == "Shop & café"


@pytest.mark.parametrize("include, expected", [(False, {"1"}), (True, {"1", "2"})])
def test_held_comments_only_when_asked(tmp_path, include, expected):
    path = _write(tmp_path, [_small_post(), _comment(1, "approved"), _comment(2, "hold"), _comment(3, "spam")])
    (post,) = read_wp_rest([path], include_unapproved=include)
    assert {c.id for c in post.comments} == expected


def test_password_protected_post_kept_with_empty_content_and_its_comments(tmp_path):
    path = _write(tmp_path, [_small_post(content={"rendered": "", "protected": True},
                                         excerpt={"rendered": "", "protected": True}), _comment(1, "approved")])
    (post,) = read_wp_rest([path])
    assert (post.post_id, post.content_html, post.is_excerpt) == ("7", "", False)
    assert [c.id for c in post.comments] == ["1"]


def test_page_kept_as_page(tmp_path):
    path = _write(tmp_path, [_small_post(type="page", link="https://riversidetrust.example.org/about/"),
                             _comment(1, "approved")])
    (page,) = read_wp_rest([path])
    assert (page.post_type, page.url, [c.id for c in page.comments]) == (
        "page", "https://riversidetrust.example.org/about/", ["1"])


def test_posts_are_post_type_post(merged):
    assert {p.post_type for p in merged} == {"post"}


@pytest.mark.parametrize("extra", [{"type": "attachment"}, {"type": "nav_menu_item"}, {"type": "product"},
                                   {"status": "draft"}, {"status": "future"}, {"status": "pending"},
                                   {"status": "private"}, {"status": "trash"}, {"type": "page", "status": "draft"}])
def test_non_public_or_non_post_objects_skipped(tmp_path, extra):
    path = _write(tmp_path, [_small_post(**extra), _small_post(id=8, status="publish")])
    assert [p.post_id for p in read_wp_rest([path])] == ["8"]


def test_invalid_json_names_file_and_line(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('[{"id": 1,\n "link": }]', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.json: line 2"):
        list(read_wp_rest([path]))


def test_json_without_wordpress_objects_rejected(tmp_path):
    with pytest.raises(ValueError, match="api.json: no WordPress REST"):
        list(read_wp_rest([_write(tmp_path, [{"name": "not a post"}])]))
