"""WordPress comment lists -> nested raw comments (classic, block theme, Thesis, Epoch), counts, status, pagination."""
from __future__ import annotations

import copy
import re
from urllib.parse import urljoin

from . import page
from . import wordpress_selectors as S
from .regions import _DATE_HINT, _bare_date, _visible, _without, select_any


_COMMENT_COUNT_HINT = re.compile(r"\d|\b(?:one|no|ein|eine|einen|keine|un|une)\b", re.I)


_CLOSED_RE = re.compile(r"comments? (?:are|is) (?:currently )?closed|kommentare sind geschlossen|"
                        r"commentaires sont fermés", re.I)


# --- Small helpers ---------------------------------------------------------------------------------


_KIND_RE = re.compile(r"^\s*(pingback|trackback)\b", re.I)


def _is_item(el, items: set) -> bool:
    return el in items


def _comment_parent(el, items: set, area):
    """Nearest enclosing comment; for themes that close </li> before <ul class=children>, the item before the list."""
    node = el.getparent()
    while node is not None and node is not area:
        if node in items:
            return node
        if "children" in page.classes(node):
            prev = node.getprevious()
            while prev is not None and not isinstance(prev.tag, str):
                prev = prev.getprevious()
            if prev is not None and prev in items and node.getparent() is not None and node.getparent() not in items:
                return prev
        node = node.getparent()
    return None


def _own_part(el, items: set):
    """A copy of a comment without its replies (nested comment items and reply lists)."""
    clone = copy.deepcopy(el)
    originals = list(el.iter())
    copies = list(clone.iter())
    for orig, cop in zip(originals, copies):
        if cop is clone:
            continue
        if orig in items or ("children" in page.classes(orig) and orig.tag in ("ul", "ol", "div")) or \
                "epoch-child" in page.classes(orig):
            if cop.getparent() is not None:
                cop.drop_tree()
    return clone


_AUTHOR_NOISE_CSS = ", ".join(S.COMMENT_AUTHOR_NOISE)


def _first_with_text(node, selectors):
    for css in selectors:
        for el in page.select(node, css):
            if _author_text(el):
                return el
    return None


def _author_text(el) -> str:
    """Author name of an element, leaving out dates, permalinks and separators that share it."""
    if not page.select(el, _AUTHOR_NOISE_CSS):
        return page.text(el)
    clone = _without(el, S.COMMENT_AUTHOR_NOISE)
    return page.text(clone).strip(" ·|,")


def _kind(el, own) -> str | None:
    cls = page.classes(el)
    if "pingback" in cls:
        return "pingback"
    if "trackback" in cls:
        return "trackback"
    parent = el.getparent()
    if parent is not None:
        pid, pcls = parent.get("id") or "", page.classes(parent)
        if "trackback" in pid or "trackback" in " ".join(pcls):
            return "trackback"
        if "ping-list" in pcls or "pingback" in pid or "pingback" in " ".join(pcls):
            return "pingback"
    m = _KIND_RE.match(page.text(own))
    return m.group(1).lower() if m else None


