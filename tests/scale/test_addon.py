"""REDIS_URL switches a crawl to the Redis frontier (addon + spider loader); without it nothing changes."""
from __future__ import annotations

from scrapy.settings import Settings
from scrapy.spiderloader import get_spider_loader
from scrapy.utils.project import get_project_settings

from harvester.scale.addon import RedisScaleAddon
from harvester.scale.dedupe import RedisClaimPipeline, RedisConfirmPipeline
from harvester.scale.worker import WorkerExtension
from harvester.spiders.wordpress import WordPressBlogSpider


def project_settings(**extra) -> Settings:
    settings = get_project_settings().copy()
    for name, value in extra.items():
        settings.set(name, value, priority="cmdline")
    return settings


def test_without_redis_url_the_project_is_unchanged():
    settings = project_settings()
    RedisScaleAddon().update_settings(settings)
    assert settings.get("SCHEDULER") == "scrapy.core.scheduler.Scheduler"
    assert "scrapy_redis" not in str(settings.get("DUPEFILTER_CLASS"))
    assert get_spider_loader(settings).load("wordpress") is WordPressBlogSpider


def test_redis_url_sets_scheduler_dupefilter_persistence_pipelines_and_extension():
    settings = project_settings(REDIS_URL="redis://127.0.0.1:6379/0")
    RedisScaleAddon().update_settings(settings)
    assert settings.get("SCHEDULER") == "harvester.scale.scheduler.ReliableScheduler"
    assert settings.get("DUPEFILTER_CLASS") == "scrapy_redis.dupefilter.RFPDupeFilter"
    assert settings.getbool("SCHEDULER_PERSIST") is True
    pipelines = settings.getdict("ITEM_PIPELINES")
    journal = pipelines["harvester.pipelines.RawJournalPipeline"]
    assert pipelines[RedisClaimPipeline] < journal < pipelines[RedisConfirmPipeline]   # claim, journal, confirm
    assert WorkerExtension in settings.getdict("EXTENSIONS")


def test_a_command_line_setting_still_wins_over_the_addon():
    settings = project_settings(REDIS_URL="redis://127.0.0.1:6379/0", SCHEDULER_PERSIST=False)
    RedisScaleAddon().update_settings(settings)
    assert settings.getbool("SCHEDULER_PERSIST") is False


def test_the_loader_wraps_every_spider_for_redis_and_lists_the_same_names():
    plain = get_spider_loader(project_settings())
    loader = get_spider_loader(project_settings(REDIS_URL="redis://127.0.0.1:6379/0"))
    assert loader.list() == plain.list()
    for name in loader.list():
        cls = loader.load(name)
        assert cls.name == name and cls.spidercls is plain.load(name) and cls is loader.load(name)

