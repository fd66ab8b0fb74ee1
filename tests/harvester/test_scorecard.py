"""Evaluation gate: WordPress extraction scored against the gold labels must not fall below the pinned baseline.

score_baseline.json pins each field's per-post score on ../shared/fixtures (wordpress family).
Raising a figure there is a deliberate edit after an improvement; a drop fails this test.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from ..conftest import shared_fixtures_or_skip

BASELINE = json.loads((Path(__file__).parent / "score_baseline.json").read_text(encoding="utf-8"))
# Room for float noise only; any real regression on 20+ pages moves a score by far more.
TOLERANCE = 1e-9


@pytest.fixture(scope="module")
def scores() -> dict[str, float]:
    shared_fixtures_or_skip()
    from .scorecard import family_scores

    return family_scores("wordpress")


@pytest.mark.parametrize("field", sorted(BASELINE["wordpress"]))
def test_field_not_below_baseline(scores, field):
    assert field in scores, f"{field} no longer scored"
    assert scores[field] >= BASELINE["wordpress"][field] - TOLERANCE, (
        f"{field}: {scores[field]:.3f} < baseline {BASELINE['wordpress'][field]:.3f}")


def test_wordpress_goal(scores):
    """The project goal: every WordPress field at 0.95 or better."""
    assert {f: round(v, 3) for f, v in scores.items() if v < 0.95} == {}


def test_extract_never_crashes_on_any_fixture_page():
    root = shared_fixtures_or_skip()
    from harvester.commands.extract import published
    from harvester.extract import extract_page

    for path in sorted(root.glob("*/*.html")):
        records = extract_page(path.read_bytes(), "http://example.invalid/" + path.name,
                               fetched_at="2026-12-01T00:00:00Z")
        posts, problems = published(records)
        assert posts, f"{path.name}: no post ({problems})"
        assert not [p for p in problems if p.startswith("record")], path.name
