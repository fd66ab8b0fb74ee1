"""Smoke tests of the real WordPress test site (tests/wpsite): it serves, it holds what seed.php
promises, its switches (REST, theme, permalinks) work, and it leaks nothing hidden.

The site is the session fixture ``wordpress_site``; tests that change its state put it back.
"""
from __future__ import annotations

import re
from collections import Counter
from datetime import datetime

import pytest

from tests.wpsite import server

pytest_plugins = ["tests.wpsite.fixtures"]

COMMENT_ID = re.compile(r'id="comment-(\d+)"')
API_LINK = 'rel="https://api.w.org/"'


def comment_ids(html: str) -> list[int]:
    return [int(i) for i in COMMENT_ID.findall(html)]


def assert_no_markers(text: str, truth: dict, where: str) -> None:
    leaked = [m for m in truth["hidden_markers"] if m in text]
    assert not leaked, f"{where} leaks hidden content: {leaked}"
    assert "HIDDEN-" not in text, f"{where} leaks a HIDDEN- marker"


def big_thread_post(truth: dict) -> dict:
    return max(truth["posts"], key=lambda p: p["top_level_comments"])


# --------------------------------------------------------------------------------------------
# Serving
# --------------------------------------------------------------------------------------------

def test_home_page_serves_classic_theme(wordpress_site):
    resp = wordpress_site.get("/")
    assert resp.status == 200
    assert "id='twenty-twenty-one-style-css'" in resp.text
    assert "wp-block-comment-template" not in resp.text
    assert "Millbrook Community Trust" in resp.text
    newest = max(wordpress_site.truth["posts"], key=lambda p: p["date_gmt"])
    assert newest["title_rendered"] in resp.text
    assert_no_markers(resp.text, wordpress_site.truth, "home page")


def test_post_permalink_serves_with_its_comments(wordpress_site):
    truth = wordpress_site.truth
    post = next(p for p in truth["posts"] if p["slug"] == "volunteers-week-thank-you")
    assert post["permalink"] == wordpress_site.url("/2009/08/volunteers-week-thank-you/")
    resp = wordpress_site.get(post["permalink"])
    assert resp.status == 200
    assert post["title_rendered"] in resp.text
    expected = [c["id"] for c in truth["comments"] if c["post_id"] == post["id"]]
    assert len(expected) == post["comment_count"] >= 6
    assert sorted(comment_ids(resp.text)) == sorted(expected)
    assert_no_markers(resp.text, truth, post["permalink"])


def test_closed_post_shows_its_comments_and_says_closed(wordpress_site):
    truth = wordpress_site.truth
    post = next(p for p in truth["posts"] if p["comment_status"] == "closed")
    resp = wordpress_site.get(post["permalink"])
    assert resp.status == 200
    assert "Comments are closed." in resp.text
    assert sorted(comment_ids(resp.text)) == sorted(c["id"] for c in truth["comments"] if c["post_id"] == post["id"])
    assert 'id="respond"' not in resp.text


def test_comment_pages_exist_and_bare_url_shows_the_last(wordpress_site):
    truth = wordpress_site.truth
    post = big_thread_post(truth)
    pages = post["comment_pages"]
    assert pages >= 3
    seen = []
    for n in range(1, pages + 1):
        resp = wordpress_site.get(post["permalink"] + f"comment-page-{n}/")
        assert resp.status == 200, n
        on_page = sorted(comment_ids(resp.text))
        assert on_page == sorted(c["id"] for c in truth["comments"]
                                 if c["post_id"] == post["id"] and c["page"] == n), n
        seen += on_page
    assert sorted(seen) == sorted(c["id"] for c in truth["comments"] if c["post_id"] == post["id"])
    bare = wordpress_site.get(post["permalink"])
    assert sorted(comment_ids(bare.text)) == sorted(c["id"] for c in truth["comments"]
                                                    if c["post_id"] == post["id"] and c["page"] == pages)
    # The page links a crawler follows are on the bare page.
    assert post["permalink"] + f"comment-page-{pages - 1}/" in bare.text


def test_hidden_posts_are_not_served(wordpress_site):
    truth = wordpress_site.truth
    assert {p["status"] for p in truth["hidden_posts"]} >= {"draft", "pending", "private", "future", "trash"}
    for hidden in truth["hidden_posts"]:
        resp = wordpress_site.get(hidden["url"])
        assert resp.status == 404, hidden
        assert_no_markers(resp.text, truth, hidden["url"])
    protected = next(p for p in truth["posts"] if p["password_protected"])
    resp = wordpress_site.get(protected["permalink"])
    assert resp.status == 200 and "post-password-form" in resp.text
    assert_no_markers(resp.text, truth, protected["permalink"])
    warmth = next(p for p in truth["posts"] if p["slug"] == "winter-warmth-packs")
    assert_no_markers(wordpress_site.get(warmth["permalink"]).text, truth, warmth["permalink"])


# --------------------------------------------------------------------------------------------
# REST API
# --------------------------------------------------------------------------------------------

