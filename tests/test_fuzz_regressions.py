"""One regression test per defect the fuzz and hostile-content tests found in normalise/ (each names its module)."""
from __future__ import annotations

import json

import pytest

from normalise.comments import flatten
from normalise.jsonl import read_lines
from normalise.pipeline import Summary, finish, normalise_lines, serialise
from normalise.record import MAX_REPLY_DEPTH, NormaliseError, normalise_dict
from normalise.text import clean_inline
from tests.hostile.properties import VALIDATOR, check_published
from tests.hostile.strategies import deep_thread
from tests.rawbuild import raw_post


def _published(record: dict) -> dict:
    (post,) = finish([normalise_dict(record)], Summary())
    (line,) = serialise([post])
    data = json.loads(line.encode("utf-8"))
    VALIDATOR.validate(data)
    return data


def test_record_non_object_rejected_not_attribute_error():
    # record.normalise_dict: data.get() on a list raised AttributeError
    with pytest.raises(NormaliseError, match=r"^\$: expected a JSON object, got list"):
        normalise_dict([1, 2])


@pytest.mark.parametrize("field, change, message", [
    ("url", {"url": "http://[::1"}, r"^\$\.url: "),
    ("site.base_url", {"site": {"base_url": "http://[::1", "platform": "blogger"}}, r"^\$\.site\.base_url: "),
    ("site.base_url scheme", {"site": {"base_url": "javascript:alert(1)", "platform": "blogger"}},
     r"^\$\.site\.base_url: "),
])
def test_record_unparseable_urls_rejected_with_field_path(field, change, message):
    # record.normalise_post: urljoin/urlsplit raised ValueError ('Invalid IPv6 URL') through the pipeline
    with pytest.raises(NormaliseError, match=message):
        normalise_dict(raw_post(**change))


def test_record_unparseable_author_urls_dropped_not_raised():
    data = _published(raw_post(authors=[{"name": "Ruth", "url": "http://[::1"}],
                               comments=[{"author_name": "Ann", "author_url": "http://[::1", "content_html": "Hi"}]))
    assert data["authors"] == [{"name": "Ruth", "url": None}]
    assert data["comments"][0]["author"]["url"] is None


@pytest.mark.parametrize("declared", ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "http://[::1",
                                      "mailto:x@example.org"])
def test_record_hostile_declared_canonical_not_used_as_url(declared):
    # record.normalise_post: canonical_url('javascript:alert(1)') became the post's url and id
    data = _published(raw_post(canonical_url=declared))
    assert data["url"] == "https://www.riverside-trust.example/2008/09/meeting-the-ministers.html"


@pytest.mark.parametrize("change, path", [
    ({"post_type": "banana"}, "$.post_type"),
    ({"site": {"base_url": "https://a.example/", "platform": "myspace"}}, "$.site.platform"),
    ({"comments": [{"kind": "spam"}]}, "$.comments[0].kind"),
    ({"provenance": {**raw_post()["provenance"], "source": "ftp"}}, "$.provenance.source"),
])
def test_dataio_enum_fields_enforced(change, path):
    # dataio.from_dict: values outside a field's enum were published, failing post.schema.json
    with pytest.raises(NormaliseError, match="^" + path.replace("$", r"\$").replace(".", r"\.").replace("[", r"\[")
                       .replace("]", r"\]") + ": "):
        normalise_dict(raw_post(**change))


def test_record_bad_payload_hash_published_as_null():
    # record.normalise_post: a payload_sha256 that is no hex digest failed the schema's pattern
    data = _published(raw_post(provenance={**raw_post()["provenance"], "payload_sha256": "not-a-hash"}))
    assert data["provenance"]["payload_sha256"] is None
    data = _published(raw_post(provenance={**raw_post()["provenance"], "payload_sha256": "AB" * 32}))
    assert data["provenance"]["payload_sha256"] == "ab" * 32


