"""Blogger selector lists and text patterns as ordered data: tried in order, first match wins.

One list per field, covering the template generations in turn: classic (pre-2006, <dl id=comments-block>,
'posted by X at 10:15 AM'), layouts (2006-2016: Simple, Minima, Awesome Inc, Watermark, Picture Window...;
h2.date-header, div.post-outer, abbr.published), the 2017+ themes (Contempo, Soho, Emporio, Notable:
time.published, .comment-thread) and the corporate Google templates (div.post[data-id], span.publishdate).
"""
from __future__ import annotations

import re

# The Blog widget that holds the posts; everything else on a Blogger page is a gadget (sidebar, header, footer).
BLOG_WIDGET = ["#Blog1", "div.widget.Blog", ".blog-posts", "#main", "main"]

# Page chrome, searched only when no Blog widget is found (and for the Wayback Machine toolbar, always).
CHROME = [
    "#wm-ipp-base", "#wm-ipp", "#wm-ipp-print", "#donato", "#wm-capinfo", "#navbar", ".navbar", "#navbar-iframe",
    ".sidebar", "#sidebar", ".sidebar-container", "aside", "#header", ".header-outer", "header", "footer",
    "#footer", ".footer-outer", ".blog-pager", "#blog-pager", ".post-feeds", ".blog-feeds", "#cookieChoiceInfo",
    ".cookie-choices-info", ".PopularPosts", ".BlogArchive", "#related-posts", ".related-posts",
]

# One post (an entry); outermost matches inside the Blog widget, in order.
ENTRIES = [".post-outer", ".mobile-post-outer", ".post.hentry", "article.post", ".blog-post.hentry", "article.blog-post",
           "div.post[data-id]", "div.post", "article.hentry", "article"]

# The daily date header: written only above the first post of each day on listing pages.
DATE_HEADER = "h2.date-header, div.date-header, h2.date, .date-header"

TITLE = ["h3.post-title", "h1.post-title", "h2.post-title", ".post-title", ".entry-title", "h2.title", "h1.title",
         "h3.title", "h1", "h2:not(.date-header)", "h3"]

# Links that name the post's permalink (the first with a real href wins).
PERMALINK = [".post-title a[href]", ".entry-title a[href]", "h2.title a[href]", "a.timestamp-link[href]",
             "a[rel~=bookmark][href]", "h1 a[href]", "h2 a[href]", "h3 a[href]"]

# A link wrapped round the title (mobile index pages: <a href><h3 class=mobile-index-title>), as XPath.
TITLE_WRAPPER_LINK = "descendant::a[@href][h1 or h2 or h3]"

CONTENT = [".post-body.entry-content", ".post-body", ".entry-content", "[itemprop=articleBody]", ".post-content",
           ".snippet-item", ".post-snippet", ".post-summary"]

# Removed from a copy of the body before it is served (template furniture Blogger writes inside post-body).
CONTENT_NOISE = ["script", "style", "template", ".post-share-buttons", ".share-buttons", ".jump-link",
                 ".blogger-post-footer", ".inline-ad", ".snippet-fade", ".post-footer", ".comments"]

# Names shown next to the post, most specific first; 'Posted by ...' text is cleaned by normalise.
AUTHOR = [
    ".post-author .fn [itemprop=name]", ".post-author .fn", ".post-author .g-profile", ".g-profile", "span.fn",
    ".fn", ".entry-author-link", ".entry-author a", ".author-name a", "[itemprop=author] [itemprop=name]",
    "a[rel~=author]", ".post-author",
]

# The footer of classic templates: '<em>posted by Janet at <a>10:15 AM</a></em>' (no name element).
CLASSIC_FOOTER = [".post-footer", "p.post-footer", ".byline"]

# A credit line at the top of the body ('Posted by A, B and C - Team'), written by corporate blogs.
BODY_BYLINE = [".byline-author", ".byline"]

# Machine-readable publication date of one post, (selector, attribute).
PUBLISHED_MACHINE = [("abbr.published", "title"), ("time.published", "datetime"), ("time[datetime]", "datetime"),
                     ("meta[itemprop=datePublished]", "content"), ("[itemprop=datePublished][datetime]",
                                                                    "datetime")]

# Shown date or time of one post (the time, when a date header gives the day).
PUBLISHED_TEXT = [".post-timestamp abbr.published", "abbr.published", "time.published", "a.timestamp-link",
                  ".post-timestamp", ".publishdate", "[itemprop=datePublished]", ".published",
                  "a[title='permanent link']", "a[rel~=bookmark]", ".post-date", ".entry-time", "time"]

UPDATED_MACHINE = [("abbr.updated", "title"), ("time.updated", "datetime")]

LABELS = [".post-labels a", ".labels a", ".post-tags a", ".entry-tags a", ".label-footer a", ".Label a",
          "a[rel~=tag]"]

# Marks of a truncated listing entry ('Read more' jump links, 2017+ snippets).
TEASER = [".jump-link", "a.more-link", ".snippet-item", ".post-snippet", ".r-snippetized", ".mobile-index-contents",
          "a[href$='#more']"]

# --- Comments ------------------------------------------------------------------------------------

# Where post fields are never read (a commenter's name is no byline).
COMMENT_REGIONS = "#comments, .comments"
COMMENTS_AREA = ["#comments", ".comments", "#comments-block", ".comments-content"]

