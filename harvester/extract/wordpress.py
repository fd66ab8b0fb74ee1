"""WordPress pages -> raw post records: one per permalink page, several for a listing page (lxml only)."""
from __future__ import annotations

import logging
import re
from urllib.parse import parse_qs, urljoin, urlsplit

from . import page
from . import wordpress_selectors as S
from .regions import (_DATE_HINT, _attr_first, _bare_date, _first, _merge_siblings, _paragraph_sizes, _visible,
                      CONTENT_SHARE, MAIN_POST_SHARE, content_html, densest, select_any)
from .wp_comments import comment_pages, comments_declared, comments_status, extract_comments

__all__ = ["extract", "comment_pages", "extract_comments", "comments_declared", "comments_status", "content_html",
           "densest"]

log = logging.getLogger(__name__)

_POST_ID_RE = re.compile(r"^post-(\d+)$")
_BODY_POST_ID_RE = re.compile(r"\b(?:postid|singular-post|page-id)-(\d+)\b")
_LISTING_BODY = {"home", "blog", "archive", "category", "tag", "search", "date", "author", "paged", "search-results"}
_SINGLE_BODY = {"single", "single-post", "singular", "page-template-default", "wp-singular", "page"}
_MORE_TEXT_RE = re.compile(r"^(?:continue reading|read more|weiterlesen|mehr lesen|lire la suite|leggi tutto|"
                           r"seguir leyendo|read the rest|more)\b", re.I)
def _chrome(doc) -> set:
    found = select_any(doc, S.CHROME)
    # A chrome element that holds the whole post (themes that class their main column 'content sidebar')
    # would hide everything; keep only chrome that holds no post container.
    parts = select_any(doc, _POST_PARTS)
    holders = {a for el in parts for a in page.ancestors(el)} | set(parts)
    return {el for el in found if el not in holders}


_POST_PARTS = (".entry-content", ".hentry", "article.post", "#comments", ".entry-title", "h1")


def _post_chrome(doc, chrome: set, regions: list | None = None) -> set:
    """Chrome plus the comment regions: where post fields (author, date, title) are never read."""
    return chrome | set(_comment_regions(doc) if regions is None else regions)


def body_classes(doc) -> set[str]:
    body = doc.find(".//body")
    return page.classes(body) if body is not None else set()


def page_post_id(doc, url: str) -> str | None:
    """WordPress post id from body class 'postid-N', the shortlink '?p=N' or the URL's ?p=N."""
    m = _BODY_POST_ID_RE.search(" ".join(sorted(body_classes(doc))))
    if m:
        return m.group(1)
    for href in (page.link_href(doc, "shortlink"), url):
        if href:
            p = parse_qs(urlsplit(href).query).get("p")
            if p and p[0].strip("/").isdigit():
                return p[0].strip("/")
    return None


def _comment_regions(doc) -> list:
    return select_any(doc, S.COMMENT_REGIONS)


def main_post(doc, chrome: set, post_id: str | None, regions: list | None = None):
    """The element holding the page's post: #post-N, else the largest post container outside chrome."""
    if post_id:
        for el in doc.xpath("//*[@id=$i]", i=f"post-{post_id}"):
            if el.tag not in ("body", "html") and el not in chrome:
                return el
    regions = _comment_regions(doc) if regions is None else regions
    candidates = []
    for css in S.POST_CONTAINERS:
        candidates = _visible(page.select(doc, css), chrome)
        candidates = [c for c in candidates if not any(page.inside(c, r) for r in regions)]
        if candidates:
            break
    if not candidates:
        return None
    body = doc.find(".//body")
    sizes = _paragraph_sizes(body if body is not None else doc, chrome | set(regions))
    best = max(candidates, key=lambda c: (sizes.get(c, 0), len(page.text(c))))
    # teaser cards of related posts are no post container: the post holds most of the page's prose
    if sizes.get(best, 0) < MAIN_POST_SHARE * sizes.get(body, 0):
        log.debug("no post container holds the page's prose; reading the whole page")
        return None
    return best


