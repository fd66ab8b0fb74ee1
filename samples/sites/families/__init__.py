"""Sample-site renderers, one module per site family: content.json 'platform' -> renderer class (RENDERERS).

A renderer is built from the parsed content.json; ``render()`` gives {path under public/: bytes} and ``routes()``
(optional) the rows of the site's routes.json (harvester.demo.server.Route): the URLs whose query string chooses
the page.
"""
from __future__ import annotations

from .blogger import BloggerClassic
from .drupal import DrupalSite
from .wordpress import WordPressClassic

RENDERERS = {"wordpress": WordPressClassic, "blogger": BloggerClassic, "drupal": DrupalSite}
