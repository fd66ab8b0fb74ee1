"""Generic (Drupal, TYPO3, in-house CMS) extraction on hand-written pages, read as a reader would after normalising.

The pages (pages/generic_*.html, with their raw records in pages/generic_*.json checked field by field in
test_extract_pages) each exercise one step of the cascade: JSON-LD article, h-entry, a Drupal page with a
nested comment thread, a 'Submitted by' byline with labelled publication and update dates, and a listing
of dated teasers. Here every expected published value is one generated test.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from harvester.extract import extract_page
from normalise.dataio import to_dict
from normalise.record import normalise_dict

PAGES = Path(__file__).parent / "pages"


def _names(authors) -> list[str]:
    return [a["name"] for a in authors or []]


def _thread(comments) -> list:
    return [[c["author"]["name"], c["published"][:10], _thread(c.get("replies"))] for c in comments or []]


# page -> one entry per expected post: field -> expected value (as the normalised record reads).
EXPECTED = {
    "generic_jsonld_article": [{
        "title": "Why we fund debt advice", "published_day": "2024-03-07", "authors": ["Amira Haddad"],
        "body_starts": "Last year our grants paid", "body_lacks": "Registered charity", "thread": []}],
    "generic_hentry": [{
        "title": "What the housing figures do not show", "published_day": "2022-11-03", "authors": ["Lena Ortiz"],
        "body_starts": "The quarterly figures count", "body_lacks": "small think tank", "thread": []}],
    "generic_drupal_comments": [{
        "title": "Keep the library open on Saturdays", "published_day": "2019-05-14", "authors": ["Priya Nair"],
        "body_starts": "The council proposes", "body_lacks": "Parks survey",
        "thread": [["Tom Baker", "2019-05-15", [["Priya Nair", "2019-05-16", []]]], ["June Wu", "2019-05-17", []]]}],
    "generic_submitted_byline": [{
        "title": "Neue Beratungsstelle eröffnet", "published_day": "2023-09-12", "updated_day": "2023-09-30",
        "authors": ["Jonas Weber"], "body_starts": "In der Altstadt berät", "body_lacks": "Impressum", "thread": []}],
    "generic_listing_teasers": [
        {"title": "Why a plastic treaty matters", "published_day": "2021-06-08", "authors": ["Maria Santos"],
         "body_starts": "Governments meet next month", "body_lacks": "deep sea", "thread": []},
        {"title": "No to deep sea mining", "published_day": "2021-05-20", "authors": ["Kenji Mori"],
         "body_starts": "Mining companies want", "body_lacks": "plastic", "thread": []}],
}

READ = {
    "title": lambda p: p["title"],
    "published_day": lambda p: (p.get("published") or "")[:10] or None,
    "updated_day": lambda p: (p.get("updated") or "")[:10] or None,
    "authors": lambda p: _names(p.get("authors")),
    "body_starts": lambda p: (p.get("content_text") or "").strip()[:40],
    "body_lacks": lambda p: p.get("content_text") or "",
    "thread": lambda p: _thread(p.get("comments")),
}


def _posts(name: str) -> list[dict]:
    spec = json.loads((PAGES / f"{name}.json").read_text(encoding="utf-8"))
    records = extract_page((PAGES / f"{name}.html").read_bytes(), spec["url"], fetched_at=spec["fetched_at"])
    return [to_dict(normalise_dict(r)) for r in records]


def _cases():
    for name, posts in EXPECTED.items():
        for i, fields in enumerate(posts):
            for field in fields:
                yield pytest.param(name, i, field, id=f"{name}[{i}].{field}")


@pytest.mark.parametrize("name,index,field", list(_cases()))
def test_field(name, index, field):
    posts = _posts(name)
    assert len(posts) == len(EXPECTED[name]), "number of posts"
    want = EXPECTED[name][index][field]
    got = READ[field](posts[index])
    if field == "body_starts":
        assert got.startswith(want)
    elif field == "body_lacks":
        assert want not in got
    else:
        assert got == want


def test_every_generic_page_has_expectations():
    assert sorted(EXPECTED) == sorted(p.stem for p in PAGES.glob("generic_*.html"))


# A page listing full posts with no date of their own, each closed by a share widget (as a charity's old blog page
# listed its posts, 'Share Button' after each): one record per post, its title linking to its permalink.
UNDATED_FULL_POSTS = """<html><head><title>Policy notes | Example Trust</title></head><body>
<header id="header"><a href="/">Example Trust</a></header><main role="main"><h1>Policy notes</h1>
<div class="view-content">{rows}</div></main><footer class="site-footer">Registered charity 1234567</footer>
</body></html>"""
UNDATED_ROW = """<div class="views-row"><article class="node node--view-mode-full">
<h2 class="node__title"><a href="/blog/{slug}" rel="bookmark">{title}</a></h2>
<div class="field field--name-body"><p>{text} The council consulted on it over the winter months.</p>
<p>We answered every question and asked for the poorest households to be protected from the change.</p></div>
<div class="field addtoany"><span class="a2a_kit"><a class="a2a_dd" href="https://www.addtoany.com/share">
<img src="/share_save_171_16.png" alt="Share Button"></a></span></div></article></div>"""
UNDATED_POSTS = [("council-tax", "Council tax support", "We responded to the council tax consultation."),
                 ("bedroom-tax", "The under-occupancy charge", "We wrote a briefing on the spare room charge."),
                 ("food-banks", "Food bank referrals", "We counted the food bank referrals our advisers made.")]


@pytest.mark.parametrize("widget", [True, False], ids=["share-widgets", "no-widgets"])
def test_undated_full_posts_closed_by_share_widgets_are_one_record_each(widget):
    rows = "".join(UNDATED_ROW.format(slug=s, title=t, text=x) for s, t, x in UNDATED_POSTS)
    if not widget:
        rows = rows.replace("a2a_kit", "x").replace("a2a_dd", "y").replace("addtoany", "z").replace("Share Button", "")
    records = extract_page(UNDATED_FULL_POSTS.format(rows=rows).encode(), "https://example.org/blog/policy-notes",
                           fetched_at="2024-06-01T10:00:00Z")
    got = [(r["title"], r.get("canonical_url")) for r in records]
    if widget:
        assert got == [(t, f"https://example.org/blog/{s}") for s, t, _ in UNDATED_POSTS]
        assert all(x in r["content_html"] for r, (_, _, x) in zip(records, UNDATED_POSTS))
    else:   # without dates or share widgets the entries are not known to be posts: the page is one article
        assert len(got) == 1


# -- Each stage of the cascade on its own (invented pages): what only that stage can give ---------------------------

CHROME = """<header><a href="/">Riverside Advice Network</a><nav><a href="/about">About</a> <a href="/news">News</a>
<a href="/donate">Donate</a></nav></header>"""
SIDEBAR = """<aside class="sidebar"><h2>Latest</h2><div class="date">1 January 2020</div>
<p>Another post by <span class="author">Somebody Else</span>.</p></aside>"""
PROSE = ("<p>Every winter the advice line takes twice as many calls about energy debt as in the summer months.</p>"
         "<p>This year we trained twelve more volunteers so that nobody waits longer than a day for a call back.</p>"
         "<p>The extra shifts are paid for by a grant from the community foundation, renewed for three years.</p>")


def _page(head: str, body: str) -> bytes:
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Page | Riverside Advice Network'
            f"</title>{head}</head><body>{CHROME}{body}{SIDEBAR}<footer>Registered charity 1234</footer></body>"
            f"</html>").encode()


def _read(html: bytes, **kwargs) -> dict:
    records = extract_page(html, "https://advice.example.org/news/winter-calls", fetched_at="2024-05-01T00:00:00Z",
                           platform="generic", **kwargs)
    assert len(records) == 1
    return to_dict(normalise_dict(records[0]))


def _summary(post: dict) -> tuple:
    return (post["title"], (post.get("published") or "")[:10], _names(post["authors"]),
            "twelve more volunteers" in post["content_text"], "Somebody Else" in post["content_text"])


@pytest.mark.parametrize("ld_type", ["BlogPosting", "NewsArticle", "Article"])
def test_stage_json_ld(ld_type):
    ld = json.dumps({"@context": "https://schema.org", "@type": ld_type, "headline": "Winter calls double",
                     "datePublished": "2023-11-14T09:00:00+00:00", "author": {"@type": "Person", "name": "Ruth Ellis"}})
    html = _page(f'<script type="application/ld+json">{ld}</script>', f"<div>{PROSE}</div>")
    assert _summary(_read(html)) == ("Winter calls double", "2023-11-14", ["Ruth Ellis"], True, False)


def test_stage_microformats_h_entry():
    html = _page("", f"""<div class="h-entry"><h2 class="p-name">Winter calls double</h2>
