"""A loopback mock Drupal site (Drupal 7 Bartik with RDF, Drupal 7 without RDF, or Drupal 10 Olivero-like markup):
the charity's pages and its blog /blog/ with teaser listings paged by ?page=N, and a post whose comment thread is
split over ?page=N comment pages exactly as Drupal renders it (the indentation divs restart on every page, so a
reply whose parent is on the page before opens the page inside one div.indented). robots.txt announces two sitemaps
(an index holding a gzipped blog sitemap and a sitemap of other sections, and a second plain one). Pages outside
/blog/ serve leak markers. Options make the blog home fail (5xx, 404, hang) for the start-page fallbacks."""
from __future__ import annotations

import gzip
import time
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from urllib.parse import parse_qs, urlsplit

from .drupal_content import BLOG_PATH, COMMENTS_PER_PAGE, PER_PAGE, SITE_NAME, Comment, Post, sample_posts
from .server import LoopbackServing

HTML = "text/html; charset=utf-8"
XML = "application/xml; charset=utf-8"
LEAK = "LEAK-OUTSIDE-THE-BLOG"
OUTSIDE = ("/", "/about", "/services/debt-advice", "/contact")
VERSIONS = ("7", "7-plain", "10")   # 7: Bartik + RDF (sioc:reply_of); 7-plain: no RDF module; 10: Olivero-like


@dataclass
class Options:
    version: str = "7"
    home: str = "ok"        # 'ok', '500' (always), '404' / 'soft404' (a 'Page not found' page, 404 or 200), 'hang'
    #                         (longer than the timeout)
    robots: bool = True     # serve robots.txt with its Sitemap: lines
    feed: bool = True       # serve /blog/rss.xml
    delay: float = 0.0      # seconds before every response


def shown(when: str) -> str:
    return datetime.fromisoformat(when).strftime("%a, %-d %B %Y - %H:%M")


def drupal_divs(depths: list[int]) -> tuple[list[int], int]:
    """Drupal's comment_prepare_thread on one page: per comment +1 (open a div.indented) or -n (close n divs),
    restarting at 0 on every page, and the divs left open after the last comment."""
    divs, out = 0, []
    for depth in depths:
        if depth > divs:
            out.append(1)
            divs += 1
        else:
            out.append(depth - divs)
            divs = depth
    return out, divs


