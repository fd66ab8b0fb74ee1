"""A Blogger blog on a 2009-era layouts template: daily date headers, threaded comments, archive widget, feeds."""
from __future__ import annotations

import math
from datetime import datetime, timezone
from urllib.parse import quote
from zoneinfo import ZoneInfo

from . import blogger_feeds
from .common import Files, e, urlset


def count_text(n: int, colon: bool) -> str:
    """'No comments:' / '1 comment:' / '4 comments:' (the heading); without the colon on listings."""
    text = "No comments" if n == 0 else ("1 comment" if n == 1 else f"{n} comments")
    return text + (":" if colon else "")


class BloggerClassic(Files):
    """Renders every public page of the blog (home, 'Older Posts' pages, month and year archives, permalinks),
    sitemap.xml, robots.txt and the JSON feeds; routes() maps the query-string URLs to them."""

    def __init__(self, site: dict):
        super().__init__()
        self.site = site
        self.home = site["home"].rstrip("/")
        self.host = self.home.split("//", 1)[1]
        self.tz = ZoneInfo(site["timezone"])
        self.posts = sorted(site["posts"], key=lambda p: p["date"], reverse=True)   # newest first
        self.feeds = blogger_feeds.Feeds(self)

    # -- helpers ---------------------------------------------------------------------------------------------
    def when(self, local: str) -> datetime:
        return datetime.fromisoformat(local).replace(tzinfo=self.tz)

    def url(self, post: dict) -> str:
        return f"{self.home}/{post['date'][:4]}/{post['date'][5:7]}/{post['slug']}.html"

    def epoch_ms(self, local: str) -> int:
        return int(self.when(local).astimezone(timezone.utc).timestamp()) * 1000

    @staticmethod
    def comment_time(when: datetime) -> str:
        return f"{when:%-d %B %Y at %H:%M}"                        # '15 November 2008 at 21:12'

    def author_link(self, key: str) -> str:
        a = self.site["authors"][key]
        return (f"<span class='fn' itemprop='author' itemscope='itemscope' itemtype='http://schema.org/Person'>"
                f"<meta content='{a['profile']}' itemprop='url'/><a class='g-profile' href='{a['profile']}' "
                f"rel='author' title='author profile'><span itemprop='name'>{e(a['name'])}</span></a></span>")

    def replies_of(self, post: dict, parent) -> list[dict]:
        return sorted((c for c in post["comments"] if c["parent"] == parent), key=lambda c: c["date"])

    # -- frame -----------------------------------------------------------------------------------------------
    def frame(self, title: str, canonical: str, page_type: str, main: str, head: str = "") -> str:
        s, blog_id = self.site, self.site["blog_id"]
        view = {"item": "item-view", "index": "index-view", "archive": "archive-view"}[page_type]
        return f"""<!DOCTYPE html>
<html class='v2' dir='ltr' lang='{s['language']}' xmlns='http://www.w3.org/1999/xhtml' xmlns:b='http://www.google.com/2005/gml/b' xmlns:data='http://www.google.com/2005/gml/data' xmlns:expr='http://www.google.com/2005/gml/expr'>
<head>
<meta content='width=1100' name='viewport'/>
<meta content='text/html; charset=UTF-8' http-equiv='Content-Type'/>
<meta content='blogger' name='generator'/>
<link href='{self.home}/favicon.ico' rel='icon' type='image/x-icon'/>
<link href='{canonical}' rel='canonical'/>
<link rel="alternate" type="application/atom+xml" title="{e(s['name'])} - Atom" href="{self.home}/feeds/posts/default" />
<link rel="alternate" type="application/rss+xml" title="{e(s['name'])} - RSS" href="{self.home}/feeds/posts/default?alt=rss" />
<link rel="service.post" type="application/atom+xml" title="{e(s['name'])} - Atom" href="https://www.blogger.com/feeds/{blog_id}/posts/default" />
{head}<link rel="EditURI" type="application/rsd+xml" title="RSD" href="https://www.blogger.com/rsd.g?blogID={blog_id}" />
<title>{e(title)}</title>
<link type='text/css' rel='stylesheet' href='https://www.blogger.com/static/v1/widgets/2975735364-widget_css_bundle.css' />
</head>
<body class='loading {view}'>
<div class='navbar section' id='navbar'><div class='widget Navbar' data-version='1' id='Navbar1'><iframe src="https://www.blogger.com/navbar.g?targetBlogID={blog_id}&amp;blogName={quote(s['name'])}" height="30px" width="100%" id="navbar-iframe" title="Blogger Navigation and Search"></iframe></div></div>
<div id='outer-wrapper'><div id='wrap2'>
<div id='header-wrapper'><div class='header section' id='header'><div class='widget Header' data-version='1' id='Header1'>
<div id='header-inner'><h1 class='title'><a href='{self.home}/'>{e(s['name'])}</a></h1>
<p class='description'><span>{e(s['description'])}</span></p></div></div></div></div>
<div id='content-wrapper'>
<div id='main-wrapper'><div class='main section' id='main'><div class='widget Blog' data-version='1' id='Blog1'>
{main}
</div></div></div>
<div id='sidebar-wrapper'><div class='sidebar section' id='sidebar'>
{self.archive_widget()}
{self.labels_widget()}
</div></div>
</div>
<div id='footer-wrapper'><div class='footer section' id='footer'><div class='widget Attribution' data-version='1' id='Attribution1'><div class='widget-content' style='text-align: center;'>Powered by <a href='https://www.blogger.com' target='_blank'>Blogger</a>.</div></div></div></div>
</div></div>
<script type="text/javascript" src="https://www.blogger.com/static/v1/widgets/1166699449-widgets.js"></script>
<script type='text/javascript'>
_WidgetManager._Init('//www.blogger.com/rearrange?blogID={blog_id}','//{self.host}/','{blog_id}');
_WidgetManager._SetDataContext([{{'name': 'blog', 'data': {{'blogId': '{blog_id}', 'homepageUrl': '//{self.host}/', 'pageType': '{page_type}', 'localeUnderscoreDelimited': 'en_gb'}}}}]);
</script>
</body>
</html>
"""

    def archive_widget(self) -> str:
        years = ""
        for year in sorted({p["date"][:4] for p in self.posts}, reverse=True):
            in_year = [p for p in self.posts if p["date"].startswith(year)]
            months = ""
            for month in sorted({p["date"][:7] for p in in_year}, reverse=True):
                chosen = [p for p in in_year if p["date"].startswith(month)]
                items = "".join(f"<li><a href='{self.url(p)}'>{e(p['title'])}</a></li>" for p in chosen)
                months += (f"<li class='archivedate collapsed'><a class='toggle' href='javascript:void(0)'><span "
                           f"class='zippy'>&#9658;&#160;</span></a><a class='post-count-link' href='{self.home}/"
                           f"{month[:4]}/{month[5:]}/'>{datetime.fromisoformat(month + '-01'):%B}</a> <span "
                           f"class='post-count' dir='ltr'>({len(chosen)})</span><ul class='posts'>{items}</ul></li>")
            years += (f"<li class='archivedate collapsed'><a class='toggle' href='javascript:void(0)'><span "
                      f"class='zippy'>&#9658;&#160;</span></a><a class='post-count-link' href='{self.home}/{year}/'>"
                      f"{year}</a> <span class='post-count' dir='ltr'>({len(in_year)})</span>"
                      f"<ul class='hierarchy'>{months}</ul></li>")
        return (f"<div class='widget BlogArchive' data-version='1' id='BlogArchive1'><h2>Blog Archive</h2>"
                f"<div class='widget-content'><div id='ArchiveList'><div id='BlogArchive1_ArchiveList'>"
                f"<ul class='hierarchy'>{years}</ul></div></div></div></div>")

    def labels_widget(self) -> str:
        labels = sorted({label for p in self.posts for label in p["labels"]})
        items = "".join(f"<li><a dir='ltr' href='{self.home}/search/label/{quote(label)}'>{e(label)}</a> <span "
                        f"dir='ltr'>({sum(label in p['labels'] for p in self.posts)})</span></li>" for label in labels)
        return (f"<div class='widget Label' data-version='1' id='Label1'><h2>Labels</h2><div class='widget-content "
                f"list-label-widget-content'><ul>{items}</ul></div></div>")

    # -- posts -----------------------------------------------------------------------------------------------
    def post_html(self, post: dict, item: bool) -> str:
        s, url, n = self.site, self.url(post), len(post["comments"])
        when = self.when(post["date"])
        title = e(post["title"]) if item else f"<a href='{url}'>{e(post['title'])}</a>"
        body = "<br /><br />".join(post["body"])
        labels = ", ".join(f"<a href='{self.home}/search/label/{quote(label)}' rel='tag'>{e(label)}</a>"
                           for label in post["labels"])
        link = "" if item else (f"<span class='post-comment-link'><a class='comment-link' href='{url}#comment-form' "
                                f"onclick=''>{count_text(n, colon=False)}</a></span>")
        share = "".join(f"<a class='goog-inline-block share-button sb-{t}' href='https://www.blogger.com/share-post.g"
                        f"?blogID={s['blog_id']}&amp;postID={post['id']}&amp;target={t}' target='_blank' title="
                        f"'{label}'><span class='share-button-link-text'>{label}</span></a>"
                        for t, label in (("email", "Email This"), ("blog", "BlogThis!"), ("twitter", "Share to Twitter"),
                                         ("facebook", "Share to Facebook")))
        return f"""<div class='post-outer'>
<div class='post hentry' itemprop='blogPost' itemscope='itemscope' itemtype='http://schema.org/BlogPosting'>
<meta content='{s['blog_id']}' itemprop='blogId'/>
<meta content='{post['id']}' itemprop='postId'/>
<a name='{post['id']}'></a>
<h3 class='post-title entry-title' itemprop='name'>
{title}
</h3>
<div class='post-header'><div class='post-header-line-1'></div></div>
<div class='post-body entry-content' id='post-body-{post['id']}' itemprop='description articleBody'>
{body}
<div style='clear: both;'></div>
</div>
<div class='post-footer'>
<div class='post-footer-line post-footer-line-1'><span class='post-author vcard'>Posted by {self.author_link(post['author'])}</span>
<span class='post-timestamp'>at <meta content='{url}' itemprop='url'/><a class='timestamp-link' href='{url}' rel='bookmark' title='permanent link'><abbr class='published' itemprop='datePublished' title='{when.isoformat(timespec="milliseconds")}'>{when:%H:%M}</abbr></a></span>
{link}
<div class='post-share-buttons goog-inline-block'>{share}</div>
</div>
<div class='post-footer-line post-footer-line-2'><span class='post-labels'>Labels: {labels}</span></div>
</div>
</div>
{self.comments_html(post) if item else ""}</div>
"""

    def comment_html(self, post: dict, c: dict) -> str:
        cid, when = c["id"], self.when(c["date"])
        who = (f'<a href="{c["profile"]}" rel="nofollow">{e(c["author"])}</a>' if c.get("profile") else e(c["author"]))
        replies = self.replies_of(post, cid)
        inner = "".join(self.comment_html(post, r) for r in replies)
        thread = (f'<div id="c{cid}-rt" class="comment-thread inline-thread{"" if replies else " hidden"}">'
                  f'<span class="thread-toggle thread-expanded"><span class="thread-arrow"></span><span '
                  f'class="thread-count"><a target="_self">Replies</a></span></span><ol id="c{cid}-ra" '
                  f'class="thread-chrome thread-expanded"><div>{inner}</div><div id="c{cid}-continue" '
                  f'class="continue"><a class="comment-reply" target="_self" data-comment-id="{cid}">Reply</a></div>'
                  f'</ol></div>') if c["parent"] is None else ""
        return (f'<li class="comment" id="c{cid}"><div class="avatar-image-container"><img src="//resources.blogblog.'
                f'com/img/blank.gif" alt=""/></div><div class="comment-block"><div class="comment-header"><cite '
                f'class="user">{who}</cite><span class="icon user "></span><span class="datetime secondary-text">'
                f'<a rel="nofollow" href="{self.url(post)}?showComment={self.epoch_ms(c["date"])}#c{cid}">'
                f'{self.comment_time(when)}</a></span></div><p class="comment-content">{e(c["text"])}</p><span '
                f'class="comment-actions secondary-text"><a class="comment-reply" target="_self" data-comment-id='
                f'"{cid}">Reply</a><span class="item-control blog-admin blog-admin pid-1034488120"><a target="_self" '
                f'href="https://www.blogger.com/delete-comment.g?blogID={self.site["blog_id"]}&amp;postID={cid}">'
                f'Delete</a></span></span></div><div class="comment-replies">{thread}</div><div class="comment-replybox-'
                f'single" id="c{cid}-ce"></div></li>')

    def comments_html(self, post: dict) -> str:
        s, n = self.site, len(post["comments"])
        items = "".join(self.comment_html(post, c) for c in self.replies_of(post, None))
        holder = (f"<div class='comments-content'><div id='comment-holder'><div class=\"comment-thread toplevel-thread\">"
                  f"<ol id=\"top-ra\">{items}</ol><div id=\"top-continue\" class=\"continue\"><a class=\"comment-reply\" "
                  f"target=\"_self\">Add comment</a></div><div class=\"loadmore hidden\" data-post-id=\"{post['id']}\">"
                  f"<a target=\"_self\">Load more...</a></div></div></div></div>") if n else ""
        return (f"<div class='comments' id='comments'>\n<a name='comments'></a>\n<h4>{count_text(n, colon=True)}</h4>\n"
                f"{holder}\n<p class='comment-footer'><a href='https://www.blogger.com/comment.g?blogID={s['blog_id']}"
                f"&amp;postID={post['id']}' onclick=''>Post a Comment</a></p>\n</div>\n")

    def posts_html(self, posts: list[dict], item: bool) -> str:
        """Posts grouped under one date header per day, as Blogger writes them."""
        out, day = [], None
        for post in posts:
            if post["date"][:10] != day:
                if day is not None:
                    out.append("</div></div>\n")
                day = post["date"][:10]
                out.append(f"<div class=\"date-outer\">\n<h2 class='date-header'><span>"
                           f"{self.when(post['date']):%A, %-d %B %Y}</span></h2>\n<div class=\"date-posts\">\n")
            out.append(self.post_html(post, item))
        return "<div class='blog-posts hfeed'>\n" + "".join(out) + ("</div></div>\n" if posts else "") + "</div>\n"

    # -- pages -----------------------------------------------------------------------------------------------
    def older_url(self, last: dict) -> str:
        stamp = self.when(last["date"]).isoformat().replace("+", "%2B")
        return f"{self.home}/search?updated-max={stamp}&amp;max-results={self.site['posts_per_page']}"

    def pager(self, newer: str | None, older: str | None) -> str:
        links = ""
        if newer:
            links += (f"<span id='blog-pager-newer-link'><a class='blog-pager-newer-link' href='{newer}' id='Blog1_blog"
                      f"-pager-newer-link' title='Newer Posts'>Newer Posts</a></span>\n")
        if older:
            links += (f"<span id='blog-pager-older-link'><a class='blog-pager-older-link' href='{older}' id='Blog1_blog"
                      f"-pager-older-link' title='Older Posts'>Older Posts</a></span>\n")
        return (f"<div class='blog-pager' id='blog-pager'>\n{links}<a class='home-link' href='{self.home}/'>Home</a>\n"
                f"</div>\n<div class='blog-feeds'><div class='feed-links'>Subscribe to: <a class='feed-link' href='"
                f"{self.home}/feeds/posts/default' target='_blank' type='application/atom+xml'>Posts (Atom)</a></div></div>")

    def render_listings(self) -> None:
        per, name = self.site["posts_per_page"], self.site["name"]
        pages = [self.posts[i:i + per] for i in range(0, len(self.posts), per)]
        for n, chunk in enumerate(pages):
            older = self.older_url(chunk[-1]) if n + 1 < len(pages) else None
            newer = None if n == 0 else (f"{self.home}/" if n == 1 else self.older_url(pages[n - 2][-1]))
            canonical = f"{self.home}/" if n == 0 else self.older_url(pages[n - 1][-1]).replace("&amp;", "&")
            path = "index.html" if n == 0 else f"search/older-posts-{n + 1}.html"
            self.write(path, self.frame(name, canonical, "index", self.posts_html(chunk, False) + self.pager(newer, older)))
        for period in sorted({p["date"][:4] for p in self.posts} | {p["date"][:7] for p in self.posts}):
            chosen = [p for p in self.posts if p["date"].startswith(period)]
            folder = period.replace("-", "/")
            label = period if len(period) == 4 else f"{datetime.fromisoformat(period + '-01'):%B %Y}"
            self.write(f"{folder}/index.html", self.frame(f"{name}: {label}", f"{self.home}/{folder}/", "archive",
                                                           self.posts_html(chosen, False) + self.pager(None, None)))

    def render(self) -> dict[str, bytes]:
        name = self.site["name"]
        for i, post in enumerate(self.posts):
            newer = self.posts[i - 1] if i > 0 else None
            older = self.posts[i + 1] if i + 1 < len(self.posts) else None
            head = (f'<link rel="alternate" type="application/atom+xml" title="{e(name)} - Atom" href="{self.home}'
                    f'/feeds/{post["id"]}/comments/default" />\n')
            main = self.posts_html([post], True) + self.pager(newer and self.url(newer), older and self.url(older))
            self.write(self.url(post)[len(self.home) + 1:], self.frame(f"{name}: {post['title']}", self.url(post), "item",
                                                                       main, head))
        self.render_listings()
        self.write("404.html", self.frame(name, f"{self.home}/", "index", "<div class='status-msg-wrap'><div class="
                                          "'status-msg-body'>Sorry, the page you were looking for in this blog does "
                                          "not exist.</div></div>"))
        self.write("sitemap.xml", urlset([self.url(p) for p in self.posts]))
        self.write("robots.txt", f"User-agent: Mediapartners-Google\nDisallow: \n\nUser-agent: *\nDisallow: /search\n"
                                 f"Allow: /\n\nSitemap: {self.home}/sitemap.xml\n")
        self.feeds.render()
        return self.sorted()

    def routes(self) -> list[dict]:
        """'Older Posts' (/search?updated-max=<the last post shown>) -> the listing page it is, then the feeds."""
        per = self.site["posts_per_page"]
        older = {self.when(self.posts[n * per - 1]["date"]).isoformat(): str(n + 1)
                 for n in range(1, math.ceil(len(self.posts) / per))}
        return [{"path": "/search", "params": {"updated-max": ""}, "aliases": {"updated-max": older},
                 "file": "search/older-posts-{updated-max}.html"}, *self.feeds.routes()]

    @staticmethod
    def pages_of(total: int, cap: int) -> list[int]:
        """The start indexes (1-based) of the pages of a feed of ``total`` entries answered ``cap`` at a time."""
        return [1 + i * cap for i in range(max(1, math.ceil(total / cap)))]
