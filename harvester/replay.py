"""The job's response log: every response fetched, appended crash-safe, and replayed when the job resumes.

``ResponseLogMiddleware`` (next to the downloader) appends each response received from the network to
``JOBDIR/responses.log``; ``ReplayMiddleware`` (first in the chain) answers a request whose response an earlier
run of the job logged, from the log, without asking the site; the response then passes every middleware as a
downloaded one would (redirects, decompression, retries). Responses with a status the project retries
(RETRY_HTTP_CODES: 5xx, 429…) are not logged, so a resumed run asks for them again.

Each entry is one JSON header line (fingerprint, URL, status, headers, fetch time, size and SHA-256 of the
stored body, zlib-compressed) followed by the body and a newline, written in one ``write`` on an O_APPEND
descriptor. An entry cut short by a kill is found at the next open (the file ends before its body does, or
the hash differs) and the file is truncated to the last complete entry.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import zlib
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Optional

from scrapy.http import Headers, Request, Response
from scrapy.responsetypes import responsetypes

from .job import Job, JobError
from .outcome import fail_crawl

log = logging.getLogger(__name__)

# Flags of a replayed response: 'cached' too, so that components skipping Scrapy's HTTP cache hits (the WARC
# writer: the response is in the WARC of the run that fetched it) skip it as well.
REPLAYED = "replayed"


def utc_now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class ResponseLog:
    """An append-only file of responses keyed by request fingerprint; the index holds earlier runs' entries."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.index: dict[str, tuple[int, dict]] = {}   # fingerprint -> (offset of the stored body, header)
        self._fd: Optional[int] = None
        self.failed: Optional[str] = None

    def __len__(self) -> int:
        return len(self.index)

    def open(self) -> None:
        """Index the complete entries, cut a final entry a kill left incomplete, and open for appending."""
        end = self._scan() if self.path.exists() else 0
        if self.path.exists() and self.path.stat().st_size > end:
            dropped = self.path.stat().st_size - end
            log.warning("%s: removing an incomplete last entry (%d bytes) left by an interrupted run", self.path,
                        dropped)
            os.truncate(self.path, end)
        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)

    def _scan(self) -> int:
        """Index every complete entry; returns the offset where the complete entries end."""
        end = 0
        for body_at, header, end in self.entries(self.path):
            self.index[header["fp"]] = (body_at, header)
        return end

    @staticmethod
    def entries(path: Path):
        """(offset of the body, header, offset after the entry) of each complete entry, in order (read-only)."""
        with open(path, "rb") as fh:
            while True:
                line = fh.readline()
                if not line.endswith(b"\n"):
                    return
                try:
                    header = json.loads(line)
                    size = int(header["size"])
                    header["fp"]
                except (ValueError, KeyError, TypeError):
                    return
                body_at = fh.tell()
                fh.seek(size, os.SEEK_CUR)
                if fh.read(1) != b"\n":
                    return
                yield body_at, header, fh.tell()

    def append(self, fingerprint: str, response: Response) -> None:
        """Log one response (one write; a failed or short write is undone so no partial entry stays)."""
        if self._fd is None or self.failed:
            return
        body = zlib.compress(response.body, 1)
        header = {"fp": fingerprint, "url": response.url, "status": response.status,
                  "headers": [[k.decode("latin-1"), [v.decode("latin-1") for v in vs]]
                              for k, vs in response.headers.items()],
                  "protocol": response.protocol, "fetched_at": utc_now(), "z": 1, "size": len(body),
                  "sha256": hashlib.sha256(body).hexdigest()}
        entry = json.dumps(header, ensure_ascii=True).encode("ascii") + b"\n" + body + b"\n"
        before = os.fstat(self._fd).st_size
        try:
            view = memoryview(entry)
            while view:
                view = view[os.write(self._fd, view):]
        except OSError as exc:
            self.failed = f"cannot write {self.path}: {exc.strerror or exc}"
            log.error("%s; the responses of the rest of this run will be fetched again on resume", self.failed)
            try:
                os.ftruncate(self._fd, before)
            except OSError:
                pass   # the next open cuts the incomplete entry

    def response_for(self, fingerprint: str, request: Request) -> Optional[Response]:
        """The logged response of an earlier run for this request, or None (not logged, or damaged)."""
        found = self.index.get(fingerprint)
        if found is None:
            return None
        offset, header = found
        try:
            with open(self.path, "rb") as fh:
                fh.seek(offset)
                stored = fh.read(header["size"])
            if hashlib.sha256(stored).hexdigest() != header["sha256"]:
                raise ValueError("checksum mismatch")
            body = zlib.decompress(stored) if header.get("z") else stored
        except (OSError, ValueError, zlib.error) as exc:
            log.warning("%s: entry for %s unreadable (%s); fetching it again", self.path, header.get("url"), exc)
            del self.index[fingerprint]
            return None
        headers = Headers({k: vs for k, vs in header["headers"]})
        cls = responsetypes.from_args(headers=headers, url=header["url"], body=body)
        return cls(url=header["url"], status=header["status"], headers=headers, body=body, request=request,
                   flags=[REPLAYED, "cached"], protocol=header.get("protocol"))

    def fetched_at(self, fingerprint: str) -> Optional[str]:
        found = self.index.get(fingerprint)
        return found[1].get("fetched_at") if found else None

    def close(self) -> None:
        if self._fd is not None:
            try:
                os.fsync(self._fd)
            except OSError:
                pass
            os.close(self._fd)
            self._fd = None


class _JobMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler
        self.job = Job.of(crawler)
        self.skip_statuses = {int(s) for s in crawler.settings.getlist("RETRY_HTTP_CODES")}

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def log(self) -> Optional[ResponseLog]:
        """The job's log (opening the job if no pipeline has yet), or None without JOBDIR."""
        if not self.job.active:
            return None
        if not self.job.opened:
            try:
                self.job.open()
            except (JobError, OSError) as exc:
                fail_crawl(self.crawler, str(exc))
                self.job.dir = None   # inactive from now on: the crawl is stopping
                return None
        return self.job.responses

    def fingerprint(self, request: Request) -> str:
        return self.crawler.request_fingerprinter.fingerprint(request).hex()


class ReplayMiddleware(_JobMiddleware):
    """First downloader middleware: a request an earlier run of the job fetched is answered from the log."""

    def process_request(self, request: Request, spider=None) -> Optional[Response]:
        responses = self.log()
        if responses is None or request.meta.get("dont_replay"):
            return None
        fingerprint = self.fingerprint(request)
        response = responses.response_for(fingerprint, request)
        if response is None:
            return None
        self.job.replayed[response.url] = responses.fetched_at(fingerprint) or ""
        self.crawler.stats.inc_value("job/replayed")
        return response


class ResponseLogMiddleware(_JobMiddleware):
    """Last downloader middleware: every response from the network goes into the job's log."""

    def process_response(self, request: Request, response: Response, spider=None) -> Response:
        responses = self.log()
        if responses is None or REPLAYED in response.flags or response.status in self.skip_statuses:
            return response
        responses.append(self.fingerprint(request), response)
        self.crawler.stats.inc_value("job/logged")
        return response
