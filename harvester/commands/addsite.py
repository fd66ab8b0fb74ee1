"""`scrapy addsite NAME URL`: fetch a blog's home page, detect its platform, write its spider and a failing test.

City-Bureau style, one name for all: harvester/spiders/NAME.py (a few declarative lines: name, start_url and the
site hints the page gives, e.g. site_languages from <html lang>), tests/spiders/files/NAME.html (the fetched page)
with NAME.json beside it (its URL, fetch time, detected platform), and tests/spiders/test_NAME.py, which fails
until the maintainer writes down what the saved page shows (its post titles, the first post's author and date).
Existing files are never overwritten without --force; --spiders-dir / --tests-dir write elsewhere.
"""
from __future__ import annotations

import argparse
import hashlib
import importlib
import inspect
import json
import os
import pkgutil
import re
import sys
import urllib.error
import urllib.request
from datetime import datetime, timezone
from pathlib import Path
from typing import Optional
from urllib.parse import urlsplit

import scrapy
from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from scrapy.utils.conf import closest_scrapy_cfg

import harvester.platforms

from ..extract import detect_platform, page
from ..politeness import settings_user_agent

PLATFORMS = ("wordpress", "blogger", "generic")
NAME = re.compile(r"[a-z][a-z0-9_]*\Z")
TIMEOUT = 30


class AddSiteError(Exception):
    """A refusal or failure reported as one line naming what went wrong; the command exits with ``code``."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


# -- the page ----------------------------------------------------------------------------------------------------
def fetch(url: str, user_agent: str, max_size: int) -> tuple[str, int, dict[str, str], bytes]:
    """(final URL, status, headers, body) of one GET; AddSiteError naming the URL when it cannot be read."""
    if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
        raise AddSiteError(f"addsite: {url!r} is not an http(s) URL", code=2)
    request = urllib.request.Request(url, headers={"User-Agent": user_agent, "Accept": "text/html,*/*;q=0.5"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            body = response.read(max_size + 1)
            final_url, status, headers = response.geturl(), response.status, dict(response.headers.items())
    except urllib.error.HTTPError as exc:
        raise AddSiteError(f"addsite: {url} answered HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise AddSiteError(f"addsite: cannot reach {url}: {exc.reason}") from None
    except (OSError, ValueError) as exc:  # timeouts, resets, malformed responses
        raise AddSiteError(f"addsite: cannot read {url}: {exc}") from None
    if len(body) > max_size:
        raise AddSiteError(f"addsite: {url} is larger than DOWNLOAD_MAXSIZE ({max_size} bytes)")
    return final_url, status, headers, body


def site_hints(body: bytes, headers: dict[str, str]) -> dict[str, object]:
    """Spider attributes the page itself states: site_name (og:site_name, else <title>), site_languages (html@lang)."""
    doc = page.parse(body, headers)
    if doc is None:
        return {}
    hints: dict[str, object] = {}
    name = doc.xpath("string(//meta[@property='og:site_name']/@content)").strip() or \
        doc.xpath("normalize-space(//title)")
    if name:
        hints["site_name"] = " ".join(name.split())
    lang = doc.xpath("string(/html/@lang)").strip() or doc.xpath("string(//meta[@property='og:locale']/@content)")
    primary = re.split(r"[-_]", lang.strip())[0].lower()
    if re.fullmatch(r"[a-z]{2,3}", primary):
        hints["site_languages"] = (primary,)
    return hints


# -- platform base spiders ---------------------------------------------------------------------------------------
def platform_base(platform: str) -> type:
    """The base spider of ``platform``: the spider class harvester/platforms/<platform>.py defines."""
    modules = {info.name for info in pkgutil.iter_modules(harvester.platforms.__path__)}
    if platform in modules:
        module = importlib.import_module(f"harvester.platforms.{platform}")
        classes = [obj for obj in vars(module).values() if inspect.isclass(obj) and issubclass(obj, scrapy.Spider)
                   and obj.__module__ == module.__name__]
        if classes:
            return classes[0]
    others = ", ".join(p for p in PLATFORMS if p != platform and p in modules)
    raise AddSiteError(f"addsite: no base spider for platform {platform!r} in harvester/platforms/; "
                       f"give --platform ({others})")


# -- the files ---------------------------------------------------------------------------------------------------
def _py(text: str) -> str:
    """A double-quoted Python string literal."""
    return json.dumps(text, ensure_ascii=False)


def _doc(text: str) -> str:
    """Text safe inside a one-line docstring."""
    return " ".join(text.replace("\\", "/").replace('"', "'").split())


def class_name(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_") if part) + "Spider"


def spider_source(name: str, url: str, base: type, platform: str, hints: dict[str, object]) -> str:
    host = urlsplit(url).netloc
    site = hints.get("site_name") or host
    lines = [f'"""{_doc(str(site))} ({host}): a {platform} blog. Written by scrapy addsite; check the hints."""',
             f"from {base.__module__} import {base.__name__}", "", "",
             f"class {class_name(name)}({base.__name__}):",
             f"    name = {_py(name)}",
             f"    start_url = {_py(url)}"]
    if "site_name" in hints:
        lines.append(f"    site_name = {_py(str(hints['site_name']))}")
    if "site_languages" in hints:
        langs = ", ".join(_py(lang) for lang in hints["site_languages"])  # type: ignore[union-attr]
        lines.append(f"    site_languages = ({langs},)")
    lines += ['    # site_timezone = "Europe/London"  # IANA zone of the times the blog shows, when known',
              '    # site_date_order = "DMY"  # how numeric dates such as 03/04/2020 read: "DMY", "MDY" or "YMD"']
    return "\n".join(lines) + "\n"


TEST_TEMPLATE = '''"""{name}: the spider, its page files/{name}.html (URL, fetch time: files/{name}.json) and what it holds.

