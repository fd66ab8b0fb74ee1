"""What the sample-site renderers share: HTML escaping, the output file table, sitemaps."""
from __future__ import annotations

from html import escape


def e(text: str) -> str:
    """Text escaped for HTML content and attribute values."""
    return escape(text, quote=True)


class Files:
    """The rendered site: relative path under public/ -> bytes (text written as UTF-8)."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def write(self, path: str, text: str | bytes) -> None:
        self.files[path] = text if isinstance(text, bytes) else text.encode("utf-8")

    def sorted(self) -> dict[str, bytes]:
        return dict(sorted(self.files.items()))


def urlset(urls: list[str]) -> str:
    """A sitemaps.org urlset of these URLs."""
    entries = "".join(f"<url><loc>{u}</loc></url>" for u in urls)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{entries}</urlset>\n")
