"""Page regions shared by the extractors: chrome-aware selection, the densest prose block, body fragment clean-up."""
from __future__ import annotations

import copy
import re
from functools import lru_cache

from . import page
from . import wordpress_selectors as S

# A selector that is only a tag, a class, an id, or a tag with one class or id: matched in Python.
_SIMPLE_CSS = re.compile(r"^(?P<tag>[a-z][a-z0-9]*)?(?:\.(?P<cls>-?[_a-zA-Z][\w-]*)|#(?P<id>-?[_a-zA-Z][\w-]*))?$")
_CLASS_SEP = re.compile(r"[ \t\n\r\f]+")


@lru_cache(maxsize=None)
def _split_selectors(selectors: tuple[str, ...]) -> tuple[frozenset, frozenset, frozenset, tuple[str, ...]]:
    """(tags, (tag|None, class) pairs, (tag|None, id) pairs, other selectors) of a selector list."""
    tags, classes, ids, rest = set(), set(), set(), []
    for css in selectors:
        m = _SIMPLE_CSS.match(css.strip())
        if not m or not any(m.groups()):
            rest.append(css)
        elif m["cls"]:
            classes.add((m["tag"], m["cls"]))
        elif m["id"]:
            ids.add((m["tag"], m["id"]))
        else:
            tags.add(m["tag"])
    return frozenset(tags), frozenset(classes), frozenset(ids), tuple(rest)


def select_any(node, selectors) -> list:
    """page.select_any in one walk of the tree: the same elements, in document order, once each.

    XPath evaluates every selector of a union by its own pass over the tree, reading @class again each
    time; a page's chrome list is some thirty selectors. Simple selectors (tag, .class, #id, tag.class)
    are matched here while walking once; only the others go to XPath."""
    selectors = tuple(selectors)
    found = page.indexed_select_any(node, selectors) if selectors else []
    if found is not None:  # node is in the page being extracted: its index answers
        return found
    tags, classes, ids, rest = _split_selectors(selectors)
    others = set(page.select_any(node, rest)) if rest else set()
    class_names = {c for _, c in classes}
    out = []
    for el in node.iter():
        tag = el.tag
        if not isinstance(tag, str):
            continue
        if el in others or tag in tags:
            out.append(el)
            continue
        cls = el.get("class")
        if cls and class_names:
            found = class_names.intersection(cls.split() if cls.isascii() else _CLASS_SEP.split(cls))
            if found and any((t is None or t == tag) and c in found for t, c in classes):
                out.append(el)
                continue
        ident = el.get("id")
        if ident is not None and ids and ((None, ident) in ids or (tag, ident) in ids):
            out.append(el)
    return out


def _visible(els: list, chrome: set) -> list:
    """Elements not inside page chrome (sidebars, menus, widgets, related posts)."""
    return [el for el in els if el not in chrome and not any(a in chrome for a in page.ancestors(el))]


def _first(node, selectors, chrome: set, skip=None, need_text: bool = False):
    """First element of the first selector that matches outside chrome (and outside skip; with text if asked)."""
    for css in selectors:
        for el in _visible(page.select(node, css), chrome):
            if skip is not None and (el is skip or page.inside(el, skip)):
                continue
            if need_text and not page.text(el):
                continue
            return el
    return None


def _attr_first(node, pairs, chrome: set, avoid: list | None = None) -> tuple[str | None, object]:
    for css, attr in pairs:
        for el in _visible(page.select(node, css), chrome):
            if avoid and any(page.inside(el, a) for a in avoid):
                continue
            value = (el.get(attr) or "").strip()
            if value and _DATE_HINT.search(value):
                return value, el
    return None, None


def _without(node, selectors) -> object:
    """A copy of node with every element matching selectors removed (tails kept)."""
    clone = copy.deepcopy(node)
    for el in select_any(clone, selectors):
        if el is clone or el.getparent() is None:
            continue
        el.drop_tree()
    return clone


def _cut_after_markers(node) -> None:
    for css in S.CONTENT_END_MARKERS:
        for marker in page.select(node, css):
            parent = marker.getparent()
            if parent is None:
                continue
            drop = False
            for child in list(parent):
                if child is marker:
                    drop = True
                if drop:
                    child.drop_tree()