Written by `scrapy addsite`. It fails until EXPECTED_TITLES and EXPECTED_FIRST_POST say what a reader sees on
the saved page; then it checks that the {platform} extractor reads the same.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from harvester.extract import extract_page
{import_spider}

NAME = "{name}"
FILES = Path(__file__).resolve().parent / "files"
SAVED = json.loads((FILES / f"{{NAME}}.json").read_text(encoding="utf-8"))
RECORDS = extract_page((FILES / f"{{NAME}}.html").read_bytes(), SAVED["url"], fetched_at=SAVED["fetched_at"],
                       platform=SAVED["platform"])

# Fill in from the saved page as a reader sees it: the titles of its posts in page order, and for the first
# post its author's name and date exactly as shown, and how many comments the page shows (0 when none).
EXPECTED_TITLES: list[str] = ...
EXPECTED_FIRST_POST: dict[str, object] = {{"author": ..., "published_raw": ..., "comments": ...}}


def seen(record: dict) -> dict[str, object]:
    authors = record.get("authors") or [{{}}]
    return {{"author": authors[0].get("name"), "published_raw": record.get("published_raw"),
            "comments": len(record.get("comments") or [])}}


def test_spider():
    assert Spider.name == NAME
    assert Spider.start_url == SAVED["url"]


def test_titles():
    if EXPECTED_TITLES is ...:
        pytest.fail(f"fill in EXPECTED_TITLES in {{Path(__file__).name}}: the post titles of files/{{NAME}}.html")
    assert [record.get("title") for record in RECORDS] == EXPECTED_TITLES


@pytest.mark.parametrize("field", sorted(EXPECTED_FIRST_POST))
def test_first_post(field):
    if EXPECTED_FIRST_POST[field] is ...:
        pytest.fail(f"fill in EXPECTED_FIRST_POST[{{field!r}}] in {{Path(__file__).name}} from files/{{NAME}}.html")
    assert RECORDS, f"no posts extracted from files/{{NAME}}.html"
    assert seen(RECORDS[0])[field] == EXPECTED_FIRST_POST[field]
'''

IMPORT_BY_PATH = '''import importlib.util

