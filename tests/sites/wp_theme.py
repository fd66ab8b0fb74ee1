"""The mock blog's HTML in a classic theme shape: listings, single posts, threaded paged comments, sitemaps, feed."""
from __future__ import annotations

import math
from datetime import datetime
from html import escape

from .lowfield import CATEGORIES, SECRET, SITE_NAME, TAGS, USERS, Comment, Post, gmt, offset


def _day(local: str) -> str:
    return datetime.fromisoformat(local).strftime("%-d %B %Y")


def _when(local: str) -> str:
    return datetime.fromisoformat(local).strftime("%-d %B %Y at %-I:%M %p").replace("AM", "am").replace("PM", "pm")


class Theme:
    """Renders every public HTML page of the blog at ``base``."""

    def __init__(self, posts: list[Post], base: str, *, posts_per_page: int = 2, comments_per_page: int = 3,
                 api_link: str | None = None, offsite: str | None = None):
        self.base = base
        self.posts = posts
        self.public = sorted((p for p in posts if p.public and p.type == "post"), key=lambda p: p.date, reverse=True)
        self.pages = [p for p in posts if p.public and p.type == "page"]
        self.posts_per_page = posts_per_page
        self.comments_per_page = comments_per_page
        self.api_link = api_link
        self.offsite = offsite

    # -- frame -------------------------------------------------------------------------------------------------
    def frame(self, title: str, body_class: str, content: str) -> bytes:
        api = f'<link rel="https://api.w.org/" href="{self.api_link}" />' if self.api_link else ""
        archives = "".join(f'<li><a href="{self.base}/{m[:4]}/{m[5:7]}/">{datetime.fromisoformat(m + "-01"):%B %Y}</a></li>'
                           for m in sorted({p.date[:7] for p in self.public}, reverse=True))
        cats = "".join(f'<li class="cat-item"><a href="{self.base}/category/{slug}/">{name}</a></li>'
                       for name, slug in CATEGORIES.values())
        offsite = f'<li><a href="{self.offsite}">Partner news</a></li>' if self.offsite else ""
        return f"""<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="UTF-8" />
<title>{escape(title)} | {SITE_NAME}</title>
<link rel="alternate" type="application/rss+xml" title="{SITE_NAME} &raquo; Feed" href="{self.base}/feed/" />
<link rel="alternate" type="application/rss+xml" title="{SITE_NAME} &raquo; Comments Feed" href="{self.base}/comments/feed/" />
{api}<meta name="generator" content="WordPress 6.5.3" />
</head>
<body class="{body_class}">
<div id="wrapper" class="hfeed"><div id="header"><div id="masthead"><div id="branding" role="banner">
<div id="site-title"><span><a href="{self.base}/" title="{SITE_NAME}" rel="home">{SITE_NAME}</a></span></div>
<div id="site-description">Supporting local charities and volunteers</div></div>
<div id="access" role="navigation"><div class="menu"><ul><li><a href="{self.base}/">Home</a></li>
<li class="page_item"><a href="{self.base}/about/">About</a></li></ul></div></div></div></div>
<div id="main"><div id="container"><div id="content" role="main">
{content}
</div></div>
<div id="primary" class="widget-area" role="complementary"><ul class="xoxo">
<li id="categories-2" class="widget-container widget_categories"><h3 class="widget-title">Categories</h3><ul>{cats}</ul></li>
<li id="archives-2" class="widget-container widget_archive"><h3 class="widget-title">Archives</h3><ul>{archives}</ul></li>
<li id="meta-2" class="widget-container widget_meta"><h3 class="widget-title">Meta</h3><ul>
<li><a href="{self.base}/wp-login.php">Log in</a></li><li><a href="{self.base}/wp-admin/">Site admin</a></li>
<li><a href="{self.base}/feed/">Entries feed</a></li><li><a href="{self.base}/comments/feed/">Comments feed</a></li>
<li><a href="https://wordpress.org/">WordPress.org</a></li>{offsite}</ul></li></ul></div>
</div><div id="footer" role="contentinfo"><div id="site-info"><a href="{self.base}/" rel="home">{SITE_NAME}</a></div></div>
</div></body></html>""".encode()

    def entry_meta(self, post: Post) -> str:
        author = USERS[post.author]
        slug = author.lower().replace(" ", "-")
        return (f'<div class="entry-meta"><span class="meta-prep meta-prep-author">Posted on</span> '
                f'<a href="{self.base}{post.path}" rel="bookmark"><time class="entry-date published" '
                f'datetime="{offset(post.date)}">{_day(post.date)}</time></a> <span class="meta-sep">by</span> '
                f'<span class="author vcard"><a class="url fn n" href="{self.base}/author/{slug}/">{author}</a></span></div>')

    def utility(self, post: Post) -> str:
        cats = ", ".join(f'<a href="{self.base}/category/{CATEGORIES[c][1]}/" rel="category tag">{CATEGORIES[c][0]}</a>'
                         for c in post.categories)
        tags = ", ".join(f'<a href="{self.base}/tag/{TAGS[t][1]}/" rel="tag">{TAGS[t][0]}</a>' for t in post.tags)
        return (f'<div class="entry-utility"><span class="cat-links">Posted in {cats}</span>'
                + (f' <span class="tag-links">Tagged {tags}</span>' if tags else "")
                + f' | <a href="{self.base}/?p={post.id}&amp;share=twitter" class="share-twitter">Share on X</a></div>')

    # -- listings ----------------------------------------------------------------------------------------------
    def listing(self, posts: list[Post], page: int, path: str, body_class: str, heading: str) -> bytes | None:
        total = max(1, math.ceil(len(posts) / self.posts_per_page))
        if page > total or (not posts and path != "/"):
            return None
        chunk = posts[(page - 1) * self.posts_per_page: page * self.posts_per_page]
        teasers = "".join(
            f'<div id="post-{p.id}" class="post-{p.id} post type-post status-publish hentry">'
            f'<h2 class="entry-title"><a href="{self.base}{p.path}" rel="bookmark">{escape(p.title)}</a></h2>'
            f'{self.entry_meta(p)}<div class="entry-summary"><p>{escape(p.paragraphs[0][:120])} [&hellip;]</p></div>'
            f'<div class="entry-utility"><span class="comments-link"><a href="{self.base}{p.path}#comments">'
            f'{len(p.public_comments())} Comments</a></span></div></div>' for p in chunk)
        nav = ""
        if page < total:
            nav += f'<div class="nav-previous"><a href="{self.base}{path}page/{page + 1}/"><span class="meta-nav">&larr;</span> Older posts</a></div>'
        if page > 1:
            newer = f"{self.base}{path}" if page == 2 else f"{self.base}{path}page/{page - 1}/"
            nav += f'<div class="nav-next"><a href="{newer}">Newer posts <span class="meta-nav">&rarr;</span></a></div>'
        paged = f" paged paged-{page}" if page > 1 else ""
        content = (f'<h1 class="page-title">{escape(heading)}</h1>' if heading else "") + teasers + \
                  f'<div id="nav-below" class="navigation">{nav}</div>'
        return self.frame(heading or SITE_NAME, body_class + paged, content)

    # -- single ------------------------------------------------------------------------------------------------
    def comment_threads(self, post: Post) -> list[list[Comment]]:
        """Top-level threads oldest first, each a top-level comment and its replies (any depth)."""
        public = sorted(post.public_comments(), key=lambda c: c.date)
        return [[c] for c in public if not c.parent]

    def render_comment(self, post: Post, c: Comment, cpage: int, depth: int) -> str:
        replies = [r for r in sorted(post.public_comments(), key=lambda r: r.date) if r.parent == c.id]
        children = "".join(self.render_comment(post, r, cpage, depth + 1) for r in replies)
        link = f"{self.base}{post.path}comment-page-{cpage}/#comment-{c.id}"
        who = f'<a href="{c.url}" rel="external nofollow ugc" class="url">{escape(c.author)}</a>' if c.url else escape(c.author)
        kind = "pingback" if c.type == "pingback" else "comment"
        return (f'<li id="comment-{c.id}" class="{kind} even depth-{depth}">'
                f'<article id="div-comment-{c.id}" class="comment-body"><footer class="comment-meta">'
                f'<div class="comment-author vcard"><b class="fn">{who}</b> <span class="says">says:</span></div>'
                f'<div class="comment-metadata"><a href="{link}"><time datetime="{offset(c.date)}">{_when(c.date)}</time></a></div>'
                f'</footer><div class="comment-content"><p>{escape(c.text)}</p></div>'
                f'<div class="reply"><a rel="nofollow" class="comment-reply-link" '
                f'href="{self.base}{post.path}?replytocom={c.id}#respond">Reply</a></div></article>'
                + (f'<ul class="children">{children}</ul>' if children else "") + "</li>")

    def comments_block(self, post: Post, cpage: int | None) -> str:
        threads = self.comment_threads(post)
        if not threads:
            closed = '<p class="nocomments">Comments are closed.</p>' if post.comment_status == "closed" else ""
            return f'<div id="comments">{closed}</div>'
        pages = math.ceil(len(threads) / self.comments_per_page)
        cpage = pages if cpage is None else cpage          # default_comments_page = newest
        chunk = threads[(cpage - 1) * self.comments_per_page: cpage * self.comments_per_page]
        items = "".join(self.render_comment(post, t[0], cpage, 1) for t in chunk)
        nav = ""
        if pages > 1:
            numbers = " ".join(f'<span aria-current="page" class="page-numbers current">{n}</span>' if n == cpage else
                               f'<a class="page-numbers" href="{self.base}{post.path}comment-page-{n}/#comments">{n}</a>'
                               for n in range(1, pages + 1))
            nav = f'<nav class="navigation comment-navigation"><div class="nav-links">{numbers}</div></nav>'
        count = len(post.public_comments())
        form = ('<div id="respond" class="comment-respond"><form action="/wp-comments-post.php" method="post">'
                '<textarea name="comment"></textarea></form></div>' if post.comment_status == "open" else
                '<p class="no-comments">Comments are closed.</p>')
        return (f'<div id="comments" class="comments-area"><h3 id="comments-title">{count} Responses to '
                f'<em>{escape(post.title)}</em></h3>{nav}<ol class="comment-list">{items}</ol>{nav}{form}</div>')

    def single(self, post: Post, cpage: int | None) -> bytes | None:
        threads = self.comment_threads(post)
        pages = max(1, math.ceil(len(threads) / self.comments_per_page))
        if cpage is not None and cpage > pages:
            return None
        body = "".join(f"<p>{escape(p)}</p>" for p in post.paragraphs)
        kind = "page" if post.type == "page" else "single single-post"
        idx = self.public.index(post) if post in self.public else -1
        nav = ""
        if post.type == "post":
            if idx + 1 < len(self.public):
                older = self.public[idx + 1]
                nav += f'<div class="nav-previous"><a href="{self.base}{older.path}" rel="prev">&larr; {escape(older.title)}</a></div>'
            if idx > 0:
                newer = self.public[idx - 1]
                nav += f'<div class="nav-next"><a href="{self.base}{newer.path}" rel="next">{escape(newer.title)} &rarr;</a></div>'
        content = (f'<div id="post-{post.id}" class="post-{post.id} {post.type} type-{post.type} status-publish hentry">'
                   f'<h1 class="entry-title">{escape(post.title)}</h1>'
                   + (self.entry_meta(post) if post.type == "post" else "")
                   + f'<div class="entry-content">{body}</div>'
                   + (self.utility(post) if post.type == "post" else "")
                   + f'</div><div id="nav-below" class="navigation">{nav}</div>' + self.comments_block(post, cpage))
        return self.frame(post.title, f"{kind} postid-{post.id}", content)

    # -- machine-readable --------------------------------------------------------------------------------------
    def sitemap_index(self) -> bytes:
        maps = ["wp-sitemap-posts-post-1.xml", "wp-sitemap-posts-page-1.xml", "wp-sitemap-taxonomies-category-1.xml"]
        entries = "".join(f"<sitemap><loc>{self.base}/{m}</loc></sitemap>" for m in maps)
        return (f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/'
                f'sitemap/0.9">{entries}</sitemapindex>').encode()

    def urlset(self, urls: list[tuple[str, str | None]]) -> bytes:
        entries = "".join(f"<url><loc>{u}</loc>" + (f"<lastmod>{m}</lastmod>" if m else "") + "</url>" for u, m in urls)
        return (f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"{entries}</urlset>").encode()

    def sitemap(self, name: str) -> bytes | None:
        if name == "wp-sitemap-posts-post-1.xml":
            return self.urlset([(self.base + p.path, gmt(p.date) + "+00:00") for p in self.public])
        if name == "wp-sitemap-posts-page-1.xml":
            return self.urlset([(self.base + p.path, None) for p in self.pages])
        if name == "wp-sitemap-taxonomies-category-1.xml":
            return self.urlset([(f"{self.base}/category/{slug}/", None) for _, slug in CATEGORIES.values()])
        return None

    def feed(self) -> bytes:
        items = "".join(
            f"<item><title>{escape(p.title)}</title><link>{self.base}{p.path}</link>"
            f"<comments>{self.base}{p.path}#comments</comments><dc:creator><![CDATA[{USERS[p.author]}]]></dc:creator>"
            f"<pubDate>{datetime.fromisoformat(gmt(p.date)):%a, %d %b %Y %H:%M:%S} +0000</pubDate>"
            f"<guid isPermaLink=\"false\">{self.base}/?p={p.id}</guid>"
            f"<wfw:commentRss>{self.base}{p.path}feed/</wfw:commentRss></item>" for p in self.public[:10])
        return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
                f'xmlns:wfw="http://wellformedweb.org/CommentAPI/"><channel><title>{SITE_NAME}</title>'
                f"<link>{self.base}</link><description>Supporting local charities</description>{items}</channel></rss>").encode()

    def secret_page(self, what: str) -> bytes:
        """Pages a crawler must never fetch (login, admin, comment feeds): their text is a leak marker."""
        return self.frame(what, "login", f'<div id="post-999" class="post hentry"><h1 class="entry-title">{what}-{SECRET}'
                                         f'</h1><div class="entry-content"><p>{what}-{SECRET}</p></div></div>')
