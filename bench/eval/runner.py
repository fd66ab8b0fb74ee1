"""Run every tool on every gold page: the records it gives (for scoring) and its CPU time per page.

Each page is read once; then, interleaved so that all see the same machine state, the lxml parse
baseline (harvester.extract.page.parse: charset decode + lxml.html, which our extraction also runs
once), our extract_page alone (ours without normalising, to show where our time goes) and each tool
run `repeats` times. A page's time is the best of its repeats in CPU time
(time.process_time: other processes on the machine do not count); records come from the first run.
"""
from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from .scoring import OVERALL, GoldPage
from .tools import Tool

PARSE = "lxml parse"
EXTRACT = "extract_page"


@dataclass
class Run:
    """What the tools gave and how long they took: records[tool][file], seconds[tool][file]."""
    records: dict[str, dict[str, list[dict]]] = field(default_factory=dict)
    seconds: dict[str, dict[str, float]] = field(default_factory=dict)
    errors: dict[str, dict[str, str]] = field(default_factory=dict)


def best_time(fn, body: bytes, url: str, repeats: int):
    """(first result, best CPU seconds over repeats) of fn(body, url)."""
    best, result = float("inf"), None
    for i in range(max(1, repeats)):
        start = time.process_time()
        out = fn(body, url)
        best = min(best, time.process_time() - start)
        if i == 0:
            result = out
    return result, best


def _parse(body: bytes, url: str):
    from harvester.extract import page

    return page.parse(body)


def _extract(body: bytes, url: str):
    from harvester.extract import extract_page

    from .tools import FETCHED_AT
    return extract_page(body, url, fetched_at=FETCHED_AT)


def run_all(pages: list[GoldPage], tools: list[Tool], fixtures: Path, repeats: int = 3) -> Run:
    run = Run()
    bodies = {p.file: p.path(fixtures).read_bytes() for p in pages}
    if pages:  # imports and compiled selectors are warmed outside the timing
        first = pages[0]
        _parse(bodies[first.file], first.url)
        for t in tools:
            try:
                t.run(bodies[first.file], first.url)
            except Exception:  # noqa: BLE001 - a failing page is recorded below, in the timed pass
                pass
    baselines = [(PARSE, _parse)] + ([(EXTRACT, _extract)] if any(t.name == "ours" for t in tools) else [])
    for page in pages:
        body = bodies[page.file]
        for name, fn in baselines:
            _, run.seconds.setdefault(name, {})[page.file] = best_time(fn, body, page.url, repeats)
        for t in tools:
            try:
                result, secs = best_time(t.run, body, page.url, repeats)
                records = t.records(result)
            except Exception as exc:  # noqa: BLE001 - a comparator crashing on a page scores nothing there
                run.errors.setdefault(t.name, {})[page.file] = f"{type(exc).__name__}: {exc}"
                result, secs, records = None, float("nan"), []
            run.records.setdefault(t.name, {})[page.file] = records
            run.seconds.setdefault(t.name, {})[page.file] = secs
    return run


def ms_per_page(seconds: dict[str, float], pages: list[GoldPage]) -> dict[str, dict[str, float]]:
    """{family or OVERALL: {'median': ms, 'mean': ms, 'pages': n}} over the pages that ran."""
    groups: dict[str, list[float]] = {}
    for page in pages:
        secs = seconds.get(page.file)
        if secs is None or secs != secs:  # missing or NaN: the tool failed on that page
            continue
        groups.setdefault(page.family, []).append(secs * 1000)
        groups.setdefault(OVERALL, []).append(secs * 1000)
    return {g: {"median": statistics.median(v), "mean": statistics.fmean(v), "pages": len(v)}
            for g, v in sorted(groups.items(), key=lambda kv: (kv[0] == OVERALL, kv[0]))}
