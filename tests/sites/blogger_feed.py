"""The mock blog's JSON feeds in Blogger's documented format (GData JSON: '$t' values, openSearch paging).

/feeds/posts/default?alt=json and /feeds/<postId>/comments/default?alt=json, paged with start-index and
max-results; the server caps max-results (Blogger caps it too), so a client must follow
openSearch$totalResults rather than trust one page. Comment entries link their parent comment with
rel='related' (…/comments/default/<parentId>); thr$in-reply-to names the post.
"""
from __future__ import annotations

import json
from datetime import datetime

from .blogger_content import AUTHORS, BLOG_ID, SITE_NAME, Comment, Post
from .blogger_theme import LABEL_SCHEME, comment_time, iso

NOREPLY = {"$t": "noreply@blogger.com"}


def _author(name: str, profile: str | None) -> dict:
    out = {"name": {"$t": name}, "email": NOREPLY,
           "gd$image": {"rel": "http://schemas.google.com/g/2005#thumbnail", "width": "16", "height": "16",
                        "src": "https://img1.blogblog.com/img/b16-rounded.gif"}}
    if profile:
        out["uri"] = {"$t": profile}
    return out


def _envelope(base: str, entries: list[dict], total: int, start: int, per_page: int, self_url: str,
              title: str) -> bytes:
    feed = {
        "xmlns": "http://www.w3.org/2005/Atom",
        "xmlns$openSearch": "http://a9.com/-/spec/opensearchrss/1.0/",
        "xmlns$blogger": "http://schemas.google.com/blogger/2008",
        "xmlns$georss": "http://www.georss.org/georss",
        "xmlns$gd": "http://schemas.google.com/g/2005",
        "xmlns$thr": "http://purl.org/syndication/thread/1.0",
        "id": {"$t": f"tag:blogger.com,1999:blog-{BLOG_ID}"},
        "updated": {"$t": "2012-12-21T09:15:00.000Z"},
        "title": {"type": "text", "$t": title},
        "subtitle": {"type": "html", "$t": "Volunteering news from Eastbrook"},
        "link": [{"rel": "http://schemas.google.com/g/2005#feed", "type": "application/atom+xml", "href": self_url},
                 {"rel": "self", "type": "application/atom+xml", "href": self_url},
                 {"rel": "alternate", "type": "text/html", "href": base + "/"}],
        "author": [_author(*AUTHORS["ruth"])],
        "generator": {"version": "7.00", "uri": "http://www.blogger.com", "$t": "Blogger"},
        "openSearch$totalResults": {"$t": str(total)},
        "openSearch$startIndex": {"$t": str(start)},
        "openSearch$itemsPerPage": {"$t": str(per_page)},
    }
    if entries:
        feed["entry"] = entries
    return json.dumps({"version": "1.0", "encoding": "UTF-8", "feed": feed}).encode("utf-8")


def post_entry(base: str, post: Post) -> dict:
    url = base + post.path
    n = len(post.comments)
    return {
        "id": {"$t": f"tag:blogger.com,1999:blog-{BLOG_ID}.post-{post.id}"},
        "published": {"$t": iso(post.when, millis=True)},
        "updated": {"$t": iso(post.updated, millis=True)},
        "category": [{"scheme": LABEL_SCHEME, "term": label} for label in post.labels],
        "title": {"type": "text", "$t": post.title},
        "content": {"type": "html", "$t": "".join(f"<p>{p}</p>" for p in post.paragraphs)},
        "link": [
            {"rel": "replies", "type": "application/atom+xml", "href": f"{base}/feeds/{post.id}/comments/default",
             "title": "Post Comments"},
            {"rel": "replies", "type": "text/html", "href": f"{url}#comment-form", "title": f"{n} Comments"},
            {"rel": "edit", "type": "application/atom+xml", "href": f"https://www.blogger.com/feeds/{BLOG_ID}/posts/default/{post.id}"},
            {"rel": "self", "type": "application/atom+xml", "href": f"https://www.blogger.com/feeds/{BLOG_ID}/posts/default/{post.id}"},
            {"rel": "alternate", "type": "text/html", "href": url, "title": post.title},
        ],
        "author": [_author(*AUTHORS[post.author])],
        "thr$total": {"$t": str(n)},
    }


