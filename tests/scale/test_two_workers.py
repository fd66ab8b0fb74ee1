"""Two worker processes against a real redis-server and a loopback WordPress blog of 2,000 posts.

The first test starts two idle workers and seeds the blog with `scrapy seed_redis`; the second starts its workers
with `scrapy crawl wordpress -a url=… -s REDIS_URL=…` (the first seeds the blog, all share its frontier), kills one
with SIGKILL mid-crawl and starts it again. Each merges the workers' raw journals with `normalise` and checks the
archive against the site: every public post exactly once, with every public comment.
"""
from __future__ import annotations

import os
import signal
import time
from collections import Counter

import pytest

from normalise.urls import post_id
from tests.sites.lowfield import generated_posts
from tests.sites.server import MockWordPress, Options

from .workers import (finish, journal_records, journals, merge, seed, start_worker, stat, worker_cmd,
                      worker_id)

POSTS = 2000


@pytest.fixture(scope="module")
def big_blog():
    site = MockWordPress(posts=generated_posts(POSTS), options=Options(
        posts_per_page=10, rest_max_per_page=100, rest_comments_max_per_page=100)).start()
    yield site
    site.stop()


def expected(site) -> dict[str, int]:
    """Post id -> public comments, for every public post of the site."""
    base = site.url.rstrip("/")
    return {post_id(base + p.path): len(p.public_comments()) for p in site.posts if p.public}


def check_archive(site, out) -> list[dict]:
    merged = merge(out)
    ids = Counter(r["id"] for r in merged)
    assert [i for i, n in ids.items() if n > 1] == []
    want = expected(site)
    assert len(want) == POSTS
    assert set(ids) == set(want)
    assert {r["id"]: r["comment_count"] for r in merged} == want
    return merged


def command(site, redis_server, out, **settings):
    return worker_cmd("wordpress", redis_server.url, out, "-a", f"url={site.url}", "-a", "mode=rest",
                      settings=settings)


def test_two_workers_share_the_frontier_and_emit_each_post_once(big_blog, redis_server, redis_client, tmp_path):
    # the README's way: workers idle waiting for seeds, then `scrapy seed_redis` queues the blog
    cmd = worker_cmd("wordpress", redis_server.url, tmp_path, settings={"REDIS_IDLE_CLOSE": "8"})
    workers = [start_worker(cmd, tmp_path, f"w{i}") for i in (1, 2)]
    deadline = time.monotonic() + 120
    while redis_client.scard("wordpress:workers") < 2:
        assert time.monotonic() < deadline and all(w.poll() is None for w in workers), "workers did not start"
        time.sleep(0.1)
    seed(redis_server.url, "wordpress", big_blog.url, "-a", "mode=rest")
    logs = [finish(w, tmp_path, f"w{i}") for i, w in zip((1, 2), workers)]

    files = journals(tmp_path)
    assert len(files) == 2                       # each worker wrote its own journal
    per_worker = [journal_records(f) for f in files]
    assert all(len(records) >= POSTS // 10 for records in per_worker), [len(r) for r in per_worker]
    emitted = Counter(r["url"] for records in per_worker for r in records)
    assert sum(emitted.values()) == POSTS and max(emitted.values()) == 1   # no post emitted by both
    assert sum(stat(log, "scale/blogs_started") for log in logs) == 1      # seeded once, started once
    check_archive(big_blog, tmp_path)
    assert redis_client.zcard("wordpress:requests") == 0
    assert [k for k in redis_client.keys("wordpress:inflight:*")] == []


def wait_for_lines(path_glob, minimum: int, proc, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        files = list(path_glob())
        if files and sum(f.read_bytes().count(b"\n") for f in files) >= minimum:
            return
        assert proc.poll() is None, "the worker ended before it could be killed"
        time.sleep(0.2)
    raise AssertionError(f"fewer than {minimum} journal lines after {timeout} s")


def test_worker_killed_mid_crawl_and_restarted_loses_nothing(big_blog, redis_server, redis_client, tmp_path):
    # a killed worker is taken for dead 8 s after its last heartbeat: time enough to count what it held
    cmd = command(big_blog, redis_server, tmp_path, REDIS_HEARTBEAT_TIMEOUT="8")
    victim = start_worker(cmd, tmp_path, "victim")
    time.sleep(0.5)
    survivor = start_worker(cmd, tmp_path, "survivor")
    victim_log = tmp_path / "victim.log"
    deadline = time.monotonic() + 60
    while "Redis worker" not in victim_log.read_text(encoding="utf-8") and time.monotonic() < deadline:
        time.sleep(0.1)
    victim_id = worker_id(victim_log.read_text(encoding="utf-8"))
    wait_for_lines(lambda: (tmp_path / "raw").glob(f"*{victim_id}.raw.jsonl"), 300, victim)

    os.kill(victim.pid, signal.SIGKILL)
    victim.wait(timeout=30)
    in_flight = redis_client.hlen(f"wordpress:inflight:{victim_id}")
    assert in_flight > 0                         # it died holding requests
    restarted = start_worker(cmd, tmp_path, "restarted")
    logs = [finish(p, tmp_path, label) for p, label in ((survivor, "survivor"), (restarted, "restarted"))]

    requeued = sum(stat(log, "scale/requeued_requests") for log in logs)
    assert requeued == in_flight                 # every request it held was requeued, once
    assert not redis_client.exists(f"wordpress:inflight:{victim_id}")
    started = sum(1 for label in ("victim", "survivor", "restarted")
                  for line in (tmp_path / f"{label}.log").read_text(encoding="utf-8").splitlines() if "started here" in line)
    assert started == 1                          # the blog was seeded and started once, never again
    records = [r for f in journals(tmp_path) for r in journal_records(f)]   # no truncated line, even the victim's
    assert len(journals(tmp_path)) == 3
    check_archive(big_blog, tmp_path)
    print(f"\nkill test: {POSTS} posts expected, {len(records)} journal lines, {in_flight} requests in flight at "
          f"the kill, {requeued} requeued")
