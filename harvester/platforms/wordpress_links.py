"""WordPress discovery as data: API hints, REST routes, seeds, link selectors, page kinds and URLs never followed.

Every list is ordered (tried first to last) and compiled once. A site spider may override any of them with
a class attribute of the same name in lower case (e.g. ``teaser_selectors = [...]``).
"""
from __future__ import annotations

import re
from datetime import timedelta

# -- REST API ----------------------------------------------------------------------------------------------------
# rel of the API root in the Link header and <link> element that WordPress sends on every page.
API_REL = "https://api.w.org/"
LINK_HEADER_API = re.compile(r'<(?P<url>[^>]+)>\s*;[^,]*?\brel="?https://api\.w\.org/"?', re.IGNORECASE)
API_LINK_SELECTORS = ('link[rel="https://api.w.org/"]::attr(href)',)
# Probed (relative to the blog URL) when no page announces the API: pretty permalinks, then plain ones.
API_PROBES = ("wp-json/", "?rest_route=/")
# The namespace an API root must list to be used.
API_NAMESPACE = "wp/v2"
# Collections harvested, with the RawPost.post_type they hold.
REST_COLLECTIONS = (("/wp/v2/posts", "post"), ("/wp/v2/pages", "page"))
REST_COMMENTS = "/wp/v2/comments"
# Maximum page size WordPress accepts; paging then follows X-WP-TotalPages.
REST_PER_PAGE = 100
# Embedded with each post so authors and term names come in the same response (WordPress 5.4+ filter;
# older versions embed everything).
REST_EMBED = "author,wp:term"
# The comments route lists only type=comment unless asked: pingbacks and trackbacks are listed site-wide
# (they are few) before the posts, and joined to their posts by the 'post' field.
REST_PING_TYPES = ("pingback", "trackback")
# Comment order: oldest first by id, so pages are stable while new comments arrive during the crawl.
REST_COMMENT_ORDER = (("orderby", "id"), ("order", "asc"))
# Incremental crawls: WordPress compares modified_after/after with site-local times, so ask from this much earlier
# (the widest UTC offset, +14:00) to miss nothing.
REST_SINCE_MARGIN = timedelta(hours=14)

# -- HTML discovery ----------------------------------------------------------------------------------------------
# Sitemaps tried at the blog root: WordPress core (5.5+), then the common plugin names (Yoast, Rank Math…).
SITEMAP_PATHS = ("wp-sitemap.xml", "sitemap_index.xml", "sitemap.xml")
# The posts feed (never the comments feeds).
FEED_PATHS = ("feed/",)
# Links from listing pages to the permalinks of the posts they tease.
TEASER_SELECTORS = (
    ".entry-title a::attr(href)",
    ".post-title a::attr(href)",
    "h2 a[rel~=bookmark]::attr(href)",
    "article a[rel~=bookmark]::attr(href)",
    ".more-link::attr(href)",
)
# Pagination of listings (home, categories, dates) and post-to-post navigation.
PAGINATION_SELECTORS = (
    'link[rel="next"]::attr(href)',
    'link[rel="prev"]::attr(href)',
    ".nav-links a::attr(href)",
    ".navigation a::attr(href)",
    ".pagination a::attr(href)",
    ".nav-previous a::attr(href)",
    ".nav-next a::attr(href)",
    "a.next::attr(href)",
    "a.page-numbers::attr(href)",
    "a[rel~=next]::attr(href)",
    "a[rel~=prev]::attr(href)",
)
# Archive links: date and category widgets, a post's own category and tag links. Calendar widgets are not
# followed: their month links repeat the archive widget and sitemaps, and an events calendar links on forever.
ARCHIVE_SELECTORS = (
    ".widget_archive a::attr(href)",
    ".widget_categories a::attr(href)",
    "a[rel~=category]::attr(href)",
    "a[rel~=tag]::attr(href)",
    'option[value*="/"]::attr(value)',
)

# -- Page kinds --------------------------------------------------------------------------------------------------
# body@class tokens (WordPress body_class()): a listing wins over a single view when both appear.
LISTING_BODY_CLASSES = ("blog", "archive", "search", "error404")
SINGLE_BODY_CLASSES = ("single", "page", "home")
SKIPPED_BODY_CLASSES = ("attachment", "error404")
# body@class of a static page (WordPress adds 'page' and 'page-id-N'); its records get post_type 'page'.
STATIC_PAGE_BODY_CLASSES = ("page",)
# When a theme prints no body classes: URL shapes of listings (the blog root is always a listing).
LISTING_URL_PATTERNS = tuple(re.compile(p) for p in (
    r"/page/\d+/?$",
    r"/(?:category|tag|author|topics?)/",
    r"/\d{4}/(?:\d{2}/){0,2}$",
    r"[?&](?:paged|cat|tag|m|author|s)=",
))

# -- Never followed ----------------------------------------------------------------------------------------------
# Login, admin, API, comment feeds, reply/share/like actions, search, embeds, files: matched against the
# whole URL of a discovered link (seeds and API requests are built, not discovered).
DENY_URL_PATTERNS = tuple(re.compile(p, re.IGNORECASE) for p in (
    r"/wp-login\.php",
    r"/wp-admin(?:/|$)",
    r"/wp-signup\.php",
    r"/wp-comments-post\.php",
    r"/xmlrpc\.php",
    r"/wp-json(?:/|$)",
    r"[?&]rest_route=",
    r"/wp-(?:content|includes)/",
    r"/feed(?:/[a-z0-9]*)?/?(?:$|\?)",
    r"[?&]feed=",
    r"[?&](?:replytocom|share|like_comment|action|unapproved|moderation-hash|nb|redirect_to|preview)=",
    r"[?&](?:s|attachment_id|print|output|format)=",
    r"/trackback/?$",
    r"/embed/?$",
    r"/amp/?$|[?&]amp(?:=|&|$)",
    r"/attachment/",
    r"\.(?:jpe?g|png|gif|webp|svg|ico|pdf|docx?|xlsx?|pptx?|odt|zip|gz|mp3|mp4|mov|css|js|xml)(?:$|\?)",
))