def _comment(el, items: set) -> dict:
    own = _own_part(el, items)
    kind = _kind(el, own)
    author_el = _first_with_text(own, S.COMMENT_AUTHOR)
    if kind in ("pingback", "trackback") and (author_el is None or not page.text(author_el)):
        author_el = next((a for a in own.iter("a") if page.text(a) and "edit" not in page.classes(a)
                          and "comment-edit-link" not in page.classes(a)), None)
    author_name = _author_text(author_el) if author_el is not None else None
    link = None
    if author_el is not None:
        link = author_el if author_el.tag == "a" else author_el.find(".//a[@href]")
    machine = None
    for css, attr in S.COMMENT_DATE_MACHINE:
        for t in page.select(own, css):
            value = (t.get(attr) or "").strip()
            if value and re.match(r"^\d{4}-\d\d-\d\d", value):
                machine = value
                break
        if machine:
            break
    date_el = page.select_first(own, S.COMMENT_DATE_TEXT)
    raw_date = page.text(date_el) if date_el is not None else None
    if raw_date and not _DATE_HINT.search(raw_date):
        raw_date = None
    body = page.select_first(own, S.COMMENT_CONTENT)
    if el.tag == "dt":  # Thesis: <dt> author + date, <dd> text
        nxt = el.getnext()
        body = nxt if nxt is not None and nxt.tag == "dd" else body
    if body is None:
        holder = page.select_first(own, [".comment-body", "article", ".comment-wrap", ".extra-wrap"])
        holder = own if holder is None else holder
        body = _without(holder, S.COMMENT_NOISE)
        if raw_date is None:
            raw_date = _bare_date(holder)
    else:
        body = _without(body, [".comment-likes", ".pmcc-comments-report-link", ".wprm-comment-rating", "script", "style"])
    cid = el.get("id") or (el.get("data-comment-id") and f"comment-{el.get('data-comment-id')}")
    return {"id": cid, "parent_id": None, "author_name": author_name,
            "author_url": link.get("href") if link is not None else None,
            "published_raw": raw_date, "published_machine": machine, "content_html": page.inner_html(body).strip(),
            "kind": kind, "replies": []}


def comment_area(doc):
    for css in S.COMMENTS_AREA:
        for el in page.select(doc, css):
            if page.select(el, S.COMMENT_ITEMS):
                return el
    return None


def comment_lists(doc, chrome: set) -> list:
    """Outermost comment lists and areas holding comment items (a separate ping list included), in page order."""
    candidates = _visible(select_any(doc, S.COMMENTS_AREA + S.COMMENT_LISTS), chrome)  # page order, once each
    items = set(page.select(doc, S.COMMENT_ITEMS))
    holders = {a for item in items for a in page.ancestors(item)}
    regions = [el for el in candidates if el in holders or el in items]
    return [r for r in regions if not any(o is not r and page.inside(r, o) for o in regions)]


def extract_comments(doc, chrome: set) -> list[dict]:
    """Comments as a nested raw tree (replies under their parent), pingbacks and trackbacks included."""
    regions = comment_lists(doc, chrome)
    if not regions:
        return []
    area = None
    found = [el for region in regions for el in _visible(page.select(region, S.COMMENT_ITEMS), chrome)]
    # an area that matched as '.comments' inside a bigger one still holds only real comment items
    items = set(found)
    nodes: dict = {}
    roots: list[dict] = []
    for el in found:
        c = _comment(el, items)
        nodes[el] = c
        parent = _comment_parent(el, items, area)
        if parent is not None and parent in nodes:
            nodes[parent]["replies"].append(c)
        else:
            roots.append(c)
    return roots


def comments_declared(doc, chrome: set) -> str | None:
    for css in S.COMMENTS_TITLE:
        for el in _visible(page.select(doc, css), chrome):
            value = page.text(el)
            if value and _COMMENT_COUNT_HINT.search(value) and len(value) < 300:
                return value
    return None


def comments_status(doc, chrome: set) -> str | None:
    for css in S.COMMENTS_CLOSED:
        if _visible(page.select(doc, css), chrome):
            return "closed"
    area = comment_area(doc)
    for region in [area] if area is not None else []:
        if _CLOSED_RE.search(page.text(region)):
            return "closed"
    if any(_visible(page.select(doc, css), chrome) for css in S.COMMENT_FORM):
        return "open"
    return None


def comment_pages(doc_or_body, url: str) -> list[str]:
    """Absolute URLs of the other comment pages linked from a post page (paginated comments)."""
    doc = doc_or_body if hasattr(doc_or_body, "xpath") else page.parse(doc_or_body)
    if doc is None:
        return []
    out: list[str] = []
    for css in S.COMMENT_PAGE_LINKS:
        for a in page.select(doc, css):
            href = (a.get("href") or "").strip()
            if not href or href.startswith(("#", "javascript:")):
                continue
            absolute = urljoin(url, href).split("#")[0]
            if absolute and absolute.rstrip("/") != url.split("#")[0].rstrip("/") and absolute not in out:
                out.append(absolute)
    return out


# --- Site -------------------------------------------------------------------------------------------


