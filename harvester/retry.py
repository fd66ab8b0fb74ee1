"""Retries that honour Retry-After (429/503) without blocking the crawl, and a downloader that never re-sends silently.

``RetryAfterMiddleware`` replaces Scrapy's RetryMiddleware (same settings, same ``get_retry_request`` logging and
``retry/*`` stats, still at most RETRY_TIMES retries). When a response whose status is in RETRY_AFTER_HTTP_CODES
carries ``Retry-After`` (delta-seconds, or an HTTP-date read against the response's own ``Date``), the retry is
sent no earlier than that: the wait is a timer on the reactor, so every other request keeps flowing (it holds one
of CONCURRENT_REQUESTS, not the site's download slot). A wait longer than RETRY_AFTER_MAX is not made: the URL is
given up at once and logged as failed with the server's figure. A wait is cut short when the crawl is closing.
Each retry records the kind of the failure it retries (``harvester.faultlog.HISTORY``) for the fault log.

``ExplicitRetryHTTPDownloadHandler`` is Scrapy's HTTP/1.1 handler with Twisted's automatic re-send turned off:
``HTTPConnectionPool`` otherwise re-sends an idempotent request once, unlogged and uncounted, when a reused
keep-alive connection dies before the response. Every attempt then goes through the retry middleware.
"""
from __future__ import annotations

import logging
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from time import monotonic
from typing import Optional, Union

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Request, Response
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.response import response_status_message

from .faultlog import DETAIL, HISTORY, reason_kind

log = logging.getLogger(__name__)

# Used when the settings do not say (harvester.settings sets and documents both).
DEFAULT_CODES = [429, 503]
DEFAULT_MAX = 120.0
# The longest a single wait may be: the reactor is polled this often to notice that the crawl is closing.
WAIT_STEP_SECONDS = 1.0


def retry_after_seconds(value: Union[str, bytes, None], date: Union[str, bytes, None] = None,
                        now: Optional[datetime] = None) -> Optional[float]:
    """Seconds a ``Retry-After`` value asks to wait (never negative), or None when absent or unreadable.

    An HTTP-date is measured from the response's ``Date`` when that is readable (the server's clock on both
    sides, so a skewed clock does not matter), else from ``now`` (default: the current UTC time).
    """
    text = _text(value)
    if not text:
        return None
    if text.isdigit():
        return float(int(text))
    when = _http_date(text)
    if when is None:
        return None
    reference = _http_date(_text(date)) or now or datetime.now(timezone.utc)
    if reference.tzinfo is None:
        reference = reference.replace(tzinfo=timezone.utc)
    return max(0.0, (when - reference).total_seconds())


def _text(value: Union[str, bytes, None]) -> str:
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    return (value or "").strip()


def _http_date(text: str) -> Optional[datetime]:
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=timezone.utc)


class RetryAfterMiddleware(RetryMiddleware):
    """RetryMiddleware that waits out Retry-After (capped by RETRY_AFTER_MAX) and labels each retry's fault kind."""

    def __init__(self, settings) -> None:
        super().__init__(settings)
        self.retry_after_codes = {int(x) for x in settings.getlist("RETRY_AFTER_HTTP_CODES", DEFAULT_CODES)}
        self.retry_after_max = settings.getfloat("RETRY_AFTER_MAX", DEFAULT_MAX)

    async def process_response(self, request: Request, response: Response) -> Union[Request, Response]:
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        reason = response_status_message(response.status)
        delay = None
        if response.status in self.retry_after_codes:
            delay = retry_after_seconds(response.headers.get(b"Retry-After"), response.headers.get(b"Date"))
        if delay is None or not self.retries_left(request):
            return self._retry(request, reason) or response
        stats = self.crawler.stats
        if delay > self.retry_after_max:
            stats.inc_value("retry/retry_after/over_max")
            request.meta[DETAIL] = (f"Retry-After {delay:.0f} s exceeds RETRY_AFTER_MAX ({self.retry_after_max:.0f} s):"
                                    " not retried")
            return response
        if delay > 0:
            log.debug("Waiting %.1f s (Retry-After) before retrying %s", delay, request)
            stats.inc_value("retry/retry_after/waits")
            stats.max_value("retry/retry_after/max_seconds", delay)
            if not await self.wait(delay):
                request.meta[DETAIL] = f"the crawl closed during its Retry-After wait ({delay:.0f} s): not retried"
                return response
        return self._retry(request, reason) or response

    def retries_left(self, request: Request) -> bool:
        limit = request.meta.get("max_retry_times", self.max_retry_times)
        return request.meta.get("retry_times", 0) < limit

    def _retry(self, request: Request, reason) -> Optional[Request]:
        retry = super()._retry(request, reason)
        if retry is not None:
            retry.meta[HISTORY] = [*(request.meta.get(HISTORY) or []), reason_kind(reason)]
        return retry

    async def wait(self, seconds: float) -> bool:
        """Sleep on the reactor for ``seconds``; False when the crawl began closing meanwhile."""
        from twisted.internet import reactor
        from twisted.internet.task import deferLater
        end = monotonic() + seconds
        while (left := end - monotonic()) > 0:
            if self.closing():
                return False
            await maybe_deferred_to_future(deferLater(reactor, min(left, WAIT_STEP_SECONDS), lambda: None))
        return not self.closing()

    def closing(self) -> bool:
        try:
            engine = self.crawler.engine
        except RuntimeError:   # not started, or already gone
            return True
        if engine is None or not engine.running:
            return True
        slot = getattr(engine, "_slot", None)   # the engine's slot is closing: CLOSESPIDER_*, a signal, an error
        return slot is not None and getattr(slot, "closing", None) is not None


class ExplicitRetryHTTPDownloadHandler(HTTP11DownloadHandler):
    """HTTP/1.1 download handler whose connection pool never re-sends a request on its own."""

    def __init__(self, crawler) -> None:
        super().__init__(crawler)
        self._pool.retryAutomatically = False
