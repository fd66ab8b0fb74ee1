"""`normalise report`: the coverage report (HTML page + JSON summary) of harvested or published JSONL."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Optional

from .jsonl import AtomicWriter, read_lines
from .pipeline import Summary, normalise_lines
from .report import CrawlError, ReportInputs, build_report
from .report_html import render


def add_parser(sub) -> None:
    """The `report` subcommand's arguments."""
    rep = sub.add_parser("report", help="coverage report: posts and comments per month, gaps, missing fields, errors")
    rep.add_argument("inputs", nargs="+", help="raw or published JSONL files ('-' = stdin)")
    rep.add_argument("-o", "--output", help="HTML report to write (default: the first input with .report.html)")
    rep.add_argument("--json", dest="json_output", help="JSON summary to write (default: the HTML path with .json)")
    rep.add_argument("--errors", action="append", default=[],
                     help="a crawl's faults file (output/raw/<spider>-<time>.faults.jsonl) or other JSONL of "
                          "{kind, url, detail}; may be repeated")
    rep.add_argument("--title", help="page title (default: 'Coverage report' and the site)")


def default_paths(args: argparse.Namespace) -> tuple[str, str]:
    """Where the HTML page and the JSON summary go."""
    html = args.output
    if not html:
        first = args.inputs[0]
        if first == "-":
            raise ValueError("reading stdin: give the report's path with -o")
        html = str(Path(first).with_suffix("")) + ".report.html"
    json_path = args.json_output or str(Path(html).with_suffix(".json"))
    return html, json_path


def read_errors(paths: list[str]) -> list[CrawlError]:
    """Crawl errors from errors files — a crawl's faults file (harvester.faultlog: only its 'failed' lines count;
    'recovered' and 'repaired' URLs are in the archive) or plain {kind, url, detail} lines; a malformed line is an
    error naming file:line."""
    errors = []
    for line in read_lines(paths):
        value = line.value
        if line.error or not isinstance(value.get("kind"), str) or not isinstance(value.get("url"), str):
            raise ValueError(f"{line.where}: not an error record ({line.error or 'needs string kind and url'})")
        if value.get("outcome", "failed") == "failed":
            errors.append(CrawlError(value["kind"], value["url"], str(value.get("detail") or "")))
    return errors


def report_files(inputs: list[str], html_path: str, json_path: str, errors: Optional[list[CrawlError]] = None,
                 title: Optional[str] = None) -> dict:
    """Normalise the inputs, build the report and write both files atomically; returns the report."""
    summary = Summary()
    posts = normalise_lines(read_lines(inputs), summary)
    merged = summary.merged_versions if summary.raw_records else None
    report = build_report(posts, ReportInputs(sources=[("<stdin>" if p == "-" else p) for p in inputs],
                                              errors=errors or [], merged_versions=merged,
                                              rejected=[(r.where, r.reason) for r in summary.rejected]))
    if title is None:
        title = "Coverage report" + (f": {report['sites'][0]}" if len(report["sites"]) == 1 else "")
    with AtomicWriter(json_path) as out:
        out.write_line(json.dumps(report, ensure_ascii=False, indent=1, sort_keys=True))
    with AtomicWriter(html_path) as out:
        out.write_line(render(report, title))
    return report


def cmd_report(args: argparse.Namespace) -> int:
    """Write the report; exit 0 (problems found are content of the report, not a failure of the command)."""
    html_path, json_path = default_paths(args)
    for path in args.inputs + args.errors:
        if path != "-" and not Path(path).is_file():
            raise OSError(f"cannot read {path}: no such file")
    report = report_files(args.inputs, html_path, json_path, read_errors(args.errors), args.title)
    t = report["totals"]
    missing = sum(m["count"] for m in report["missing_fields"])
    print(f"report: {t['posts']} posts, {t['pages']} pages, {t['comments']} comments over {len(report['months'])} "
          f"months, {len(report['gaps'])} gaps, {missing} missing fields, "
          f"{sum(e['count'] for e in report['errors'])} errors; wrote {html_path} and {json_path}", file=sys.stderr)
    return 0
