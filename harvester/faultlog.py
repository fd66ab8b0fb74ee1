"""Fault log: each URL the crawl lost, recovered or repaired, logged once by kind, counted in stats, summarised at the end.

Every download passes through ``FaultLogDownloader.fetch`` (the ``DOWNLOADER`` setting): its final outcome, after
every downloader middleware (retries, redirects, decompression, off-site filtering) has had its say, is classified
by the ordered tables below and recorded by the crawl's ``FaultLog``:

- ``harvest/failed/<kind>``: the URL was given up (its content is not in the archive): a download error, an error
  status after the retries, or a body that is not what it claims (binary at an HTML URL, JSON that does not
  parse); one WARNING line ``harvest failed [<kind>] <url>: <detail>`` (INFO for 404/410: pages that are gone);
- ``harvest/recovered/<kind>``: the URL failed (``<kind>`` is its last failure) and a retry fetched it; one INFO line;
- ``harvest/repaired/<kind>``: the URL was served broken but usable: a charset that does not decode the page
  (``decode``), an XML document declaring entities (``xml_entities``: never expanded, never fetched); one INFO line.

A URL is logged and counted once per outcome however often it is requested (``FaultLogFormatter`` moves Scrapy's
own 'Error downloading' line and traceback to DEBUG, and RETRY_GIVE_UP_LOG_LEVEL is INFO, so the fault log's line
is the one warning). Redirect loops (the dupefilter drops the hop back), redirects off the site (filtered when
scheduled) and spider errors (an exception in a callback) reach the log through signals. When the spider closes,
a table of URLs per kind and outcome is logged.

Each entry is also one JSON line (outcome, kind, url, detail, at) of the faults file,
OUTPUT_DIR/raw/<spider>-<time>.faults.jsonl (FAULTS_FILE overrides; its path is the stat harvest/faults_file):
the failed URLs of a crawl, ready to be looked at or asked for again.
"""
from __future__ import annotations

import json
import logging
import os
import re
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Optional, Union
from weakref import WeakKeyDictionary

from scrapy import signals
from scrapy.core.downloader import Downloader
from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware
from scrapy.exceptions import (CannotResolveHostError, DownloadCancelledError, DownloadConnectionRefusedError,
                               DownloadFailedError, DownloadTimeoutError, IgnoreRequest, ResponseDataLossError)
from scrapy.http import Request, Response
from scrapy.logformatter import LogFormatter
from twisted.internet import defer
from twisted.internet import error as txerror
from twisted.web.client import ResponseFailed

from normalise.jsonl import dumps

from .feeds import output_dir, run_stamp

log = logging.getLogger(__name__)

# Request meta: the kinds of the failed attempts so far (harvester.retry appends one per retry).
HISTORY = "harvest_fault_history"
# Request meta: why the last response was not retried (set by harvester.retry), shown in the failure line.
DETAIL = "harvest_fault_detail"
OUTCOMES = ("failed", "recovered", "repaired")
# Crawl stat holding the faults file's path.
FILE_STAT = "harvest/faults_file"

# Exceptions -> kind: (kind, exception types, pattern the message must match or None); first match wins.
# Twisted's own errors and Python's are listed beside Scrapy's wrappers of them (a middleware may raise any).
EXCEPTION_KINDS: tuple[tuple[str, tuple[type, ...], Optional[re.Pattern]], ...] = (
    ("offsite", (IgnoreRequest,), re.compile(r"offsite", re.I)),
    ("robots", (IgnoreRequest,), re.compile(r"robots\.txt", re.I)),
    ("maxsize", (IgnoreRequest,), re.compile(r"DOWNLOAD_MAXSIZE|max size", re.I)),
    ("redirect_loop", (IgnoreRequest,), re.compile(r"max redirections", re.I)),
    ("ignored", (IgnoreRequest,), None),
    ("maxsize", (DownloadCancelledError, defer.CancelledError), None),   # http11 cancels only past DOWNLOAD_MAXSIZE
    ("timeout", (DownloadTimeoutError, txerror.TimeoutError, TimeoutError), None),
    ("truncated", (ResponseDataLossError,), None),
    ("connection_refused", (DownloadConnectionRefusedError, txerror.ConnectionRefusedError, ConnectionRefusedError),
     None),
    ("dns", (CannotResolveHostError, txerror.DNSLookupError), None),
    ("connection_reset", (txerror.ConnectionLost, txerror.ConnectionDone, ConnectionResetError, ConnectionAbortedError,
                          BrokenPipeError), None),
    ("connection_error", (txerror.ConnectError, OSError), None),
    ("download_failed", (DownloadFailedError,), None),
    ("download_error", (Exception,), None),
)
# Final HTTP statuses -> kind: (kind, lowest, highest); 404 and 410 are logged at INFO (pages that are gone).
STATUS_KINDS = (("http_429", 429, 429), ("http_404", 404, 404), ("http_404", 410, 410), ("http_4xx", 400, 499),
                ("http_5xx", 500, 599))