def test_rest_lists_the_published_posts_and_nothing_hidden(wordpress_site):
    truth = wordpress_site.truth
    resp = wordpress_site.get("/wp-json/wp/v2/posts?per_page=100")
    assert resp.status == 200
    assert int(resp.headers.get("X-WP-Total")) == len(truth["posts"])
    assert sorted(p["id"] for p in resp.json()) == sorted(p["id"] for p in truth["posts"])
    assert_no_markers(resp.text, truth, "/wp/v2/posts")
    by_id = {p["id"]: p for p in truth["posts"]}
    for item in resp.json():
        assert item["link"] == by_id[item["id"]]["permalink"]
        assert item["date_gmt"].replace("T", " ") == by_id[item["id"]]["date_gmt"]
    # Anonymous REST lists comments of type 'comment' only (pingbacks/trackbacks need auth), and
    # none of the password-protected post's (though its X-WP-Total still counts them).
    comments = wordpress_site.get("/wp-json/wp/v2/comments?per_page=100")
    assert comments.status == 200
    assert sorted(c["id"] for c in comments.json()) == sorted(c["id"] for c in truth["comments"]
                                                              if c["type"] == "comment")
    assert_no_markers(comments.text, truth, "/wp/v2/comments")
    pages = wordpress_site.get("/?rest_route=/wp/v2/pages")
    assert [p["id"] for p in pages.json()] == [p["id"] for p in truth["pages"]]


def test_rest_switch_off_and_on(wordpress_site):
    site = wordpress_site
    assert API_LINK in " ".join(site.get("/").header_values("Link"))
    try:
        site.set_rest(False)
        for path in ("/wp-json/", "/wp-json/wp/v2/posts", "/?rest_route=/wp/v2/posts", "/?rest_route=/"):
            resp = site.get(path)
            assert resp.status in (401, 403, 404), (path, resp.status)
            assert "HIDDEN-" not in resp.text
        home = site.get("/")
        assert home.status == 200
        assert not any("api.w.org" in v for v in home.header_values("Link"))
        assert "https://api.w.org/" not in home.text
        post = site.get(site.truth["posts"][0]["permalink"])
        assert "/wp-json/" not in " ".join(post.header_values("Link")) and "/wp-json/" not in post.text
    finally:
        site.set_rest(True)
    assert site.get("/wp-json/wp/v2/posts").status == 200
    home = site.get("/")
    assert API_LINK in " ".join(home.header_values("Link"))
    assert '<link rel="https://api.w.org/"' in home.text


# --------------------------------------------------------------------------------------------
# Theme and permalink switches
# --------------------------------------------------------------------------------------------

def test_theme_switch_changes_markup(wordpress_site):
    site = wordpress_site
    post = big_thread_post(site.truth)
    classic = site.get(post["permalink"]).text
    assert "wp-block-comment-template" not in classic and 'class="comment-list"' in classic
    try:
        site.set_theme("twentytwentythree")
        home = site.get("/")
        assert home.status == 200
        assert "wp-site-blocks" in home.text and "twenty-twenty-one-style-css" not in home.text
        block = site.get(post["permalink"])
        assert block.status == 200
        assert "wp-block-comment-template" in block.text
        assert sorted(comment_ids(block.text)) == sorted(comment_ids(classic))
    finally:
        site.set_theme("twentytwentyone")
    assert "id='twenty-twenty-one-style-css'" in site.get("/").text
    assert site.truth["site"]["theme"] == "twentytwentyone"


def test_plain_permalinks_switch(wordpress_site):
    site = wordpress_site
    try:
        site.set_permalinks("")
        post = site.truth["posts"][3]
        assert post["permalink"] == site.url(f"/?p={post['id']}")
        resp = site.get(post["permalink"])
        assert resp.status == 200 and post["title_rendered"] in resp.text
        assert site.truth["site"]["permalink_structure"] == ""
    finally:
        site.set_permalinks(server.DEFAULT_PERMALINKS)
    post = site.truth["posts"][3]
    assert re.search(r"/\d{4}/\d{2}/[a-z0-9-]+/$", post["permalink"])
    assert site.get(post["permalink"]).status == 200
    # The old plain link now redirects to the pretty one (canonical redirect).
    assert site.get(f"/?p={post['id']}").status == 301


# --------------------------------------------------------------------------------------------
# The ground truth: what seed.php promises
# --------------------------------------------------------------------------------------------

