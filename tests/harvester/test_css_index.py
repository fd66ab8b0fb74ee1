"""css_index.Index and page.indexed: selectors answered from the index give exactly XPath's answer."""
from __future__ import annotations

import lxml.html
import pytest

from harvester.extract import detect, generic_selectors as G, page, wordpress_selectors as S
from harvester.extract.css_index import Index

from .test_extract_pages import PAGES

HTML = """<html><body class="home  blog"><div id="main" class="wrap">
<p class="lead x">One</p><div class="wrap inner"><p class="x">Two</p><span id="main">dup id</span></div>
<footer class="site-footer">F</footer><p class="a&#9;b">tab</p><p class="c&#12;d">formfeed</p><P CLASS="Lead">caps</P>
</div><o:p>ns</o:p></body></html>"""

SELECTORS = ["p", ".x", "p.x", ".lead", "#main", "span#main", "div#main", ".wrap", "div.wrap", "footer", ".b", ".c",
             ".d", ".Lead", "p.lead", "o", ".missing", "#nope", "h1", "div p", "div > p", ".wrap p.x", ".wrap > .wrap > p",
             "body .wrap .x", "div.wrap.inner p", "[id=main]", "[class~=x]", "[class^=lea]", "[class$=blog]",
             "[class*=oot]", "[class|=site]", "[id]", "p[class]", "div, p", "p.x, .lead, footer", "body > div > p",
             "#main > p", "[class~=wrap] > [class~=inner] span", "html body div div p",
             ".wrap .wrap", "div > div > div"]


def _xpath(node, css):
    return page.xpath_of(css)(node)


@pytest.mark.parametrize("css", SELECTORS)
def test_index_agrees_with_xpath_on_every_element(css):
    doc = lxml.html.document_fromstring(HTML)
    index = Index(doc)
    answered = 0
    for node in doc.iter():
        found = index.select(node, css)
        if found is not None:
            assert found == _xpath(node, css), (css, node.tag)
            answered += 1
    # only a selector ending in a bare attribute test (no tag, class or id to look up) is always XPath's
    assert answered if not css.split()[-1].startswith("[") else not answered


def test_index_declines_what_it_cannot_answer():
    doc = lxml.html.document_fromstring(HTML)
    index = Index(doc)
    for css in ("[id]", "div > [id]", "div + p", "p ~ p", "*", "p:first-child", ":not(.x)", "[class~='a b']", "[class^='']",
                "[alt='two words']", "[class='home  blog']"):
        assert index.select(doc, css) is None, css  # left to XPath
    other = lxml.html.fragment_fromstring("<div><p class='x'>copy</p></div>")
    assert index.select(other, ".x") is None  # not an element of the indexed tree


def test_select_uses_the_index_only_inside_indexed():
    doc = lxml.html.document_fromstring(HTML)
    outside = page.select(doc, ".x")
    with page.indexed(doc):
        inside = page.select(doc, ".x")
        assert page.select(doc, "div + p") == _xpath(doc, "div + p")
        with pytest.raises(ValueError, match="bad selector"):
            page.select(doc, "p[")
    assert [e.text for e in inside] == [e.text for e in outside] == ["One", "Two"]
    assert not getattr(page._ACTIVE, "stack", [])


@pytest.mark.parametrize("name", sorted(p.stem for p in PAGES.glob("*.html")))
def test_index_agrees_with_xpath_on_real_selector_lists(name):
    doc = page.parse((PAGES / f"{name}.html").read_bytes())
    index = Index(doc)
    lists = [css for name in dir(G) + dir(S) for value in [getattr(G, name, None) or getattr(S, name, None)]
             if name.isupper() and isinstance(value, list) for css in value if isinstance(css, str)]
    checked = 0
    for css in lists + [", ".join(lists[:40])]:
        for node in [doc] + [el for el in doc.iter("div", "article", "li")][::7]:
            found = index.select(node, css)
            if found is not None:
                assert found == _xpath(node, css), css
                checked += 1
    assert checked > 100


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
