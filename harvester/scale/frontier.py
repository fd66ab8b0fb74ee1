"""The shared frontier in Redis: the request queue, seeds, each worker's in-flight entries and heartbeat, post claims.

Every move is one Lua script, so it is atomic however many workers run:

- ``push()`` adds a request's fingerprint to scrapy-redis's dupefilter set and, when it is new, the request to
  ``<spider>:requests`` (a sorted set, score = -priority, as scrapy-redis's PriorityQueue).
- ``pop()`` takes the best requests and files each in the worker's ``<spider>:inflight:<worker>`` hash under a
  token; ``ack()`` deletes the token once the request is fully handled (its items written, its requests queued).
- ``pop_seed()`` does the same for a blog URL of ``<spider>:seeds`` (a list, first in, first out).
- ``requeue()`` puts a worker's in-flight entries back (requests in the queue with their priority, seeds at the
  front of the seed list) and releases its unconfirmed post claims. It runs for a worker whose heartbeat
  (``<spider>:worker:<id>``, a key with a time to live) has expired (``reclaim_dead()``: every worker calls it at
  start and on every heartbeat, and the script checks the heartbeat itself, so two survivors never both requeue)
  and for a worker that stops cleanly (``release()``). A ``kill -9`` therefore loses no request: at worst the
  requests it had in flight are fetched a second time.
- ``claim_post()`` / ``confirm_post()``: a post version is claimed (``<spider>:posts``, key -> worker) before it is
  journalled and confirmed after; a dead worker's unconfirmed claims are released with its in-flight requests, so
  a post lost between claim and journal line is emitted again when its request is re-run.

Keys are per spider name; a standalone Redis server is assumed (the scripts touch keys they derive).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Optional

# KEYS: queue, this worker's in-flight hash; ARGV: how many, token prefix. Returns token, payload, token, payload…
POP = """
local r = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1, 'WITHSCORES')
if #r == 0 then return {} end
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, #r / 2 - 1)
local out = {}
for i = 1, #r, 2 do
  local token = ARGV[2] .. '.' .. ((i + 1) / 2)
  redis.call('HSET', KEYS[2], token, 'R' .. r[i + 1] .. ' ' .. r[i])
  out[#out + 1] = token
  out[#out + 1] = r[i]
end
return out
"""

# KEYS: dupefilter, queue; ARGV: request fingerprint ('' when the request is not filtered), score, payload.
PUSH = """
if ARGV[1] ~= '' and redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
return 1
"""

POP_SEED = """
local s = redis.call('RPOP', KEYS[1])
if not s then return false end
redis.call('HSET', KEYS[2], ARGV[1], 'S' .. s)
return s
"""

# KEYS: queue, seeds, workers, posts; ARGV: key prefix, worker id, '1' to requeue only when its heartbeat is gone.
REQUEUE = """
local id = ARGV[2]
if ARGV[3] == '1' and redis.call('EXISTS', ARGV[1] .. 'worker:' .. id) == 1 then return false end
local inflight = ARGV[1] .. 'inflight:' .. id
local entries = redis.call('HGETALL', inflight)
local requests, seeds, released = 0, 0, 0
for i = 2, #entries, 2 do
  local v = entries[i]
  if string.sub(v, 1, 1) == 'R' then
    local sp = string.find(v, ' ', 2, true)
    redis.call('ZADD', KEYS[1], tonumber(string.sub(v, 2, sp - 1)), string.sub(v, sp + 1))
    requests = requests + 1
  else
    redis.call('RPUSH', KEYS[2], string.sub(v, 2))
    seeds = seeds + 1
  end
end
local pending = ARGV[1] .. 'pending:' .. id
for _, k in ipairs(redis.call('SMEMBERS', pending)) do
  if redis.call('HGET', KEYS[4], k) == id then
    redis.call('HDEL', KEYS[4], k)
    released = released + 1
  end
end
redis.call('DEL', inflight, pending)
redis.call('SREM', KEYS[3], id)
return {requests, seeds, released}
"""

# KEYS: posts, pending of this worker, post ids; ARGV: claim key, worker id, post id. Returns the earlier owner.
CLAIM = """
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return redis.call('HGET', KEYS[1], ARGV[1]) end
redis.call('SADD', KEYS[2], ARGV[1])
redis.call('SADD', KEYS[3], ARGV[3])
return false
"""


@dataclass(frozen=True)
class Keys:
    """The Redis keys of one spider's frontier (``<spider>:…``)."""

    spider: str

    def _key(self, name: str) -> str:
        return f"{self.spider}:{name}"

    requests = property(lambda self: self._key("requests"))      # sorted set of encoded requests
    dupefilter = property(lambda self: self._key("dupefilter"))  # scrapy-redis request fingerprints
    seeds = property(lambda self: self._key("seeds"))            # list of blog seeds (JSON)
    blogs = property(lambda self: self._key("blogs"))            # hash: blog id -> seed (JSON)
    state = property(lambda self: self._key("state"))            # hash: blog id -> state snapshot
    workers = property(lambda self: self._key("workers"))        # set of registered worker ids
    posts = property(lambda self: self._key("posts"))            # hash: post version key -> worker id
    post_ids = property(lambda self: self._key("post_ids"))      # set of post ids emitted

    @property
    def prefix(self) -> str:
        return f"{self.spider}:"

    def heartbeat(self, worker: str) -> str:
        return f"{self.spider}:worker:{worker}"

    def inflight(self, worker: str) -> str:
        return f"{self.spider}:inflight:{worker}"

    def pending(self, worker: str) -> str:
        return f"{self.spider}:pending:{worker}"

    def all(self, server) -> list[str]:
        """Every key of this spider's frontier present on the server."""
        return [k if isinstance(k, str) else k.decode() for k in server.scan_iter(match=f"{self.spider}:*")]


@dataclass(frozen=True)
class Requeued:
    """What ``requeue()`` put back for one worker."""

    requests: int = 0
    seeds: int = 0
    claims_released: int = 0

    def __add__(self, other: "Requeued") -> "Requeued":
        return Requeued(self.requests + other.requests, self.seeds + other.seeds,
                        self.claims_released + other.claims_released)


class Frontier:
    """One worker's handle on the shared frontier of ``spider`` (redis-py client ``server``)."""

    def __init__(self, server, spider: str, worker: str, heartbeat_ttl: float = 30.0):
        self.server = server
        self.keys = Keys(spider)
        self.worker = worker
        self.heartbeat_ttl = heartbeat_ttl
        self._pop = server.register_script(POP)
        self._push = server.register_script(PUSH)
        self._pop_seed = server.register_script(POP_SEED)
        self._requeue = server.register_script(REQUEUE)
        self._claim = server.register_script(CLAIM)
        self._tokens = 0

    def _token(self) -> str:
        self._tokens += 1
        return str(self._tokens)

    # -- requests --------------------------------------------------------------------------------------------
    def push(self, payload: bytes, priority: int = 0, fingerprint: str = "") -> bool:
        """Queue a request unless ``fingerprint`` is already in the dupefilter set (then False); one round trip."""
        return bool(self._push(keys=[self.keys.dupefilter, self.keys.requests],
                               args=[fingerprint, -priority, payload]))

    def pop(self, count: int = 1) -> list[tuple[str, bytes]]:
        """Up to ``count`` (token, payload) pairs of the best queued requests, now in this worker's in-flight hash."""
        found = self._pop(keys=[self.keys.requests, self.keys.inflight(self.worker)], args=[count, self._token()])
        return [(t.decode() if isinstance(t, bytes) else t, p) for t, p in zip(found[::2], found[1::2])]

    def ack(self, *tokens: str, confirmed: tuple[str, ...] = ()) -> None:
        """Delete finished in-flight entries and confirm journalled post claims, in one round trip."""
        if not tokens and not confirmed:
            return
        with self.server.pipeline(transaction=False) as pipe:
            if tokens:
                pipe.hdel(self.keys.inflight(self.worker), *tokens)
            if confirmed:
                pipe.srem(self.keys.pending(self.worker), *confirmed)
            pipe.execute()

    def queued(self) -> int:
        return self.server.zcard(self.keys.requests)

    # -- seeds -----------------------------------------------------------------------------------------------
    def push_seeds(self, seeds: list[dict]) -> int:
        """Queue blog seeds ({'url': …, 'args': {…}}) in order; returns the seed list's length."""
        if not seeds:
            return self.server.llen(self.keys.seeds)
        return self.server.lpush(self.keys.seeds, *[json.dumps(s, sort_keys=True) for s in seeds])

    def pop_seed(self) -> Optional[tuple[str, dict]]:
        token = "seed-" + self._token()
        data = self._pop_seed(keys=[self.keys.seeds, self.keys.inflight(self.worker)], args=[token])
        return (token, json.loads(data)) if data is not None else None

    def seeds(self) -> int:
        return self.server.llen(self.keys.seeds)

    # -- workers ---------------------------------------------------------------------------------------------
    def beat(self) -> None:
        """Register this worker and renew its heartbeat (expires after ``heartbeat_ttl`` seconds)."""
        with self.server.pipeline() as pipe:
            pipe.sadd(self.keys.workers, self.worker)
            pipe.set(self.keys.heartbeat(self.worker), "1", px=max(1, int(self.heartbeat_ttl * 1000)))
            pipe.execute()

    def requeue(self, worker: str, only_if_dead: bool = True) -> Optional[Requeued]:
        result = self._requeue(keys=[self.keys.requests, self.keys.seeds, self.keys.workers, self.keys.posts],
                               args=[self.keys.prefix, worker, "1" if only_if_dead else "0"])
        return Requeued(*result) if result else None

    def reclaim_dead(self) -> Requeued:
        """Requeue the in-flight entries of every registered worker whose heartbeat has expired."""
        total = Requeued()
        for worker in self.server.smembers(self.keys.workers):
            worker = worker.decode() if isinstance(worker, bytes) else worker
            if worker != self.worker:
                total = total + (self.requeue(worker) or Requeued())
        return total

    def release(self) -> Requeued:
        """A clean stop: this worker's unfinished entries go back, its heartbeat and registration are removed."""
        result = self.requeue(self.worker, only_if_dead=False) or Requeued()
        self.server.delete(self.keys.heartbeat(self.worker))
        return result

    def in_flight(self) -> int:
        """Entries in flight on every registered worker (dead ones included until reclaimed)."""
        workers = [w.decode() if isinstance(w, bytes) else w for w in self.server.smembers(self.keys.workers)]
        with self.server.pipeline() as pipe:
            for worker in workers:
                pipe.hlen(self.keys.inflight(worker))
            return sum(pipe.execute())

    def idle(self) -> bool:
        """Nothing queued, no seed waiting and nothing in flight anywhere: the frontier is exhausted."""
        return self.queued() == 0 and self.seeds() == 0 and self.in_flight() == 0

    # -- posts -----------------------------------------------------------------------------------------------
    def claim_post(self, key: str, post_id: str) -> Optional[str]:
        """Claim one post version for this worker; None when claimed now, else the worker that holds it."""
        owner = self._claim(keys=[self.keys.posts, self.keys.pending(self.worker), self.keys.post_ids],
                            args=[key, self.worker, post_id])
        return owner.decode() if isinstance(owner, bytes) else owner

    def confirm_post(self, *keys: str) -> None:
        """The claimed versions are journalled: they stay claimed even if this worker dies later."""
        self.ack(confirmed=keys)

    def status(self) -> dict[str, Any]:
        """Counts for `scrapy seed-redis --status` and the crawl stats."""
        return {"queued": self.queued(), "seeds": self.seeds(), "in_flight": self.in_flight(),
                "workers": self.server.scard(self.keys.workers), "blogs": self.server.hlen(self.keys.blogs),
                "post_versions": self.server.hlen(self.keys.posts), "posts": self.server.scard(self.keys.post_ids)}