# Threaded comments (2011+ layouts and the 2017+ themes): li.comment items, replies nested in .comment-replies.
THREAD_ITEMS = "li.comment"
THREAD_AUTHOR = ["cite.user", ".comment-header cite", ".user", ".comment-author"]
THREAD_DATE = [".datetime a", ".datetime", ".comment-timestamp a", "time"]
THREAD_CONTENT = [".comment-content", ".comment-body"]
THREAD_NOISE = [".comment-actions", ".comment-replies", ".comment-replybox-single", ".thread-toggle",
                ".avatar-image-container", ".comment-header", "script"]

# Classic and layout comments: <dl id=comments-block>, dt = author ('X said...'), dd = body, dd = footer.
DL_BLOCKS = "dl#comments-block, dl.comments-block, #comments-block dl, dl.comment-block"
DL_AUTHOR_NOISE = ["a[title*=permalink]", "a[href*='showComment']", ".avatar-image-container", "img",
                   ".comment-timestamp", "script", "span.item-control"]
DL_BODY = "comment-body"
DL_FOOTER = ("comment-footer", "comment-timestamp")
DL_DATE = ["a[href*='showComment']", "a[title*=permalink]", ".comment-timestamp a", "a", ".comment-timestamp"]
DL_BODY_NOISE = ["script", "span.item-control", ".comment-actions"]

# Headers announcing the count ('4 comments:', 'No comments:').
COMMENTS_TITLE = ["#comments > h4", ".comments > h4", "#comments h4", ".comments h4", "#comments > h3",
                  ".comments h3.title", ".comments h3", "#comments h2", ".comments-title"]
# On listing pages each entry links to its comments with the count as text.
COMMENT_LINK = [".post-comment-link a.comment-link", ".post-comment-link a", "a.comment-link"]

COMMENT_FORM = ["#comment-editor", "#comment-editor-src", ".comment-form", "#comment-post-message",
                "a[href*='blogger.com/comment.g']", "a[href*='blogger.com/comment-iframe.g']", ".comment-footer a"]
COMMENTS_CLOSED = [".comments-closed", ".comments-disabled"]

# --- Site ----------------------------------------------------------------------------------------

# The header widget holding the blog's name (read when the page has no _WidgetManager data script).
HEADER = ["#header", ".header-widget", ".Header", "header", "#blog-title", ".header"]
SITE_LINK = ["h1 a[href]", ".title a[href]", "a[href]"]
SITE_NAME = ["h1", ".title", "#blog-title"]

# Blogger post ids on an entry, (selector, attribute, pattern whose group 1 is the id), in order.
POST_ID = [("meta[itemprop=postId]", "content", r"^(\d+)$"), ("div.post[data-id]", "data-id", r"^(\d+)$"),
           ("[data-post-id]", "data-post-id", r"^(\d+)$"), ("a[name]", "name", r"^(\d+)$"),
           ("[id^='post-body-']", "id", r"^post-body-(\d+)$"), ("a[href*='postID=']", "href", r"[?&]postID=(\d+)")]

# --- Text patterns (compiled once) ------------------------------------------------------------------

TIME_ONLY = re.compile(r"^\d{1,2}[:.h]\d\d(?:[:.]\d\d)?\s*(?:[ap]\.?\s?m\.?|uhr|h)?$", re.I)
LEAD_WORD = re.compile(r"^(?:at|um|à|a las|alle|om|às|o)\s+", re.I)
DATE_HINT = re.compile(r"\d")
# A date written out in text ('Mai 03, 2017', '5 juin 2018', '12/04/2020', '2020-05-19').
DATE_TEXT = re.compile(r"\b\d{1,2}\.?\s+[^\W\d_]{3,12}\.?,?\s+\d{4}\b|"
                       r"\b[^\W\d_]{3,12}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b|"
                       r"\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b|\b\d{4}-\d\d-\d\d\b")
CLASSIC_BYLINE = re.compile(r"\bposted by\s+(.+?)\s+(?:at|@|on)\s+\S", re.I)
BODY_CREDIT = re.compile(r"^\s*(?:posted|written|guest post|words)\s+by\s*:?\s*(.+)$", re.I | re.S)
# Parts of a credit line that are job titles, not names ('Andrew Hayden, Software Engineer on Google Play').
ROLE = re.compile(r"\b(?:engineer|manager|director|lead|scientist|developer|advocate|team|officer|head|president|"
                  r"researcher|designer|analyst|specialist|intern|editor|founder|chief|ceo|cto|staff|member|"
                  r"product|program|programme|senior|principal)\b|\b(?:on|of|for|at|the|from|in)\b", re.I)
# The whole text of a jump link ('Read more »', 'Weiterlesen...'), not a body link that starts with 'more'.
MORE_TEXT = re.compile(r"^(?:read more|continue reading|keep reading|more|weiterlesen|mehr lesen|lire la suite|"
                       r"leggi tutto|seguir leyendo|leer más|lees meer|read the rest)\W{0,4}$", re.I)
PAGE_TYPE = re.compile(r"""['"]pageType['"]\s*:\s*['"](\w+)['"]""")
PAGE_NAME = re.compile(r"""['"]pageName['"]\s*:\s*(['"])(.*?)(?<!\\)\1""")
LOCALE = re.compile(r"""['"]localeUnderscoreDelimited['"]\s*:\s*['"]([\w-]+)['"]""")
BLOG_TITLE = re.compile(r"""['"]name['"]\s*:\s*['"]blog['"]\s*,\s*['"]data['"]\s*:\s*\{[^}]{0,3000}?"""
                        r"""['"]title['"]\s*:\s*'((?:[^'\\]|\\.)*)'""")
HOMEPAGE = re.compile(r"""['"]homepageUrl['"]\s*:\s*['"]([^'"]+)['"]""")
VIEW_CLASS = re.compile(r"\b(index|archive|item|static_page|error|search)-view\b")
HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