def _content_element(scope, chrome: set, title_el, regions: list | None = None):
    comments = set(_comment_regions(scope.getroottree().getroot()) if regions is None else regions)
    sizes = _paragraph_sizes(scope, chrome | comments)
    for css in S.CONTENT:
        matches = []
        for el in _visible(page.select(scope, css), chrome):
            if any(el is r or page.inside(el, r) for r in comments):
                continue
            if title_el is not None and page.inside(title_el, el) and css in (".entry", ".content", ".post-inner"):
                continue
            if page.text(el):
                matches.append(el)
        # outermost matches only; the biggest is the post (teaser cards of related posts reuse the class)
        matches = [m for m in matches if not any(o is not m and page.inside(m, o) for o in matches)]
        if matches:
            best = _merge_siblings(max(matches, key=lambda m: len(page.text(m))), matches)
            # a match holding little of the post's prose is a teaser card or a widget: try the next selector
            if sizes.get(best, 0) >= CONTENT_SHARE * sizes.get(scope, 0):
                return best
    skip = set(chrome) | comments
    skip.update(select_any(scope, S.CONTENT_NOISE))
    return densest(scope, skip)


def _title(scope, doc, chrome: set, site_name: str | None):
    el = _first(scope, S.TITLE, chrome, need_text=True) if scope is not None else None
    if el is None:
        el = _first(doc, S.TITLE_PAGE, chrome, need_text=True)
    if el is not None and page.text(el):
        return page.text(el), el
    og = page.meta(doc, "og:title")
    t = doc.find(".//title")
    for candidate in (og, page.text(t) if t is not None else None):
        if candidate:
            return strip_site_name(candidate, site_name), None
    return None, None


def strip_site_name(title: str, site_name: str | None) -> str:
    """'Post – Blog name' -> 'Post' when the suffix (or prefix) is the site's name."""
    if site_name:
        for sep in (" | ", " – ", " — ", " - ", " · ", " :: ", " » "):
            if title.endswith(sep + site_name):
                return title[: -len(sep + site_name)].strip()
            if title.startswith(site_name + sep):
                return title[len(site_name + sep):].strip()
    return title


def _authors(scope, doc, chrome: set, content_el) -> list[dict]:
    """Byline in the post container; else JSON-LD / meta author; else (no container) a byline anywhere outside chrome."""
    def byline(region) -> list[dict]:
        el = _first(region, S.AUTHOR, chrome, skip=content_el, need_text=True)
        if el is None:
            return []
        a = el if el.tag == "a" else el.find(".//a")
        return [{"name": page.text(el), "url": a.get("href") if a is not None else None}]

    names = byline(scope) if scope is not None else []
    if not names:
        names = [{"name": n, "url": None} for n in page.ld_author_names(page.ld_article(doc), page.json_ld(doc))]
    if not names:
        name = page.meta(doc, "author", "article:author")
        if name and not name.startswith("http"):
            names = [{"name": name, "url": None}]
    if not names and scope is None:
        names = byline(doc)
    return names


