"""The engine internals a Redis worker reads (harvester.scale.engine) still exist in the installed Scrapy."""
from __future__ import annotations

import inspect
from types import SimpleNamespace

from scrapy.core import engine as scrapy_engine

from harvester.scale import engine


def test_the_engine_slot_keeps_requests_in_progress_until_their_output_is_handled():
    slot = inspect.getsource(scrapy_engine._Slot)
    assert "self.inprogress: set[Request] = set()" in slot and "self.nextcall" in slot and "self.closing" in slot
    source = inspect.getsource(scrapy_engine.ExecutionEngine)
    assert "self._slot = _Slot(" in source
    # the request leaves the slot only after the downloader output (the scrape) is handled
    handled = source.index("d.addBoth(self._handle_downloader_output, request)")
    assert source.index("partial(self._remove_request, request=request)") > handled


def test_requests_in_progress_are_read_from_the_slot_and_empty_without_one():
    crawler = SimpleNamespace(engine=None)
    assert engine.in_progress(crawler) == set()
    woken = []
    slot = SimpleNamespace(inprogress={"r"}, closing=None, nextcall=SimpleNamespace(schedule=lambda: woken.append(1)))
    crawler.engine = SimpleNamespace(_slot=slot)
    assert engine.in_progress(crawler) == {"r"}
    engine.wake(crawler)
    assert woken == [1]
    slot.closing = object()
    engine.wake(crawler)                                    # a closing engine is left alone
    assert woken == [1]
