"""Our per-family scores on ../shared/fixtures, computed in-process by the scorecard package (bench/eval/).

bench.eval.scoring loads the reference scorer's own functions (../shared/tools/score.py: best_record,
score_post), and bench.eval.tools.run_ours takes the path of `scrapy extract` (extract_page, then
harvester.commands.extract.published), so the figures equal the scorer's command-line table and
bench/eval.py's 'ours' column without 49 Scrapy start-ups.
"""
from __future__ import annotations

from bench.eval import scoring, tools

from ..conftest import SHARED_FIXTURES


def family_scores(family: str) -> dict[str, float]:
    """Per-post mean of each scored field over the family's gold pages (the scorer's 'per-post' column)."""
    ours = tools.tool("ours")
    pages = scoring.gold_pages(SHARED_FIXTURES, family)

    def records(page: scoring.GoldPage) -> list[dict]:
        return ours.records(ours.run(page.path(SHARED_FIXTURES).read_bytes(), page.url))

    return scoring.score_tool(pages, records, ours.fields, SHARED_FIXTURES)[family]
