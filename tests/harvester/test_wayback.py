"""-a source=wayback: WordPress-like and Blogger-like blogs read back from a loopback fake Wayback Machine.

The archive is filled by capturing the loopback mock blogs at chosen times (one WordPress post at three times with
different comments; links of the first capture rewritten into the archive's /web/<ts>/ forms, toolbar included).
The live mock blogs keep running as tripwires: the crawls must never reach them.
"""
from __future__ import annotations

import copy
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from harvester.wayback_cdx import snapshot_time
from tests.sites.blogger_server import MockBlogger
from tests.sites.crawling import crawl, flat_comments, read_jsonl
from tests.sites.lowfield import Comment, sample_posts
from tests.sites.server import SECRET_PARAMS, SECRET_PATHS, MockWordPress, Options
from tests.sites.wayback import FakeWayback

T1, T2, T3 = "20210701120000", "20220301120000", "20230301120000"
POST = 11   # captured at T1, T2 and T3 with different comments
#: The comment ids of POST each capture shows (T3: the thread 21/22 was deleted, a new comment 26 came).
SHOWN = {T1: {21, 22}, T2: {21, 22, 23}, T3: {23, 26}}
PUBLIC = [p for p in sample_posts() if p.public]


def variant(shown: set[int]) -> list:
    posts = copy.deepcopy(sample_posts())
    post = next(p for p in posts if p.id == POST)
    post.comments.append(Comment(26, "Late Reader", "2022-06-01T10:00:00", "Still relevant a year on."))
    post.comments = [c for c in post.comments if c.id in shown]
    return posts


def not_archived(path: str) -> bool:
    """What the archive's crawler never captured: login/admin, reply links, feeds and the REST API."""
    return bool(SECRET_PATHS.match(path.split("?")[0]) or any(f"{p}=" in path for p in SECRET_PARAMS)
                or "feed" in path or "wp-json" in path or "rest_route" in path)


@pytest.fixture(scope="module")
def wordpress_archive():
    """The fake archive holding the WordPress-like blog; its live site (the tripwire) serves the T3 content."""
    live = MockWordPress(posts=variant(SHOWN[T3]), options=Options(comments_per_page=50)).start()
    archive = FakeWayback().start()
    for stamp in (T1, T2, T3):
        site = MockWordPress(posts=variant(SHOWN[stamp]), options=Options(comments_per_page=50)).start()
        try:
            post_path = next(p.path for p in PUBLIC if p.id == POST)
            archive.capture(site.url, stamp, original_base=live.url, skip=not_archived, rewrite=stamp == T1,
                            paths=None if stamp == T1 else [post_path])
        finally:
            site.stop()
    yield live, archive
    live.stop()
    archive.stop()


def wayback_crawl(live, archive, tmp: Path, *args: str, spider: str = "wordpress", **settings: str) -> dict:
    live.requests.clear()
    archive.requests.clear()
    out = crawl(live.url, tmp, "-a", "source=wayback", *args, "-O", "archive.jsonl", spider=spider,
          settings={"OUTPUT_DIR": str(tmp / "out"), "WAYBACK_CDX_URL": archive.cdx_url,
                    "WAYBACK_SNAPSHOT_URL": archive.web_url, **settings})
    warc_uris = []
    for path in (tmp / "out" / "warc").glob("*.warc.gz"):
        with open(path, "rb") as fh:
            warc_uris += [r.rec_headers.get_header("WARC-Target-URI") for r in ArchiveIterator(fh)
                          if r.rec_type == "response"]
    return {"records": read_jsonl(tmp / "archive.jsonl"), "live": list(live.requests),
            "archive": list(archive.requests), "cdx": archive.cdx_requests(), "warc": warc_uris, "log": out.stderr}


@pytest.fixture(scope="module")
def every_version(wordpress_archive, tmp_path_factory):
    live, archive = wordpress_archive
    return wayback_crawl(live, archive, tmp_path_factory.mktemp("wb-all"), "-a", "versions=all",
                         WAYBACK_CDX_LIMIT="10")


