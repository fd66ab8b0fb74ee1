"""Blogger pages -> raw post records: one per post page, several for home/archive/search listings (lxml only).

Everything is read inside the Blog widget (div.widget.Blog), so gadgets, the navbar and a Wayback
Machine toolbar never leak into a post. The daily date header ('Saturday, September 27, 2008') is
written above the first post of each day only: every post takes the nearest header before it,
joined to the time its footer shows ('10:15 AM'), while abbr.published / time.published give the
machine-readable instant.
"""
from __future__ import annotations

import copy
from contextlib import contextmanager
import logging
import re
from urllib.parse import urljoin

from . import blogger_selectors as S
from . import page
from .blogger_comments import comment_area, comment_link_count, comments_declared, comments_status, extract_comments
from .blogger_page import Head, head_title, page_type, select, site_info

__all__ = ["extract", "extract_comments", "site_info"]

log = logging.getLogger(__name__)

# --- Page ------------------------------------------------------------------------------------------


def _chrome(doc) -> set:
    found: set = set()
    for css in S.CHROME:
        found.update(page.select(doc, css))
    return {el for el in found if not any(page.select(el, css) for css in S.ENTRIES[:5])}


def _outside(els: list, avoid: list) -> list:
    return [el for el in els if not any(el is a or page.inside(el, a) for a in avoid)]


def _outermost(els: list) -> list:
    return [e for e in els if not any(o is not e and page.inside(e, o) for o in els)]


def blog_widget(doc) -> tuple:
    """The element holding the posts (and, on a post page, its comments), its comment regions and its entries."""
    for css in S.BLOG_WIDGET:
        for el in select(doc, css):
            regions = comment_regions(el)
            found = entries(el, regions=regions)
            if found:
                return el, regions, found
    return None, [], []


def comment_regions(scope) -> list:
    """Comment areas (#comments, .comments) under scope: post fields are never read inside them."""
    return _outermost(page.select(scope, S.COMMENT_REGIONS))


def entries(scope, chrome: set | None = None, regions: list | None = None) -> list:
    regions = comment_regions(scope) if regions is None else regions
    for css in S.ENTRIES:
        found = page.select(scope, css)
        if chrome:
            found = [e for e in found if e not in chrome and not any(a in chrome for a in page.ancestors(e))]
        found = _outermost(_outside(found, regions))
        if found:
            return found
    return []


# --- One post ------------------------------------------------------------------------------------------


def _pick(scope, selectors, avoid: list, need_text: bool = True):
    for css in selectors:
        for el in _outside(page.select(scope, css), avoid):
            if need_text and not page.text(el):
                continue
            if _hidden(el, scope):
                continue
            return el
    return None


def _hidden(el, stop) -> bool:
    node = el
    while node is not None and node is not stop:
        if S.HIDDEN.search(node.get("style") or ""):
            return True
        node = node.getparent()
    return False


def _content_element(entry, avoid: list):
    for css in S.CONTENT:
        found = _outermost(_outside(page.select(entry, css), avoid))
        if len(found) > 1:  # the longest is the post (a template may repeat the class on a teaser)
            return max(found, key=lambda e: len(e.text_content()))
        if found:
            return found[0]
    return None


_NOISE = ", ".join(S.CONTENT_NOISE)


def _without_noise(el):
    """A copy of el without CONTENT_NOISE (one union query, tails kept)."""
    clone = copy.deepcopy(el)
    for junk in page.select(clone, _NOISE):
        if junk is not clone and junk.getparent() is not None:
            junk.drop_tree()
    return clone


def _clean_body(el):
    """A copy of the body without template furniture; a body served only in <noscript> (Google corporate
    template: the visible copy is a JavaScript template) is unwrapped, any other <noscript> dropped."""
    clone = _without_noise(el)
    hidden = list(clone.iter("noscript"))
    shown = len(clone.text_content().strip()) > sum(len(ns.text_content().strip()) for ns in hidden)
    unwrap = not shown and not any(clone.iter("img", "iframe", "video", "table"))
    for ns in hidden:
        if unwrap:
            ns.drop_tag()
        else:
            ns.drop_tree()
    return clone