QUIET_STATUSES = {404, 410}
# Content faults of a 200 response, checked in order (the first that applies is recorded).
HTML_TYPES = (b"text/html", b"application/xhtml")
XML_TYPES = (b"xml", b"rss", b"atom")
ENTITY_DECLARATION = re.compile(rb"<!DOCTYPE[^>\[]*\[[^\]]*<!ENTITY", re.I | re.S)
XML_HEAD_BYTES = 64 * 1024


def exception_kind(exc: BaseException) -> str:
    """The fault kind of a download exception (EXCEPTION_KINDS), judged by what Twisted reported underneath."""
    found = [kind for kind, types, pattern in EXCEPTION_KINDS for cause in causes(exc)
             if isinstance(cause, types) and (pattern is None or pattern.search(str(cause)))]
    return found[0] if found else "download_error"


def causes(exc: BaseException) -> list[BaseException]:
    """The failures Twisted's ResponseFailed carried (Scrapy wraps it in DownloadFailedError), then ``exc`` itself."""
    if not isinstance(exc, (DownloadFailedError, ResponseFailed)):
        return [exc]
    reasons = getattr(exc.__cause__, "reasons", None) or getattr(exc, "reasons", None) or []
    return [getattr(r, "value", r) for r in reasons if isinstance(getattr(r, "value", r), BaseException)] + [exc]


def describe(exc: BaseException) -> str:
    """'Type: message' of the underlying failure, without Scrapy's '<GET url>' tail; at most 300 characters."""
    cause = causes(exc)[0]
    message = str(cause).split(" in request <", 1)[0].strip()
    if not message and isinstance(cause, (DownloadCancelledError, defer.CancelledError)):
        message = "more bytes than DOWNLOAD_MAXSIZE received"
    return (f"{type(cause).__name__}: {message}" if message else type(cause).__name__)[:300]


def status_kind(status: int) -> Optional[str]:
    """The fault kind of a final HTTP status, or None for a success or a redirect."""
    for kind, low, high in STATUS_KINDS:
        if low <= status <= high:
            return kind
    return None


def reason_kind(reason: Union[str, BaseException, type]) -> str:
    """The fault kind of a retry reason as RetryMiddleware passes it: an exception or '503 Service Unavailable'."""
    if isinstance(reason, BaseException):
        return exception_kind(reason)
    if isinstance(reason, type):
        return exception_kind(reason())
    status = re.match(r"\d{3}", str(reason))
    return (status_kind(int(status.group())) if status else None) or "download_error"


def content_fault(response: Response) -> Optional[tuple[str, str, str]]:
    """(outcome, kind, detail) for a 200 response whose body is not what its headers promise, else None."""
    from harvester.extract.page import declared_charset, looks_binary
    ctype = (response.headers.get(b"Content-Type") or b"").lower()
    body = response.body
    if not ctype or ctype.startswith(HTML_TYPES):
        if looks_binary(body[:65536]):
            return "failed", "binary", f"binary content served as {ctype.decode('latin-1') or 'a page'}"
        if not ctype.startswith(HTML_TYPES):
            return None
        headers = {"Content-Type": ctype.decode("latin-1")}
        charset = declared_charset(body, headers)
        if body.startswith(b"\xef\xbb\xbf") and charset and charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
            return "repaired", "decode", f"UTF-8 byte order mark overrides the declared charset {charset}"
        if charset:
            try:
                body.decode(charset)
            except (UnicodeDecodeError, LookupError):
                return "repaired", "decode", f"the declared charset {charset} does not decode the page"
        return None
    if b"json" in ctype:
        try:
            json.loads(body)
        except ValueError as exc:
            return "failed", "json_invalid", f"the JSON body does not parse ({exc})"[:300]
        return None
    if any(t in ctype for t in XML_TYPES) or body.lstrip()[:5] == b"<?xml":
        if ENTITY_DECLARATION.search(body[:XML_HEAD_BYTES]):
            return "repaired", "xml_entities", "entity declarations in the DOCTYPE ignored (never expanded or fetched)"
    return None


