"""Comment threads of other CMSs (Drupal 7-10 and the like) -> nested raw comments (normalise.raw.RawComment).

Drupal prints each comment as div.comment / article.comment; the replies to it follow in a sibling
div.indented (or nest inside it). Threading is read from that markup, inside the comments area, and from a parent
link in a reply's own markup (COMMENT_PARENT_LINKS: Drupal 7 RDF sioc:reply_of, Drupal 8+ 'In reply to').

Drupal splits a long thread over ?page=N pages and restarts the indentation on each: a page that opens with a reply
whose parent is on the page before shows it inside a div.indented with no comment before it. ``comment_page()``
reports such replies (and how deep they are shown) so the spider can attach them across pages.
"""
from __future__ import annotations

from . import page
from . import generic_selectors as G
from .regions import _without


def comments_area(doc, chrome: set):
    """The element holding the reader comments, or None."""
    for css in G.COMMENTS_AREA:
        for el in page.select(doc, css):
            if el not in chrome and _items(el):
                return el
    return None


def _items(area) -> list:
    css = ", ".join(G.COMMENT_ITEMS)
    found = [el for el in page.select(area, css) if el is not area and el.tag != "form"
             and not page.select(el, "form.comment-form")]
    # outermost items only count as items; an item inside another one's own markup is its reply
    return found


def _is_reply_block(el) -> bool:
    return any(el in page.select(el.getparent(), css) for css in G.REPLY_BLOCKS) if el.getparent() is not None else False


def _first_text(node, selectors, skip: list) -> object:
    for css in selectors:
        for el in page.select(node, css):
            if any(el is s or page.inside(el, s) for s in skip):
                continue
            if page.text(el):
                return el
    return None


def _comment(el, nested: list) -> dict:
    """One comment's own fields; nested holds its reply elements (never read for its own fields)."""
    author = _first_text(el, G.COMMENT_AUTHOR, nested)
    author_link = None
    if author is not None:
        author_link = author if author.tag == "a" else author.find(".//a[@href]")
    machine, date_el = None, None
    for css, attr in G.COMMENT_DATE_MACHINE:
        for d in page.select(el, css):
            if any(page.inside(d, s) for s in nested):
                continue
            value = (d.get(attr) or "").strip()
            if value[:1].isdigit():
                machine, date_el = value, d
                break
        if machine:
            break
    shown = _first_text(el, G.COMMENT_DATE_TEXT, nested)
    raw = page.text(shown) if shown is not None else None
    body = _first_text(el, G.COMMENT_BODY, nested)
    html = None
    if body is not None:
        html = page.inner_html(_without(body, G.COMMENT_BODY_NOISE))
    parent = None
    for css, attr in G.COMMENT_PARENT_LINKS:
        for link in page.select(el, css):
            ref = G.COMMENT_REF_RE.search(link.get(attr) or "")
            if ref and not any(page.inside(link, s) for s in nested):
                parent = f"comment-{ref.group(1)}"
                break
        if parent:
            break
    cid = el.get("id")
    if not cid:
        prev = el.getprevious()
        if prev is not None and prev.tag == "a" and (prev.get("id") or "").startswith("comment-"):
            cid = prev.get("id")
    named = {"parent_id": parent} if parent else {}
    return {"id": cid, **named, "author_name": page.text(author) if author is not None else None,
            "author_url": author_link.get("href") if author_link is not None else None,
            "published_raw": raw if raw and any(ch.isdigit() for ch in raw) and len(raw) < 120 else None,
            "published_machine": machine, "content_html": html, "replies": []}


def _thread(container, items: set, found: dict | None = None) -> list[dict]:
    """Comments directly under container (not under another comment), replies attached from markup; found maps
    id(record) -> element of every comment read."""
    found = {} if found is None else found
    out: list[dict] = []
    last = None
    for child in container.iterchildren():
        if not isinstance(child.tag, str):
            continue
        if child in items:
            nested = [i for i in items if page.inside(i, child)]
            record = _comment(child, nested)
            found[id(record)] = child
            record["replies"] = _thread_inside(child, items, found)
            out.append(record)
            last = record
        elif _is_reply_block(child) and last is not None:
            last["replies"].extend(_thread(child, items, found))
        elif child.tag not in ("form",):
            sub = _thread(child, items, found)
            if sub:
                # a wrapper (div.comment-list, ol) around comments of this same level
                out.extend(sub)
                last = sub[-1]
    return out


def _thread_inside(el, items: set, found: dict) -> list[dict]:
    """Replies nested inside a comment's own element (reply blocks within it)."""
    replies: list[dict] = []
    for css in G.REPLY_BLOCKS:
        for block in page.select(el, css):
            if block is el:
                continue
            # only blocks belonging to this comment, not to a nested one
            owner = next((a for a in page.ancestors(block) if a in items), None)
            if owner is el:
                replies.extend(_thread(block, items, found))
    return replies


def comment_thread(doc, chrome: set) -> tuple[list[dict], list[tuple[dict, int]]]:
    """(the comments of the page as a tree, [(top-level comment, depth shown)] of those shown inside reply blocks
    with no comment before them: replies whose parent is on an earlier comment page)."""
    area = comments_area(doc, chrome)
    if area is None:
        return [], []
    items = set(_items(area))
    found: dict = {}
    tree = _thread(area, items, found)
    blocks = set(page.select(area, ", ".join(G.REPLY_BLOCKS)))
    continued = []
    for record in tree:
        depth = sum(1 for a in page.ancestors(found[id(record)]) if a in blocks)
        if depth:
            continued.append((record, depth))
    return tree, continued


def extract_comments(doc, chrome: set) -> list[dict]:
    return comment_thread(doc, chrome)[0]


def comment_page(body: bytes, url: str, headers: dict | None = None) -> tuple[list[dict], list[tuple[dict, int]]]:
    """comment_thread() of one fetched comment page (a later ?page=N of a post)."""
    from .generic import _chrome   # generic imports this module
    doc = page.parse(body, headers)
    if doc is None or doc.find(".//body") is None:
        return [], []
    return comment_thread(doc, _chrome(doc))


def comments_declared(doc, chrome: set) -> str | None:
    """The comment count the page announces ('10 Kommentare'), as shown."""
    for css in G.COMMENT_COUNT:
        for el in page.select(doc, css):
            if el in chrome:
                continue
            value = page.text(el)
            if value and any(ch.isdigit() for ch in value) and len(value) < 60:
                return value
    return None
