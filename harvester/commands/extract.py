"""`scrapy extract PAGE.html --url URL`: preview what the harvester reads from one saved page.

Prints the detected platform and why on stderr, then one published JSONL record per post on
stdout (or the raw records with --raw).

--fetched-at defaults to the file's modification time (UTC). A saved copy's mtime is often
older than the page's own dates (the copy was made from an older download, or the clock of the
copying machine was behind), and normalise rejects dates later than the fetch as implausible.
So when the mtime would drop a date the page shows, the command says so on stderr and uses the
current time instead: a saved page was certainly fetched before now.
"""
from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime, timezone
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from normalise.dataio import to_dict
from normalise.jsonl import dumps
from normalise.pipeline import Summary, finish
from normalise.record import NormaliseError, normalise_dict

from ..extract import detect_platform, extract_page


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _lost_dates(posts) -> bool:
    """True when a post or comment shows a date string that normalising left without a value."""
    def comments_lost(comments) -> bool:
        return any((c.published_raw and not c.published) or comments_lost(c.replies) for c in comments)
    return any((p.published_raw and not p.published) or (p.updated_raw and not p.updated) or comments_lost(p.comments)
               for p in posts)


def in_page_order(merged: list, extracted: list) -> list:
    """Merged posts in the order their first version appeared on the page."""
    first = {}
    for i, post in enumerate(extracted):
        first.setdefault(post.id, i)
    return sorted(merged, key=lambda p: first.get(p.id, len(first)))


def _normalise(records: list[dict], problems: list[str]) -> list:
    posts = []
    for record in records:
        try:
            posts.append(normalise_dict(record))
        except NormaliseError as exc:
            problems.append(f"record for {record.get('canonical_url') or record.get('url')} rejected: {exc}")
    return posts


def published(records: list[dict], *, fetched_at_given: bool = True) -> tuple[list, list[str]]:
    """Raw records -> merged published posts in page order, and messages for stderr.

    When fetched_at was a default (the file's mtime) and it made normalise drop a date the page shows,
    the records are normalised again with the current time as fetched_at (records are updated in place).
    """
    problems: list[str] = []
    posts = _normalise(records, problems)
    if not fetched_at_given and _lost_dates(posts):
        now = _iso(datetime.now(timezone.utc))
        problems = [f"file mtime {records[0]['provenance']['fetched_at']} is earlier than dates on the page; "
                    f"fetched_at = {now}"]
        for record in records:
            record["provenance"]["fetched_at"] = now
        posts = _normalise(records, problems)
    return in_page_order(finish(posts, Summary()), posts), problems


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "PAGE.html --url ORIGINAL_URL [--raw] [--fetched-at ISO]"

    def short_desc(self) -> str:
        return "Extract the posts of one saved page and print them as JSONL"

    def long_desc(self) -> str:
        return ("Detect the platform of a saved page (reason on stderr), extract its posts and print one published "
                "JSONL record per post (or raw records with --raw). --fetched-at defaults to the file's mtime, or "
                "to now when the mtime is earlier than a date the page shows.")

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--url", required=True, help="the URL the page was saved from")
        parser.add_argument("--raw", action="store_true", help="print raw records instead of published ones")
        parser.add_argument("--fetched-at", dest="fetched_at", default=None,
                            help="UTC fetch time, ISO 8601 (default: file mtime, or now if that drops shown dates)")
        parser.add_argument("--platform", choices=["wordpress", "blogger", "generic"], default=None,
                            help="skip detection and use this platform's extractor")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give exactly one saved page")
        path = Path(args[0])
        try:
            body = path.read_bytes()
        except OSError as exc:
            print(f"extract: cannot read {path}: {exc.strerror}", file=sys.stderr)
            self.exitcode = 2
            return
        platform, reason = detect_platform(body, opts.url)
        if opts.platform:
            platform, reason = opts.platform, "given with --platform"
        print(f"extract: platform {platform} ({reason})", file=sys.stderr)
        fetched_at = opts.fetched_at or _iso(datetime.fromtimestamp(path.stat().st_mtime, timezone.utc))
        records = extract_page(body, opts.url, fetched_at=fetched_at, platform=platform)
        if not records:
            print(f"extract: no posts found in {path}", file=sys.stderr)
            self.exitcode = 1
            return
        if opts.raw:
            for record in records:
                sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
            return
        posts, problems = published(records, fetched_at_given=opts.fetched_at is not None)
        for problem in problems:
            print(f"extract: {problem}", file=sys.stderr)
        if any(p.startswith("record") for p in problems):
            self.exitcode = 1
        for post in posts:
            sys.stdout.write(dumps(to_dict(post)) + "\n")
