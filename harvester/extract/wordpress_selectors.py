"""WordPress selector lists as ordered data: tried in order, first match wins (see harvester.extract.page.select_first).

Every list is plain CSS. Lists named *_CONTAINERS locate a region; the others are read inside the
region they belong to (the main post, one comment). Add a theme by adding a selector here, never
a per-site branch in code.
"""
from __future__ import annotations

# --- Page regions --------------------------------------------------------------------------------

# Regions that never hold the post or its comments: navigation, sidebars, widgets, site header/footer.
# Titles, dates, authors, bodies and comments found inside them are ignored.
CHROME = [
    "aside", "nav", ".widget", ".sidebar", "#sidebar", ".widget-area", "#secondary", ".menu", ".site-footer",
    "#footer", ".site-header", "#masthead", ".breadcrumb", ".breadcrumbs", ".navigation", ".post-navigation",
    ".related-posts", ".jp-relatedposts", ".yarpp-related", ".rp4wp-related-posts", ".crp_related",
    # pop-ups (newsletter sign-up, privacy policy, cookie consent) that sit hidden in the page's markup
    "dialog", "[role=dialog]", "[aria-modal=true]", ".modal", "div.dialog",
]

# The element holding one post (its title, meta, body and often its comments).
POST_CONTAINERS = [
    "article.post", "article.type-post", "article.hentry", "div.hentry", "article.type-page", ".type-post",
    ".hentry", "div.post[id^='post-']", "div[id^='post-'].post", ".wp-block-post", "article[id^='post-']",
    "div.post", "article",
]

# Entries of a listing page (home, archive, category, search): post containers that repeat.
LISTING_ENTRIES = [
    "article.post", "article.type-post", ".hentry", ".type-post", "li.wp-block-post", ".wp-block-post",
    "div.post", "article",
]

# --- Post fields (read inside the main post first, then the whole page) -------------------------------

TITLE = [
    "h1.entry-title", "h1.wp-block-post-title", "h1.post-title", ".entry-title", ".wp-block-post-title", ".post-title",
    "h1.title", "h1[itemprop=headline]", "h1", "h2.title", "h2 a[rel~=bookmark]", "h3 a[rel~=bookmark]",
    "[itemprop=headline]",
]
# Title outside the post container (hero headers of page builders); a bare h1 there may be the logo.
TITLE_PAGE = ["h1.entry-title", "h1.wp-block-post-title", "h1.post-title", ".entry-title", ".wp-block-post-title",
              "h1.page-title", ".hero__title", "h1[itemprop=headline]", "main h1", "#content h1", "[role=main] h1"]

# Post body: the first match inside the main post that is not chrome or comments.
CONTENT = [
    ".entry-content", ".wp-block-post-content", ".post-content", ".post_content", ".entrytext", ".entry-body",
    ".post-entry", ".postentry", ".post-body", ".article-content", ".single-content", "[itemprop=articleBody]",
    ".m-post-content", ".storycontent", ".entry", ".post-inner", ".content",
]

# Elements inside a post body that are not the post: removed before the body is emitted.
CONTENT_NOISE = [
    "script", "style", "noscript", "form", "#comments", ".comments-area", "#respond", ".sharedaddy",
    ".jp-relatedposts", "#jp-relatedposts", ".yarpp-related", ".yarpp", ".related-posts", ".author-box",
    ".author__box", ".author-bio", ".about-author", ".saboxplugin-wrap", ".wp-block-premium-content-logged-out-view",
    ".wp-block-jetpack-subscriptions", ".jetpack_subscription_widget", ".newsletter", ".fx-footer",
    ".entry-footer", ".entry-meta", ".postmetadata", ".post-navigation", ".navigation", ".wpcnt", ".wordads-ad-wrapper",
    ".code-block", ".adsbygoogle", ".dpsp-content-wrapper", ".social-share", ".share-buttons", ".addtoany_share_save_container",
    ".post-tags", ".post-categories", ".steady-kasten", ".pf-content + div", ".cookie-notice", "#cookie-notice",
    ".wp-block-post-author", ".widget",
    "a[rel~=prev]", "a[rel~=next]",   # 'previous / next article' links a theme prints under the post
]

