"""Item pipelines: the crash-safe raw journal (one complete JSON line per record) and per-field crawl stats."""
from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path
from typing import Any, Optional

from itemadapter import ItemAdapter
from scrapy.exceptions import CloseSpider, DropItem

from normalise.jsonl import dumps, read_lines

from .feeds import JOURNAL_STAT, output_dir, run_stamp
from .items import iter_comments, missing_fields
from .job import Job, JobError
from .outcome import FATAL_REASON, fail_crawl

log = logging.getLogger(__name__)


class RawJournalPipeline:
    """Appends every raw record as one JSON line to OUTPUT_DIR/raw/<spider>-<time>.raw.jsonl.

    Each line goes to the file in a single write on an O_APPEND descriptor, straight to the OS (no Python
    buffer), so a crash or ``kill -9`` loses nothing already harvested. A write that fails (disk full) is undone
    to the previous line end and stops the crawl with an error naming the journal; a last line a kill cut short
    (possible only for a kill during that very write) is removed when the journal is next opened.
    RAW_JOURNAL (a path) overrides the location. With JOBDIR the journal belongs to the job (``harvester.job``):
    every run of the job appends to it, and a record a resumed run extracts again from a replayed response is
    not written twice (its fetch time is the original one).
    """

    def __init__(self, crawler):
        self.crawler = crawler
        self.job = Job.of(crawler)
        self.path: Optional[Path] = None
        self.start_offset = 0             # size of the journal before this run: earlier runs' lines
        self._fd: Optional[int] = None
        self._size = 0
        self._known: set[bytes] = set()   # earlier runs' records (JOBDIR), as digests
        self._failed = False

    @classmethod
    def from_crawler(cls, crawler) -> "RawJournalPipeline":
        return cls(crawler)

    def journal_path(self, spider) -> Path:
        explicit = self.crawler.settings.get("RAW_JOURNAL")
        path = Path(explicit) if explicit else (
            output_dir(self.crawler.settings) / "raw" / f"{spider.name}-{run_stamp(self.crawler)}.raw.jsonl")
        if not self.job.active:
            return path
        recorded = Path(self.job.remember("journal", str(path.resolve())))
        if explicit and path.resolve() != recorded:
            raise JobError(f"JOBDIR {self.job.dir} journals to {recorded}, not RAW_JOURNAL {explicit}")
        return recorded

    def open_spider(self, spider=None) -> None:
        spider = spider or self.crawler.spider
        try:
            self.job.open()
            self.path = self.journal_path(spider)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
            self._size = self.start_offset = self._complete_lines_end()
            if self.job.active:
                self.job.journal_path, self.job.journal_start = self.path, self.start_offset
            if self.job.resumed:
                self._known = self._earlier_records()
        except OSError as exc:
            where = self.path or output_dir(self.crawler.settings) / "raw"
            fail_crawl(self.crawler, f"cannot write the raw journal {where}: {exc.strerror or exc}")
            raise CloseSpider(FATAL_REASON) from exc
        except JobError as exc:
            fail_crawl(self.crawler, str(exc))
            raise CloseSpider(FATAL_REASON) from exc
        self.crawler.stats.set_value(JOURNAL_STAT, str(self.path))
        log.info("raw journal: %s%s", self.path,
                 f" ({self.start_offset} bytes from earlier runs of the job)" if self.start_offset else "")

    def _complete_lines_end(self) -> int:
        """The journal's size, after cutting a last line left incomplete by a kill during its write."""
        size = os.fstat(self._fd).st_size
        if size == 0:
            return 0
        with open(self.path, "rb") as fh:
            fh.seek(max(0, size - 1))
            if fh.read(1) == b"\n":
                return size
            tail = max(0, size - (1 << 20))
            while True:
                fh.seek(tail)
                cut = fh.read(size - tail).rfind(b"\n")
                if cut >= 0 or tail == 0:
                    break
                tail = max(0, tail - (1 << 20))
        end = tail + cut + 1 if cut >= 0 else 0
        log.warning("%s: removing an incomplete last line (%d bytes) left by an interrupted write", self.path,
                    size - end)
        os.ftruncate(self._fd, end)
        return end

    def _earlier_records(self) -> set[bytes]:
        known = set()
        for line in read_lines([str(self.path)]):
            if line.value is not None:
                known.add(record_digest(line.value))
        return known

    def process_item(self, item: Any, spider=None) -> Any:
        if self._failed:
            raise DropItem("not journalled: the raw journal failed earlier", log_level="DEBUG")
        adapter = ItemAdapter(item)
        self._restore_fetch_time(adapter.get("provenance"))   # in the item itself: the feed sees it too
        data = adapter.asdict()
        if self._known and record_digest(data) in self._known:
            # replayed: still a record of this job (harvest/records/<source>, which `blog` and `generic` check)
            source = (data.get("provenance") or {}).get("source") or "unknown"
            self.crawler.stats.inc_value(f"harvest/records/{source}")
            self.crawler.stats.inc_value("job/already_journalled")
            raise DropItem("journalled by an earlier run of this job", log_level="DEBUG")
        self._write((dumps(data) + "\n").encode("utf-8"))
        self.crawler.stats.inc_value("harvest/raw_journal_lines")
        return item

    def _restore_fetch_time(self, provenance: Any) -> None:
        """A record read from a replayed response keeps the time the response was really fetched."""
        if self.job.replayed and isinstance(provenance, dict):
            fetched_at = self.job.replayed.get(provenance.get("fetched_url") or "")
            if fetched_at:
                provenance["fetched_at"] = fetched_at

    def _write(self, data: bytes) -> None:
        view = memoryview(data)
        try:
            while view:  # os.write may write less than asked; loop until the whole line is out
                view = view[os.write(self._fd, view):]
        except OSError as exc:
            self._failed = True
            try:
                os.ftruncate(self._fd, self._size)   # no partial line stays behind
            except OSError:
                pass
            message = f"cannot write the raw journal {self.path}: {exc.strerror or exc}"
            fail_crawl(self.crawler, message)
            raise DropItem(message, log_level="DEBUG") from exc   # the error is logged once, by fail_crawl
        self._size += len(data)

    def close_spider(self, spider=None) -> None:
        if self._fd is not None:
            try:
                os.fsync(self._fd)
            except OSError as exc:
                fail_crawl(self.crawler, f"cannot write the raw journal {self.path}: {exc.strerror or exc}")
            os.close(self._fd)
            self._fd = None


def record_digest(record: dict) -> bytes:
    """A record's identity for the journal: its JSON without the fetch time (which a re-extraction changes)."""
    provenance = record.get("provenance")
    if isinstance(provenance, dict):
        record = {**record, "provenance": {k: v for k, v in provenance.items() if k != "fetched_at"}}
    return hashlib.blake2b(dumps(record).encode("utf-8"), digest_size=16).digest()


class FieldStatsPipeline:
    """Counts records per source (harvest/records/<source>) and empty fields (harvest/missing/<record>/<field>)."""

    def __init__(self, stats):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler) -> "FieldStatsPipeline":
        return cls(crawler.stats)

    def process_item(self, item: Any, spider=None) -> Any:
        data = ItemAdapter(item).asdict()
        source = (data.get("provenance") or {}).get("source") or "unknown"
        self.stats.inc_value(f"harvest/records/{source}")
        for field in missing_fields(data):
            self.stats.inc_value(f"harvest/missing/{field}")
        comments = sum(1 for _ in iter_comments(data.get("comments") or []))
        self.stats.inc_value(f"harvest/comments/{source}", comments)
        return item
