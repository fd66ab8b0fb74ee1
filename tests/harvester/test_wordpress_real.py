"""The `wordpress` spider against a REAL WordPress 6.1 (tests/wpsite), compared with the ground truth of its database.

Each configuration (theme, REST switch, permalinks, spider mode) is crawled ONCE, in a subprocess, exactly as a
user runs it (``scrapy crawl wordpress -a url=… -a mode=… -O archive.jsonl``), loopback only, with the project's
settings except the pauses that only slow a loopback crawl (tests/sites/crawling.py). The site is put back to its
starting state after every crawl. Every test below then runs once per configuration.

What the sources show, and so what is expected (checked against the rendered pages of both themes):

- Dates: both themes print ``<time datetime="…+01:00">`` for posts and comments, so dates are right to the
  minute with their offset in every mode. Neither theme prints a date or an author on a static page, so in
  HTML-only crawls the page ("About the Trust") has ``published`` null and no author: nothing is invented.
- Pingbacks and trackbacks: anonymous REST refuses to list them (401), so a ``mode=rest`` crawl misses exactly
  those and records the stat ``wordpress/rest/pings_refused``; HTML and auto crawls have them. Twenty Twenty-One
  prints them without a date (core ``Walker_Comment::ping``): their ``published`` is null there. Twenty
  Twenty-Three's comment template dates them like comments.
- The password-protected post is listed (REST and pages) but its body and comments are not: its record has an
  empty body, no comments, and its own title. Pages prefix it "Protected: " (WordPress's protected_title_format);
  REST does not, and the archive keeps the post's title, so the expected title is ``title_rendered`` without it.
- Twenty Twenty-Three texturizes comment author names on pages ("Biscuit’s owner"); REST gives them as stored.
"""
from __future__ import annotations

import copy
import html
import json
import re
import time
from collections import Counter
from dataclasses import dataclass
from typing import Optional

import pytest

from normalise import cli
from normalise.urls import post_id
from tests.sites.crawling import crawl, flat_comments, read_jsonl


CLASSIC, BLOCK = "twentytwentyone", "twentytwentythree"
PINGS = ("pingback", "trackback")
PROTECTED_PREFIX = "Protected: "


@dataclass(frozen=True)
class Config:
    theme: str
    rest: bool            # REST API switched on at the site
    mode: str             # spider mode
    permalinks: Optional[str] = None   # None: the default pretty structure; '' = plain ?p=ID links

    @property
    def uses_rest(self) -> bool:
        return self.rest and self.mode != "html"

    @property
    def sees_pings(self) -> bool:
        """Pingbacks/trackbacks are read from the pages; a REST-only crawl cannot see them."""
        return self.mode != "rest"

    @property
    def ping_dates(self) -> bool:
        """Whether the source shows a ping's date: only the block theme's comment template does."""
        return self.sees_pings and self.theme == BLOCK

    @property
    def page_meta(self) -> bool:
        """Whether a static page's date and author are known: REST gives them, neither theme shows them."""
        return self.uses_rest


CONFIGS = {
    "classic-rest": Config(CLASSIC, rest=True, mode="rest"),
    "classic-auto": Config(CLASSIC, rest=True, mode="auto"),
    "classic-auto-rest-off": Config(CLASSIC, rest=False, mode="auto"),
    "block-html-rest-off": Config(BLOCK, rest=False, mode="html"),
    "plain-permalinks-auto": Config(CLASSIC, rest=True, mode="auto", permalinks=""),
    "block-auto": Config(BLOCK, rest=True, mode="auto"),
}

TIMINGS: dict[str, float] = {}


def stat(log: str, name: str) -> Optional[str]:
    """A value of Scrapy's closing stats dump (as printed), or None when the stat was not recorded."""
    match = re.search(rf"'{re.escape(name)}': (.+?)[,}}]?\n", log)
    return match.group(1) if match else None


