"""Generic (any other CMS) selector lists as ordered data: tried in order, first match wins.

Drupal, TYPO3, Joomla, SPIP and in-house CMSs of charities and policy institutes. Every list is
plain CSS (or a regular expression over shown text, named *_RE). Add a CMS by adding a selector
here, never a per-site branch in code.
"""
from __future__ import annotations

import re

# --- Page regions --------------------------------------------------------------------------------

# Regions never holding the article, besides wordpress_selectors.CHROME (asides, navs, widgets…).
CHROME = [
    "footer", "#footer", ".footer", ".site-footer", "#header", ".cookie-banner", ".cookie-panel", "#cookie-notice",
    ".modal", "[role=dialog]", ".share-links", ".social-share", ".share-icons", ".region-sidebar-first",
    ".region-sidebar-second", ".sidebar-first", ".sidebar-second", ".news-related-wrap", ".related", ".news-related",
    ".view-rubrik-kurzteaser", ".teaser-slider", ".slider", ".node-print-footer", ".element-invisible",
    ".visually-hidden", ".sr-only", ".skip-link",
]

# A chrome match holding one of these (the article's title or body: a theme's 'content sidebar' column) is not chrome.
CHROME_GUARD = ["h1", "[itemprop=articleBody]", ".field--name-body", ".field-name-body", ".e-content",
                ".entry-content"]

# Chrome inside the article whose class names it post meta (an aside.meta holding the date) is not chrome.
META_CLASS_RE = re.compile(r"meta|byline|date|info|posted|author|submitted", re.I)

# Regions of reader comments: post fields are never read there.
COMMENT_REGIONS = ["#comments", ".comments", ".comment-wrapper", "section.comments", ".comment-list",
                   ".commentlist", ".view-comments", ".field--name-comment"]

# The element holding the one article of the page, best evidence first. A match must hold a fair share
# of the page's prose (MAIN_POST_SHARE in regions.py) or the next selector is tried.
ARTICLE_CONTAINERS = [
    ".h-entry", ".hentry", "[itemtype$='/BlogPosting']", "[itemtype$='/NewsArticle']", "[itemtype$='/Article']",
    ".node--view-mode-full", ".node-full", "article.node", ".node-blog", ".node-article", ".news-single",
    ".news-article", "article.article", ".article-detail", ".item-page", "article", "main", "[role=main]",
    "#main-content", "#content", ".main-content", "#main",
]

# --- Post fields -------------------------------------------------------------------------------------

# Each field list below starts with the markup that says what an element is (microformats h-entry / hAtom,
# itemprop); a site spider's own selectors (SITE_FIELDS) are tried right after it, before the CMS classes.
TITLE_MARKUP = [".h-entry .p-name", ".hentry .entry-title", "h1.entry-title", "h1[itemprop=headline]"]
TITLE = TITLE_MARKUP + [
    "h1.node__title",
    "h1.node-title", ".pane-node-title h1", "h1.page-title", "h1.title", "h1.headline", "article h1", "main h1", "h1",
]
# Weaker title evidence, read only when no TITLE matches in the article or on the page.
TITLE_WEAK = ["[itemprop=headline]", ".node__title", ".node-title", ".entry-title", "h2.title"]

# Post body: the first match (outside chrome and comments) holding a fair share of the article's prose.
CONTENT_MARKUP = [".e-content", ".entry-content", "[itemprop=articleBody]"]
CONTENT = CONTENT_MARKUP + [
    ".field--name-body", ".field-name-body",
    ".field-name-field-forall-body", "[class*=field-name-field-][class*=-body]", ".node__content",
    ".article__body", ".article-body", ".article-content", ".articleBody", ".news-text-wrap",
    ".news-article__content", ".news-text", ".news-single .text", ".post-body", ".post-content", ".text-content",
    ".body-text", ".std-text", "#content-core", ".item-page", ".texte", ".content-body", ".article-text",
]

# A lead paragraph (teaser, standfirst) shown above the body but outside its element; put before the body.
LEAD = [
    ".p-summary", ".news-article__teaser", ".eventbox__teaser", ".teaser-text", ".article__lead", ".article-lead",
    ".lead", ".standfirst", ".intro", ".node__teaser", ".field--name-field-teaser", ".field-name-field-teaser",
    ".news-teaser",
]