def _dates(scope, doc, chrome: set, content_el) -> dict:
    out: dict = {}
    region = scope if scope is not None else doc
    updated_wrappers = [e for css in S.UPDATED_TEXT for e in page.select(region, css)]
    machine, el = _attr_first(region, S.PUBLISHED_MACHINE, chrome, avoid=updated_wrappers)
    if machine:
        out["published_machine"] = machine
        shown = page.text(el)
        out["published_raw"] = shown if shown and _DATE_HINT.search(shown) else None
    else:
        meta = page.meta(doc, "article:published_time", "datePublished", "og:published_time", "date", "DC.date.issued")
        ld = page.ld_article(doc) or {}
        machine = meta or (ld.get("datePublished") if isinstance(ld.get("datePublished"), str) else None)
        shown_el = _first(region, S.PUBLISHED_TEXT, chrome, skip=content_el)
        if shown_el is not None and any(shown_el is w or page.inside(shown_el, w) for w in updated_wrappers):
            shown_el = None
        shown = page.text(shown_el) if shown_el is not None else ""
        updated_el = _first(region, S.UPDATED_TEXT, chrome)
        if shown_el is not None and updated_el is not None and (shown_el is updated_el or page.inside(shown_el, updated_el)):
            shown = ""
        out["published_machine"] = machine
        out["published_raw"] = shown.strip("[]() ") if shown and _DATE_HINT.search(shown) and len(shown) < 80 else None
        if not out["published_raw"] and not machine and scope is not None:
            out["published_raw"] = _bare_date(scope, stop=content_el, avoid=chrome)
    umachine, uel = _attr_first(region, S.UPDATED_MACHINE, chrome)
    utext_el = _first(region, S.UPDATED_TEXT, chrome)
    if utext_el is not None and _DATE_HINT.search(page.text(utext_el)):
        out["updated_raw"] = page.text(utext_el)
        inner = utext_el.find(".//time[@datetime]")
        out["updated_machine"] = inner.get("datetime") if inner is not None else None
    elif umachine:
        out["updated_machine"] = umachine
    return out


def _term_links(scope, selectors, chrome: set, exclude: frozenset = frozenset()) -> list:
    """Category or tag links in the post's meta (never the sidebar's category widget), first selector that matches.

    ``exclude`` holds the category link elements when tags are read: a tag may share a category's name
    ('Cymraeg' the category and 'Cymraeg' the tag), so links are told apart by element, never by text."""
    for css in selectors:
        found = [a for a in _visible(page.select(scope, css), chrome) if page.text(a) and a not in exclude]
        if found:
            return found
    return []


def _names(links: list) -> list[str]:
    return list(dict.fromkeys(page.text(a) for a in links))


# --- Comments ----------------------------------------------------------------------------------------

def site_info(doc, url: str) -> dict:
    split = urlsplit(url)
    base = f"{split.scheme}://{split.netloc}/" if split.scheme else url
    home = page.select_first(doc, S.HOME_LINK)
    if home is not None:
        href = urljoin(url, home.get("href").strip())
        if urlsplit(href).netloc == split.netloc:
            base = href
    name = page.meta(doc, "og:site_name")
    if not name:
        el = page.select_first(doc, S.SITE_NAME)
        name = page.text(el) if el is not None else None
    html = doc if doc.tag == "html" else doc.getroottree().getroot()
    lang = (html.get("lang") or html.get("xml:lang") or "").strip() or None
    return {"base_url": base, "platform": "wordpress", "name": name or None,
            "languages": [lang.replace("_", "-")] if lang else []}


# --- Records ----------------------------------------------------------------------------------------

def password_required(region, chrome: set) -> bool:
    """True when the post's body is replaced by WordPress's password form (a password-protected post)."""
    return any(_visible(page.select(region, css), chrome) for css in S.PASSWORD_FORM)


def _protected_title(title: str | None) -> str | None:
    for prefix in S.PROTECTED_TITLE_PREFIXES:
        if title and title.startswith(prefix) and title[len(prefix):].strip():
            return title[len(prefix):].strip()
    return title


def _post_fields(scope, doc, chrome: set, site_name: str | None, url: str, regions: list | None = None) -> dict:
    regions = _comment_regions(doc) if regions is None else regions
    chrome = _post_chrome(doc, chrome, regions)
    title, title_el = _title(scope, doc, chrome, site_name)
    content_el = _content_element(scope if scope is not None else doc, chrome, title_el, regions)
    if password_required(scope if scope is not None else doc, chrome):
        title, content_el = _protected_title(title), None
    # metadata may sit inside the body element only when that element is the whole entry (title included)
    region = scope if scope is not None else doc
    category_links = _term_links(region, S.CATEGORY_LINKS, chrome)
    tag_links = _term_links(region, S.TAG_LINKS, chrome, exclude=frozenset(category_links))
    meta_skip = content_el if title_el is None or not page.inside(title_el, content_el) else None
    fields = {"title": title, "authors": _authors(scope, doc, chrome, meta_skip),
              "categories": _names(category_links), "tags": _names(tag_links),
              "content_html": content_html(content_el, title_el) if content_el is not None else ""}
    fields.update(_dates(scope, doc, chrome, meta_skip))
    return fields


