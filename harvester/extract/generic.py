"""Pages of any other CMS (Drupal, TYPO3, Joomla, in-house) -> raw post records, cheapest evidence first.

Each field is a cascade of ordered data (generic_selectors), first sure answer wins:
- title: microformats (h-entry p-name, hAtom entry-title) and itemprop; the site's own selectors; the CMS's title
  classes, <article>/<main> h1, h1; JSON-LD headline; og:title, <title>.
- body: microformats (e-content, entry-content), itemprop articleBody; the site's own selectors; the CMS's body
  classes; then the densest block of prose (text density).
- authors: microformats, rel=author; the site's own selectors; the CMS's byline classes; JSON-LD author; a byline
  sentence ('Submitted by X on …'); the author meta.
- dates (generic_dates): JSON-LD datePublished; microformat / itemprop / RDFa attributes; the <time datetime>
  nearest the title; article:published_time and the like; the shown date (microformats, the site's own selectors,
  the CMS's date classes, <time>), a labelled date, a dated byline.
The site's own selectors come from a site spider's ``extract_selectors`` (generic_selectors.SITE_FIELDS). A page of
several dated entries gives one record per entry: a teaser links to its permalink; an entry with no permalink of its
own is a whole post with a URL of its own (generic_parts). lxml only.
"""
from __future__ import annotations

import copy
import logging
from urllib.parse import urljoin, urlsplit

from . import generic_selectors as G
from . import page
from . import wordpress_selectors as S
from .generic_comments import comments_declared, extract_comments
from .generic_dates import _dates
from .generic_find import _first, _outside, field_lists
from .generic_parts import own_permalink, part_urls
from .regions import (_DATE_HINT, CONTENT_SHARE, MAIN_POST_SHARE, _merge_siblings, _paragraph_sizes,
                      _without, densest)
from .wordpress import strip_site_name

__all__ = ["extract"]

log = logging.getLogger(__name__)

# Longest text read as a byline; longer elements are prose that merely mentions one (dates: generic_dates).
MAX_AUTHOR_TEXT = 80


# --- Regions -----------------------------------------------------------------------------------------

def _chrome(doc) -> set:
    found: set = set()
    for css in S.CHROME + G.CHROME:
        found.update(page.select(doc, css))
    # chrome that holds the article's title or body (a theme's 'content sidebar' column) is not chrome
    guard = ", ".join(G.CHROME_GUARD)
    return {el for el in found if el.tag not in ("html", "body") and not page.select(el, guard)}


def _comment_regions(doc) -> list:
    return [el for css in G.COMMENT_REGIONS for el in page.select(doc, css)]



def _article(doc, avoid: set, sizes: dict):
    """The element holding the page's article: the first container selector whose best match holds enough prose."""
    body = doc.find(".//body")
    total = sizes.get(body, 0)
    for css in G.ARTICLE_CONTAINERS:
        found = [el for el in page.select(doc, css) if el.tag not in ("html", "body") and _outside(el, avoid)]
        if not found:
            continue
        best = max(found, key=lambda e: (sizes.get(e, 0), len(page.text(e))))
        if total and sizes.get(best, 0) >= MAIN_POST_SHARE * total:
            return best
    return None


# --- Fields --------------------------------------------------------------------------------------------

def _title(scope, doc, avoid: set, ld: dict, site_name: str | None, titles: list = G.TITLE):
    for selectors in (titles, G.TITLE_WEAK):
        for region in ([scope] if scope is not None else []) + [doc]:
            el = _first(region, selectors, avoid)
            if el is not None:
                return page.text(el), el
    headline = ld.get("headline") or ld.get("name")
    if isinstance(headline, str) and headline.strip():
        return headline.strip(), None
    t = doc.find(".//title")
    for candidate in (page.meta(doc, "og:title", "twitter:title"), page.text(t) if t is not None else None):
        if candidate:
            return strip_site_name(candidate, site_name), None
    return None, None


def _content(scope, avoid: set, sizes: dict, contents: list = G.CONTENT):
    """Body element: the first CONTENT selector whose match holds a fair share of the article's prose, else the
    densest block."""
    total = sizes.get(scope, 0)
    for css in contents:
        matches = [el for el in page.select(scope, css) if _outside(el, avoid) and page.text(el)]
        matches = [m for m in matches if not any(o is not m and page.inside(m, o) for o in matches)]
        if not matches:
            continue
        best = _merge_siblings(max(matches, key=lambda m: sizes.get(m, 0)), matches)
        if total == 0 or sizes.get(best, 0) >= CONTENT_SHARE * total:
            return best
    skip = set(avoid)
    for css in G.CONTENT_NOISE + S.CONTENT_NOISE:
        skip.update(page.select(scope, css))
    return densest(scope, skip, share=0.7)