# --- The main post ---------------------------------------------------------------------------------


def _paragraph_sizes(root, skip: set) -> dict:
    """Text length in <p>/<pre>/<li> under each element, computed bottom-up once; skipped subtrees count 0."""
    sizes: dict = {}
    for el in reversed(list(root.iter())):
        if not isinstance(el.tag, str) or el in skip:
            sizes[el] = 0
            continue
        own = len(page.text(el.text or "")) if el.tag in ("p", "pre", "li", "blockquote", "dd") else 0
        sizes[el] = own + sum(sizes.get(c, 0) + (len((c.tail or "").strip()) if el.tag in ("p", "dd") else 0)
                              for c in el)
    return sizes


# Share of the page's paragraph text a post container must hold to count as the main post.


MAIN_POST_SHARE = 0.3
# Share of the post container's paragraph text a body selector's match must hold to be the body.


CONTENT_SHARE = 0.3


_CONTAINER_TAGS = {"div", "section", "article", "main", "td", "tr", "tbody", "table", "center", "font", "span"}


def densest(root, skip: set, share: float = 0.8):
    """The deepest element that still holds `share` of the paragraph text under root (readability-style)."""
    if root.tag == "html" and root.find("body") is not None:
        root = root.find("body")
    sizes = _paragraph_sizes(root, skip)
    node = root
    while True:
        total = sizes.get(node, 0)
        if total == 0:
            return node
        best = max((c for c in node if c.tag in _CONTAINER_TAGS), key=lambda c: sizes.get(c, 0), default=None)
        if best is None or sizes.get(best, 0) < share * total:
            return node
        node = best


_DATE_HINT = re.compile(r"\d{1,4}")


_BARE_DATE_RE = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?\.?\s+[^\W\d_]{3,12}\.?,?\s+\d{4}\b|"
                           r"\b[^\W\d_]{3,12}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b|"
                           r"\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b|\b\d{4}-\d\d-\d\d\b")


def _bare_date(holder, stop=None, avoid: set | None = None) -> str | None:
    """A date written as a bare text node (no element of its own) before the body's first paragraph."""
    for node in holder.iter():
        if not isinstance(node.tag, str):
            continue
        if stop is not None and node.tag == "p" and (node is stop or page.inside(node, stop)):
            return None
        if node.tag in ("p", "script", "style") or (avoid and node in avoid):
            continue
        if avoid and any(a in avoid for a in page.ancestors(node)):
            continue
        for value in (node.text, node.tail):
            if value:
                m = _BARE_DATE_RE.search(value)
                if m:
                    return m.group(0).strip()
    return None


def _merge_siblings(el, matches: list):
    """A body split into several sibling blocks of one class (section by section) is their parent."""
    siblings = [m for m in matches if m is not el and m.getparent() is el.getparent()]
    if siblings and el.getparent() is not None and sum(len(page.text(m)) for m in siblings) > len(page.text(el)):
        return el.getparent()
    return el


def content_html(el, title_el=None) -> str:
    """The body fragment: noise removed; when the body element also holds the title, the title and what precedes it
    (the entry header with its byline) are cut too."""
    clone = _without(el, S.CONTENT_NOISE)
    if title_el is not None and page.inside(title_el, el):
        path = el.getroottree().getpath(title_el)[len(el.getroottree().getpath(el)):]
        found = clone.xpath("." + path) if path else []
        if found:
            _drop_through(clone, found[0])
    _cut_after_markers(clone)
    return page.inner_html(clone)


_META_CLASS = re.compile(r"meta|head|byline|date|info|posted|author", re.I)


def _drop_through(root, title) -> None:
    """Remove the title, everything before it, and an entry-meta block right after it."""
    node = title
    while node is not None and node is not root:
        parent = node.getparent()
        for sib in list(parent):
            if sib is node:
                break
            if isinstance(sib.tag, str):
                sib.drop_tree()
        node = parent
    nxt = title.getnext()
    title.drop_tree()
    if nxt is not None and _META_CLASS.search(nxt.get("class") or ""):
        nxt.drop_tree()