@pytest.fixture(scope="module")
def one_version(wordpress_archive, tmp_path_factory):
    live, archive = wordpress_archive
    return wayback_crawl(live, archive, tmp_path_factory.mktemp("wb-one"), spider="blog")


def relative(record: dict, live) -> str:
    return record["url"].replace(live.url.rstrip("/"), "")


def comment_ids(record: dict) -> set[int]:
    return {int(c["id"]) for c in flat_comments(record["comments"])}


@pytest.mark.parametrize("run", ["every_version", "one_version"])
def test_every_post_once_and_no_request_leaves_the_archive(request, wordpress_archive, run):
    live, archive = wordpress_archive
    harvest = request.getfixturevalue(run)
    assert sorted(relative(r, live) for r in harvest["records"]) == sorted(p.path for p in PUBLIC)
    assert harvest["live"] == []
    assert harvest["warc"] and all(uri.startswith(archive.url + "/") for uri in harvest["warc"])


def test_versions_all_unions_the_comments_of_three_captures(every_version, wordpress_archive):
    live, _ = wordpress_archive
    (post,) = [r for r in every_version["records"] if relative(r, live) == next(p.path for p in PUBLIC if p.id == POST)]
    assert comment_ids(post) == SHOWN[T1] | SHOWN[T2] | SHOWN[T3]
    replies = {int(c["id"]): c["parent_id"] for c in flat_comments(post["comments"])}
    assert replies[22] == "21"
    assert post["provenance"]["snapshot"] in (T1, T2, T3)


def test_one_version_reads_the_first_capture_of_each_url(one_version, wordpress_archive):
    live, _ = wordpress_archive
    (post,) = [r for r in one_version["records"] if relative(r, live) == next(p.path for p in PUBLIC if p.id == POST)]
    assert comment_ids(post) == SHOWN[T1] and post["provenance"]["snapshot"] == T1
    assert {q["collapse"][0] for q in one_version["cdx"]} == {"urlkey"}


@pytest.mark.parametrize("run", ["every_version", "one_version"])
def test_provenance_names_the_snapshot(request, wordpress_archive, run):
    live, archive = wordpress_archive
    for record in request.getfixturevalue(run)["records"]:
        prov = record["provenance"]
        assert prov["source"] == "wayback" and prov["snapshot"] in (T1, T2, T3)
        assert prov["fetched_url"].startswith(f"{archive.web_url}/{prov['snapshot']}id_/{live.url}")
        assert prov["fetched_at"] == snapshot_time(prov["snapshot"]) and prov["warc_record_id"]
        assert not any("/web/" in u for u in record["seen_at"])


def test_urls_the_archive_lacks_are_logged_as_such_without_a_request(every_version, wordpress_archive):
    live, _ = wordpress_archive
    assert f"harvest failed [http_404] {live.url}wp-json/: 404 not captured by the Wayback Machine" in every_version["log"]
    assert not any("wp-json" in p for _, p in every_version["archive"])


def test_archive_rewritten_links_are_mapped_back(every_version):
    for record in every_version["records"]:
        assert "/web/20" not in record["content_html"] and "toolbar" not in record["content_text"].lower()
    snapshot_paths = [p for _, p in every_version["archive"] if p.startswith("/web/")]
    assert snapshot_paths and not any("/web/" in p[5:] for p in snapshot_paths)   # never /web/…/web/…


def test_cdx_is_paged_by_resume_key(every_version):
    queries = every_version["cdx"]
    assert len(queries) >= 3
    assert "resumeKey" not in queries[0] and all("resumeKey" in q for q in queries[1:])
    for q in queries:
        assert q["matchType"] == ["prefix"] and q["filter"] == ["statuscode:200"] and q["collapse"] == ["digest"]
        assert q["showResumeKey"] == ["true"] and q["limit"] == ["10"] and q["output"] == ["json"]