def _lead(scope, content_el, avoid: set):
    """A lead paragraph shown above the body, outside its element, or None."""
    if content_el is None:
        return None
    for css in G.LEAD:
        for el in page.select(scope, css):
            if not _outside(el, avoid) or el is content_el or page.inside(el, content_el) or page.inside(content_el, el):
                continue
            if page.text(el) and page.text(el) not in page.text(content_el):
                return el
    return None


def _drop_inside(clone, original, avoid: set) -> None:
    """Remove from a copy of original the copies of original's descendants that are in avoid (chrome, comments)."""
    tree = original.getroottree()
    base = tree.getpath(original)
    paths = sorted((tree.getpath(el)[len(base):] for el in avoid if page.inside(el, original)), key=len)
    found = [hit for path in paths for hit in clone.xpath("." + path)]
    for el in found:
        if el.getparent() is not None and not any(page.inside(el, o) for o in found if o is not el):
            el.drop_tree()


def _body_html(content_el, lead_el, title_el, avoid: set) -> str | None:
    if content_el is None:
        return None
    clone = copy.deepcopy(content_el)
    _drop_inside(clone, content_el, avoid)
    clone = _without(clone, G.CONTENT_NOISE + S.CONTENT_NOISE)
    if title_el is not None and page.inside(title_el, content_el):
        for h in clone.iter("h1"):
            if page.text(h) == page.text(title_el):
                h.drop_tree()
                break
    html = page.inner_html(clone)
    if lead_el is not None:
        html = page.inner_html(_without(lead_el, G.CONTENT_NOISE)) + "\n" + html
    return html


def _byline_name(text: str) -> str | None:
    m = G.BYLINE_RE.search(text)
    if not m:
        return None
    name = m.group("name").strip(" .:-–")
    return name if name and not name[:1].isdigit() else None


def _name_like(value: str) -> bool:
    return bool(value) and len(value) <= MAX_AUTHOR_TEXT and not _DATE_HINT.search(value)


def _without_role(name: str) -> str:
    """'Tracy Parker, Dietitian' -> 'Tracy Parker': a role after the comma of a byline of two or more words."""
    head, sep, _ = name.partition(", ")
    return head if sep and len(head.split()) >= 2 else name


def _authors(scope, doc, avoid: set, content_el, ld: dict, everything: list, bylines: list = G.AUTHOR) -> list[dict]:
    """A byline element in the article; JSON-LD author; a byline sentence; the author meta (not a URL)."""
    skip = avoid | ({content_el} if content_el is not None else set())
    regions = ([scope] if scope is not None else []) + [doc]
    for region in regions:
        for css in bylines:
            el = _first(region, [css], skip)
            if el is not None and _name_like(page.text(el)):
                a = el if el.tag == "a" else el.find(".//a[@href]")
                return [{"name": _without_role(page.text(el)), "url": a.get("href") if a is not None else None}]
    names = [{"name": n, "url": None} for n in page.ld_author_names(ld, everything)]
    if names:
        return names
    for region in regions:
        for css in G.BYLINE_TEXT:
            for el in page.select(region, css):
                if el in skip or any(x in skip for x in page.ancestors(el)):
                    continue
                value = page.text(el)
                name = _byline_name(value) if len(value) <= 2 * MAX_AUTHOR_TEXT else None
                if name:
                    link = next((a for a in el.iter("a") if page.text(a) == name), None)
                    return [{"name": name, "url": link.get("href") if link is not None else None}]
    name = page.meta(doc, "author", "article:author", "DC.creator")
    if name and not name.startswith("http"):
        return [{"name": name, "url": None}]
    return []


# --- Listing pages ----------------------------------------------------------------------------------

def _entries(doc, avoid: set, sizes: dict) -> list:
    """Teasers of several posts (dated, or full posts each closed by a share widget), when they hold the page's
    prose; [] on an article page."""
    if page.meta(doc, "og:type") == "article" or page.ld_article(doc):
        return []
    body = doc.find(".//body")
    total = sizes.get(body, 0)
    for css in G.LISTING_ENTRIES:
        found = [el for el in page.select(doc, css) if _outside(el, avoid)]
        found = [el for el in found if not any(o is not el and page.inside(el, o) for o in found)]
        titled = [el for el in found if _first(el, G.ENTRY_TITLE, avoid) is not None]
        dated = [el for el in titled
                 if any(_DATE_HINT.search(page.text(d)) for c in G.PUBLISHED_TEXT for d in page.select(el, c))]
        shared = [el for el in titled if any(page.select(el, c) for c in G.SHARE_WIDGETS)]
        for chosen in (dated, shared):
            if len(chosen) >= 2 and total and sum(sizes.get(el, 0) for el in chosen) >= G.LISTING_SHARE * total:
                return chosen
    return []


