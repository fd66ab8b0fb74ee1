"""Run the demo: serve each bundled site, crawl it with `scrapy crawl <spider> -O …`, import the sample exports.

Each crawl is the command a user types, run as a subprocess against the loopback server, so the archive
goes through the same spider, feeds and normalise code as any crawl; its log goes to output/demo-<site>.log.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterable, Optional

from normalise import cli as normalise_cli

from . import SAMPLES, SITES, DemoSite
from .server import StaticSite

# Settings of the demo crawls: the server is our own, on loopback, so the polite pauses are not needed.
CRAWL_SETTINGS = {"AUTOTHROTTLE_ENABLED": "False", "CONCURRENT_REQUESTS_PER_DOMAIN": "8",
                  "TELNETCONSOLE_ENABLED": "False", "LOG_LEVEL": "INFO"}
# A crawl of a bundled site takes seconds; this bounds a hung one.
CRAWL_TIMEOUT = 600


@dataclass
class Counts:
    """What one archive holds."""

    posts: int = 0
    pages: int = 0
    comments: int = 0
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
                counts.linked += bool(record.get("duplicate_of"))
                counts.removed += len(record.get("comments_removed") or [])
        return counts

    def text(self) -> str:
        parts = [f"{self.posts} posts", f"{self.pages} pages", f"{self.comments} comments"]
        if self.linked:
            parts.append(f"{self.linked} cross-post linked")
        if self.removed:
            parts.append(f"{self.removed} repeated comment removed")
        return ", ".join(parts)


def crawl_command(site: DemoSite, url: str, archive: Path, output_dir: Path, overrides: Iterable[str] = ()) -> list[str]:
    """`scrapy crawl <spider> -a url=<loopback> -O <archive>` with the demo's settings, then the user's -s overrides."""
    cmd = [sys.executable, "-m", "scrapy", "crawl", site.spider, "-a", f"url={url}", *site.spider_args,
           "-O", str(archive)]
    for name, value in {**CRAWL_SETTINGS, "OUTPUT_DIR": str(output_dir)}.items():
        cmd += ["-s", f"{name}={value}"]
    for setting in overrides:
        cmd += ["-s", setting]
    return cmd


def _env() -> dict[str, str]:
    """The crawl's environment: this project's settings module and source folder, whatever the install."""
    env = dict(os.environ)
    env.setdefault("SCRAPY_SETTINGS_MODULE", "harvester.settings")
    root = str(SAMPLES.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    return env


def crawl_site(site: DemoSite, output_dir: Path, overrides: Iterable[str], out: IO[str]) -> Optional[Path]:
    """Serve one site, crawl it to output_dir/demo-<site>.jsonl; the archive, or None (log tail printed) on failure."""
    archive = output_dir / f"demo-{site.folder}.jsonl"
    log = output_dir / f"demo-{site.folder}.log"
    output_dir.mkdir(parents=True, exist_ok=True)
    with StaticSite(site.public, origin=site.home, port=site.port) as server:
        print(f"demo: serving samples/sites/{site.folder} at {server.url}", file=out)
        print(f"  scrapy crawl {site.spider} -a url={server.url} {' '.join(site.spider_args)}"
              f"{' ' if site.spider_args else ''}-O {archive}", file=out, flush=True)
        with open(log, "w", encoding="utf-8") as fh:
            try:
                done = subprocess.run(crawl_command(site, server.url, archive, output_dir, overrides), env=_env(),
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
    print(f"  -> {Counts.of(archive).text()} in {archive}", file=out)
    print(f"     crawl log {log}" + (f", raw journal {journal}" if journal else ""), file=out)
    return archive


def import_exports(output_dir: Path, out: IO[str]) -> Optional[Path]:
    """`normalise import samples/*.xml -o output_dir/demo-exports.jsonl`."""
    exports = sorted(SAMPLES.glob("*.xml"))
    archive = output_dir / "demo-exports.jsonl"
    shown = " ".join(f"samples/{p.name}" for p in exports)
    print(f"demo: importing the sample exports\n  normalise import {shown} -o {archive}", file=out, flush=True)
    if normalise_cli.main(["import", *map(str, exports), "-o", str(archive), "-q"]) != 0:
        print("demo: the import of the sample exports failed", file=out)
        return None
    print(f"  -> {Counts.of(archive).text()} in {archive}", file=out)
    return archive


def run(output_dir: Path, overrides: Iterable[str] = (), sites: Iterable[DemoSite] = SITES,
        out: IO[str] = sys.stdout) -> int:
    """The whole demo; 0 when every site was crawled and the exports imported, else 1."""
    overrides = list(overrides)
    results = [crawl_site(site, output_dir, overrides, out) for site in sites]
    results.append(import_exports(output_dir, out))
    if None in results:
        return 1
    print(f"demo: done; one post per line, comments nested as reply trees (schema: docs/schema.md). "
          f"Check a file with: normalise validate {results[0]}", file=out)
    return 0
