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
import tempfile
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import datetime, timezone
from multiprocessing import get_context
from pathlib import Path
from typing import IO, Any, Optional

from itemadapter import ItemAdapter
from scrapy.exporters import BaseItemExporter
from scrapy.extensions.feedexport import FileFeedStorage

from normalise.dataio import RecordError
from normalise.jsonl import read_lines
from normalise.pipeline import Rejected, Summary, finish, normalise_lines, record_from_line, serialise
from normalise.record import NormaliseError
from normalise.schema import Post

log = logging.getLogger(__name__)

# Stats key holding the raw journal's path (set by RawJournalPipeline, shown with the crawl stats).
JOURNAL_STAT = "harvest/raw_journal"
# Fields of published posts whose emptiness is counted as normalise/missing/<field>.
PUBLISHED_FIELDS = ("title", "published", "authors", "content_text", "categories")


def run_stamp(crawler) -> str:
    """The crawl's time stamp as Scrapy's %(time)s shows it (UTC, ':' replaced), the same for every output."""
    stamp = crawler.stats.get_value("harvest/run_stamp")
    if stamp is None:
        stamp = datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace(":", "-")
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

    A crash or kill never leaves a truncated feed, and an earlier file at the path stays intact until then.
    In append mode (``-o``) the previous file is offered to the exporter as ``file.previous_archive``.
    """

    def open(self, spider) -> IO[bytes]:
        target = Path(self.path)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        file = os.fdopen(fd, "w+b")
        file.temp_path = tmp  # type: ignore[attr-defined]
        file.previous_archive = (str(target) if self.write_mode == "ab" and target.is_file()  # type: ignore[attr-defined]
                                 else None)
        return file

    def store(self, file: IO[bytes]) -> None:
        tmp = getattr(file, "temp_path")
        try:
            file.flush()
            os.fsync(file.fileno())
            file.close()
            os.replace(tmp, self.path)
        except OSError:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise


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
        """The archive being appended to (if any), then this crawl's records in export order."""
        previous = getattr(self.file, "previous_archive", None)
        posts = normalise_lines(read_lines([previous]), Summary()) if previous else []
        summary.published_records = len(posts)
        summary.lines = len(posts)
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
        summary = Summary()
        try:
            posts = finish(self._posts(summary), summary)
        finally:
            if self._pool is not None:
                self._pool.shutdown()
        for line in serialise(posts):
            self.file.write((line + "\n").encode(self.encoding or "utf-8"))
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
