"""Pages of any other CMS (Drupal, TYPO3, Joomla, in-house) -> raw post records, cheapest evidence first.

Each field is a cascade: JSON-LD Article, microformats (h-entry / hAtom), itemprop / RDFa, the CMS's
common classes (generic_selectors), OpenGraph / article:* meta, then text patterns (a byline sentence,
a labelled date) and, for the body, the densest block of prose. A page of several dated teasers
(a campaign or archive page) gives one record per teaser. lxml only.
"""
from __future__ import annotations

import copy
import logging
from urllib.parse import urljoin, urlsplit

from . import generic_selectors as G
from . import page
from . import wordpress_selectors as S
from .generic_comments import comments_declared, extract_comments
from .generic_parts import own_permalink, part_urls
from .regions import (_DATE_HINT, CONTENT_SHARE, MAIN_POST_SHARE, _merge_siblings, _paragraph_sizes, _visible,
                      _without, densest)
from .wordpress import strip_site_name

__all__ = ["extract"]

log = logging.getLogger(__name__)

# Longest text read as a date or a byline; longer elements are prose that merely mentions one.
MAX_DATE_TEXT = 80
MAX_AUTHOR_TEXT = 80


# --- Regions -----------------------------------------------------------------------------------------

def _chrome(doc) -> set:
    found: set = set()
    for css in S.CHROME + G.CHROME:
        found.update(page.select(doc, css))
    # chrome that holds the article's title or body (a theme's 'content sidebar' column) is not chrome
    guard = "h1, [itemprop=articleBody], .field--name-body, .field-name-body, .e-content, .entry-content"
    return {el for el in found if el.tag not in ("html", "body") and not page.select(el, guard)}


def _comment_regions(doc) -> list:
    return [el for css in G.COMMENT_REGIONS for el in page.select(doc, css)]


def _outside(el, avoid) -> bool:
    return not any(el is a or page.inside(el, a) for a in avoid)


def _first(node, selectors, avoid, need_text: bool = True):
    """First element of the first selector that matches outside avoid (chrome, comments)."""
    for css in selectors:
        for el in page.select(node, css):
            if el in avoid or any(a in avoid for a in page.ancestors(el)):
                continue
            if need_text and not page.text(el):
                continue
            return el
    return None


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

def _title(scope, doc, avoid: set, ld: dict, site_name: str | None):
    for selectors in (G.TITLE, G.TITLE_WEAK):
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


def _content(scope, avoid: set, sizes: dict):
    """Body element: the first CONTENT selector whose match holds a fair share of the article's prose, else the
    densest block."""
    total = sizes.get(scope, 0)
    for css in G.CONTENT:
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


def _authors(scope, doc, avoid: set, content_el, ld: dict, everything: list) -> list[dict]:
    """A byline element in the article; JSON-LD author; a byline sentence; the author meta (not a URL)."""
    skip = avoid | ({content_el} if content_el is not None else set())
    regions = ([scope] if scope is not None else []) + [doc]
    for region in regions:
        for css in G.AUTHOR:
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


def _date_text(el) -> str:
    """Text of a date element; a bare label ('Erschienen am:') takes the next element's text with it."""
    value = page.text(el)
    if value and not _DATE_HINT.search(value):
        nxt = el.getnext()
        if nxt is not None and G.PUBLISHED_LABEL_RE.match(value) and _DATE_HINT.search(page.text(nxt)):
            return f"{value} {page.text(nxt)}"
    return value


def _label_date(region, avoid: set) -> str | None:
    """A date after a publication label in its own element ('Erschienen am:' then <h2>13.10.2021</h2>)."""
    for el in region.iter():
        if not isinstance(el.tag, str) or el.tag in ("script", "style") or not _outside(el, avoid):
            continue
        if len(el) == 0 and G.PUBLISHED_LABEL_RE.match(page.text(el) or "x"):
            nxt = el.getnext()
            if nxt is not None and _DATE_HINT.search(page.text(nxt)) and len(page.text(nxt)) <= MAX_DATE_TEXT:
                return f"{page.text(el)} {page.text(nxt)}"
    return None


def _nearest(candidates: list, anchor, order: dict):
    """The candidate nearest the anchor (the title) in document order, one after it preferred over one before."""
    if not candidates:
        return None
    if anchor is None or anchor not in order:
        return candidates[0]
    at = order[anchor]
    return min(candidates, key=lambda el: (order.get(el, 0) - at) if order.get(el, 0) >= at else 3 * (at - order[el]))