@pytest.fixture(scope="module", params=list(CONFIGS))
def harvest(request, wordpress_site, tmp_path_factory):
    """One crawl of the real site in this configuration; the site is reset afterwards whatever happened."""
    cfg = CONFIGS[request.param]
    site = wordpress_site
    tmp = tmp_path_factory.mktemp(request.param)
    try:
        if cfg.theme != site.theme:
            site.set_theme(cfg.theme)
        if cfg.rest != site.rest_enabled:
            site.set_rest(cfg.rest)
        if cfg.permalinks is not None:
            site.set_permalinks(cfg.permalinks)
        truth = copy.deepcopy(site.truth)
        t0 = time.monotonic()
        out = crawl(site.base_url + "/", tmp, "-a", f"mode={cfg.mode}", "-O", "archive.jsonl",
                    settings={"OUTPUT_DIR": str(tmp / "output")})
        TIMINGS[request.param] = round(time.monotonic() - t0, 1)
    finally:
        site.reset()
    (journal,) = (tmp / "output" / "raw").glob("wordpress-*.raw.jsonl")
    archive = tmp / "archive.jsonl"
    return {"name": request.param, "cfg": cfg, "truth": truth, "records": read_jsonl(archive), "archive": archive,
            "journal": journal, "log": out.stderr}


# -- expectations from the truth -----------------------------------------------------------------------------------

def entries(truth: dict) -> list[dict]:
    """Every published post and page of the truth."""
    return truth["posts"] + truth["pages"]


def record_of(harvest, entry: dict) -> dict:
    matches = [r for r in harvest["records"] if r["id"] == post_id(entry["permalink"])]
    assert len(matches) == 1, f"{entry['permalink']}: {len(matches)} records"
    return matches[0]


def visible_comments(harvest, entry: dict) -> list[dict]:
    """The truth's approved comments of this post that this crawl can see."""
    return [c for c in harvest["truth"]["comments"] if c["post_id"] == entry["id"]
            and (harvest["cfg"].sees_pings or c["type"] not in PINGS)]


def to_the_minute(value: Optional[str]) -> Optional[str]:
    """'2013-07-01T10:30:00+01:00' -> '2013-07-01T10:30+01:00' (seconds dropped, offset kept); None when not
    precise to the minute or when no offset is stated."""
    match = re.fullmatch(r"(\d{4}-\d\d-\d\dT\d\d:\d\d)(?::\d\d(?:\.\d+)?)?(Z|[+-]\d\d:\d\d)", value or "")
    if not match:
        return None
    return match.group(1) + ("+00:00" if match.group(2) == "Z" else match.group(2))


def expected_title(entry: dict) -> str:
    title = html.unescape(entry["title_rendered"])
    if entry["password_protected"] and title.startswith(PROTECTED_PREFIX):
        title = title[len(PROTECTED_PREFIX):]
    return title


def untexturized(name: str) -> str:
    return name.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')


# -- posts ---------------------------------------------------------------------------------------------------------

def test_every_post_and_page_exactly_once(harvest):
    ids = Counter(r["id"] for r in harvest["records"])
    assert [i for i, n in ids.items() if n > 1] == []
    expected = {post_id(e["permalink"]): e["permalink"] for e in entries(harvest["truth"])}
    got = {r["id"]: r["url"] for r in harvest["records"]}
    assert {"missing": sorted(set(expected) - set(got), key=expected.get),
            "extra": sorted(got[i] for i in set(got) - set(expected))} == {"missing": [], "extra": []}


def test_urls_and_post_types(harvest):
    got = {e["permalink"]: (record_of(harvest, e)["url"], record_of(harvest, e)["post_type"])
           for e in entries(harvest["truth"])}
    assert got == {e["permalink"]: (e["permalink"], e["type"]) for e in entries(harvest["truth"])}


def test_titles(harvest):
    got = {e["slug"]: record_of(harvest, e)["title"] for e in entries(harvest["truth"])}
    assert got == {e["slug"]: expected_title(e) for e in entries(harvest["truth"])}


