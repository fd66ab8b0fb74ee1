"""Small finders shared by the generic extractor's field cascades: the first match of ordered selectors outside the
regions to avoid (chrome, comments)."""
from __future__ import annotations

from . import generic_selectors as G
from . import page

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


def field_lists(site: dict | None) -> dict[str, list[str]]:
    """List name ('TITLE', 'CONTENT', 'AUTHOR', 'PUBLISHED_TEXT') -> its selectors, with a site's own selectors
    (field -> selectors, see generic_selectors.SITE_FIELDS) spliced in after the markup entries. Raises ValueError
    naming an unknown field."""
    unknown = sorted(set(site or {}) - set(G.SITE_FIELDS))
    if unknown:
        raise ValueError(f"unknown extract_selectors field(s) {unknown}; known: {sorted(G.SITE_FIELDS)}")
    out = {}
    for field, (name, keep) in G.SITE_FIELDS.items():
        base = getattr(G, name)
        extra = [css for css in (site or {}).get(field) or () if css]
        out[name] = base[:keep] + extra + base[keep:] if extra else base
    return out
