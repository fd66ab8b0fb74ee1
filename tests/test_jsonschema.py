"""The committed JSON Schema files and docs page match the code, and the schema accepts/rejects records."""
import jsonschema
import pytest

from normalise import jsonschema as gen
from normalise.dataio import to_dict
from tests.test_schema import _post


@pytest.mark.parametrize("path", sorted(gen.generated_files()), ids=lambda p: p.name)
def test_generated_file_is_up_to_date(path):
    assert path.exists(), f"{path} missing: run python -m normalise.jsonschema"
    assert path.read_text(encoding="utf-8") == gen.generated_files()[path], \
        f"{path.name} drifted from normalise/schema.py: run python -m normalise.jsonschema"


def test_check_mode_reports_drift(tmp_path, monkeypatch):
    stale = tmp_path / "post.schema.json"
    stale.write_text("{}", encoding="utf-8")
    monkeypatch.setattr(gen, "generated_files", lambda: {stale: '{"x": 1}\n'})
    assert gen.main(["--check"]) == 1


@pytest.mark.parametrize("schema_fn", [gen.post_schema, gen.raw_schema])
def test_schema_is_valid_draft_2020_12(schema_fn):
    jsonschema.Draft202012Validator.check_schema(schema_fn())


def test_every_field_documented_in_docs_page():
    import dataclasses
    from normalise import raw, schema
    page = gen.render_docs()
    for cls in (schema.Post, schema.Comment, raw.RawPost, raw.RawComment):
        for f in dataclasses.fields(cls):
            assert f"| `{f.name}` |" in page


def _validator():
    return jsonschema.Draft202012Validator(gen.post_schema())


def test_valid_record_passes():
    assert list(_validator().iter_errors(to_dict(_post()))) == []


@pytest.mark.parametrize("mutate", [
    lambda d: d.update(published_precision="week"),
    lambda d: d.update(id="post-XYZ"),
    lambda d: d.update(schema_version="0.9"),
    lambda d: d["comments"][0].update(kind="spam"),
    lambda d: d["comments"][0]["replies"][0].update(unexpected=1),
    lambda d: d["site"].update(platform="tumblr"),
    lambda d: d.pop("provenance"),
], ids=["precision", "id", "version", "kind", "extra-field", "platform", "provenance"])
def test_invalid_record_fails(mutate):
    data = to_dict(_post())
    mutate(data)
    assert list(_validator().iter_errors(data)), "schema accepted an invalid record"
