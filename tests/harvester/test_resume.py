"""kill -9 of a JOBDIR crawl at seeded random points, then resume: complete lines always, every post and comment once.

A loopback WordPress blog of 150 generated posts (0-12 threaded comments each, 3 per HTML comment page, 2 posts
per REST list page, served with a small delay) is crawled with ``-s JOBDIR=…`` in HTML and in REST mode. Each
crawl is killed (SIGKILL to its process group) in its first second, twice part-way (the second a resumed run
killed again), near the end and while the finishing run writes the archive, then resumed to completion. After every kill every line of every JSONL file
is complete JSON; the final ``-O`` archive holds each post once with exactly the comments the site serves, and
the site saw only the requests that were in flight at a kill again (the job replays the rest).
"""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import time
from pathlib import Path

import pytest

from normalise.cli import main as normalise_main
from tests.sites.crawling import crawl_args, flat_comments, read_jsonl, scrapy_env
from tests.sites.lowfield import generated_posts
from harvester.replay import ResponseLog
from tests.sites.server import MockWordPress, Options

POSTS = generated_posts(150, seed=11)
CONCURRENCY = 8
SETTINGS = {"CONCURRENT_REQUESTS_PER_DOMAIN": str(CONCURRENCY), "NORMALISE_WORKERS": "0", "LOG_LEVEL": "INFO"}
MODES = {"html": 20240601, "rest": 20240602}   # mode -> seed of the kill points


def truth() -> dict[str, dict[str, str | None]]:
    """Post path -> {comment id: parent id} as the site serves them."""
    return {p.path: {str(c.id): (str(c.parent) if c.parent else None) for c in p.public_comments()} for p in POSTS}


def complete_lines(folder: Path) -> tuple[int, int]:
    """(lines, complete JSON lines) over every .jsonl file under ``folder``; a file must end with a newline."""
    lines = complete = 0
    for path in folder.rglob("*.jsonl"):
        data = path.read_bytes()
        for line in data.splitlines(keepends=True):
            lines += 1
            try:
                complete += line.endswith(b"\n") and isinstance(json.loads(line), dict)
            except ValueError:
                pass
    return lines, complete


def journal_posts(folder: Path) -> int:
    """Distinct posts of the site in the job's journal so far (listings and comment pages aside): the progress."""
    paths = set(truth())
    found = set()
    for path in (folder / "output" / "raw").glob("*.raw.jsonl"):
        for line in path.read_bytes().splitlines():
            try:
                url = json.loads(line)["url"]
            except (ValueError, KeyError):
                continue
            found.add("/" + url.split("/", 3)[-1].split("comment-page-")[0])
    return len(found & paths)


def output_temps(folder: Path) -> list[Path]:
    return [t for t in folder.glob(".archive.jsonl.*.tmp") if t.exists()]


class Job:
    """Runs of one JOBDIR crawl of the site; each run's requests are told apart by the server's log."""

    def __init__(self, site: MockWordPress, folder: Path, mode: str):
        self.site, self.folder, self.mode = site, folder, mode
        self.runs: list[dict] = []

    def start(self) -> subprocess.Popen:
        """Start the next run; its log goes to run<N>.log."""
        args = crawl_args("wordpress", self.site.url, "-a", f"mode={self.mode}", "-O", "archive.jsonl",
                          settings={**SETTINGS, "JOBDIR": str(self.folder / "job"),
                                    "OUTPUT_DIR": str(self.folder / "output")})
        self.runs.append({"first_request": len(self.site.requests), "started": time.monotonic()})
        log = open(self.folder / f"run{len(self.runs)}.log", "w")
        return subprocess.Popen(args, cwd=self.folder, env=scrapy_env(), stdout=subprocess.DEVNULL, stderr=log,
                                start_new_session=True)

    def logged(self) -> set[str]:
        """Paths whose responses the job's log holds (complete entries): a later run must not ask for them."""
        log = self.folder / "job" / "responses.log"
        base = self.site.url.rstrip("/")
        return {h["url"].replace(base, "") for _, h, _ in ResponseLog.entries(log)} if log.exists() else set()

    def settle(self) -> None:
        """Wait until the server has read every request the killed run sent, so none is counted in the next run."""
        count = -1
        while count != len(self.site.requests):
            count = len(self.site.requests)
            time.sleep(0.5)

    def run_requests(self) -> int:
        return len(self.site.requests) - self.runs[-1]["first_request"]

    @staticmethod
    def wait_for(proc: subprocess.Popen, ready, what: str) -> None:
        deadline = time.monotonic() + 240
        while not ready() and proc.poll() is None:
            assert time.monotonic() < deadline, f"{what}: not reached in time"
            time.sleep(0.02)

    def kill_when(self, proc: subprocess.Popen, ready, what: str) -> None:
        self.wait_for(proc, ready, what)
        killed_at = time.monotonic() - self.runs[-1]["started"]
        running = proc.poll() is None
        if running:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        self.settle()
        lines, complete = complete_lines(self.folder)
        self.runs[-1].update(kill=what, killed_at=round(killed_at, 2), killed=running, lines=lines,
                             complete=complete, posts=journal_posts(self.folder), logged=sorted(self.logged()))

    def finish(self, proc: subprocess.Popen) -> None:
        assert proc.wait(timeout=300) == 0, (self.folder / f"run{len(self.runs)}.log").read_text()[-4000:]
        self.runs[-1].update(kill=None, lines=complete_lines(self.folder)[0], posts=journal_posts(self.folder))

    def report(self) -> list[dict]:
        """Per run: how it ended, the JSONL lines (and complete ones) after it, the requests it repeated."""
        rows = []
        for run, again in zip(self.runs, [[], *self.refetched()]):
            rows.append({k: v for k, v in run.items() if k not in ("started", "logged")} | {"refetched": again})
        return rows

    def refetched(self) -> list[list[str]]:
        """Per run after the first: requests for paths an earlier run of the job had already asked for."""
        paths = self.site.paths()
        bounds = [r["first_request"] for r in self.runs] + [len(paths)]
        seen: set[str] = set()
        out = []
        for start, end in zip(bounds, bounds[1:]):
            run = paths[start:end]
            out.append(sorted(p for p in run if p in seen))
            seen.update(run)
        return out[1:]