<a class="p-author h-card" href="/people/ruth">Ruth Ellis</a> <time class="dt-published" datetime="2023-11-14">14 Nov
</time><div class="e-content">{PROSE}</div></div>""")
    assert _summary(_read(html)) == ("Winter calls double", "2023-11-14", ["Ruth Ellis"], True, False)


def test_stage_microformats_hatom():
    html = _page("", f"""<div class="hentry"><h2 class="entry-title">Winter calls double</h2>
<span class="author vcard"><span class="fn">Ruth Ellis</span></span>
<abbr class="published" title="2023-11-14T09:00:00+00:00">14 November</abbr>
<div class="entry-content">{PROSE}</div></div>""")
    assert _summary(_read(html)) == ("Winter calls double", "2023-11-14", ["Ruth Ellis"], True, False)


def test_stage_opengraph_and_article_meta():
    head = ('<meta property="og:type" content="article"><meta property="og:title" content="Winter calls double">'
            '<meta property="article:published_time" content="2023-11-14T09:00:00Z">'
            '<meta name="author" content="Ruth Ellis">')
    html = _page(head, f"<div>{PROSE}</div>")
    assert _summary(_read(html)) == ("Winter calls double", "2023-11-14", ["Ruth Ellis"], True, False)


def test_stage_article_and_time():
    html = _page("", f"""<article><header><h1>Winter calls double</h1><p class="byline">By Ruth Ellis</p>
