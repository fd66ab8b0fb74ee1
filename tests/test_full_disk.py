"""A full disk and unwritable output paths: a clear error naming the path, a non-zero exit, nothing earlier lost.

The full disk is real: a small tmpfs mounted for the test (the suite runs as root, as it does to start
WordPress), and the process file-size limit (RLIMIT_FSIZE, EFBIG) which needs no privilege. Read-only folders
are read-only mounts, since root ignores permission bits.
"""
from __future__ import annotations

import contextlib
import json
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.rawbuild import raw_post
from tests.sites.crawling import crawl_args, scrapy_env
from tests.sites.lowfield import generated_posts
from tests.sites.server import MockWordPress

ROOT = Path(__file__).resolve().parents[1]
PREVIOUS = b'{"schema_version":"previous archive"}\n'


@contextlib.contextmanager
def mounted(where: Path, size: str, *options: str):
    """A tmpfs of ``size`` at ``where`` (read-only with 'ro'), unmounted afterwards."""
    where.mkdir(parents=True, exist_ok=True)
    opts = ",".join([f"size={size}", "mode=0755", *options])
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", opts, "tmpfs", str(where)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.fail(f"mounting a {size} tmpfs failed ({done.stderr.strip()}): the suite must run as root")
    try:
        yield where
    finally:
        if subprocess.run(["umount", str(where)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(where)], capture_output=True)


@contextlib.contextmanager
def full_disk(where: Path, size: str = "64k", previous: bytes = PREVIOUS):
    """A small tmpfs already holding ``archive.jsonl`` (an earlier archive)."""
    with mounted(where, size) as fs:
        (fs / "archive.jsonl").write_bytes(previous)
        yield fs


def _normalise(*args: str, fsize: int | None = None) -> subprocess.CompletedProcess:
    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)   # a write past the limit fails with EFBIG instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
    return subprocess.run([sys.executable, "-m", "normalise", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=600, preexec_fn=limit if fsize else None)


def _raw_input(path: Path, n: int = 300) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps(raw_post(url=f"https://www.riverside-trust.example/2009/03/p{i}.html",
                                         title=f"Post {i}")) + "\n")
    return path


def _complete_jsonl(path: Path) -> int:
    data = path.read_bytes()
    assert data == b"" or data.endswith(b"\n"), f"{path} ends in a partial line"
    return sum(1 for line in data.splitlines() if isinstance(json.loads(line), dict))


# -- normalise ------------------------------------------------------------------------------------------------
def test_normalise_on_a_full_filesystem(tmp_path):
    src = _raw_input(tmp_path / "raw.jsonl")
    with full_disk(tmp_path / "fs") as fs:
        done = _normalise(str(src), "-o", str(fs / "archive.jsonl"))
        assert done.returncode == 2, done.stderr
        assert f"cannot write {fs / 'archive.jsonl'}: No space left on device" in done.stderr
        assert (fs / "archive.jsonl").read_bytes() == PREVIOUS
        assert sorted(p.name for p in fs.iterdir()) == ["archive.jsonl"]   # the temporary file is gone


def test_normalise_past_the_file_size_limit(tmp_path):
    src = _raw_input(tmp_path / "raw.jsonl")
    out = tmp_path / "archive.jsonl"
    out.write_bytes(PREVIOUS)
    done = _normalise(str(src), "-o", str(out), fsize=64 * 1024)
    assert done.returncode == 2, done.stderr
    assert f"cannot write {out}: File too large" in done.stderr
    assert out.read_bytes() == PREVIOUS
    assert sorted(p.name for p in tmp_path.iterdir()) == ["archive.jsonl", "raw.jsonl"]


@pytest.mark.parametrize("case", ["read-only folder", "a folder", "missing folder"])
def test_normalise_unwritable_output_fails_before_work(tmp_path, case):
    src = _raw_input(tmp_path / "raw.jsonl", 3)
    with mounted(tmp_path / "ro", "64k", "ro") as ro:
        target = {"read-only folder": ro / "archive.jsonl", "a folder": tmp_path,
                  "missing folder": tmp_path / "nowhere" / "archive.jsonl"}[case]
        done = _normalise(str(src), "-o", str(target))
    assert done.returncode == 2
    assert f"normalise: error: cannot write {target}" in done.stderr
    assert "posts" not in done.stderr   # stopped before normalising anything


