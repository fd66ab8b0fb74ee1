"""The mock blog's WordPress REST API (/wp/v2 posts, pages, comments, users) in the real response format."""
from __future__ import annotations

import json
import math
from html import escape

from .lowfield import CATEGORIES, TAGS, USERS, Comment, Post, gmt


class RestSite:
    """Builds /wp/v2 responses for a list of posts served at ``base`` (e.g. 'http://127.0.0.1:8080')."""

    def __init__(self, posts: list[Post], base: str, *, max_per_page: int = 100, comments_max_per_page: int = 100,
                 open_type_param: bool = False):
        self.posts = posts
        self.open_type_param = open_type_param
        self.base = base
        self.max_per_page = max_per_page
        self.comments_max_per_page = comments_max_per_page

    def api(self, route: str) -> str:
        return f"{self.base}/wp-json{route}"

    def link(self, post: Post) -> str:
        return self.base + post.path

    # -- objects ---------------------------------------------------------------------------------------------
    def user(self, uid: int) -> dict:
        slug = USERS[uid].lower().replace(" ", "-")
        return {"id": uid, "name": USERS[uid], "url": "", "description": "", "link": f"{self.base}/author/{slug}/",
                "slug": slug, "avatar_urls": {"24": f"https://secure.gravatar.com/avatar/{uid}?s=24&d=mm&r=g"},
                "_links": {"self": [{"href": self.api(f"/wp/v2/users/{uid}")}],
                           "collection": [{"href": self.api("/wp/v2/users")}]}}

    def term(self, tid: int, taxonomy: str) -> dict:
        name, slug = (CATEGORIES if taxonomy == "category" else TAGS)[tid]
        base = "category" if taxonomy == "category" else "tag"
        return {"id": tid, "link": f"{self.base}/{base}/{slug}/", "name": name, "slug": slug, "taxonomy": taxonomy,
                "_links": {"self": [{"href": self.api(f"/wp/v2/{'categories' if base == 'category' else 'tags'}/{tid}")}]}}

    def comment(self, post: Post, c: Comment) -> dict:
        return {"id": c.id, "post": post.id, "parent": c.parent, "author": 0, "author_name": c.author,
                "author_url": c.url, "date": c.date, "date_gmt": gmt(c.date),
                "content": {"rendered": f"<p>{escape(c.text)}</p>\n"},
                "link": f"{self.link(post)}#comment-{c.id}", "status": "approved", "type": c.type,
                "author_avatar_urls": {"24": "https://secure.gravatar.com/avatar/x?s=24&d=mm&r=g"}, "meta": [],
                "_links": {"self": [{"href": self.api(f"/wp/v2/comments/{c.id}")}],
                           "collection": [{"href": self.api("/wp/v2/comments")}],
                           "up": [{"embeddable": True, "post_type": post.type,
                                   "href": self.api(f"/wp/v2/{post.type}s/{post.id}")}],
                           **({"in-reply-to": [{"embeddable": True, "href": self.api(f"/wp/v2/comments/{c.parent}")}]}
                              if c.parent else {})}}

    def post(self, post: Post, embed: set[str] | None) -> dict:
        body = "".join(f"<p>{escape(p)}</p>\n" for p in post.paragraphs)
        rest_base = f"/wp/v2/{post.type}s/{post.id}"
        obj = {"id": post.id, "date": post.date, "date_gmt": gmt(post.date), "guid": {"rendered": f"{self.base}/?p={post.id}"},
               "modified": post.date, "modified_gmt": gmt(post.date), "slug": post.slug, "status": "publish",
               "type": post.type, "link": self.link(post), "title": {"rendered": escape(post.title)},
               "content": {"rendered": body, "protected": False},
               "excerpt": {"rendered": f"<p>{escape(post.paragraphs[0][:120])}</p>\n", "protected": False},
               "author": post.author, "featured_media": 0, "comment_status": post.comment_status,
               "ping_status": "open", "sticky": False, "template": "", "format": "standard", "meta": [],
               "_links": {"self": [{"href": self.api(rest_base)}],
                          "collection": [{"href": self.api(f"/wp/v2/{post.type}s")}],
                          "author": [{"embeddable": True, "href": self.api(f"/wp/v2/users/{post.author}")}],
                          "replies": [{"embeddable": True, "href": self.api(f"/wp/v2/comments?post={post.id}")}]}}
        if post.type == "post":
            obj.update(categories=post.categories, tags=post.tags)
            obj["_links"]["wp:term"] = [
                {"taxonomy": "category", "embeddable": True, "href": self.api(f"/wp/v2/categories?post={post.id}")},
                {"taxonomy": "post_tag", "embeddable": True, "href": self.api(f"/wp/v2/tags?post={post.id}")}]
        if embed is not None:
            emb: dict = {}
            if not embed or "author" in embed:
                emb["author"] = [self.user(post.author)]
            if (not embed or "replies" in embed) and post.public_comments():
                newest = sorted(post.public_comments(), key=lambda c: c.date, reverse=True)[:10]
                emb["replies"] = [[self.comment(post, c) for c in newest]]
            if (not embed or "wp:term" in embed) and post.type == "post":
                emb["wp:term"] = [[self.term(t, "category") for t in post.categories],
                                  [self.term(t, "post_tag") for t in post.tags]]
            obj["_embedded"] = emb
        return obj

    # -- collections -----------------------------------------------------------------------------------------
    @staticmethod
    def _int(params: dict, name: str, default: int) -> int | None:
        try:
            return int(params.get(name, [default])[0])
        except ValueError:
            return None

    def _page(self, items: list, params: dict, cap: int, route: str, serialise) -> tuple[int, dict, bytes]:
        per_page, page = self._int(params, "per_page", 10), self._int(params, "page", 1)
        if per_page is None or page is None or not 1 <= per_page <= 100 or page < 1:
            return error(400, "rest_invalid_param", "Invalid parameter(s): per_page, page")
        per_page = min(per_page, cap)
        total_pages = math.ceil(len(items) / per_page)
        if page > max(total_pages, 1):
            return error(400, "rest_post_invalid_page_number",
                         "The page number requested is larger than the number of pages available.")
        chunk = [serialise(item) for item in items[(page - 1) * per_page: page * per_page]]
        headers = {"X-WP-Total": str(len(items)), "X-WP-TotalPages": str(total_pages)}
        links = []
        if page > 1:
            links.append(f'<{self.api(route)}?page={page - 1}>; rel="prev"')
        if page < total_pages:
            links.append(f'<{self.api(route)}?page={page + 1}>; rel="next"')
        if links:
            headers["Link"] = ", ".join(links)
        return 200, headers, json.dumps(chunk).encode()

    def handle(self, route: str, params: dict) -> tuple[int, dict, bytes]:
        """Status, headers and JSON body for a REST route such as '/wp/v2/posts' with parsed query params."""
        route = "/" + route.strip("/")
        if route == "/":
            return 200, {}, json.dumps(self.index()).encode()
        embed_param = params.get("_embed")
        embed = None if embed_param is None else {e for v in embed_param for e in v.split(",") if e and e != "1"}
        for kind in ("posts", "pages"):
            if route == f"/wp/v2/{kind}":
                items = sorted((p for p in self.posts if p.public and p.type + "s" == kind),
                               key=lambda p: p.date, reverse=True)
                return self._page(items, params, self.max_per_page, route, lambda p: self.post(p, embed))
        if route == "/wp/v2/comments":
            wanted = self._int(params, "post", 0)
            if "type" in params and not self.open_type_param:   # WordPress: only editors may ask for a type
                return error(401, "rest_forbidden_param", "Query parameter not permitted: type")
            kind = params.get("type", ["comment"])[0]      # WordPress lists only type=comment unless asked
            comments = [(p, c) for p in self.posts if p.public and wanted in (0, p.id) for c in p.public_comments()
                        if c.type == kind]
            reverse = params.get("order", ["desc"])[0] != "asc"
            by_id = params.get("orderby", ["date_gmt"])[0] == "id"
            comments.sort(key=lambda pc: (0 if by_id else gmt(pc[1].date), pc[1].id), reverse=reverse)
            return self._page(comments, params, self.comments_max_per_page, route, lambda pc: self.comment(*pc))
        return error(404, "rest_no_route", "No route was found matching the URL and request method.")

    def index(self) -> dict:
        return {"name": "Lowfield Voluntary Action", "description": "", "url": self.base, "home": self.base,
                "gmt_offset": 1, "timezone_string": "Europe/London", "namespaces": ["oembed/1.0", "wp/v2"],
                "authentication": [], "routes": {"/wp/v2/posts": {}, "/wp/v2/pages": {}, "/wp/v2/comments": {}},
                "_links": {"help": [{"href": "https://developer.wordpress.org/rest-api/"}]}}


def error(status: int, code: str, message: str) -> tuple[int, dict, bytes]:
    """A WP_Error response body."""
    return status, {}, json.dumps({"code": code, "message": message, "data": {"status": status}}).encode()
