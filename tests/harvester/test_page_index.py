"""page.Index and page.indexed: simple selectors answered from the index give exactly XPath's answer."""
from __future__ import annotations

import lxml.html
import pytest

from harvester.extract import detect, generic_selectors as G, page, wordpress_selectors as S

from .test_extract_pages import PAGES

HTML = """<html><body class="home  blog"><div id="main" class="wrap">
<p class="lead x">One</p><div class="wrap inner"><p class="x">Two</p><span id="main">dup id</span></div>
<footer class="site-footer">F</footer><p class="a&#9;b">tab</p><p class="c&#12;d">formfeed</p><P CLASS="Lead">caps</P>
</div><o:p>ns</o:p></body></html>"""

SELECTORS = ["p", ".x", "p.x", ".lead", "#main", "span#main", "div#main", ".wrap", "div.wrap", "footer", ".b", ".c",
             ".d", ".Lead", "p.lead", "o", ".missing", "#nope", "h1"]


def _xpath(node, css):
    return page.xpath_of(css)(node)


@pytest.mark.parametrize("css", SELECTORS)
def test_index_agrees_with_xpath_on_every_element(css):
    doc = lxml.html.document_fromstring(HTML)
    index = page.Index(doc)
    for node in doc.iter():
        assert index.select(node, css) == _xpath(node, css), (css, node.tag)


def test_index_declines_what_it_cannot_answer():
    doc = lxml.html.document_fromstring(HTML)
    index = page.Index(doc)
    assert index.select(doc, "div p") is None  # a combinator: XPath's job
    assert index.select(doc, "[id=main]") is None
    other = lxml.html.fragment_fromstring("<div><p class='x'>copy</p></div>")
    assert index.select(other, ".x") is None  # not an element of the indexed tree


def test_select_uses_the_index_only_inside_indexed():
    doc = lxml.html.document_fromstring(HTML)
    outside = page.select(doc, ".x")
    with page.indexed(doc):
        inside = page.select(doc, ".x")
        assert page.select(doc, "div p") == _xpath(doc, "div p")
    assert [e.text for e in inside] == [e.text for e in outside] == ["One", "Two"]
    assert not getattr(page._ACTIVE, "stack", [])


@pytest.mark.parametrize("name", sorted(p.stem for p in PAGES.glob("*.html")))
def test_index_agrees_with_xpath_on_real_selector_lists(name):
    doc = page.parse((PAGES / f"{name}.html").read_bytes())
    index = page.Index(doc)
    lists = G.CHROME + G.CONTENT + G.AUTHOR + G.PUBLISHED_TEXT + S.CHROME + S.CONTENT_NOISE
    checked = 0
    for css in lists:
        found = index.select(doc, css)
        if found is not None:
            assert found == _xpath(doc, css), css
            checked += 1
    assert checked > 20


def test_in_attribute_matches_the_backtracking_pattern():
    import re
    old = re.compile(r"class=[\"'][^\"']*\b(?:postid-\d+|wp-block-post-content)\b", re.I)
    new = detect.MARKUP_SIGNATURES[-1][2]
    cases = ['<body class="a postid-12 b">', "<body class='x' data=\"postid-3\">", 'class="postid-"',
             'CLASS="WP-block-post-content"', '<p>postid-5</p> class="a"', 'class="a" b="c postid-4"',
             'class= "postid-4"', 'xclass="postid-9"', 'class="foo-postid-1"', 'class="postid-1x"',
             'class="xpostid-1"', 'class="wp-block-post-contents"', "class='a-wp-block-post-content'"]
    assert [new.search(c) for c in cases] == [bool(old.search(c)) for c in cases]
    assert sum(new.search(c) for c in cases) == 5  # 0, 3, 7 (xclass=), 8 (\b after "-"), 12
