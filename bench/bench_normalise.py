"""Benchmark: raw records normalised per second, on records built from the real fixture pages.

Each page in ../shared/fixtures/{blogger,wordpress,org} becomes one raw record whose body is the
page's whole <body> (the worst case for sanitising and text extraction), with the MANIFEST's
date string; the baseline in the same run is lxml alone parsing the same bodies, so the figure
to read is the ratio (normalise cost per page in units of one lxml parse).
"""
from __future__ import annotations

import csv
import sys
import time
from pathlib import Path

import lxml.html

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
FIXTURES = ROOT.parent / "shared" / "fixtures"

from normalise.pipeline import Summary, finish  # noqa: E402
from normalise.record import normalise_dict  # noqa: E402


def raw_records() -> list[dict]:
    rows = list(csv.DictReader((FIXTURES / "MANIFEST.tsv").open(encoding="utf-8"), delimiter="\t"))
    records = []
    for row in rows:
        if row["family"] not in ("blogger", "wordpress", "org"):
            continue
        html = (FIXTURES / row["file"]).read_bytes()
        doc = lxml.html.fromstring(html)
        body = doc.find("body")
        body_html = lxml.html.tostring(body if body is not None else doc, encoding="unicode")
        records.append({
            "raw_version": "1", "url": row["original_url"],
            "site": {"base_url": row["original_url"], "platform": "generic",
                     "languages": [row["lang"]] if row["lang"] else []},
            "provenance": {"fetched_url": row["original_url"], "fetched_at": "2026-01-01T00:00:00Z",
                           "source": "html", "tool": "bench", "tool_version": "0"},
            "title": row["title_as_shown"], "published_raw": row["date_as_shown"] or None,
            "language": row["lang"] or None, "content_html": body_html,
        })
    return records


def timed(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    records = raw_records()
    n = len(records)
    base = timed(lambda: [lxml.html.fromstring(r["content_html"]) for r in records])
    norm = timed(lambda: [normalise_dict(r) for r in records])
    merged = timed(lambda: finish([normalise_dict(r) for r in records], Summary()))
    print(f"{n} fixture pages (whole <body> as post content)")
    print(f"{'step':38} {'s total':>8} {'pages/s':>9} {'x lxml parse':>13}")
    for label, t in (("baseline: lxml.html parse only", base), ("normalise_dict per record", norm),
                     ("normalise + merge + near-dup linking", merged)):
        print(f"{label:38} {t:8.3f} {n / t:9.1f} {t / base:13.1f}")


if __name__ == "__main__":
    main()
