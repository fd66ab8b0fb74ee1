"""A WordPress 3.9 blog on a Twenty Twelve-style classic theme (threaded comments as ul.children), no REST API."""
from __future__ import annotations

import math
from datetime import datetime
from zoneinfo import ZoneInfo

from .common import e as _e
from .common import urlset


class WordPressClassic:
    """Renders every page of the blog: posts and their comment pages, listings, feed, sitemaps, robots.txt."""

    def __init__(self, site: dict):
        self.site = site
        self.home = site["home"].rstrip("/")
        self.tz = ZoneInfo(site["timezone"])
        self.posts = sorted(site["posts"], key=lambda p: p["date"], reverse=True)   # newest first, as listed
        self.pages = site["pages"]
        self.files: dict[str, bytes] = {}

    # -- small helpers ---------------------------------------------------------------------------------------------
    def when(self, local: str) -> datetime:
        return datetime.fromisoformat(local).replace(tzinfo=self.tz)

    def iso(self, local: str) -> str:
        return self.when(local).isoformat()

    def permalink(self, item: dict) -> str:
        if item in self.pages:
            return f"{self.home}/{item['slug']}/"
        return f"{self.home}/{item['date'][:4]}/{item['date'][5:7]}/{item['slug']}/"

    @staticmethod
    def slug(term: str) -> str:
        return term.lower().replace(" ", "-").replace("é", "e")

    def write(self, path: str, text: str) -> None:
        self.files[path] = text.encode("utf-8")

    # -- frame -----------------------------------------------------------------------------------------------------
    def frame(self, title: str, body_class: str, content: str, head: str = "") -> str:
        s = self.site
        recent = "".join(f'<li><a href="{self.permalink(p)}">{_e(p["title"])}</a></li>' for p in self.posts[:5])
        months = sorted({p["date"][:7] for p in self.posts}, reverse=True)
        archives = "".join(f"<li><a href='{self.home}/{m[:4]}/{m[5:]}/'>{datetime.fromisoformat(m + '-01'):%B %Y}</a></li>"
                           for m in months)
        cats = "".join(f'<li class="cat-item cat-item-{i + 3}"><a href="{self.home}/category/{slug}/" '
                       f'title="View all posts filed under {_e(name)}">{_e(name)}</a></li>'
                       for i, (slug, name) in enumerate(sorted(s["categories"].items(), key=lambda kv: kv[1]))
                       if any(slug in p["categories"] for p in self.posts))
        menu = "".join(f'<li class="page_item page-item-{p["id"]}"><a href="{self.permalink(p)}">{_e(p["title"])}</a></li>'
                       for p in self.pages)
        return f"""<!DOCTYPE html>
<!--[if IE 7]><html class="ie ie7" lang="{s['language']}"><![endif]-->
<html lang="{s['language']}">
<head>
<meta charset="UTF-8" />
<meta name="viewport" content="width=device-width" />
<title>{_e(title)}</title>
<link rel="profile" href="http://gmpg.org/xfn/11" />
<link rel="pingback" href="{self.home}/xmlrpc.php" />
<link rel="alternate" type="application/rss+xml" title="{_e(s['name'])} &raquo; Feed" href="{self.home}/feed/" />
<link rel="alternate" type="application/rss+xml" title="{_e(s['name'])} &raquo; Comments Feed" href="{self.home}/comments/feed/" />
{head}<link rel='stylesheet' id='twentytwelve-style-css' href='{self.home}/wp-content/themes/twentytwelve/style.css?ver=3.9' type='text/css' media='all' />
<link rel="EditURI" type="application/rsd+xml" title="RSD" href="{self.home}/xmlrpc.php?rsd" />
<meta name="generator" content="{s['generator']}" />
</head>
<body class="{body_class} custom-font-enabled">
<div id="page" class="hfeed site">
<header id="masthead" class="site-header" role="banner">
<hgroup><h1 class="site-title"><a href="{self.home}/" title="{_e(s['name'])}" rel="home">{_e(s['name'])}</a></h1>
<h2 class="site-description">{_e(s['description'])}</h2></hgroup>
<nav id="site-navigation" class="main-navigation" role="navigation"><div class="nav-menu"><ul>
<li class="current_page_item"><a href="{self.home}/" title="Home">Home</a></li>{menu}</ul></div></nav>
</header>
<div id="main" class="wrapper">
<div id="primary" class="site-content"><div id="content" role="main">
{content}
</div></div>
<div id="secondary" class="widget-area" role="complementary">
<aside id="search-2" class="widget widget_search"><form role="search" method="get" id="searchform" class="searchform" action="{self.home}/">
<div><label class="screen-reader-text" for="s">Search for:</label><input type="text" value="" name="s" id="s" /><input type="submit" id="searchsubmit" value="Search" /></div></form></aside>
<aside id="recent-posts-2" class="widget widget_recent_entries"><h3 class="widget-title">Recent Posts</h3><ul>{recent}</ul></aside>
<aside id="archives-2" class="widget widget_archive"><h3 class="widget-title">Archives</h3><ul>{archives}</ul></aside>
<aside id="categories-2" class="widget widget_categories"><h3 class="widget-title">Categories</h3><ul>{cats}</ul></aside>
<aside id="meta-2" class="widget widget_meta"><h3 class="widget-title">Meta</h3><ul>
<li><a href="{self.home}/wp-login.php">Log in</a></li>
<li><a href="{self.home}/feed/" title="Syndicate this site using RSS 2.0">Entries <abbr title="Really Simple Syndication">RSS</abbr></a></li>
<li><a href="{self.home}/comments/feed/" title="The latest comments to all posts in RSS">Comments <abbr title="Really Simple Syndication">RSS</abbr></a></li>
<li><a href="https://wordpress.org/" title="Powered by WordPress, state-of-the-art semantic personal publishing platform.">WordPress.org</a></li></ul></aside>
</div>
</div>
<footer id="colophon" role="contentinfo"><div class="site-info"><a href="https://wordpress.org/" title="Semantic Personal Publishing Platform">Proudly powered by WordPress</a></div></footer>
</div>
</body>
</html>
"""

    # -- posts -----------------------------------------------------------------------------------------------------
    def footer_meta(self, post: dict) -> str:
        s = self.site
        cats = ", ".join(f'<a href="{self.home}/category/{c}/" title="View all posts in {_e(s["categories"][c])}" '
                         f'rel="category tag">{_e(s["categories"][c])}</a>' for c in post["categories"])
        tags = ", ".join(f'<a href="{self.home}/tag/{self.slug(t)}/" rel="tag">{_e(t)}</a>' for t in post["tags"])
        author = s["authors"][post["author"]]
        when = self.when(post["date"])
        clock = f"{when:%-I:%M %p}".lower()
        date = (f'<a href="{self.permalink(post)}" title="{clock}" rel="bookmark">'
                f'<time class="entry-date" datetime="{when.isoformat()}">{when:%B %-d, %Y}</time></a>')
        by = (f'<span class="by-author"> by <span class="author vcard"><a class="url fn n" href="{self.home}/author/'
              f'{post["author"]}/" title="View all posts by {_e(author)}" rel="author">{_e(author)}</a></span></span>')
        tagged = f" and tagged {tags}" if tags else ""
        return f'<footer class="entry-meta">This entry was posted in {cats}{tagged} on {date}{by}.</footer>'

    def comments_link(self, post: dict, single: bool) -> str:
        if post["comment_status"] != "open" and not (not single and post["comments"]):
            return ""
        n = len(post["comments"])
        text = "Leave a reply" if n == 0 else ("1 Reply" if n == 1 else f"{n} Replies")
        target = "#respond" if n == 0 else "#comments"
        href = target if single and n == 0 else f"{self.permalink(post)}{target}"
        return f'<div class="comments-link"><a href="{href}" title="Comment on {_e(post["title"])}">{text}</a></div>'

    def article(self, post: dict, single: bool) -> str:
        kind = "page" if post in self.pages else "post"
        terms = "".join(f" category-{c}" for c in post.get("categories", [])) + \
            "".join(f" tag-{self.slug(t)}" for t in post.get("tags", []))
        paragraphs = post["body"]
        if single or len(paragraphs) == 1:
            body = "".join(f"<p>{p}</p>" for p in paragraphs)
        else:   # listings show the text before <!--more--> (the first paragraph) and a "Continue reading" link
            body = (f"<p>{paragraphs[0]}</p><p> <a href=\"{self.permalink(post)}#more-{post['id']}\" class=\"more-link\">"
                    f"Continue reading <span class=\"meta-nav\">&rarr;</span></a></p>")
        title = _e(post["title"]) if single else \
            f'<a href="{self.permalink(post)}" title="Permalink to {_e(post["title"])}" rel="bookmark">{_e(post["title"])}</a>'
        meta = self.footer_meta(post) if kind == "post" else '<footer class="entry-meta"></footer>'
        return (f'<article id="post-{post["id"]}" class="post-{post["id"]} {kind} type-{kind} status-publish '
                f'format-standard hentry{terms}">\n<header class="entry-header">\n<h1 class="entry-title">{title}</h1>\n'
                f'{self.comments_link(post, single) if kind == "post" else ""}</header>\n'
                f'<div class="entry-content">{body}</div>\n{meta}\n</article>\n')

    # -- comments --------------------------------------------------------------------------------------------------
    def threads(self, post: dict) -> list[dict]:
        return sorted((c for c in post["comments"] if c["parent"] is None), key=lambda c: c["date"])

    def comment_pages(self, post: dict) -> int:
        return max(1, math.ceil(len(self.threads(post)) / self.site["comments_per_page"]))

    def comment_page_link(self, post: dict, n: int) -> str:
        """As WordPress with default_comments_page 'newest': the newest page is the bare permalink."""
        if n == self.comment_pages(post):
            return f"{self.permalink(post)}#comments"
        return f"{self.permalink(post)}comment-page-{n}/#comments"

    def comment(self, post: dict, c: dict, cpage: int, depth: int, parity: list[int]) -> str:
        parity[0] += 1
        even = "even" if parity[0] % 2 else "odd"
        replies = sorted((r for r in post["comments"] if r["parent"] == c["id"]), key=lambda r: r["date"])
        children = "".join(self.comment(post, r, cpage, depth + 1, parity) for r in replies)
        children = f'\n<ul class="children">\n{children}</ul>\n' if children else ""
        who = (f"<a href='{_e(c['url'])}' rel='external nofollow' class='url'>{_e(c['author'])}</a>" if c.get("url")
               else _e(c["author"]))
        if c.get("type") == "pingback":
            return (f'<li class="pingback {even} depth-{depth}" id="comment-{c["id"]}">\n<p>Pingback: {who} </p>'
                    f'{children}</li>\n')
        when = self.when(c["date"])
        link = (f"{self.permalink(post)}comment-page-{cpage}/#comment-{c['id']}" if cpage < self.comment_pages(post)
                else f"{self.permalink(post)}#comment-{c['id']}")
        author_class = " bypostauthor" if c.get("by_post_author") else ""
        marker = " <span>Post author</span>" if c.get("by_post_author") else ""
        reply = ("" if post["comment_status"] != "open" else
                 f"<div class=\"reply\"><a class='comment-reply-link' href='{self.permalink(post)}?replytocom={c['id']}"
                 f"#respond' onclick='return addComment.moveForm(\"comment-{c['id']}\", \"{c['id']}\", \"respond\", "
                 f"\"{post['id']}\")'>Reply</a> <span>&darr;</span></div>")
        text = "".join(f"<p>{_e(p)}</p>" for p in c["text"].split("\n\n"))
        stamp = f"{when:%B %-d, %Y at %-I:%M} " + f"{when:%p}".lower()
        return (f'<li class="comment {even} depth-{depth}{author_class}" id="li-comment-{c["id"]}">\n'
                f'<article id="comment-{c["id"]}" class="comment">\n'
                f'<header class="comment-meta comment-author vcard"><cite><b class="fn">{who}</b>{marker}</cite>'
                f'<a href="{link}"><time datetime="{when.isoformat()}">{stamp}</time></a></header>\n'
                f'<section class="comment-content comment">{text}</section>\n{reply}</article>{children}</li>\n')

    def comments_area(self, post: dict, cpage: int) -> str:
        threads = self.threads(post)
        form = ""
        if post["comment_status"] == "open":
            form = (f'<div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">Leave a '
                    f'Reply <small><a rel="nofollow" id="cancel-comment-reply-link" href="{self.permalink(post)}'
                    f'#respond" style="display:none;">Cancel reply</a></small></h3><form action="{self.home}/'
                    f'wp-comments-post.php" method="post" id="commentform" class="comment-form">'
                    f'<p class="comment-form-author"><label for="author">Name</label> <input id="author" name="author" '
                    f'type="text" value="" size="30" /></p><p class="comment-form-comment"><label for="comment">Comment'
                    f'</label><textarea id="comment" name="comment" cols="45" rows="8"></textarea></p>'
                    f'<p class="form-submit"><input name="submit" type="submit" id="submit" value="Post Comment" />'
                    f'<input type="hidden" name="comment_post_ID" value="{post["id"]}" id="comment_post_ID" />'
                    f'<input type="hidden" name="comment_parent" id="comment_parent" value="0" /></p></form></div>')
        if not threads:
            return f'<div id="comments" class="comments-area">\n{form}\n</div>'
        n = len(post["comments"])
        heading = (f'<h2 class="comments-title">{"One thought" if n == 1 else f"{n} thoughts"} on &ldquo;'
                   f'<span>{_e(post["title"])}</span>&rdquo;</h2>')
        per = self.site["comments_per_page"]
        shown = threads[(cpage - 1) * per: cpage * per]
        parity = [0]
        items = "".join(self.comment(post, c, cpage, 1, parity) for c in shown)
        nav = ""
        if self.comment_pages(post) > 1:
            older = (f'<a href="{self.comment_page_link(post, cpage - 1)}" >&larr; Older Comments</a>' if cpage > 1 else "")
            newer = (f'<a href="{self.comment_page_link(post, cpage + 1)}" >Newer Comments &rarr;</a>'
                     if cpage < self.comment_pages(post) else "")
            nav = (f'<nav id="comment-nav-below" class="navigation" role="navigation"><h1 class="assistive-text '
                   f'section-heading">Comment navigation</h1><div class="nav-previous">{older}</div>'
                   f'<div class="nav-next">{newer}</div></nav>\n')
        closed = '<p class="nocomments">Comments are closed.</p>\n' if post["comment_status"] != "open" else ""
        return (f'<div id="comments" class="comments-area">\n{heading}\n<ol class="commentlist">\n{items}</ol>\n'
                f'{nav}{closed}{form}\n</div>')

    # -- page kinds ------------------------------------------------------------------------------------------------
    def single(self, post: dict, cpage: int | None) -> str:
        is_page = post in self.pages
        pages = self.comment_pages(post)
        shown = pages if cpage is None else cpage
        canonical = self.permalink(post) if cpage is None else self.comment_page_link(post, cpage)
        head = (f"<link rel='canonical' href='{canonical}' />\n<link rel='shortlink' href='{self.home}/?p={post['id']}' />\n"
                f'<link rel="alternate" type="application/rss+xml" title="{_e(self.site["name"])} &raquo; '
                f'{_e(post["title"])} Comments Feed" href="{self.permalink(post)}feed/" />\n')
        nav = ""
        if not is_page:
            i = self.posts.index(post)
            older = self.posts[i + 1] if i + 1 < len(self.posts) else None
            newer = self.posts[i - 1] if i > 0 else None
            for rel, other in (("prev", older), ("next", newer)):
                if other:
                    head += f"<link rel='{rel}' title='{_e(other['title'])}' href='{self.permalink(other)}' />\n"
            prev_link = (f'<span class="nav-previous"><a href="{self.permalink(older)}" rel="prev"><span class="meta-nav">'
                         f'&larr;</span> {_e(older["title"])}</a></span>' if older else "")
            next_link = (f'<span class="nav-next"><a href="{self.permalink(newer)}" rel="next">{_e(newer["title"])} '
                         f'<span class="meta-nav">&rarr;</span></a></span>' if newer else "")
            nav = (f'<nav class="nav-single"><h3 class="assistive-text">Post navigation</h3>{prev_link}{next_link}</nav>'
                   '<!-- .nav-single -->\n')
        body_class = (f"page page-id-{post['id']} page-template-default" if is_page
                      else f"single single-post postid-{post['id']} single-format-standard")
        content = self.article(post, single=True) + nav + self.comments_area(post, shown)
        return self.frame(f"{post['title']} | {self.site['name']}", body_class, content, head)

    def listing(self, posts: list[dict], base: str, body_class: str, heading: str, title: str) -> None:
        """Every page of one listing (home, category, tag, date, author) at base, base/page/2/…"""
        per = self.site["posts_per_page"]
        total = max(1, math.ceil(len(posts) / per))
        for n in range(1, total + 1):
            chunk = posts[(n - 1) * per: n * per]
            nav = ""
            if total > 1:
                older = (f'<div class="nav-previous"><a href="{self.home}/{base}page/{n + 1}/" ><span class="meta-nav">'
                         f'&larr;</span> Older posts</a></div>' if n < total else "")
                newer_href = f"{self.home}/{base}" if n == 2 else f"{self.home}/{base}page/{n - 1}/"
                newer = (f'<div class="nav-next"><a href="{newer_href}" >Newer posts <span class="meta-nav">&rarr;'
                         f'</span></a></div>' if n > 1 else "")
                nav = (f'<nav id="nav-below" class="navigation" role="navigation"><h3 class="assistive-text">Post '
                       f'navigation</h3>{older}{newer}</nav><!-- #nav-below .navigation -->\n')
            header = f'<header class="archive-header"><h1 class="archive-title">{heading}</h1></header>\n' if heading else ""
            content = header + "".join(self.article(p, single=False) for p in chunk) + nav
            paged = f" paged paged-{n}" + (f" {body_class.split()[1]}-paged-{n}" if heading else "") if n > 1 else ""
            page_title = title if n == 1 else f"{title} | Page {n}"
            self.write(f"{base}{'' if n == 1 else f'page/{n}/'}index.html",
                       self.frame(page_title, body_class + paged, content))

    # -- machine-readable files ------------------------------------------------------------------------------------
    def feed(self) -> str:
        s = self.site
        items = ""
        for p in self.posts[:10]:
            when = self.when(p["date"])
            cats = "".join(f"<category><![CDATA[{s['categories'][c]}]]></category>" for c in p["categories"])
            items += (f"<item><title>{_e(p['title'])}</title><link>{self.permalink(p)}</link>"
                      f"<comments>{self.permalink(p)}#comments</comments>"
                      f"<pubDate>{when.astimezone(ZoneInfo('UTC')):%a, %d %b %Y %H:%M:%S} +0000</pubDate>"
                      f"<dc:creator><![CDATA[{s['authors'][p['author']]}]]></dc:creator>{cats}"
                      f"<guid isPermaLink=\"false\">{self.home}/?p={p['id']}</guid>"
                      f"<description><![CDATA[{p['body'][0]}]]></description>"
                      f"<wfw:commentRss>{self.permalink(p)}feed/</wfw:commentRss>"
                      f"<slash:comments>{len(p['comments'])}</slash:comments></item>\n")
        return ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/'
                'modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/'
                'elements/1.1/" xmlns:slash="http://purl.org/rss/1.0/modules/slash/">\n<channel>'
                f"<title>{_e(s['name'])}</title><link>{self.home}</link><description>{_e(s['description'])}"
                f"</description><language>{s['language']}</language><generator>http://wordpress.org/?v=3.9</generator>\n"
                f"{items}</channel></rss>\n")

    # -- the whole site --------------------------------------------------------------------------------------------
    def render(self) -> dict[str, bytes]:
        s = self.site
        for post in self.posts + self.pages:
            base = self.permalink(post)[len(self.home) + 1:]
            self.write(f"{base}index.html", self.single(post, None))
            if self.comment_pages(post) > 1:   # /comment-page-N/ of a post whose comments are paged
                for n in range(1, self.comment_pages(post) + 1):
                    self.write(f"{base}comment-page-{n}/index.html", self.single(post, n))
        self.listing(self.posts, "", "home blog", "", f"{s['name']} | {s['description']}")
        for slug, name in s["categories"].items():
            chosen = [p for p in self.posts if slug in p["categories"]]
            if chosen:
                self.listing(chosen, f"category/{slug}/", f"archive category category-{slug}",
                             f"Category Archives: <span>{_e(name)}</span>", f"{name} | {s['name']}")
        for tag in sorted({t for p in self.posts for t in p["tags"]}):
            chosen = [p for p in self.posts if tag in p["tags"]]
            self.listing(chosen, f"tag/{self.slug(tag)}/", f"archive tag tag-{self.slug(tag)}",
                         f"Tag Archives: <span>{_e(tag)}</span>", f"{tag} | {s['name']}")
        for month in sorted({p["date"][:7] for p in self.posts}):
            chosen = [p for p in self.posts if p["date"].startswith(month)]
            label = f"{datetime.fromisoformat(month + '-01'):%B %Y}"
            self.listing(chosen, f"{month[:4]}/{month[5:]}/", "archive date",
                         f"Monthly Archives: <span>{label}</span>", f"{label} | {s['name']}")
        for slug, name in s["authors"].items():
            chosen = [p for p in self.posts if p["author"] == slug]
            self.listing(chosen, f"author/{slug}/", f"archive author author-{slug}",
                         f'Author Archives: <span class="vcard"><a class="url fn n" href="{self.home}/author/{slug}/" '
                         f'rel="me">{_e(name)}</a></span>', f"{name} | {s['name']}")
        self.write("404.html", self.frame(f"Page not found | {s['name']}", "error404", (
            '<article id="post-0" class="post error404 no-results not-found"><header class="entry-header">'
            '<h1 class="entry-title">This is somewhat embarrassing, isn&rsquo;t it?</h1></header><div class="entry-content">'
            '<p>It seems we can&rsquo;t find what you&rsquo;re looking for. Perhaps searching can help.</p></div></article>')))
        self.write("feed/index.xml", self.feed())
        maps = ["wp-sitemap-posts-post-1.xml", "wp-sitemap-posts-page-1.xml", "wp-sitemap-taxonomies-category-1.xml"]
        self.write("wp-sitemap.xml", '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.'
                   'org/schemas/sitemap/0.9">' + "".join(f"<sitemap><loc>{self.home}/{m}</loc></sitemap>" for m in maps)
                   + "</sitemapindex>\n")
        self.write(maps[0], urlset([self.permalink(p) for p in self.posts]))
        self.write(maps[1], urlset([self.permalink(p) for p in self.pages]))
        self.write(maps[2], urlset([f"{self.home}/category/{c}/" for c in s["categories"]
                                         if any(c in p["categories"] for p in self.posts)]))
        self.write("robots.txt", f"User-agent: *\nDisallow: /wp-admin/\n\nSitemap: {self.home}/wp-sitemap.xml\n")
        return dict(sorted(self.files.items()))
