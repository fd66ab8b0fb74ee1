"""JSONL feeds of normalised records: merged at the end of the crawl, written atomically (temp + rename).

Scrapy's feed machinery is kept: ``-O archive.jsonl`` (else DEFAULT_FEED, OUTPUT_DIR/<spider>-<time>.jsonl)
selects ``NormalisedJsonLinesExporter`` for the 'jsonl'/'jsonlines' formats and ``AtomicFileFeedStorage`` for
local files. The exporter normalises each raw record it is handed (in a worker process, overlapping the
crawl), and when the crawl ends merges and de-duplicates them (``normalise.pipeline``) and writes the published
records. ``-o`` (append) merges the new records into the archive already at the path instead of appending
lines. The raw journal (``harvester.pipelines.RawJournalPipeline``) holds the same records, crash-safe: after a
kill, ``normalise output/raw/<spider>-<time>.raw.jsonl -o archive.jsonl`` gives what ``-O`` would have.
"""
from __future__ import annotations

import logging
import os
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import IO, Any, Optional

from itemadapter import ItemAdapter
from scrapy.exporters import BaseItemExporter
from scrapy.extensions.feedexport import FileFeedStorage

from normalise.dataio import RecordError
from normalise.jsonl import read_lines, temp_beside
from normalise.pipeline import Rejected, Summary, finish, normalise_lines, record_from_line, serialise
from normalise.record import NormaliseError
from normalise.schema import Post

from .job import Job, new_stamp
from .outcome import FATAL_STAT, crawl_failed, fail_crawl

log = logging.getLogger(__name__)

# Stats key holding the raw journal's path (set by RawJournalPipeline, shown with the crawl stats).
JOURNAL_STAT = "harvest/raw_journal"
# Fields of published posts whose emptiness is counted as normalise/missing/<field>.
PUBLISHED_FIELDS = ("title", "published", "authors", "content_text", "categories")


def run_stamp(crawler) -> str:
    """The crawl's time stamp as Scrapy's %(time)s shows it (UTC, ':' replaced), the same for every output.

    With JOBDIR it is the job's (its first run's), so every run of a job writes the same files.
    """
    stamp = crawler.stats.get_value("harvest/run_stamp")
    if stamp is None:
        stamp = Job.of(crawler).stamp or new_stamp()
        crawler.stats.set_value("harvest/run_stamp", stamp)
    return stamp


def output_dir(settings) -> Path:
    """OUTPUT_DIR (default 'output'), where feeds and the raw journal land."""
    return Path(settings.get("OUTPUT_DIR") or "output")


def uri_params(params: dict[str, Any], spider) -> dict[str, Any]:
    """FEED_URI_PARAMS: adds %(output_dir)s and makes %(time)s the crawl's run stamp."""
    return {**params, "output_dir": str(output_dir(spider.settings)), "time": run_stamp(spider.crawler)}


class DefaultFeedAddon:
    """Adds the DEFAULT_FEED (JSONL under OUTPUT_DIR) when neither -o/-O nor FEEDS names an output.

    Scrapy merges -o/-O into a FEEDS dict given in settings.py, so the default cannot live there.
    """

    def update_settings(self, settings) -> None:
        if not settings.getdict("FEEDS") and settings.get("DEFAULT_FEED"):
            settings.set("FEEDS", {settings["DEFAULT_FEED"]: {"format": "jsonl"}}, priority="addon")


class AtomicFileFeedStorage(FileFeedStorage):
    """A local-file feed written to a temporary file beside the target and renamed over it when complete.

    A crash or kill never leaves a truncated feed, and an earlier file at the path stays intact until then (the
    next crawl writing the path removes a killed one's temporary file). A crawl stopped by a fatal error
    (``harvester.outcome``) or a failed write (disk full) stores nothing: the earlier file stays. In append
    mode (``-o``) the previous file is offered to the exporter as ``file.previous_archive``.
    """

    def __init__(self, uri: str, *, feed_options: Optional[dict[str, Any]] = None, crawler=None):
        super().__init__(uri, feed_options=feed_options)
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler, uri: str, *, feed_options: Optional[dict[str, Any]] = None):
        return cls(uri, feed_options=feed_options, crawler=crawler)

    def open(self, spider) -> IO[bytes]:
        target = Path(self.path)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            file, tmp = temp_beside(target, "w+b")
        except OSError as exc:
            message = f"cannot write {self.path}: {exc.strerror or exc}"
            if self.crawler is not None:
                fail_crawl(self.crawler, message)
            raise OSError(message) from exc
        file.temp_path = tmp  # type: ignore[attr-defined]
        file.target_path = str(target)  # type: ignore[attr-defined]
        file.previous_archive = (str(target) if self.write_mode == "ab" and target.is_file()  # type: ignore[attr-defined]
                                 else None)
        return file

    def store(self, file: IO[bytes]) -> None:
        tmp = getattr(file, "temp_path")
        try:
            if crawl_failed(self.crawler) or getattr(file, "write_error", None):
                file.close()
                raise OSError(getattr(file, "write_error", None) or
                              f"{self.path} not written: the crawl failed ({self.crawler.stats.get_value(FATAL_STAT)})"
                              f"; any earlier file there is unchanged")
            try:
                file.flush()
                os.fsync(file.fileno())
                file.close()
                os.replace(tmp, self.path)
            except OSError as exc:
                message = f"cannot write {self.path}: {exc.strerror or exc}"
                if self.crawler is not None:
                    fail_crawl(self.crawler, message)
                raise OSError(message) from exc
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)


