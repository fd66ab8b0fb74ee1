"""Content of a hostile mock WordPress blog: the XSS corpus (tests/hostile/vectors.py) in post bodies and comments.

Served by tests/sites/server.py's MockWordPress, whose theme escapes post paragraphs and comment text: the
vectors are wrapped in ``Markup`` so they reach the page exactly as an unfiltered (or compromised) blog serves
them. Eight vectors share a post body, and each of them is also one of that post's comments. The vectors that
turn the rest of a page into text in a browser too (PAGE_SWALLOWING) each get a post of their own.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from tests.hostile.vectors import VECTORS, embed

from .lowfield import Comment, Post

VECTORS_PER_POST = 8
# Served raw in a page, these make everything after them text (<plaintext>) or raw <style> content (left open
# inside MathML), in a browser as in the extractor: the comments after them are gone from the page itself.
PAGE_SWALLOWING = ("plaintext-script", "math-mglyph-style", "math-form-mglyph")


class Markup(str):
    """Text the theme prints as is: html.escape() calls replace(), which leaves Markup unchanged."""

    def replace(self, *args, **kwargs) -> "Markup":  # noqa: ARG002 (signature of str.replace)
        return self


def opening(n: int) -> str:
    """The first sentence of post n's body: plain text in front of every vector, always shown."""
    return f"Post {n} opens with the trustees' report."


def _post(n: int, chunk: list[tuple[str, str, list[str]]], first_comment: int) -> Post:
    when = datetime(2022, 3, 1, 9, 0) + timedelta(days=n)
    body = [Markup(opening(n))] + [Markup(embed(markup)) for _, markup, _ in chunk]
    comments = [Comment(first_comment + i, f"Reader {first_comment + i}", (when + timedelta(hours=i + 1)).isoformat(),
                        Markup(embed(markup))) for i, (_, markup, _) in enumerate(chunk)]
    return Post(n, f"hostile-post-{n}", f"Hostile post {n}", when.isoformat(), 2 + n % 2, body,
                categories=[4 + n % 3], comments=comments)


def hostile_posts() -> list[Post]:
    """Posts carrying every vector in their body and in one comment each; page-swallowing vectors last, alone."""
    regular = [v for v in VECTORS if v[0] not in PAGE_SWALLOWING]
    chunks = [regular[i:i + VECTORS_PER_POST] for i in range(0, len(regular), VECTORS_PER_POST)]
    chunks += [[v] for v in VECTORS if v[0] in PAGE_SWALLOWING]
    return [_post(n, chunk, 1000 + VECTORS_PER_POST * n) for n, chunk in enumerate(chunks, start=1)]


def swallowing(post: Post) -> bool:
    """True for a post whose body carries a page-swallowing vector (its comments are not on the page)."""
    return any(v[1] in str(p) for p in post.paragraphs for v in VECTORS if v[0] in PAGE_SWALLOWING)
