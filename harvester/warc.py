"""WARC capture: every response the crawl receives, with its request, appended to rolling gzip WARC files.

``WarcMiddleware`` sits next to the downloader (after the HTTP cache, before decompression and redirects), so each
record holds the response as it came off the wire: status line, headers as sent by the server (Content-Encoding
kept, the body still compressed), body. Twisted has already removed any chunked Transfer-Encoding, so that header
is renamed ``X-Archive-Orig-Transfer-Encoding`` and the record's payload is the de-chunked entity (the WARC 1.1
payload definition). A redirect is kept as its own 3xx response record, then the target's records follow.

Files: ``WARC_DIR/<prefix>-<YYYYMMDDhhmmssfff>-<serial>.warc.gz`` (the IIPC naming convention), each opening with a
warcinfo record; a new file starts once one reaches ``WARC_MAX_SIZE`` bytes. Every record is one gzip member written
in a single ``os.write`` on an O_APPEND descriptor (no Python buffer): after a crash or ``kill -9`` every completed
record is readable. The response's file name and WARC-Record-ID go into ``request.meta['warc']``; the platform
spiders copy them into each record's provenance (``warc_file``, ``warc_record_id``).
"""
from __future__ import annotations

import io
import logging
import os
import socket
from datetime import datetime, timezone
from http import HTTPStatus
from pathlib import Path
from typing import Optional
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.exceptions import NotConfigured
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from normalise import __version__

from .feeds import output_dir

log = logging.getLogger(__name__)

#: request.meta key holding {'file': <WARC file name>, 'record_id': <WARC-Record-ID>} of the response record.
META_KEY = "warc"
#: request.meta key a middleware sets on a response it made up (never received): it is not archived.
SYNTHETIC_KEY = "warc_skip"
#: Response headers that describe a framing already undone by the HTTP client; kept under an X-Archive-Orig- name.
UNDONE_HEADERS = ("transfer-encoding",)


def _headers(scrapy_headers) -> list[tuple[str, str]]:
    return [(k.decode("latin-1"), v.decode("latin-1")) for k, vs in scrapy_headers.items() for v in vs]


def _warc_date(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond:06d}Z"


class WarcFiles:
    """Rolling gzip WARC files in one folder: ``write()`` appends records whole and returns the current file name."""

    def __init__(self, folder: Path, prefix: str, max_size: int, info: dict[str, str]):
        self.folder, self.prefix, self.max_size, self.info = folder, prefix, max_size, info
        self.writer = WARCWriter(None, gzip=True, warc_version="WARC/1.1")
        self.name: Optional[str] = None
        self.serial = 0
        self._fd: Optional[int] = None
        self.files: list[str] = []

    def _open(self) -> None:
        self.close()
        stamp = datetime.now(timezone.utc).strftime("%Y%m%d%H%M%S%f")[:17]
        self.folder.mkdir(parents=True, exist_ok=True)
        while self._fd is None:   # never appends to another crawl's file (same prefix, same millisecond)
            self.name = f"{self.prefix}-{stamp}-{self.serial:05d}.warc.gz"
            self.serial += 1
            try:
                self._fd = os.open(self.folder / self.name, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_EXCL, 0o644)
            except FileExistsError:
                continue
        self.files.append(self.name)
        log.info("WARC file: %s", self.folder / self.name)
        self._append([self.writer.create_warcinfo_record(self.name, self.info)])

    def _append(self, records) -> None:
        buf = io.BytesIO()
        self.writer.out = buf
        for record in records:
            self.writer.write_record(record)
        view = memoryview(buf.getvalue())
        while view:   # os.write may write less than asked; loop until every byte is out
            view = view[os.write(self._fd, view):]

    def write(self, records) -> str:
        """Append ``records`` (a response and its request) to the current file, rolling over first when full."""
        if self._fd is None or os.fstat(self._fd).st_size >= self.max_size:
            self._open()
        self._append(records)
        return self.name

    def close(self) -> None:
        if self._fd is not None:
            os.fsync(self._fd)
            os.close(self._fd)
            self._fd = None


class WarcMiddleware:
    """Downloader middleware writing a response record and a request record for every response received."""

    def __init__(self, crawler):
        settings = crawler.settings
        if not settings.getbool("WARC_ENABLED"):
            raise NotConfigured("WARC_ENABLED is off")
        self.crawler = crawler
        self.folder = Path(settings.get("WARC_DIR") or output_dir(settings) / "warc")
        self.max_size = settings.getint("WARC_MAX_SIZE")
        self.files: Optional[WarcFiles] = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler) -> "WarcMiddleware":
        return cls(crawler)

    def spider_opened(self, spider) -> None:
        settings = self.crawler.settings
        info = {"software": f"sector-blog-archive/{__version__} (Scrapy, warcio)",
                "format": "WARC File Format 1.1", "conformsTo": "https://iipc.github.io/warc-specifications/",
                "hostname": socket.gethostname(), "isPartOf": spider.name,
                "operator": settings.get("CONTACT"), "http-header-user-agent": settings.get("USER_AGENT"),
                "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore"}
        self.files = WarcFiles(self.folder, settings.get("WARC_PREFIX") or spider.name, self.max_size, info)
        self.crawler.stats.set_value("warc/dir", str(self.folder))

    def spider_closed(self, spider) -> None:
        if self.files is not None:
            self.files.close()
            self.crawler.stats.set_value("warc/files", len(self.files.files))

    def process_response(self, request, response, spider=None):
        if self.files is None or "cached" in response.flags or request.meta.get(SYNTHETIC_KEY):
            return response
        response_record = self.response_record(response)
        request_record = self.request_record(request, response_record)
        name = self.files.write([response_record, request_record])
        request.meta[META_KEY] = {"file": name, "record_id": response_record.rec_headers.get_header("WARC-Record-ID")}
        self.crawler.stats.inc_value("warc/records", 2)
        return response

    def response_record(self, response):
        headers = [(f"X-Archive-Orig-{k}" if k.lower() in UNDONE_HEADERS else k, v) for k, v in
                   _headers(response.headers)]
        try:
            reason = HTTPStatus(response.status).phrase
        except ValueError:
            reason = ""
        protocol = getattr(response, "protocol", None) or "HTTP/1.1"
        http = StatusAndHeaders(f"{response.status} {reason}".strip(), headers, protocol=protocol)
        warc = {"WARC-Date": _warc_date(datetime.now(timezone.utc))}
        if getattr(response, "ip_address", None) is not None:
            warc["WARC-IP-Address"] = str(response.ip_address)
        return self.files.writer.create_warc_record(response.url, "response", payload=io.BytesIO(response.body),
                                                    length=len(response.body), http_headers=http,
                                                    warc_headers_dict=warc)

    def request_record(self, request, response_record):
        parts = urlsplit(request.url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        headers = [("Host", parts.netloc)] + [(k, v) for k, v in _headers(request.headers) if k.lower() != "host"]
        http = StatusAndHeaders(f"{request.method} {target} HTTP/1.1", headers, is_http_request=True)
        warc = {"WARC-Date": response_record.rec_headers.get_header("WARC-Date"),
                "WARC-Concurrent-To": response_record.rec_headers.get_header("WARC-Record-ID")}
        return self.files.writer.create_warc_record(request.url, "request", payload=io.BytesIO(request.body),
                                                    length=len(request.body), http_headers=http,
                                                    warc_headers_dict=warc)