# Removed from the body before it is emitted.
CONTENT_NOISE = [
    "script", "style", "noscript", "form", "iframe", "#comments", ".comments", ".share-links", ".social-share",
    ".share-icons", ".links.inline", ".node__links", ".field--name-field-tags", ".field-name-field-tags",
    ".submitted", ".node__submitted", ".newsletter", ".donation", ".related", ".element-invisible",
    ".visually-hidden", ".sr-only", "nav", "aside", ".breadcrumb",
]

# Byline elements: their text is the author (with 'By ' etc. kept), first match wins.
AUTHOR_MARKUP = [".h-entry .p-author", ".hentry .author .fn", ".hentry .author", "[rel~=author]"]
AUTHOR = AUTHOR_MARKUP + [
    "a.blog-author-link",
    ".blog-author a", ".node__author .user__name", ".node__author [property='schema:name']",
    ".field--name-uid", ".field-name-field-author", ".field--name-field-author", ".news-list-author",
    ".article__author", ".article-author", ".author-name", ".authors .author-name", "[itemprop=author] [itemprop=name]",
    "[itemprop=author]", ".byline a", ".byline", ".author a", ".author", ".autor", ".submitted .username",
]

# Elements whose text holds a byline sentence ('Submitted by X on …', 'Blog entry by X | …', '… by X').
BYLINE_TEXT = [".submitted", ".node__submitted", ".byline", ".meta", ".date", ".post-meta", ".article-meta",
               "[class*=author-pane]", "[class*=byline]", ".info"]
BYLINE_RE = re.compile(r"(?:^|\b)(?:submitted\s+by|posted\s+by|written\s+by|blog\s+entry\s+by|von|by)\s+"
                       r"(?P<name>[^|,;:\n]{2,60}?)\s*(?:$|\||,|;| on | am | at | - | – |\d)", re.I)

# Machine-readable publication date: (selector, attribute).
# Read first-match-wins; GENERIC_MACHINE candidates are chosen nearest to the title instead.
PUBLISHED_MACHINE = [
    (".dt-published", "datetime"), ("time[itemprop=datePublished]", "datetime"),
    ("[itemprop=datePublished]", "content"), ("[itemprop=datePublished]", "datetime"), ("abbr.published", "title"),
    ("time.published", "datetime"), ("[property~='dc:date']", "content"), ("[property~='dc:created']", "content"),
    ("time[pubdate]", "datetime"),
]
GENERIC_MACHINE = [("time[datetime]", "datetime")]
# Page-level meta naming the publication; WEAK_META ('date', 'DC.date') is often the last change and only read
# when the page shows no date.
PUBLISHED_META = ["article:published_time", "datePublished", "og:published_time", "DC.date.issued",
                  "dcterms.created", "dcterms.issued", "publish-date", "pubdate"]
WEAK_META = ["date", "DC.date", "dcterms.date"]

# Shown publication date text: of every match, the one nearest the title (after it rather than before); an 'updated' label sends it to updated_raw instead.
PUBLISHED_TEXT_MARKUP = [".dt-published", ".published"]
PUBLISHED_TEXT = PUBLISHED_TEXT_MARKUP + [
    ".node__publication-date", ".field--name-created", ".entry-date",
    ".news-article__date", ".news-list-date", "[itemprop=datePublished]", ".press-article-date", ".article-date",
    ".article__date", ".post-date", ".date", ".datum", "[class*=publication-date]", "[class*=date]", "time",
]

# Shown update dates.
UPDATED_TEXT = [".node__publication-last-updated", ".last-updated", ".updated-on", ".modified", ".date-modified"]

# Date text labelled as an update ('Page updated: 12 November 2025', 'Zuletzt geändert am …').
UPDATED_LABEL_RE = re.compile(r"\b(?:updated|last\s+modified|modified|aktualisiert|zuletzt\s+geändert|geändert\s+am|"
                              r"mis\s+à\s+jour|actualizado)\b", re.I)
# A date label before a heading or value holding the date ('Erschienen am:', 'Published:', 'Datum:').
PUBLISHED_LABEL_RE = re.compile(r"^\s*(?:erschienen\s+am|veröffentlicht(?:\s+am)?|published(?:\s+on)?|datum|date|"
                                r"publié\s+le|posted(?:\s+on)?)\s*:?\s*$", re.I)

