"""A basic fallback for pages of any other CMS: JSON-LD Article, h-entry/hAtom, og/article meta, <article>, <time>."""
from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from . import page, wordpress

TITLE = ["h1.entry-title", ".h-entry .p-name", ".hentry .entry-title", "article h1", "h1[itemprop=headline]",
         "[itemprop=headline]", "main h1", "h1.title", "h1.page-title", "h1"]
CONTENT = [".e-content", ".entry-content", "[itemprop=articleBody]", ".post-body", ".article-body", ".article__body",
           ".field--name-body", ".field-name-body", ".node__content", ".post-content", ".news-text", ".text-content",
           "article .content", "#content-core", ".item-page", ".article-content", ".articleBody", ".texte"]
CONTAINERS = [".h-entry", ".hentry", "article", "[itemtype$='BlogPosting']", "[itemtype$='Article']", "main",
              "[role=main]", "#content", ".content"]
AUTHOR = [".p-author", ".h-entry .author", "[rel~=author]", "[itemprop=author] [itemprop=name]", "[itemprop=author]",
          ".byline a", ".byline", ".author a", ".author-name", ".author", ".autor"]
PUBLISHED = [(".dt-published", "datetime"), ("time[itemprop=datePublished]", "datetime"), ("abbr.published", "title"),
             ("time.published", "datetime"), ("article time[datetime]", "datetime"), ("main time[datetime]", "datetime"),
             ("[itemprop=datePublished]", "content"), ("time[datetime]", "datetime")]
DATE_TEXT = [".dt-published", ".published", ".entry-date", "article time", ".date", ".datum", ".post-date",
             "[class*=date]", "time"]


def _clean_title(value: str, site: str | None) -> str:
    return wordpress.strip_site_name(value, site)


def extract(doc, url: str, platform: str = "generic") -> list[dict]:
    """One raw record (without provenance) for the page's main article."""
    chrome = wordpress._chrome(doc)
    split = urlsplit(url)
    site_name = page.meta(doc, "og:site_name")
    html = doc.getroottree().getroot()
    lang = (html.get("lang") or html.get("xml:lang") or "").strip() or None
    site = {"base_url": f"{split.scheme}://{split.netloc}/", "platform": platform, "name": site_name,
            "languages": [lang] if lang else []}
    everything = page.json_ld(doc)
    ld = page.ld_article(doc) or {}
    scope = None
    for css in CONTAINERS:
        found = wordpress._visible(page.select(doc, css), chrome)
        if found:
            scope = max(found, key=lambda e: len(page.text(e)))
            break
    region = scope if scope is not None else doc
    title_el = wordpress._first(region, TITLE, chrome, need_text=True)
    if title_el is None:
        title_el = wordpress._first(doc, TITLE, chrome, need_text=True)
    title = page.text(title_el) if title_el is not None else None
    if not title:
        ld_title = ld.get("headline") or ld.get("name")
        title = ld_title if isinstance(ld_title, str) else None
    if not title:
        og = page.meta(doc, "og:title", "twitter:title")
        t = doc.find(".//title")
        title = og or (page.text(t) if t is not None else None)
        title = _clean_title(title, site_name) if title else None
    content_el = wordpress._first(region, CONTENT, chrome, need_text=True)
    if content_el is None:
        content_el = wordpress._first(doc, CONTENT, chrome, need_text=True)
    if content_el is None:
        skip = set(chrome)
        for css in wordpress.S.CONTENT_NOISE + ["header", "footer", ".comments", "#comments"]:
            skip.update(page.select(region, css))
        content_el = wordpress.densest(region, skip)
    authors = []
    el = wordpress._first(region, AUTHOR, chrome, skip=content_el)
    if el is not None and page.text(el) and len(page.text(el)) < 80:
        authors.append({"name": page.text(el), "url": el.get("href") if el.tag == "a" else None})
    if not authors:
        authors = [{"name": n, "url": None} for n in page.ld_author_names(ld, everything)]
    if not authors:
        name = page.meta(doc, "author", "article:author")
        if name and not name.startswith("http"):
            authors.append({"name": name, "url": None})
    machine = None
    machine_el = None
    for css, attr in PUBLISHED:
        for t in wordpress._visible(page.select(region, css), chrome):
            if (t.get(attr) or "").strip()[:1].isdigit():
                machine, machine_el = t.get(attr).strip(), t
                break
        if machine:
            break
    if not machine:
        ld_date = ld.get("datePublished")
        machine = (ld_date if isinstance(ld_date, str) else None) or page.meta(
            doc, "article:published_time", "datePublished", "date", "DC.date.issued", "dcterms.created",
            "og:published_time", "publish-date", "pubdate")
    raw = None
    if machine_el is not None:
        raw = page.text(machine_el) or None
    else:
        date_el = wordpress._first(region, DATE_TEXT, chrome, skip=content_el)
        shown = page.text(date_el) if date_el is not None else ""
        raw = shown if shown and any(ch.isdigit() for ch in shown) and len(shown) < 80 else None
    canonical = page.link_href(doc, "canonical") or page.meta(doc, "og:url")
    record = {"url": url, "site": site, "canonical_url": urljoin(url, canonical) if canonical else None,
              "title": title, "authors": authors, "language": lang, "published_raw": raw, "published_machine": machine,
              "updated_machine": page.meta(doc, "article:modified_time", "dateModified"),
              "content_html": wordpress.content_html(content_el) if content_el is not None else None,
              "comments": wordpress.extract_comments(doc, chrome),
              "comments_declared": wordpress.comments_declared(doc, chrome)}
    return [record]