def _dates(scope, doc, avoid: set, content_el, ld: dict, title_el=None) -> dict:
    out: dict = {}
    region = scope if scope is not None else doc
    skip = avoid | ({content_el} if content_el is not None else set())
    order = {el: i for i, el in enumerate(doc.getroottree().getroot().iter())}
    updated_els = [el for css in G.UPDATED_TEXT for el in page.select(region, css)]
    machine, machine_el = None, None
    ld_date = ld.get("datePublished")
    if isinstance(ld_date, str) and ld_date.strip():
        machine = ld_date.strip()
    for pairs, nearest in ((G.PUBLISHED_MACHINE, False), (G.GENERIC_MACHINE, True)):
        if machine:
            break
        for css, attr in pairs:
            found = [el for el in page.select(region, css) if _outside(el, avoid) and _outside(el, updated_els)
                     and (el.get(attr) or "").strip()[:1].isdigit()]
            if found:
                machine_el = _nearest(found, title_el, order) if nearest else found[0]
                machine = machine_el.get(attr).strip()
                break
    if not machine:
        machine = page.meta(doc, *G.PUBLISHED_META)
    shown = None
    if machine_el is not None and _DATE_HINT.search(page.text(machine_el)):
        shown = page.text(machine_el)
    if shown is None:
        for region_ in (region, doc) if scope is not None else (doc,):
            found = []
            for css in G.PUBLISHED_TEXT:
                for el in page.select(region_, css):
                    if el in found or el in skip or any(a in skip for a in page.ancestors(el)):
                        continue
                    value = _date_text(el)
                    if value and _DATE_HINT.search(value) and len(value) <= MAX_DATE_TEXT:
                        found.append(el)
            # the innermost date element: a wrapper holding another candidate is not the date itself
            found = [el for el in found if not any(o is not el and page.inside(o, el) for o in found)]
            published = []
            for el in found:
                if G.UPDATED_LABEL_RE.search(_date_text(el)) or not _outside(el, updated_els):
                    out.setdefault("updated_raw", _date_text(el))
                else:
                    published.append(el)
            if published:
                shown = _date_text(_nearest(published, title_el, order))
                break
    if shown is None:
        shown = _label_date(region, skip)
    if not machine and not shown:
        machine = page.meta(doc, *G.WEAK_META)
    out["published_raw"] = shown
    out["published_machine"] = machine
    if shown is None and machine is None:
        # a dated byline sentence ('January 17, 2017 at 6:08 PM ET by Kori Schulman')
        for css in G.BYLINE_TEXT:
            el = _first(region, [css], skip)
            if el is not None and _DATE_HINT.search(page.text(el)) and len(page.text(el)) <= 2 * MAX_DATE_TEXT:
                out["published_raw"] = page.text(el)
                break
    for el in updated_els:
        if _outside(el, avoid) and _DATE_HINT.search(page.text(el)) and "updated_raw" not in out:
            out["updated_raw"] = page.text(el)
    modified = ld.get("dateModified")
    out["updated_machine"] = (modified if isinstance(modified, str) else None) or page.meta(
        doc, "article:modified_time", "dateModified", "og:updated_time")
    if out.get("published_raw") and G.UPDATED_LABEL_RE.search(out["published_raw"]):
        out.setdefault("updated_raw", out["published_raw"])
        out["published_raw"] = None
    return out


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


def extract(doc, url: str, platform: str = "generic") -> list[dict]:
    """Raw records (without provenance): the page's article, or one per teaser of a listing page."""
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
    title, title_el = _title(scope, doc, avoid, ld, site["name"])
    content_el = _content(scope if scope is not None else body if body is not None else doc, avoid, sizes)
    lead_el = _lead(scope if scope is not None else doc, content_el, avoid)
    record = dict(base)
    if scope is not None:
        # chrome inside the article that holds its meta (an aside.meta with the date) is read for fields
        avoid = {el for el in avoid if el in comments or not page.inside(el, scope)
                 or not G.META_CLASS_RE.search(el.get("class") or "")}
    record.update(title=title, authors=_authors(scope, doc, avoid, content_el, ld, everything),
                  content_html=_body_html(content_el, lead_el, title_el, avoid),
                  comments=extract_comments(doc, chrome), comments_declared=comments_declared(doc, chrome))
    record.update(_dates(scope, doc, avoid, content_el, ld, title_el))
    return [record]
