"""Timing per page: best of the repeats, first result kept, per-family median and mean in milliseconds."""
from __future__ import annotations

import pytest

from bench.eval import runner
from bench.eval.scoring import GoldPage


def test_best_time_keeps_the_first_result_and_the_smallest_time():
    calls = []

    def fn(body, url):
        calls.append(url)
        return len(calls)

    result, secs = runner.best_time(fn, b"<p>x</p>", "http://a.example/", 3)
    assert result == 1 and calls == ["http://a.example/"] * 3
    assert secs >= 0


def test_ms_per_page_groups_by_family_and_skips_failed_pages():
    pages = [GoldPage("a/1.html", "a", "u", []), GoldPage("a/2.html", "a", "u", []),
             GoldPage("a/3.html", "a", "u", []), GoldPage("b/1.html", "b", "u", [])]
    seconds = {"a/1.html": 0.010, "a/2.html": 0.030, "a/3.html": float("nan"), "b/1.html": 0.002}
    got = runner.ms_per_page(seconds, pages)
    assert list(got) == ["a", "b", "overall"]
    assert got["a"] == {"median": pytest.approx(20.0), "mean": pytest.approx(20.0), "pages": 2}
    assert got["b"] == {"median": pytest.approx(2.0), "mean": pytest.approx(2.0), "pages": 1}
    assert got["overall"] == {"median": pytest.approx(10.0), "mean": pytest.approx(14.0), "pages": 3}
