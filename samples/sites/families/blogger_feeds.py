"""The Blogger blog's JSON feeds in Blogger's GData JSON format ('$t' values, openSearch paging), pre-rendered.

/feeds/posts/default?alt=json and /feeds/<postId>/comments/default?alt=json are written one file per page of at
most ``feed_page_cap`` / ``comment_feed_page_cap`` entries (the site answers no more whatever max-results asks,
as Blogger caps it), so a client must page with start-index up to openSearch$totalResults. Posts are listed
newest first, comments newest first; a reply names its parent comment with a rel='related' link.
"""
from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:   # pragma: no cover
    from .blogger import BloggerClassic

LABEL_SCHEME = "http://www.blogger.com/atom/ns#"
POSTS = "feeds/posts/default"
COMMENTS = "feeds/{post}/comments/default"
NAMESPACES = {
    "xmlns": "http://www.w3.org/2005/Atom", "xmlns$openSearch": "http://a9.com/-/spec/opensearchrss/1.0/",
    "xmlns$blogger": "http://schemas.google.com/blogger/2008", "xmlns$georss": "http://www.georss.org/georss",
    "xmlns$gd": "http://schemas.google.com/g/2005", "xmlns$thr": "http://purl.org/syndication/thread/1.0",
}


class Feeds:
    """The feed files of one blog (``render()``) and the routes that answer their URLs (``routes()``)."""

    def __init__(self, blog: "BloggerClassic"):
        self.blog = blog
        self.blog_id = blog.site["blog_id"]

    def tag(self, item_id: str | None = None) -> str:
        return f"tag:blogger.com,1999:blog-{self.blog_id}" + (f".post-{item_id}" if item_id else "")

    def stamp(self, local: str) -> str:
        return self.blog.when(local).isoformat(timespec="milliseconds")

    def author(self, name: str, profile: str | None) -> dict:
        out = {"name": {"$t": name}, "email": {"$t": "noreply@blogger.com"},
               "gd$image": {"rel": "http://schemas.google.com/g/2005#thumbnail", "width": "16", "height": "16",
                            "src": "https://img1.blogblog.com/img/b16-rounded.gif"}}
        if profile:
            out["uri"] = {"$t": profile}
        return out

    def post_entry(self, post: dict) -> dict:
        home, url, n = self.blog.home, self.blog.url(post), len(post["comments"])
        own = f"https://www.blogger.com/feeds/{self.blog_id}/posts/default/{post['id']}"
        author = self.blog.site["authors"][post["author"]]
        return {
            "id": {"$t": self.tag(post["id"])},
            "published": {"$t": self.stamp(post["date"])}, "updated": {"$t": self.stamp(post["date"])},
            "category": [{"scheme": LABEL_SCHEME, "term": label} for label in post["labels"]],
            "title": {"type": "text", "$t": post["title"]},
            "content": {"type": "html", "$t": "<br /><br />".join(post["body"])},
            "link": [{"rel": "replies", "type": "application/atom+xml", "href": f"{home}/feeds/{post['id']}/comments/default",
                      "title": "Post Comments"},
                     {"rel": "replies", "type": "text/html", "href": f"{url}#comment-form", "title": f"{n} Comments"},
                     {"rel": "edit", "type": "application/atom+xml", "href": own},
                     {"rel": "self", "type": "application/atom+xml", "href": own},
                     {"rel": "alternate", "type": "text/html", "href": url, "title": post["title"]}],
            "author": [self.author(author["name"], author["profile"])],
            "thr$total": {"$t": str(n)},
        }

    def comment_entry(self, post: dict, c: dict) -> dict:
        home, url = self.blog.home, self.blog.url(post)
        own = f"{home}/feeds/{post['id']}/comments/default/{c['id']}"
        links = [{"rel": "edit", "type": "application/atom+xml", "href": own},
                 {"rel": "self", "type": "application/atom+xml", "href": own},
                 {"rel": "alternate", "type": "text/html", "href": f"{url}?showComment={self.blog.epoch_ms(c['date'])}"
                                                                   f"#c{c['id']}", "title": ""}]
        if c["parent"]:
            links.append({"rel": "related", "type": "application/atom+xml",
                          "href": f"{home}/feeds/{post['id']}/comments/default/{c['parent']}"})
        return {
            "id": {"$t": self.tag(c["id"])},
            "published": {"$t": self.stamp(c["date"])}, "updated": {"$t": self.stamp(c["date"])},
            "title": {"type": "text", "$t": c["text"][:40]},
            "content": {"type": "html", "$t": c["text"]},
            "link": links,
            "author": [self.author(c["author"], c.get("profile"))],
            "thr$in-reply-to": {"xmlns$thr": "http://purl.org/syndication/thread/1.0", "href": url,
                                "ref": self.tag(post["id"]), "type": "text/html",
                                "source": f"https://www.blogger.com/feeds/{self.blog_id}/posts/default/{post['id']}"},
            "gd$extendedProperty": [{"name": "blogger.itemClass", "value": "pid-1034488120"},
                                    {"name": "blogger.displayTime",
                                     "value": self.blog.comment_time(self.blog.when(c["date"]))}],
        }

    def envelope(self, title: str, path: str, entries: list[dict], start: int, cap: int, updated: str) -> str:
        s, home = self.blog.site, self.blog.home
        owner = next(iter(s["authors"].values()))     # the blog's first author owns it
        feed = {**NAMESPACES, "id": {"$t": self.tag()}, "updated": {"$t": updated},
                "title": {"type": "text", "$t": title}, "subtitle": {"type": "html", "$t": s["description"]},
                "link": [{"rel": "http://schemas.google.com/g/2005#feed", "type": "application/atom+xml",
                          "href": f"{home}/{path}"},
                         {"rel": "self", "type": "application/atom+xml", "href": f"{home}/{path}?alt=json"},
                         {"rel": "alternate", "type": "text/html", "href": f"{home}/"}],
                "author": [self.author(owner["name"], owner["profile"])],
                "generator": {"version": "7.00", "uri": "http://www.blogger.com", "$t": "Blogger"},
                "openSearch$totalResults": {"$t": str(len(entries))},
                "openSearch$startIndex": {"$t": str(start)}, "openSearch$itemsPerPage": {"$t": str(cap)}}
        page = entries[start - 1:start - 1 + cap]
        if page:
            feed["entry"] = page
        return json.dumps({"version": "1.0", "encoding": "UTF-8", "feed": feed}, ensure_ascii=False) + "\n"

    def paged(self, title: str, path: str, entries: list[dict], cap: int, updated: str) -> None:
        for start in self.blog.pages_of(len(entries), cap):
            self.blog.write(f"{path}/json/start-{start}.json", self.envelope(title, path, entries, start, cap, updated))

    def render(self) -> None:
        s, posts = self.blog.site, self.blog.posts
        updated = self.stamp(max(c["date"] for p in posts for c in [{"date": p["date"]}, *p["comments"]]))
        self.paged(s["name"], POSTS, [self.post_entry(p) for p in posts], s["feed_page_cap"], updated)
        for post in posts:
            comments = sorted(post["comments"], key=lambda c: c["date"], reverse=True)
            self.paged(f"{s['name']}: {post['title']}", COMMENTS.format(post=post["id"]),
                       [self.comment_entry(post, c) for c in comments], s["comment_feed_page_cap"], updated)

    @staticmethod
    def routes() -> list[dict]:
        """?alt=json feed URLs -> their page files, chosen by start-index (1 when absent)."""
        return [{"path": "/" + POSTS, "query": {"alt": "json"}, "params": {"start-index": "1"},
                 "file": POSTS + "/json/start-{start-index}.json"},
                {"path": r"/feeds/(?P<post>\d+)/comments/default", "query": {"alt": "json"},
                 "params": {"start-index": "1"}, "file": "feeds/{post}/comments/default/json/start-{start-index}.json"}]