def comment_entry(base: str, post: Post, c: Comment) -> dict:
    url = base + post.path
    own = f"{base}/feeds/{post.id}/comments/default/{c.id}"
    links = [{"rel": "edit", "type": "application/atom+xml", "href": own},
             {"rel": "self", "type": "application/atom+xml", "href": own},
             {"rel": "alternate", "type": "text/html", "href": f"{url}?showComment={c.epoch_ms}#c{c.id}", "title": ""}]
    if c.parent:
        links.append({"rel": "related", "type": "application/atom+xml",
                      "href": f"{base}/feeds/{post.id}/comments/default/{c.parent}"})
    return {
        "id": {"$t": f"tag:blogger.com,1999:blog-{BLOG_ID}.post-{c.id}"},
        "published": {"$t": iso(c.when, millis=True)},
        "updated": {"$t": iso(c.when, millis=True)},
        "title": {"type": "text", "$t": c.text[:30]},
        "content": {"type": "html", "$t": c.text},
        "link": links,
        "author": [_author(*c.author)],
        "thr$in-reply-to": {"xmlns$thr": "http://purl.org/syndication/thread/1.0", "href": url,
                            "ref": f"tag:blogger.com,1999:blog-{BLOG_ID}.post-{post.id}",
                            "source": f"https://www.blogger.com/feeds/{BLOG_ID}/posts/default/{post.id}",
                            "type": "text/html"},
        "gd$extendedProperty": [{"name": "blogger.itemClass", "value": "pid-1"},
                                {"name": "blogger.displayTime", "value": comment_time(c)}],
    }


def _window(params: dict, cap: int) -> tuple[int, int]:
    start = max(1, int((params.get("start-index") or ["1"])[0]))
    asked = int((params.get("max-results") or ["25"])[0])
    return start, max(1, min(asked, cap))


def _updated_min(params: dict) -> datetime | None:
    """Blogger's updated-min, honoured only with orderby=updated (as Blogger documents)."""
    if params.get("orderby") != ["updated"] or not params.get("updated-min"):
        return None
    return datetime.fromisoformat(params["updated-min"][0].replace("Z", "+00:00"))


def posts_feed(base: str, posts: list[Post], params: dict, cap: int) -> bytes:
    start, per_page = _window(params, cap)
    since = _updated_min(params)
    if since is not None:
        posts = sorted((p for p in posts if p.updated >= since), key=lambda p: p.updated, reverse=True)
    chosen = posts[start - 1: start - 1 + per_page]
    return _envelope(base, [post_entry(base, p) for p in chosen], len(posts), start, per_page,
                     f"{base}/feeds/posts/default", SITE_NAME)


def single_post(base: str, post: Post) -> bytes:
    """/feeds/posts/default/<postId>?alt=json: one entry, not a feed."""
    return json.dumps({"version": "1.0", "encoding": "UTF-8", "entry": post_entry(base, post)}).encode("utf-8")


def site_comments_feed(base: str, posts: list[Post], params: dict, cap: int) -> bytes:
    """/feeds/comments/default?alt=json: every comment of the blog, newest first (updated-min honoured)."""
    start, per_page = _window(params, cap)
    since = _updated_min(params)
    pairs = sorted(((p, c) for p in posts for c in p.comments if since is None or c.when >= since),
                   key=lambda pc: pc[1].when, reverse=True)
    chosen = pairs[start - 1: start - 1 + per_page]
    return _envelope(base, [comment_entry(base, p, c) for p, c in chosen], len(pairs), start, per_page,
                     f"{base}/feeds/comments/default", f"{SITE_NAME}: comments")


def comments_feed(base: str, post: Post, params: dict, cap: int) -> bytes:
    """Newest first, as Blogger's comment feeds list them by default."""
    start, per_page = _window(params, cap)
    ordered = sorted(post.comments, key=lambda c: c.when, reverse=True)
    chosen = ordered[start - 1: start - 1 + per_page]
    return _envelope(base, [comment_entry(base, post, c) for c in chosen], len(ordered), start, per_page,
                     f"{base}/feeds/{post.id}/comments/default", f"{SITE_NAME}: {post.title}")
