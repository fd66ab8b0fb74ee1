"""JSONL feeds of normalised records: the raw journal normalised at close, written atomically (temp + rename).

Scrapy's feed machinery is kept: ``-O archive.jsonl`` (else DEFAULT_FEED, OUTPUT_DIR/<spider>-<time>.jsonl)
selects ``NormalisedJsonLinesExporter`` for the 'jsonl'/'jsonlines' formats and ``AtomicFileFeedStorage`` for
local files. The exporter ignores the items it is handed one by one; at the end of the crawl it reads the raw
journal written by ``harvester.pipelines.RawJournalPipeline`` (every raw record, one line each), runs
``normalise.pipeline`` on it (merge, de-duplicate) and writes the published records. ``-o`` (append) merges
the new records into the archive already at the path instead of appending lines.
"""
from __future__ import annotations

import logging
import os
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any, Optional

from itemadapter import ItemAdapter
from scrapy.exporters import BaseItemExporter
from scrapy.extensions.feedexport import FileFeedStorage

from normalise.jsonl import dumps, read_lines
from normalise.pipeline import Summary, normalise_lines, serialise

log = logging.getLogger(__name__)

# Stats key holding the raw journal's path (set by RawJournalPipeline).
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


class NormalisedJsonLinesExporter(BaseItemExporter):
    """Writes the normalised, merged archive of the crawl's raw records as JSONL when exporting finishes."""

    def __init__(self, file: IO[bytes], *, crawler=None, **kwargs: Any):
        super().__init__(dont_fail=True, **kwargs)
        self.file = file
        self.crawler = crawler
        self._spool: Optional[IO[str]] = None

    @classmethod
    def from_crawler(cls, crawler, file: IO[bytes], *args: Any, **kwargs: Any) -> "NormalisedJsonLinesExporter":
        return cls(file, *args, crawler=crawler, **kwargs)

    def _journal(self) -> Optional[str]:
        return self.crawler.stats.get_value(JOURNAL_STAT) if self.crawler is not None else None

    def export_item(self, item: Any) -> None:
        if self._journal():
            return  # the journal pipeline already holds it
        if self._spool is None:  # no journal pipeline configured: keep our own copy on disk
            self._spool = tempfile.NamedTemporaryFile("w+", encoding="utf-8", suffix=".raw.jsonl")
        self._spool.write(dumps(ItemAdapter(item).asdict()) + "\n")

    def sources(self) -> list[str]:
        """Files to normalise: the archive being appended to (if any), then this crawl's raw records."""
        paths = [p for p in (getattr(self.file, "previous_archive", None),) if p]
        if self._spool is not None:
            self._spool.flush()
            paths.append(self._spool.name)
        elif self._journal() and os.path.exists(self._journal()):
            paths.append(self._journal())
        return paths

    def finish_exporting(self) -> None:
        summary = Summary()
        posts = normalise_lines(read_lines(self.sources()), summary)
        for line in serialise(posts):
            self.file.write((line + "\n").encode(self.encoding or "utf-8"))
        if self._spool is not None:
            self._spool.close()
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
