"""Blogger comment markup -> nested raw comments: threaded li.comment lists, <dl id=comments-block>, counts, status."""
from __future__ import annotations

import copy
import re
from urllib.parse import parse_qs, urlsplit

from . import blogger_selectors as S
from . import page
from .blogger_page import select

# A count in a comments header ('4 comments:', 'No comments:', '1 Meinungen:'); ' Kommentare:' alone is none.
_COUNT_HINT = re.compile(r"\d|\b(?:no|one|kein|keine|aucun|aucune|ningún|nessun)\b", re.I)
_CLOSED_RE = re.compile(r"comments?\s+(?:are|is|have\s+been)\s+(?:currently\s+|now\s+)?(?:closed|disabled)|"
                        r"kommentare\s+sind\s+(?:geschlossen|deaktiviert)|commentaires\s+sont\s+fermés", re.I)
_CLOSED_CSS = ", ".join(S.COMMENTS_CLOSED)
_LEADING_AT = re.compile(r"^\s*at\s+.*?,\s*", re.I)  # classic 'At 9/27/2008 7:29 PM, Janet said...'
_CID = re.compile(r"^(?:#?c|Blog\d+_cmt-)?(\d+)$")


def _cid(value: str | None) -> str | None:
    """The numeric Blogger comment id (as the export importer gives it) from 'c123', 'Blog1_cmt-123', '#c123'."""
    m = _CID.match((value or "").strip())
    return m.group(1) if m else None


def _stamp(link) -> tuple[str | None, str | None, str | None]:
    """(shown text, epoch ms, comment id) of a comment permalink ('?showComment=<ms>#c<id>')."""
    if link is None:
        return None, None, None
    href = link.get("href") or ""
    split = urlsplit(href)
    epoch = (parse_qs(split.query).get("showComment") or [None])[0]
    shown = page.text(link) or None
    return shown, epoch if epoch and epoch.isdigit() else None, _cid(split.fragment)


def _without(node, selectors):
    clone = copy.deepcopy(node)
    for css in selectors:
        for el in page.select(clone, css):
            if el is not clone and el.getparent() is not None:
                el.drop_tree()
    return clone


def _own_first(li, selectors, need_text: bool = False):
    """First element of the first selector matching inside this comment item, not inside one of its replies."""
    for css in selectors:
        for el in page.select(li, css):
            if _owner(el) is li and (page.text(el) or not need_text):
                return el
    return None


def _empty(cid, author, url, shown, epoch, html) -> dict:
    return {"id": cid, "parent_id": None, "author_name": author, "author_url": url,
            "published_raw": shown, "published_machine": epoch, "content_html": html, "kind": None, "replies": []}


# --- Threaded (li.comment) ----------------------------------------------------------------------------


def _thread_comment(li) -> dict:
    author_el = _own_first(li, S.THREAD_AUTHOR, need_text=True)
    link = None
    if author_el is not None:
        link = author_el if author_el.tag == "a" else author_el.find(".//a[@href]")
    date_el = _own_first(li, S.THREAD_DATE)
    stamp_link = date_el if date_el is not None and date_el.tag == "a" else (
        date_el.find(".//a[@href]") if date_el is not None else None)
    shown, epoch, from_href = _stamp(stamp_link)
    if shown is None and date_el is not None:
        shown = page.text(date_el) or None
    body = _own_first(li, S.THREAD_CONTENT)
    html = page.inner_html(_without(body, ["script", ".comment-actions"])).strip() if body is not None else ""
    return _empty(_cid(li.get("id")) or from_href, page.text(author_el) if author_el is not None else None,
                  link.get("href") if link is not None else None, shown, epoch, html)


def _owner(el):
    """The li.comment an element belongs to (its nearest enclosing comment item)."""
    node = el.getparent()
    while node is not None:
        if node.tag == "li" and "comment" in page.classes(node):
            return node
        node = node.getparent()
    return None


def _threaded(area) -> list[dict]:
    items = page.select(area, S.THREAD_ITEMS)
    nodes: dict = {}
    roots: list[dict] = []
    for li in items:
        c = _thread_comment(li)
        if author_missing(c):
            continue
        nodes[li] = c
        parent = _owner(li)
        (nodes[parent]["replies"] if parent in nodes else roots).append(c)
    return roots


