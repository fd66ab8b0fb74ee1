"""`scrapy seed_redis SPIDER [URL …]`: queue blogs for the Redis workers of SPIDER; `--status`, `--clear`.

Each URL becomes a seed ``{"url": …, "args": {…}}`` (``-a NAME=VALUE`` spider arguments, e.g. ``-a mode=rest``)
pushed to ``<SPIDER>:seeds``; without URLs a site spider's own ``start_url`` is seeded. A blog already known to
the frontier (seeded before) is skipped unless ``--again``. ``--file FILE`` reads more URLs, one a line (``#``
comments allowed). ``--status`` prints the frontier's counts and Redis memory; ``--clear`` deletes every key of
SPIDER's frontier (queue, dupefilter, seeds, claims) to start a harvest afresh. The server is ``-s REDIS_URL=…``
(default redis://127.0.0.1:6379/0).
"""
from __future__ import annotations

import argparse
import json
import sys

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from ..scale.codec import blog_id
from ..scale.frontier import Frontier

DEFAULT_URL = "redis://127.0.0.1:6379/0"


def read_urls(path: str) -> list[str]:
    """URLs of a seed file, one a line; blank lines and '#' comments skipped."""
    try:
        with open(path, encoding="utf-8") as fh:
            return [line.split("#", 1)[0].strip() for line in fh if line.split("#", 1)[0].strip()]
    except OSError as exc:
        raise UsageError(f"seed_redis: cannot read {path}: {exc.strerror}") from None


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "SPIDER [URL ...] [-a NAME=VALUE] [--file FILE] [--again] [--status] [--clear] [-s REDIS_URL=…]"

    def short_desc(self) -> str:
        return "Queue blogs for the Redis workers of SPIDER (crawling at scale); show or clear its frontier"

    def long_desc(self) -> str:
        return __doc__.split("\n", 2)[2].strip()

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("-a", dest="spargs", action="append", default=[], metavar="NAME=VALUE",
                            help="spider argument given to every seeded blog (may be repeated)")
        parser.add_argument("--file", dest="files", action="append", default=[], help="read URLs from FILE")
        parser.add_argument("--again", action="store_true", help="queue blogs the frontier already knows")
        parser.add_argument("--status", action="store_true", help="print the frontier's counts")
        parser.add_argument("--clear", action="store_true", help="delete every key of SPIDER's frontier")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if not args:
            raise UsageError("give the spider name, e.g. scrapy seed_redis blog https://blog.example.org/")
        name, urls = args[0], args[1:]
        for path in opts.files:
            urls += read_urls(path)
        spidercls = self._spider(name)
        frontier = self._frontier(name)
        if opts.clear:
            keys = frontier.keys.all(frontier.server)
            if keys:
                frontier.server.delete(*keys)
            print(f"seed_redis: cleared {len(keys)} keys of {name}")
        if urls or not (opts.status or opts.clear):
            self.seed(spidercls, frontier, urls, self._spider_args(opts.spargs), again=opts.again)
        if opts.status:
            status = frontier.status()
            status["redis_used_memory"] = frontier.server.info("memory").get("used_memory_human")
            print(json.dumps(status, indent=2))

    def seed(self, spidercls, frontier: Frontier, urls: list[str], spargs: dict, again: bool) -> None:
        if not urls:
            start = getattr(spidercls, "start_url", None)
            if not start:
                raise UsageError(f"seed_redis: spider {spidercls.name!r} has no start_url: give blog URLs")
            urls = [start]
        queued = []
        for url in dict.fromkeys(urls):
            if not url.startswith(("http://", "https://")):
                print(f"seed_redis: skipped {url!r}: not an http(s) URL", file=sys.stderr)
                self.exitcode = 1
                continue
            seed = {"url": url, "args": spargs}
            new = frontier.server.hsetnx(frontier.keys.blogs, blog_id(spidercls.name, url, spargs),
                                         json.dumps(seed, sort_keys=True))
            if new or again:
                queued.append(seed)
            else:
                print(f"seed_redis: {url} was seeded before (--again to queue it anyway)")
        length = frontier.push_seeds(queued)
        print(f"seed_redis: queued {len(queued)} blog(s) for {spidercls.name}; {length} seed(s) waiting")

    def _spider(self, name: str):
        from scrapy.spiderloader import get_spider_loader
        try:
            cls = get_spider_loader(self.settings).load(name)
        except KeyError:
            raise UsageError(f"seed_redis: no spider named {name!r} (scrapy list shows them)") from None
        return getattr(cls, "spidercls", cls)

    def _frontier(self, name: str) -> Frontier:
        from scrapy_redis.connection import get_redis_from_settings
        settings = self.settings.copy()
        if not settings.get("REDIS_URL"):
            settings.set("REDIS_URL", DEFAULT_URL, priority="cmdline")
        server = get_redis_from_settings(settings)
        try:
            server.ping()
        except Exception as exc:
            raise UsageError(f"seed_redis: Redis at {settings.get('REDIS_URL')} does not answer: {exc}") from None
        return Frontier(server, name, worker="seed_redis")

    @staticmethod
    def _spider_args(pairs: list[str]) -> dict:
        out = {}
        for pair in pairs:
            if "=" not in pair:
                raise UsageError(f"seed_redis: -a takes NAME=VALUE, not {pair!r}")
            key, value = pair.split("=", 1)
            out[key] = value
        return out
