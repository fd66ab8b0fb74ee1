"""Run `scrapy crawl` in a subprocess against a mock site (as Scrapy's own tests do) and read what it wrote."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Test runs keep the project's politeness settings except the pauses that only slow a loopback crawl.
TEST_SETTINGS = {"AUTOTHROTTLE_ENABLED": "False", "TELNETCONSOLE_ENABLED": "False", "LOG_LEVEL": "INFO",
                 "CONCURRENT_REQUESTS_PER_DOMAIN": "8"}


def scrapy_env() -> dict[str, str]:
    """The environment of a crawl started outside the project folder: settings module and import path."""
    env = dict(os.environ)
    env["SCRAPY_SETTINGS_MODULE"] = "harvester.settings"
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


def crawl_args(spider: str, url: str, *args: str, settings: dict[str, str] | None = None) -> list[str]:
    cmd = [sys.executable, "-m", "scrapy", "crawl", spider, "-a", f"url={url}", *args]
    for name, value in {**TEST_SETTINGS, **(settings or {})}.items():
        cmd += ["-s", f"{name}={value}"]
    return cmd


def crawl(url: str, cwd: Path, *args: str, spider: str = "wordpress", settings: dict[str, str] | None = None,
          timeout: float = 180) -> subprocess.CompletedProcess:
    """Run the crawl to the end in ``cwd``; raises with the log when it fails."""
    out = subprocess.run(crawl_args(spider, url, *args, settings=settings), cwd=cwd, env=scrapy_env(),
                         capture_output=True, text=True, timeout=timeout)
    if out.returncode != 0 or "Traceback" in out.stderr:
        raise AssertionError(f"crawl failed ({out.returncode}):\n{out.stderr[-6000:]}")
    return out


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def flat_comments(comments: list[dict]) -> list[dict]:
    """Every comment of a published tree, replies included, in document order."""
    out: list[dict] = []
    for comment in comments:
        out.append(comment)
        out.extend(flat_comments(comment.get("replies") or []))
    return out
