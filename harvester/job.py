"""A resumable crawl job in JOBDIR: its identity and time stamp, its raw journal, its lock and its response log.

``scrapy crawl SPIDER -a url=… -s JOBDIR=DIR`` ties every run of the job together. The first run records in
``DIR/job.json`` the spider, its URL and mode, the job's time stamp and its raw journal; later runs check they
are the same crawl (else they stop before any fetch), append to the same journal and use the same default
output name (``OUTPUT_DIR/<spider>-<job stamp>.jsonl``). ``DIR/responses.log`` (``harvester.replay``) keeps
every response fetched, so a resumed run replays what earlier runs fetched instead of asking the site again,
rebuilding exactly the state the spider had (comment pages gathered, pingbacks listed, links seen), and
fetches only the rest. Scrapy's own JOBDIR queue and ``requests.seen`` are not used: they are written only
on a clean stop, so after a ``kill -9`` they would lose requests (``JobScheduler``).
"""
from __future__ import annotations

import fcntl
import json
import logging
import os
import weakref
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Optional

from scrapy import signals
from scrapy.core.scheduler import Scheduler
from scrapy.dupefilters import RFPDupeFilter
from scrapy.utils.misc import build_from_crawler, load_object

from normalise.jsonl import temp_beside

log = logging.getLogger(__name__)

JOB_FILE = "job.json"
LOCK_FILE = "job.lock"
RESPONSE_LOG = "responses.log"


class JobError(Exception):
    """The job directory cannot be used for this crawl (another crawl's job, in use, unwritable)."""