<time datetime="2023-11-14T09:00:00Z">14 November 2023</time></header><div>{PROSE}</div></article>""")
    assert _summary(_read(html)) == ("Winter calls double", "2023-11-14", ["Ruth Ellis"], True, False)


SITE_PAGE = _page("", f"""<h1>Riverside Advice Network</h1><div class="story-headline">Winter calls double</div>
<div class="story-meta"><span class="who">Ruth Ellis</span> <span class="when">14 November 2023</span></div>
<div class="story-words">{PROSE}</div>
<div class="article-content"><p>Sign up to our newsletter for monthly news of our advice line and our campaigns.</p></div>""")
SITE_SELECTORS = {"title": (".story-headline",), "content": (".story-words",), "author": (".story-meta .who",),
                  "published": (".story-meta .when",)}


def test_stage_per_site_selectors_declared_as_data():
    without = _read(SITE_PAGE)
    assert without["title"] == "Riverside Advice Network" and (without.get("published") or "")[:10] != "2023-11-14"
    assert _summary(_read(SITE_PAGE, site_selectors=SITE_SELECTORS)) == (
        "Winter calls double", "2023-11-14", ["Ruth Ellis"], True, False)


def test_per_site_selectors_come_after_the_markup_and_before_the_cms_classes():
    from harvester.extract import generic_selectors as G
    from harvester.extract.generic_find import field_lists
    lists = field_lists({"title": ("h2.story",), "published": (".when",)})
    assert lists["TITLE"] == G.TITLE_MARKUP + ["h2.story"] + G.TITLE[len(G.TITLE_MARKUP):]
    assert lists["PUBLISHED_TEXT"].index(".when") == len(G.PUBLISHED_TEXT_MARKUP)
    assert lists["CONTENT"] is G.CONTENT
    with pytest.raises(ValueError, match="unknown extract_selectors field"):
        field_lists({"body": (".x",)})


def test_stage_text_density_fallback_for_the_body():
    html = _page("", f"""<h1>Winter calls double</h1><div class="links"><a href="/a">One</a> <a href="/b">Two</a>
<a href="/c">Three</a> <a href="/d">Four</a></div><div class="x1"><div class="x2">{PROSE}</div></div>
<div class="promo"><p>Donate today.</p></div>""")
    post = _read(html)
    assert post["title"] == "Winter calls double"
    assert post["content_text"].startswith("Every winter the advice line")
    assert "grant from the community foundation" in post["content_text"]
    assert not any(w in post["content_text"] for w in ("Donate today", "Somebody Else", "Registered charity"))
