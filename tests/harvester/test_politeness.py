"""Politeness: robots.txt obeyed unless overridden, two requests at a time per site, a User-Agent with a contact."""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from scrapy.settings import Settings
from scrapy.utils.project import get_project_settings

from harvester.politeness import NO_CONTACT_WARNING, UserAgentAddon, settings_user_agent, user_agent
from tests.sites.crawling import crawl, read_jsonl
from tests.sites.lowfield import generated_posts
from tests.sites.server import MockWordPress, Options, _handler

DISALLOWED = ("/2021/06/volunteer-week-2021-thank-you/", "/category/policy/")


@dataclass
class PoliteSite(MockWordPress):
    """The mock blog, recording each request's User-Agent and the most requests it served at once."""

    disallow: tuple[str, ...] = ()
    agents: list[str] = field(default_factory=list)
    most_at_once: int = 0

    def _listen(self) -> int:
        site, lock = self, threading.Lock()
        site._at_once = 0

        class Handler(_handler(self)):
            def do_GET(self) -> None:  # noqa: N802
                with lock:
                    site._at_once += 1
                    site.most_at_once = max(site.most_at_once, site._at_once)
                site.agents.append(self.headers.get("User-Agent", ""))
                try:
                    super().do_GET()
                finally:
                    with lock:
                        site._at_once -= 1

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        return self.port

    def _route(self, host: str, target: str):
        if urlsplit(target).path == "/robots.txt" and self.disallow:
            rules = "".join(f"Disallow: {path}\n" for path in self.disallow)
            return 200, {"Content-Type": "text/plain"}, f"User-agent: *\n{rules}".encode()
        return super()._route(host, target)


def _crawl(tmp_path, site_options=None, settings=None, **site):
    mock = PoliteSite(options=site_options or Options(), **site).start()
    try:
        out = crawl(mock.url, tmp_path, "-a", "mode=html", "-O", "a.jsonl",
                    settings={"OUTPUT_DIR": str(tmp_path / "o"), **(settings or {})})
    finally:
        mock.stop()
    return mock, out


@pytest.mark.parametrize("obey, contact", [(None, "archive-team@example.org"), ("False", None)])
def test_robots_txt_and_user_agent(tmp_path, obey, contact):
    """robots.txt is obeyed unless overridden; every request names the project, and the contact when one is set."""
    settings = {**({"ROBOTSTXT_OBEY": obey} if obey else {}), **({"CONTACT": contact} if contact else {})}
    site, out = _crawl(tmp_path, disallow=DISALLOWED, settings=settings)
    asked, obeyed = set(site.paths()), obey is None
    assert ("/robots.txt" in asked) is obeyed
    assert (asked & set(DISALLOWED) == set()) is obeyed and (set(DISALLOWED) <= asked) is not obeyed
    assert any(p.startswith("/2021/") for p in asked)   # the rest of the blog was crawled
    project = "sector-blog-archive/0.1.0 (+https://github.com/sector-blog-archive"
    assert set(site.agents) == {f"{project}; contact: {contact})" if contact else f"{project})"}
    assert (f"WARNING: {NO_CONTACT_WARNING}" in out.stderr) is (contact is None)


@pytest.mark.parametrize("settings, at_least, at_most", [
    # the project's defaults (AutoThrottle on, starting fast so the test is short): two at a time at most
    ({"AUTOTHROTTLE_ENABLED": "True", "CONCURRENT_REQUESTS_PER_DOMAIN": "2", "AUTOTHROTTLE_START_DELAY": "0.01"},
     1, 2),
    ({"CONCURRENT_REQUESTS_PER_DOMAIN": "8"}, 3, 16),   # the measure does see more when more are allowed
])
def test_requests_at_once_per_site(tmp_path, settings, at_least, at_most):
    """A blog whose sitemap lists a dozen posts at once, each answered slowly: requests pile up when allowed."""
    site, _ = _crawl(tmp_path, site_options=Options(delay=0.15), settings=settings, posts=generated_posts(12, seed=5))
    assert at_least <= site.most_at_once <= at_most


def test_project_defaults_are_polite():
    settings = get_project_settings()
    assert settings.getbool("ROBOTSTXT_OBEY") is True
    assert settings.getbool("AUTOTHROTTLE_ENABLED") is True
    assert settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 2
    assert settings.getbool("HTTPCACHE_ENABLED") is False
    assert settings.get("CONTACT") == ""


@pytest.mark.parametrize("contact, expected", [
    ("a@example.org", "x/0.1.0 (+https://p.example; contact: a@example.org)"),
    ("  ", "x/0.1.0 (+https://p.example)"),
    ("", "x/0.1.0 (+https://p.example)"),
])
def test_user_agent_template(contact, expected):
    assert user_agent("x/{version} (+{project_url}; contact: {contact})", contact, "https://p.example") == expected


def test_addon_keeps_a_user_agent_given_whole():
    settings = Settings({"USER_AGENT": "MyArchive/1.0 (ops@example.org)", "CONTACT": ""})
    UserAgentAddon().update_settings(settings)
    assert settings["USER_AGENT"] == settings_user_agent(settings) == "MyArchive/1.0 (ops@example.org)"


def test_http_cache_for_development_answers_a_repeat_crawl_without_the_site(tmp_path):
    cache = {"HTTPCACHE_ENABLED": "True", "HTTPCACHE_DIR": str(tmp_path / "cache")}
    site = PoliteSite().start()
    try:
        for run in ("a", "b"):
            (tmp_path / run).mkdir()
            before = len(site.requests)
            crawl(site.url, tmp_path / run, "-a", "mode=html", "-O", "a.jsonl",
                  settings={"OUTPUT_DIR": str(tmp_path / run / "o"), **cache})
    finally:
        site.stop()
    assert before > 10 and len(site.requests) == before   # the repeat crawl asked the site nothing
    first, second = (read_jsonl(tmp_path / run / "a.jsonl") for run in ("a", "b"))
    assert [(r["url"], r["comment_count"]) for r in first] == [(r["url"], r["comment_count"]) for r in second]
