"""A loopback mock organisation site on a Drupal-like CMS: the charity's pages, and its news/blog section /news/
with teaser listings paged by ?page=N, JSON-LD Article posts, Drupal-style nested comments, a digest page of
short notes shown in full, a site-wide sitemap and the section's RSS feed. Pages outside /news/ and the
login/reply links serve leak markers."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from urllib.parse import parse_qs, urlsplit

from .org_content import BLOG_PATH, DIGEST_NOTES, DIGEST_PATH, PER_PAGE, SITE_NAME, Comment, Post, sample_posts
from .server import LoopbackServing

HTML = "text/html; charset=UTF-8"
XML = "application/xml; charset=UTF-8"
RSS = "application/rss+xml; charset=UTF-8"
LEAK = "LEAK-OUTSIDE-THE-BLOG"
# Pages of the organisation outside the blog (and one whose path merely starts like it).
OUTSIDE = ("/", "/about/", "/donate/", "/newsletter", "/news-archive-2015/old-post")


@dataclass
class Options:
    delay: float = 0.0


def shown(when: str) -> str:
    return datetime.fromisoformat(when).strftime("%-d %B %Y")


@dataclass
class MockOrgSite(LoopbackServing):
    """The running site: ``url`` (the blog section) to crawl, ``requests`` logged as (host, path?query)."""

    options: Options = field(default_factory=Options)
    posts: list[Post] = field(default_factory=sample_posts)
    requests: list[tuple[str, str]] = field(default_factory=list)

    def start(self) -> "MockOrgSite":
        self._listen()
        self.base = f"http://127.0.0.1:{self.port}"
        self.url = self.base + BLOG_PATH
        self.by_path = {p.path: p for p in self.posts}
        self._serve()
        return self

    @property
    def listed(self) -> list[Post]:
        return [p for p in self.posts if p.listed]

    # -- routing -----------------------------------------------------------------------------------------------
    def respond(self, host: str, target: str) -> tuple[int, dict, bytes]:
        parts = urlsplit(target)
        path, params = parts.path, parse_qs(parts.query)
        if path == "/robots.txt":
            return 200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /admin/\n"
        if path == "/sitemap.xml":
            return 200, {"Content-Type": XML}, self.sitemap()
        if path == BLOG_PATH + "rss.xml":
            return 200, {"Content-Type": RSS}, self.feed()
        if path in OUTSIDE or path.startswith(("/user/", "/comment/")) or "destination" in params:
            return 200, {"Content-Type": HTML}, self.frame(LEAK, f"<h1>{LEAK}</h1><p>{LEAK} " * 30 + "</p>")
        body = self.page(path, params)
        if body is None:
            return 404, {"Content-Type": HTML}, self.frame("Page not found", "<h1>Page not found</h1>")
        return 200, {"Content-Type": HTML}, body

    def page(self, path: str, params: dict) -> bytes | None:
        n = int((params.get("page") or ["0"])[0])
        if path in (BLOG_PATH, BLOG_PATH.rstrip("/")):
            return self.listing(self.listed, n, BLOG_PATH, "News and blog")
        if path.startswith(BLOG_PATH + "tags/"):
            tag = path.rsplit("/", 1)[-1]
            chosen = [p for p in self.listed if tag in p.tags]
            return self.listing(chosen, n, path, f"Tagged: {tag}") if chosen else None
        if path == DIGEST_PATH:
            return self.digest()
        post = self.by_path.get(path)
        return self.single(post) if post else None

    # -- theme -------------------------------------------------------------------------------------------------
    def frame(self, title: str, main: str, head: str = "") -> bytes:
        return f"""<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>{escape(title)} | {SITE_NAME}</title>
<meta name="Generator" content="Riverbank CMS 4">
<meta property="og:site_name" content="{SITE_NAME}">
<link rel="alternate" type="application/rss+xml" title="News" href="{BLOG_PATH}rss.xml">
{head}</head>
<body class="path-news">
<header id="header"><a href="/" class="logo">{SITE_NAME}</a>
<nav class="main-menu"><ul><li><a href="/about/">About us</a></li><li><a href="/donate/">Donate</a></li>
<li><a href="{BLOG_PATH}">News</a></li><li><a href="/newsletter">Newsletter</a></li>
<li><a href="/user/login?destination={BLOG_PATH}">Log in</a></li></ul></nav></header>
<main id="main-content" role="main">
{main}
</main>
<aside class="region-sidebar-second"><h2>Elsewhere</h2><ul><li><a href="/news-archive-2015/old-post">Our old news archive</a></li>
<li><a href="{DIGEST_PATH}">Spring 2024 in brief</a></li></ul></aside>
<footer class="site-footer"><p>{SITE_NAME} is a registered charity in England and Wales (no. 1234567).</p></footer>
</body></html>""".encode()

    def teaser(self, post: Post) -> str:
        return f"""<div class="views-row"><article class="node node--type-blog node--view-mode-teaser">