# A password-protected post: WordPress prints its password form (and the post_class 'post-password-required')
# in place of the body, whose record then has an empty body; the password prompt is no content.
PASSWORD_FORM = ["form.post-password-form", ".post-password-required", "form[action*='action=postpass']"]
# The prefix WordPress puts before a protected post's title on pages (protected_title_format, 'Protected: %s',
# translated); removed so that the title is the post's own, as the REST API gives it.
PROTECTED_TITLE_PREFIXES = ["Protected: ", "Geschützt: ", "Protégé : ", "Protegido: ", "Protetto: "]

# Elements after which the remaining siblings are no longer body (donation appeals, citations…).
CONTENT_END_MARKERS = [".steady-kasten", ".suggested-citation", ".pf-citation"]

AUTHOR = [
    ".entry-meta .author .fn", ".entry-meta .author a", ".byline .author a", ".byline .fn", ".author.vcard .fn",
    ".author.vcard a", ".vcard .fn", "a[rel~=author]", ".entry-author-name", ".wp-block-post-author__name",
    ".wp-block-post-author-name", ".posted-by a", ".post-author a", ".author-name", "[class*=author-name]", ".byline a", ".byline",
    "[itemprop=author] [itemprop=name]", "[itemprop=author]", "span.author", ".author",
]

PUBLISHED_MACHINE = [
    ("time.entry-date.published", "datetime"), ("time.published", "datetime"),
    ("time[itemprop=datePublished]", "datetime"), ("abbr.published", "title"),
    ("time.entry-date:not(.updated)", "datetime"), ("time.wp-block-post-date", "datetime"),
    (".wp-block-post-date time", "datetime"), ("time.entry-time", "datetime"), ("time.post-date", "datetime"),
    ("meta[itemprop=datePublished]", "content"),
]

# Shown date text of a post when no machine-readable date is found in the post.
PUBLISHED_TEXT = [
    ".entry-date", ".published", ".post-date", ".posted-on", ".date", ".entry-meta .date", ".postdate",
    ".post-meta-top", ".meta-date", "[class*=date]", "[class*=datum]",
]

UPDATED_MACHINE = [("time.updated:not(.published)", "datetime"), ("time[itemprop=dateModified]", "datetime"),
                   ("abbr.updated:not(.published)", "title")]
UPDATED_TEXT = [".updated-on", ".entry-date-modified", ".last-updated", ".post-updated"]

CATEGORY_LINKS = ["a[rel~=category][rel~=tag]", "a[rel~=category]", ".cat-links a", ".categories a",
                  ".post-categories a", ".wp-block-post-terms.taxonomy-category a"]
TAG_LINKS = [".tags-links a", ".tag-links a", ".post-tags a", ".wp-block-post-terms.taxonomy-post_tag a",
             ".entry-tags a", "a[rel=tag]"]

MORE_LINK = [".more-link", "a.read-more", ".read-more a", ".entry-summary", ".excerpt", ".post-excerpt",
             ".wp-block-post-excerpt"]

# --- Comments ------------------------------------------------------------------------------------

# Regions holding comments (classic and block themes): post fields (author, date, title, body) are never read there.
COMMENT_REGIONS = ["#comments", ".comments-area", "#respond", ".comment-list", ".commentlist", "#comment_list",
                   ".wp-block-comments", ".wp-block-post-comments", "ol.wp-block-comment-template",
                   ".wp-block-post-comments-form"]

COMMENTS_AREA = ["#comments", ".comments-area", "#comments-area", ".wp-block-comments", ".comments", "#epoch-comments",
                 ".commentlist", ".comment-list"]

# Lists of comments found outside the comments area (a separate pings list after it, Thesis lists).
COMMENT_LISTS = ["ol.comment-list", "ol.commentlist", "ul.commentlist", "ul.comment-list", "ol.ping-list",
                 "ul.ping-list", "#trackback_list", "#pings", "dl#comment_list", "#comment-list",
                 "ol.wp-block-comment-template"]