# --- Per-site selectors ------------------------------------------------------------------------------

# Field a site spider may give selectors for (``extract_selectors = {"title": ("h1.story-title",), ...}``) -> (the
# list they go into, how many of its first entries (the markup above) stay before them).
SITE_FIELDS = {
    "title": ("TITLE", len(TITLE_MARKUP)),
    "content": ("CONTENT", len(CONTENT_MARKUP)),
    "author": ("AUTHOR", len(AUTHOR_MARKUP)),
    "published": ("PUBLISHED_TEXT", len(PUBLISHED_TEXT_MARKUP)),
}

# --- Listing pages ----------------------------------------------------------------------------------

# Teasers of several posts (a campaign or archive page): each repeats a linked title and a dated byline.
LISTING_ENTRIES = [".h-entry", ".hentry", ".node--view-mode-teaser", ".node-teaser", ".views-row", ".news",
                   ".news-list-item", ".teaser", ".post-teaser", "article"]
ENTRY_TITLE = ["h2 a", "h3 a", "h4 a", ".entry-title a", ".node__title a", "a[rel~=bookmark]"]
ENTRY_BODY = [".e-content", ".p-summary", ".entry-summary", ".teaser-text", ".field--name-body", "p"]
# Entries' prose must be at least this share of the page's for the page to be a listing.
LISTING_SHARE = 0.3
# A listing of full posts that show no date of their own (an old blog page, a view of full notes) is still a
# listing when each titled entry is closed by a share widget (AddToAny, ShareThis, AddThis, a 'Share Button').
SHARE_WIDGETS = [".addtoany", ".a2a_kit", "a.a2a_dd", ".sharethis", ".st_sharethis", ".addthis_toolbox",
                 ".share-links", ".social-share", ".share-icons", "img[alt='Share Button']"]

# --- Comments (Drupal and the like) ------------------------------------------------------------------

COMMENTS_AREA = ["#comments", "section.comments", ".comment-wrapper", ".comments", ".view-comments"]
# One comment; replies are inside the next sibling REPLY_BLOCK (Drupal) or nested inside the comment.
COMMENT_ITEMS = ["article.comment", "div.comment", "li.comment", ".comment-item", "[id^='comment-'].comment"]
REPLY_BLOCKS = ["div.indented", ".comment-replies", "ul.children", "ol.children", "div.children"]
COMMENT_AUTHOR = [".comment__author .username", ".comment__author", ".username", ".comment-author .fn",
                  ".comment-author", "[property~='foaf:name']", ".author", "cite", ".name"]
COMMENT_DATE_MACHINE = [("time[datetime]", "datetime"), ("[property~='dc:date']", "content"),
                        ("[property~='dc:created']", "content")]
COMMENT_DATE_TEXT = [".submitted time", "time", ".comment__time", ".comment-time", ".comment-date", ".date",
                     ".submitted"]
# The parent of a reply, named by a link or RDFa relation in the comment's own markup: (selector, attribute).
# Drupal 7's RDF module writes <span rel="sioc:reply_of" resource="/comment/12#comment-12">; Drupal 8+ themes write
# <p class="parent">In reply to <a href="/comment/12#comment-12">. A value naming no comment (the node) is skipped.
COMMENT_PARENT_LINKS = [("[rel~='sioc:reply_of'][resource]", "resource"), ("p.parent a[href]", "href"),
                        (".comment__parent a[href]", "href"), (".in-reply-to a[href]", "href")]
COMMENT_REF_RE = re.compile(r"(?:#comment-|/comment/)(\d+)")
COMMENT_BODY = [".field--name-comment-body", ".field-name-comment-body", ".field-comment-body",
                ".comment__content", ".comment-body", ".comment-content .content", ".comment-content", ".content"]
# Removed from a comment's body before it is emitted (its byline, reply links, the reply form).
COMMENT_BODY_NOISE = ["form", "script", "style", ".username", "h3.name", ".submitted", ".links"]
COMMENT_COUNT = [".comment-count", ".comments-count", ".comments__title", "#comments h2", "#comments h3"]