class FaultLog:
    """The fault log of one crawl (``FaultLog.of(crawler)``): records, logs once, counts and summarises."""

    _by_crawler: "WeakKeyDictionary[Any, FaultLog]" = WeakKeyDictionary()

    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.seen: dict[str, set[str]] = {outcome: set() for outcome in OUTCOMES}
        self.counts: dict[str, Counter] = {outcome: Counter() for outcome in OUTCOMES}
        self.path: Optional[Path] = None
        self._fd: Optional[int] = None
        self.write_failed = False
        crawler.signals.connect(self.request_dropped, signal=signals.request_dropped)
        crawler.signals.connect(self.request_scheduled, signal=signals.request_scheduled)
        crawler.signals.connect(self.spider_error, signal=signals.spider_error)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def of(cls, crawler) -> "FaultLog":
        if crawler not in cls._by_crawler:
            cls._by_crawler[crawler] = cls(crawler)
        return cls._by_crawler[crawler]

    # -- recording -----------------------------------------------------------------------------------------------
    def record(self, outcome: str, kind: str, url: str, detail: str = "", level: Optional[int] = None) -> bool:
        """Log and count ``url`` under ``outcome``/``kind`` unless it was already; True when it was recorded now."""
        if url in self.seen[outcome]:
            return False
        self.seen[outcome].add(url)
        self.counts[outcome][kind] += 1
        self.stats.inc_value(f"harvest/{outcome}/{kind}")
        if level is None:
            level = logging.WARNING if outcome == "failed" else logging.INFO
        log.log(level, "harvest %s [%s] %s%s", outcome, kind, url, f": {detail}" if detail else "")
        self.write({"outcome": outcome, "kind": kind, "url": url, "detail": detail,
                    "at": datetime.now(timezone.utc).isoformat(timespec="seconds")})
        return True

    def write(self, entry: dict) -> None:
        """Append one complete JSON line to the faults file (created at the first fault); never fails the crawl."""
        try:
            if self._fd is None:
                self.path = self.file_path()
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
                self.stats.set_value(FILE_STAT, str(self.path))
            data = memoryview((dumps(entry) + "\n").encode("utf-8"))
            while data:   # os.write may write less than asked
                data = data[os.write(self._fd, data):]
        except OSError as exc:
            if not self.write_failed:
                log.error("faults file %s not written (%s): the faults are in the log only", self.path, exc)
            self.write_failed = True

    def file_path(self) -> Path:
        explicit = self.crawler.settings.get("FAULTS_FILE")
        if explicit:
            return Path(explicit)
        name = getattr(self.crawler.spider, "name", None) or "crawl"
        return output_dir(self.crawler.settings) / "raw" / f"{name}-{run_stamp(self.crawler)}.faults.jsonl"

    def observe_response(self, request: Request, response: Response) -> None:
        """A response that came out of every downloader middleware (no more retries or redirects)."""
        if request.meta.get("dont_obey_robotstxt") and request.url.endswith("/robots.txt"):
            return   # a site without robots.txt is not a fault
        url = origin_url(request)
        history = request.meta.get(HISTORY) or []
        kind = status_kind(response.status)
        if kind is not None:
            detail = " ".join(filter(None, (str(response.status), attempts(history, failed=True),
                                            redirected(request), request.meta.get(DETAIL))))
            self.record("failed", kind, url, detail, logging.INFO if response.status in QUIET_STATUSES else None)
            return
        if history:
            self.record("recovered", history[-1], url, attempts(history, failed=False))
        if response.status == 200:
            fault = content_fault(response)
            if fault is not None:
                self.record(fault[0], fault[1], url, " ".join(filter(None, (fault[2], redirected(request)))))

    def observe_exception(self, request: Request, exc: BaseException) -> None:
        """A download that ended in ``exc`` after every downloader middleware (a 304 of an incremental crawl's
        conditional request is not a fault)."""
        from harvester.incremental import NotModified
        if isinstance(exc, NotModified):
            return
        history = request.meta.get(HISTORY) or []
        detail = " ".join(filter(None, (describe(exc), attempts(history, failed=True), redirected(request))))
        self.record("failed", exception_kind(exc), origin_url(request), detail)

    # -- signals -------------------------------------------------------------------------------------------------
    def request_dropped(self, request: Request, spider=None) -> None:
        """The scheduler refused a request: a redirect back to a URL of its own chain is a loop."""
        chain = request.meta.get("redirect_urls") or []
        if request.url in chain:
            self.record("failed", "redirect_loop", chain[0], f"redirects back to {request.url} "
                                                              f"after {len(chain)} hop(s)")

    def request_scheduled(self, request: Request, spider=None) -> None:
        """A redirect to another site is filtered by the OffsiteMiddleware at scheduling, with no signal: record it."""
        chain = request.meta.get("redirect_urls") or []
        if not chain or request.dont_filter or request.meta.get("allow_offsite"):
            return
        offsite = self.offsite_middleware()
        if offsite is not None and not offsite.should_follow(request, self.crawler.spider):
            self.record("failed", "offsite", chain[0], f"redirected off the site to {request.url}")

    def offsite_middleware(self):
        engine = self.crawler.engine
        middlewares = getattr(getattr(getattr(engine, "downloader", None), "middleware", None), "middlewares", ())
        return next((mw for mw in middlewares if isinstance(mw, OffsiteMiddleware)), None)

    def spider_error(self, failure, response, spider=None) -> None:
        url = getattr(response, "url", "") or "?"
        self.record("failed", "spider_error", url, f"{type(failure.value).__name__}: {failure.value}"[:300])

    def spider_closed(self, spider=None, reason: str = "") -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        kinds = sorted({kind for counter in self.counts.values() for kind in counter})
        if not kinds:
            log.info("harvest faults: none")
            return
        width = max(len(k) for k in kinds + ["kind"])
        lines = [f"{'kind':<{width}}  " + "  ".join(f"{o:>9}" for o in OUTCOMES)]
        lines += [f"{k:<{width}}  " + "  ".join(f"{self.counts[o][k]:>9}" for o in OUTCOMES) for k in kinds]
        totals = {o: sum(self.counts[o].values()) for o in OUTCOMES}
        lines.append(f"{'all':<{width}}  " + "  ".join(f"{totals[o]:>9}" for o in OUTCOMES))
        log.info("harvest faults (URLs by kind and outcome):\n%s", "\n".join(lines))


