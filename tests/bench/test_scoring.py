"""Gold pages and per-field means: selection by family and glob, URLs from the manifest, clear errors."""
from __future__ import annotations

import json

import pytest

from bench.eval import scoring

from ..conftest import shared_fixtures_or_skip


@pytest.fixture
def fixtures(tmp_path):
    """A fixtures folder of two gold pages, one of them in the manifest."""
    for family, name, title in (("wordpress", "wp_a", "A post"), ("org", "org_b", "B post")):
        (tmp_path / "gold" / family).mkdir(parents=True)
        (tmp_path / "gold" / family / f"{name}.json").write_text(json.dumps(
            {"file": f"{family}/{name}.html", "page_kind": "post", "posts": [{"title": title}]}), encoding="utf-8")
    (tmp_path / "MANIFEST.tsv").write_text("file\tfamily\toriginal_url\nwordpress/wp_a.html\twordpress\t"
                                           "https://a.example/post/\n", encoding="utf-8")
    return tmp_path


def test_every_gold_page_with_its_family_and_url(fixtures):
    pages = scoring.gold_pages(fixtures)
    assert [(p.file, p.family, p.url) for p in pages] == [
        ("org/org_b.html", "org", "http://example.invalid/org_b.html"),  # not in the manifest
        ("wordpress/wp_a.html", "wordpress", "https://a.example/post/"),
    ]
    assert pages[1].posts == [{"title": "A post"}] and pages[1].path(fixtures) == fixtures / "wordpress/wp_a.html"


@pytest.mark.parametrize("family,pattern,files", [
    ("org", "", ["org/org_b.html"]),
    ("", "wp_*", ["wordpress/wp_a.html"]),
    ("", "wordpress/*", ["wordpress/wp_a.html"]),
    ("org", "wp_*", []),
])
def test_family_and_glob_select(fixtures, family, pattern, files):
    assert [p.file for p in scoring.gold_pages(fixtures, family, pattern)] == files


def test_a_broken_gold_file_is_named(fixtures):
    (fixtures / "gold" / "org" / "org_c.json").write_text('{"file": "org/org_c.html"}', encoding="utf-8")
    with pytest.raises(ValueError, match=r"org_c\.json: not a gold label file"):
        scoring.gold_pages(fixtures)


def test_missing_gold_folder_and_scorer_are_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="no gold labels"):
        scoring.gold_pages(tmp_path)
    with pytest.raises(FileNotFoundError, match="reference scorer not found"):
        scoring.scorer(tmp_path)


def test_means_in_table_order_limited_to_the_fields_asked():
    acc = {"comment_count": [1.0, 0.0], "title": [1.0, 1.0, 0.0], "authors": []}
    assert list(scoring.mean_scores(acc)) == ["title", "comment_count"]  # table order; no posts: no figure
    assert scoring.mean_scores(acc, ["comment_count"]) == {"comment_count": 0.5}


def test_post_counts_per_family_and_overall(fixtures):
    assert scoring.post_counts(scoring.gold_pages(fixtures)) == {"org": 1, "wordpress": 1, "overall": 2}


def test_the_real_gold_set():
    pages = scoring.gold_pages(shared_fixtures_or_skip())
    assert {f: sum(p.family == f for p in pages) for f in ("blogger", "org", "wordpress")} == \
        {"blogger": 14, "org": 12, "wordpress": 23}
