"""The schema declares every field with documentation, and records round-trip through JSON."""
import dataclasses

import pytest

from normalise import raw, schema
from normalise.dataio import RecordError, from_dict, to_dict

CLASSES = [schema.Post, schema.Comment, schema.Author, schema.Site, schema.Provenance, schema.RemovedComment,
           raw.RawPost, raw.RawComment, raw.RawAuthor, raw.RawSite, raw.RawProvenance]
FIELDS = [(cls, f) for cls in CLASSES for f in dataclasses.fields(cls)]


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_class_has_docstring(cls):
    assert cls.__doc__ and len(cls.__doc__.strip()) > 10


@pytest.mark.parametrize("cls,f", FIELDS, ids=lambda x: getattr(x, "name", getattr(x, "__name__", "")))
def test_field_is_documented(cls, f):
    assert len(f.metadata.get("doc", "")) >= 15, f"{cls.__name__}.{f.name} lacks documentation"


def test_required_issue_fields_present():
    names = {f.name for f in dataclasses.fields(schema.Post)}
    wanted = {"schema_version", "id", "url", "site", "title", "authors", "categories", "tags", "language",
              "published", "updated", "published_precision", "published_raw", "content_html", "content_text",
              "comments", "comment_count", "comments_declared", "comments_status", "provenance", "seen_at",
              "duplicate_of", "comments_removed"}
    assert wanted <= names
    comment = {f.name for f in dataclasses.fields(schema.Comment)}
    assert {"id", "parent_id", "author", "published", "published_raw", "published_precision",
            "content_html", "content_text", "kind", "replies"} <= comment


def _post() -> schema.Post:
    reply = schema.Comment(id="2", parent_id="1", author=schema.Author(name="Ben"), content_text="Agreed.")
    top = schema.Comment(id="1", parent_id=None, author=schema.Author(name="Ann", url="https://ann.example/"),
                         published="2009-06-23", published_precision="day", published_raw="23 June 2009",
                         content_text="Good work.", replies=[reply])
    return schema.Post(schema_version=schema.SCHEMA_VERSION, id="post-" + "0" * 20, url="https://b.example/p",
                       site=schema.Site(name="B", base_url="https://b.example/", platform="wordpress"),
                       title="T", comments=[top], comment_count=2,
                       provenance=schema.Provenance(fetched_url="https://b.example/p", fetched_at="2024-01-01T00:00:00Z",
                                                    source="html", tool="wordpress", tool_version="0.1.0"))


def test_round_trip_is_identity():
    post = _post()
    assert from_dict(schema.Post, to_dict(post)) == post


def test_to_dict_keeps_declaration_order():
    keys = list(to_dict(_post()))
    assert keys == [f.name for f in dataclasses.fields(schema.Post)]


@pytest.mark.parametrize("path,value,message", [
    (("title",), 5, "$.title: expected a string"),
    (("comments", 0, "replies", 0, "author"), None, "$.comments[0].replies[0].author: expected an object"),
    (("comment_count",), True, "$.comment_count: expected an integer"),
    (("site", "extra"), 1, "$.site: unknown field(s) extra"),
])
def test_from_dict_names_the_bad_field(path, value, message):
    data = to_dict(_post())
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(RecordError) as err:
        from_dict(schema.Post, data)
    assert str(err.value).startswith(message)


def test_missing_required_field_is_named():
    data = to_dict(_post())
    del data["provenance"]
    with pytest.raises(RecordError, match="missing required field 'provenance'"):
        from_dict(schema.Post, data)
