"""README opens with exactly two commands; CI runs the second; the first (the demo) works.

The demo test runs the README's `scrapy demo` for real, with its output redirected to a temporary folder,
and checks the crawled archive against the sample site's content description (samples/sites/*/content.json),
never against an earlier crawl.
"""
import html
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from normalise.cli import main

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "samples" / "sites" / "riverside-wordpress"


def _commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    head = text.split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", head, flags=re.S)


def test_readme_opens_with_exactly_two_commands():
    cmds = _commands()
    assert len(cmds) == 2 and all("\n" not in c for c in cmds)
    assert "pytest -rs" in cmds[1]


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert _commands()[1] in ci.splitlines()


# -- the demo, run once for the module --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    argv = shlex.split(_commands()[0].split("&&")[-1].strip())
    assert argv[0].endswith("/scrapy") and argv[1:] == ["demo"]
    out = tmp_path_factory.mktemp("demo") / "output"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)}
    done = subprocess.run([sys.executable, "-m", "scrapy", "demo", "-s", f"OUTPUT_DIR={out}"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return {"out": out, "stdout": done.stdout}


def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _content() -> dict:
    return json.loads((SITE / "content.json").read_text(encoding="utf-8"))


def _path(item: dict, is_page: bool) -> str:
    """The permalink path of a post or page, as the WordPress site's permalink structure makes it."""
    return f"/{item['slug']}/" if is_page else f"/{item['date'][:4]}/{item['date'][5:7]}/{item['slug']}/"


def _described() -> dict[str, tuple[dict, bool]]:
    content = _content()
    return {_path(p, is_page): (p, is_page) for key, is_page in (("posts", False), ("pages", True))
            for p in content[key]}


def _crawled(demo) -> dict[str, dict]:
    records = _read(demo["out"] / "demo-riverside-wordpress.jsonl")
    return {re.sub(r"^http://127\.0\.0\.1:\d+", "", r["url"]): r for r in records}


def _tree(comments: list[dict], parent=None) -> list[tuple[str, object, object, str, str, str]]:
    """(id, parent_id, parent in the tree, kind, author, text) for every comment, depth first."""
    out = []
    for c in comments:
        out.append((c["id"], c["parent_id"], parent, c["kind"], c["author"]["name"], c["content_text"]))
        out += _tree(c["replies"], c["id"])
    return out


def _plain(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def test_demo_crawls_exactly_the_sample_sites_posts_and_pages(demo):
    assert sorted(_crawled(demo)) == sorted(_described())
    assert f"in {demo['out']}/demo-riverside-wordpress.jsonl" in demo["stdout"]
    assert list((demo["out"] / "raw").glob("wordpress-*.raw.jsonl")), "the crawl journals its raw records"


@pytest.mark.parametrize("path", sorted(_described()))
def test_demo_post_fields_match_the_content_description(demo, path):
    item, is_page = _described()[path]
    content = _content()
    record = _crawled(demo)[path]
    assert record["title"] == item["title"]
    assert record["post_type"] == ("page" if is_page else "post")
    assert record["site"]["name"] == content["name"] and record["site"]["platform"] == "wordpress"
    assert record["language"] == content["language"]
    assert not record["is_excerpt"]
    for paragraph in item["body"]:
        assert _plain(paragraph) in record["content_text"]
    if not is_page:
        assert record["published"][:16] == item["date"].replace(" ", "T")
        assert [a["name"] for a in record["authors"]] == [content["authors"][item["author"]]]
        assert record["categories"] == [content["categories"][c] for c in item["categories"]]
        assert record["tags"] == item["tags"]
    status = item["comment_status"] if item["comment_status"] == "open" or item["comments"] else "unknown"
    assert record["comments_status"] == status


@pytest.mark.parametrize("path", sorted(p for p, (item, _) in _described().items() if item["comments"]))
def test_demo_comments_every_one_with_its_parent(demo, path):
    item, _ = _described()[path]
    record = _crawled(demo)[path]
    got = {cid: (parent, tree_parent, kind, author) for cid, parent, tree_parent, kind, author, _ in _tree(record["comments"])}
    expected = {str(c["id"]): (str(c["parent"]) if c["parent"] else None, str(c["parent"]) if c["parent"] else None,
                               c.get("type", "comment"), c["author"]) for c in item["comments"]}
    assert got == expected
    assert record["comment_count"] == len(item["comments"])
    texts = {cid: text for cid, *_, text in _tree(record["comments"])}
    for c in item["comments"]:
        if c.get("type", "comment") == "comment":
            assert texts[str(c["id"])] == c["text"]
            assert record["comments"] and _find(record["comments"], str(c["id"]))["published"][:16] == \
                c["date"].replace(" ", "T")


def _find(comments: list[dict], cid: str):
    for c in comments:
        if c["id"] == cid:
            return c
        found = _find(c["replies"], cid)
        if found:
            return found
    return None


def test_demo_site_covers_what_it_is_meant_to_show():
    """The content description keeps its showcase: 8 posts 2009-2014, a reply 3 deep, paged comments, a pingback."""
    content = _content()
    posts = content["posts"]
    assert len(posts) == 8 and {p["date"][:4] for p in posts} >= {"2009", "2014"}
    parents = {c["id"]: c["parent"] for p in posts for c in p["comments"]}

    def depth(cid):
        return 0 if parents[cid] is None else 1 + depth(parents[cid])
    assert max(map(depth, parents)) >= 3
    assert any(sum(c["parent"] is None for c in p["comments"]) > content["comments_per_page"] for p in posts)
    assert any(c.get("type") == "pingback" for p in posts for c in p["comments"])
    assert any(not p["title"].isascii() for p in posts)


def test_demo_archives_validate_against_the_schema(demo):
    for name in ("demo-riverside-wordpress.jsonl", "demo-exports.jsonl"):
        assert main(["validate", str(demo["out"] / name)]) == 0


def test_demo_imports_the_sample_exports(demo):
    posts = _read(demo["out"] / "demo-exports.jsonl")
    assert len(posts) >= 10
    assert any(p["duplicate_of"] for p in posts), "the sample cross-post should be linked"
    assert any(p["comments_removed"] for p in posts), "the sample comment posted twice should be removed"
    assert any(r["replies"] for p in posts for c in p["comments"] for r in c["replies"]), "threads 3 deep"
