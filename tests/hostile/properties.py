"""The properties every fuzz test checks: normalise or reject with a field path; output valid, inert, idempotent."""
from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path
from typing import Any

import jsonschema

from normalise.comments import flatten
from normalise.dataio import to_dict
from normalise.html import to_text
from normalise.jsonl import Line, read_lines
from normalise.jsonschema import post_schema
from normalise.pipeline import Summary, finish, normalise_lines, record_from_line, serialise
from normalise.record import NormaliseError
from normalise.schema import Post
from tests.hostile.inert import problems

VALIDATOR = jsonschema.Draft202012Validator(post_schema(), format_checker=jsonschema.FormatChecker())
# A rejection reason starts with the JSON path of the field at fault: '$', '$.site.base_url', '$.comments[2].kind'.
REASON = re.compile(r"^\$(?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\]|…)*: \S")


def outcome(value: Any) -> Post | str:
    """The Post for one raw or published JSON value, or the rejection reason (checked to name a field path)."""
    try:
        return record_from_line(value)
    except NormaliseError as exc:
        reason = str(exc)
        assert REASON.match(reason), f"reason names no field path: {reason!r:.200}"
        return reason


def check_published(post: Post) -> str:
    """As published (after the merge step every output goes through), the record validates, can be written as
    UTF-8, is inert, and normalising the published line again changes nothing."""
    (post,) = finish([post], Summary())
    (line,) = serialise([post])
    line.encode("utf-8")
    data = json.loads(line)
    VALIDATOR.validate(data)
    for html, text in [(post.content_html, post.content_text)] + [(c.content_html, c.content_text)
                                                                   for c in flatten(post.comments)]:
        assert problems(html) == [], html
        assert to_text(html) == text
    again = normalise_lines([Line("published", 1, line, data)], Summary())
    assert list(serialise(again)) == [line]
    return line


def write_jsonl(values: list[Any]) -> Path:
    """The values as a JSONL file (surrogates escaped, as any JSON writer may), one per line."""
    handle = tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8")
    with handle:
        for value in values:
            handle.write(json.dumps(value, ensure_ascii=True, allow_nan=True) + "\n")
    return Path(handle.name)


def check_pipeline(values: list[Any]) -> Summary:
    """normalise_lines over a file of these values: each bad line rejected with its file:line and a field path,
    and the output exactly what the accepted lines alone give (nothing half-written)."""
    path = write_jsonl(values)
    try:
        lines = list(read_lines([str(path)]))
        summary = Summary()
        posts = normalise_lines(lines, summary)
    finally:
        path.unlink()
    expected_posts, expected_rejects = [], []
    for line in lines:
        result = outcome(line.value) if line.error is None else line.error
        (expected_posts if isinstance(result, Post) else expected_rejects).append(result if isinstance(result, Post)
                                                                               else (line.where, result))
    assert [(r.where, r.reason) for r in summary.rejected] == expected_rejects
    assert summary.raw_records + summary.published_records + len(summary.rejected) == summary.lines == len(values)
    assert list(serialise(posts)) == list(serialise(finish(expected_posts, Summary())))
    for post in posts:
        check_published(post)
    return summary
