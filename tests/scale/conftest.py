"""Fixtures of the scale-out tests: one private redis-server per test module, emptied before each test."""
from __future__ import annotations

import pytest

from .redis_server import RedisServer


@pytest.fixture(scope="module")
def redis_server():
    server = RedisServer().start()
    yield server
    server.stop()


@pytest.fixture
def redis_client(redis_server):
    client = redis_server.client()
    client.flushdb()
    yield client
    client.close()
