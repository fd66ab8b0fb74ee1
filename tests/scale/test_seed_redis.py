"""`scrapy seed_redis`: seeds pushed to a real redis-server, a blog seeded once, status and clear."""
from __future__ import annotations

import json
import subprocess
import sys

from tests.sites.crawling import ROOT, scrapy_env


def seed(redis_server, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scrapy", "seed_redis", *args, "-s", f"REDIS_URL={redis_server.url}"],
                          cwd=ROOT, env=scrapy_env(), capture_output=True, text=True, timeout=120)


def test_urls_become_seeds_once_with_their_spider_arguments(redis_server, redis_client, tmp_path):
    listing = tmp_path / "blogs.txt"
    listing.write_text("# sector blogs\nhttp://127.0.0.1:9/b/\n\nhttp://127.0.0.1:9/a/  # again\n", encoding="utf-8")
    done = seed(redis_server, "blog", "http://127.0.0.1:9/a/", "--file", str(listing), "-a", "mode=html")
    assert done.returncode == 0, done.stderr
    assert "queued 2 blog(s) for blog" in done.stdout
    seeds = [json.loads(s) for s in reversed(redis_client.lrange("blog:seeds", 0, -1))]   # in the order given
    assert seeds == [{"url": "http://127.0.0.1:9/a/", "args": {"mode": "html"}},
                     {"url": "http://127.0.0.1:9/b/", "args": {"mode": "html"}}]
    again = seed(redis_server, "blog", "http://127.0.0.1:9/a/", "-a", "mode=html")
    assert "was seeded before" in again.stdout and redis_client.llen("blog:seeds") == 2
    forced = seed(redis_server, "blog", "http://127.0.0.1:9/a/", "-a", "mode=html", "--again")
    assert forced.returncode == 0 and redis_client.llen("blog:seeds") == 3


def test_a_site_spider_without_urls_seeds_its_own_start_url(redis_server, redis_client):
    assert seed(redis_server, "ncvo_blogs").returncode == 0
    assert json.loads(redis_client.lindex("ncvo_blogs:seeds", 0))["url"] == "https://blogs.ncvo.org.uk/"


def test_status_and_clear(redis_server, redis_client):
    seed(redis_server, "wordpress", "http://127.0.0.1:9/")
    status = seed(redis_server, "wordpress", "--status")
    counts = json.loads(status.stdout[status.stdout.index("{"):])
    assert counts["seeds"] == 1 and counts["blogs"] == 1 and counts["queued"] == 0
    cleared = seed(redis_server, "wordpress", "--clear")
    assert "cleared 2 keys of wordpress" in cleared.stdout and redis_client.keys("wordpress:*") == []


def test_bad_input_is_named(redis_server):
    nourl = seed(redis_server, "wordpress")
    assert nourl.returncode == 2 and "has no start_url" in nourl.stderr
    unknown = seed(redis_server, "no_such_spider", "http://127.0.0.1:9/")
    assert unknown.returncode == 2 and "no spider named 'no_such_spider'" in unknown.stderr
    ftp = seed(redis_server, "wordpress", "ftp://127.0.0.1/")
    assert ftp.returncode == 1 and "not an http(s) URL" in ftp.stderr


def test_an_unreachable_server_is_reported(tmp_path):
    from .redis_server import free_port
    done = subprocess.run([sys.executable, "-m", "scrapy", "seed_redis", "wordpress", "http://127.0.0.1:9/", "-s",
                           f"REDIS_URL=redis://127.0.0.1:{free_port()}/0"], cwd=ROOT, env=scrapy_env(),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "does not answer" in done.stderr