def normalise_item(record: dict) -> tuple[Optional[Post], Optional[str]]:
    """One raw record as a published Post, or the reason it was rejected (runs in the worker process)."""
    try:
        return record_from_line(record), None
    except (NormaliseError, RecordError) as exc:
        return None, str(exc)


class NormalisedJsonLinesExporter(BaseItemExporter):
    """Writes the normalised, merged archive of the crawl's raw records as JSONL when exporting finishes.

    Each record is normalised as it is exported, in NORMALISE_WORKERS worker processes (0: in the crawl's
    own process), so that work overlaps the crawl; at the end the versions are merged (normalise.pipeline).
    """

    def __init__(self, file: IO[bytes], *, crawler=None, **kwargs: Any):
        super().__init__(dont_fail=True, **kwargs)
        self.file = file
        self.crawler = crawler
        workers = crawler.settings.getint("NORMALISE_WORKERS", 1) if crawler is not None else 0
        self._pool = ProcessPoolExecutor(workers, mp_context=get_context("spawn")) if workers > 0 else None
        self._results: list[tuple[str, Any]] = []

    @classmethod
    def from_crawler(cls, crawler, file: IO[bytes], *args: Any, **kwargs: Any) -> "NormalisedJsonLinesExporter":
        return cls(file, *args, crawler=crawler, **kwargs)

    def export_item(self, item: Any) -> None:
        data = ItemAdapter(item).asdict()
        where = f"item {len(self._results) + 1} ({data.get('url')})"
        self._results.append((where, self._pool.submit(normalise_item, data) if self._pool else normalise_item(data)))

    def _posts(self, summary: Summary) -> list[Post]:
        """The archive being appended to (if any), the records earlier runs of the job (JOBDIR) journalled, then
        this crawl's records in export order."""
        previous = getattr(self.file, "previous_archive", None)
        posts = normalise_lines(read_lines([previous]), Summary()) if previous else []
        summary.published_records = len(posts)
        summary.lines = len(posts)
        job = Job.of(self.crawler) if self.crawler is not None else None
        if job is not None and job.journal_start:
            for line in read_lines([str(job.journal_path)], end=job.journal_start):
                summary.lines += 1
                post, error = (None, line.error) if line.error else normalise_item(line.value)
                if post is None:
                    summary.rejected.append(Rejected(line.where, error or "", line.text))
                else:
                    summary.raw_records += 1
                    posts.append(post)
        for where, result in self._results:
            post, error = result.result() if isinstance(result, Future) else result
            summary.lines += 1
            if post is None:
                summary.rejected.append(Rejected(where, error or "", ""))
            else:
                summary.raw_records += 1
                posts.append(post)
        return posts

    def finish_exporting(self) -> None:
        if crawl_failed(self.crawler):   # nothing will be stored: the earlier archive stays as it is
            if self._pool is not None:
                self._pool.shutdown(cancel_futures=True)
            log.info("%s not written: the crawl failed", getattr(self.file, "target_path", "the feed"))
            return
        summary = Summary()
        try:
            posts = finish(self._posts(summary), summary)
        finally:
            if self._pool is not None:
                self._pool.shutdown()
        try:
            for line in serialise(posts):
                self.file.write((line + "\n").encode(self.encoding or "utf-8"))
        except OSError as exc:   # disk full: the storage discards the temporary file, the earlier one stays
            target = getattr(self.file, "target_path", "the feed")
            self.file.write_error = f"cannot write {target}: {exc.strerror or exc}"
            if self.crawler is not None:
                fail_crawl(self.crawler, self.file.write_error)
            return
        self.record_stats(posts, summary)

    def record_stats(self, posts: list, summary: Summary) -> None:
        log.info("normalised: %s", summary.text())
        for rejected in summary.rejected[:20]:
            log.warning("rejected %s: %s", rejected.where, rejected.reason)
        if self.crawler is None:
            return
        stats = self.crawler.stats
        for name in ("raw_records", "published_records", "posts", "pages", "comments", "merged_versions",
                     "near_duplicates", "repeated_comments_removed"):
            stats.set_value(f"normalise/{name}", getattr(summary, name))
        stats.set_value("normalise/rejected", len(summary.rejected))
        for field in PUBLISHED_FIELDS:
            missing = sum(1 for p in posts if not getattr(p, field))
            if missing:
                stats.set_value(f"normalise/missing/{field}", missing)
