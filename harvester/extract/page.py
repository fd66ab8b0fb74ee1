"""Shared page helpers: bytes -> lxml tree with charset handling, CSS selectors compiled once, JSON-LD, meta."""
from __future__ import annotations

import json
import logging
import re
import threading
from contextlib import contextmanager
from functools import lru_cache
from typing import Iterable, Iterator

import lxml.etree
import lxml.html
from cssselect import HTMLTranslator, SelectorError

from normalise.repair import release_foreign

from .css_index import Index

log = logging.getLogger(__name__)

_PARSER = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, recover=True)
_TRANSLATOR = HTMLTranslator()
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)
_WS = re.compile(r"\s+")
# How much of the head to search for a <meta charset>.
CHARSET_SNIFF_BYTES = 4096


def header(headers: dict[str, str] | None, name: str) -> str:
    """A response header, case-insensitively, or ''."""
    for key, value in (headers or {}).items():
        if key.lower() == name.lower():
            return value if isinstance(value, str) else str(value)
    return ""


def declared_charset(body: bytes, headers: dict[str, str] | None = None) -> str | None:
    """The charset the Content-Type header or the page's <meta> declares, or None."""
    found = _HEADER_CHARSET.search(header(headers, "content-type"))
    if found:
        return found.group(1).decode() if isinstance(found.group(1), bytes) else found.group(1)
    meta = _META_CHARSET.search(body[:CHARSET_SNIFF_BYTES])
    return meta.group(1).decode("ascii", "replace") if meta else None


def decode(body: bytes | str, headers: dict[str, str] | None = None) -> str:
    """Page text: BOM, then the declared charset; bs4's UnicodeDammit only when that charset fails."""
    if isinstance(body, str):
        return body
    if body.startswith(b"\xef\xbb\xbf"):
        return body[3:].decode("utf-8", errors="replace")
    charset = declared_charset(body, headers) or "utf-8"
    try:
        return body.decode(charset)
    except (LookupError, UnicodeDecodeError):
        from bs4 import UnicodeDammit  # only on the rare wrongly declared page

        dammit = UnicodeDammit(body, [charset, "utf-8", "windows-1252"], is_html=True)
        log.debug("charset %s did not decode; UnicodeDammit chose %s", charset, dammit.original_encoding)
        return dammit.unicode_markup or body.decode("utf-8", errors="replace")


def parse(body: bytes | str, headers: dict[str, str] | None = None) -> lxml.html.HtmlElement | None:
    """The page as an lxml tree, or None when there is no HTML in it."""
    text = decode(body, headers)
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)  # lxml refuses str input with an encoding declaration
    if not text.strip():
        return None
    try:
        doc = lxml.html.document_fromstring(text, parser=_PARSER)
    except (lxml.etree.ParserError, ValueError) as exc:
        log.info("unparseable page: %s", exc)
        return None
    release_foreign(doc.xpath("//svg | //math"))  # an unclosed <svg> in a post must not swallow the comments
    return doc


# Bytes that never occur in a text page (C0 controls other than tab, newline, form feed and carriage return).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
BINARY_SAMPLE = 4096
BINARY_CONTROL_SHARE = 0.05


def looks_binary(data: bytes) -> bool:
    """True for a payload that is not text (an image or archive served as text/html): judged on its first 4 KB."""
    sample = data[:BINARY_SAMPLE]
    if not sample or sample.startswith(UTF16_BOMS):
        return False
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls / len(sample) > BINARY_CONTROL_SHARE


@lru_cache(maxsize=None)
def xpath_of(css: str) -> lxml.etree.XPath:
    """A CSS selector compiled once to an XPath (relative to the context node, descendants)."""
    try:
        return lxml.etree.XPath(_TRANSLATOR.css_to_xpath(css, prefix="descendant-or-self::"))
    except SelectorError as exc:
        raise ValueError(f"bad selector {css!r}: {exc}") from exc


_ACTIVE = threading.local()


@contextmanager
def indexed(doc):
    """While extracting from doc (which must not change meanwhile), plain selectors under it use a css_index.Index."""
    stack = _ACTIVE.__dict__.setdefault("stack", [])
    stack.append(Index(doc.getroottree().getroot()))
    try:
        yield
    finally:
        stack.pop()


def indexed_select_any(node, selectors: tuple[str, ...]) -> list | None:
    """select_any(node, selectors) by the index of the page being extracted (XPath for the selectors it cannot
    answer), or None when node is not in that page."""
    stack = getattr(_ACTIVE, "stack", None)
    index = stack[-1] if stack else None
    if index is None or node not in index.pos:
        return None
    found, rest = set(), []
    for css in selectors:
        els = index.select(node, css)
        if els is None:
            rest.append(css)
        else:
            found.update(els)
    if rest:
        found.update(xpath_of(", ".join(rest))(node))
    return sorted(found, key=index.pos.__getitem__)


