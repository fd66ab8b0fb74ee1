"""libxml2 parse repairs: void elements it does not know, and unclosed SVG/MathML that would swallow what follows."""
from __future__ import annotations

import lxml.html
import pytest

from normalise.html import sanitise, to_text
from normalise.repair import repair

BASE = "https://charity.example.org/blog/post.html"


def _repaired(fragment: str) -> str:
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    repair(list(root.iter(lxml.etree.Element))[1:])
    return lxml.html.tostring(root, encoding="unicode")


@pytest.mark.parametrize("fragment, expected", [
    # the classic payload left open: a browser closes the <svg> at the <p> and shows the paragraph
    ("<svg onload=alert(1)><p>After.</p>", '<div><svg onload="alert(1)"></svg><p>After.</p></div>'),
    ("<math><mi>x</mi><p>After.</p>tail", "<div><math><mi>x</mi></math><p>After.</p>tail</div>"),
    # what follows the breakout at every depth comes out, in order, ancestors' tails included
    ("<svg><g><circle></circle>svg text<p>A</p>t<div>B</div></g>g tail<b>C</b>",
     "<div><svg><g><circle></circle>svg text</g></svg><p>A</p>t<div>B</div>g tail<b>C</b></div>"),
    # HTML inside an integration point (foreignObject, mtext) belongs to the foreign element
    ("<svg><foreignObject><p>inside</p></foreignObject></svg><p>out</p>",
     "<div><svg><foreignobject><p>inside</p></foreignobject></svg><p>out</p></div>"),
    ("<math><mtext><p>inside</p></mtext></math>", "<div><math><mtext><p>inside</p></mtext></math></div>"),
    ("<svg><svg><p>deep</p></svg></svg>after", "<div><svg><svg></svg></svg><p>deep</p>after</div>"),
])
def test_unclosed_foreign_content_releases_what_follows(fragment, expected):
    assert _repaired(fragment) == expected


def test_regression_unclosed_svg_payload_no_longer_eats_the_comment():
    # Found by tests/test_hostile.py: '<svg onload=alert(1)>' left open dropped every paragraph after it.
    body = "<p>Before.</p><svg onload=alert(1)><p>After the payload.</p><p>Second.</p>"
    assert to_text(body) == "Before.\n\nAfter the payload.\n\nSecond."
    assert sanitise(body, BASE) == "<p>Before.</p><p>After the payload.</p><p>Second.</p>"


def test_void_elements_unnested():
    assert _repaired("<p>a<embed src=x>b<i>c</i></p>") == '<div><p>a<embed src="x"></embed>b<i>c</i></p></div>'  # libxml2 had put b<i>c</i> inside


def test_page_parse_releases_comments_after_an_unclosed_svg_in_a_post():
    # Found by tests/test_hostile_crawl.py: the extractor's page tree put the comment list inside the post's <svg>
    from harvester.extract import page

    doc = page.parse("<html><body><div class='entry-content'><p>Post.</p><svg onload=alert(1)><p>After.</p></div>"
                     "<ol class='comment-list'><li>A comment.</li></ol></body></html>")
    (comment_list,) = doc.xpath("//ol")
    assert [a.tag for a in comment_list.iterancestors()] == ["body", "html"]
    assert doc.xpath("//svg")[0].getparent().get("class") == "entry-content"
