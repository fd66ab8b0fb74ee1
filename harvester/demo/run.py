"""Run the demo: serve each bundled site, crawl it with `scrapy crawl blog -O …`, import the sample exports.

Each crawl is the command a user types, run as a subprocess against the loopback server, so the archive
goes through the same spider, feeds and normalise code as any crawl; its log goes to output/demo-<site>.log.
The summary names, per site, the platform `blog` detected (from the crawl log) and what the archive holds.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterable, Optional

from normalise import cli as normalise_cli

from . import SAMPLES, SITES, DemoSite
from .server import StaticSite

# Settings of the demo crawls: the server is our own, on loopback, so the polite pauses are not needed; a sample
# site's few records are normalised in the crawl process (a worker process costs more to start than they take).
CRAWL_SETTINGS = {"AUTOTHROTTLE_ENABLED": "False", "CONCURRENT_REQUESTS_PER_DOMAIN": "8",
                  "TELNETCONSOLE_ENABLED": "False", "LOG_LEVEL": "INFO", "NORMALISE_WORKERS": "0"}
# A crawl of a bundled site takes seconds; this bounds a hung one.
CRAWL_TIMEOUT = 600
# The `blog` spider's log line naming the platform it detected and why (harvester/platforms/detect_spider.py).
DETECTED = re.compile(r"detected platform '(?P<platform>\w+)' for \S+: (?P<why>.+)$", re.MULTILINE)


@dataclass
class Counts:
    """What one archive holds."""

    posts: int = 0
    pages: int = 0
    comments: int = 0
    replies: int = 0         # comments answering another comment
    linked: int = 0          # records with duplicate_of (cross-posts)
    removed: int = 0         # comments dropped as repeats

    @classmethod
    def of(cls, archive: Path) -> "Counts":
        counts = cls()
        with open(archive, encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                record = json.loads(line)
                if record.get("post_type") == "page":
                    counts.pages += 1
                else:
                    counts.posts += 1
                counts.comments += record.get("comment_count", 0)
                counts.replies += _replies(record.get("comments") or [])
                counts.linked += bool(record.get("duplicate_of"))
                counts.removed += len(record.get("comments_removed") or [])
        return counts

    def text(self) -> str:
        parts = [f"{self.posts} posts", f"{self.pages} pages", f"{self.comments} comments ({self.replies} replies)"]
        if self.linked:
            parts.append(f"{self.linked} cross-post linked")
        if self.removed:
            parts.append(f"{self.removed} repeated comment removed")
        return ", ".join(parts)


def _replies(comments: list[dict]) -> int:
    """How many comments of these reply trees are replies (below the top level)."""
    return sum(len(c.get("replies") or []) + _replies(c.get("replies") or []) for c in comments)


def detected(log_text: str) -> tuple[Optional[str], Optional[str]]:
    """(platform, why) as the `blog` spider logged them; (None, None) when the log names none."""
    match = DETECTED.search(log_text)
    return (match["platform"], match["why"].strip()) if match else (None, None)


def crawl_command(site: DemoSite, url: str, archive: Path, output_dir: Path, overrides: Iterable[str] = ()) -> list[str]:
    """`scrapy crawl blog -a url=<loopback blog URL> -O <archive>` with the demo's settings, then the user's -s
    overrides."""
    cmd = [sys.executable, "-m", "scrapy", "crawl", site.spider, "-a", f"url={url}", *site.spider_args,
           "-O", str(archive)]
    for name, value in {**CRAWL_SETTINGS, "OUTPUT_DIR": str(output_dir)}.items():
        cmd += ["-s", f"{name}={value}"]
    for setting in overrides:
        cmd += ["-s", setting]
    return cmd


def crawl_env() -> dict[str, str]:
    """The crawl's environment: this project's settings module and source folder, whatever the install."""
    env = dict(os.environ)
    env.setdefault("SCRAPY_SETTINGS_MODULE", "harvester.settings")
    root = str(SAMPLES.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    return env


@dataclass
class Result:
    """One line of the demo's summary: what was harvested from where, by which platform's logic, into which file."""

    name: str
    platform: str
    archive: Path
    counts: Counts

    @classmethod
    def of(cls, name: str, platform: str, archive: Path) -> "Result":
        return cls(name, platform, archive, Counts.of(archive))


def summary(results: list[Result]) -> str:
    """The table printed at the end: per site the platform detected, posts, pages, comments, replies, the file."""
    head = ("site", "platform", "posts", "pages", "comments", "replies", "file")
    rows = [head] + [(r.name, r.platform, str(r.counts.posts), str(r.counts.pages), str(r.counts.comments),
                      str(r.counts.replies), str(r.archive)) for r in results]
    widths = [max(len(row[i]) for row in rows) for i in range(len(head) - 1)]
    lines = []
    for row in rows:
        cells = [cell.rjust(w) if 1 < i < 6 else cell.ljust(w) for i, (cell, w) in enumerate(zip(row, widths))]
        lines.append("  " + "  ".join(cells) + "  " + row[-1])
    return "\n".join(lines)


def crawl_site(site: DemoSite, output_dir: Path, overrides: Iterable[str], out: IO[str]) -> Optional[Result]:
    """Serve one site, crawl it to output_dir/demo-<site>.jsonl; what it holds, or None (log tail printed) on
    failure or when `blog` detected another platform than the site's."""
    archive = output_dir / f"demo-{site.folder}.jsonl"
    log = output_dir / f"demo-{site.folder}.log"
    output_dir.mkdir(parents=True, exist_ok=True)
    with StaticSite(site.public, origin=site.home, port=site.port, routes=site.routes()) as server:
        url = server.url + site.blog_path.lstrip("/")
        print(f"demo: serving samples/sites/{site.folder} at {server.url}", file=out)
        print(f"  scrapy crawl {site.spider} -a url={url} {' '.join(site.spider_args)}"
              f"{' ' if site.spider_args else ''}-O {archive}", file=out, flush=True)
        with open(log, "w", encoding="utf-8") as fh:
            try:
                done = subprocess.run(crawl_command(site, url, archive, output_dir, overrides), env=crawl_env(),
                                      stdout=fh, stderr=subprocess.STDOUT, timeout=CRAWL_TIMEOUT)
                code = done.returncode
            except subprocess.TimeoutExpired:
                code = "timeout"
    text = log.read_text(encoding="utf-8", errors="replace")
    if code != 0 or not archive.is_file() or "Traceback" in text:
        print(f"demo: the crawl of {site.folder} failed ({code}); end of {log}:", file=out)
        print("\n".join(text.splitlines()[-30:]), file=out)
        return None
    journal = next((line.split("raw journal: ", 1)[1].strip() for line in text.splitlines() if "raw journal: " in line),
                   None)
    platform, why = detected(text)
    if site.spider == "blog" and platform != site.platform:
        print(f"demo: `blog` detected {platform or 'no platform'} on {site.folder}, not {site.platform} "
              f"({why or 'see ' + str(log)})", file=out)
        return None
    result = Result.of(site.folder, platform or site.spider, archive)
    if platform:
        print(f"  -> platform detected: {platform} ({why})", file=out)
    print(f"  -> {result.counts.text()} in {archive}", file=out)
    print(f"     crawl log {log}" + (f", raw journal {journal}" if journal else ""), file=out)
    return result