def test_dataio_lone_surrogates_and_nul_made_writable(tmp_path):
    # dataio: '\ud800' escapes in a JSON line reached the output, which then could not be encoded as UTF-8
    path = tmp_path / "raw.jsonl"
    path.write_text(json.dumps(raw_post(title="Budget \ud800 day\x00", published_raw="\udfff 2008")) + "\n",
                    encoding="utf-8")
    posts = normalise_lines(read_lines([str(path)]), Summary())
    (line,) = serialise(posts)
    line.encode("utf-8")
    assert json.loads(line)["title"] == "Budget \ufffd day\ufffd"


@pytest.mark.parametrize("fetched_at", ["9999-12-31T23:59:59+14:00", "0001-01-01T00:00:00-14:00"])
def test_record_fetch_time_outside_datetime_range_rejected(fetched_at):
    # record.parse_fetched_at / dates: OverflowError ('date value out of range') escaped
    with pytest.raises(NormaliseError, match=r"^\$\.provenance\.fetched_at: "):
        normalise_dict(raw_post(provenance={**raw_post()["provenance"], "fetched_at": fetched_at}))


def test_dataio_reply_nesting_too_deep_to_read_rejected_with_path():
    # dataio.from_dict: replies nested ~300 deep raised RecursionError
    record = raw_post()
    record["comments"] = deep_thread(1500, nested=True)
    with pytest.raises(NormaliseError, match=r"^\$\.comments\[0\]\.replies\[0\].*…\.\w+: nested too deeply to read"):
        normalise_dict(record)


def test_record_deep_reply_chain_published_at_most_max_depth_and_idempotent():
    # record/pipeline: a 1,000-long parent_id chain made a tree JSON tools could not write or validate
    record = raw_post()
    record["comments"] = deep_thread(1000, nested=False)
    (post,) = finish([normalise_dict(record)], Summary())
    check_published(post)
    assert post.comment_count == 1000
    step = MAX_REPLY_DEPTH + 1  # each top-level comment heads a thread of step comments, the last one cut again
    assert [c.id for c in post.comments] == [str(i) for i in range(1, 1001, step)]
    assert [c.parent_id for c in post.comments] == [None] + [str(i - 1) for i in range(1 + step, 1001, step)]
    assert [c.id for c in flatten(post.comments)] == [str(i) for i in range(1, 1001)]


def test_jsonl_deeply_nested_line_is_a_line_error(tmp_path):
    # jsonl.read_lines: json.loads raised RecursionError on a line nested 100,000 deep
    path = tmp_path / "deep.jsonl"
    path.write_text("[" * 100_000 + "]" * 100_000 + "\n" + json.dumps(raw_post()) + "\n", encoding="utf-8")
    lines = list(read_lines([str(path)]))
    assert lines[0].error == "invalid JSON: nested too deeply to read" and lines[1].error is None


def test_text_control_characters_dropped_from_inline_text():
    # text.clean_inline: C0 controls (escape sequences, backspace) stayed in titles and names
    assert clean_inline("Budget\x1b[31m day\x08\x7f") == "Budget[31m day"


def test_dedupe_unparseable_fetched_url_kept_as_provenance_not_seen_at():
    # dedupe._seen_at (found by the exploratory run): urlsplit('http://[::1') raised ValueError in the merge step
    data = _published(raw_post(provenance={**raw_post()["provenance"], "fetched_url": "http://[::1"}))
    assert data["provenance"]["fetched_url"] == "http://[::1" and data["seen_at"] == []


@pytest.mark.parametrize("zone", ["Europe", "x" * 300])
def test_dates_time_zone_that_is_a_folder_or_too_long_is_unknown(zone):
    # dates._zoneinfo (found by the exploratory run): ZoneInfo('Europe') raised IsADirectoryError, a 300-character
    # name 'File name too long'; both are now an unknown zone (local times stay without offset)
    data = _published(raw_post(site={"base_url": "https://a.example/", "platform": "blogger", "timezone": zone}))
    assert data["comments"][0]["published"] == "2008-09-28T09:15"
