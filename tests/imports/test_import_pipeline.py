"""The whole `normalise import` pipeline on the real exports: every public comment reaches the published JSONL.

Expected figures are read independently from the XML with lxml. The normaliser drops a comment that repeats an
earlier one in the same post (same author, same text) and lists it in ``comments_removed``, so the published
total is ``sum(comment_count) + len(comments_removed)``. In ci-lhh three replies are such repeats (the same
author posted the same reply twice, minutes apart); none of them had replies of its own, so nothing is
re-parented and the published replies plus the removed replies give the 113 of the file.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from normalise.cli import main
from tests.conftest import shared_fixtures_or_skip

THEME = "feeds/wxr_wordpress-theme-unit-test-data.xml"
CI = "feeds/blogger-export-atom_ci-lhh_blogger-data-test_2022.xml"
WP = {"wp": "https://wordpress.org/export/1.2/"}
ATOM = {"a": "http://www.w3.org/2005/Atom", "thr": "http://purl.org/syndication/thread/1.0",
        "app": "http://purl.org/atom/app#"}
KIND = "a:category[@scheme='http://schemas.google.com/g/2005#kind']/@term"


def _import(path: Path, out: Path, *extra: str) -> list[dict]:
    assert main(["import", str(path), "-o", str(out), "-q", *extra]) == 0
    assert main(["validate", str(out)]) == 0
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def _nested(records: list[dict]) -> dict[str, tuple[str | None, str | None, bool]]:
    """comment id -> (parent_id field, id of the comment it is nested under, approved), over all records."""
    out: dict[str, tuple[str | None, str | None, bool]] = {}
    stack = [(c, None) for r in records for c in r["comments"]]
    while stack:
        c, under = stack.pop()
        assert c["id"] not in out
        out[c["id"]] = (c["parent_id"], under, c["approved"])
        stack.extend((r, c["id"]) for r in c["replies"])
    return out


def _removed(records: list[dict]) -> dict[str, str]:
    return {r["id"]: r["repeat_of"] for rec in records for r in rec["comments_removed"]}


# ------------------------------------------------------------------------------------------------ WXR


def _wxr_comments(path: Path, approved: set[str]) -> dict[str, str | None]:
    """comment id -> parent id (None for top level) on published posts and pages, read from the XML."""
    out: dict[str, str | None] = {}
    for item in etree.parse(str(path)).iter("item"):
        if (item.findtext("wp:post_type", namespaces=WP) in ("post", "page")
                and item.findtext("wp:status", namespaces=WP) == "publish"):
            for c in item.findall("wp:comment", WP):
                if c.findtext("wp:comment_approved", namespaces=WP) in approved:
                    parent = c.findtext("wp:comment_parent", namespaces=WP)
                    out[c.findtext("wp:comment_id", namespaces=WP)] = None if parent in ("0", "") else parent
    return out


@pytest.fixture(scope="module")
def theme(tmp_path_factory):
    path = shared_fixtures_or_skip() / THEME
    return path, _import(path, tmp_path_factory.mktemp("tut") / "tut.jsonl")


def test_theme_30_approved_comments_published(theme):
    path, records = theme
    expected = _wxr_comments(path, {"1"})
    published = sum(r["comment_count"] for r in records)
    assert len(expected) == 30
    assert published + len(_removed(records)) == 30
    assert set(_nested(records)) | set(_removed(records)) == set(expected)


def test_theme_9_replies_nested_under_their_parents(theme):
    path, records = theme
    expected = {cid: parent for cid, parent in _wxr_comments(path, {"1"}).items() if parent}
    nested = {cid: under for cid, (parent, under, _) in _nested(records).items() if under is not None}
    assert len(expected) == 9 and nested == expected
    assert all(parent == under for parent, under, _ in _nested(records).values())


def test_theme_unapproved_only_when_asked(theme, tmp_path):
    path, records = theme
    assert all(approved for _, _, approved in _nested(records).values())
    asked = _nested(_import(path, tmp_path / "all.jsonl", "--include-unapproved"))
    pending = {cid: under for cid, (_, under, approved) in asked.items() if not approved}
    assert pending == _wxr_comments(path, {"0"}) == {"1015": None, "1016": None, "1017": "168"}
    assert len(asked) == 33


def test_theme_pages_published_as_pages(theme):
    _, records = theme
    types = {r["title"]: r["post_type"] for r in records}
    assert (types["Page with comments"], types["Template: Comments"]) == ("page", "post")
    assert sum(t == "page" for t in types.values()) == 21
    page = next(r for r in records if r["title"] == "Page with comments")
    assert page["comment_count"] == 3


# ------------------------------------------------------------------------------------------- Blogger


def _blogger_comments(path: Path) -> dict[str, dict]:
    """comment id -> {parent (rel=related), author, text} for comments on live posts and pages, from the XML."""
    root = etree.parse(str(path)).getroot()
    live = set()
    for e in root.findall("a:entry", ATOM):
        kind = e.xpath(KIND, namespaces=ATOM)[0].rsplit("#", 1)[1]
        if kind in ("post", "page") and e.findtext("app:control/app:draft", namespaces=ATOM) != "yes":
            live.add(e.findtext("a:id", namespaces=ATOM).rsplit("-", 1)[1])
    out = {}
    for e in root.findall("a:entry", ATOM):
        if not e.xpath(KIND, namespaces=ATOM)[0].endswith("#comment"):
            continue
        if e.find("thr:in-reply-to", ATOM).get("ref").rsplit("-", 1)[1] not in live:
            continue
        related = e.xpath("a:link[@rel='related']/@href", namespaces=ATOM)
        out[e.findtext("a:id", namespaces=ATOM).rsplit("-", 1)[1]] = {
            "parent": related[0].rstrip("/").rsplit("/", 1)[1] if related else None,
            "author": e.findtext("a:author/a:name", namespaces=ATOM), "text": e.findtext("a:content", namespaces=ATOM)}
    return out


@pytest.fixture(scope="module")
def ci(tmp_path_factory):
    path = shared_fixtures_or_skip() / CI
    return path, _import(path, tmp_path_factory.mktemp("lhh") / "lhh.jsonl")


def test_ci_193_comments_published_or_removed_as_repeats(ci):
    path, records = ci
    expected = _blogger_comments(path)
    published = sum(r["comment_count"] for r in records)
    removed = _removed(records)
    assert len(expected) == 193
    assert published + len(removed) == 193
    assert set(_nested(records)) | set(removed) == set(expected) and not set(_nested(records)) & set(removed)


def test_ci_removed_comments_really_repeat_the_kept_one(ci):
    path, records = ci
    xml = _blogger_comments(path)
    for gone, kept in _removed(records).items():
        assert (xml[gone]["author"], xml[gone]["text"]) == (xml[kept]["author"], xml[kept]["text"])


def test_ci_113_replies_under_the_right_parents(ci):
    path, records = ci
    xml = _blogger_comments(path)
    expected = {cid: c["parent"] for cid, c in xml.items() if c["parent"]}
    nested = {cid: under for cid, (_, under, _) in _nested(records).items() if under is not None}
    removed = _removed(records)
    # Every published reply sits under the parent rel=related names: nothing was re-parented.
    assert nested == {cid: parent for cid, parent in expected.items() if cid not in removed}
    # The removed repeats are replies themselves and had no replies of their own.
    assert all(cid in expected for cid in removed)
    assert not {cid for cid, parent in expected.items() if parent in removed}
    assert len(expected) == 113 and len(nested) + len(removed) == 113


def test_ci_pages_published_as_pages(ci):
    _, records = ci
    pages = [r for r in records if r["post_type"] == "page"]
    assert len(pages) == 9 and len(records) == 45
    assert {"Stylesheet", "Cras Quis Mauris Nibh"} <= {r["title"] for r in pages}
    assert sum(r["comment_count"] + len(r["comments_removed"]) for r in pages) == 55
