"""`scrapy addsite`: run as a user would, against loopback pages; the spider it writes keeps the conventions."""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from harvester.commands.addsite import skeleton_source
from tests.test_spiders import class_problems, load_spider_file, platform_bases, source_problems

ROOT = Path(__file__).resolve().parents[2]
SCRAPY = str(Path(sys.executable).with_name("scrapy"))

WORDPRESS = (b'<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Riverside Trust</title>'
             b'<meta name="generator" content="WordPress 6.4.2"></head><body class="home blog">'
             b'<article class="post hentry"><h2 class="entry-title"><a href="/2020/01/hello/">Hello</a></h2>'
             b'<div class="entry-content"><p>First post.</p></div></article></body></html>')
BLOGGER = ("<!DOCTYPE html><html lang='cy'><head><meta content='blogger' name='generator'/>"
           "<meta property='og:site_name' content='Llais y Sector'/><title>Llais y Sector: Hafan</title></head>"
           "<body><h3 class='post-title entry-title'><a href='/2019/05/post.html'>Croeso</a></h3></body></html>"
           ).encode("utf-8")
PLAIN = b"<html><head><title>Plain</title></head><body><article><h1>News</h1></article></body></html>"
PAGES = {"/wp/": WORDPRESS, "/blogger/": BLOGGER, "/plain/": PLAIN}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        body = PAGES.get(self.path)
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "text/html; charset=UTF-8")
        self.send_header("Content-Length", str(len(body or b"")))
        self.end_headers()
        self.wfile.write(body or b"")

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def addsite(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    command = [SCRAPY, "addsite", *args, "--spiders-dir", str(tmp_path / "spiders"),
               "--tests-dir", str(tmp_path / "tests")]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)


def written(tmp_path: Path) -> list[str]:
    return sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())


@pytest.mark.parametrize("path,platform,base,hints", [
    ("/wp/", "wordpress", "WordPressSpider", {"site_name": "Riverside Trust", "site_languages": ("en",)}),
    ("/blogger/", "blogger", "BloggerSpider", {"site_name": "Llais y Sector", "site_languages": ("cy",)}),
])
def test_addsite_writes_a_conventional_spider_and_a_failing_test(site, tmp_path, path, platform, base, hints):
    url = site + path
    run = addsite(tmp_path, "river_side", url)
    assert run.returncode == 0, run.stderr
    assert f"platform {platform} (generator meta names " in run.stdout

    spider_file = tmp_path / "spiders" / "river_side.py"
    assert source_problems(spider_file) == []
    module = load_spider_file(spider_file)
    assert class_problems(module, "river_side", platform_bases()) == []
    spider = module.RiverSideSpider
    assert spider.__mro__[1].__name__ == base
    assert spider.start_url == url
    assert {key: getattr(spider, key) for key in hints} == hints

    files = tmp_path / "tests" / "files"
    assert (files / "river_side.html").read_bytes() == PAGES[path]
    saved = json.loads((files / "river_side.json").read_text(encoding="utf-8"))
    assert saved["url"] == url and saved["platform"] == platform and saved["fetched_at"].endswith("Z")

    test = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_river_side.py"],
                          cwd=tmp_path / "tests", capture_output=True, text=True, timeout=120)
    assert test.returncode == 1, test.stdout + test.stderr
    assert "1 passed" in test.stdout            # the spider loads and matches the saved page's URL
    assert "fill in EXPECTED_TITLES" in test.stdout


def test_addsite_refuses_to_overwrite_without_force(site, tmp_path):
    assert addsite(tmp_path, "river", site + "/wp/").returncode == 0
    spider_file = tmp_path / "spiders" / "river.py"
    spider_file.write_text("edited", encoding="utf-8")
    run = addsite(tmp_path, "river", site + "/blogger/")
    assert run.returncode == 2
    assert str(spider_file) in run.stderr and "--force" in run.stderr
    assert spider_file.read_text(encoding="utf-8") == "edited"
    assert addsite(tmp_path, "river", site + "/blogger/", "--force").returncode == 0
    assert "BloggerSpider" in spider_file.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["River-Side", "2river", "class x"])
def test_addsite_refuses_a_name_that_is_not_an_identifier(site, tmp_path, name):
    run = addsite(tmp_path, name, site + "/wp/")
    assert run.returncode == 2
    assert repr(name) in run.stderr and "identifier" in run.stderr
    assert written(tmp_path) == []


def test_addsite_names_the_url_it_cannot_read(site, tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}/"
    run = addsite(tmp_path, "gone", closed)
    assert run.returncode == 1
    assert f"cannot reach {closed}" in run.stderr
    run = addsite(tmp_path, "gone", site + "/missing/")
    assert run.returncode == 1
    assert f"{site}/missing/ answered HTTP 404" in run.stderr
    assert written(tmp_path) == []


def test_addsite_platform_option_overrides_detection(site, tmp_path):
    run = addsite(tmp_path, "plain", site + "/plain/", "--platform", "wordpress")
    assert run.returncode == 0, run.stderr
    assert "platform generic (no WordPress or Blogger marker found)" in run.stdout
    assert "using --platform wordpress" in run.stdout
    assert "WordPressSpider" in (tmp_path / "spiders" / "plain.py").read_text(encoding="utf-8")
    saved = json.loads((tmp_path / "tests" / "files" / "plain.json").read_text(encoding="utf-8"))
    assert saved["platform"] == "wordpress" and "detected generic" in saved["platform_reason"]


def test_skeleton_in_the_project_imports_the_spider_module():
    source = skeleton_source("river", "wordpress", ROOT / "harvester" / "spiders" / "river.py",
                             ROOT / "tests" / "spiders", "harvester.spiders")
    compile(source, "test_river.py", "exec")
    assert "from harvester.spiders.river import RiverSpider as Spider" in source