def _entry_record(el, doc, avoid: set, base: dict) -> dict:
    title_el = _first(el, G.ENTRY_TITLE, avoid)
    body_el = _first(el, G.ENTRY_BODY, avoid | {title_el})
    if body_el is not None and body_el.tag == "p":
        body_el = body_el.getparent()
    record = dict(base)
    record.update(title=page.text(title_el), post_id=None, comments=[], comments_declared=None, is_excerpt=True,
                  canonical_url=urljoin(base["url"], title_el.get("href")) if title_el.get("href") else None,
                  authors=_authors(el, el, avoid, body_el, {}, []),
                  content_html=page.inner_html(_without(body_el, G.CONTENT_NOISE)) if body_el is not None else None)
    record.update(_dates(el, el, avoid, body_el, {}, title_el))
    return record


def _whole_entries(page_url: str, entries: list, records: list[dict], avoid: set) -> list[dict]:
    """Entries whose title links to no other page are whole posts (not excerpts), each given its own URL."""
    whole = [i for i, r in enumerate(records) if not own_permalink(page_url, r.get("canonical_url"))]
    texts = [page.text(page.parse(records[i]["content_html"])) if records[i].get("content_html") else "" for i in whole]
    parts = [(entries[i], _first(entries[i], G.ENTRY_TITLE, avoid), records[i].get("title"), text)
             for i, text in zip(whole, texts)]
    for i, part_url in zip(whole, part_urls(page_url, parts)):
        records[i].update(canonical_url=part_url, is_excerpt=False)
    return records


# --- Records ------------------------------------------------------------------------------------------

def _site(doc, url: str, platform: str) -> dict:
    split = urlsplit(url)
    html = doc.getroottree().getroot()
    lang = (html.get("lang") or html.get("xml:lang") or "").strip() or None
    return {"base_url": f"{split.scheme}://{split.netloc}/" if split.scheme else url, "platform": platform,
            "name": page.meta(doc, "og:site_name"), "languages": [lang.replace("_", "-")] if lang else []}


def extract(doc, url: str, platform: str = "generic", site_selectors: dict | None = None) -> list[dict]:
    """Raw records (without provenance): the page's article, or one per teaser of a listing page. site_selectors:
    a site's own selectors per field (generic_selectors.SITE_FIELDS)."""
    lists = field_lists(site_selectors)
    site = _site(doc, url, platform)
    chrome = _chrome(doc)
    comments = set(_comment_regions(doc))
    avoid = chrome | comments
    body = doc.find(".//body")
    sizes = _paragraph_sizes(body if body is not None else doc, avoid)
    everything = page.json_ld(doc)
    ld = page.ld_article(doc) or {}
    if not (page.ld_types(ld) & page.ARTICLE_TYPES):
        ld = {k: v for k, v in ld.items() if k in ("headline",)} if ld else {}
    canonical = page.link_href(doc, "canonical") or page.meta(doc, "og:url")
    base = {"url": url, "site": site, "canonical_url": urljoin(url, canonical) if canonical else None,
            "language": site["languages"][0] if site["languages"] else None}

    entries = _entries(doc, avoid, sizes)
    if entries:
        log.debug("%s: listing of %d teasers", url, len(entries))
        return _whole_entries(base["canonical_url"] or url, entries, [_entry_record(el, doc, avoid, base)
                                                                       for el in entries], avoid)

    scope = _article(doc, avoid, sizes)
    title, title_el = _title(scope, doc, avoid, ld, site["name"], lists["TITLE"])
    content_el = _content(scope if scope is not None else body if body is not None else doc, avoid, sizes,
                          lists["CONTENT"])
    lead_el = _lead(scope if scope is not None else doc, content_el, avoid)
    record = dict(base)
    if scope is not None:
        # chrome inside the article that holds its meta (an aside.meta with the date) is read for fields
        avoid = {el for el in avoid if el in comments or not page.inside(el, scope)
                 or not G.META_CLASS_RE.search(el.get("class") or "")}
    record.update(title=title, authors=_authors(scope, doc, avoid, content_el, ld, everything, lists["AUTHOR"]),
                  content_html=_body_html(content_el, lead_el, title_el, avoid),
                  comments=extract_comments(doc, chrome), comments_declared=comments_declared(doc, chrome))
    record.update(_dates(scope, doc, avoid, content_el, ld, title_el, lists["PUBLISHED_TEXT"]))
    return [record]
