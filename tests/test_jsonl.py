"""JSONL reading names file and line of bad input; atomic writing never leaves a truncated file; paths checked."""
import json
import os
import signal
import subprocess
import sys
import textwrap

import pytest

from normalise.jsonl import AtomicWriter, check_writable, dumps, read_lines


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


@pytest.mark.parametrize("make, message", [
    (lambda d: (d / "sub").mkdir() or d / "sub", "it is a directory"),
    (lambda d: d / "missing" / "out.jsonl", "does not exist"),
])
def test_check_writable_names_path_and_reason(tmp_path, make, message):
    target = make(tmp_path)
    with pytest.raises(OSError, match=f"cannot write {target}: .*{message}"):
        check_writable(target)


def test_check_writable_may_allow_folders_still_to_create(tmp_path):
    check_writable(tmp_path / "a" / "b" / "out.jsonl", create_parents=True)
    (tmp_path / "file").write_text("x")
    with pytest.raises(OSError, match="is not a directory"):
        check_writable(tmp_path / "file" / "b" / "out.jsonl", create_parents=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]   # the probe left nothing


def test_read_lines_stops_at_a_byte_offset(tmp_path):
    p = tmp_path / "j.jsonl"
    p.write_bytes(b'{"a": 1}\n{"b": "\xc3\xa9"}\n{"c": 3}\n')
    assert [l.value for l in read_lines([str(p)], end=len(b'{"a": 1}\n{"b": "\xc3\xa9"}\n'))] == [{"a": 1}, {"b": "é"}]
    assert [l.value for l in read_lines([str(p)], end=0)] == []


def test_atomic_writer_names_its_temporary_file_after_target_and_process(tmp_path):
    w = AtomicWriter(tmp_path / "out.jsonl")
    (tmp,) = [p.name for p in tmp_path.iterdir()]
    assert tmp.startswith(f".out.jsonl.{os.getpid()}.") and tmp.endswith(".tmp")
    w.abort()
    assert list(tmp_path.iterdir()) == []