def new_stamp() -> str:
    """A run's time stamp as Scrapy's %(time)s shows it (UTC, ':' replaced)."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace(":", "-")


class Job:
    """The JOBDIR job of one crawler (``Job.of(crawler)``); inactive when JOBDIR is not set."""

    _jobs: "weakref.WeakKeyDictionary[Any, Job]" = weakref.WeakKeyDictionary()

    def __init__(self, crawler):
        self.crawler = crawler
        jobdir = crawler.settings.get("JOBDIR")
        self.dir: Optional[Path] = Path(jobdir) if jobdir else None
        self.meta: dict[str, Any] = {}
        self.resumed = False
        self.opened = False
        self.responses = None            # harvester.replay.ResponseLog once open
        self.replayed: dict[str, str] = {}   # URL replayed in this run -> when it was fetched
        self.journal_path: Optional[Path] = None   # the job's raw journal (set by RawJournalPipeline)
        self.journal_start = 0                     # its size when this run began: earlier runs' lines
        self._lock_fd: Optional[int] = None

    @classmethod
    def of(cls, crawler) -> "Job":
        job = cls._jobs.get(crawler)
        if job is None:
            job = cls._jobs[crawler] = cls(crawler)
        return job

    @property
    def active(self) -> bool:
        return self.dir is not None

    @property
    def stamp(self) -> Optional[str]:
        """The job's time stamp (its first run's), or None without JOBDIR."""
        if not self.active:
            return None
        self.open()
        return self.meta["stamp"]

    # -- opening ------------------------------------------------------------------------------------------------
    def open(self) -> None:
        """Lock the job directory, read or create job.json and open the response log (once; idempotent)."""
        if self.opened or not self.active:
            return
        assert self.dir is not None
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            self._lock()
            self.meta = self._read_meta()
        except OSError as exc:
            raise JobError(f"cannot use JOBDIR {self.dir}: {exc.strerror or exc}") from exc
        identity = self.identity()
        if self.meta:
            self.resumed = True
            self._check_identity(identity)
        else:
            self.meta = {**identity, "stamp": new_stamp(), "runs": []}
        self.meta["runs"].append({"started": new_stamp(), "finished": None})
        self.save()
        from .replay import ResponseLog
        self.responses = ResponseLog(self.dir / RESPONSE_LOG)
        self.responses.open()
        self.opened = True
        self.crawler.signals.connect(self.close, signal=signals.spider_closed)
        runs = len(self.meta["runs"])
        if self.resumed:
            log.info("JOBDIR %s: resuming job %s (run %d); %d responses of earlier runs will be replayed, not "
                     "fetched again", self.dir, self.meta["stamp"], runs, len(self.responses))
        else:
            log.info("JOBDIR %s: new job %s", self.dir, self.meta["stamp"])
        self.crawler.stats.set_value("job/run", runs)
        self.crawler.stats.set_value("job/responses_logged_before", len(self.responses))

    def identity(self) -> dict[str, Any]:
        """What makes two runs the same crawl: the spider, and its blog URL and mode when it has them."""
        spider = self.crawler.spider
        return {"spider": spider.name, "url": getattr(spider, "start_url", None), "mode": getattr(spider, "mode", None)}

    def _check_identity(self, identity: dict[str, Any]) -> None:
        for key, value in identity.items():
            if self.meta.get(key) != value:
                raise JobError(f"JOBDIR {self.dir} holds another crawl ({key} {self.meta.get(key)!r}, this crawl "
                               f"{value!r}): resume it with the same spider and arguments, or use a new JOBDIR")

    def _lock(self) -> None:
        assert self.dir is not None
        fd = os.open(self.dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise JobError(f"JOBDIR {self.dir} is in use by another running crawl") from None
        self._lock_fd = fd

    def _read_meta(self) -> dict[str, Any]:
        assert self.dir is not None
        path = self.dir / JOB_FILE
        if not path.exists():
            return {}
        try:
            meta = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise JobError(f"{path}: not a job file ({exc})") from exc
        if not isinstance(meta, dict) or "stamp" not in meta or not isinstance(meta.get("runs"), list):
            raise JobError(f"{path}: not a job file")
        return meta

    # -- state ----------------------------------------------------------------------------------------------------
    def save(self) -> None:
        """Write job.json atomically (temporary file + rename): a kill leaves the old or the new one."""
        assert self.dir is not None
        target = self.dir / JOB_FILE
        fh, tmp = temp_beside(target, "w", encoding="utf-8")
        try:
            with fh:
                json.dump(self.meta, fh, ensure_ascii=False, indent=1)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except OSError:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise

    def remember(self, key: str, value: Any) -> Any:
        """The value already recorded under ``key`` for this job, else record ``value`` and return it."""
        if key not in self.meta:
            self.meta[key] = value
            self.save()
        return self.meta[key]

    def close(self, reason: str = "closed", **_: Any) -> None:
        """Record how the run ended (spider_closed) and release the job directory."""
        if not self.opened:
            return
        self.meta["runs"][-1]["finished"] = new_stamp()
        self.meta["runs"][-1]["reason"] = reason
        try:
            self.save()
        except OSError as exc:
            log.error("cannot update %s: %s", self.dir / JOB_FILE, exc)
        if self.responses is not None:
            self.responses.close()
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None
        self.opened = False


class JobAddon:
    """With JOBDIR (and no shared Redis frontier) the scheduler and duplicate filter are ``JobScheduler`` and
    ``JobDupeFilter``, set at add-on priority so that a ``-s`` on the command line still wins."""

    def update_settings(self, settings) -> None:
        if settings.get("JOBDIR") and not settings.get("REDIS_URL"):
            settings.set("SCHEDULER", "harvester.job.JobScheduler", priority="addon")
            settings.set("DUPEFILTER_CLASS", "harvester.job.JobDupeFilter", priority="addon")


class JobDupeFilter(RFPDupeFilter):
    """Scrapy's duplicate filter, never persisted: a resumed run re-walks the blog (``harvester.replay``)."""

    @classmethod
    def from_crawler(cls, crawler):
        return cls(None, crawler.settings.getbool("DUPEFILTER_DEBUG"), fingerprinter=crawler.request_fingerprinter)


class JobScheduler(Scheduler):
    """Scrapy's scheduler with its queue in memory even with JOBDIR (the job resumes by replay instead).

    Scrapy writes its on-disk queue state and ``requests.seen`` only partly before a clean stop; after a
    ``kill -9`` the pending requests would be lost while their fingerprints still filtered them out.
    """

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        dupefilter = load_object(settings["DUPEFILTER_CLASS"])
        if dupefilter is RFPDupeFilter:   # Scrapy's own would keep requests.seen in JOBDIR
            dupefilter = JobDupeFilter
        return cls(dupefilter=build_from_crawler(dupefilter, crawler), jobdir=None,
                   dqclass=load_object(settings["SCHEDULER_DISK_QUEUE"]),
                   mqclass=load_object(settings["SCHEDULER_MEMORY_QUEUE"]),
                   logunser=settings.getbool("SCHEDULER_DEBUG"), stats=crawler.stats,
                   pqclass=load_object(settings["SCHEDULER_PRIORITY_QUEUE"]), crawler=crawler)