@pytest.fixture(scope="module", params=list(MODES))
def resumed(request, tmp_path_factory):
    mode, seed = request.param, MODES[request.param]
    rng = random.Random(seed)
    site = MockWordPress(posts=POSTS, options=Options(delay=0.01)).start()
    folder = tmp_path_factory.mktemp(f"resume-{mode}")
    job = Job(site, folder, mode)
    early = rng.uniform(0.0, 1.0)
    first, second = rng.randint(10, 60), rng.randint(75, 125)
    near_end = len(POSTS) - rng.randint(0, 3)
    started = time.monotonic()
    try:
        proc = job.start()
        job.wait_for(proc, lambda: job.run_requests() > 0, "first request")
        time.sleep(early)   # the first kill: within a second of the crawl's first request
        job.kill_when(proc, lambda: True, f"{early:.2f}s after its first request")
        for target in (first, second, near_end):
            proc = job.start()
            job.kill_when(proc, lambda t=target: journal_posts(folder) >= t, f"at {target} posts journalled")
        proc = job.start()   # the last kill: once the crawl is over, while the archive is being normalised
        log = folder / f"run{len(job.runs)}.log"
        job.kill_when(proc, lambda: "Closing spider (finished)" in log.read_text(errors="replace"), "closing")
        assert not (folder / "archive.jsonl").exists() and output_temps(folder)
        proc = job.start()
        job.finish(proc)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        site.stop()
    report = {"mode": mode, "seed": seed, "seconds": round(time.monotonic() - started, 1), "runs": job.report()}
    (folder / "report.json").write_text(json.dumps(report, indent=1))
    print(json.dumps(report))
    return {"job": job, "folder": folder, "site": site, "report": report}


def test_every_line_complete_after_every_kill(resumed):
    runs = resumed["job"].runs
    killed = [r for r in runs if r.get("killed")]
    assert len(killed) >= 3, runs   # the crawl was really interrupted (not finished before the kill)
    assert [(r["lines"], r["complete"]) for r in runs[:-1]] == [(r["lines"], r["lines"]) for r in runs[:-1]]


def test_resumed_archive_holds_every_post_once_with_every_comment_once(resumed):
    base = resumed["site"].url.rstrip("/")
    records = read_jsonl(resumed["folder"] / "archive.jsonl")
    paths = [r["url"].replace(base, "") for r in records]
    assert sorted(paths) == sorted(truth())
    got = {r["url"].replace(base, ""): {c["id"]: c["parent_id"] for c in flat_comments(r["comments"])}
           for r in records}
    assert got == truth()
    assert all(len(flat_comments(r["comments"])) == r["comment_count"] for r in records)


def test_journal_of_all_runs_normalises_to_the_same_archive(resumed, tmp_path):
    (journal,) = (resumed["folder"] / "output" / "raw").glob("*.raw.jsonl")
    again = tmp_path / "again.jsonl"
    assert normalise_main([str(journal), "-o", str(again), "-q"]) == 0
    assert again.read_bytes() == (resumed["folder"] / "archive.jsonl").read_bytes()


def test_no_temporary_file_outlives_the_job(resumed):
    assert output_temps(resumed["folder"]) == []   # the killed writer's one was removed by the next run


def test_one_journal_and_one_default_name_per_job(resumed):
    assert len(list((resumed["folder"] / "output" / "raw").glob("*.raw.jsonl"))) == 1
    meta = json.loads((resumed["folder"] / "job" / "job.json").read_text())
    assert len(meta["runs"]) == len(resumed["job"].runs)
    assert meta["journal"].endswith(f"wordpress-{meta['stamp']}.raw.jsonl")


def test_resume_asks_again_only_for_what_was_in_flight(resumed):
    """Only requests in flight at a kill are fetched again (the start page is replayed, not re-fetched: Scrapy's
    own JOBDIR re-fetches start requests, scrapy/scrapy#4509)."""
    runs = resumed["job"].runs
    refetched = resumed["job"].refetched()
    for before, again in zip(runs, refetched):
        assert not set(again) & set(before["logged"]), again   # a logged response is replayed, never re-fetched
    assert sum(map(len, refetched)) < len(set(resumed["site"].paths())) / 4, refetched
