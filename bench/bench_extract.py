"""Benchmark: pages/s of extract_page (detection + parse + extraction) against lxml parsing alone, same pages, same run.

Pages: the real fixture pages of each family (../shared/fixtures/<family>/) plus the hand-written
ones in tests/harvester/pages/. The parse baseline is harvester.extract.page.parse (charset decode +
lxml.html), which extract_page itself runs once, so the ratio is what extraction costs on top of
reading the page. Goal: extraction within 3x the parse time.
"""
from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harvester.extract import extract_page, page  # noqa: E402

SHARED = ROOT.parent / "shared" / "fixtures"
OWN = ROOT / "tests" / "harvester" / "pages"
FETCHED_AT = "2026-12-01T00:00:00Z"
GOAL = 3.0


def pages_of(family: str) -> list[tuple[str, bytes]]:
    shared = sorted((SHARED / family).glob("*.html")) if (SHARED / family).is_dir() else []
    own = [p for p in sorted(OWN.glob("*.html")) if p.name.startswith("blogger_") == (family == "blogger")]
    return [(p.name, p.read_bytes()) for p in shared + own]


def one_pass(fn, pages: list[tuple[str, bytes]]) -> float:
    """CPU time of one pass over all pages (CPU, not wall, time: other processes on the machine do not count)."""
    start = time.process_time()
    for name, body in pages:
        fn(name, body)
    return time.process_time() - start


def best_seconds(pages: list[tuple[str, bytes]], repeats: int) -> tuple[float, float]:
    """Best (parse, extract) times over repeats, the two interleaved so that both see the same machine state."""
    t_parse = t_extract = float("inf")
    for _ in range(repeats):
        t_parse = min(t_parse, one_pass(parse_only, pages))
        t_extract = min(t_extract, one_pass(extract, pages))
    return t_parse, t_extract


def parse_only(name: str, body: bytes) -> None:
    page.parse(body)


def extract(name: str, body: bytes) -> None:
    extract_page(body, "https://example.invalid/" + name, fetched_at=FETCHED_AT)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=15)
    ap.add_argument("families", nargs="*", default=["blogger", "wordpress"])
    args = ap.parse_args()
    logging.disable(logging.CRITICAL)
    print(f"{'family':10} {'pages':>5} {'MB':>6} {'parse p/s':>10} {'extract p/s':>12} {'ratio':>6}")
    worst = 0.0
    for family in args.families:
        pages = pages_of(family)
        if not pages:
            print(f"{family:10} no pages")
            continue
        for name, body in pages:  # warm caches (compiled selectors) outside the timing
            extract(name, body)
        t_parse, t_extract = best_seconds(pages, args.repeats)
        ratio = t_extract / t_parse
        worst = max(worst, ratio)
        size = sum(len(b) for _, b in pages) / 1e6
        print(f"{family:10} {len(pages):5d} {size:6.2f} {len(pages) / t_parse:10.1f} {len(pages) / t_extract:12.1f} "
              f"{ratio:5.2f}x")
    print(f"goal: extraction <= {GOAL:.0f}x parse time: {'met' if worst <= GOAL else 'NOT met'} (worst {worst:.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
