"""The two things a Redis worker needs from Scrapy's engine that it has no public call for, kept in one place.

- ``in_progress()``: the requests the engine is still handling. A request leaves that set only after its response
  (or failure) went through the callback and every item it gave went through the item pipelines and every request
  it gave was scheduled, which is exactly when its in-flight entry in Redis may be deleted.
- ``wake()``: ask the engine to poll the scheduler now. An idle engine polls only every few seconds; a worker
  waiting for requests that other workers are adding wakes it as soon as the shared queue holds some.

tests/scale/test_engine.py fails if a Scrapy upgrade moves either.
"""
from __future__ import annotations

from typing import Any


def _slot(crawler) -> Any:
    engine = getattr(crawler, "engine", None)
    return getattr(engine, "_slot", None) if engine is not None else None


def in_progress(crawler) -> set:
    """The engine's requests in progress (empty before the spider opens and after it closes)."""
    slot = _slot(crawler)
    return slot.inprogress if slot is not None else set()


def wake(crawler) -> None:
    """Schedule the engine's next scheduler poll (no-op while no spider is open)."""
    slot = _slot(crawler)
    if slot is not None and slot.closing is None:
        slot.nextcall.schedule()
