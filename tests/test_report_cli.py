"""`normalise report`: both files written from raw or published JSONL, crawl errors read, bad input named."""
from __future__ import annotations

import json

import lxml.html

from normalise.cli import EXIT_ERROR, EXIT_OK, main

from .rawbuild import raw_post


def write_jsonl(path, records) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return str(path)


def raw_records() -> list[dict]:
    """Two posts, one fetched twice (a merged version), plus an invented post in March 2009."""
    a = raw_post()
    again = raw_post(url=a["url"] + "?m=1")
    march = raw_post(url="https://www.riverside-trust.example/2009/03/spring.html", title="Spring appeal",
                     published_raw="Monday, March 2, 2009", comments=[], comments_declared=None)
    return [a, again, march]


def test_report_from_raw_journal_writes_html_and_json_beside_it(tmp_path, capsys):
    src = write_jsonl(tmp_path / "crawl.raw.jsonl", raw_records())
    assert main(["report", src]) == EXIT_OK
    report = json.loads((tmp_path / "crawl.raw.report.json").read_text(encoding="utf-8"))
    assert report["totals"]["posts"] == 2
    assert report["duplicates"]["merged_versions"] == 1
    assert [m["month"] for m in report["months"]][0] == "2008-09" and report["months"][-1]["month"] == "2009-03"
    assert report["gaps"] == [{"from": "2008-10", "to": "2009-02", "months": 5}]
    doc = lxml.html.parse(str(tmp_path / "crawl.raw.report.html")).getroot()
    assert doc.xpath("string(//h1)") == "Coverage report: https://www.riverside-trust.example/"
    assert "2 posts" in capsys.readouterr().err


def test_report_of_published_archive_does_not_invent_merge_counts(tmp_path):
    raw = write_jsonl(tmp_path / "raw.jsonl", raw_records())
    published = tmp_path / "archive.jsonl"
    assert main(["run", raw, "-o", str(published), "-q"]) == EXIT_OK
    assert main(["report", str(published), "-o", str(tmp_path / "r.html")]) == EXIT_OK
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["duplicates"]["merged_versions"] is None
    assert report["totals"]["posts"] == 2


def test_errors_file_and_rejected_lines_appear_by_kind(tmp_path):
    src = tmp_path / "crawl.jsonl"
    src.write_text(json.dumps(raw_post()) + "\n{not json\n", encoding="utf-8")
    errors = write_jsonl(tmp_path / "errors.jsonl", [{"kind": "timeout", "url": "http://x.example/a"},
                                                     {"kind": "timeout", "url": "http://x.example/b"}])
    assert main(["report", str(src), "--errors", errors, "--json", str(tmp_path / "out.json"),
                 "-o", str(tmp_path / "out.html")]) == EXIT_OK
    report = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert report["errors"] == [{"kind": "timeout", "count": 2, "urls": ["http://x.example/a", "http://x.example/b"]},
                                {"kind": "rejected_record", "count": 1, "urls": [f"{src}:2"]}]


def test_malformed_errors_file_names_file_and_line(tmp_path, capsys):
    src = write_jsonl(tmp_path / "crawl.jsonl", [raw_post()])
    errors = tmp_path / "errors.jsonl"
    errors.write_text('{"kind": "timeout", "url": "http://x.example/a"}\n{"kind": 3}\n', encoding="utf-8")
    assert main(["report", src, "--errors", str(errors)]) == EXIT_ERROR
    assert f"{errors}:2" in capsys.readouterr().err
    assert not (tmp_path / "crawl.report.html").exists()


def test_missing_input_and_stdin_without_output_are_errors(tmp_path, capsys):
    assert main(["report", str(tmp_path / "nope.jsonl")]) == EXIT_ERROR
    assert "nope.jsonl" in capsys.readouterr().err
    assert main(["report", "-"]) == EXIT_ERROR
    assert "-o" in capsys.readouterr().err


def test_faults_file_counts_only_the_urls_given_up(tmp_path):
    """A crawl's faults file (harvester.faultlog) also lists recovered and repaired URLs: those are archived."""
    src = write_jsonl(tmp_path / "crawl.jsonl", [raw_post()])
    faults = write_jsonl(tmp_path / "crawl.faults.jsonl", [
        {"outcome": "failed", "kind": "timeout", "url": "http://x.example/a", "detail": "after 3 attempts"},
        {"outcome": "recovered", "kind": "http_5xx", "url": "http://x.example/b", "detail": "on attempt 2"},
        {"outcome": "repaired", "kind": "decode", "url": "http://x.example/c", "detail": "cp1252"}])
    assert main(["report", src, "--errors", faults, "-o", str(tmp_path / "r.html")]) == EXIT_OK
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["errors"] == [{"kind": "timeout", "count": 1, "urls": ["http://x.example/a"]}]