def import_exports(output_dir: Path, out: IO[str]) -> Optional[Result]:
    """`normalise import samples/*.xml -o output_dir/demo-exports.jsonl`."""
    exports = sorted(SAMPLES.glob("*.xml"))
    archive = output_dir / "demo-exports.jsonl"
    shown = " ".join(f"samples/{p.name}" for p in exports)
    print(f"demo: importing the sample exports\n  normalise import {shown} -o {archive}", file=out, flush=True)
    if normalise_cli.main(["import", *map(str, exports), "-o", str(archive), "-q"]) != 0:
        print("demo: the import of the sample exports failed", file=out)
        return None
    result = Result.of("sample exports", "(import)", archive)
    print(f"  -> {result.counts.text()} in {archive}", file=out)
    return result


def run(output_dir: Path, overrides: Iterable[str] = (), sites: Iterable[DemoSite] = SITES,
        out: IO[str] = sys.stdout) -> int:
    """The whole demo; 0 when every site was crawled and the exports imported, else 1."""
    overrides = list(overrides)
    results = [crawl_site(site, output_dir, overrides, out) for site in sites]
    results.append(import_exports(output_dir, out))
    done = [r for r in results if r is not None]
    if done:
        print(f"demo: summary\n{summary(done)}", file=out)
    if len(done) < len(results):
        return 1
    print(f"demo: done; one post per line, comments nested as reply trees (schema: docs/schema.md). "
          f"Check a file with: normalise validate {done[0].archive}", file=out)
    return 0
