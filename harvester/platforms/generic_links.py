"""Discovery data of organisations' own CMSs (Drupal, TYPO3, Joomla, in-house): seeds, link selectors, listing URL
shapes and URLs never followed.

Every list is ordered (tried first to last) and compiled once. A site spider may override any of them with a class
attribute of the same name in lower case (e.g. ``teaser_selectors = (...)``). Links are followed only inside the
blog's own path (``https://org.example/blog/`` -> ``/blog`` and ``/blog/…``).
"""
from __future__ import annotations

import re

# -- Seeds -------------------------------------------------------------------------------------------------------
# Sitemaps tried in the blog's folder and at the host root (a CMS writes one for the whole site; only the blog's
# URLs in it are followed). Sitemap indexes are followed on the same host.
SITEMAP_PATHS = ("sitemap.xml",)
# Feeds tried in the blog's folder besides the ones the start page announces (FEED_LINK_SELECTORS):
# Drupal's front-page feed, then the common names.
FEED_PATHS = ("rss.xml", "feed/")
# Feeds a page announces (autodiscovery); comment feeds are denied below.
FEED_LINK_SELECTORS = (
    'link[rel~="alternate"][type="application/rss+xml"]::attr(href)',
    'link[rel~="alternate"][type="application/atom+xml"]::attr(href)',
)

# -- Links followed ----------------------------------------------------------------------------------------------
# From listing pages to the permalinks of the posts they tease (Drupal Views rows, TYPO3 news lists, articles).
TEASER_SELECTORS = (
    ".views-row h2 a::attr(href)",
    ".views-row h3 a::attr(href)",
    ".node--view-mode-teaser h2 a::attr(href)",
    ".node-teaser h2 a::attr(href)",
    ".news-list-item a::attr(href)",
    ".teaser a::attr(href)",
    "article h2 a::attr(href)",
    "article h3 a::attr(href)",
    "a[rel~=bookmark]::attr(href)",
    ".read-more a::attr(href)",
    "a.read-more::attr(href)",
    ".node__links .node-readmore a::attr(href)",
)
# Pagination of listings (Drupal's ul.pager / nav.pager, ?page=N, TYPO3's f3-widget-paginator) and post-to-post
# navigation.
PAGINATION_SELECTORS = (
    'link[rel="next"]::attr(href)',
    'link[rel="prev"]::attr(href)',
    "a[rel~=next]::attr(href)",
    "a[rel~=prev]::attr(href)",
    ".pager a::attr(href)",
    ".pager__item a::attr(href)",
    ".pagination a::attr(href)",
    ".f3-widget-paginator a::attr(href)",
    "a.next::attr(href)",
    "a.prev::attr(href)",
    'a[href*="?page="]::attr(href)',
    'a[href*="&page="]::attr(href)',
)
# The pager of a post's comments (Drupal 7 ul.pager, Drupal 8+ nav.pager with rel=next): only links to the same
# post with another ?page=N count (generic_paging), the pages are read in order and merged into one record.
COMMENT_PAGER_SELECTORS = (
    'link[rel="next"]::attr(href)',
    "a[rel~=next]::attr(href)",
    ".pager a::attr(href)",
    ".pager__items a::attr(href)",
    ".pagination a::attr(href)",
    'a[href*="page="]::attr(href)',
)
# Archives: taxonomy terms, year/month archives, tags.
ARCHIVE_SELECTORS = (
    ".field--name-field-tags a::attr(href)",
    ".field-name-field-tags a::attr(href)",
    "a[rel~=tag]::attr(href)",
    ".archive a::attr(href)",
    ".block-views-archive a::attr(href)",
)

# -- Page kinds --------------------------------------------------------------------------------------------------
# URL shapes of listings: a lone record read from one of these (or from the blog's home) is the listing's own
# text, not a post, unless the page says it is an article (JSON-LD Article, og:type article) or shows a date.
LISTING_URL_PATTERNS = tuple(re.compile(p) for p in (
    r"[?&]page=\d+",
    r"/page/\d+/?$",
    r"/(?:tags?|category|categories|topics?|taxonomy/term|archive)(?:/|$)",
    r"/\d{4}(?:/\d{2})?/?$",
))

# -- Never followed ----------------------------------------------------------------------------------------------
# Login and account pages, editing and reply forms, comment feeds, search, print/share views, sort orders, files.
DENY_URL_PATTERNS = tuple(re.compile(p, re.IGNORECASE) for p in (
    r"/user(?:/|$)",
    r"/(?:login|logout|register|signin|signup)(?:/|$|\?)",
    r"[?&](?:destination|returnUrl|redirect)=",
    r"/node/add(?:/|$)",
    r"/node/\d+/(?:edit|delete|revisions)",
    r"/comment/(?:reply|\d+/(?:edit|delete))",
    r"/comment/\d+(?:$|#|\?)",          # a comment's permalink: its post's page again (Drupal)
    r"/(?:admin|typo3|administrator)(?:/|$)",
    r"/comments?/feed|/crss(?:/|$)",
    r"/search(?:/|$|\?)|[?&](?:search|q|s|keys)=",
    r"[?&](?:print|share|sort|order|format|output|tx_indexedsearch)\b",
    r"/print/|/printpdf/|/share/",
    r"/(?:sites/default/files|fileadmin|uploads)/",
    r"\.(?:jpe?g|png|gif|webp|svg|ico|pdf|docx?|xlsx?|pptx?|odt|zip|gz|mp3|mp4|mov|css|js)(?:$|\?)",
))
