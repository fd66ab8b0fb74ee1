"""`scrapy seed_redis`: seeds pushed to a real redis-server, a blog seeded once, status, clear, errors named."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from scrapy.exceptions import UsageError

from tests.sites.crawling import ROOT, scrapy_env

from .redis_server import free_port
from .workers import seed


def test_the_command_line_seeds_a_blog(redis_server, redis_client):
    done = subprocess.run([sys.executable, "-m", "scrapy", "seed_redis", "blog", "http://127.0.0.1:9/a/", "-a",
                           "mode=html", "-s", f"REDIS_URL={redis_server.url}"], cwd=ROOT, env=scrapy_env(),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "queued 1 blog(s) for blog" in done.stdout
    assert json.loads(redis_client.lindex("blog:seeds", 0)) == {"url": "http://127.0.0.1:9/a/", "args": {"mode": "html"}}


def test_urls_become_seeds_once_in_order_with_their_spider_arguments(redis_server, redis_client, tmp_path, capsys):
    listing = tmp_path / "blogs.txt"
    listing.write_text("# sector blogs\nhttp://127.0.0.1:9/b/\n\nhttp://127.0.0.1:9/a/  # again\n", encoding="utf-8")
    seed(redis_server.url, "blog", "http://127.0.0.1:9/a/", "--file", str(listing), "-a", "mode=html")
    assert "queued 2 blog(s) for blog" in capsys.readouterr().out
    seeds = [json.loads(s) for s in reversed(redis_client.lrange("blog:seeds", 0, -1))]   # in the order given
    assert seeds == [{"url": "http://127.0.0.1:9/a/", "args": {"mode": "html"}},
                     {"url": "http://127.0.0.1:9/b/", "args": {"mode": "html"}}]
    seed(redis_server.url, "blog", "http://127.0.0.1:9/a/", "-a", "mode=html")
    assert "was seeded before" in capsys.readouterr().out and redis_client.llen("blog:seeds") == 2
    seed(redis_server.url, "blog", "http://127.0.0.1:9/a/", "-a", "mode=html", "--again")
    assert redis_client.llen("blog:seeds") == 3


def test_a_site_spider_without_urls_seeds_its_own_start_url(redis_server, redis_client):
    seed(redis_server.url, "ncvo_blogs")
    assert json.loads(redis_client.lindex("ncvo_blogs:seeds", 0))["url"] == "https://blogs.ncvo.org.uk/"


def test_status_and_clear(redis_server, redis_client, capsys):
    seed(redis_server.url, "wordpress", "http://127.0.0.1:9/")
    capsys.readouterr()
    seed(redis_server.url, "wordpress", "--status")
    out = capsys.readouterr().out
    counts = json.loads(out[out.index("{"):])
    assert counts["seeds"] == 1 and counts["blogs"] == 1 and counts["queued"] == 0 and counts["redis_used_memory"]
    seed(redis_server.url, "wordpress", "--clear")
    assert "cleared 2 keys of wordpress" in capsys.readouterr().out and redis_client.keys("wordpress:*") == []


@pytest.mark.parametrize("argv, message", [
    (("wordpress",), "spider 'wordpress' has no start_url: give blog URLs"),
    (("no_such_spider", "http://127.0.0.1:9/"), "no spider named 'no_such_spider'"),
    (("wordpress", "-a", "mode"), "-a takes NAME=VALUE"),
    (("wordpress", "--file", "/nonexistent/blogs.txt"), "cannot read /nonexistent/blogs.txt"),
    ((), "give the spider name"),
])
def test_bad_usage_is_named(redis_server, redis_client, argv, message):
    with pytest.raises(UsageError, match=message):
        seed(redis_server.url, *argv)


def test_a_url_that_is_not_http_is_skipped_and_named(redis_server, redis_client, capsys):
    command = seed(redis_server.url, "wordpress", "ftp://127.0.0.1/", "http://127.0.0.1:9/")
    assert command.exitcode == 1 and "skipped 'ftp://127.0.0.1/': not an http(s) URL" in capsys.readouterr().err
    assert redis_client.llen("wordpress:seeds") == 1


def test_an_unreachable_server_is_named():
    url = f"redis://127.0.0.1:{free_port()}/0"
    with pytest.raises(UsageError, match=f"Redis at {url} does not answer"):
        seed(url, "wordpress", "http://127.0.0.1:9/")