def test_time_window_reads_only_captures_inside_it(wordpress_archive, tmp_path):
    live, archive = wordpress_archive
    harvest = wayback_crawl(live, archive, tmp_path, "-a", "from=2022", "-a", "to=20221231")
    assert all(q["from"] == ["2022"] and q["to"] == ["20221231"] for q in harvest["cdx"])
    (post,) = harvest["records"]
    assert post["provenance"]["snapshot"] == T2 and comment_ids(post) == SHOWN[T2]
    assert harvest["live"] == []


def test_bad_arguments_are_refused_with_their_name(wordpress_archive, tmp_path):
    live, archive = wordpress_archive
    with pytest.raises(AssertionError, match="from must be a Wayback timestamp"):
        wayback_crawl(live, archive, tmp_path, "-a", "from=last-year")
    with pytest.raises(AssertionError, match="source must be one of live, wayback"):
        crawl(live.url, tmp_path, "-a", "source=archive", settings={"OUTPUT_DIR": str(tmp_path / "out")})


def test_rest_api_answers_are_used_when_the_archive_captured_them(tmp_path):
    """The REST requests of a live crawl captured (their query strings in another order): the Wayback crawl in
    mode=rest reads the posts and comments from them; the ping lists, refused (401) when captured, are skipped."""
    live = MockWordPress().start()
    archive = FakeWayback().start()
    (tmp_path / "live").mkdir()
    (tmp_path / "wb").mkdir()
    try:
        crawl(live.url, tmp_path / "live", "-a", "mode=rest", settings={"OUTPUT_DIR": str(tmp_path / "live"),
                                                                        "WARC_ENABLED": "False"})
        targets = ["/" if p == "/" else shuffled_query(p) for _, p in live.requests if p != "/robots.txt"]
        archive.capture(live.url, "20220101000000", paths=targets)
        harvest = wayback_crawl(live, archive, tmp_path / "wb", "-a", "mode=rest")
    finally:
        live.stop()
        archive.stop()
    assert sorted(r["url"].replace(live.url.rstrip("/"), "") for r in harvest["records"]) == sorted(
        p.path for p in PUBLIC)
    for record in harvest["records"]:
        assert "/wp-json/wp/v2/" in record["provenance"]["fetched_url"] and record["provenance"]["source"] == "wayback"
        expected = next(p for p in PUBLIC if record["url"].endswith(p.path))
        assert comment_ids(record) == {c.id for c in expected.public_comments() if c.type == "comment"}
    assert harvest["live"] == []


def shuffled_query(target: str) -> str:
    path, _, query = target.partition("?")
    return path + ("?" + "&".join(reversed(query.split("&"))) if query else "")


# -- Blogger-like ------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def blogger_harvest(tmp_path_factory):
    live = MockBlogger().start()
    archive = FakeWayback().start()
    try:
        captured = archive.capture(live.url, "20130415093000", skip=lambda p: p.startswith(("/search", "/feeds/")))
        harvest = wayback_crawl(live, archive, tmp_path_factory.mktemp("wb-blogger"), spider="blog",
                                WAYBACK_CDX_FORMAT="text", WAYBACK_CDX_LIMIT="7")
    finally:
        live.stop()
        archive.stop()
    return {**harvest, "site": live, "captured": captured}


def test_blogger_posts_and_comments_from_plain_cdx_lines(blogger_harvest):
    site = blogger_harvest["site"]
    posts = {p.path: p for p in site.posts}
    captured = {p.split("?")[0] for p in blogger_harvest["captured"] if p.split("?")[0] in posts}
    records = {r["url"].replace(site.base, ""): r for r in blogger_harvest["records"]}
    assert set(records) == captured and len(captured) == len(posts)
    for path, record in records.items():
        assert record["comment_count"] == len(posts[path].kept_comments()), path
        assert record["provenance"]["snapshot"] == "20130415093000" and record["site"]["platform"] == "blogger"
    assert len(blogger_harvest["cdx"]) >= 3 and all("output" not in q for q in blogger_harvest["cdx"])
    assert blogger_harvest["live"] == []
