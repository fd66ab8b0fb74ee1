"""The shared frontier's Lua moves against a real redis-server: pop into in-flight, ack, requeue, seeds, claims."""
from __future__ import annotations

import pytest

from harvester.scale.frontier import Frontier, Keys, Requeued


@pytest.fixture
def pair(redis_client):
    """Two workers, A and B, of spider 'sp' (heartbeats renewed: both alive)."""
    a, b = Frontier(redis_client, "sp", "A"), Frontier(redis_client, "sp", "B")
    a.beat()
    b.beat()
    return a, b


def die(frontier: Frontier) -> None:
    """What a kill -9 leaves: the heartbeat stops (here: is gone at once), everything else stays."""
    frontier.server.delete(frontier.keys.heartbeat(frontier.worker))


def test_pop_files_the_request_in_flight_until_acked(pair, redis_client):
    a, _ = pair
    a.push(b"low", priority=0)
    a.push(b"high", priority=5)
    (token, payload), = a.pop()
    assert payload == b"high"                               # higher priority first, as scrapy-redis
    assert redis_client.zrange("sp:requests", 0, -1) == [b"low"]
    assert redis_client.hget("sp:inflight:A", token) == b"R-5 high"
    a.ack(token)
    assert redis_client.hlen("sp:inflight:A") == 0


def test_pop_of_an_empty_queue_is_none(pair):
    assert pair[0].pop() == []


def test_dead_workers_requests_are_requeued_with_their_priority_once(pair, redis_client):
    a, b = pair
    a.push(b"r1", priority=3)
    a.push(b"r2", priority=0)
    a.pop()
    a.pop()
    die(a)
    assert b.reclaim_dead() == Requeued(requests=2)
    assert redis_client.zrange("sp:requests", 0, -1, withscores=True) == [(b"r1", -3.0), (b"r2", 0.0)]
    assert not redis_client.exists("sp:inflight:A")
    assert redis_client.smembers("sp:workers") == {b"B"}
    assert b.reclaim_dead() == Requeued()                    # a second survivor finds nothing left


def test_a_live_worker_keeps_its_requests(pair, redis_client):
    a, b = pair
    a.push(b"r1")
    a.pop()
    assert b.reclaim_dead() == Requeued()
    assert redis_client.hlen("sp:inflight:A") == 1


def test_an_expired_heartbeat_counts_as_dead(redis_client):
    import time
    a = Frontier(redis_client, "sp", "A", heartbeat_ttl=0.05)
    b = Frontier(redis_client, "sp", "B")
    a.beat()
    a.push(b"r1")
    a.pop()
    time.sleep(0.2)
    assert b.reclaim_dead().requests == 1


def test_seeds_are_first_in_first_out_and_a_dead_workers_seed_goes_back_first(pair, redis_client):
    a, b = pair
    a.push_seeds([{"url": "http://one/"}, {"url": "http://two/"}])
    token, seed = a.pop_seed()
    assert seed == {"url": "http://one/"} and token.startswith("seed-")
    die(a)
    assert b.reclaim_dead() == Requeued(seeds=1)
    assert b.pop_seed()[1] == {"url": "http://one/"}
    assert b.pop_seed()[1] == {"url": "http://two/"}
    assert b.pop_seed() is None


def test_a_post_is_claimed_once(pair):
    a, b = pair
    assert a.claim_post("post-1:fp", "post-1") is None
    assert b.claim_post("post-1:fp", "post-1") == "A"
    assert a.claim_post("post-1:fp", "post-1") == "A"


def test_a_dead_workers_unconfirmed_claims_are_released_confirmed_ones_kept(pair, redis_client):
    a, b = pair
    a.claim_post("post-1:fp", "post-1")
    a.confirm_post("post-1:fp")                            # journalled
    a.claim_post("post-2:fp", "post-2")                    # killed before its journal line
    die(a)
    assert b.reclaim_dead() == Requeued(claims_released=1)
    assert b.claim_post("post-1:fp", "post-1") == "A"
    assert b.claim_post("post-2:fp", "post-2") is None
    assert redis_client.scard("sp:post_ids") == 2


def test_release_hands_back_unfinished_entries_and_deregisters(pair, redis_client):
    a, _ = pair
    a.push(b"r1")
    a.pop()
    assert a.release() == Requeued(requests=1)
    assert redis_client.zcard("sp:requests") == 1
    assert not redis_client.exists("sp:worker:A")
    assert b"A" not in redis_client.smembers("sp:workers")


def test_idle_only_when_nothing_is_queued_seeded_or_in_flight(pair):
    a, b = pair
    assert a.idle()
    a.push(b"r1")
    assert not a.idle()
    (token, _), = b.pop()
    assert not a.idle()                                     # in flight on B
    b.ack(token)
    assert a.idle()
    a.push_seeds([{"url": "http://one/"}])
    assert not a.idle()


def test_status_counts(pair):
    a, _ = pair
    a.push(b"r1")
    a.push_seeds([{"url": "http://one/"}])
    a.claim_post("k", "post-1")
    status = a.status()
    assert (status["queued"], status["seeds"], status["workers"], status["post_versions"], status["posts"]) == (
        1, 1, 2, 1, 1)


def test_keys_are_per_spider():
    keys = Keys("blog")
    assert (keys.requests, keys.inflight("w1"), keys.heartbeat("w1"), keys.pending("w1")) == (
        "blog:requests", "blog:inflight:w1", "blog:worker:w1", "blog:pending:w1")


def test_pop_takes_a_batch_each_entry_in_flight_under_its_own_token(pair, redis_client):
    a, _ = pair
    for n in range(5):
        a.push(f"r{n}".encode(), priority=n)
    batch = a.pop(3)
    assert [p for _, p in batch] == [b"r4", b"r3", b"r2"]
    assert len({t for t, _ in batch}) == 3 and redis_client.hlen("sp:inflight:A") == 3
    assert redis_client.zrange("sp:requests", 0, -1) == [b"r1", b"r0"]
    a.ack(*[t for t, _ in batch])
    assert redis_client.hlen("sp:inflight:A") == 0


def test_push_consults_the_dupefilter_set_unless_the_request_is_not_filtered(pair, redis_client):
    a, _ = pair
    assert a.push(b"r1", fingerprint="fp1") is True
    assert a.push(b"r1-again", fingerprint="fp1") is False
    assert a.push(b"r1-forced", fingerprint="") is True
    assert redis_client.smembers("sp:dupefilter") == {b"fp1"} and redis_client.zcard("sp:requests") == 2
