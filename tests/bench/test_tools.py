"""The comparators' adapters: a small hand-written trafilatura / htmldate result mapped onto the gold fields."""
from __future__ import annotations

import math

import pytest

from bench.eval import scoring, tools

from ..conftest import shared_fixtures_or_skip

GOLD_POST = {
    "title": "Parsing JSON quickly",
    "published": "2019-08-02",
    "authors": ["Daniel Lemire"],
    "body_must_contain": ["JSON is everywhere on the web", "we parse gigabytes per second", "the code is on GitHub"],
    "body_must_not_contain": ["Leave a Reply", "Great post, thanks for sharing"],
    "comments": [{"author": "Jane", "date": "2019-08-03", "parent": None, "kind": "comment",
                  "starts_with": "Great post, thanks for sharing"}],
}
# What bare_extraction(...).as_dict() gives for such a page: one author string, comments apart from the text.
TRAFILATURA_RESULT = {
    "title": "Parsing JSON quickly",
    "author": "Someone Else; Daniel Lemire",
    "date": "2019-08-02",
    "text": "JSON is everywhere on the web. Today we parse gigabytes per second. Thanks for reading.",
    "comments": "Great post, thanks for sharing this. Jane",
    "hostname": "lemire.me",
}

def _scores(records: list[dict], fields: list[str]) -> dict[str, float]:
    fixtures = shared_fixtures_or_skip()
    page = scoring.GoldPage("wordpress/hand-written.html", "wordpress", "https://lemire.me/blog/x/", [GOLD_POST])
    return scoring.score_tool([page], lambda p: records, fields, fixtures)["wordpress"]

def test_trafilatura_result_becomes_one_record_of_its_fields():
    assert tools.trafilatura_records(TRAFILATURA_RESULT) == [{
        "title": "Parsing JSON quickly",
        "published": "2019-08-02",
        "authors": [{"name": "Someone Else"}, {"name": "Daniel Lemire"}],
        "content_text": TRAFILATURA_RESULT["text"],
    }]

def test_trafilatura_scored_on_its_fields_only():
    """Title, day and one author right; 2 of 3 body snippets; its comments string is not body text."""
    got = _scores(tools.trafilatura_records(TRAFILATURA_RESULT), tools.TRAFILATURA_FIELDS)
    assert got == {"title": 1.0, "published_day": 1.0, "authors": 1.0,
                   "body_present": pytest.approx(2 / 3), "boilerplate_absent": 1.0}

def test_trafilatura_wrong_values_score_zero():
    result = dict(TRAFILATURA_RESULT, title="Lemire's blog", date="2019-08-05T10:00:00", author="Site Admin",
                  text="Leave a Reply")
    got = _scores(tools.trafilatura_records(result), tools.TRAFILATURA_FIELDS)
    assert got == {"title": 0.0, "published_day": 0.0, "authors": 0.0, "body_present": 0.0,
                   "boilerplate_absent": 0.5}

@pytest.mark.parametrize("result", [None, {}])
def test_trafilatura_nothing_found_is_no_record(result):
    assert tools.trafilatura_records(result) == []
    assert _scores([], tools.TRAFILATURA_FIELDS) == {"title": 0.0, "published_day": 0.0, "body_present": 0.0,
                                                      "boilerplate_absent": 0.0}

def test_trafilatura_missing_metadata_maps_to_empty_values():
    record, = tools.trafilatura_records({"text": "body only", "author": " ; ", "date": None, "title": None})
    assert record == {"title": "", "published": None, "authors": [], "content_text": "body only"}

@pytest.mark.parametrize("date,score", [("2019-08-02", 1.0), ("2019-08-01", 0.0), (None, 0.0)])
def test_htmldate_gives_the_published_day_only(date, score):
    records = tools.htmldate_records(date)
    assert records == ([{"title": "", "published": date}] if date else [])
    assert _scores(records, tools.HTMLDATE_FIELDS) == {"published_day": score}

def test_comparators_claim_no_comment_fields():
    comment_fields = {"comment_count", "comment_author_f1", "reply_parent", "top_level_right"}
    assert not comment_fields & set(tools.TRAFILATURA_FIELDS + tools.HTMLDATE_FIELDS)
    assert tools.tool("ours").fields == scoring.FIELDS

def test_unknown_tool_is_named():
    with pytest.raises(KeyError, match="readability"):
        tools.tool("readability")

def test_a_missing_package_is_reported_unavailable():
    absent = tools.Tool("absent", ["title"], "no_such_package_for_the_scorecard", tools.run_htmldate,
                        tools.htmldate_records)
    assert not absent.available()
    assert tools.tool("ours").available()
