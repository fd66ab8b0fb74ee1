"""Repairs where libxml2's HTML parse differs from a browser's: void elements it does not know, unclosed SVG/MathML."""
from __future__ import annotations

# SVG and MathML: libxml2 does not know foreign content, so an unclosed <svg onload=...> swallows the rest of the
# fragment. A browser closes it at the first of these HTML tags (the HTML5 "breakout" list) met outside an
# integration point, and shows what follows: it is moved out before the foreign element is dropped.
FOREIGN_TAGS: tuple[str, ...] = ("svg", "math")
FOREIGN_BREAKOUT_TAGS: frozenset[str] = frozenset({
    "b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt", "em", "embed", "h1", "h2",
    "h3", "h4", "h5", "h6", "head", "hr", "i", "img", "li", "listing", "menu", "meta", "nobr", "ol", "p", "pre",
    "ruby", "s", "small", "span", "strong", "strike", "sub", "sup", "table", "tt", "u", "ul", "var",
})
FOREIGN_INTEGRATION_POINTS: frozenset[str] = frozenset({"foreignobject", "desc", "title", "mi", "mo", "mn", "ms",
                                                        "mtext", "annotation-xml"})
# HTML5 void elements that libxml2 does not know: it nests the following content inside them.
MISPARSED_VOID_TAGS: tuple[str, ...] = ("embed", "source", "track", "keygen", "wbr", "bgsound", "image")


def unnest_void(el) -> None:
    """Move what libxml2 put inside a void element back after it, in order."""
    parent, children = el.getparent(), list(el)
    after, el.text = el.text or "", None
    old_tail = el.tail or ""
    for offset, child in enumerate(children, start=parent.index(el) + 1):
        parent.insert(offset, child)
    if children:
        el.tail = after
        children[-1].tail = (children[-1].tail or "") + old_tail
    else:
        el.tail = after + old_tail


def _breakout(foreign):
    """The first HTML breakout element under an <svg>/<math> outside integration points, or None."""
    stack = list(reversed(foreign))
    while stack:
        el = stack.pop()
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.lower()
        if tag in FOREIGN_BREAKOUT_TAGS:
            return el
        if tag not in FOREIGN_INTEGRATION_POINTS:
            stack.extend(reversed(el))
    return None


def unnest_foreign(foreign) -> None:
    """Move the breakout element, and everything after it inside the foreign element, to after it, in order."""
    node = _breakout(foreign)
    if node is None:
        return
    moved = [node, *node.itersiblings()]
    while node.getparent() is not foreign:
        node = node.getparent()
        if node.tail:
            moved[-1].tail = (moved[-1].tail or "") + node.tail
            node.tail = None
        moved.extend(node.itersiblings())
    parent, old_tail = foreign.getparent(), foreign.tail or ""
    foreign.tail = None
    for offset, el in enumerate(moved, start=parent.index(foreign) + 1):
        parent.insert(offset, el)
    moved[-1].tail = (moved[-1].tail or "") + old_tail


def release_foreign(elements: list) -> None:
    """Unclosed <svg>/<math> give back what a browser shows after them (elements in document order)."""
    for el in elements:
        if isinstance(el.tag, str) and el.tag.lower() in FOREIGN_TAGS and el.getparent() is not None:
            unnest_foreign(el)


def repair(elements: list) -> None:
    """Apply every repair to a fragment's elements (document order), before anything is dropped."""
    for el in elements:
        if el.tag.lower() in MISPARSED_VOID_TAGS:
            unnest_void(el)
    release_foreign(elements)