def test_truth_holds_the_promised_shapes(wordpress_site):
    truth = wordpress_site.truth
    posts, comments = truth["posts"], truth["comments"]
    assert len(posts) >= 12
    assert len({p["author"] for p in posts}) == 2
    years = {p["date"][:4] for p in posts}
    assert min(years) == "2008" and max(years) == "2015"
    assert max(c["depth"] for c in comments) >= 4
    big = big_thread_post(truth)
    assert big["top_level_comments"] >= 10 and big["comment_pages"] >= 3
    assert Counter(c["type"] for c in comments)["pingback"] >= 1
    assert Counter(c["type"] for c in comments)["trackback"] >= 1
    assert any(c["author_url"] for c in comments if c["type"] == "comment")
    assert any(p["comment_count"] == 0 for p in posts if not p["password_protected"])
    assert any(p["comment_status"] == "closed" and p["comment_count"] > 0 for p in posts)
    names = {n for p in posts for n in p["categories"] + p["tags"]}
    assert {"Cymraeg", "Grüße"} <= names
    text = " ".join(c["content"] for c in comments)
    assert "ŵ" in text and "ß" in text and "😊" in text
    assert {"HIDDEN-DRAFT-MARKER", "HIDDEN-PRIVATE-MARKER", "HIDDEN-FUTURE-MARKER", "HIDDEN-PASSWORD-MARKER",
            "HIDDEN-PENDING-MARKER", "HIDDEN-SPAM-MARKER", "HIDDEN-TRASH-MARKER"} <= set(truth["hidden_markers"])
    assert all(c["post_id"] in {p["id"] for p in posts + truth["pages"]} for c in comments)
    site = truth["site"]
    assert (site["timezone"], site["comments_per_page"], site["default_comments_page"], site["comment_order"]) == \
        ("Europe/London", 3, "newest", "asc")


def test_truth_has_both_bst_and_gmt_offsets(wordpress_site):
    def offset_hours(item):
        fmt = "%Y-%m-%d %H:%M:%S"
        return (datetime.strptime(item["date"], fmt) - datetime.strptime(item["date_gmt"], fmt)).total_seconds() / 3600

    for items in (wordpress_site.truth["posts"], wordpress_site.truth["comments"]):
        offsets = Counter(offset_hours(i) for i in items)
        assert set(offsets) == {0.0, 1.0}, offsets
        for item in items:
            assert item["date_iso"].endswith("+01:00" if offset_hours(item) else "+00:00")


# --------------------------------------------------------------------------------------------
# Start, stop, failure
# --------------------------------------------------------------------------------------------

def test_a_second_site_starts_and_stops_cleanly(wordpress_site):
    site = server.start_wordpress(theme="twentytwentythree", permalinks="")
    procs = dict(site._procs)
    try:
        assert site.base_url != wordpress_site.base_url
        assert site.truth["site"]["theme"] == "twentytwentythree"
        assert site.truth["posts"][0]["permalink"].startswith(site.base_url + "/?p=")
        assert site.get("/").status == 200
        assert all(p.poll() is None for p in procs.values())
    finally:
        site.stop()
    assert all(p.poll() is not None for p in procs.values())
    assert not site.workdir.exists()
    with pytest.raises(OSError):
        server.fetch(site.base_url + "/", timeout=3)


def test_missing_packages_fail_with_the_install_script_named(monkeypatch, tmp_path):
    monkeypatch.setattr(server, "WP_SRC", tmp_path / "no-wordpress")
    monkeypatch.setattr(server, "_which", lambda name: None)
    missing = server.missing_requirements()
    assert any("wordpress" in m for m in missing) and any("mariadbd" in m for m in missing)
    with pytest.raises(server.WordPressUnavailable, match=r"\.ci/install-servers\.sh"):
        server.start_wordpress(tmp_path / "site")
    from tests.wpsite.fixtures import start_or_fail  # registered by pytest_plugins above

    with pytest.raises(pytest.fail.Exception, match=r"\.ci/install-servers\.sh"):
        start_or_fail()


def test_no_public_surface_leaks_hidden_content(wordpress_site):
    """WordPress itself never shows the hidden content anywhere a crawler may look, so a marker in
    a crawl's output is the crawler's fault."""
    site, truth = wordpress_site, wordpress_site.truth
    paths = ["/", "/page/2/", "/feed/", "/comments/feed/", "/?s=HIDDEN", "/?s=MARKER", "/wp-sitemap.xml",
             "/wp-sitemap-posts-post-1.xml", "/2013/", "/2015/11/", "/2099/",
             "/wp-json/wp/v2/search?search=HIDDEN", "/wp-json/wp/v2/posts?search=MARKER&status=draft",
             "/wp-json/wp/v2/pages", "/wp-json/wp/v2/categories?per_page=100", "/wp-json/wp/v2/tags?per_page=100"]
    paths += [p["permalink"] for p in truth["posts"] + truth["pages"]]
    paths += [p["permalink"] + "feed/" for p in truth["posts"]]
    paths += [a["url"] for a in truth["authors"]]
    paths += [site.url(f"/category/{c['slug']}/") for c in truth["categories"]]
    paths += [site.url(f"/tag/{t['slug']}/") for t in truth["tags"]]
    big = big_thread_post(truth)
    paths += [big["permalink"] + f"comment-page-{n}/" for n in range(1, big["comment_pages"] + 1)]
    statuses = {}
    for path in paths:
        resp = site.get(path, follow=True)
        statuses[path] = resp.status
        assert_no_markers(resp.text, truth, path)
    refused = {p: s for p, s in statuses.items() if s != 200}
    # The months of the draft/pending posts and of the scheduled one have nothing public: 404.
    assert refused == {"/2015/11/": 404, "/2099/": 404,
                       "/wp-json/wp/v2/posts?search=MARKER&status=draft": 400}, refused
