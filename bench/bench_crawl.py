"""Crawl speed of the wordpress spider (pages/s to normalised JSONL) against a bare title-only Scrapy spider.

Both crawl the same loopback mock blog (tests/sites, scaled up) in the same run, as subprocesses with the same
concurrency; the figure is the ratio of their pages per second (goal >= 0.7), plus each crawl's peak memory
(ru_maxrss of the crawl process). Usage: python bench/bench_crawl.py [--posts 500] [--mode html|rest]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import scrapy

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = {"AUTOTHROTTLE_ENABLED": "False", "CONCURRENT_REQUESTS_PER_DOMAIN": "8", "TELNETCONSOLE_ENABLED": "False",
            "LOG_LEVEL": "INFO", "ROBOTSTXT_OBEY": "True"}
DENY = re.compile(r"wp-login|wp-admin|/feed/|replytocom|share=|wp-json|rest_route")


class TitleSpider(scrapy.Spider):
    """The baseline: follow every same-host link, yield each page's title, nothing else."""

    name = "titles"

    def __init__(self, url: str, **kwargs):
        super().__init__(**kwargs)
        self.start_urls = [url]
        self.host = urlsplit(url).netloc

    def parse(self, response):
        yield {"url": response.url, "title": response.css("title::text").get()}
        for href in response.css("a::attr(href)").getall():
            url = urljoin(response.url, href).split("#")[0]
            if urlsplit(url).netloc == self.host and not DENY.search(url):
                yield response.follow(url, self.parse)


def _stat(log: str, name: str) -> int:
    match = re.search(rf"'{re.escape(name)}': (\d+)", log)
    return int(match[1]) if match else 0


def run(cmd: list[str], cwd: Path, env: dict) -> dict:
    """Run one crawl; wall time, pages fetched (responses), items, peak RSS in MiB."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    log = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"crawl failed: {' '.join(cmd)}\n{log[-3000:]}")
    pages = _stat(log, "response_received_count")
    return {"seconds": round(seconds, 2), "pages": pages, "pages_per_s": round(pages / seconds, 1),
            "items": _stat(log, "item_scraped_count"), "peak_rss_mib": round(usage.ru_maxrss / 1024, 1),
            "posts_out": _stat(log, "normalise/posts"), "comments_out": _stat(log, "normalise/comments")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=500)
    parser.add_argument("--mode", default="html", choices=("html", "rest"))
    parser.add_argument("--repeat", type=int, default=3, help="runs of each crawl, alternating; the fastest counts")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from tests.sites.crawling import crawl_args, scrapy_env
    from tests.sites.lowfield import generated_posts
    from tests.sites.server import MockWordPress, Options

    site = MockWordPress(posts=generated_posts(args.posts), options=Options(
        posts_per_page=10, rest_max_per_page=100, rest_comments_max_per_page=100)).start()
    bare_env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    baseline_cmd = [sys.executable, "-m", "scrapy", "runspider", str(Path(__file__).resolve()), "-a", f"url={site.url}",
                    "-O", "titles.jsonl"]
    for name, value in SETTINGS.items():
        baseline_cmd += ["-s", f"{name}={value}"]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            ours_cmd = crawl_args("wordpress", site.url, "-a", f"mode={args.mode}", "-O", "archive.jsonl",
                                  settings={**SETTINGS, "OUTPUT_DIR": str(work / "output")})
            run(baseline_cmd, work, bare_env)                 # warm the mock's response cache for both
            results = {"baseline": [], "wordpress": []}
            for _ in range(args.repeat):
                results["wordpress"].append(run(ours_cmd, work, scrapy_env()))
                results["baseline"].append(run(baseline_cmd, work, bare_env))
    finally:
        site.stop()
    best = {k: max(v, key=lambda r: r["pages_per_s"]) for k, v in results.items()}
    ratio = best["wordpress"]["pages_per_s"] / best["baseline"]["pages_per_s"]
    print(json.dumps({"posts": args.posts, "mode": args.mode, **best, "ratio": round(ratio, 2),
                      "goal": ">= 0.7"}, indent=2))


if __name__ == "__main__":
    main()
