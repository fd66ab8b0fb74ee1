"""Two crawls of a loopback blog whose responses are broken on purpose (tests/faults), run side by side.

``html``: the `wordpress` spider in HTML mode. ``rest``: the auto-detecting `blog` spider on the same blog with its
REST API announced and answering broken JSON (it must fall back to HTML, logged). Both must end cleanly, keep every
post served correctly at least once, retry a bounded number of times (waiting out Retry-After up to
RETRY_AFTER_MAX), never leave the blog, never resolve an XML entity, write complete JSONL lines, and log every
fault once with its URL and kind (harvester.faultlog) in the log and the crawl stats. The table of fault kinds,
counts and outcomes is printed and checked against the catalogue (tests/faults/blog.py).
"""
from __future__ import annotations

import json
import re
import subprocess
import time
from collections import Counter
from datetime import datetime

import pytest

from tests.faults.blog import ACCENTED, POST_FAULTS, SITE_FAULTS
from tests.faults.report import SUMMARY, calendar_requests, fault_log, fault_stats, fault_urls, logged_as, table
from tests.faults.server import CALENDAR_YEARS, PASSWD_MARKER, FaultyBlog
from tests.sites.crawling import crawl_args, read_jsonl, scrapy_env

RETRY_TIMES = 2
RETRY_AFTER_MAX = 30
SETTINGS = {"DOWNLOAD_TIMEOUT": "3", "RETRY_TIMES": str(RETRY_TIMES), "DOWNLOAD_MAXSIZE": str(1024 * 1024),
            "DOWNLOAD_WARNSIZE": str(512 * 1024), "LOG_LEVEL": "DEBUG", "CLOSESPIDER_TIMEOUT": "80",
            "RETRY_AFTER_MAX": str(RETRY_AFTER_MAX)}
# A calendar of empty months is a trap: the crawl should give up after a couple of years of them.
CALENDAR_BOUND = 24
CALENDAR_SERVED = (CALENDAR_YEARS[1] - CALENDAR_YEARS[0] + 1) * 12
# How late a Retry-After retry may come (the other requests share the crawl's concurrency meanwhile).
RETRY_AFTER_SLACK = 10.0
# URLs the hostile sitemaps and feed name once their entities are dropped: the blog answers 404.
ENTITY_STRIPPED = {"/leak/", "/leak-feed/", "/laughs/", "/laughs-feed/"}
CRAWLS = ("html", "rest")
# On a loaded machine any page may time out once and then be fetched: the fault log says so, truthfully; that
# entry is not the fault under test.
LOAD_TIMEOUT = "recovered/timeout"


