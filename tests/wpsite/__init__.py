"""A real WordPress (Debian packages, private MariaDB + Apache on 127.0.0.1) for end-to-end tests.

- server.py    start_wordpress(), WordPressSite (set_theme, set_rest, set_permalinks, reset, stop, get)
- fixtures.py  the pytest fixtures ``wordpress_site`` (session) and ``wordpress_site_reset``
- seed.php     the seeded content (a fictional charity blog) and what it is for
- truth.php    the ground truth read back from the database (WordPressSite.truth)
- control.php  theme / permalink / option changes; _boot.php loads WordPress for these CLI scripts
- mu-plugins/  must-use plugins copied into the site (REST switch; no mail or outgoing HTTP)

WordPress 6.1 behaviours worth knowing when comparing a crawl with ``site.truth``:

- Comment paging: 3 per page, threaded, 'newest' first: the bare permalink shows the LAST page,
  ``…/comment-page-N/`` the others (each comment's page is ``truth["comments"][i]["page"]``);
  a page number past the last still answers 200, with no comments.
- Anonymous REST ``/wp/v2/comments`` returns type 'comment' only: asking for
  ``type=pingback`` or ``trackback`` is refused (401), so a REST-only crawl cannot see the
  pingback and trackback that the HTML shows. Its X-WP-Total also counts the approved comment of
  the password-protected post, which it does not return.
- The password-protected post is published: listed on the home page, in archives and in
  ``/wp/v2/posts`` (title "Protected: …", empty content, ``content.protected`` true), its page shows
  a password form; its body and comments never appear. It is in ``truth["posts"]``
  (``password_protected``: true, ``content``: null, ``comment_count``: 0).
- ``title_rendered`` is what pages and REST show (texturized: ``&#8217;`` for an apostrophe);
  ``title`` is as stored.
- Dates: ``date``/``date_gmt`` are 'Y-m-d H:i:s' local (Europe/London) and UTC; ``date_iso`` is
  local with its offset (+00:00 in winter, +01:00 in summer).
"""
from .server import (  # noqa: F401
    DEFAULT_PERMALINKS,
    THEMES,
    Response,
    WordPressError,
    WordPressSite,
    WordPressUnavailable,
    fetch,
    make_workdir,
    missing_requirements,
    start_wordpress,
)