# Every element that is one comment (or pingback/trackback); replies nest inside or beside their parent.
COMMENT_ITEMS = (
    "li.comment, li.pingback, li.trackback, li[id^='comment-'], li[id^='li-comment-'], dt[id^='comment-'], "
    "div[data-comment-id], ol.ping-list > li, ul#trackback_list > li, ol#trackback_list > li, "
    "ol.wp-block-comment-template li, div.comment[id^='comment-']"
)

# Containers of replies (threading); only read inside a comment list.
REPLY_LISTS = "ul.children, ol.children, div.children, .epoch-child, .wp-block-comment-template"

COMMENT_AUTHOR = [
    ".comment-author .fn", "cite.fn", ".fn", ".comment-author-name", ".wp-block-comment-author-name",
    ".epoch-author-link", ".comment_author", "cite.comment-author", "cite", ".comment-author a", ".epoch-comment-author",
    ".comment-author",
    "span.author", ".author", ".commenter",
]

# Removed from an author element that also holds the date or permalink.
COMMENT_AUTHOR_NOISE = ["time", ".epoch-comment-link", "[class*=date]", ".epoch-divide", ".says", "img",
                        ".comment-meta", ".commentmetadata", ".comment-metadata"]

COMMENT_DATE_MACHINE = [(".comment-metadata time", "datetime"), (".wp-block-comment-date time", "datetime"),
                        ("time", "datetime")]
COMMENT_DATE_TEXT = [
    ".comment-metadata time", ".comment-metadata a", ".comment-metadata", ".commentmetadata a", ".commentmetadata",
    ".wp-block-comment-date", ".comment-time", ".comment_time", ".comment-date",
    ".comment-meta time",   # before '.comment-meta a': Twenty Twelve puts the commenter's site link first
    ".comment-meta a", ".comment-meta",
    "time", ".date",
]

COMMENT_CONTENT = [
    ".comment-content", ".wp-block-comment-content", ".epoch-comment-content", ".comment-text", ".comment-entry",
    ".contenttext", ".comment_text", ".comment-body-text", "blockquote.entry-content", ".format_text", ".commenttext",
]

# Removed from a comment's own markup before its body is read from what is left.
COMMENT_NOISE = [
    ".comment-author", ".comment-meta", ".comment-metadata", ".commentmetadata", ".reply", ".comment-reply",
    ".comment-reply-link", ".edit-link", ".comment-edit-link", ".avatar", "img.avatar", ".comment-likes",
    ".pmcc-comments-report-link", ".comment-actions", ".epoch-comment-actions", "script", "style", ".says",
    ".comment-awaiting-moderation", "span.author", ".wprm-comment-rating",
]

COMMENTS_TITLE = [
    ".comments-title", "#comments-title", ".comment-title", ".comments-header", "#comments_intro", ".comments_intro",
    ".wp-block-comments-title", "#comments > h2", "#comments > h3", ".comments-area > h2", ".comments-area > h3",
    "h2#comments", "h3#comments", ".epoch-comments-title", "#comments h2", "#comments h3", ".comments-area h2",
    ".comments-area h3",
]

COMMENTS_CLOSED = [".nocomments", ".no-comments", ".comments-closed", "p.comments-closed"]
COMMENT_FORM = ["#respond", "#commentform", ".comment-respond", ".wp-block-post-comments-form"]

# Links to the other pages of a paginated comment list.
COMMENT_PAGE_LINKS = [
    ".comment-navigation a", "nav.comments-pagination a", ".comments-pagination a",
    ".wp-block-comments-pagination a", "#comments .nav-links a", ".comments-area .nav-links a",
    "#comments a.page-numbers", ".comments-area a.page-numbers", "#comments .prev_next a", ".comment-nav a",
    ".navigation.comment-navigation a",
    "#comment-nav-below a", "#comment-nav-above a",   # Twenty Ten-Twelve: nav#comment-nav-below.navigation
]

# --- Site ----------------------------------------------------------------------------------------

SITE_NAME = [".site-title", "#site-title", ".site-branding .site-title", "#blog-title", ".blog-title", ".logo",
             "#logo", ".wp-block-site-title"]
HOME_LINK = [".site-title a[href]", "#site-title a[href]", ".wp-block-site-title a[href]", "a[rel~=home][href]",
             ".logo a[href]", "#logo a[href]"]
