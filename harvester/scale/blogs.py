"""The worker's spider: any of our spiders, run for every blog seeded in Redis (``distributed(spidercls)``).

With ``REDIS_URL`` set, ``scrapy crawl wordpress`` runs ``distributed(WordPressBlogSpider)``: a spider of the same
name that holds one ordinary instance of the real spider per blog (built from the seed's URL and arguments, bound
to this crawl, unchanged). A blog seeded to this worker is *started* here: its ``start()`` requests and pinned
requests (``codec.PINNED_CALLBACKS``) run here, and its state is published as it changes. A shared request of a
blog started elsewhere makes a *replica* instance from the seed in ``<spider>:blogs`` and brings it to the state
version the request was made under. ``-a url=…`` on the command line seeds that blog unless the frontier already
knows it, so N workers started with the same command harvest the blog together.
"""
from __future__ import annotations

import json
import logging
import pickle
from dataclasses import dataclass, field
from typing import Any, Optional

import scrapy
from scrapy.http import Request

from . import codec
from .shared_set import share_sets

log = logging.getLogger(__name__)


@dataclass
class Blog:
    """One blog on this worker: its spider instance, whether it was started here, and its state versions."""

    id: str
    seed: dict
    spider: Any
    started_here: bool
    published: codec.Published = field(default_factory=codec.Published)
    pinned: int = 0                  # pinned requests of this blog queued or in progress here
    starting: bool = False           # its start() requests are still being scheduled
    seed_token: Optional[str] = None  # the in-flight entry of its seed, acked when nothing pinned remains


