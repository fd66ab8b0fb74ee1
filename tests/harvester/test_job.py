"""The JOBDIR job: one identity, time stamp and journal across runs; a foreign or busy job refused; no Scrapy queue."""
from __future__ import annotations

import json

import pytest
from scrapy import Spider
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from harvester.feeds import run_stamp
from harvester.job import Job, JobAddon, JobDupeFilter, JobError, JobScheduler


class _Spider(Spider):
    name = "jobtest"
    start_url = "http://127.0.0.1:8000/"
    mode = "html"


def _crawler(tmp_path, **attrs):
    crawler = get_crawler(_Spider, {"JOBDIR": str(tmp_path / "job")})
    crawler.spider = crawler._create_spider()
    for name, value in attrs.items():
        setattr(crawler.spider, name, value)
    return crawler


def test_first_run_creates_the_job_and_later_runs_resume_it(tmp_path):
    first = _crawler(tmp_path)
    job = Job.of(first)
    job.open()
    stamp = run_stamp(first)
    assert (job.resumed, job.stamp) == (False, stamp)
    job.remember("journal", "/somewhere/j.raw.jsonl")
    job.close("shutdown")
    second = _crawler(tmp_path)
    again = Job.of(second)
    again.open()
    assert again.resumed and run_stamp(second) == stamp
    assert again.remember("journal", "/elsewhere.raw.jsonl") == "/somewhere/j.raw.jsonl"
    again.close("finished")
    meta = json.loads((tmp_path / "job" / "job.json").read_text())
    assert (meta["spider"], meta["url"], meta["mode"]) == ("jobtest", "http://127.0.0.1:8000/", "html")
    assert [r["reason"] for r in meta["runs"]] == ["shutdown", "finished"]


@pytest.mark.parametrize("attr, value, key", [("start_url", "http://127.0.0.1:9/", "url"), ("mode", "rest", "mode"),
                                              ("name", "other", "spider")])
def test_another_crawl_cannot_use_the_job(tmp_path, attr, value, key):
    job = Job.of(_crawler(tmp_path))
    job.open()
    job.close()
    with pytest.raises(JobError, match=f"JOBDIR {tmp_path / 'job'} holds another crawl \\({key}"):
        Job.of(_crawler(tmp_path, **{attr: value})).open()


def test_a_running_job_cannot_be_opened_twice(tmp_path):
    job = Job.of(_crawler(tmp_path))
    job.open()
    with pytest.raises(JobError, match="in use by another running crawl"):
        Job.of(_crawler(tmp_path)).open()
    job.close()
    Job.of(_crawler(tmp_path)).open()   # free again once closed (or killed: the lock dies with the process)


def test_a_damaged_job_file_is_named(tmp_path):
    (tmp_path / "job").mkdir()
    (tmp_path / "job" / "job.json").write_text("{trunc")
    with pytest.raises(JobError, match="job.json: not a job file"):
        Job.of(_crawler(tmp_path)).open()


def test_without_jobdir_the_job_is_inactive(tmp_path):
    crawler = get_crawler(_Spider, {})
    crawler.spider = crawler._create_spider()
    job = Job.of(crawler)
    job.open()
    assert not job.active and job.stamp is None and not job.opened


def test_scheduler_and_duplicate_filter_keep_nothing_in_jobdir(tmp_path):
    crawler = _crawler(tmp_path)
    scheduler = JobScheduler.from_crawler(crawler)
    assert scheduler.dqdir is None
    assert isinstance(scheduler.df, JobDupeFilter) and scheduler.df.file is None   # even with Scrapy's class set
    assert JobDupeFilter.from_crawler(crawler).file is None
    assert not (tmp_path / "job" / "requests.seen").exists() and not (tmp_path / "job" / "requests.queue").exists()


@pytest.mark.parametrize("given, scheduler", [
    ({"JOBDIR": "j"}, "harvester.job.JobScheduler"),
    ({}, "scrapy.core.scheduler.Scheduler"),
    ({"JOBDIR": "j", "REDIS_URL": "redis://127.0.0.1:6379/0"}, "scrapy.core.scheduler.Scheduler"),   # Redis's own
])
def test_addon_keeps_scrapys_queue_out_of_jobdir_only_for_jobs(given, scheduler):
    settings = Settings(given)
    JobAddon().update_settings(settings)
    assert settings["SCHEDULER"] == scheduler
    assert (settings["DUPEFILTER_CLASS"] == "harvester.job.JobDupeFilter") is (scheduler.startswith("harvester"))
