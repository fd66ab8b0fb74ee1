"""normalise.report_html: the report page's structure, escaping, and how a real headless Chromium renders it."""
from __future__ import annotations

import json
import shutil
import subprocess

import lxml.html
import pytest

from normalise.report import CrawlError, ReportInputs, build_report
from normalise.report_html import COMMENT_COLOUR, GAP_COLOUR, POST_COLOUR, render

from .pngread import colour_counts, columns_with
from .test_report import comment, post

HOSTILE_URL = 'http://evil.example/"><script>alert(1)</script>'


def sample_report() -> dict:
    """Posts in January and June 2010 (so February to May are a four-month gap), comments, an error."""
    posts = [post("a", "3 January 2010", [comment("c1", "5 January 2010"), comment("c2", "6 January 2010", "c1")]),
             post("b", "20 January 2010"), post("c", "2 June 2010", [comment("c3", "3 June 2010")]),
             post("untitled", "4 June 2010", title="")]
    return build_report(posts, ReportInputs(sources=["crawl.jsonl"],
                                            errors=[CrawlError("http_503", HOSTILE_URL)]))


def test_one_post_bar_per_month_with_posts_and_gap_months_shaded():
    doc = lxml.html.fromstring(render(sample_report()))
    assert len(doc.xpath("//svg//rect[@class='posts']")) == 2
    assert len(doc.xpath("//svg//rect[@class='comments']")) == 2
    gap_titles = [t.text_content() for t in doc.xpath("//svg//rect[@class='gap']/title")]
    # February to May, shaded in both panels
    assert sorted(set(gap_titles)) == [f"2010-0{m}: no posts" for m in (2, 3, 4, 5)]
    assert len(gap_titles) == 8


def test_page_is_self_contained_and_has_no_executable_script():
    page = render(sample_report())
    doc = lxml.html.fromstring(page)
    assert not doc.xpath("//script[not(@type='application/json')]")
    assert not doc.xpath("//link | //img | //iframe | //*[@src]")
    assert not [a for el in doc.iter() for a in el.attrib if a.startswith("on")]


def test_urls_from_the_crawl_are_escaped():
    page = render(sample_report())
    assert "<script>alert(1)</script>" not in page
    doc = lxml.html.fromstring(page)
    assert HOSTILE_URL in [li.text_content() for li in doc.xpath("//ul[@class='urls']/li")]


def test_embedded_json_is_the_report():
    report = sample_report()
    doc = lxml.html.fromstring(render(report))
    (data,) = doc.xpath("//script[@id='report-data']")
    assert json.loads(data.text) == report


def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail("chromium is not installed: run .ci/install-servers.sh (Debian package chromium)")
    return path


def run_chromium(page, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                           "--force-device-scale-factor=1", "--window-size=1100,1300", *args, page.as_uri()],
                          capture_output=True, timeout=120)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """The sample report opened in headless Chromium: its screenshot (PNG bytes) and its DOM after rendering."""
    tmp = tmp_path_factory.mktemp("report")
    page = tmp / "report.html"
    page.write_text(render(sample_report()), encoding="utf-8")
    shot = tmp / "shot.png"
    res = run_chromium(page, f"--screenshot={shot}")
    assert shot.exists(), res.stderr.decode(errors="replace")[-2000:]
    dom = run_chromium(page, "--dump-dom")
    assert dom.returncode == 0, dom.stderr.decode(errors="replace")[-2000:]
    return shot.read_bytes(), dom.stdout.decode("utf-8")


def test_browser_draws_post_and_comment_bars_and_gap_shading(rendered):
    png, _ = rendered
    counts = colour_counts(png)
    # bars are ~ 60 px high at the peak and > 100 px wide in all: a few hundred pixels each at least
    assert counts[POST_COLOUR] > 500 and counts[COMMENT_COLOUR] > 500 and counts[GAP_COLOUR] > 5000


def test_browser_puts_the_gap_between_the_post_bars(rendered):
    png, _ = rendered
    posts, gap = columns_with(png, POST_COLOUR), columns_with(png, GAP_COLOUR)
    # the legend swatches sit below the chart at the left; keep the chart's columns (right of the y labels)
    chart_posts = {x for x in posts if x > 60}
    assert chart_posts and gap
    left, right = min(chart_posts), max(chart_posts)
    assert left < min(gap) and max(gap) < right


def test_browser_renders_the_tables(rendered):
    _, dom = rendered
    doc = lxml.html.fromstring(dom)
    cells = [td.text_content() for td in doc.xpath("//h2[.='Gaps (months with no post)']/following::table[1]//td")]
    assert cells == ["2010-02", "2010-05", "4"]
    missing = {tr.xpath("string(td[1])"): tr.xpath("string(td[2])")
               for tr in doc.xpath("//h2[.='Fields missing per post']/following::table[1]//tr[td]")}
    assert missing["no title"] == "1" and missing["no publication date"] == "0"
    assert not doc.xpath("//script[not(@type='application/json')]")