def select(node, css: str) -> list:
    """Elements under (or equal to) node matching one CSS selector, in document order."""
    stack = getattr(_ACTIVE, "stack", None)
    if stack:
        xpath_of(css)  # a bad selector is still an error, indexed or not
        found = stack[-1].select(node, css)
        if found is not None:
            return found
    return xpath_of(css)(node)


def select_any(node, selectors: Iterable[str]) -> list:
    """Elements matching any of the selectors, once each, in document order: one pass over the tree."""
    selectors = tuple(selectors)
    if not selectors:
        return []
    found = indexed_select_any(node, selectors)
    return found if found is not None else select(node, ", ".join(selectors))


def select_first(node, selectors: Iterable[str]):
    """The first element matching the first selector (of an ordered list) that matches anything."""
    for css in selectors:
        found = select(node, css)
        if found:
            return found[0]
    return None


def select_all(node, selectors: Iterable[str]) -> list:
    """All elements matched by the first selector that matches anything."""
    for css in selectors:
        found = select(node, css)
        if found:
            return found
    return []


def text(node) -> str:
    """Text content of an element (or a string), whitespace collapsed."""
    if node is None:
        return ""
    value = node if isinstance(node, str) else node.text_content()
    return _WS.sub(" ", value).strip()


def outer_html(node) -> str:
    return lxml.html.tostring(node, encoding="unicode", with_tail=False)


def inner_html(node) -> str:
    parts = [node.text or ""] if node.text else []
    parts.extend(lxml.html.tostring(child, encoding="unicode", with_tail=True) for child in node)
    return "".join(parts)


def classes(node) -> set[str]:
    return set((node.get("class") or "").split())


def ancestors(node) -> Iterator:
    parent = node.getparent()
    while parent is not None:
        yield parent
        parent = parent.getparent()


def inside(node, container) -> bool:
    return any(a is container for a in ancestors(node))


def meta(doc, *names: str) -> str | None:
    """Content of the first <meta name|property=NAME> found, in the order of names."""
    for name in names:
        for el in doc.xpath("//meta[@property=$n or @name=$n or @itemprop=$n]", n=name):
            value = (el.get("content") or "").strip()
            if value:
                return value
    return None


def link_href(doc, rel: str) -> str | None:
    for el in doc.xpath("//link[@href]"):
        if rel in (el.get("rel") or "").lower().split():
            return el.get("href").strip()
    return None


def _walk_ld(value) -> Iterator[dict]:
    if isinstance(value, list):
        for item in value:
            yield from _walk_ld(item)
    elif isinstance(value, dict):
        yield value
        if "@graph" in value:
            yield from _walk_ld(value["@graph"])


def json_ld(doc) -> list[dict]:
    """Every JSON-LD object on the page (@graph flattened); broken blocks are skipped."""
    out: list[dict] = []
    for script in doc.xpath("//script[@type='application/ld+json']"):
        raw = (script.text or "").strip()
        if not raw:
            continue
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            log.debug("unparseable JSON-LD block skipped")
            continue
        out.extend(_walk_ld(data))
    return out


def ld_types(obj: dict) -> set[str]:
    kind = obj.get("@type")
    return set(kind) if isinstance(kind, list) else {kind} if isinstance(kind, str) else set()


ARTICLE_TYPES = {"BlogPosting", "Article", "NewsArticle", "SocialMediaPosting", "Report", "TechArticle",
                 "OpinionNewsArticle", "AnalysisNewsArticle", "ScholarlyArticle", "LiveBlogPosting"}


def ld_article(doc) -> dict | None:
    """The first JSON-LD BlogPosting/Article-like object, or None."""
    objects = json_ld(doc)
    for types in (ARTICLE_TYPES, {"WebPage", "ItemPage"}):
        for obj in objects:
            if ld_types(obj) & types:
                return obj
    return None


def ld_author_names(obj: dict | None, everything: list[dict] | None = None) -> list[str]:
    """Author names of a JSON-LD object; '@id' references are resolved against the page's other objects."""
    if not obj:
        return []
    value = obj.get("author")
    items = value if isinstance(value, list) else [value] if value else []
    by_id = {o.get("@id"): o for o in everything or [] if isinstance(o.get("@id"), str)}
    names: list[str] = []
    for item in items:
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict):
            if "name" not in item and item.get("@id") in by_id:
                item = by_id[item["@id"]]
            name = item.get("name")
            if isinstance(name, str) and name.strip():
                names.append(name.strip())
    return names
