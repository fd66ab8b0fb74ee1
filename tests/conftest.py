"""Shared test fixtures: where the real pages live, and small builders for raw records."""
from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

# The real WordPress (Debian packages, private MariaDB + Apache on 127.0.0.1) as a session fixture.
pytest_plugins = ["tests.wpsite.fixtures"]

ROOT = Path(__file__).resolve().parents[1]
SHARED_FIXTURES = ROOT.parent / "shared" / "fixtures"


def shared_fixtures_or_skip() -> Path:
    """The real-page folder; tests skip only when it is absent (outside this workspace), never in CI."""
    if not SHARED_FIXTURES.is_dir():
        if os.environ.get("REQUIRE_SHARED_FIXTURES"):
            pytest.fail(f"REQUIRE_SHARED_FIXTURES is set but {SHARED_FIXTURES} is absent")
        pytest.skip(f"real-page fixtures not present at {SHARED_FIXTURES}")
    return SHARED_FIXTURES


@pytest.fixture
def shared_fixtures() -> Path:
    return shared_fixtures_or_skip()


def manifest_rows() -> list[dict]:
    """Rows of ../shared/fixtures/MANIFEST.tsv, or [] when the folder is absent."""
    path = SHARED_FIXTURES / "MANIFEST.tsv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))
