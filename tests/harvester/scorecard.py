"""Run the reference scorer (../shared/tools/score.py) in-process over one family of real pages.

The scorer's own functions (best_record, score_post) are loaded from the shared file, and pages
go through the same path as `scrapy extract` (extract_page, then harvester.commands.extract.published),
so the figures equal the scorer's command-line table without 23 Scrapy start-ups.
"""
from __future__ import annotations

import json
import runpy
from pathlib import Path

from harvester.commands.extract import published
from harvester.extract import extract_page
from normalise.dataio import to_dict

from ..conftest import SHARED_FIXTURES, manifest_rows

SCORER = SHARED_FIXTURES.parent / "tools" / "score.py"
# A fixed fetch time after every fixture's dates (the command falls back to 'now' the same way).
FETCHED_AT = "2026-12-01T00:00:00Z"


def family_scores(family: str) -> dict[str, float]:
    """Per-post mean of each scored field over the family's gold pages (the scorer's 'per-post' column)."""
    scorer = runpy.run_path(str(SCORER))
    urls = {r["file"]: r["original_url"] for r in manifest_rows()}
    acc: dict[str, list[float]] = {}
    for gold_path in sorted((SHARED_FIXTURES / "gold" / family).glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        page = SHARED_FIXTURES / gold["file"]
        url = urls.get(gold["file"]) or "http://example.invalid/" + Path(gold["file"]).name
        records = extract_page(page.read_bytes(), url, fetched_at=FETCHED_AT)
        posts, _ = published(records) if records else ([], [])
        found = [to_dict(p) for p in posts]
        for gold_post in gold["posts"]:
            record = scorer["best_record"](gold_post, found) if found else None
            scorer["score_post"](gold_post, record, acc)
    return {field: sum(values) / len(values) for field, values in sorted(acc.items())}