@pytest.fixture(scope="module")
def crawls(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("faults")
    jobs = {"html": (FaultyBlog(), "wordpress", ["-a", "mode=html"]), "rest": (FaultyBlog(rest="malformed"), "blog", [])}
    running, started = {}, time.monotonic()
    try:
        for name, (site, spider, args) in jobs.items():
            site.start()
            work = tmp / name
            work.mkdir()
            log = open(work / "crawl.log", "w", encoding="utf-8")   # a file: a full pipe would stall the crawl
            cmd = crawl_args(spider, site.url, *args, "-O", "out.jsonl",
                             settings={**SETTINGS, "OUTPUT_DIR": str(work / "output")})
            running[name] = (subprocess.Popen(cmd, cwd=work, env=scrapy_env(), stdout=subprocess.DEVNULL, stderr=log),
                             log, work)
        ended: dict[str, float] = {}
        while len(ended) < len(running) and time.monotonic() - started < 150:
            ended.update({name: time.monotonic() - started for name, (proc, _, _) in running.items()
                          if name not in ended and proc.poll() is not None})
            time.sleep(0.05)
    finally:
        for proc, log, _ in running.values():
            if proc.poll() is None:   # a crawl that overran: stop it, the tests fail on its missing output
                proc.kill()
                proc.wait()
            log.close()
        for site, _, _ in jobs.values():
            site.stop()
    results = {}
    for name, (proc, _, work) in running.items():
        site = jobs[name][0]
        log = (work / "crawl.log").read_text(encoding="utf-8")
        archive = work / "out.jsonl"
        base = site.url.rstrip("/")
        records = read_jsonl(archive) if archive.exists() else []
        results[name] = {"site": site, "returncode": proc.returncode, "log": log, "archive": archive, "base": base,
                         "journal": next((work / "output" / "raw").glob("*.raw.jsonl")),
                         "faults_file": next((work / "output" / "raw").glob("*.faults.jsonl"), None),
                         "records": {r["url"].replace(base, ""): r for r in records},
                         "faults": fault_log(log), "stats": fault_stats(log), "seconds": ended.get(name, float("inf"))}
    return results


@pytest.fixture(params=CRAWLS)
def crawl(request, crawls):
    return crawls[request.param]


@pytest.fixture
def html(crawls):
    return crawls["html"]


def post_path(site, fault) -> str:
    return site.path_of(fault.slug)


def test_crawl_exits_cleanly(crawl):
    assert crawl["returncode"] == 0, crawl["log"][-4000:]
    assert "Spider error processing" not in crawl["log"]
    assert "'log_count/ERROR'" not in crawl["log"]   # every failure is the fault log's one WARNING, not an ERROR
    assert "'finish_reason': 'finished'" in crawl["log"]
    assert not crawl["site"].budget_exhausted


def test_every_post_served_correctly_at_least_once_is_in_the_output(crawl):
    site = crawl["site"]
    served_posts = {p for p in site.served_ok if p in site.by_path}
    assert served_posts, "nothing served"
    assert sorted(served_posts - set(crawl["records"])) == []
    for fault in POST_FAULTS:
        if fault.transient:
            assert post_path(site, fault) in crawl["records"], fault.kind


def test_retries_are_bounded(crawl):
    """No URL is asked more than 1 + RETRY_TIMES times (connection resets included: no silent re-send)."""
    site = crawl["site"]
    assert {path: n for path, n in site.hits.items() if n > 1 + RETRY_TIMES} == {}


@pytest.mark.parametrize("fault", [f for f in POST_FAULTS if not f.transient and f.logged.split("/")[-1] in (
    "http_5xx", "http_429", "timeout", "truncated", "connection_reset") and f.retry_after != "3600"], ids=str)
def test_retryable_failures_retried_then_given_up(html, fault):
    assert html["site"].hits[post_path(html["site"], fault)] == 1 + RETRY_TIMES


def gaps(site, slug: str) -> list[float]:
    times = site.arrivals(site.path_of(slug))
    return [b - a for a, b in zip(times, times[1:])]


@pytest.mark.parametrize(("slug", "wait"), [("http503-retry-after", 2.0), ("http429-transient", 2.0),
                                             ("http503-permanent", 1.0)])
def test_retry_after_is_waited_out(html, slug, wait):
    """Each retry comes no earlier than Retry-After asks (delta-seconds or HTTP-date), and not much later."""
    measured = gaps(html["site"], slug)
    assert measured, slug
    assert all(wait - 0.05 <= gap <= wait + RETRY_AFTER_SLACK for gap in measured), measured


def test_other_requests_flow_while_a_retry_waits(html):
    site = html["site"]
    path = site.path_of("http503-retry-after")
    first, second = site.arrivals(path)[:2]
    meanwhile = {p for t, p in site.timeline if first < t < second and p != path}
    assert len(meanwhile) >= 3, meanwhile


def test_retry_after_over_the_cap_is_not_waited_for(html):
    site, url = html["site"], html["base"] + html["site"].path_of("http503-over-cap")
    assert site.hits[site.path_of("http503-over-cap")] == 1
    assert re.search(rf"harvest failed \[http_5xx\] {re.escape(url)}: 503 Retry-After 3600 s exceeds "
                     rf"RETRY_AFTER_MAX \({RETRY_AFTER_MAX} s\)", html["log"])
    assert html["seconds"] < RETRY_AFTER_MAX * 3


def test_no_off_site_request(crawl):
    site = crawl["site"]
    assert {host for host, _ in site.requests} == {site.host}
    assert "OFFSITE" not in crawl["archive"].read_text(encoding="utf-8")


def test_calendar_trap_bounded_by_the_server(crawl):
    assert calendar_requests(crawl["site"]) <= CALENDAR_SERVED + 2


def test_calendar_trap_does_not_run_away(crawl):
    assert calendar_requests(crawl["site"]) <= CALENDAR_BOUND


def test_xml_entities_never_resolved(crawl):
    site = crawl["site"]
    texts = [crawl["archive"].read_text(encoding="utf-8"), crawl["journal"].read_text(encoding="utf-8"), crawl["log"]]
    assert not any(PASSWD_MARKER in text for text in texts)
    assert not any("root" in p or p.endswith(".dtd") for p in site.paths())   # no &xxe; content, no external DTD
    assert "lollollol" not in crawl["log"]   # the billion laughs never expanded
    assert site.injected["sitemap: XXE file:///etc/passwd"] and site.injected["feed: XXE file:///etc/passwd"]


def test_every_jsonl_line_complete(crawl):
    for path in (crawl["archive"], crawl["journal"]):
        data = path.read_bytes()
        assert data.endswith(b"\n")
        for line in data[:-1].split(b"\n"):   # not str.splitlines: text may hold U+2028, U+0085 (binary junk)
            assert isinstance(json.loads(line.decode("utf-8")), dict)


def test_charsets_decoded(crawl):
    site = crawl["site"]
    for slug in ("charset-cp1252-as-utf8", "charset-utf8-bom", "charset-missing"):
        record = crawl["records"][site.path_of(slug)]
        assert record["title"].startswith(ACCENTED), (slug, record["title"])
        assert ACCENTED in record["content_text"]
    assert "Marker malformed-html" in crawl["records"][site.path_of("malformed-html")]["content_text"]


def test_binary_body_gives_no_record(crawl):
    assert crawl["site"].path_of("binary-body") not in crawl["records"]


# -- the fault log (harvester.faultlog) --------------------------------------------------------------------------
HTML_FAULTS = [f for f in POST_FAULTS + SITE_FAULTS if not f.kind.startswith("REST")]


@pytest.mark.parametrize("fault", HTML_FAULTS, ids=lambda f: f.kind)
def test_each_fault_logged_once_by_kind(crawl, fault):
    """The URL the crawl asked for has exactly the catalogue's fault-log entry (and nothing for clean pages)."""
    entries = [e for e in logged_as(crawl, fault) if e != LOAD_TIMEOUT or fault.logged == LOAD_TIMEOUT]
    hits = {p: crawl["site"].hits[p] for p in fault_urls(crawl["site"], fault)}
    assert entries == ([fault.logged] if fault.logged else []), (entries, hits)


def test_each_url_logged_once(crawl):
    lines = Counter((outcome, url) for outcome, _, url in crawl["faults"])
    assert [key for key, n in lines.items() if n > 1] == []
    failed = {url for outcome, _, url in crawl["faults"] if outcome == "failed"}
    recovered = {url for outcome, _, url in crawl["faults"] if outcome == "recovered"}
    assert failed & recovered == set()


def test_fault_stats_count_the_logged_urls(crawl):
    from_log = Counter((outcome, kind) for outcome, kind, _ in crawl["faults"])
    assert crawl["stats"] == from_log
    expected = {tuple(f.logged.split("/")) for f in POST_FAULTS + SITE_FAULTS if f.logged}
    if crawl["site"].rest_mode != "malformed":
        expected.discard(("failed", "json_invalid"))
    extra = {key: n for key, n in from_log.items() if key not in expected}
    stripped = {url.replace(crawl["base"], "") for outcome, kind, url in crawl["faults"] if kind == "http_404"}
    assert set(extra) <= {("failed", "http_404")} and stripped <= ENTITY_STRIPPED, (extra, stripped)
    assert expected <= set(from_log)


def test_faults_file_lists_the_logged_faults(crawl):
    entries = [json.loads(line) for line in crawl["faults_file"].read_text(encoding="utf-8").splitlines()]
    assert [(e["outcome"], e["kind"], e["url"]) for e in entries] == crawl["faults"]
    assert f"'harvest/faults_file': '{crawl['faults_file']}'" in crawl["log"]


def test_fault_summary_table_logged(crawl):
    summary = crawl["log"][crawl["log"].index(SUMMARY):]
    rows = {m.group(1): tuple(map(int, m.group(2, 3, 4)))
            for m in re.finditer(r"^(\w+) +(\d+) +(\d+) +(\d+)$", summary.split("\n\n")[0], re.M)}
    for (outcome, kind), n in crawl["stats"].items():
        assert rows[kind][("failed", "recovered", "repaired").index(outcome)] == n, (outcome, kind)
    assert rows["all"] == tuple(sum(n for (o, _), n in crawl["stats"].items() if o == outcome)
                                for outcome in ("failed", "recovered", "repaired"))


def test_malformed_rest_json_falls_back_to_html_logged(crawls):
    rest = crawls["rest"]
    log, base = rest["log"], rest["base"]
    assert "detected platform 'wordpress'" in log
    assert f"WordPress REST API at {base}/wp-json/" in log
    assert re.search(r"REST request failed \(200\): " + re.escape(base) + r"/wp-json/wp/v2/", log)
    assert re.search(r"harvesting \S+ from its HTML pages \(REST \S+ failed \(200\)\)", log)
    assert ("failed", "json_invalid", f"{base}/wp-json/") in rest["faults"]
    assert rest["site"].injected["REST API: malformed JSON"] >= 2


def spider_seconds(log: str) -> float:
    """Seconds from 'Spider opened' to 'Closing spider' in a crawl log (second resolution)."""
    stamps = [re.search(rf"^(\S+ \S+) \[scrapy.core.engine\] INFO: {what}", log, re.M) for what in
              ("Spider opened", "Closing spider")]
    opened, closing = (datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S") for m in stamps)
    return (closing - opened).total_seconds()


def test_report_table(crawls, capsys):
    lines, wrong = table(crawls["html"], list(POST_FAULTS) + [f for f in SITE_FAULTS if not f.kind.startswith("REST")])
    rest_lines, rest_wrong = table(crawls["rest"], [f for f in SITE_FAULTS if f.kind.startswith("REST")],
                                   width=len(lines[0].split(" | ")[0]))
    html, rest = crawls["html"], crawls["rest"]
    footer = [f"{name} crawl: {spider_seconds(c['log']):.1f} s spider open to close, {c['seconds']:.1f} s whole process "
              f"(both side by side), {len(c['site'].requests)} requests, "
              f"{len(c['records'])} records, {sum(c['stats'].values())} URLs in the fault log; RETRY_TIMES="
              f"{RETRY_TIMES}, RETRY_AFTER_MAX={RETRY_AFTER_MAX}" for name, c in (("html", html), ("rest", rest))]
    with capsys.disabled():
        print("\n" + "\n".join(lines + rest_lines[2:] + footer))
    assert wrong + rest_wrong == []
    # Every fault was met by the crawl, except a trap the spider rightly never entered.
    met = {f.kind for f in POST_FAULTS + SITE_FAULTS if html["site"].injected[f.kind] or rest["site"].injected[f.kind]}
    assert {f.kind for f in POST_FAULTS + SITE_FAULTS} - met <= {"control (no fault)", "infinite calendar"}
    assert all(fault_urls(html["site"], f) for f in POST_FAULTS)
