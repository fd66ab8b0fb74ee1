"""bench/eval.py run as a script on the real fixture pages: our column equals the reference scorer's and the pins."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.eval import scoring

from ..conftest import shared_fixtures_or_skip
from ..harvester.scorecard import family_scores

ROOT = Path(__file__).resolve().parents[2]
BASELINE = json.loads((ROOT / "tests" / "harvester" / "score_baseline.json").read_text(encoding="utf-8"))
FAMILIES = ["blogger", "org", "wordpress"]


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> dict:
    """The script's --json output for our extractor on every gold page (comparators need not be installed)."""
    shared_fixtures_or_skip()
    out = tmp_path_factory.mktemp("eval") / "card.json"
    done = subprocess.run([sys.executable, "bench/eval.py", "--tools", "ours", "--repeats", "1", "--json", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    report["stdout"] = done.stdout
    return report


def test_json_shape(report):
    assert set(report) == {"fixtures", "pages", "posts", "tools", "missing", "scores", "ms_per_page", "errors",
                           "stdout"}
    assert report["pages"] == {"blogger": 14, "org": 12, "wordpress": 23, "overall": 49}
    assert report["posts"]["overall"] == sum(report["posts"][f] for f in FAMILIES)
    assert report["tools"] == {"ours": {"package": "sector-blog-archive", "version": report["tools"]["ours"]["version"],
                                        "fields": scoring.FIELDS}}
    assert report["missing"] == {} and report["errors"] == {}
    assert set(report["scores"]["ours"]) == set(FAMILIES) | {"overall"}
    for family, fields in report["scores"]["ours"].items():
        assert set(fields) == set(scoring.FIELDS), family
        assert all(0.0 <= v <= 1.0 for v in fields.values())
    assert set(report["ms_per_page"]) == {"ours", "lxml parse", "extract_page"}
    for timing in report["ms_per_page"].values():
        assert timing["overall"]["pages"] == 49
        assert 0 < timing["overall"]["median"] and 0 < timing["overall"]["mean"]


def test_printed_table_has_every_field_row(report):
    rows = [line.split()[0] for line in report["stdout"].splitlines()[2:2 + len(scoring.FIELDS)]]
    assert rows == scoring.FIELDS


@pytest.mark.parametrize("family", FAMILIES)
def test_our_figures_equal_the_scorecard_and_keep_the_baseline(report, family):
    got = report["scores"]["ours"][family]
    assert got == pytest.approx(family_scores(family), abs=1e-12)
    below = {f: (round(got[f], 4), pinned) for f, pinned in BASELINE[family].items() if got[f] < pinned - 1e-9}
    assert below == {}


def _score_py_column(family: str) -> dict[str, float]:
    """score.py run as its docstring says, through `scrapy extract` in a subprocess per page: the per-post column."""
    fixtures = shared_fixtures_or_skip()
    done = subprocess.run([sys.executable, str(fixtures.parent / "tools" / "score.py"), str(fixtures / "gold"),
                           str(fixtures), str(fixtures / "MANIFEST.tsv"), "--extract", f"{sys.executable} -m scrapy extract",
                           "--family", family], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    rows = [line.split() for line in done.stdout.splitlines()[1:] if line.split() and line.split()[0] in scoring.FIELDS]
    return {row[0]: float(row[1]) for row in rows}


def test_our_figures_equal_score_py_through_scrapy_extract(report):
    """WordPress, the family whose figures are not all 1: each equals score.py's to its three printed decimals."""
    expected = _score_py_column("wordpress")
    assert set(expected) == set(scoring.FIELDS)
    assert {f: round(v, 3) for f, v in report["scores"]["ours"]["wordpress"].items()} == expected