@dataclass
class MockDrupal(LoopbackServing):
    """The running site: ``url`` (the blog) to crawl, ``requests`` logged as (host, path?query)."""

    options: Options = field(default_factory=Options)
    posts: list[Post] = field(default_factory=sample_posts)
    requests: list[tuple[str, str]] = field(default_factory=list)

    def start(self) -> "MockDrupal":
        assert self.options.version in VERSIONS
        self._listen()
        self.base = f"http://127.0.0.1:{self.port}"
        self.url = self.base + BLOG_PATH
        self.by_path = {p.path: p for p in self.posts}
        self._serve()
        return self

    @property
    def d7(self) -> bool:
        return self.options.version.startswith("7")

    # -- routing -----------------------------------------------------------------------------------------------
    def respond(self, host: str, target: str) -> tuple[int, dict, bytes]:
        parts = urlsplit(target)
        path, params = parts.path, parse_qs(parts.query)
        n = int((params.get("page") or ["0"])[0])
        routes = {"/robots.txt": self.robots, "/sitemaps/index.xml": self.sitemap_index,
                  "/sitemaps/blog.xml.gz": self.blog_sitemap, "/sitemaps/pages.xml": self.pages_sitemap,
                  "/sitemaps/extra.xml": self.extra_sitemap, BLOG_PATH + "rss.xml": self.feed}
        if path in routes:
            return routes[path]()
        if path in (BLOG_PATH, BLOG_PATH.rstrip("/")) and self.options.home != "ok":
            return self.broken_home()
        if path in OUTSIDE or path.startswith(("/user", "/comment/")):
            return 200, {"Content-Type": HTML}, self.frame(LEAK, f"<h1>{LEAK}</h1><p>{LEAK}</p>" * 20)
        if path in (BLOG_PATH, BLOG_PATH.rstrip("/")):
            body = self.listing(n)
        else:
            post = self.by_path.get(path)
            body = self.single(post, n) if post else None
        if body is None:
            return 404, {"Content-Type": HTML}, self.frame("Page not found", "<h1>Page not found</h1>")
        return 200, {"Content-Type": HTML}, body

    def broken_home(self) -> tuple[int, dict, bytes]:
        if self.options.home == "hang":
            time.sleep(6)
        if self.options.home == "soft404":   # a 'Page not found' page served with 200 OK
            return 200, {"Content-Type": HTML}, self.frame("Page not found", "<h1>Page not found</h1>")
        if self.options.home == "404":
            return 404, {"Content-Type": HTML}, self.frame("Page not found", "<h1>Page not found</h1>"
                                                           "<p>The requested page could not be found.</p>")
        return 500, {"Content-Type": "text/plain"}, b"The website encountered an unexpected error."

    # -- discovery files ---------------------------------------------------------------------------------------
    def robots(self) -> tuple[int, dict, bytes]:
        if not self.options.robots:
            return 404, {"Content-Type": HTML}, self.frame("Page not found", "<h1>Page not found</h1>")
        text = (f"# robots.txt\nUser-agent: *\nDisallow: /admin/\nDisallow: /user/login\n\n"
                f"Sitemap: {self.base}/sitemaps/index.xml\nsitemap: {self.base}/sitemaps/extra.xml\n")
        return 200, {"Content-Type": "text/plain"}, text.encode()

    def _urlset(self, paths: list[str]) -> bytes:
        urls = "".join(f"<url><loc>{self.base}{p}</loc></url>" for p in paths)
        return (f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"{urls}</urlset>").encode()

    def sitemap_index(self) -> tuple[int, dict, bytes]:
        maps = "".join(f"<sitemap><loc>{self.base}/sitemaps/{n}</loc></sitemap>" for n in ("blog.xml.gz", "pages.xml"))
        return 200, {"Content-Type": XML}, (f'<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns='
                                            f'"http://www.sitemaps.org/schemas/sitemap/0.9">{maps}</sitemapindex>'
                                            ).encode()

    def blog_sitemap(self) -> tuple[int, dict, bytes]:
        body = self._urlset([p.path for p in self.posts if p.sitemap == "blog" or p.listed])
        return 200, {"Content-Type": "application/x-gzip"}, gzip.compress(body)

    def pages_sitemap(self) -> tuple[int, dict, bytes]:
        return 200, {"Content-Type": XML}, self._urlset(list(OUTSIDE))

    def extra_sitemap(self) -> tuple[int, dict, bytes]:
        return 200, {"Content-Type": XML}, self._urlset([p.path for p in self.posts if p.sitemap == "extra"])

    def feed(self) -> tuple[int, dict, bytes]:
        if not self.options.feed:
            return 404, {"Content-Type": HTML}, self.frame("Page not found", "<h1>Page not found</h1>")
        items = "".join(f"<item><title>{escape(p.title)}</title><link>{self.base}{p.path}</link></item>"
                        for p in self.posts if p.listed)
        return 200, {"Content-Type": "application/rss+xml; charset=utf-8"}, (
            f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xml:base="{self.url}"><channel>'
            f"<title>{SITE_NAME} blog</title><link>{self.url}</link>{items}</channel></rss>").encode()

    # -- theme -------------------------------------------------------------------------------------------------
    def frame(self, title: str, main: str, head: str = "") -> bytes:
        generator = "Drupal 7 (http://drupal.org)" if self.d7 else "Drupal 10 (https://www.drupal.org)"
        return f"""<!DOCTYPE html>
<html lang="en" dir="ltr"><head><meta charset="utf-8"><meta name="Generator" content="{generator}">
<title>{escape(title)} | {SITE_NAME}</title>
<link rel="alternate" type="application/rss+xml" title="{SITE_NAME} blog" href="{self.base}{BLOG_PATH}rss.xml">
{head}</head><body class="html not-front">
<div id="page"><header id="header" role="banner"><a href="/" rel="home">{SITE_NAME}</a>
<nav><ul class="menu"><li><a href="/about">About</a></li><li><a href="/services/debt-advice">Debt advice</a></li>
<li><a href="{BLOG_PATH}">Blog</a></li><li><a href="/contact">Contact</a></li></ul></nav></header>
<main id="main" role="main"><div id="content" class="column">
{main}
</div></main>
<footer id="footer"><p>{SITE_NAME}, registered charity 1098765.</p></footer></div></body></html>""".encode()

    def pager(self, path: str, n: int, pages: int) -> str:
        """Drupal's pager for page n of pages (zero-based): D7 ul.pager, D10 nav.pager with rel=next/prev."""
        def href(i: int) -> str:
            return (f"{path}?page={i}" if i else path) if self.d7 else f"?page={i}"
        if pages <= 1:
            return ""
        if self.d7:
            items = []
            if n > 0:
                items += [f'<li class="pager-first first"><a title="Go to first page" href="{href(0)}">« first</a></li>',
                          f'<li class="pager-previous"><a title="Go to previous page" href="{href(n - 1)}">‹ previous</a></li>']
            items += [f'<li class="pager-current">{i + 1}</li>' if i == n else
                      f'<li class="pager-item"><a title="Go to page {i + 1}" href="{href(i)}">{i + 1}</a></li>'
                      for i in range(pages)]
            if n + 1 < pages:
                items += [f'<li class="pager-next"><a title="Go to next page" href="{href(n + 1)}">next ›</a></li>',
                          f'<li class="pager-last last"><a title="Go to last page" href="{href(pages - 1)}">last »</a></li>']
            return f'<h2 class="element-invisible">Pages</h2><div class="item-list"><ul class="pager">{"".join(items)}</ul></div>'
        items = []
        if n > 0:
            items.append(f'<li class="pager__item pager__item--previous"><a href="{href(n - 1)}" rel="prev">‹‹</a></li>')
        items += [f'<li class="pager__item{" is-active" if i == n else ""}"><a href="{href(i)}">{i + 1}</a></li>'
                  for i in range(pages)]
        if n + 1 < pages:
            items.append(f'<li class="pager__item pager__item--next"><a href="{href(n + 1)}" rel="next">››</a></li>')
        return (f'<nav class="pager" role="navigation" aria-labelledby="pagination-heading"><h4 id="pagination-heading"'
                f' class="visually-hidden">Pagination</h4><ul class="pager__items js-pager__items">{"".join(items)}'
                f"</ul></nav>")

    def listing(self, n: int) -> bytes | None:
        listed = [p for p in self.posts if p.listed]
        pages = -(-len(listed) // PER_PAGE)
        if not 0 <= n < pages:
            return None
        rows = "".join(f"""<div class="views-row"><div class="node node-blog node-teaser">
<h2><a href="{p.path}">{escape(p.title)}</a></h2><div class="meta submitted">Submitted by <span class="username">{escape(p.author)}</span> on {shown(p.when)}</div>
<div class="content"><p>{escape(p.paragraphs[0][:80])}…</p></div>
<ul class="links inline"><li class="node-readmore"><a href="{p.path}" rel="tag">Read more</a></li></ul></div></div>"""
                       for p in listed[n * PER_PAGE:(n + 1) * PER_PAGE])
        main = (f'<h1 class="title" id="page-title">Blog</h1><div class="view view-blog"><div class="view-content">'
                f"{rows}</div>{self.pager(BLOG_PATH, n, pages)}</div>")
        return self.frame("Blog", main)

    # -- a post and its comment pages --------------------------------------------------------------------------
    def depth(self, post: Post, c: Comment) -> int:
        by_id = {x.cid: x for x in post.comments}
        d = 0
        while c.parent is not None:
            c, d = by_id[c.parent], d + 1
        return d

    def comment(self, post: Post, c: Comment) -> str:
        when = f'{shown(c.when)}'
        parent = next((x for x in post.comments if x.cid == c.parent), None)
        if self.d7:
            rdf = ""
            if self.options.version == "7":
                rdf = f'<span rel="sioc:reply_of" resource="{post.path}" class="rdf-meta element-hidden"></span>'
                if parent:
                    rdf += (f'<span rel="sioc:reply_of" resource="/comment/{parent.cid}#comment-{parent.cid}" '
                            f'class="rdf-meta element-hidden"></span>')
                when = (f'<span property="dc:date dc:created" content="{c.when}" datatype="xsd:dateTime">'
                        f"{shown(c.when)}</span>")
            return f"""<a id="comment-{c.cid}"></a>
<div class="comment clearfix" about="/comment/{c.cid}#comment-{c.cid}" typeof="sioc:Post sioct:Comment">
<div class="attribution"><div class="comment-submitted"><p class="commenter-name"><span class="username">{escape(c.author)}</span></p>
<p class="comment-time">{when}</p>
<p class="comment-permalink"><a href="/comment/{c.cid}#comment-{c.cid}" class="permalink" rel="bookmark">Permalink</a></p></div></div>
<div class="comment-text"><div class="comment-arrow"></div>
<h3><a href="/comment/{c.cid}#comment-{c.cid}" class="permalink" rel="bookmark">{escape(c.text[:30])}</a></h3>
<div class="content">{rdf}<div class="field field-name-comment-body"><div class="field-items"><div class="field-item even" property="content:encoded"><p>{escape(c.text)}</p></div></div></div></div></div>
<ul class="links inline"><li class="comment-reply first last"><a href="/comment/reply/{post.nid}/{c.cid}">reply</a></li></ul>
</div>"""
        reply = ""
        if parent:
            reply = (f'<p class="parent visually-hidden">In reply to <a href="/comment/{parent.cid}#comment-{parent.cid}"'
                     f' class="permalink" rel="bookmark" hreflang="en">{escape(parent.text[:30])}</a> by '
                     f"<span>{escape(parent.author)}</span></p>")
        return f"""<a id="comment-{c.cid}"></a>
<article data-comment-user-id="0" class="comment js-comment by-anonymous" role="article">
<div class="comment__picture-wrapper"></div><div class="comment__text-wrapper">
<footer class="comment__meta"><p class="comment__author"><span>{escape(c.author)}</span></p>
<p class="comment__time"><time datetime="{c.when}">{shown(c.when)}</time></p></footer>{reply}
<div class="comment__content"><h3><a href="/comment/{c.cid}#comment-{c.cid}" hreflang="en">{escape(c.text[:30])}</a></h3>
<div class="clearfix text-formatted field field--name-comment-body field__item"><p>{escape(c.text)}</p></div>
<ul class="links inline comment__links"><li><a href="/comment/reply/node/{post.nid}/comment/{c.cid}">Reply</a></li></ul></div></div>
</article>"""

    def comment_page(self, post: Post, n: int) -> str:
        chunk = post.comments[n * COMMENTS_PER_PAGE:(n + 1) * COMMENTS_PER_PAGE]
        divs, left_open = drupal_divs([self.depth(post, c) for c in chunk])
        html = "".join(("\n<div class=\"indented\">" if d > 0 else "</div>" * -d) + self.comment(post, c)
                       for c, d in zip(chunk, divs)) + "</div>" * left_open
        pages = -(-len(post.comments) // COMMENTS_PER_PAGE)
        form = '<h2 class="title comment-form">Add new comment</h2><form class="comment-form" action="/comment/reply/x"></form>'
        if self.d7:
            return (f'<div id="comments" class="comment-wrapper"><h2 class="title">Comments</h2>{html}'
                    f"{self.pager(post.path, n, pages)}{form}</div>")
        return (f'<section class="comments"><h2 class="comments__title">Comments</h2>{html}'
                f"{self.pager(post.path, n, pages)}{form}</section>")

    def single(self, post: Post, n: int) -> bytes | None:
        pages = max(1, -(-len(post.comments) // COMMENTS_PER_PAGE))
        if not 0 <= n < pages:
            return None
        body = "".join(f"<p>{escape(p)}</p>" for p in post.paragraphs)
        canonical = post.path if self.d7 else self.base + post.path
        head = f'<link rel="canonical" href="{canonical}"><link rel="shortlink" href="/node/{post.nid}">'
        main = f"""<h1 class="title" id="page-title">{escape(post.title)}</h1>
<div id="node-{post.nid}" class="node node-blog node-full clearfix">
<div class="meta submitted"><span property="dc:date dc:created" content="{post.when}">Submitted by <span class="username">{escape(post.author)}</span> on {shown(post.when)}</span></div>
<div class="content"><div class="field field-name-body"><div class="field-items"><div class="field-item even">{body}</div></div></div></div>
</div>
{self.comment_page(post, n) if post.comments else ""}"""
        return self.frame(post.title, main, head)
