"""JSONL reading names file and line of bad input; atomic writing never leaves a truncated file."""
import json
import os
import signal
import subprocess
import sys
import textwrap

import pytest

from normalise.jsonl import AtomicWriter, dumps, read_lines


def test_read_lines_reports_file_and_line(tmp_path):
    p = tmp_path / "in.jsonl"
    p.write_bytes(b'{"a": 1}\n\n{broken\n[1]\n\xff\xfe\n{"b": 2}\n')
    lines = list(read_lines([str(p)]))
    assert [(l.lineno, l.value) for l in lines if l.error is None] == [(1, {"a": 1}), (6, {"b": 2})]
    errors = {l.lineno: l.error for l in lines if l.error}
    assert set(errors) == {3, 4, 5}
    assert errors[3].startswith("invalid JSON")
    assert "expected a JSON object" in errors[4]
    assert errors[5].startswith("not UTF-8")
    assert lines[1].where == f"{p}:3"


def test_dumps_is_compact_and_unescaped():
    assert dumps({"t": "Grüße", "n": 1}) == '{"t":"Grüße","n":1}'


def test_atomic_writer_replaces_on_commit(tmp_path):
    target = tmp_path / "out.jsonl"
    target.write_text("old\n")
    with AtomicWriter(target) as w:
        w.write_line("new")
        assert target.read_text() == "old\n"
    assert target.read_text() == "new\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


def test_atomic_writer_keeps_old_file_on_error(tmp_path):
    target = tmp_path / "out.jsonl"
    target.write_text("old\n")
    with pytest.raises(RuntimeError):
        with AtomicWriter(target) as w:
            w.write_line("half")
            raise RuntimeError("boom")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


def test_atomic_writer_missing_directory_names_path(tmp_path):
    with pytest.raises(OSError, match="nowhere"):
        AtomicWriter(tmp_path / "nowhere" / "out.jsonl")


def test_kill_mid_write_leaves_previous_file_intact(tmp_path):
    target = tmp_path / "out.jsonl"
    target.write_text('{"old": true}\n')
    script = textwrap.dedent(f"""
        import sys, time
        from normalise.jsonl import AtomicWriter
        w = AtomicWriter({str(target)!r})
        for i in range(100000):
            w.write_line('{{"i": %d}}' % i)
        print("ready", flush=True)
        time.sleep(60)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    assert json.loads(target.read_text()) == {"old": True}