def author_missing(c: dict) -> bool:
    """An item with neither author nor text nor date is template scaffolding (an empty reply box), not a comment."""
    return not (c["author_name"] or c["content_html"] or c["published_raw"])


# --- <dl id=comments-block> -----------------------------------------------------------------------------


def _dl_author(dt) -> tuple[str | None, str | None]:
    """Author as shown in a dt ('Janet F said...', 'At 9:47 AM, Janet F said...') and the profile link."""
    clean = _without(dt, S.DL_AUTHOR_NOISE)
    link = next((a for a in clean.iter("a") if a.get("href") and page.text(a)), None)
    name = _LEADING_AT.sub("", page.text(clean)) or None
    return name, link.get("href") if link is not None else None


def _dl(block) -> list[dict]:
    out: list[dict] = []
    current = None
    for el in block:
        if not isinstance(el.tag, str):
            continue
        cls = page.classes(el)
        if el.tag == "dt":
            name, url = _dl_author(el)
            shown, epoch, from_href = _stamp(page.select_first(el, S.DL_DATE[:2]))
            anchor = el.find(".//a[@name]")
            cid = _cid(el.get("id")) or _cid(anchor.get("name") if anchor is not None else None) or from_href
            current = _empty(cid, name, url, shown, epoch, "")
            out.append(current)
        elif el.tag == "dd" and current is not None:
            if S.DL_BODY in cls or not (cls & set(S.DL_FOOTER)) and not current["content_html"]:
                current["content_html"] = page.inner_html(_without(el, S.DL_BODY_NOISE)).strip()
                current["id"] = current["id"] or _cid(el.get("id"))
            elif cls & set(S.DL_FOOTER) and not current["published_raw"]:
                shown, epoch, from_href = _stamp(page.select_first(el, S.DL_DATE))
                current["published_raw"], current["published_machine"] = shown, epoch
                current["id"] = current["id"] or from_href
    return out


# --- Page level ----------------------------------------------------------------------------------------


def comment_area(scope):
    for css in S.COMMENTS_AREA:
        found = select(scope, css)
        if found:
            return found[0]
    return None


_UNSET = object()


def extract_comments(scope, area=_UNSET) -> list[dict]:
    """Comments of the post shown in scope, nested as in the markup, in document order."""
    area = comment_area(scope) if area is _UNSET else area
    if area is None:
        return []
    if page.select(area, S.THREAD_ITEMS):
        return _threaded(area)
    out: list[dict] = []
    for block in page.select(area, S.DL_BLOCKS) or page.select(scope, S.DL_BLOCKS):
        out.extend(c for c in _dl(block) if not author_missing(c))
    return out


def comments_declared(scope, area=_UNSET) -> str | int | None:
    """The count header as shown ('4 comments:'), else the count the 2017+ themes put in data-num-comments."""
    area = comment_area(scope) if area is _UNSET else area
    region = area if area is not None else scope
    for css in S.COMMENTS_TITLE:
        for el in page.select(region, css):
            value = page.text(el)
            if value and _COUNT_HINT.search(value) and len(value) < 100:
                return value
    for el in page.select(region, "[data-num-comments]"):
        value = (el.get("data-num-comments") or "").strip()
        if value.isdigit():
            return int(value)
    return None


def comment_link_count(entry) -> str | None:
    """The count a listing entry shows in its comment link ('4 comments:')."""
    for css in S.COMMENT_LINK:
        for el in page.select(entry, css):
            value = page.text(el)
            if value and _COUNT_HINT.search(value) and len(value) < 60:
                return value
    return None


def comments_status(scope, area=_UNSET) -> str | None:
    """'closed' only when the page says so; 'open' when a comment form or 'Post a Comment' link is shown."""
    area = comment_area(scope) if area is _UNSET else area
    region = area if area is not None else scope
    if page.select(region, _CLOSED_CSS):
        return "closed"
    if area is not None and _CLOSED_RE.search(area.text_content()):
        return "closed"
    if any(select(region, css) for css in S.COMMENT_FORM):
        return "open"
    return None
