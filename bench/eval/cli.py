"""Command line of bench/eval.py: select gold pages, run the tools, print the scorecard, write --json."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import runner, scoring, table, tools

USAGE_EPILOG = ("Scores are score.py's per-post means (../shared/tools/score.py); times are CPU ms per page, "
                "best of --repeats. Comparators: " + tools.INSTALL_HINT)


def build_report(pages: list[scoring.GoldPage], chosen: list[tools.Tool], missing: dict[str, str],
                 fixtures: Path, repeats: int) -> dict:
    """Everything the table shows, as plain data (what --json writes)."""
    run = runner.run_all(pages, chosen, fixtures, repeats)
    scores = {t.name: scoring.score_tool(pages, lambda p, t=t: run.records[t.name][p.file], t.fields, fixtures)
              for t in chosen}
    timing = {name: runner.ms_per_page(secs, pages) for name, secs in run.seconds.items()}
    families = sorted({p.family for p in pages})
    return {
        "fixtures": str(fixtures),
        "pages": {f: sum(p.family == f for p in pages) for f in families} | {scoring.OVERALL: len(pages)},
        "posts": scoring.post_counts(pages),
        "tools": {t.name: {"package": t.module or "sector-blog-archive", "version": t.version(), "fields": t.fields}
                  for t in chosen},
        "missing": missing,
        "scores": scores,
        "ms_per_page": timing,
        "errors": run.errors,
    }


def misses(pages: list[scoring.GoldPage], records: dict[str, list[dict]], fixtures: Path) -> list[str]:
    """One line per gold post and field where a tool scored under 1: where to look."""
    out = []
    for page in pages:
        for post in page.posts:
            acc: dict[str, list[float]] = {}
            scoring.score_page(scoring.GoldPage(page.file, page.family, page.url, [post]), records[page.file], acc,
                               fixtures)
            low = {f: round(v[0], 3) for f, v in acc.items() if v[0] < 1}
            if low:
                out.append(f"{page.file}: {post['title'][:50]!r}: {low}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="bench/eval.py", description="Extraction scorecard: ours, trafilatura and "
                                 "htmldate against the gold labels of ../shared/fixtures.", epilog=USAGE_EPILOG)
    ap.add_argument("--family", default="", help="one family only (blogger, wordpress, org)")
    ap.add_argument("--pages", default="", metavar="GLOB", help="pages whose 'family/name.html' or name matches GLOB")
    ap.add_argument("--json", type=Path, metavar="OUT", help="also write the figures to OUT as JSON")
    ap.add_argument("--tools", default=",".join(t.name for t in tools.TOOLS),
                    help="comma-separated tools to run (default: all installed)")
    ap.add_argument("--repeats", type=int, default=3, help="timed runs per page and tool; the best counts")
    ap.add_argument("--fixtures", type=Path, default=scoring.SHARED_FIXTURES, help="the fixtures folder")
    ap.add_argument("--misses", action="store_true", help="list our posts and fields scoring under 1")
    args = ap.parse_args(argv)
    try:
        wanted = [tools.tool(name.strip()) for name in args.tools.split(",") if name.strip()]
        pages = scoring.gold_pages(args.fixtures, args.family, args.pages)
        scoring.scorer(args.fixtures)
    except (KeyError, FileNotFoundError, ValueError) as exc:
        print(f"eval: {exc.args[0] if isinstance(exc, KeyError) else exc}", file=sys.stderr)
        return 2
    if not pages:
        print(f"eval: no gold page matches family={args.family!r} pages={args.pages!r}", file=sys.stderr)
        return 2
    chosen = [t for t in wanted if t.available()]
    missing = {t.name: tools.INSTALL_HINT for t in wanted if not t.available()}
    with tools.quiet_logging():
        report = build_report(pages, chosen, missing, args.fixtures, args.repeats)
        print(table.render(report))
        if args.misses and "ours" in report["tools"]:
            ours = tools.tool("ours")
            records = {p.file: ours.records(ours.run(p.path(args.fixtures).read_bytes(), p.url)) for p in pages}
            print("\n".join(["our misses:"] + (misses(pages, records, args.fixtures) or ["none"])))
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0
