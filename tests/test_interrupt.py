"""The `normalise` command killed (-9) at seeded random points of a large run leaves the previous output byte-identical.

The kill points are fractions of the uninterrupted run's duration, measured in the same test, plus one while the
temporary output is being written. The next run removes the temporary file a killed run left behind.
"""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.rawbuild import raw_post

ROOT = Path(__file__).resolve().parents[1]
SEED = 20241124
RECORDS = 1500


def _big_input(path: Path) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(RECORDS):
            fh.write(json.dumps(raw_post(
                url=f"https://www.riverside-trust.example/2009/{i % 12 + 1:02d}/post-{i}.html", title=f"Post {i}",
                content_html=f"<p>Post {i}: " + "volunteers and funding " * (i % 40 + 10) + "</p>",
                published_raw=f"{i % 28 + 1} March 2009")) + "\n")


def _normalise(src: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "normalise", str(src), "-o", str(out), "-q"], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)


def _temps(out: Path) -> list[Path]:
    return list(out.parent.glob(f".{out.name}.*.tmp"))


def test_kill_9_at_random_points_keeps_previous_output(tmp_path):
    src, out = tmp_path / "big.jsonl", tmp_path / "archive.jsonl"
    _big_input(src)
    small = tmp_path / "small.jsonl"
    small.write_text(json.dumps(raw_post()) + "\n", encoding="utf-8")
    assert _normalise(small, out).wait(timeout=120) == 0
    previous = out.read_bytes()
    assert previous.count(b"\n") == 1

    started = time.monotonic()
    reference = _normalise(src, tmp_path / "reference.jsonl")
    assert reference.wait(timeout=600) == 0
    duration = time.monotonic() - started
    assert (tmp_path / "reference.jsonl").read_bytes().count(b"\n") == RECORDS

    rng = random.Random(SEED)
    kills = []
    for fraction in sorted(rng.uniform(0.05, 0.95) for _ in range(4)):
        proc = _normalise(src, out)
        time.sleep(fraction * duration)
        alive = proc.poll() is None
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        kills.append((round(fraction * duration, 2), alive))
        assert out.read_bytes() == previous, f"output changed by a kill at {fraction * duration:.2f}s"

    proc = _normalise(src, out)   # the last kill: while the temporary output is being written
    deadline = time.monotonic() + 600
    while proc.poll() is None and not any(t.stat().st_size for t in _temps(out) if t.exists()):
        assert time.monotonic() < deadline
        time.sleep(0.002)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert out.read_bytes() == previous
    assert sum(alive for _, alive in kills) >= 3, kills   # the kills did interrupt runs
    assert _temps(out), "the kill during the write leaves its temporary file"

    assert _normalise(small, out).wait(timeout=120) == 0
    assert out.read_bytes() == previous
    assert _temps(out) == []   # the next run removed the killed runs' temporary files