<h2 class="node__title"><a href="{post.path}" rel="bookmark">{escape(post.title)}</a></h2>
<div class="node__submitted">By <span class="username">{escape(post.author)}</span>,
<time datetime="{post.when}">{shown(post.when)}</time></div>
<div class="field--name-body"><p>{escape(post.paragraphs[0][:90])}…</p></div>
<div class="node__links"><a href="{post.path}" class="read-more">Read more<span class="visually-hidden"> about {escape(post.title)}</span></a></div>
</article></div>"""

    def listing(self, posts: list[Post], n: int, path: str, heading: str) -> bytes | None:
        pages = max(1, -(-len(posts) // PER_PAGE))
        if not 0 <= n < pages:
            return None
        rows = "\n".join(self.teaser(p) for p in posts[n * PER_PAGE:(n + 1) * PER_PAGE])
        pager, head = [], ""
        if n > 0:
            prev = f"{path}?page={n - 1}" if n > 1 else path
            pager.append(f'<li class="pager__item pager__item--previous"><a href="{prev}" rel="prev">‹ Previous</a></li>')
            head += f'<link rel="prev" href="{prev}">'
        if n + 1 < pages:
            pager.append(f'<li class="pager__item pager__item--next"><a href="?page={n + 1}" rel="next">Next ›</a></li>')
            head += f'<link rel="next" href="{path}?page={n + 1}">'
        main = (f'<h1 class="page-title">{escape(heading)}</h1><div class="view view-news"><div class="view-content">'
                f'{rows}</div><nav class="pager" role="navigation"><ul class="pager__items">{"".join(pager)}</ul>'
                f"</nav></div>")
        return self.frame(heading + (f" (page {n + 1})" if n else ""), main, head)

    def comment(self, comment: Comment, replies: str) -> str:
        return f"""<article class="comment js-comment" id="{comment.id}" role="article">
<footer class="comment__meta"><p class="comment__author"><span class="username">{escape(comment.author)}</span></p>
<p class="comment__time"><time datetime="{comment.when}">{datetime.fromisoformat(comment.when).strftime("%a, %d/%m/%Y - %H:%M")}</time></p></footer>
<div class="comment__content"><div class="field--name-comment-body"><p>{escape(comment.text)}</p></div>
<ul class="links inline"><li><a href="/comment/reply/node/{comment.id}">Reply</a></li></ul></div>
</article>{f'<div class="indented">{replies}</div>' if replies else ""}"""

    def thread(self, comments: tuple[Comment, ...], parent: str | None) -> str:
        return "\n".join(self.comment(c, self.thread(comments, c.id)) for c in comments if c.parent == parent)

    def single(self, post: Post) -> bytes:
        ld = {"@context": "https://schema.org", "@type": "Article", "headline": post.title,
              "datePublished": post.when, "author": {"@type": "Person", "name": post.author},
              "publisher": {"@type": "Organization", "name": SITE_NAME}, "mainEntityOfPage": self.base + post.path}
        head = (f'<link rel="canonical" href="{self.base}{post.path}"><meta property="og:type" content="article">'
                f'<script type="application/ld+json">{json.dumps(ld)}</script>')
        tags = "".join(f'<a href="{BLOG_PATH}tags/{t}" rel="tag">{t.replace("-", " ")}</a>' for t in post.tags)
        comments = ""
        if post.comments:
            comments = (f'<section class="comments" id="comments"><h2 class="comments__title">Comments</h2>'
                        f'{self.thread(post.comments, None)}</section>')
        body = "".join(f"<p>{escape(p)}</p>" for p in post.paragraphs)
        main = f"""<article class="node node--type-blog node--view-mode-full">
<h1 class="page-title"><span class="field--name-title">{escape(post.title)}</span></h1>
<div class="node__submitted">Submitted by <span class="username">{escape(post.author)}</span> on
<time datetime="{post.when}">{shown(post.when)}</time></div>
<div class="node__content"><div class="field--name-body">{body}</div>
<div class="field--name-field-tags">{tags}</div></div>
</article>
{comments}"""
        return self.frame(post.title, main, head)

    def digest(self) -> bytes:
        notes = "\n".join(f"""<article class="note" id="{n.anchor}">
<h2><a href="#{n.anchor}">{escape(n.title)}</a></h2>
<div class="byline">By {escape(n.author)}, <time datetime="{n.when}">{shown(n.when)}</time></div>
<div class="field--name-body">{"".join(f"<p>{escape(p)}</p>" for p in n.paragraphs)}</div>
</article>""" for n in DIGEST_NOTES)
        return self.frame("Spring 2024 in brief", f'<h1 class="page-title">Spring 2024 in brief</h1>{notes}')

    def sitemap(self) -> bytes:
        paths = [*OUTSIDE[:3], BLOG_PATH, DIGEST_PATH, *(p.path for p in self.posts if p.in_sitemap)]
        urls = "".join(f"<url><loc>{self.base}{p}</loc></url>" for p in paths)
        return (f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"{urls}</urlset>").encode()

    def feed(self) -> bytes:
        items = "".join(f"<item><title>{escape(p.title)}</title><link>{self.base}{p.path}</link>"
                        f"<pubDate>{datetime.fromisoformat(p.when).strftime('%a, %d %b %Y %H:%M:%S %z')}</pubDate></item>"
                        for p in self.posts if p.in_feed)
        return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{SITE_NAME} news</title>'
                f"<link>{self.url}</link>{items}</channel></rss>").encode()
