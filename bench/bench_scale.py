"""Crawling at scale: pages/s with 1, 2 and 4 Redis workers on the same loopback blog, as speed-ups over 1 worker.

One run starts a private redis-server and the mock WordPress blog of tests/sites (scaled up), then for each worker
count: empties the frontier, starts the workers (`scrapy crawl wordpress -s REDIS_URL=…`, no URL: they wait for
seeds), seeds the blog once all are registered, and times from the seed until every post is claimed and nothing
is queued or in flight (process start-up and the idle wait at the end are outside the timing). Pages are the
responses the workers received. Then Redis memory per 100,000 queued requests, measured by queueing that many
encoded requests of two kinds (HTML pages; REST comment requests, which carry the post in their meta) with their
dupefilter fingerprints. The machine has 2 cores: 4 workers share them.
Usage: python bench/bench_scale.py [--posts 1000] [--mode rest|html] [--workers 1 2 4]
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = {"AUTOTHROTTLE_ENABLED": "False", "TELNETCONSOLE_ENABLED": "False", "LOG_LEVEL": "INFO",
            "CONCURRENT_REQUESTS_PER_DOMAIN": "16", "REDIS_IDLE_CLOSE": "2", "REDIS_HEARTBEAT_TIMEOUT": "10",
            "REDIS_TICK": "0.5", "DEFAULT_FEED": ""}


def _stat(log: str, name: str) -> int:
    match = re.search(rf"'{re.escape(name)}': (\d+)", log)
    return int(match[1]) if match else 0


def crawl(n_workers: int, site_url: str, mode: str, redis_url: str, client, posts: int, out: Path) -> dict:
    from tests.sites.crawling import scrapy_env
    client.flushdb()
    cmd = [sys.executable, "-m", "scrapy", "crawl", "wordpress"]
    for name, value in {**SETTINGS, "REDIS_URL": redis_url, "OUTPUT_DIR": str(out)}.items():
        cmd += ["-s", f"{name}={value}"]
    logs = [out / f"w{n_workers}-{i}.log" for i in range(n_workers)]
    procs = [subprocess.Popen(cmd, cwd=out, env=scrapy_env(), stdout=subprocess.DEVNULL,
                              stderr=open(log, "w")) for log in logs]
    deadline = time.monotonic() + 300
    while client.scard("wordpress:workers") < n_workers:
        if time.monotonic() > deadline or any(p.poll() is not None for p in procs):
            raise SystemExit(f"workers did not start: {logs[0].read_text()[-3000:]}")
        time.sleep(0.05)
    seed = {"url": site_url, "args": {"mode": mode}}
    client.lpush("wordpress:seeds", json.dumps(seed, sort_keys=True))
    started = time.perf_counter()
    while True:
        time.sleep(0.05)
        if client.scard("wordpress:post_ids") >= posts and client.zcard("wordpress:requests") == 0 and not any(
                client.hlen(k) for k in client.keys("wordpress:inflight:*")) and client.llen("wordpress:seeds") == 0:
            break
        if time.perf_counter() - started > 1800:
            raise SystemExit("crawl did not finish in 30 minutes")
    seconds = time.perf_counter() - started
    for proc in procs:
        proc.wait(timeout=300)
    texts = [log.read_text() for log in logs]
    if any(p.returncode for p in procs) or any("Traceback" in t for t in texts):
        raise SystemExit(f"a worker failed:\n{next(t for t in texts if 'Traceback' in t or t)[-3000:]}")
    pages = sum(_stat(t, "response_received_count") - _stat(t, "robotstxt/response_count") for t in texts)
    return {"workers": n_workers, "seconds": round(seconds, 2), "pages": pages,
            "pages_per_s": round(pages / seconds, 1), "posts": client.scard("wordpress:post_ids"),
            "per_worker_pages": [_stat(t, "response_received_count") for t in texts]}


def memory_per_100k(client, count: int = 100_000) -> dict:
    """Redis used_memory growth per 100k queued requests (queue entry + dupefilter fingerprint), by kind."""
    from scrapy.http import Request
    from scrapy_redis.dupefilter import RFPDupeFilter

    from harvester.platforms.common import provenance
    from harvester.platforms.wordpress import WordPressSpider
    from harvester.scale.codec import encode
    from harvester.scale.frontier import Frontier
    from tests.sites.lowfield import generated_posts
    from tests.sites.wp_rest_api import RestSite

    spider = WordPressSpider(name="wordpress", url="http://127.0.0.1:8080/")
    spider.api_root = "http://127.0.0.1:8080/wp-json/"
    posts = generated_posts(50)
    rest = RestSite(posts, "http://127.0.0.1:8080", max_per_page=100, comments_max_per_page=100)
    status, headers, body = rest.handle("/wp/v2/posts", {"per_page": ["100"], "_embed": ["1"]})
    listed = json.loads(body)
    from scrapy.http import TextResponse
    listing = provenance(TextResponse("http://127.0.0.1:8080/wp-json/wp/v2/posts", body=body), "wp-rest", "wordpress")
    fingerprint = RFPDupeFilter(client, "x").request_fingerprint
    kinds = {
        "html page": lambda i: Request(f"http://127.0.0.1:8080/2019/{i % 12 + 1:02d}/post-number-{i}/",
                                       callback=spider.parse_page),
        "REST comments (post in meta)": lambda i: spider.rest_comments_request(listed[i % len(listed)], listing, [], 1)
        .replace(url=f"http://127.0.0.1:8080/wp-json/wp/v2/comments?post={i}&per_page=100&page=1"),
    }
    out = {}
    for kind, make in kinds.items():
        client.flushdb()
        frontier = Frontier(client, "membench", "bench")
        before = client.info("memory")["used_memory"]
        batch = []
        for i in range(count):
            request = make(i)
            batch.append((encode(request, "blog0000", (), 1), fingerprint(request)))
            if len(batch) == 1000:
                with client.pipeline(transaction=False) as pipe:
                    for payload, fp in batch:
                        pipe.sadd(frontier.keys.dupefilter, fp)
                        pipe.zadd(frontier.keys.requests, {payload: 0})
                    pipe.execute()
                batch = []
        grown = client.info("memory")["used_memory"] - before
        out[kind] = {"mib_per_100k": round(grown / 2**20 * 100_000 / count, 1),
                     "bytes_per_request": round(grown / count)}
    client.flushdb()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--mode", default="rest", choices=("rest", "html"))
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--memory-requests", type=int, default=100_000)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from tests.scale.redis_server import RedisServer
    from tests.sites.lowfield import generated_posts
    from tests.sites.server import MockWordPress, Options

    server = RedisServer().start()
    site = MockWordPress(posts=generated_posts(args.posts), options=Options(
        posts_per_page=10, rest_max_per_page=100, rest_comments_max_per_page=100)).start()
    client = server.client()
    try:
        with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
            runs = [crawl(n, site.url, args.mode, server.url, client, args.posts, Path(tmp)) for n in args.workers]
        memory = memory_per_100k(client, args.memory_requests)
    finally:
        site.stop()
        server.stop()
    base = runs[0]["pages_per_s"]
    result = {"posts": args.posts, "mode": args.mode, "runs": runs,
              "speedup_vs_1_worker": {str(r["workers"]): round(r["pages_per_s"] / base, 2) for r in runs},
              "redis_memory_per_100k_queued": memory}
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