def _permalink(entry, url: str) -> str | None:
    for css in ("[rel~=bookmark][href]", ".entry-title a[href]", ".wp-block-post-title a[href]", "h2 a[href]",
                "h1 a[href]", "h3 a[href]"):
        for a in page.select(entry, css):
            return urljoin(url, a.get("href").strip())
    return None


def _is_teaser(entry) -> bool:
    if page.select_first(entry, S.MORE_LINK) is not None:
        return True
    return any(_MORE_TEXT_RE.match(page.text(a)) for a in entry.iter("a"))


def listing_entries(doc, chrome: set) -> list:
    """Entries of a listing page: repeated post containers, else elements around repeated permalink headings."""
    for css in S.LISTING_ENTRIES:
        found = _visible(page.select(doc, css), chrome)
        found = [e for e in found if not any(page.inside(e, o) for o in found if o is not e)]
        if len(found) > 1:
            return found
    headings = [a for a in _visible(page.select(doc, "h1 a[rel~=bookmark], h2 a[rel~=bookmark], h3 a[rel~=bookmark]"),
                                    chrome)]
    if len(headings) < 2:
        return []
    entries = []
    for a in headings:
        node = a
        while node.getparent() is not None and node.getparent().tag != "body" and \
                sum(1 for h in headings if page.inside(h, node.getparent())) == 1:
            node = node.getparent()
        entries.append(node)
    return entries


def is_listing(doc, chrome: set) -> bool:
    cls = body_classes(doc)
    if cls & _SINGLE_BODY or any(c.startswith("postid-") for c in cls):
        return False
    if cls & _LISTING_BODY:
        return True
    return len(listing_entries(doc, chrome)) > 2 and not page.select(doc, "#comments .comment, .comment-list li")


def extract(doc, url: str) -> list[dict]:
    """Raw records (without provenance) for every post on a WordPress page."""
    chrome = _chrome(doc)
    regions = _comment_regions(doc)  # read once: every post field skips them
    site = site_info(doc, url)
    language = site["languages"][0] if site["languages"] else None
    canonical = page.link_href(doc, "canonical") or page.meta(doc, "og:url")
    if is_listing(doc, chrome):
        records = []
        for entry in listing_entries(doc, chrome):
            fields = _post_fields(entry, doc, chrome, site["name"], url, regions)
            if not fields.get("title") and not fields.get("content_html"):
                continue
            m = _POST_ID_RE.match(entry.get("id") or "")
            records.append({"url": url, "site": site, "canonical_url": _permalink(entry, url),
                            "post_id": m.group(1) if m else None, "language": language,
                            "is_excerpt": _is_teaser(entry), **fields})
        if records:
            return records
    post_id = page_post_id(doc, url)
    scope = main_post(doc, chrome, post_id, regions)
    if post_id is None and scope is not None:
        m = _POST_ID_RE.match(scope.get("id") or "")
        post_id = m.group(1) if m else None
    fields = _post_fields(scope, doc, chrome, site["name"], url, regions)
    cls = body_classes(doc)
    post_type = "page" if "page" in cls and "single" not in cls and "page-template-default" in cls else "post"
    return [{"url": url, "site": site, "canonical_url": urljoin(url, canonical) if canonical else None,
             "post_id": post_id, "post_type": post_type, "language": language, "is_excerpt": False, **fields,
             "comments": extract_comments(doc, chrome), "comments_declared": comments_declared(doc, chrome),
             "comments_status": comments_status(doc, chrome)}]
