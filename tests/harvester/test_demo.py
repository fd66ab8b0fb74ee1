"""harvester.demo: the loopback static server, the site registry, and samples/sites/build.py's committed output."""
from __future__ import annotations

import http.client
import importlib.util
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from scrapy.spiderloader import SpiderLoader
from scrapy.utils.project import get_project_settings

from harvester.demo import SITES, SITES_DIR
from harvester.demo.run import crawl_command
from harvester.demo.server import StaticSite

ORIGIN = "https://blog.example.org"


def _build():
    spec = importlib.util.spec_from_file_location("samples_sites_build", SITES_DIR / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def site(tmp_path):
    (tmp_path / "2012" / "05" / "slug").mkdir(parents=True)
    (tmp_path / "2012" / "05" / "slug" / "index.html").write_text(
        f'<a href="{ORIGIN}/2012/05/slug/">Caf\u00e9</a>', encoding="utf-8")
    (tmp_path / "index.html").write_text("home", encoding="utf-8")
    (tmp_path / "feed").mkdir()
    (tmp_path / "feed" / "index.xml").write_text(f"<rss><link>{ORIGIN}/</link></rss>", encoding="utf-8")
    (tmp_path / "404.html").write_text("<h1>Not found</h1>", encoding="utf-8")
    (tmp_path.parent / "secret.txt").write_text("outside", encoding="utf-8")
    with StaticSite(tmp_path, origin=ORIGIN) as server:
        yield server


def _get(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers["Content-Type"], response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers["Content-Type"], exc.read().decode("utf-8")


def test_serves_directory_urls_with_the_origin_rewritten(site):
    status, ctype, body = _get(site.url + "2012/05/slug/")
    assert (status, ctype) == (200, "text/html; charset=UTF-8")
    assert body == f'<a href="{site.url}2012/05/slug/">Caf\u00e9</a>'
    assert site.url.startswith("http://127.0.0.1:")


def test_serves_an_xml_index_as_xml(site):
    status, ctype, body = _get(site.url + "feed/")
    assert (status, ctype) == (200, "application/xml; charset=UTF-8") and site.url in body


def test_a_query_does_not_change_the_page(site):
    assert _get(site.url + "?rest_route=/") == (200, "text/html; charset=UTF-8", "home")


@pytest.mark.parametrize("path", ["wp-json/", "2012/05/other/", "2012/05/slug/missing.html", "..%2Fsecret.txt",
                                  "%2e%2e/secret.txt"])
def test_missing_pages_are_404_with_the_sites_404_page(site, path):
    assert _get(site.url + path) == (404, "text/html; charset=UTF-8", "<h1>Not found</h1>")


def test_a_directory_without_its_slash_is_redirected(site):
    conn = http.client.HTTPConnection("127.0.0.1", int(site.url.rsplit(":", 1)[1].strip("/")), timeout=10)
    conn.request("GET", "/2012/05/slug")
    response = conn.getresponse()
    assert (response.status, response.getheader("Location")) == (301, site.url + "2012/05/slug/")
    conn.close()


def test_stop_closes_the_port(tmp_path):
    server = StaticSite(tmp_path).start()
    url = server.url
    server.stop()
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url, timeout=5)


@pytest.mark.parametrize("folder", [p.parent.name for p in sorted(SITES_DIR.glob("*/content.json"))])
def test_committed_pages_are_what_build_py_renders(folder):
    build = _build()
    assert build.committed(SITES_DIR / folder) == build.render(SITES_DIR / folder), \
        "run: python samples/sites/build.py"


def test_every_sample_site_is_in_the_demo_and_every_demo_site_has_a_spider():
    folders = {p.parent.name for p in SITES_DIR.glob("*/content.json")}
    assert {s.folder for s in SITES} == folders
    spiders = set(SpiderLoader.from_settings(get_project_settings()).list())
    for demo_site in SITES:
        assert demo_site.spider in spiders
        assert (demo_site.public / "index.html").is_file()
        assert demo_site.home.startswith("http")


def test_the_crawl_is_the_users_command_with_the_archive_as_dash_O(tmp_path):
    cmd = crawl_command(SITES[0], "http://127.0.0.1:1234/", tmp_path / "demo-x.jsonl", tmp_path, ["LOG_LEVEL=DEBUG"])
    assert cmd[1:5] == ["-m", "scrapy", "crawl", SITES[0].spider]
    assert cmd[cmd.index("-a") + 1] == "url=http://127.0.0.1:1234/"
    assert cmd[cmd.index("-O") + 1] == str(tmp_path / "demo-x.jsonl")
    assert f"OUTPUT_DIR={tmp_path}" in cmd and cmd[-2:] == ["-s", "LOG_LEVEL=DEBUG"]


def test_site_served_on_its_preferred_port_else_any_free_one():
    site = SITES[0]
    assert site.port, "a demo site needs a fixed port so its post ids are the same on every run"
    first = StaticSite(site.public, port=site.port).start()
    second = StaticSite(site.public, port=site.port).start()   # the port is now taken
    try:
        assert first.url == f"http://127.0.0.1:{site.port}/"
        assert second.url != first.url and second.url.startswith("http://127.0.0.1:")
    finally:
        first.stop()
        second.stop()
