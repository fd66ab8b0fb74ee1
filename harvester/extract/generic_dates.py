"""Publication and update dates of a page of any other CMS, cheapest evidence first: JSON-LD datePublished,
microformat / itemprop / RDFa attributes, a <time datetime> nearest the title, the published meta; the shown date
(an element of PUBLISHED_TEXT nearest the title, a labelled date, a dated byline); 'updated' labels sent apart."""
from __future__ import annotations

from . import generic_selectors as G
from . import page
from .generic_find import _first, _outside
from .regions import _DATE_HINT

# Longest text read as a date; longer elements are prose that merely mentions one.
MAX_DATE_TEXT = 80


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


def _dates(scope, doc, avoid: set, content_el, ld: dict, title_el=None,
           shown_dates: list = G.PUBLISHED_TEXT) -> dict:
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
            for css in shown_dates:
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