_SPEC = importlib.util.spec_from_file_location("{name}", (Path(__file__).resolve().parent / {relpath}).resolve())
_MODULE = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(_MODULE)
Spider = _MODULE.{cls}'''


def skeleton_source(name: str, platform: str, spider_file: Path, tests_dir: Path, spider_module: Optional[str]) -> str:
    if spider_module:
        import_spider = f"from {spider_module}.{name} import {class_name(name)} as Spider"
    else:
        relpath = Path(os.path.relpath(spider_file.resolve(), tests_dir.resolve())).as_posix()
        import_spider = IMPORT_BY_PATH.format(name=name, relpath=_py(relpath), cls=class_name(name))
    return TEST_TEMPLATE.format(name=name, platform=platform, import_spider=import_spider)


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "NAME URL [--platform P] [--force] [--spiders-dir DIR] [--tests-dir DIR]"

    def short_desc(self) -> str:
        return "Add a site: fetch URL, detect its platform, write harvester/spiders/NAME.py and a failing test"

    def long_desc(self) -> str:
        return ("Fetch the blog's home page, detect its platform (the reason is printed), and write the spider "
                "harvester/spiders/NAME.py (name, start_url, site hints from the page), the page as "
                "tests/spiders/files/NAME.html with its URL and fetch time in NAME.json, and "
                "tests/spiders/test_NAME.py, which fails until filled in. Existing files need --force.")

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--platform", choices=PLATFORMS, default=None,
                            help="use this platform's base spider instead of the detected one")
        parser.add_argument("--force", action="store_true", help="overwrite the spider, test and saved page")
        parser.add_argument("--spiders-dir", dest="spiders_dir", default=None,
                            help="write the spider here (default: the NEWSPIDER_MODULE folder)")
        parser.add_argument("--tests-dir", dest="tests_dir", default=None,
                            help="write the test and files/ here (default: tests/spiders in the project)")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 2:
            raise UsageError("give NAME and URL, e.g. scrapy addsite ncvo_blogs https://blogs.ncvo.org.uk/")
        try:
            for line in self.add(*args, opts):
                print(line)
        except AddSiteError as exc:
            print(exc, file=sys.stderr)
            self.exitcode = exc.code

    def add(self, name: str, url: str, opts: argparse.Namespace) -> list[str]:
        if not NAME.match(name) or name in ("__init__",):
            raise AddSiteError(f"addsite: NAME {name!r} must be a lower-case Python identifier (a-z, 0-9, _; "
                               f"starting with a letter), e.g. ncvo_blogs", code=2)
        module_name = self.settings.get("NEWSPIDER_MODULE")
        default_spiders = Path(importlib.import_module(module_name).__file__).resolve().parent
        spiders_dir = Path(opts.spiders_dir).resolve() if opts.spiders_dir else default_spiders
        root = Path(closest_scrapy_cfg() or ".").resolve().parent
        tests_dir = Path(opts.tests_dir).resolve() if opts.tests_dir else root / "tests" / "spiders"
        files = {"spider": spiders_dir / f"{name}.py", "test": tests_dir / f"test_{name}.py",
                 "page": tests_dir / "files" / f"{name}.html", "saved": tests_dir / "files" / f"{name}.json"}
        there = [str(path) for path in files.values() if path.exists()]
        if there and not opts.force:
            raise AddSiteError(f"addsite: not overwriting {', '.join(there)}; give --force to replace", code=2)

        fetched_at = _iso(datetime.now(timezone.utc))
        final_url, status, headers, body = fetch(url, settings_user_agent(self.settings),
                                                 self.settings.getint("DOWNLOAD_MAXSIZE"))
        platform, reason = detect_platform(body, final_url, headers)
        out = [f"addsite: {final_url}: platform {platform} ({reason})"]
        if opts.platform and opts.platform != platform:
            out.append(f"addsite: using --platform {opts.platform} instead")
            platform, reason = opts.platform, f"given with --platform (detected {platform}: {reason})"
        base = platform_base(platform)
        hints = site_hints(body, headers)

        spider_module = module_name if spiders_dir == default_spiders else None
        texts = {"spider": spider_source(name, final_url, base, platform, hints),
                 "test": skeleton_source(name, platform, files["spider"], tests_dir, spider_module),
                 "saved": json.dumps({"url": final_url, "requested_url": url, "fetched_at": fetched_at,
                                      "status": status, "content_type": page.header(headers, "content-type") or None,
                                      "platform": platform, "platform_reason": reason,
                                      "sha256": hashlib.sha256(body).hexdigest()}, indent=2) + "\n"}
        for kind, path in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            if kind == "page":
                path.write_bytes(body)
            else:
                path.write_text(texts[kind], encoding="utf-8")
            out.append(f"addsite: wrote {path}")
        out.append(f"addsite: next, fill in {files['test'].name} from {files['page'].name} and run "
                   f"pytest {files['test']}; then scrapy crawl {name} -O output/{name}.jsonl")
        return out
