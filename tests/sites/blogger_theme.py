"""The mock Blogger blog's HTML in three template families, modelled on real Blogger pages.

- 'classic': a 2006-era layouts template (Minima): daily date headers, full posts on listings,
  comments in <dl id=comments-block> (flat: this template never shows replies as replies), comment pages
  linked through span.paging-control-container (?commentPage=N), archive widget of _archive.html links.
- 'threaded': a 2011-era template (Simple/Watermark): date headers, threaded comments (div.comment-thread,
  li.comment, replies in .comment-replies), 'Load more...' instead of comment page links, BlogArchive
  hierarchy (a.post-count-link, /YYYY/ and /YYYY/MM/), a PopularPosts widget linking ?m=1 URLs.
- 'contempo': a 2017+ theme: no date headers (time.published on each post), snippets and 'Read more' on
  listings, section.comments[data-num-comments] with the threaded markup, and /sitemap.xml.
- 'dynamic': Dynamic Views: the HTML carries the title in <head> only; the body is drawn by JavaScript from
  the feed.
"""
from __future__ import annotations

import json
import math
from datetime import datetime
from html import escape
from urllib.parse import quote

from .blogger_content import AUTHORS, BLOG_ID, COMMENTS_PER_PAGE, SITE_NAME, Comment, Post

FAMILIES = ("classic", "threaded", "contempo", "dynamic")
LABEL_SCHEME = "http://www.blogger.com/atom/ns#"


def day_header(post: Post) -> str:
    return post.when.strftime("%A, %B %-d, %Y")            # 'Saturday, September 27, 2008'


def clock(when: datetime) -> str:
    return when.strftime("%-I:%M %p")                       # '10:15 AM'


def comment_time(c: Comment) -> str:
    return c.when.strftime("%B %-d, %Y at %-I:%M %p")       # 'September 28, 2008 at 9:03 AM'


def iso(when: datetime, millis: bool = False) -> str:
    text = when.isoformat(timespec="milliseconds" if millis else "seconds")
    return text


def count_text(n: int) -> str:
    return "No comments:" if n == 0 else ("1 comment:" if n == 1 else f"{n} comments:")


