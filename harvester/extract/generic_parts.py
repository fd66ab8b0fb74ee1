"""Posts shown in full on one page with no permalink of their own (a digest of notes): a URL of their own each.

Such a post's ``canonical_url`` is the page's URL with a fragment: the post's element id (its own ``id``, or the
``#anchor`` its title links to) followed by a text directive naming its title (``#note-3:~:text=Title``, the URL
Fragment Text Directives standard: a browser scrolls to the title). ``normalise.urls`` keeps such a fragment, so each
post gets its own URL and stable id; re-crawling the same page gives the same ids as long as anchors and titles stay.
A post without title is named by the first words of its body; two posts the same name also get their body's
first words.
"""
from __future__ import annotations

from urllib.parse import quote, urljoin

from normalise.urls import url_key

__all__ = ["part_urls"]

# Words of the body that name a post without a title, or tell apart two posts with one title.
BODY_WORDS = 8


def _directive_text(text: str) -> str:
    """Percent-encoded for a text directive: '-', ',' and '&' are syntax there, so they are escaped too."""
    return quote(" ".join(text.split()), safe="").replace("-", "%2D")


def _anchor(el, title_el) -> str:
    if el.get("id"):
        return el.get("id")
    href = (title_el.get("href") or "") if title_el is not None else ""
    if href.startswith("#") and len(href) > 1:
        return href[1:]
    prev = el.getprevious()
    if prev is not None and prev.tag == "a" and (prev.get("id") or prev.get("name")):
        return prev.get("id") or prev.get("name")
    return ""


def part_urls(page_url: str, parts: list[tuple[object, object, str | None, str | None]]) -> list[str]:
    """One URL per (element, title element, title, body text) of posts shown in full on the page at page_url."""
    base = page_url.split("#", 1)[0]
    names = []
    for el, title_el, title, body in parts:
        words = " ".join((body or "").split()[:BODY_WORDS])
        names.append([(title or "").strip() or words, words])
    urls = []
    for i, (el, title_el, _, _) in enumerate(parts):
        name, words = names[i]
        texts = [name]
        if sum(1 for n in names if n[0] == name) > 1 and words and words != name:
            texts.append(words)
        directive = "&".join(f"text={_directive_text(t)}" for t in texts if t)
        urls.append(urljoin(base, f"#{_anchor(el, title_el)}:~:{directive}"))
    return urls


def own_permalink(page_url: str, link: str | None) -> bool:
    """Whether an entry's title link leads to another page (a teaser's permalink) rather than this one."""
    if not link:
        return False
    try:
        return url_key(urljoin(page_url, link).split("#", 1)[0]) != url_key(page_url.split("#", 1)[0])
    except ValueError:
        return False
