"""Post versions claimed across workers: the key normalise's record id + content fingerprint, and the two pipelines."""
from __future__ import annotations

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from harvester.scale import dedupe
from harvester.scale.frontier import Frontier
from harvester.scale.worker import _WORKERS, Worker
from normalise.record import normalise_dict
from tests.rawbuild import raw_post


def test_record_id_is_the_id_normalise_gives_the_post():
    for record in (raw_post(), raw_post(url="/2008/10/relative.html"),
                   raw_post(canonical_url="https://riverside-trust.example/2008/09/meeting-the-ministers.html?m=1")):
        assert dedupe.record_id(record) == normalise_dict(record).id


def test_fingerprint_ignores_when_and_where_the_page_was_fetched():
    again = raw_post(provenance={**raw_post()["provenance"], "fetched_at": "2025-01-01T00:00:00Z",
                                 "fetched_url": raw_post()["url"] + "?m=1", "payload_sha256": "b" * 64})
    assert dedupe.fingerprint(again) == dedupe.fingerprint(raw_post())


@pytest.mark.parametrize("change", [
    {"title": "Meeting the Ministers again"},
    {"comments": []},
    {"provenance": {**raw_post()["provenance"], "source": "wp-rest"}},
])
def test_another_version_of_the_post_has_another_fingerprint_and_the_same_id(change):
    other = raw_post(**change)
    assert dedupe.fingerprint(other) != dedupe.fingerprint(raw_post())
    assert dedupe.version_key(other)[1] == dedupe.version_key(raw_post())[1]


def pipelines(redis_server, name: str):
    crawler = get_crawler(settings_dict={"REDIS_URL": redis_server.url})
    _WORKERS[crawler] = Worker(Frontier(redis_server.client(), "sp", name))
    return dedupe.RedisClaimPipeline(crawler), dedupe.RedisConfirmPipeline(crawler), crawler


def test_a_version_emitted_by_one_worker_is_dropped_by_the_other(redis_server, redis_client):
    claim_a, confirm_a, _ = pipelines(redis_server, "A")
    claim_b, _, crawler_b = pipelines(redis_server, "B")
    record = raw_post()
    confirm_a.process_item(claim_a.process_item(record))
    confirm_a.worker.flush(force=True)
    with pytest.raises(DropItem, match="already emitted by worker A"):
        claim_b.process_item(raw_post(provenance={**record["provenance"], "fetched_at": "2025-01-01T00:00:00Z"}))
    assert crawler_b.stats.get_value("scale/duplicate_posts") == 1
    assert claim_b.process_item(raw_post(title="A new version")) is not None     # a new version goes through
    assert redis_client.scard("sp:pending:A") == 0 and redis_client.scard("sp:pending:B") == 1


def test_the_pipelines_are_off_without_redis():
    from scrapy.exceptions import NotConfigured
    with pytest.raises(NotConfigured):
        dedupe.RedisClaimPipeline(get_crawler(settings_dict={}))
