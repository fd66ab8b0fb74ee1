"""Item pipelines: the crash-safe raw journal (one complete JSON line per record) and per-field crawl stats."""
from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any, Optional

from itemadapter import ItemAdapter

from normalise.jsonl import dumps

from .feeds import JOURNAL_STAT, output_dir, run_stamp
from .items import iter_comments, missing_fields

log = logging.getLogger(__name__)


class RawJournalPipeline:
    """Appends every raw record as one JSON line to OUTPUT_DIR/raw/<spider>-<time>.raw.jsonl.

    Each line goes to the file in a single write on an O_APPEND descriptor, straight to the OS (no Python
    buffer), so a crash or ``kill -9`` loses nothing already harvested and never leaves a half line.
    RAW_JOURNAL (a path) overrides the location.
    """

    def __init__(self, crawler):
        self.crawler = crawler
        self.path: Optional[Path] = None
        self._fd: Optional[int] = None

    @classmethod
    def from_crawler(cls, crawler) -> "RawJournalPipeline":
        return cls(crawler)

    def journal_path(self, spider) -> Path:
        explicit = self.crawler.settings.get("RAW_JOURNAL")
        if explicit:
            return Path(explicit)
        return output_dir(self.crawler.settings) / "raw" / f"{spider.name}-{run_stamp(self.crawler)}.raw.jsonl"

    def open_spider(self, spider=None) -> None:
        spider = spider or self.crawler.spider
        self.path = self.journal_path(spider)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        self.crawler.stats.set_value(JOURNAL_STAT, str(self.path))
        log.info("raw journal: %s", self.path)

    def process_item(self, item: Any, spider=None) -> Any:
        data = (dumps(ItemAdapter(item).asdict()) + "\n").encode("utf-8")
        view = memoryview(data)
        while view:  # os.write may write less than asked; loop until the whole line is out
            written = os.write(self._fd, view)
            view = view[written:]
        self.crawler.stats.inc_value("harvest/raw_journal_lines")
        return item

    def close_spider(self, spider=None) -> None:
        if self._fd is not None:
            os.fsync(self._fd)
            os.close(self._fd)
            self._fd = None


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
