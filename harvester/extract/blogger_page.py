"""Blogger page-level reading: the <head>, the _WidgetManager data script, blog name/home/language, page type.

Also select(): page.select with plain '#id' selectors answered from the document's id table, since a
walk over a whole Blogger page (a thousand elements and more) costs as much as parsing part of it.
"""
from __future__ import annotations

import html as html_lib
import re
from urllib.parse import urljoin, urlsplit

from . import blogger_selectors as S
from . import page

_ID_ONLY = re.compile(r"^#([\w-]+)$")


def select(node, css: str) -> list:
    """page.select, with a plain '#id' selector answered from the document's id table (no walk over the tree)."""
    m = _ID_ONLY.match(css)
    if m is None:
        return page.select(node, css)
    return [el for el in node.xpath("id($i)", i=m.group(1)) if el is node or page.inside(el, node)]


class Head:
    """What the page's <head> and Blogger's _WidgetManager data script say, read in one pass (never the whole tree)."""

    def __init__(self, doc):
        self.meta: dict[str, str] = {}
        self.links: list[tuple[str, str, str]] = []  # (rel, type, href)
        self.title: str | None = None
        head = doc.find("head")
        for el in head.iter("meta", "link", "title") if head is not None else ():
            if el.tag == "meta":
                key = el.get("property") or el.get("name") or el.get("itemprop")
                value = (el.get("content") or "").strip()
                if key and value:
                    self.meta.setdefault(key, value)
            elif el.tag == "link" and el.get("href"):
                rel, kind = (el.get("rel") or "").lower(), (el.get("type") or "").lower()
                self.links.append((rel, kind, el.get("href").strip()))
            elif self.title is None:
                self.title = page.text(el) or None
        # the _WidgetManager data script sits at the end of the body: search the scripts from the last one
        self.context = next((s.text for s in reversed(list(doc.iter("script"))) if "pageType" in (s.text or "")), "")

    def link(self, rel: str) -> str | None:
        return next((href for r, _, href in self.links if rel in r.split()), None)

    def feed(self) -> str | None:
        return next((href for r, t, href in self.links if "alternate" in r.split() and ("atom" in t or "rss" in t)),
                    None)


def page_type(doc, context: str) -> str | None:
    """Blogger's own page type: 'item', 'static_page', 'index', 'archive', 'search' or None."""
    m = S.PAGE_TYPE.search(context)
    if m:
        return m.group(1)
    body = doc.find(".//body")
    m = S.VIEW_CLASS.search(body.get("class") or "") if body is not None else None
    return m.group(1) if m else None


def _js_string(value: str) -> str:
    """A single-quoted JavaScript string literal's text (\\x27 escapes, HTML entities decoded)."""
    value = re.sub(r"\\x([0-9a-fA-F]{2})", lambda m: chr(int(m.group(1), 16)), value).replace("\\'", "'")
    return html_lib.unescape(value).strip()


def site_info(doc, url: str, head: Head | None = None) -> dict:
    """Blog name and home URL: og:site_name, the data script, else the header widget; language: html@lang or locale."""
    head = head or Head(doc)
    split = urlsplit(url)
    base = f"{split.scheme}://{split.netloc}/" if split.scheme else url
    home = S.HOMEPAGE.search(head.context)
    name = head.meta.get("og:site_name")
    if not name:
        m = S.BLOG_TITLE.search(head.context)
        name = _js_string(m.group(1)) if m else None
    header = None
    if not (home and name):  # classic templates have no data script: read the header widget
        header = page.select_first(doc, S.HEADER)
    if home and urlsplit(home.group(1)).netloc == split.netloc:
        base = home.group(1)
    elif header is not None:
        for a in page.select_all(header, S.SITE_LINK):
            href = urljoin(url, (a.get("href") or "").strip())
            if urlsplit(href).netloc == split.netloc:
                base = href
                break
    if not name and header is not None:
        el = page.select_first(header, S.SITE_NAME)
        name = page.text(el) if el is not None else None
    html = doc if doc.tag == "html" else doc.getroottree().getroot()
    lang = (html.get("lang") or html.get("xml:lang") or "").strip()
    if not lang:
        m = S.LOCALE.search(head.context)
        lang = m.group(1) if m else ""
    lang = lang.replace("_", "-")
    return {"base_url": base, "platform": "blogger", "name": name or None, "languages": [lang] if lang else []}


def _strip_blog_name(title: str, site_name: str | None) -> str:
    title = title.strip()
    if site_name:
        for sep in (": ", " | ", " - ", " – ", " — "):
            if title.startswith(site_name + sep):
                return title[len(site_name + sep):].strip()
            if title.endswith(sep + site_name):
                return title[: -len(sep + site_name)].strip()
    return title


def head_title(head: Head, site_name: str | None) -> str | None:
    """The post title the head gives (og:title, the data script's pageName, <title>) without the blog's name."""
    m = S.PAGE_NAME.search(head.context)
    title = head.meta.get("og:title") or (_js_string(m.group(2)) if m else None) or head.title
    return _strip_blog_name(title, site_name) if title else None
