"""bench/eval.py's options: page selection, a comparator that is not installed, bad arguments."""
from __future__ import annotations

import json

from bench.eval import cli, tools

from ..conftest import shared_fixtures_or_skip

ONE_PAGE = "org_diakonie-de_*"


def test_a_comparator_not_installed_leaves_our_column_and_says_how_to_install(monkeypatch, capsys, tmp_path):
    shared_fixtures_or_skip()
    monkeypatch.setattr(tools.tool("trafilatura"), "module", "no_such_package_for_the_scorecard")
    out_json = tmp_path / "card.json"
    assert cli.main(["--pages", ONE_PAGE, "--tools", "ours,trafilatura", "--repeats", "1",
                     "--json", str(out_json)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[1].split() == ["field", "ours", "ours"]  # org and overall, ours only
    assert "trafilatura: not installed" in out and "pip install -e '.[bench]'" in out
    report = json.loads(out_json.read_text(encoding="utf-8"))
    assert report["missing"] == {"trafilatura": "pip install -e '.[bench]'"}
    assert list(report["tools"]) == ["ours"] and report["pages"] == {"org": 1, "overall": 1}


def test_pages_glob_and_family_select(capsys):
    shared_fixtures_or_skip()
    assert cli.main(["--family", "blogger", "--pages", "*python-360*", "--tools", "ours", "--repeats", "1"]) == 0
    header = capsys.readouterr().out.splitlines()[0].split()
    assert header == ["blogger", "(1", "posts)", "overall", "(1", "posts)"]


def test_no_matching_page_is_an_error(capsys):
    shared_fixtures_or_skip()
    assert cli.main(["--family", "drupal", "--tools", "ours"]) == 2
    assert "no gold page matches family='drupal'" in capsys.readouterr().err


def test_unknown_tool_is_an_error(capsys):
    assert cli.main(["--tools", "ours,readability"]) == 2
    assert "unknown tool 'readability'" in capsys.readouterr().err


def test_misses_lists_posts_under_one(capsys):
    shared_fixtures_or_skip()
    assert cli.main(["--pages", ONE_PAGE, "--tools", "ours", "--repeats", "1", "--misses"]) == 0
    out = capsys.readouterr().out
    assert out.rstrip().endswith("our misses:\nnone")


def test_misses_names_the_page_post_and_fields():
    fixtures = shared_fixtures_or_skip()
    from bench.eval.scoring import GoldPage

    post = {"title": "Volunteer hours", "published": "2023-01-15", "authors": [], "body_must_contain": ["two thousand"]}
    page = GoldPage("wordpress/x.html", "wordpress", "https://x.example/", [post])
    wrong = {"title": "Volunteer hours", "published": "2023-01-16T09:00:00Z", "content_text": "two thousand hours"}
    assert cli.misses([page], {"wordpress/x.html": [wrong]}, fixtures) == [
        "wordpress/x.html: 'Volunteer hours': {'published_day': 0.0}"]
    assert cli.misses([page], {"wordpress/x.html": [dict(wrong, published="2023-01-15")]}, fixtures) == []


def test_logging_is_as_before_after_a_run():
    """The run silences log lines while the tools work, and leaves the process's logging as it found it."""
    import logging

    shared_fixtures_or_skip()
    before = (logging.root.manager.disable, logging.getLogger("harvester").level, logging.getLogger("trafilatura").level)
    assert cli.main(["--pages", ONE_PAGE, "--tools", "ours", "--repeats", "1"]) == 0
    after = (logging.root.manager.disable, logging.getLogger("harvester").level, logging.getLogger("trafilatura").level)
    assert after == before
