"""Crawling at scale: several worker processes, on one or more machines, share one frontier in Redis (scrapy-redis).

``-s REDIS_URL=redis://host:6379/0`` switches any spider (``addon``, ``loader``); ``scrapy seed-redis SPIDER
URL…`` queues blogs; each worker starts the blogs it takes (``blogs``), shares their requests through Redis
(``codec``, ``scheduler``, ``frontier``), keeps a heartbeat and requeues the requests of workers that stopped
(``worker``), and claims each post version before emitting it (``dedupe``).

scrapy-redis 0.9.1 (the current release) is used for its Scheduler, its Redis connection settings and its
request dupefilter. Its ``RedisSpider`` is not: it reads seeds in ``start_requests()``, which Scrapy 2.13+ no
longer calls (rmax/scrapy-redis#305, fix unreleased), and its queues delete a request when it is popped, so a
killed worker would lose what it had in flight; ``frontier`` keeps those until the request is done.
"""