def test_published_to_the_minute_with_offset(harvest):
    cfg = harvest["cfg"]
    got, want = {}, {}
    for e in entries(harvest["truth"]):
        record = record_of(harvest, e)
        if e["type"] == "page" and not cfg.page_meta:   # no theme shows a page's date: none may be invented
            got[e["slug"]] = (record["published"], record["published_raw"])
            want[e["slug"]] = (None, None)
        else:
            got[e["slug"]] = (to_the_minute(record["published"]), record["published_precision"] in ("minute", "second"))
            want[e["slug"]] = (to_the_minute(e["date_iso"]), True)
    assert got == want


def test_authors(harvest):
    cfg = harvest["cfg"]
    got = {e["slug"]: [a["name"] for a in record_of(harvest, e)["authors"]] for e in entries(harvest["truth"])}
    assert got == {e["slug"]: [e["author"]] if e["type"] == "post" or cfg.page_meta else []
                   for e in entries(harvest["truth"])}


def test_categories_and_tags(harvest):
    got = {e["slug"]: (record_of(harvest, e)["categories"], record_of(harvest, e)["tags"])
           for e in entries(harvest["truth"])}
    for slug, (cats, tags) in got.items():
        assert len(set(cats)) == len(cats) and len(set(tags)) == len(tags), slug
    assert {s: (sorted(c), sorted(t)) for s, (c, t) in got.items()} == {
        e["slug"]: (sorted(e["categories"]), sorted(e["tags"])) for e in entries(harvest["truth"])}


def test_password_protected_post_body_and_comments_absent(harvest):
    (entry,) = [e for e in harvest["truth"]["posts"] if e["password_protected"]]
    record = record_of(harvest, entry)
    assert (record["content_html"], record["content_text"], record["comments"], record["comment_count"]) == (
        "", "", [], 0)
    hidden = {c["id"] for c in harvest["truth"]["hidden_comments"] if c["post_id"] == entry["id"]}
    assert hidden and not hidden & {int(c["id"]) for r in harvest["records"] for c in flat_comments(r["comments"])}


# -- comments ------------------------------------------------------------------------------------------------------

def test_every_comment_once_with_its_parent(harvest):
    got, want = {}, {}
    for e in entries(harvest["truth"]):
        flat = flat_comments(record_of(harvest, e)["comments"])
        got[e["slug"]] = sorted((c["id"], c["parent_id"]) for c in flat)
        want[e["slug"]] = sorted((str(c["id"]), str(c["parent"]) if c["parent"] else None)
                                 for c in visible_comments(harvest, e))
    assert got == want


def test_replies_nested_under_their_parents(harvest):
    """The tree itself: every reply sits in its parent's 'replies' (across comment pages too)."""
    wrong = []
    for record in harvest["records"]:
        def walk(comments, parent):
            for c in comments:
                if c["parent_id"] != parent:
                    wrong.append((record["url"], c["id"], c["parent_id"], parent))
                walk(c.get("replies") or [], c["id"])
        walk(record["comments"], None)
    assert wrong == []


def test_no_duplicate_comment_ids(harvest):
    ids = Counter(c["id"] for r in harvest["records"] for c in flat_comments(r["comments"]))
    assert [i for i, n in ids.items() if n > 1] == []
    assert all(r["comments_removed"] == [] for r in harvest["records"])


def test_comment_kinds(harvest):
    got = {c["id"]: c["kind"] for r in harvest["records"] for c in flat_comments(r["comments"])}
    truth = harvest["truth"]["comments"]
    assert got == {str(c["id"]): c["type"] for c in truth if harvest["cfg"].sees_pings or c["type"] not in PINGS}


def test_rest_only_misses_exactly_the_pings(harvest):
    cfg = harvest["cfg"]
    got = {c["id"] for r in harvest["records"] for c in flat_comments(r["comments"])}
    missing = sorted((c["type"], c["id"]) for c in harvest["truth"]["comments"] if str(c["id"]) not in got)
    pings = sorted((c["type"], c["id"]) for c in harvest["truth"]["comments"] if c["type"] in PINGS)
    assert {t for t, _ in pings} == set(PINGS)
    assert missing == ([] if cfg.sees_pings else pings)
    # Anonymous REST refuses ?type=pingback|trackback: recorded whenever the API was used.
    assert stat(harvest["log"], "wordpress/rest/pings_refused") == ("True" if cfg.uses_rest else None)