# -- scrapy crawl ---------------------------------------------------------------------------------------------
def _crawl(site: MockWordPress, cwd: Path, *args: str, **settings: str) -> subprocess.CompletedProcess:
    cmd = crawl_args("wordpress", site.url, "-a", "mode=html", *args,
                     settings={"NORMALISE_WORKERS": "0", **settings})
    return subprocess.run(cmd, cwd=cwd, env=scrapy_env(), capture_output=True, text=True, timeout=600)


@pytest.fixture
def site():
    mock = MockWordPress(posts=generated_posts(40, seed=3)).start()
    yield mock
    mock.stop()


def test_crawl_journal_on_a_full_filesystem(tmp_path, site):
    with full_disk(tmp_path / "fs", "96k") as fs:
        done = _crawl(site, tmp_path, "-O", str(fs / "archive.jsonl"), OUTPUT_DIR=str(fs))
        (journal,) = (fs / "raw").glob("*.raw.jsonl")
        assert done.returncode == 1, done.stderr[-3000:]
        assert f"cannot write the raw journal {journal}: No space left on device" in done.stderr
        assert _complete_jsonl(journal) >= 3          # what was written before the disk filled is whole
        assert (fs / "archive.jsonl").read_bytes() == PREVIOUS
        assert [p.name for p in fs.iterdir() if p.name.endswith(".tmp")] == []
    assert len(site.paths()) < 150   # the crawl stopped at the failing write


def test_crawl_output_on_a_full_filesystem(tmp_path, site):
    with full_disk(tmp_path / "fs", "16k") as fs:
        done = _crawl(site, tmp_path, "-O", str(fs / "archive.jsonl"), OUTPUT_DIR=str(tmp_path / "out"))
        assert done.returncode == 1, done.stderr[-3000:]
        assert f"cannot write {fs / 'archive.jsonl'}: No space left on device" in done.stderr
        assert (fs / "archive.jsonl").read_bytes() == PREVIOUS
        assert [p.name for p in fs.iterdir() if p.name.startswith(".archive.jsonl.")] == []   # no temporary file
    (journal,) = (tmp_path / "out" / "raw").glob("*.raw.jsonl")
    assert _complete_jsonl(journal) >= 40   # the whole crawl is in the journal, ready for `normalise`


@pytest.mark.parametrize("case", ["-O read-only folder", "-O a folder", "-O under a file", "OUTPUT_DIR read-only",
                                  "JOBDIR read-only"])
def test_crawl_unwritable_path_fails_before_any_request(tmp_path, site, case):
    (tmp_path / "file").write_text("not a folder")
    (tmp_path / "folder.jsonl").mkdir()
    with mounted(tmp_path / "ro", "64k", "ro") as ro:
        target, args, settings = {
            "-O read-only folder": (ro / "a.jsonl", ["-O", str(ro / "a.jsonl")], {}),
            "-O a folder": (tmp_path / "folder.jsonl", ["-O", str(tmp_path / "folder.jsonl")], {}),
            "-O under a file": (tmp_path / "file" / "a.jsonl", ["-O", str(tmp_path / "file" / "a.jsonl")], {}),
            "OUTPUT_DIR read-only": (ro / "wordpress-<time>.jsonl", [], {"OUTPUT_DIR": str(ro)}),
            "JOBDIR read-only": (ro / "job", [], {"JOBDIR": str(ro / "job")}),
        }[case]
        done = _crawl(site, tmp_path, *args, **{"OUTPUT_DIR": str(tmp_path / "out"), **settings})
    assert done.returncode == 1
    assert f"scrapy crawl: error: cannot write {target}" in done.stderr
    assert site.paths() == []   # nothing was fetched
