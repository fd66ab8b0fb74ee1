"""The built-in demo: bundled sample sites served on 127.0.0.1 and crawled by the real spiders (`scrapy demo`).

Each demo site is a folder samples/sites/<site>/ holding content.json (what the site says: posts, comments,
its 'home' URL) and public/ (its pages, rendered by samples/sites/build.py). Adding a site family is adding
such a folder and one line to SITES naming the spider that crawls it.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

# The checkout's samples folder (the demo runs from a source checkout, as the README's first command does).
SAMPLES = Path(__file__).resolve().parents[2] / "samples"
SITES_DIR = SAMPLES / "sites"


@dataclass(frozen=True)
class DemoSite:
    """One bundled site: its folder under samples/sites/ and the spider (with -a arguments) that crawls it."""

    folder: str
    spider: str
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


# The demo's sites, crawled in this order; output/demo-<folder>.jsonl each.
SITES = (
    DemoSite("riverside-wordpress", spider="wordpress", port=8731),
)
