"""The spider loader: with ``REDIS_URL`` set, ``scrapy crawl NAME`` runs NAME as a Redis worker (``blogs``).

Scrapy makes the spider loader from the project and command-line settings (``-s REDIS_URL=…`` included) before it
creates the crawler, so this is where any spider can be switched without being changed: ``load(NAME)`` returns
``distributed(<the spider class>)`` instead of the class itself. Without ``REDIS_URL`` it is Scrapy's loader.
"""
from __future__ import annotations

from scrapy.spiderloader import SpiderLoader

from .blogs import distributed


class RedisAwareSpiderLoader(SpiderLoader):
    """Scrapy's SpiderLoader; spiders come wrapped for the Redis frontier when REDIS_URL is set."""

    def __init__(self, settings):
        super().__init__(settings)
        self.redis_url = settings.get("REDIS_URL")
        self._wrapped: dict[str, type] = {}

    def load(self, spider_name: str) -> type:
        spidercls = super().load(spider_name)
        if not self.redis_url:
            return spidercls
        if spider_name not in self._wrapped:
            self._wrapped[spider_name] = distributed(spidercls)
        return self._wrapped[spider_name]
