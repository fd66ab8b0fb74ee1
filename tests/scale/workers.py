"""Helpers of the two-worker tests: start `scrapy crawl … -s REDIS_URL=…` workers, read their journals and logs."""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

from scrapy.utils.project import get_project_settings

from harvester.commands.seed_redis import Command
from tests.sites.crawling import ROOT, TEST_SETTINGS, scrapy_env

# Workers of a test stop once the frontier has been empty 3 s; a killed worker is taken for dead after 4 s; they
# write their raw journals only (no normalised feed: the test merges the journals, as the README says).
WORKER_SETTINGS = {**TEST_SETTINGS, "REDIS_IDLE_CLOSE": "3", "REDIS_HEARTBEAT_TIMEOUT": "4", "REDIS_TICK": "0.5",
                   "DEFAULT_FEED": "", "CONCURRENT_REQUESTS_PER_DOMAIN": "16"}


def worker_cmd(spider: str, redis_url: str, out: Path, *args: str, settings: dict | None = None) -> list[str]:
    cmd = [sys.executable, "-m", "scrapy", "crawl", spider, *args]
    for name, value in {**WORKER_SETTINGS, "REDIS_URL": redis_url, "OUTPUT_DIR": str(out), **(settings or {})}.items():
        cmd += ["-s", f"{name}={value}"]
    return cmd


def start_worker(cmd: list[str], out: Path, label: str) -> subprocess.Popen:
    log = open(out / f"{label}.log", "w", encoding="utf-8")
    return subprocess.Popen(cmd, cwd=out, env=scrapy_env(), stdout=log, stderr=subprocess.STDOUT)


def finish(proc: subprocess.Popen, out: Path, label: str, timeout: float = 240) -> str:
    """Wait for a worker; its log, after checking it ended cleanly."""
    proc.wait(timeout=timeout)
    log = (out / f"{label}.log").read_text(encoding="utf-8")
    assert proc.returncode == 0 and "Traceback" not in log, f"worker {label} failed ({proc.returncode}):\n{log[-5000:]}"
    return log


def worker_id(log: str) -> str:
    match = re.search(r"Redis worker (\S+) on ", log)
    assert match, "worker id not logged"
    return match[1]


def stat(log: str, name: str) -> int:
    match = re.search(rf"'{re.escape(name)}': (\d+)", log)
    return int(match[1]) if match else 0


def journals(out: Path) -> list[Path]:
    return sorted((out / "raw").glob("*.raw.jsonl"))


def journal_records(path: Path) -> list[dict]:
    """Every line of a raw journal, each required to be one complete JSON object."""
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        try:
            records.append(json.loads(line))
        except ValueError as exc:
            raise AssertionError(f"{path}:{number}: not a complete JSON line ({exc})") from None
    return records


def merge(out: Path) -> list[dict]:
    """`normalise output/raw/*.raw.jsonl -o merged.jsonl`, as the README says; the merged records."""
    target = out / "merged.jsonl"
    done = subprocess.run([sys.executable, "-m", "normalise.cli", *map(str, journals(out)), "-o", str(target)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]


def seed(redis_url: str, *argv: str) -> Command:
    """Run `scrapy seed_redis ARGV -s REDIS_URL=…` in this process (no Scrapy start-up); the command object."""
    command = Command()
    command.settings = get_project_settings().copy()
    parser = argparse.ArgumentParser()
    command.add_options(parser)
    opts, args = parser.parse_known_args([*argv, "-s", f"REDIS_URL={redis_url}"])
    command.process_options(args, opts)
    command.run(args, opts)
    return command