def origin_url(request: Request) -> str:
    """The URL the crawl asked for: the first of a redirect chain."""
    chain = request.meta.get("redirect_urls") or []
    return chain[0] if chain else request.url


def redirected(request: Request) -> str:
    chain = request.meta.get("redirect_urls") or []
    return f"(redirected to {request.url})" if chain else ""


def attempts(history: list[str], *, failed: bool) -> str:
    """'after 3 attempts' (a failure) or 'on attempt 2 (earlier: timeout)' (a recovery); '' without retries."""
    if not history:
        return ""
    if failed:
        return f"after {len(history) + 1} attempts"
    return f"on attempt {len(history) + 1} (earlier: {', '.join(history)})"


class FaultLogDownloader(Downloader):
    """Scrapy's downloader, reporting the final outcome of every download to the crawl's FaultLog."""

    def __init__(self, crawler) -> None:
        super().__init__(crawler)
        self.faults = FaultLog.of(crawler)

    @defer.inlineCallbacks
    def fetch(self, request: Request):
        try:
            result = yield super().fetch(request)
        except Exception as exc:
            self.faults.observe_exception(request, exc)
            raise
        if isinstance(result, Response):
            self.faults.observe_response(result.request or request, result)
        return result


class FaultLogFormatter(LogFormatter):
    """Scrapy's log formatter with 'Error downloading' (and its traceback) at DEBUG: the fault log said it at WARNING."""

    def download_error(self, failure, request, spider, errmsg=None):
        entry = super().download_error(failure, request, spider, errmsg)
        entry["level"] = logging.DEBUG
        return entry
