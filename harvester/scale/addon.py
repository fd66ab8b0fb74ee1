"""``REDIS_URL`` switches a crawl to the shared Redis frontier: scheduler, dupefilter, post claims, worker extension.

Listed in ``ADDONS`` (harvester/settings.py) and inert until ``-s REDIS_URL=redis://host:6379/0`` is given. Then
it sets, at add-on priority (a ``-s`` on the command line still wins):

- ``SCHEDULER`` = ``harvester.scale.scheduler.ReliableScheduler`` (scrapy-redis's Scheduler, reliable queue),
  ``DUPEFILTER_CLASS`` = scrapy-redis's ``RFPDupeFilter``, ``SCHEDULER_PERSIST`` = True (a stopping worker never
  clears the shared frontier; ``scrapy seed-redis SPIDER --clear`` does);
- the item pipelines ``RedisClaimPipeline`` (before the raw journal) and ``RedisConfirmPipeline`` (after it);
- the ``WorkerExtension`` (heartbeat, requeue of dead workers' requests, seeds, idling).

The spider itself is swapped by ``harvester.scale.loader.RedisAwareSpiderLoader`` (``SPIDER_LOADER_CLASS``).
"""
from __future__ import annotations

from .dedupe import RedisClaimPipeline, RedisConfirmPipeline
from .worker import WorkerExtension

#: (setting, value) pairs applied when REDIS_URL is set.
REDIS_SETTINGS = (
    ("SCHEDULER", "harvester.scale.scheduler.ReliableScheduler"),
    ("DUPEFILTER_CLASS", "scrapy_redis.dupefilter.RFPDupeFilter"),
    ("SCHEDULER_PERSIST", True),
)
#: (component priority dict setting, class, order) pairs applied when REDIS_URL is set.
REDIS_COMPONENTS = (
    ("ITEM_PIPELINES", RedisClaimPipeline, 50),
    ("ITEM_PIPELINES", RedisConfirmPipeline, 900),
    ("EXTENSIONS", WorkerExtension, 500),
)


class RedisScaleAddon:
    """Switches the crawl to the Redis frontier when REDIS_URL is set (see the module docstring)."""

    def update_settings(self, settings) -> None:
        if not settings.get("REDIS_URL"):
            return
        for name, value in REDIS_SETTINGS:
            settings.set(name, value, priority="addon")
        for name, cls, order in REDIS_COMPONENTS:
            settings.set_in_component_priority_dict(name, cls, order)