class DistributedSpider(scrapy.Spider):
    """Stands in for ``spidercls`` on a Redis worker (see the module docstring)."""

    spidercls: type = scrapy.Spider

    def __init__(self, *args: Any, url: Optional[str] = None, **kwargs: Any):
        super().__init__(*args)
        self.spider_args = {k: v for k, v in kwargs.items() if k != "name"}
        self.command_url = url
        self.blogs: dict[str, Blog] = {}
        self._owners: dict[int, tuple[Blog, tuple[str, ...]]] = {}
        self.allowed_domains: list[str] = []
        self.frontier = None   # set by the worker extension

    async def start(self):
        return
        yield  # seeds arrive through the worker extension (harvester.scale.worker)

    def parse(self, response, **kwargs: Any):
        self.logger.warning("%s: a request without a callback is not part of any blog; ignored", response.url)
        return []

    # -- seeds -----------------------------------------------------------------------------------------------
    def command_seed(self) -> Optional[dict]:
        """The seed the command line names (-a url=…, or a site spider's own start_url), else None."""
        url = self.command_url or getattr(self.spidercls, "start_url", None)
        return {"url": url, "args": dict(self.spider_args)} if url else None

    def seed_blog_id(self, seed: dict) -> str:
        return codec.blog_id(self.name, seed.get("url"), seed.get("args") or {})

    def make_instance(self, seed: dict) -> Any:
        """An instance of the real spider for one seed, bound to this crawl as a spider is."""
        kwargs = {**self.spider_args, **(seed.get("args") or {})}
        if seed.get("url"):
            kwargs["url"] = seed["url"]
        spider = self.spidercls(**kwargs)
        spider.crawler, spider.settings = self.crawler, self.crawler.settings
        for domain in getattr(spider, "allowed_domains", None) or []:
            if domain not in self.allowed_domains:
                self.allowed_domains.append(domain)
        return spider

    def start_blog(self, seed: dict, token: Optional[str]) -> Blog:
        """A seed taken by this worker: a fresh instance (replacing any replica) that this worker starts."""
        blog = Blog(self.seed_blog_id(seed), seed, self.make_instance(seed), started_here=True, seed_token=token)
        self.frontier.server.hset(self.frontier.keys.blogs, blog.id, json.dumps(seed, sort_keys=True))
        self._forget(blog.id)
        self.blogs[blog.id] = blog
        self.crawler.stats.inc_value("scale/blogs_started")
        self.logger.info("blog %s started here: %s", blog.id, seed.get("url") or self.spidercls.start_url)
        return blog

    def replica(self, blog_id: str) -> Blog:
        blog = self.blogs.get(blog_id)
        if blog is not None:
            return blog
        raw = self.frontier.server.hget(self.frontier.keys.blogs, blog_id)
        if raw is None:
            raise ValueError(f"request of unknown blog {blog_id} (no seed in {self.frontier.keys.blogs})")
        seed = json.loads(raw)
        blog = self.blogs[blog_id] = Blog(blog_id, seed, self.make_instance(seed), started_here=False)
        return blog

    def _forget(self, blog_id: str) -> None:
        self._owners = {k: v for k, v in self._owners.items() if v[0].id != blog_id}

    # -- requests --------------------------------------------------------------------------------------------
    def blog_of(self, request: Request) -> Optional[tuple[Blog, tuple[str, ...]]]:
        """The blog a request belongs to (by the object its callback is bound to) and the path to that object."""
        owner = getattr(request.callback, "__self__", None)
        if owner is None:
            return None
        found = self._owners.get(id(owner))
        if found is not None and found[0].id in self.blogs:
            return found
        for blog in self.blogs.values():
            path = codec.owner_path(blog.spider, request.callback)
            if path is not None:
                self._owners[id(owner)] = (blog, path)
                return blog, path
        return None

    def encode(self, request: Request) -> Optional[bytes]:
        """The request as a shared payload, or None when it must stay on this worker (pinned)."""
        if codec.is_pinned(request):
            return None
        found = self.blog_of(request)
        if found is None:
            return None
        blog, path = found
        self.share(blog)
        if request.errback is not None and codec.owner_path(blog.spider, request.errback) is None:
            return None
        if blog.started_here:
            latest = codec.pack_state(blog.spider, blog.published)
            if latest is not blog.published:
                self.frontier.server.hset(self.frontier.keys.state, blog.id,
                                          pickle.dumps((latest.version, latest.blob)))
                blog.published = latest
                self.crawler.stats.inc_value("scale/state_published")
        return codec.encode(request, blog.id, path, blog.published.version)

    def decode(self, payload: bytes) -> Request:
        """A shared payload as a request bound to this worker's instance of its blog (state brought up to date)."""
        data = codec.decode(payload)
        blog = self.replica(data["blog"])
        if not blog.started_here and data["version"] > blog.published.version:
            self.catch_up(blog)
        self.share(blog)
        owner = blog.spider
        for attr in data["path"]:
            owner = getattr(owner, attr)
        return codec.bind(data, owner)

    def share(self, blog: Blog) -> None:
        """The blog's spider (and delegates) keep their request-key sets in Redis (``shared_set``)."""
        share_sets(blog.spider, self.frontier.server, f"{self.frontier.keys.prefix}seen:{blog.id}:")

    def catch_up(self, blog: Blog) -> None:
        raw = self.frontier.server.hget(self.frontier.keys.state, blog.id)
        if raw is None:
            return
        version, blob = pickle.loads(raw)
        if version <= blog.published.version:
            return
        codec.apply_state(blog.spider, pickle.loads(blob), self.make_delegate)
        blog.published = codec.Published(version=version)
        self._forget(blog.id)
        self.crawler.stats.inc_value("scale/state_applied")

    def make_delegate(self, node: Any, platform: Optional[str]) -> Any:
        """A delegate spider a replica lacks (the ``blog`` spider's platform spider), from its platform hook."""
        hook = getattr(node, "platform_spider", None)
        if hook is None or platform is None:
            raise ValueError(f"{type(node).__name__} has no platform_spider() hook to rebuild its delegate")
        return hook(platform)


def distributed(spidercls: type) -> type:
    """The worker spider class for ``spidercls`` (same name, same custom settings)."""
    return type(spidercls.__name__, (DistributedSpider,), {
        "name": spidercls.name, "spidercls": spidercls, "custom_settings": spidercls.custom_settings,
        "__module__": __name__, "__doc__": f"{spidercls.__name__} on a Redis worker: {DistributedSpider.__doc__}"})
