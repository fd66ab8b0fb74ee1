"""Platform detection: generator meta, REST API Link header/tag, asset paths; h2.date-header alone proves nothing."""
from __future__ import annotations

import pytest

from harvester.extract import detect_platform
from harvester.extract.detect import PROBE_READERS

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
    ("generic", '<html><head><meta name="Generator" content="Drupal 10 (https://www.drupal.org)"></head></html>', None),
    ("blogger", "<html><head><link rel='canonical' href='https://charitynotes.blogspot.com/2020/05/a.html'/></head>"
                "</html>", None),
    ("blogger", "<html><body><p>hi</p></body></html>", {"Server": "GSE", "X-Blogger-Server": "1"}),
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


def test_blogspot_host_name_alone_is_blogger():
    platform, reason = detect_platform(b"<html><body><h2 class='date-header'>x</h2></body></html>",
                                       "https://charitynotes.blogspot.co.uk/2020/05/a.html")
    assert (platform, reason) == ("blogger", "blogspot host name")


# -- What a probe tells when the start page failed (harvester.extract.detect.PROBE_READERS) ------------------------

WP_INDEX = b'{"name": "A blog", "namespaces": ["oembed/1.0", "wp/v2"], "routes": {}}'
RSS = b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>%s</channel></rss>'

PROBES = [
    ("wordpress-api", WP_INDEX, "wordpress", "the WordPress REST API answers at"),
    ("wordpress-api", b'{"namespaces": ["other/v1"]}', None, None),
    ("wordpress-api", b"<html><body>Not JSON</body></html>", None, None),
    ("blogger-feed", b'{"feed": {"id": {"$t": "tag:blogger.com,1999:blog-123"}}}', "blogger", "Blogger's posts feed"),
    ("feed", RSS % b"<generator>https://wordpress.org/?v=6.4.2</generator>", "wordpress", "generator is WordPress"),
    ("feed", RSS % b"<generator>Drupal</generator>", "generic", "no WordPress or Blogger marker"),
    ("feed", b"<html><body>Page not found</body></html>", None, None),
    ("sitemap", b'<?xml version="1.0"?><sitemapindex><sitemap><loc>https://x.org/wp-sitemap-posts-post-1.xml</loc>'
                b"</sitemap></sitemapindex>", "wordpress", "wp-sitemap"),
    ("sitemap", b'<?xml version="1.0"?><urlset><url><loc>https://x.org/blog/a</loc></url></urlset>', "generic",
     "no WordPress or Blogger marker"),
    ("robots", b"User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n", "wordpress", "wp-admin"),
    ("robots", b"User-agent: *\nDisallow: /search\nSitemap: https://x.org/sitemap.xml\n", "generic",
     "no WordPress or Blogger marker"),
    ("robots", b"<html><body>Not found</body></html>", None, None),
    ("page", b'<html><head><meta name="generator" content="WordPress 6.4"></head></html>', "wordpress",
     "generator meta names WordPress"),
]


@pytest.mark.parametrize("kind,body,platform,reason", PROBES, ids=[f"{p[0]}-{i}" for i, p in enumerate(PROBES)])
def test_probe_readers(kind, body, platform, reason):
    verdict = PROBE_READERS[kind](body, "https://x.org/probe")
    if platform is None:
        assert verdict is None
    else:
        assert verdict[0] == platform and reason in verdict[1] and "https://x.org/probe" in verdict[1]
