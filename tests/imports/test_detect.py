"""Format detection and the read_export dispatcher."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from normalise.imports import detect_format, read_export

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.mark.parametrize("name, fmt", [
    ("feeds/wxr_wordpress-theme-unit-test-data.xml", "wxr"),
    ("feeds/wxr_wordpress-com_hakyll-convert_2017.xml", "wxr"),
    ("feeds/blogger-export-atom_ci-lhh_blogger-data-test_2022.xml", "blogger-export"),
    ("feeds/blogger-export-atom_hakyll-convert_testing-blog_2017.xml", "blogger-export"),
    ("feeds/wp-rest_comments-post-60_frontity.json", "wp-rest"),
    ("feeds/wp-rest_post-60_with-embedded-replies_frontity.json", "wp-rest"),
    ("feeds/wp-rest_posts-archive_frontity.json", "wp-rest"),
])
def test_real_fixture_formats(shared_fixtures, name, fmt):
    assert detect_format(shared_fixtures / name) == fmt


@pytest.mark.parametrize("name, fmt", [("riverside-trust.wordpress.xml", "wxr"),
                                       ("riverside-trust.blogger.xml", "blogger-export")])
def test_sample_formats(name, fmt):
    assert detect_format(SAMPLES / name) == fmt


@pytest.mark.parametrize("filename, text", [
    ("notes.txt", "Minutes of the trustees' meeting"),
    ("page.html", "<!DOCTYPE html><html><body><p>Hello</p></body></html>"),
    ("feed.rss", "<?xml version='1.0'?><rss version='2.0'><channel><title>x</title></channel></rss>"),
    ("other.json", '{"name": "Riverside", "items": [1, 2]}'),
    ("broken.json", '[{"id": 1'),
    ("empty.xml", ""),
])
def test_unknown_format_names_the_file(tmp_path, filename, text):
    path = tmp_path / filename
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=f"{filename}: unrecognised export format"):
        detect_format(path)


def test_missing_file_named(tmp_path):
    with pytest.raises(ValueError, match="absent.xml: no such export file"):
        detect_format(tmp_path / "absent.xml")


@pytest.mark.parametrize("name, posts, pages", [("riverside-trust.wordpress.xml", 9, 1),
                                                ("riverside-trust.blogger.xml", 5, 1)])
def test_read_export_single_file(name, posts, pages):
    types = [p.post_type for p in read_export(SAMPLES / name)]
    assert (types.count("post"), types.count("page"), len(types)) == (posts, pages, posts + pages)


def test_read_export_passes_include_unapproved():
    posts = list(read_export(str(SAMPLES / "riverside-trust.wordpress.xml"), include_unapproved=True))
    assert [c.id for p in posts for c in p.comments if not c.approved] == ["302"]


def test_read_export_merges_rest_files_and_reads_xml(shared_fixtures):
    paths = [shared_fixtures / "feeds/wp-rest_comments-post-60_frontity.json", SAMPLES / "riverside-trust.blogger.xml",
             shared_fixtures / "feeds/wp-rest_post-60_with-embedded-replies_frontity.json"]
    posts = list(read_export(paths))
    sources = [p.provenance.source for p in posts]
    assert sources == ["blogger-export"] * 6 + ["wp-rest"]
    assert len(posts[-1].comments) == 3


def test_cross_posted_text_is_near_identical():
    """The sample pair the dedupe demo relies on: same title, nearly the same words, on two platforms."""
    wp = next(p for p in read_export(SAMPLES / "riverside-trust.wordpress.xml") if p.post_id == "74")
    bl = next(p for p in read_export(SAMPLES / "riverside-trust.blogger.xml") if p.post_id == "4100000000000000004")
    a, b = (set(re.sub(r"<[^>]+>", " ", p.content_html).split()) for p in (wp, bl))
    overlap = len(a & b) / len(a | b)
    assert wp.title == bl.title and 0.9 < overlap < 1.0
