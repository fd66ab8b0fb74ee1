"""The built-in demo: bundled sample sites served on 127.0.0.1 and crawled by the real spiders (`scrapy demo`).

Each demo site is a folder samples/sites/<site>/ holding content.json (what the site says: posts, comments,
its 'home' URL and the 'blog' path crawled), public/ (its pages) and routes.json (URLs whose query string chooses
the page, mapped to files of public/), both rendered by samples/sites/build.py. Every site is crawled by the
auto-detecting `blog` spider; SITES names the platform it must detect. Adding a site family is adding such a
folder, its renderer, and one line to SITES.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .server import Route

# The checkout's samples folder (the demo runs from a source checkout, as the README's first command does).
SAMPLES = Path(__file__).resolve().parents[2] / "samples"
SITES_DIR = SAMPLES / "sites"


@dataclass(frozen=True)
class DemoSite:
    """One bundled site: its folder under samples/sites/, the platform `blog` must detect on it, and the spider
    (with -a arguments) that crawls it."""

    folder: str
    platform: str
    spider: str = "blog"
    spider_args: tuple[str, ...] = ()
    #: Preferred loopback port: the same port on every run gives the same URLs, so the same post ids.
    port: int = 0

    @property
    def path(self) -> Path:
        return SITES_DIR / self.folder

    @property
    def public(self) -> Path:
        """The document root served on loopback."""
        return self.path / "public"

    def content(self) -> dict:
        """The content description the pages were rendered from (samples/sites/<site>/content.json)."""
        return json.loads((self.path / "content.json").read_text(encoding="utf-8"))

    @property
    def home(self) -> str:
        """The origin the pages are written under; the server rewrites it to the loopback address."""
        return self.content()["home"].rstrip("/")

    @property
    def blog_path(self) -> str:
        """The path of the blog on the site (the crawl's start URL): '/' unless content.json names one."""
        return self.content().get("blog", "/")

    def routes(self) -> tuple[Route, ...]:
        """The site's routes table (samples/sites/<site>/routes.json); none when the file tree says it all."""
        path = self.path / "routes.json"
        if not path.is_file():
            return ()
        try:
            return Route.table(json.loads(path.read_text(encoding="utf-8")))
        except (ValueError, TypeError) as exc:
            raise ValueError(f"{path}: {exc}") from None


# The demo's sites, crawled in this order, each on its own loopback port; output/demo-<folder>.jsonl each.
SITES = (
    DemoSite("riverside-wordpress", platform="wordpress", port=8731),
    DemoSite("hillside-blogger", platform="blogger", port=8732),
    DemoSite("millbrook-drupal", platform="generic", port=8733),
)