class Theme:
    """Renders every public page of the blog at ``base`` in one template ``family``."""

    def __init__(self, posts: list[Post], base: str, family: str, posts_per_page: int = 3):
        if family not in FAMILIES:
            raise ValueError(family)
        self.posts = posts                 # newest first
        self.base = base
        self.family = family
        self.posts_per_page = posts_per_page

    def url(self, post: Post) -> str:
        return self.base + post.path

    # -- frame -------------------------------------------------------------------------------------------------
    def frame(self, title: str, page_type: str, main: str, canonical: str, page_name: str = "") -> bytes:
        view = {"item": "item-view", "index": "index-view", "archive": "archive-view"}.get(page_type, "")
        og = f"<meta content='{canonical}' property='og:url'/>\n<meta content='{escape(page_name or SITE_NAME, quote=True)}' property='og:title'/>" \
            if self.family in ("contempo", "dynamic") else ""
        context = json.dumps({"name": "blog", "data": {
            "blogId": BLOG_ID, "title": SITE_NAME, "url": canonical, "homepageUrl": self.base + "/",
            "pageType": page_type, "pageName": page_name, "localeUnderscoreDelimited": "en_gb"}})
        if self.family == "dynamic":
            body = f"<body class='loading {view}'><div id='main'></div>"
        else:
            body = f"""<body class='{view} variant-{self.family}'>
<div id='navbar'><div class='widget Navbar' id='Navbar1'><a href='https://www.blogger.com/'>Create Blog</a> Sign In</div></div>
<div id='outer-wrapper'>
<div class='header section' id='header'><div class='widget Header' id='Header1'>
<div id='header-inner'><h1 class='title'><a href='{self.base}/'>{SITE_NAME}</a></h1>
<p class='description'>Volunteering news from Eastbrook</p></div></div></div>
<div id='main-wrapper'><div class='main section' id='main'><div class='widget Blog' data-version='1' id='Blog1'>
{main}
</div></div></div>
<div class='sidebar section' id='sidebar'>
{self.sidebar()}
</div>
</div>"""
        return f"""<!DOCTYPE html>
<html class='v2' dir='ltr' lang='en-GB'>
<head>
<meta content='text/html; charset=UTF-8' http-equiv='Content-Type'/>
<meta content='blogger' name='generator'/>
<link href='{canonical}' rel='canonical'/>
{og}
<title>{escape(title)}</title>
<link rel="alternate" type="application/atom+xml" title="{SITE_NAME} - Atom" href="{self.base}/feeds/posts/default" />
<link rel="alternate" type="application/rss+xml" title="{SITE_NAME} - RSS" href="{self.base}/feeds/posts/default?alt=rss" />
<link rel="service.post" type="application/atom+xml" title="{SITE_NAME} - Atom" href="https://www.blogger.com/feeds/{BLOG_ID}/posts/default" />
</head>
{body}
<script type='text/javascript'>window._WidgetManager._Init('//www.blogger.com/rearrange?blogID\\x3d{BLOG_ID}', '{canonical}', '{BLOG_ID}');
_WidgetManager._SetDataContext([{context}]);</script>
</body>
</html>""".encode("utf-8")

    def sidebar(self) -> str:
        months = sorted({p.local[:7] for p in self.posts}, reverse=True)
        if self.family == "classic":   # old flat archive list: /YYYY_MM_01_archive.html
            items = "".join(
                f"<li class='archivedate'><a href='{self.base}/{m[:4]}_{m[5:]}_01_archive.html'>"
                f"{datetime.fromisoformat(m + '-01'):%B %Y}</a> ({sum(p.local.startswith(m) for p in self.posts)})</li>"
                for m in months)
            archive = f"<div id='ArchiveList'><div id='BlogArchive1_ArchiveList'><ul class='flat'>{items}</ul></div></div>"
        else:
            years = sorted({m[:4] for m in months}, reverse=True)
            parts = []
            for i, year in enumerate(years):
                sub = "".join(
                    f"<li class='archivedate {'expanded' if i == 0 and j == 0 else 'collapsed'}'>"
                    f"<a class='toggle' href='javascript:void(0)'><span class='zippy'>&#9658;&#160;</span></a>"
                    f"<a class='post-count-link' href='{self.base}/{m[:4]}/{m[5:]}/'>{datetime.fromisoformat(m + '-01'):%B}</a>"
                    f"<span class='post-count' dir='ltr'>({sum(p.local.startswith(m) for p in self.posts)})</span>"
                    + (("<ul class='posts'>" + "".join(f"<li><a href='{self.url(p)}'>{escape(p.title)}</a></li>"
                                                       for p in self.posts if p.local.startswith(m)) + "</ul>")
                       if i == 0 and j == 0 else "") + "</li>"
                    for j, m in enumerate(x for x in months if x.startswith(year)))
                parts.append(f"<li class='archivedate {'expanded' if i == 0 else 'collapsed'}'>"
                             f"<a class='toggle' href='javascript:void(0)'><span class='zippy'>&#9658;&#160;</span></a>"
                             f"<a class='post-count-link' href='{self.base}/{year}/'>{year}</a>"
                             f"<span class='post-count' dir='ltr'>({sum(p.local.startswith(year) for p in self.posts)})</span>"
                             f"<ul class='hierarchy'>{sub}</ul></li>")
            archive = f"<div id='ArchiveList'><div id='BlogArchive1_ArchiveList'><ul class='hierarchy'>{''.join(parts)}</ul></div></div>"
        popular = ""
        if self.family == "threaded":   # real PopularPosts widgets often link the mobile view
            popular = ("<div class='widget PopularPosts' id='PopularPosts1'><h2>Popular Posts</h2><div class='widget-content popular-posts'><ul>"
                       + "".join(f"<li><div class='item-title'><a href='{self.url(p)}?m=1'>{escape(p.title)}</a></div></li>"
                                 for p in self.posts[:4]) + "</ul></div></div>")
        return (f"<div class='widget BlogArchive' id='BlogArchive1'><h2>Blog Archive</h2><div class='widget-content'>"
                f"{archive}</div></div>{popular}"
                f"<div class='widget Profile' id='Profile1'><h2>About Me</h2><a href='{AUTHORS['ruth'][1]}'>View my complete profile</a></div>")

    # -- posts -------------------------------------------------------------------------------------------------
    def author_html(self, post: Post) -> str:
        name, profile = AUTHORS[post.author]
        if self.family == "contempo":
            return (f"<span class='byline post-author vcard'><span class='byline-label'>By</span> <span class='fn'>"
                    f"<meta content='{profile}' itemprop='url'/><a class='g-profile' href='{profile}' rel='author' "
                    f"title='author profile'><span itemprop='name'>{name}</span></a></span></span>")
        return (f"<span class='post-author vcard'>Posted by <span class='fn'><a class='g-profile' href='{profile}' "
                f"rel='author' title='author profile'><span>{name}</span></a></span></span>")

    def labels_html(self, post: Post) -> str:
        links = ", ".join(f"<a href='{self.base}/search/label/{quote(label)}' rel='tag'>{escape(label)}</a>"
                          for label in post.labels)
        return f"<span class='post-labels'>Labels: {links}</span>"

    def body_html(self, post: Post) -> str:
        return "\n".join(f"<p>{escape(p)}</p>" for p in post.paragraphs)

    def entry(self, post: Post, listing: bool) -> str:
        url = self.url(post)
        title = f"<a href='{url}'>{escape(post.title)}</a>" if listing else escape(post.title)
        n = len(post.comments)
        if self.family == "contempo":
            if listing:
                snippet = escape(post.paragraphs[0][:80])
                body = (f"<div class='post-snippet snippet-container r-snippetized'><div class='snippet-item r-snippetized'>"
                        f"{snippet}&#8230;</div><div class='snippet-fade r-snippetized'></div></div>"
                        f"<div class='jump-link flat-button ripple'><a href='{url}' title='{escape(post.title)}'>Read more</a></div>")
            else:
                body = f"<div class='post-body entry-content float-container' id='post-body-{post.id}'>\n{self.body_html(post)}\n</div>"
            comment_link = (f"<div class='byline post-comment-link container'><a class='comment-link flat-button ripple' "
                            f"href='{url}#comments'>{n}</a></div>") if listing else ""
            return f"""<article class='post-outer-container'>
<div class='post-outer'>
<div class='post'>
<script type='application/ld+json'>{{"@context": "http://schema.org", "@type": "BlogPosting"}}</script>
<a name='{post.id}'></a>
<h3 class='post-title entry-title'>{title}</h3>
<div class='post-header'><div class='post-header-line-1'>
{self.author_html(post)}
<span class='byline post-timestamp'><meta content='{url}' itemprop='url'/><a class='timestamp-link' href='{url}' rel='bookmark' title='permanent link'><time class='published' datetime='{iso(post.when)}' title='{iso(post.when)}'>{post.when:%B %d, %Y}</time></a></span>
</div></div>
{body}
<div class='post-footer'><div class='post-footer-line post-footer-line-1'>{self.labels_html(post)}</div>{comment_link}</div>
</div>
</div>
{{comments}}
</article>"""
        comment_link = (f"<span class='post-comment-link'><a class='comment-link' href='{url}#comment-form' "
                        f"onclick=''>{count_text(n)}</a></span>") if listing else "<span class='post-comment-link'></span>"
        return f"""<div class='post-outer'>
<div class='post hentry uncustomized-post-template' itemprop='blogPost' itemscope='itemscope' itemtype='http://schema.org/BlogPosting'>
<meta content='{post.id}' itemprop='postId'/>
<a name='{post.id}'></a>
<h3 class='post-title entry-title' itemprop='name'>{title}</h3>
<div class='post-header'><div class='post-header-line-1'></div></div>
<div class='post-body entry-content' id='post-body-{post.id}' itemprop='description articleBody'>
{self.body_html(post)}
<div style='clear: both;'></div>
</div>
<div class='post-footer'>
<div class='post-footer-line post-footer-line-1'>
{self.author_html(post)}
<span class='post-timestamp'>at <meta content='{url}' itemprop='url'/><a class='timestamp-link' href='{url}' rel='bookmark' title='permanent link'><abbr class='published' itemprop='datePublished' title='{iso(post.when)}'>{clock(post.when)}</abbr></a></span>
{comment_link}
<span class='post-icons'><span class='item-control blog-admin pid-1'><a href='https://www.blogger.com/post-edit.g?blogID={BLOG_ID}&amp;postID={post.id}&amp;from=pencil' title='Edit Post'><img alt='' class='icon-action' height='18' src='https://resources.blogblog.com/img/icon18_edit_allbkg.gif' width='18'/></a></span></span>
<div class='post-share-buttons goog-inline-block'><a class='goog-inline-block share-button sb-email' href='https://www.blogger.com/share-post.g?blogID={BLOG_ID}&amp;postID={post.id}&amp;target=email' target='_blank' title='Email This'><span class='share-button-link-text'>Email This</span></a></div>
</div>
<div class='post-footer-line post-footer-line-2'>{self.labels_html(post)}</div>
</div>
</div>
{{comments}}
</div>"""

    # -- comments ----------------------------------------------------------------------------------------------
    def comment_pages(self, post: Post) -> int:
        return max(1, math.ceil(len(post.comments) / COMMENTS_PER_PAGE))

    def shown_comments(self, post: Post, page: int) -> list[Comment]:
        ordered = sorted(post.comments, key=lambda c: c.when)
        return ordered[(page - 1) * COMMENTS_PER_PAGE: page * COMMENTS_PER_PAGE]

    def comments(self, post: Post, page: int) -> str:
        shown = self.shown_comments(post, page)
        url = self.url(post)
        n = len(post.comments)
        form = (f"<div class='comment-form'><a name='comment-form'></a><h4 id='comment-post-message'>Post a Comment</h4>"
                f"<a href='https://www.blogger.com/comment-iframe.g?blogID={BLOG_ID}&amp;postID={post.id}' id='comment-editor-src'></a>"
                f"<iframe class='blogger-iframe-colorize blogger-comment-from-post' id='comment-editor' name='comment-editor' src=''></iframe></div>")
        if self.family == "classic":
            items = "".join(self.dl_comment(post, c) for c in shown)
            pager = ""
            if self.comment_pages(post) > 1:
                first, last = (page - 1) * COMMENTS_PER_PAGE + 1, (page - 1) * COMMENTS_PER_PAGE + len(shown)
                older = (f"<a class='paging-control' href='{url}?commentPage=1'>&#171;Oldest</a>&#160;"
                         f"<a class='paging-control' href='{url}?commentPage={page - 1}'>&#8249;Older</a>&#160;") if page > 1 else ""
                newer = (f"&#160;<a class='paging-control' href='{url}?commentPage={page + 1}'>Newer&#8250;</a>"
                         f"&#160;<a class='paging-control' href='{url}?commentPage={self.comment_pages(post)}'>Newest&#187;</a>"
                         ) if page < self.comment_pages(post) else ""
                pager = f"<span class='paging-control-container'>{older}{first} &#8211; {last} of {n}{newer}</span>"
            return f"""<div class='comments' id='comments'>
<a name='comments'></a>
<h4>{count_text(n)}</h4>
{pager}
<div id='Blog1_comments-block-wrapper'>
<dl class='avatar-comment-indent' id='comments-block'>
{items}
</dl>
</div>
{pager}
<p class='comment-footer'>
{form}
</p>
</div>"""
        on_page = {c.id for c in shown}
        tops = [c for c in shown if c.parent is None or c.parent not in on_page]
        thread = "".join(self.li_comment(post, c, shown) for c in tops)
        more = len(post.comments) > page * COMMENTS_PER_PAGE
        loadmore = f"<div class='loadmore{'' if more else ' hidden'}' data-post-id='{post.id}'><a target='_self'>Load more...</a></div>"
        items_json = json.dumps([{"id": c.id, "timestamp": str(c.epoch_ms)} for c in shown])
        content = (f"<div class='comments-content'><script async='async' src='' type='text/javascript'></script>"
                   f"<script type='text/javascript'>(function() {{ var items = {items_json}; var msgs = {{}}; "
                   f"var config = {{'feed': '{self.base}/feeds/{post.id}/comments/default'}}; }})();</script>"
                   f"<div id='comment-holder'><div class=\"comment-thread toplevel-thread\"><ol id=\"top-ra\">{thread}</ol>"
                   f"<div id=\"top-continue\" class=\"continue\"><a class=\"comment-reply\" target=\"_self\">Add comment</a></div>"
                   f"<div class=\"comment-replybox-thread\" id=\"top-ce\"></div>{loadmore}</div></div></div>")
        if self.family == "contempo":
            return f"""<section class='comments threaded' data-embed='true' data-num-comments='{n}' id='comments'>
<a name='comments'></a>
<h3 class='title'>Comments</h3>
{content}
<div class='footer'>{form}</div>
</section>"""
        return f"""<div class='comments' id='comments'>
<a name='comments'></a>
<h4>{count_text(n)}</h4>
{content}
<p class='comment-footer'>
{form}
</p>
</div>"""

    def _author_link(self, c: Comment) -> str:
        name, profile = c.author
        return f"<a href='{profile}' rel='nofollow'>{escape(name)}</a>" if profile else escape(name)

    def dl_comment(self, post: Post, c: Comment) -> str:
        return f"""<dt class='comment-author ' id='c{c.id}'>
<a name='c{c.id}'></a>
{self._author_link(c)} said...
</dt>
<dd class='comment-body' id='Blog1_cmt-{c.id}'>
<p>{escape(c.text)}</p>
</dd>
<dd class='comment-footer'>
<span class='comment-timestamp'><a href='{self.url(post)}?showComment={c.epoch_ms}#c{c.id}' title='comment permalink'>{comment_time(c)}</a>
<span class='item-control blog-admin pid-2'><a class='comment-delete' href='https://www.blogger.com/delete-comment.g?blogID={BLOG_ID}&amp;postID={c.id}' title='Delete Comment'><img src='https://resources.blogblog.com/img/icon_delete13.gif'/></a></span></span>
</dd>
"""

    def li_comment(self, post: Post, c: Comment, shown: list[Comment]) -> str:
        name, profile = c.author
        replies = [r for r in shown if r.parent == c.id]
        inner = "".join(self.li_comment(post, r, shown) for r in replies)
        hidden = "" if replies else " hidden"
        author_cls = "user blog-author" if (name, profile) in AUTHORS.values() else "user"
        cite = f"<a href=\"{profile}\" rel=\"nofollow\">{escape(name)}</a>" if profile else escape(name)
        return (f"<li class=\"comment\" id=\"c{c.id}\"><div class=\"avatar-image-container\"><img src=\"//resources.blogblog.com/img/blank.gif\" alt=\"\"/></div>"
                f"<div class=\"comment-block\"><div class=\"comment-header\"><cite class=\"{author_cls}\">{cite}</cite>"
                f"<span class=\"icon user {'blog-author' if 'blog-author' in author_cls else ''}\"></span>"
                f"<span class=\"datetime secondary-text\"><a rel=\"nofollow\" href=\"{self.url(post)}?showComment={c.epoch_ms}#c{c.id}\">{comment_time(c)}</a></span></div>"
                f"<p class=\"comment-content\">{escape(c.text)}</p>"
                f"<span class=\"comment-actions secondary-text\"><a class=\"comment-reply\" target=\"_self\" data-comment-id=\"{c.id}\">Reply</a>"
                f"<span class=\"item-control blog-admin blog-admin pid-3\"><a target=\"_self\" href=\"https://www.blogger.com/delete-comment.g?blogID={BLOG_ID}&amp;postID={c.id}\">Delete</a></span></span></div>"
                f"<div class=\"comment-replies\"><div id=\"c{c.id}-rt\" class=\"comment-thread inline-thread{hidden}\">"
                f"<span class=\"thread-toggle thread-expanded\"><span class=\"thread-arrow\"></span><span class=\"thread-count\"><a target=\"_self\">Replies</a></span></span>"
                f"<ol id=\"c{c.id}-ra\" class=\"thread-chrome thread-expanded\"><div>{inner}</div>"
                f"<div id=\"c{c.id}-continue\" class=\"continue\"><a class=\"comment-reply\" target=\"_self\" data-comment-id=\"{c.id}\">Reply</a></div></ol></div></div>"
                f"<div class=\"comment-replybox-single\" id=\"c{c.id}-ce\"></div></li>")

    # -- pages -------------------------------------------------------------------------------------------------
    def listing(self, posts: list[Post], canonical: str, page_type: str, title: str, older: str | None = None,
                newer: str | None = None) -> bytes:
        if self.family == "dynamic":
            return self.frame(title, page_type, "", canonical)
        out, day = [], None
        grouped = self.family != "contempo"
        for post in posts:
            if grouped and day_header(post) != day:
                if day is not None:
                    out.append("</div></div>")
                day = day_header(post)
                out.append(f"<div class=\"date-outer\">\n<h2 class='date-header'><span>{day}</span></h2>\n<div class=\"date-posts\">")
            out.append(self.entry(post, listing=True).replace("{comments}", ""))
        if grouped and day is not None:
            out.append("</div></div>")
        return self.frame(title, page_type, self.blog_posts("\n".join(out), newer, older, "Posts"), canonical)

    def blog_pager(self, newer: str | None, older: str | None, noun: str) -> str:
        parts = []
        if newer:
            parts.append(f"<span id='blog-pager-newer-link'><a class='blog-pager-newer-link' href='{escape(newer, quote=True)}' "
                         f"id='Blog1_blog-pager-newer-link' title='Newer {noun}'>Newer {noun}</a></span>")
        if older:
            parts.append(f"<span id='blog-pager-older-link'><a class='blog-pager-older-link' href='{escape(older, quote=True)}' "
                         f"id='Blog1_blog-pager-older-link' title='Older {noun}'>Older {noun}</a></span>")
        parts.append(f"<a class='home-link' href='{self.base}/'>Home</a>")
        return f"<div class='blog-pager' id='blog-pager'>{''.join(parts)}</div>"

    def blog_posts(self, inner: str, newer: str | None, older: str | None, noun: str) -> str:
        return (f"<div class='blog-posts hfeed'>\n{inner}\n</div>\n{self.blog_pager(newer, older, noun)}\n"
                f"<div class='post-feeds'><div class='feed-links'>Subscribe to: <a class='feed-link' "
                f"href='{self.base}/feeds/posts/default' target='_blank' type='application/atom+xml'>Posts (Atom)</a></div></div>")

    def single(self, post: Post, comment_page: int) -> bytes:
        canonical = self.url(post)
        if self.family == "dynamic":
            return self.frame(f"{post.title}", "item", "", canonical, post.title)
        i = self.posts.index(post)
        newer = self.url(self.posts[i - 1]) if i > 0 else None
        older = self.url(self.posts[i + 1]) if i + 1 < len(self.posts) else None
        entry = self.entry(post, listing=False).replace("{comments}", self.comments(post, comment_page))
        if self.family != "contempo":
            entry = (f"<div class=\"date-outer\">\n<h2 class='date-header'><span>{day_header(post)}</span></h2>\n"
                     f"<div class=\"date-posts\">{entry}</div></div>")
        main = self.blog_posts(entry, newer, older, "Post")
        main += (f"<div class='post-feeds'><div class='feed-links'>Subscribe to: <a class='feed-link' "
                 f"href='{self.base}/feeds/{post.id}/comments/default' target='_blank' type='application/atom+xml'>Post Comments (Atom)</a></div></div>")
        return self.frame(f"{SITE_NAME}: {post.title}", "item", main, canonical, post.title)

    # -- sitemap (newer blogs) ---------------------------------------------------------------------------------
    def sitemap_index(self) -> bytes:
        return (f"<?xml version='1.0' encoding='UTF-8'?><sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
                f"<sitemap><loc>{self.base}/sitemap.xml?page=1</loc></sitemap></sitemapindex>").encode()

    def sitemap(self) -> bytes:
        urls = "".join(f"<url><loc>{self.url(p)}</loc><lastmod>{p.updated.astimezone().strftime('%Y-%m-%dT%H:%M:%SZ')}</lastmod></url>"
                       for p in self.posts)
        return (f"<?xml version='1.0' encoding='UTF-8'?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
                f"{urls}</urlset>").encode()
