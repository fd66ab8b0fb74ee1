"""The printed scorecard: a row per scored field, a dash where a tool has no such field, ms/page and the baseline."""
from __future__ import annotations

from bench.eval import table

REPORT = {
    "posts": {"wordpress": 3, "overall": 3},
    "tools": {"ours": {"package": "sector-blog-archive", "version": "0.1.0"},
              "htmldate": {"package": "htmldate", "version": "1.11.0"}},
    "scores": {"ours": {"wordpress": {"title": 1.0, "published_day": 0.5}, "overall": {"title": 1.0, "published_day": 0.5}},
               "htmldate": {"wordpress": {"published_day": 0.25}, "overall": {"published_day": 0.25}}},
    "ms_per_page": {"ours": {"overall": {"median": 4.0, "mean": 5.0, "pages": 2}},
                    "htmldate": {"overall": {"median": 1.0, "mean": 2.5, "pages": 2}},
                    "lxml parse": {"overall": {"median": 0.5, "mean": 1.0, "pages": 2}},
                    "extract_page": {"overall": {"median": 3.0, "mean": 3.5, "pages": 2}}},
    "missing": {"trafilatura": "pip install -e '.[bench]'"},
    "errors": {"htmldate": {"wordpress/x.html": "ValueError: bad"}},
}



def test_rows_are_scored_fields_with_a_dash_for_a_field_a_tool_lacks():
    lines = table.render(REPORT).splitlines()
    assert lines[0].split() == ["wordpress", "(3", "posts)", "overall", "(3", "posts)"]
    assert lines[1].split() == ["field", "ours", "hdate", "ours", "hdate"]
    assert lines[2].split() == ["title", "1.000", "-", "1.000", "-"]
    assert lines[3].split() == ["published_day", "0.500", "0.250", "0.500", "0.250"]
    assert not any(line.startswith("authors") for line in lines)


def test_time_rows_and_the_parse_baseline():
    text = table.render(REPORT)
    lines = text.splitlines()
    assert lines[4].split() == ["ms/page", "(median)", "-", "-", "4.0", "1.0"]
    assert lines[5].split() == ["ms/page", "(mean)", "-", "-", "5.0", "2.5"]
    assert "median 0.5, mean 1.0 ms/page; ours = 5.0x parse (extract_page 3.5 + normalising 1.5 ms/page)" in text
    assert "trafilatura's time" not in text  # trafilatura did not run


def test_missing_comparator_and_failures_are_said():
    text = table.render(REPORT)
    assert "trafilatura: not installed, column left out (install the comparators with: pip install -e '.[bench]')" in text
    assert "htmldate failed on wordpress/x.html: ValueError: bad" in text
    assert "ours = sector-blog-archive 0.1.0, hdate = htmldate 1.11.0" in text
