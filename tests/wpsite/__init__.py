"""A real WordPress (Debian packages, private MariaDB + Apache on 127.0.0.1) for end-to-end tests.

- server.py    start_wordpress(), WordPressSite (set_theme, set_rest, set_permalinks, reset, stop, get)
- fixtures.py  the pytest fixtures ``wordpress_site`` (session) and ``wordpress_site_reset``
- seed.php     the seeded content (a fictional charity blog) and what it is for
- truth.php    the ground truth read back from the database (WordPressSite.truth)
- control.php  theme / permalink / option changes; _boot.php loads WordPress for these CLI scripts
- mu-plugins/  must-use plugins copied into the site (REST switch; no mail or outgoing HTTP)
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