def _byline_names(body) -> list[str]:
    """Names in a 'Posted by A, B and C - Team' credit at the top of the body."""
    el = page.select_first(body, S.BODY_BYLINE)
    candidates = [el] if el is not None else []
    candidates += [c for c in body if isinstance(c.tag, str)][:2]
    for node in candidates:
        m = S.BODY_CREDIT.match(page.text(node))
        if not m or len(m.group(1)) > 150:
            continue
        credit = re.split(r"\s+[-–—|]\s+|\n", m.group(1))[0]
        if re.search(r"\s(?:and|&)\s", credit):
            parts = re.split(r",\s*(?:and\s+)?|\s+(?:and|&)\s+", credit)
        else:
            parts = credit.split(",")[:1]
        names = [p.strip(" .,;:") for p in parts]
        return [n for n in names if n and len(n.split()) <= 5 and not S.ROLE.search(n)]
    return []


def _author(region, avoid: list) -> dict | None:
    shown = _pick(region, S.AUTHOR, avoid)
    if shown is None:
        return None
    a = shown if shown.tag == "a" else shown.find(".//a[@href]")
    if a is None:
        a = next((p for p in page.ancestors(shown) if p.tag == "a"), None)
    href = (a.get("href") or "").strip() if a is not None else ""
    return {"name": page.text(shown), "url": href if href and not href.startswith("#") else None}


def _classic_byline(entry) -> dict | None:
    """'posted by Janet at 10:15 AM' in the footer of pre-2006 templates."""
    for css in S.CLASSIC_FOOTER:
        for el in page.select(entry, css):
            m = S.CLASSIC_BYLINE.search(page.text(el))
            if m:
                return {"name": m.group(1), "url": None}
    return None


def _date_header(entry, widget) -> str | None:
    inner = page.select(entry, S.DATE_HEADER)
    if inner:
        return page.text(inner[0]) or None
    for h in entry.xpath("preceding::*[contains(concat(' ', normalize-space(@class), ' '), ' date-header ')][1]"):
        if widget is None or page.inside(h, widget):
            return page.text(h) or None
    return None


def _machine_date(entry, selectors) -> str | None:
    for css, attr in selectors:
        for el in page.select(entry, css):
            value = (el.get(attr) or "").strip()
            if value[:1].isdigit() and (selectors is not S.UPDATED_MACHINE or "published" not in page.classes(el)):
                return value
    return None


def _shown_date(entry) -> str:
    """The date or time text next to the post ('at 10:15 AM' -> '10:15 AM'), or ''."""
    el = _pick(entry, S.PUBLISHED_TEXT, [])
    shown = S.LEAD_WORD.sub("", page.text(el)) if el is not None else ""
    return shown if S.DATE_HINT.search(shown) and len(shown) <= 80 else ""


def _body_date(content_el, avoid: list) -> str:
    """A dated permalink that a custom template writes inside post-body ('Mai 03, 2017'), or ''."""
    for css in S.PUBLISHED_TEXT:
        for e in _outside(page.select(content_el, css), avoid):
            value = page.text(e)
            if S.DATE_TEXT.search(value) and len(value) < 60:
                return value
    return ""


def _published_raw(header: str | None, shown: str) -> str | None:
    """The day header joined to a bare time ('Saturday, September 27, 2008 10:15 AM'); else whichever is shown."""
    if header:
        return f"{header} {shown}" if shown and S.TIME_ONLY.match(shown) else header
    return shown or None


@contextmanager
def _set_aside(elements: list):
    """Take elements out of the tree for a while (empty placeholders stand in), so that selectors do not walk them."""
    swaps = []
    for el in elements:
        parent = el.getparent()
        if parent is not None:
            holder = el.makeelement("span", {})
            parent.replace(el, holder)
            swaps.append((parent, holder, el))
    try:
        yield
    finally:
        for parent, holder, el in reversed(swaps):
            parent.replace(holder, el)


def _permalink(entry, url: str) -> str | None:
    """The post's own link: in its title, its timestamp, or a link wrapped round the title (mobile index)."""
    links = [a for css in S.PERMALINK for a in page.select(entry, css)] + entry.xpath(S.TITLE_WRAPPER_LINK)
    for a in links:
        href = (a.get("href") or "").strip()
        if href and not href.startswith(("#", "javascript:")):
            return urljoin(url, href)
    return None


def _post_id(entry) -> str | None:
    for css, attr, pattern in S.POST_ID:
        for el in page.select(entry, css):
            m = re.search(pattern, (el.get(attr) or "").strip())
            if m:
                return m.group(1)
    return None


def _is_teaser(entry, content_el) -> bool:
    if page.select_first(entry, S.TEASER) is not None:
        return True
    region = content_el if content_el is not None else entry
    return any(S.MORE_TEXT.match(page.text(a)) for a in region.iter("a") if a.get("href"))


