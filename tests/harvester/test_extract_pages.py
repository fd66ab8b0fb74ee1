"""Hand-written WordPress pages as data: each pages/NAME.html has pages/NAME.json with the expected raw records.

One generated test per record field, plus 'no unexpected fields' per record, so one wrong field
never hides another. The expected JSON was written by reading the page, then checked against
the extractor; regenerate nothing automatically.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from harvester.extract import extract_page
from normalise.record import normalise_dict

PAGES = Path(__file__).parent / "pages"


def _load(name: str) -> tuple[dict, list[dict]]:
    expected = json.loads((PAGES / f"{name}.json").read_text(encoding="utf-8"))
    body = (PAGES / f"{name}.html").read_bytes()
    got = extract_page(body, expected["url"], fetched_at=expected["fetched_at"])
    return expected, got


def _cases():
    for path in sorted(PAGES.glob("*.json")):
        expected = json.loads(path.read_text(encoding="utf-8"))
        for i, record in enumerate(expected["records"]):
            for field in record:
                yield pytest.param(path.stem, i, field, id=f"{path.stem}[{i}].{field}")


@pytest.mark.parametrize("name,index,field", list(_cases()))
def test_field(name, index, field):
    expected, got = _load(name)
    assert len(got) == len(expected["records"]), "number of records"
    assert got[index].get(field) == expected["records"][index][field]


@pytest.mark.parametrize("name", sorted(p.stem for p in PAGES.glob("*.json")))
def test_no_unexpected_fields(name):
    expected, got = _load(name)
    for want, have in zip(expected["records"], got):
        assert set(have) == set(want)


@pytest.mark.parametrize("name", sorted(p.stem for p in PAGES.glob("*.json")))
def test_records_normalise(name):
    """Every extracted record satisfies the raw contract and becomes a published Post."""
    _, got = _load(name)
    posts = [normalise_dict(r) for r in got]
    assert posts and all(p.title for p in posts)
