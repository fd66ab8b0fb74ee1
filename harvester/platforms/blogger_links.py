"""Blogger discovery as data: feed routes and paging, URL shapes of posts and listings, link selectors, denials.

Every list is ordered and compiled once. A site spider may override the selector and pattern lists with a
class attribute of the same name in lower case (e.g. ``archive_selectors = [...]``).
"""
from __future__ import annotations

import re

# -- Feeds (GData JSON) ------------------------------------------------------------------------------------------
# Relative to the blog root. Paged with start-index (1-based) and max-results; Blogger caps a page (150 posts),
# so paging follows openSearch$totalResults, never the size of one answer.
POSTS_FEED = "feeds/posts/default"
COMMENTS_FEED = "feeds/{post_id}/comments/default"
FEED_PARAMS = (("alt", "json"),)
FEED_PAGE_SIZE = 150
COMMENT_FEED_PAGE_SIZE = 200
# Incremental crawls (-a update=ARCHIVE): posts updated since (Blogger ignores updated-min without
# orderby=updated), the blog-wide comment feed for new comments on old posts, and one post's entry by id.
UPDATED_PARAMS = (("orderby", "updated"),)
SITE_COMMENTS_FEED = "feeds/comments/default"
SINGLE_POST_FEED = "feeds/posts/default/{post_id}"

# -- HTML discovery ----------------------------------------------------------------------------------------------
# Sitemaps tried at the blog root (newer blogs: a sitemap index of sitemap.xml?page=N).
SITEMAP_PATHS = ("sitemap.xml",)
# Links from listings to the posts they show (titles, timestamps, 2017+ 'Read more', archive post lists).
POST_LINK_SELECTORS = (
    ".blog-posts .post-title a::attr(href)",
    ".blog-posts a.timestamp-link::attr(href)",
    ".blog-posts .jump-link a::attr(href)",
    ".BlogArchive ul.posts a::attr(href)",
    ".PopularPosts .item-title a::attr(href)",
)
# 'Older posts' / 'Newer posts' (listings: /search?updated-max=…; post pages: the neighbouring posts).
PAGINATION_SELECTORS = (
    "a.blog-pager-older-link::attr(href)",
    "a.blog-pager-newer-link::attr(href)",
    "#blog-pager-older-link a::attr(href)",
    "#blog-pager-newer-link a::attr(href)",
)
# The archive widget: hierarchy/flat/menu styles (/YYYY/, /YYYY/MM/) and old blogs' /YYYY_MM_DD_archive.html.
ARCHIVE_SELECTORS = (
    "a.post-count-link::attr(href)",
    "#ArchiveList a::attr(href)",
    ".BlogArchive option::attr(value)",
    'a[href*="_archive.html"]::attr(href)',
)
# Comment pages of a post with more than 200 comments (span.paging-control-container: Oldest/Older/Newer/Newest).
COMMENT_PAGER_SELECTORS = (
    ".paging-control-container a::attr(href)",
    "a.paging-control::attr(href)",
    "#comment-pager a::attr(href)",
    ".comment-pager a::attr(href)",
    'a[href*="commentPage="]::attr(href)',
)
# Blogger shows at most this many comments on one post page; the next ones are on ?commentPage=2, 3… (threaded
# templates link no such page, they 'Load more...' from the feed: the spider then asks for the pages itself).
COMMENTS_PER_PAGE = 200
COMMENT_PAGE_PARAM = "commentPage"
COMMENT_PAGE = re.compile(r"[?&]commentPage=(\d+)", re.IGNORECASE)

# -- URL shapes --------------------------------------------------------------------------------------------------
# A post's permalink and a static page; everything else on the blog's host is a listing.
POST_URL = re.compile(r"^/\d{4}/\d{2}/[^/]+\.html$")
STATIC_PAGE_URL = re.compile(r"^/p/[^/]+\.html$")

# -- Never followed ----------------------------------------------------------------------------------------------
# Feeds (read only by the feed path), search queries, label listings (the archive reaches every post), Blogger's
# own services, share/edit actions and files. Matched against the whole URL of a discovered link.
DENY_URL_PATTERNS = tuple(re.compile(p, re.IGNORECASE) for p in (
    r"/feeds/",
    r"[?&](?:alt|q|action|share|widgetType|widgetId|targetBlogID|token)=",
    r"/search/label/",
    r"/b/(?:post-preview|stats)",
    r"/(?:comment|comment-iframe|share-post|post-edit|delete-comment)\.g",
    r"\.(?:jpe?g|png|gif|webp|svg|ico|pdf|docx?|xlsx?|pptx?|zip|mp3|mp4|css|js)(?:$|\?)",
))