def _labels(entry, avoid: list) -> list[str]:
    for css in S.LABELS:
        found = [page.text(a) for a in _outside(page.select(entry, css), avoid) if page.text(a)]
        if found:
            return list(dict.fromkeys(found))
    return []


def post_fields(entry, widget, url: str, regions: list | None = None) -> dict:
    """Title, authors, dates, labels and body of one post element (never read inside the comment regions).

    Metadata is read with the body and the comments set aside (the selectors walk only the post's header and
    footer); custom templates that write the date, byline or labels inside post-body are read there after.
    """
    regions = comment_regions(entry) if regions is None else regions
    avoid = [r for r in regions if page.inside(r, entry)]
    content_el = _content_element(entry, avoid)
    with _set_aside(avoid + ([content_el] if content_el is not None else [])):
        title_el = _pick(entry, S.TITLE, [])
        title = page.text(title_el) if title_el is not None else None
        author = _author(entry, [])
        labels = _labels(entry, [])
        machine, shown = _machine_date(entry, S.PUBLISHED_MACHINE), _shown_date(entry)
        updated = _machine_date(entry, S.UPDATED_MACHINE)
        header = _date_header(entry, widget)
        classic = _classic_byline(entry) if author is None else None
        post_id, permalink = _post_id(entry), _permalink(entry, url)
    body = _clean_body(content_el) if content_el is not None else None
    if content_el is not None:  # custom templates write these inside post-body
        author = author or _author(content_el, avoid)
        labels = labels or _labels(content_el, avoid)
        shown = shown or _body_date(content_el, avoid)
    authors = [{"name": n, "url": None} for n in _byline_names(body)] if body is not None else []
    if author:
        authors.append(author)
    elif classic and not authors:
        authors.append(classic)
    fields = {"title": title, "authors": authors, "categories": labels,
              "content_html": page.inner_html(body) if body is not None else None,
              "published_raw": _published_raw(header, shown), "published_machine": machine,
              "post_id": post_id or (_post_id(content_el) if content_el is not None else None),
              "canonical_url": permalink}
    if updated:
        fields["updated_machine"] = updated
    return fields


# --- Records ---------------------------------------------------------------------------------------------


def _metadata_only(url: str, site: dict, head: Head) -> dict:
    """A page whose posts are rendered by JavaScript (Dynamic Views): what the head says, and a note in the log."""
    log.info("%s: no post body in the HTML (Dynamic Views renders it with JavaScript); the feed is needed: %s",
             url, head.feed() or "(no feed link)")
    canonical = head.link("canonical") or head.meta.get("og:url")
    return {"url": url, "site": site, "canonical_url": urljoin(url, canonical) if canonical else None,
            "title": head_title(head, site["name"]), "language": site["languages"][0] if site["languages"] else None,
            "is_excerpt": False, "published_machine": head.meta.get("article:published_time")}


def extract(doc, url: str) -> list[dict]:
    """Raw records (without provenance) for every post on a Blogger page."""
    head = Head(doc)
    site = site_info(doc, url, head)
    language = site["languages"][0] if site["languages"] else None
    widget, regions, found = blog_widget(doc)
    body = doc.find("body")
    scope = widget if widget is not None else (body if body is not None else doc)
    if widget is None:
        regions = comment_regions(scope)
        found = entries(scope, _chrome(doc), regions)
    if not found:
        return [_metadata_only(url, site, head)]
    kind = page_type(doc, head.context)
    listing = kind in ("index", "archive", "search") or len(found) > 1
    records = []
    for entry in found:
        fields = post_fields(entry, widget, url, regions)
        record = {"url": url, "site": site, "post_type": "page" if kind == "static_page" else "post",
                  "language": language, **fields}
        if listing:
            record.update(is_excerpt=_is_teaser(entry, _content_element(entry, [])),
                          comments=extract_comments(entry) if page.select(entry, S.THREAD_ITEMS) else [],
                          comments_declared=comment_link_count(entry))
        else:
            area = comment_area(scope)
            canonical = head.link("canonical") or head.meta.get("og:url") or record["canonical_url"]
            record.update(canonical_url=urljoin(url, canonical) if canonical else None, is_excerpt=False,
                          comments=extract_comments(scope, area),
                          comments_declared=comments_declared(scope, area) or comment_link_count(entry),
                          comments_status=comments_status(scope, area))
        if not record["title"] and not listing:
            record["title"] = head_title(head, site["name"])
        records.append(record)
    return records
