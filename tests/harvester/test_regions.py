"""regions.select_any: the elements page.select_any (XPath) gives, in one walk of the tree."""
from __future__ import annotations

from pathlib import Path

import pytest

from harvester.extract import page, regions
from harvester.extract import wordpress_selectors as S

PAGES = Path(__file__).parent / "pages"
SMALL = """<html><body class="widget">
<div id="a" class="sidebar x">one<aside id="b">two</aside></div>
<nav class="menu">three</nav>
<div class="  post-navigation\tnavigation\nother ">four</div>
<div class="wide\u00a0widget">five</div>
<p id="sidebar" class="text">six</p>
<section role="dialog"><div class="widget">seven</div></section>
<span class="Widget">eight</span>
</body></html>"""


def _ids(els) -> list[str]:
    return [el.get("id") or el.get("class") or el.get("role") or el.tag for el in els]


def test_simple_and_other_selectors_in_document_order_once_each():
    doc = page.parse(SMALL)
    got = regions.select_any(doc, ["aside", ".widget", "#sidebar", "nav.menu", "div.navigation", "[role=dialog]",
                                   "div#a", ".sidebar"])
    assert _ids(got) == ["widget", "a", "b", "menu", "  post-navigation\tnavigation\nother ", "sidebar", "dialog",
                         "widget"]
    assert got == page.select_any(doc, ["aside", ".widget", "#sidebar", "nav.menu", "div.navigation", "[role=dialog]",
                                        "div#a", ".sidebar"])


def test_class_names_are_case_sensitive_and_split_on_ascii_whitespace_only():
    doc = page.parse(SMALL)
    assert _ids(regions.select_any(doc, [".widget"])) == ["widget", "widget"]  # not 'Widget', not 'wide\xa0widget'
    assert regions.select_any(doc, [".widget"]) == page.select_any(doc, [".widget"])


def test_the_node_itself_counts_and_an_empty_list_matches_nothing():
    doc = page.parse(SMALL)
    nav = page.select(doc, "nav")[0]
    assert regions.select_any(nav, ["nav", ".menu"]) == [nav]
    assert regions.select_any(doc, []) == []


@pytest.mark.parametrize("name", ["CHROME", "COMMENT_REGIONS", "CONTENT_NOISE", "COMMENTS_AREA", "COMMENT_LISTS",
                                  "COMMENT_AUTHOR_NOISE", "POST_CONTAINERS"])
@pytest.mark.parametrize("html", sorted(PAGES.glob("*.html")), ids=lambda p: p.stem)
def test_same_elements_as_xpath_on_every_page(name, html):
    doc = page.parse(html.read_bytes())
    selectors = getattr(S, name)
    assert regions.select_any(doc, selectors) == page.select_any(doc, selectors)


def test_same_elements_as_xpath_on_the_real_pages():
    from ..conftest import shared_fixtures_or_skip

    lists = ["CHROME", "COMMENT_REGIONS", "CONTENT_NOISE", "COMMENTS_AREA", "COMMENT_LISTS"]
    differ = []
    for html in sorted(shared_fixtures_or_skip().glob("*/*.html")):
        doc = page.parse(html.read_bytes())
        differ += [(html.name, n) for n in lists
                   if regions.select_any(doc, getattr(S, n)) != page.select_any(doc, getattr(S, n))]
    assert differ == []
