"""An organisation's own site on Drupal 10 (Olivero-style theme) with its blog under /blog: teaser listings paged
by ?page=N, JSON-LD, hAtom or plain <article>/<time> post pages, nested comment threads (div.indented), a
sitemap.xml, the blog's RSS feed, and a view of full policy notes without dates, each closed by a share widget."""
from __future__ import annotations

import json
import math
from datetime import datetime
from urllib.parse import quote
from zoneinfo import ZoneInfo

from .common import Files, e, urlset

GENERATOR = "Drupal 10 (https://www.drupal.org)"
NOTES_PATH = "/blog/policy-notes"


class DrupalSite(Files):
    """Renders the organisation's home and pages, the blog's listings, posts and policy notes, sitemap, feed,
    robots.txt; routes() maps Drupal's clean URLs and ?page=N to the files."""

    def __init__(self, site: dict):
        super().__init__()
        self.site = site
        self.home = site["home"].rstrip("/")
        self.blog = site["blog"]
        self.tz = ZoneInfo(site["timezone"])
        posts = sorted(site["posts"], key=lambda p: p["date"], reverse=True)   # newest first
        self.listed = [p for p in posts if p["section"] == "blog"]
        self.notes = [p for p in posts if p["section"] == "policy-notes"]
        self.posts = posts

    # -- helpers ---------------------------------------------------------------------------------------------
    def when(self, local: str) -> datetime:
        return datetime.fromisoformat(local).replace(tzinfo=self.tz)

    def path(self, post: dict) -> str:
        return f"{self.blog}/{post['slug']}"

    def time(self, local: str, fmt: str = "%-d %B %Y") -> str:
        when = self.when(local)
        return f'<time datetime="{when.isoformat()}">{when.strftime(fmt)}</time>'

    def rfc822(self, local: str) -> str:
        return f"{self.when(local):%a, %d %b %Y %H:%M:%S %z}"

    def paragraphs(self, post: dict) -> str:
        return "".join(f"<p>{e(p)}</p>" for p in post["body"])

    # -- frame -----------------------------------------------------------------------------------------------
    def frame(self, title: str, path: str, main: str, head: str = "", body_class: str = "") -> str:
        s = self.site
        menu = "".join(f'<li class="primary-nav__menu-item"><a href="{p["path"]}" class="primary-nav__menu-link">'
                       f'{e(p["title"])}</a></li>' for p in s["pages"])
        return f"""<!DOCTYPE html>
<html lang="{s['language'].split('-')[0]}" dir="ltr">
<head>
<meta charset="utf-8" />
<meta name="Generator" content="{GENERATOR}" />
<meta name="MobileOptimized" content="width" />
<meta name="viewport" content="width=device-width, initial-scale=1.0" />
<meta property="og:site_name" content="{e(s['name'])}" />
<link rel="canonical" href="{self.home}{path}" />
<link rel="alternate" type="application/rss+xml" title="{e(s['name'])}: blog" href="{self.home}{self.blog}/rss.xml" />
{head}<title>{e(title)} | {e(s['name'])}</title>
<link rel="stylesheet" media="all" href="/sites/default/files/css/css_Wm3kxtPd1wZ6.css" />
</head>
<body class="path-{path.strip('/').split('/')[0] or 'frontpage'} {body_class}">
<a href="#main-content" class="visually-hidden focusable skip-link">Skip to main content</a>
<div class="dialog-off-canvas-main-canvas" data-off-canvas-main-canvas>
<div id="page-wrapper" class="page-wrapper"><div id="page">
<header id="header" class="site-header" role="banner"><div class="site-branding"><a href="/" rel="home" class="site-branding__name">{e(s['name'])}</a>
<div class="site-branding__slogan">{e(s['slogan'])}</div></div>
<nav id="block-main-menu" class="primary-nav" aria-labelledby="primary-nav-title"><ul class="menu primary-nav__menu">
<li class="primary-nav__menu-item"><a href="{self.blog}" class="primary-nav__menu-link">Blog</a></li>{menu}
<li class="primary-nav__menu-item"><a href="/user/login?destination={quote(path)}" class="primary-nav__menu-link">Log in</a></li></ul></nav>
</header>
<div id="main-wrapper" class="layout-main-wrapper"><div id="main" class="layout-main">
<main role="main" class="main-content"><a id="main-content" tabindex="-1"></a>
<div class="region region--content" id="content">
{main}
</div>
</main>
<aside class="region region--sidebar" role="complementary"><nav class="block block-menu menu--blog" aria-label="Blog sections"><h2 class="block__title">In the blog</h2>
<ul class="menu"><li class="menu__item"><a href="{self.blog}">All posts</a></li><li class="menu__item"><a href="{NOTES_PATH}">Policy notes</a></li></ul></nav></aside>
</div></div>
<footer class="site-footer"><div class="region region--footer"><p>{e(s['name'])} is a registered charity in England and Wales (no. 1098765).</p>
<p><a href="/about-us">Contact us</a> &middot; <a href="{self.blog}/rss.xml" class="feed-icon">Subscribe to the blog</a></p></div></footer>
</div></div></div>
</body>
</html>
"""

    # -- comments --------------------------------------------------------------------------------------------
    def comment(self, post: dict, c: dict) -> str:
        replies = [r for r in post["comments"] if r["parent"] == c["id"]]
        indented = "".join(self.comment(post, r) for r in replies)
        by, uid = ("by-node-author", 7) if c["author"] == post["author"] else ("by-anonymous", 0)   # staff log in
        return (f'<article data-comment-user-id="{uid}" id="comment-{c["id"]}" class="comment js-comment {by}" '
                f'role="article">\n<span class="hidden" data-comment-timestamp="'
                f'{int(self.when(c["date"]).timestamp())}"></span>\n<div class="comment__text-wrapper">\n'
                f'<footer class="comment__meta"><p class="comment__author"><span>{e(c["author"])}</span></p>'
                f'<p class="comment__time">{self.time(c["date"], "%a, %d/%m/%Y - %H:%M")}</p>'
                f'<p class="comment__permalink visually-hidden"><a href="/comment/{c["id"]}#comment-{c["id"]}" '
                f'hreflang="en">Permalink</a></p></footer>\n<div class="comment__content"><div class="field '
                f'field--name-comment-body field--type-text-long field--label-hidden field__item"><p>{e(c["text"])}'
                f'</p></div>\n<ul class="links inline comment__links"><li class="comment-reply"><a href="/comment/'
                f'reply/node/{post["nid"]}/comment/{c["id"]}">Reply</a></li></ul></div>\n</div>\n</article>\n'
                + (f'<div class="indented">\n{indented}</div>\n' if replies else ""))

    def comments(self, post: dict) -> str:
        threads = "".join(self.comment(post, c) for c in post["comments"] if c["parent"] is None)
        count = (f'<h2 class="comments__title">Comments <span class="comments__count">{len(post["comments"])}'
                 f'</span></h2>\n' if post["comments"] else "")
        return (f'<section id="comments" class="section comments" data-drupal-selector="comments">\n{count}{threads}'
                f'<h2 class="add-comment__heading">Add new comment</h2>\n<form class="comment-comment-form comment-form" '
                f'action="/comment/reply/node/{post["nid"]}/comment" method="post" accept-charset="UTF-8"><label '
                f'for="edit-name">Your name</label><input type="text" id="edit-name" name="name" /><label for="edit-'
                f'comment-body">Comment</label><textarea id="edit-comment-body" name="comment_body[0][value]">'
                f'</textarea><input type="submit" id="edit-submit" value="Save" /></form>\n</section>')

    # -- posts -----------------------------------------------------------------------------------------------
    def tags(self, post: dict) -> str:
        items = "".join(f'<li class="field__item"><a href="/taxonomy/term/{sum(map(ord, t)) % 97}" hreflang="en">'
                        f'{e(t)}</a></li>' for t in post["tags"])
        return (f'<div class="field field--name-field-tags field--type-entity-reference field--label-above">'
                f'<h3 class="field__label">Tags</h3><ul class="links field__items">{items}</ul></div>')

    def single(self, post: dict) -> str:
        url = self.home + self.path(post)
        head = ""
        if post["template"] == "jsonld":
            ld = {"@context": "https://schema.org", "@graph": [{
                "@type": "BlogPosting", "headline": post["title"], "name": post["title"], "about": post["tags"],
                "description": post["body"][0], "datePublished": self.when(post["date"]).isoformat(),
                "author": {"@type": "Person", "name": post["author"]},
                "publisher": {"@type": "Organization", "@id": self.home + "/", "name": self.site["name"],
                              "url": self.home + "/"}, "mainEntityOfPage": url}]}
            head = (f'<meta property="og:type" content="article" />\n<meta property="og:url" content="{url}" />\n'
                    f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>\n')
        if post["template"] == "legacy":   # posts imported from the old site keep its hAtom template
            main = (f'<article id="node-{post["nid"]}" class="hentry node-legacy-blog">\n<h1 class="entry-title">'
                    f'{e(post["title"])}</h1>\n<p class="byline">Posted by <span class="author vcard"><span class="fn">'
                    f'{e(post["author"])}</span></span> on <abbr class="published" title="'
                    f'{self.when(post["date"]).isoformat()}">{self.when(post["date"]):%-d %B %Y}</abbr></p>\n'
                    f'<div class="entry-content">{self.paragraphs(post)}</div>\n{self.tags(post)}\n</article>\n')
        else:
            if post["section"] == "policy-notes":   # custom author and date fields; the notes' view leaves them out
                meta = (f'<p class="node__byline">By <span class="field field--name-field-author">{e(post["author"])}'
                        f'</span></p>\n<div class="field field--name-field-date-published field--label-inline"><div '
                        f'class="field__label">Published</div><div class="field__item">{self.time(post["date"])}</div>'
                        f'</div>')
            else:
                meta = (f'<div class="node__meta"><span class="field field--name-uid field--type-entity-reference">'
                        f'{e(post["author"])}</span>, <span class="field field--name-created field--type-created">'
                        f'{self.time(post["date"])}</span></div>')
            main = (f'<h1 class="title page-title"><span class="field field--name-title">{e(post["title"])}</span></h1>\n'
                    f'<article data-history-node-id="{post["nid"]}" role="article" about="{self.path(post)}" class="node '
                    f'node--type-{"policy-note" if post["section"] != "blog" else "blog-post"} node--view-mode-full">\n'
                    f'<header class="node__header">{meta}</header>\n<div class="node__content"><div class="text-content '
                    f'clearfix field field--name-body field--type-text-with-summary field--label-hidden field__item">'
                    f'{self.paragraphs(post)}</div>\n{self.tags(post)}\n</div>\n</article>\n')
        if post["section"] == "blog":
            main += self.comments(post)
        return self.frame(post["title"], self.path(post), main, head, "page-node-type-blog-post")

    def teaser(self, post: dict) -> str:
        n, path = len(post["comments"]), self.path(post)
        count = f'<li class="comment-comments"><a href="{path}#comments">{n} comment{"s" if n != 1 else ""}</a></li>' \
            if n else ""
        return (f'<div class="views-row"><article role="article" about="{path}" class="node node--type-blog-post '
                f'node--promoted node--view-mode-teaser">\n<header><h2 class="node__title"><a href="{path}" rel="'
                f'bookmark"><span class="field field--name-title">{e(post["title"])}</span></a></h2>\n<div class="'
                f'node__meta"><span class="field field--name-uid">{e(post["author"])}</span>, <span class="field '
                f'field--name-created">{self.time(post["date"])}</span></div></header>\n<div class="node__content">'
                f'<div class="field field--name-body field--type-text-with-summary"><p>{e(post["body"][0])}</p></div>\n'
                f'<ul class="links inline"><li class="node-readmore"><a href="{path}" rel="tag" title="{e(post["title"])}" '
                f'hreflang="en">Read more<span class="visually-hidden"> about {e(post["title"])}</span></a></li>{count}'
                f'</ul></div>\n</article></div>\n')

    def pager(self, n: int, pages: int) -> str:
        def item(cls: str, page: int, text: str, title: str, rel: str = "") -> str:
            rel = f' rel="{rel}"' if rel else ""
            return f'<li class="pager__item{cls}"><a href="?page={page}" title="{title}"{rel}>{text}</a></li>'
        items = [item(" pager__item--first", 0, "&laquo; First", "Go to first page"),
                 item(" pager__item--previous", n - 1, "&lsaquo; Previous", "Go to previous page", "prev")] if n else []
        items += [item(" is-active" if i == n else "", i, str(i + 1), "Current page" if i == n else f"Go to page {i + 1}")
                  for i in range(pages)]
        if n + 1 < pages:
            items += [item(" pager__item--next", n + 1, "Next &rsaquo;", "Go to next page", "next"),
                      item(" pager__item--last", pages - 1, "Last &raquo;", "Go to last page")]
        return (f'<nav class="pager" role="navigation" aria-labelledby="pagination-heading"><h4 id="pagination-heading" '
                f'class="visually-hidden">Pagination</h4><ul class="pager__items js-pager__items">{"".join(items)}</ul></nav>')

    def listings(self) -> None:
        per = self.site["posts_per_page"]
        pages = math.ceil(len(self.listed) / per)
        for n in range(pages):
            rows = "".join(self.teaser(p) for p in self.listed[n * per:(n + 1) * per])
            main = (f'<h1 class="title page-title">Blog</h1>\n<div class="views-element-container"><div class="view '
                    f'view-blog view-id-blog view-display-id-page_1"><div class="view-content">\n{rows}</div>\n'
                    f'{self.pager(n, pages)}\n</div></div>')
            self.write(f"blog/page-{n}.html", self.frame("Blog" + (f" (page {n + 1})" if n else ""),
                                                          self.blog + (f"?page={n}" if n else ""), main))

    def policy_notes(self) -> str:
        rows = ""
        for post in self.notes:
            url = self.home + self.path(post)
            rows += (f'<div class="views-row"><article role="article" about="{self.path(post)}" class="node node--type-'
                     f'policy-note node--view-mode-full">\n<h2 class="node__title"><a href="{self.path(post)}" rel="'
                     f'bookmark"><span class="field field--name-title">{e(post["title"])}</span></a></h2>\n<div class="'
                     f'node__content"><div class="text-content clearfix field field--name-body">{self.paragraphs(post)}'
                     f'</div>\n<div class="field field--name-field-share addtoany"><span class="a2a_kit a2a_kit_size_16 '
                     f'addtoany_list" data-a2a-url="{url}" data-a2a-title="{e(post["title"])}"><a class="a2a_dd addtoany_'
                     f'share" href="https://www.addtoany.com/share#url={quote(url, safe="")}&amp;title='
                     f'{quote(post["title"])}"><img src="/modules/contrib/addtoany/images/share_save_171_16.png" width="171"'
                     f' height="16" alt="Share Button" /></a></span></div></div>\n</article></div>\n')
        main = (f'<h1 class="title page-title">Policy notes</h1>\n<div class="views-element-container"><div class="view '
                f'view-policy-notes view-id-policy_notes view-display-id-page_1"><div class="view-header"><p>Our responses '
                f'to consultations and our briefings on local policy, newest first.</p></div>\n<div class="view-content">'
                f'\n{rows}</div></div></div>')
        return self.frame("Policy notes", NOTES_PATH, main)

    # -- the whole site --------------------------------------------------------------------------------------
    def feed(self) -> str:
        items = "".join(f"<item><title>{e(p['title'])}</title><link>{self.home}{self.path(p)}</link><description>"
                        f"{e('<p>' + e(p['body'][0]) + '</p>')}</description><pubDate>{self.rfc822(p['date'])}</pubDate>"
                        f"<dc:creator>{e(p['author'])}</dc:creator><guid isPermaLink=\"false\">"
                        f"{p['nid']} at {self.home}</guid></item>\n" for p in self.listed[:10])
        return (f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" xml:base="{self.home}{self.blog}" xmlns:dc='
                f'"http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">\n<channel>\n<title>'
                f"{e(self.site['name'])}: blog</title>\n<link>{self.home}{self.blog}</link>\n<description>"
                f"{e(self.site['slogan'])}</description>\n<language>{self.site['language'].split('-')[0]}</language>\n"
                f"{items}</channel>\n</rss>\n")

    def render(self) -> dict[str, bytes]:
        s = self.site
        for post in self.posts:
            self.write(f"blog/{post['slug']}.html", self.single(post))
        self.listings()
        self.write("blog/policy-notes.html", self.policy_notes())
        latest = "".join(self.teaser(p) for p in self.listed[:2])
        self.write("index.html", self.frame(s["name"], "/", f'<h1 class="title page-title">{e(s["slogan"])}</h1>\n'
                                            f'<h2>Latest from the blog</h2>\n{latest}'))
        for page in s["pages"]:
            self.write(f"{page['path'].strip('/')}.html", self.frame(page["title"], page["path"], (
                f'<h1 class="title page-title">{e(page["title"])}</h1>\n<article class="node node--type-page '
                f'node--view-mode-full"><div class="node__content"><p>{e(s["name"])}: {e(s["slogan"])}.</p></div>'
                f'</article>')))
        self.write("404.html", self.frame("Page not found", "/404", '<h1 class="title page-title">Page not found</h1>'
                                          '<p>The requested page could not be found.</p>'))
        self.write("blog/rss.xml", self.feed())
        paths = ["/", *(p["path"] for p in s["pages"]), self.blog, NOTES_PATH, *(self.path(p) for p in self.posts)]
        self.write("sitemap.xml", urlset([self.home + p for p in paths]))
        self.write("robots.txt", "User-agent: *\n# Directories\nDisallow: /core/\nDisallow: /profiles/\n# Paths (clean "
                                 "URLs)\nDisallow: /admin/\nDisallow: /comment/reply/\nDisallow: /node/add/\n"
                                 "Disallow: /search/\nDisallow: /user/login\nDisallow: /user/register\n\n"
                                 f"Sitemap: {self.home}/sitemap.xml\n")
        return self.sorted()

    def routes(self) -> list[dict]:
        """Drupal's clean URLs (no slash, no extension) and the blog's ?page=N; pages carry Drupal's headers."""
        drupal = {"X-Generator": GENERATOR, "Cache-Control": "max-age=300, public"}
        return [{"path": f"{self.blog}/?", "params": {"page": "0"}, "file": "blog/page-{page}.html", "headers": drupal},
                {"path": f"{self.blog}/(?P<slug>[a-z0-9-]+)", "file": "blog/{slug}.html", "headers": drupal},
                {"path": "/(?P<slug>[a-z0-9-]+)", "file": "{slug}.html", "headers": drupal},
                {"path": "/", "headers": drupal}]
