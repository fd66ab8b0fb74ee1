"""The normalise command: raw JSONL in, published JSONL out, bad lines reported, output atomic."""
import json
import os
import subprocess
import sys

import pytest

from normalise.cli import main
from tests.rawbuild import raw_post

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _write_jsonl(path, records, extra_lines=()):
    with open(path, "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r) + "\n")
        for line in extra_lines:
            fh.write(line + "\n")
    return str(path)


def _records():
    second = raw_post(url="https://www.riverside-trust.example/2009/06/summer-fair.html",
                      title="Summer fair", published_raw="Tuesday, 23 June 2009", comments=[])
    listing = raw_post(url="https://www.riverside-trust.example/", is_excerpt=True,
                       canonical_url="https://www.riverside-trust.example/2009/06/summer-fair.html",
                       title="Summer fair", published_raw="Tuesday, 23 June 2009", comments=[],
                       content_html="<p>We met officials</p>")
    return [raw_post(), second, listing]


def _read(path):
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def test_run_writes_merged_records(tmp_path):
    src = _write_jsonl(tmp_path / "raw.jsonl", _records())
    out = tmp_path / "out.jsonl"
    assert main([src, "-o", str(out), "-q"]) == 0
    posts = _read(out)
    assert [p["title"] for p in posts] == ["Meeting the Ministers", "Summer fair"]
    fair = posts[1]
    assert fair["is_excerpt"] is False
    assert fair["seen_at"] == ["https://www.riverside-trust.example/"]


def test_bad_lines_reported_and_rest_processed(tmp_path, capsys):
    src = _write_jsonl(tmp_path / "raw.jsonl", _records()[:1], ["{not json", json.dumps({"raw_version": "1"})])
    out = tmp_path / "out.jsonl"
    assert main([src, "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{src}:2: invalid JSON" in err
    assert f"{src}:3:" in err and "missing required field" in err
    assert len(_read(out)) == 1
    rejects = _read(str(out) + ".rejects.jsonl")
    assert [r["where"] for r in rejects] == [f"{src}:2", f"{src}:3"]
    assert rejects[0]["line"] == "{not json"


def test_summary_line(tmp_path, capsys):
    src = _write_jsonl(tmp_path / "raw.jsonl", _records())
    main([src, "-o", str(tmp_path / "o.jsonl")])
    err = capsys.readouterr().err
    assert "2 posts, 0 pages, 2 comments; 1 duplicate versions merged" in err
    assert "1 repeated comments removed; 0 rejected of 3 lines" in err


def test_output_is_byte_identical_across_runs(tmp_path):
    src = _write_jsonl(tmp_path / "raw.jsonl", _records())
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    main([src, "-o", str(a), "-q"])
    main([src, "-o", str(b), "-q"])
    assert a.read_bytes() == b.read_bytes() and a.stat().st_size > 0


def test_renormalising_with_new_records_adds_no_duplicates(tmp_path):
    src = _write_jsonl(tmp_path / "raw.jsonl", _records())
    first = tmp_path / "first.jsonl"
    main([src, "-o", str(first), "-q"])
    newer = raw_post(url="http://riverside-trust.example/2008/09/meeting-the-ministers.html?showComment=1222590900000",
                     comments=[{"id": "c9", "author_name": "Owen", "content_html": "<p>Late to this.</p>"}])
    src2 = _write_jsonl(tmp_path / "new.jsonl", [newer])
    second = tmp_path / "second.jsonl"
    assert main([str(first), src2, "-o", str(second), "-q"]) == 0
    posts = _read(second)
    assert len(posts) == 2
    ministers = [p for p in posts if p["title"] == "Meeting the Ministers"][0]
    assert ministers["comment_count"] == 3
    again = tmp_path / "again.jsonl"
    main([str(second), src2, src, "-o", str(again), "-q"])
    assert again.read_bytes() == second.read_bytes()


def test_stdin_to_stdout():
    data = "".join(json.dumps(r) + "\n" for r in _records())
    proc = subprocess.run([sys.executable, "-m", "normalise", "-q"], input=data, capture_output=True,
                          text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stdout.splitlines()) == 2


def test_unwritable_output_is_an_error_naming_path(tmp_path, capsys):
    src = _write_jsonl(tmp_path / "raw.jsonl", _records())
    target = tmp_path / "missing-dir" / "out.jsonl"
    assert main([src, "-o", str(target)]) == 2
    assert str(target) in capsys.readouterr().err


def test_full_disk_error_names_path_and_keeps_old_file(tmp_path, capsys, monkeypatch):
    import errno

    src = _write_jsonl(tmp_path / "raw.jsonl", _records())
    out = tmp_path / "out.jsonl"
    out.write_text("previous archive\n")

    def no_space(self, text):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("normalise.jsonl.AtomicWriter._write", no_space)
    assert main([src, "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert str(out) in err and "No space left" in err
    assert out.read_text() == "previous archive\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl", "raw.jsonl"]


def test_missing_input_named(tmp_path, capsys):
    assert main([str(tmp_path / "nope.jsonl"), "-o", str(tmp_path / "o.jsonl")]) == 2
    assert "nope.jsonl" in capsys.readouterr().err


def test_validate_accepts_output_and_rejects_damage(tmp_path, capsys):
    src = _write_jsonl(tmp_path / "raw.jsonl", _records())
    out = tmp_path / "out.jsonl"
    main([src, "-o", str(out), "-q"])
    assert main(["validate", str(out)]) == 0
    posts = _read(out)
    posts[1]["published_precision"] = "fortnight"
    bad = _write_jsonl(tmp_path / "bad.jsonl", posts)
    assert main(["validate", bad]) == 1
    assert f"{bad}:2: published_precision" in capsys.readouterr().err
