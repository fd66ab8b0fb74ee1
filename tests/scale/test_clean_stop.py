"""A worker stopped with Ctrl-C (SIGINT) hands its unfinished requests back at once; the `blog` spider shares too.

Two `scrapy crawl blog` workers (platform detection, then the WordPress REST API and, since the API refuses
pingback lists to visitors, each post's page) harvest a small loopback blog; one is interrupted mid-crawl and
must leave nothing in flight and no registration behind, without waiting for its heartbeat to expire.
"""
from __future__ import annotations

import signal
import time

from normalise.urls import post_id
from tests.sites.lowfield import generated_posts
from tests.sites.server import MockWordPress, Options

from .workers import finish, journals, merge, start_worker, stat, worker_cmd, worker_id

POSTS = 120


def test_interrupted_worker_hands_back_its_requests_and_the_other_finishes(redis_server, redis_client, tmp_path):
    site = MockWordPress(posts=generated_posts(POSTS), options=Options(
        posts_per_page=10, rest_max_per_page=100, rest_comments_max_per_page=100, delay=0.02)).start()
    try:
        cmd = worker_cmd("blog", redis_server.url, tmp_path, "-a", f"url={site.url}",
                         settings={"REDIS_HEARTBEAT_TIMEOUT": "600"})   # only a clean stop can free its requests
        first = start_worker(cmd, tmp_path, "first")
        second = start_worker(cmd, tmp_path, "second")
        log = tmp_path / "first.log"
        deadline = time.monotonic() + 120
        while stat_lines(log) < 40 and time.monotonic() < deadline:
            assert first.poll() is None, log.read_text(encoding="utf-8")[-3000:]
            time.sleep(0.2)
        first.send_signal(signal.SIGINT)
        first_log = finish(first, tmp_path, "first")
        me = worker_id(first_log)
        assert not redis_client.exists(f"blog:inflight:{me}") and not redis_client.exists(f"blog:worker:{me}")
        assert me.encode() not in redis_client.smembers("blog:workers")
        second_log = finish(second, tmp_path, "second")
    finally:
        site.stop()
    assert "shutdown" in first_log
    assert stat(second_log, "scale/requeued_requests") == 0      # nothing had to be reclaimed from a dead worker
    assert len(journals(tmp_path)) == 2
    merged = merge(tmp_path)
    base = site.url.rstrip("/")
    want = {post_id(base + p.path): len(p.public_comments()) for p in site.posts if p.public}
    assert {r["id"]: r["comment_count"] for r in merged} == want
    assert {r["site"]["platform"] for r in merged} == {"wordpress"}


def stat_lines(log) -> int:
    """Journal lines the first worker reports so far (its log names its journal)."""
    text = log.read_text(encoding="utf-8")
    import re
    match = re.search(r"raw journal: (\S+)", text)
    if not match:
        return 0
    from pathlib import Path
    path = Path(match[1])
    path = path if path.is_absolute() else log.parent / path
    return path.read_bytes().count(b"\n") if path.exists() else 0