def test_comment_dates_to_the_minute_with_offset(harvest):
    cfg = harvest["cfg"]
    got = {c["id"]: to_the_minute(c["published"]) for r in harvest["records"] for c in flat_comments(r["comments"])}
    want = {}
    for c in harvest["truth"]["comments"]:
        if c["type"] in PINGS and not cfg.sees_pings:
            continue
        # Twenty Twenty-One shows a ping without any date (and REST cannot list pings): none may be invented.
        want[str(c["id"])] = None if c["type"] in PINGS and not cfg.ping_dates else to_the_minute(c["date_iso"])
    assert got == want
    undated = [c for r in harvest["records"] for c in flat_comments(r["comments"]) if c["published"] is None]
    assert all(c["published_raw"] is None for c in undated)


def test_comment_authors(harvest):
    got = {c["id"]: untexturized(c["author"]["name"])
           for r in harvest["records"] for c in flat_comments(r["comments"])}
    assert got == {str(c["id"]): c["author"] for c in harvest["truth"]["comments"]
                   if harvest["cfg"].sees_pings or c["type"] not in PINGS}


def test_comment_count_matches_the_truth(harvest):
    got = {e["slug"]: record_of(harvest, e)["comment_count"] for e in entries(harvest["truth"])}
    assert got == {e["slug"]: len(visible_comments(harvest, e)) for e in entries(harvest["truth"])}
    if harvest["cfg"].sees_pings:
        assert got == {e["slug"]: e["comment_count"] for e in entries(harvest["truth"])}


# -- the output as a whole -----------------------------------------------------------------------------------------

def test_nothing_hidden_leaks(harvest):
    truth = harvest["truth"]
    assert len(truth["hidden_markers"]) >= 10
    for path in (harvest["archive"], harvest["journal"]):
        text = path.read_text(encoding="utf-8")
        assert [m for m in truth["hidden_markers"] if m in text] == [], path.name
        assert "HIDDEN-" not in text, path.name
    hidden_ids = {c["id"] for c in truth["hidden_comments"]}
    assert not hidden_ids & {int(c["id"]) for r in harvest["records"] for c in flat_comments(r["comments"])}


def test_every_record_names_the_blog(harvest):
    """The blog's name (REST: the API index; HTML: the pages) and home URL, the same on every record."""
    truth = harvest["truth"]["site"]
    assert {(r["site"]["name"], r["site"]["base_url"], r["site"]["platform"]) for r in harvest["records"]} == {
        (truth["name"], truth["home"], "wordpress")}


def test_harvested_from_the_expected_source(harvest):
    cfg, log = harvest["cfg"], harvest["log"]
    sources = {r["provenance"]["source"] for r in harvest["records"]}
    journal = {json.loads(line)["provenance"]["source"] for line in harvest["journal"].open(encoding="utf-8")}
    if cfg.mode == "rest":
        assert (sources, journal) == ({"wp-rest"}, {"wp-rest"})
    elif not cfg.uses_rest:
        assert (sources, journal) == ({"html"}, {"html"})
        # REST switched off: the spider found no API and fell back to the pages by itself.
        assert stat(log, "wordpress/html") == ("'mode=html'" if cfg.mode == "html" else "'no REST API found'")
    else:
        assert journal == {"wp-rest", "html"} and sources <= journal
    api = stat(log, "wordpress/api")
    if cfg.uses_rest:
        form = "?rest_route=/" if cfg.permalinks == "" else "/wp-json/"
        assert api is not None and form in api, api
    assert stat(log, "normalise/rejected") == "0"
    assert stat(log, "normalise/posts") == str(len(entries(harvest["truth"])))


def test_output_validates_against_the_schema(harvest, capsys):
    assert cli.main(["validate", str(harvest["archive"])]) == 0, capsys.readouterr().err[-3000:]


def test_crawl_took_seconds(harvest):
    """Each crawl of this small site takes seconds (the whole module well under a minute)."""
    assert TIMINGS[harvest["name"]] < 60
