"""Platform detection: generator meta, REST API Link header/tag, asset paths; h2.date-header alone proves nothing."""
from __future__ import annotations

import pytest

from harvester.extract import detect_platform

from ..conftest import manifest_rows, shared_fixtures_or_skip

CASES = [
    ("wordpress", '<html><head><meta name="generator" content="WordPress 6.4.2"></head><body></body></html>', None),
    ("wordpress", "<html><head></head><body><p>hi</p></body></html>",
     {"Link": '<https://example.org/wp-json/>; rel="https://api.w.org/"'}),
    ("wordpress", '<html><head><link rel="https://api.w.org/" href="https://example.org/wp-json/"></head></html>', None),
    ("wordpress", '<html><head><link rel="stylesheet" href="/wp-content/themes/x/style.css"></head></html>', None),
    ("blogger", "<html><head><meta content='blogger' name='generator'/></head></html>", None),
    ("blogger", "<html><body><script>_WidgetManager._Init('//www.blogger.com/rearrange?blogID=1')</script></body></html>",
     None),
    ("generic", '<html><body><h2 class="date-header"><span>Friday, 1 May 2020</span></h2><p>News</p></body></html>', None),
    ("generic", "<html><body><article><h1>Hello</h1></article></body></html>", None),
]


@pytest.mark.parametrize("expected,html,headers", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_detect(expected, html, headers):
    platform, reason = detect_platform(html.encode(), "https://example.org/post", headers)
    assert platform == expected
    assert reason


def test_link_header_reason_names_the_api():
    _, reason = detect_platform(b"<html></html>", "https://example.org/",
                                {"link": '<https://example.org/wp-json/>; rel="https://api.w.org/"'})
    assert "api.w.org" in reason


def _family_pages():
    return [(r["file"], r["family"]) for r in manifest_rows() if r["family"] in ("wordpress", "blogger")]


@pytest.mark.parametrize("file,family", _family_pages() or [pytest.param(None, None, marks=pytest.mark.skip)])
def test_real_pages_detected_as_their_family(file, family):
    root = shared_fixtures_or_skip()
    platform, _ = detect_platform((root / file).read_bytes(), "http://example.invalid/")
    assert platform == family
