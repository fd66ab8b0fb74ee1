"""normalise.report: timeline with every month, gaps, missing fields, duplicates and errors of an archive."""
from __future__ import annotations

from normalise.record import normalise_dict
from normalise.report import CrawlError, ReportInputs, build_report, gaps, month_of, month_range

from .rawbuild import raw_post


def post(slug: str, published_raw: str | None, comments=(), **changes):
    """A normalised post at an invented URL, published on published_raw (None: no date shown)."""
    fields = {"comments_declared": None, **changes}
    record = raw_post(url=f"https://www.riverside-trust.example/{slug}.html", published_raw=published_raw,
                      comments=list(comments), **fields)
    return normalise_dict(record)


def comment(cid: str, when: str | None, parent: str | None = None) -> dict:
    return {"id": cid, "parent_id": parent, "author_name": f"Reader {cid}", "published_raw": when,
            "content_html": f"<p>Comment {cid} on the post.</p>"}


def test_month_of_needs_month_precision():
    assert month_of("2009-03-14T10:00+01:00") == "2009-03"
    assert month_of("2009-03") == "2009-03"
    assert month_of("2009") is None
    assert month_of(None) is None


def test_month_range_crosses_years():
    assert month_range("2009-11", "2010-02") == ["2009-11", "2009-12", "2010-01", "2010-02"]


def test_timeline_has_every_month_between_first_and_last_with_zeros():
    posts = [post("a", "3 January 2010"), post("b", "20 January 2010"), post("c", "2 April 2010")]
    report = build_report(posts)
    assert [(m["month"], m["posts"]) for m in report["months"]] == [
        ("2010-01", 2), ("2010-02", 0), ("2010-03", 0), ("2010-04", 1)]
    assert report["totals"]["first_month"] == "2010-01" and report["totals"]["last_month"] == "2010-04"


def test_comments_counted_in_the_month_they_were_written_at_every_depth():
    posts = [post("a", "3 January 2010", [comment("c1", "5 January 2010"), comment("c2", "2 March 2010", "c1"),
                                          comment("c3", None)])]
    report = build_report(posts)
    assert [(m["month"], m["comments"]) for m in report["months"]] == [("2010-01", 1), ("2010-02", 0),
                                                                      ("2010-03", 1)]
    assert report["totals"]["comments"] == 3 and report["totals"]["replies"] == 1
    assert report["totals"]["undated_comments"] == 1


def test_gaps_are_empty_runs_inside_the_active_range_longest_first():
    rows = [{"month": m, "posts": n, "comments": 0} for m, n in
            [("2010-01", 1), ("2010-02", 0), ("2010-03", 2), ("2010-04", 0), ("2010-05", 0), ("2010-06", 0),
             ("2010-07", 1), ("2010-08", 0)]]
    assert gaps(rows) == [{"from": "2010-04", "to": "2010-06", "months": 3},
                          {"from": "2010-02", "to": "2010-02", "months": 1}]


def test_undated_posts_counted_not_charted():
    report = build_report([post("a", None), post("b", "3 January 2010")])
    assert report["totals"]["undated_posts"] == 1
    assert sum(m["posts"] for m in report["months"]) == 1


def test_missing_fields_name_the_posts():
    untitled = post("untitled", "3 January 2010", title="")
    anonymous = post("anonymous", "4 January 2010", authors=[])
    undated = post("undated", None)
    report = build_report([untitled, anonymous, undated, post("fine", "5 January 2010")])
    by_field = {m["field"]: m for m in report["missing_fields"]}
    assert by_field["title"]["urls"] == [untitled.url]
    assert by_field["authors"]["urls"] == [anonymous.url]
    assert by_field["published"]["urls"] == [undated.url]
    assert by_field["content"]["count"] == 0


def test_fewer_comments_than_announced_is_reported_but_repeats_removed_are_not_missing():
    short = post("short", "3 January 2010", [comment("c1", "5 January 2010")], comments_declared="3 comments:")
    repeats = post("repeats", "3 January 2010",
                   [comment("c1", "5 January 2010"),
                    {**comment("c1", "5 January 2010"), "id": "c2"}], comments_declared="2 comments:")
    assert len(repeats.comments_removed) == 1
    report = build_report([short, repeats])
    by_field = {m["field"]: m for m in report["missing_fields"]}
    assert by_field["comments"]["urls"] == [short.url]


def test_duplicates_section_counts_what_dedupe_recorded():
    a = post("a", "3 January 2010")
    a.seen_at = ["http://riverside-trust.example/a.html", "https://www.riverside-trust.example/a.html?m=1"]
    b = post("b", "4 January 2010")
    b.duplicate_of = a.id
    report = build_report([a, b], ReportInputs(merged_versions=5))
    dup = report["duplicates"]
    assert dup["merged_versions"] == 5 and dup["url_variants"] == 2 and dup["near_duplicates"] == 1
    assert dup["near_duplicate_posts"] == [{"url": b.url, "id": b.id, "duplicate_of": a.id}]


def test_errors_grouped_by_kind_with_urls_and_rejected_lines():
    errors = [CrawlError("http_503", "http://x.example/1"), CrawlError("timeout", "http://x.example/2"),
              CrawlError("http_503", "http://x.example/3")]
    report = build_report([], ReportInputs(errors=errors, rejected=[("raw.jsonl:7", "invalid JSON")]))
    assert report["errors"] == [
        {"kind": "http_503", "count": 2, "urls": ["http://x.example/1", "http://x.example/3"]},
        {"kind": "rejected_record", "count": 1, "urls": ["raw.jsonl:7"]},
        {"kind": "timeout", "count": 1, "urls": ["http://x.example/2"]}]


def test_pages_are_counted_apart_and_not_held_to_post_checks():
    page = post("about", None, post_type="page")
    report = build_report([page])
    assert report["totals"]["pages"] == 1 and report["totals"]["posts"] == 0
    assert report["totals"]["undated_posts"] == 0
    assert all(m["count"] == 0 for m in report["missing_fields"])


def test_empty_archive():
    report = build_report([])
    assert report["months"] == [] and report["gaps"] == [] and report["totals"]["first_month"] is None
