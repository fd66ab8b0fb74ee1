"""Recognise an export file's format from its first bytes and dispatch to the matching importer."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Iterator, Sequence, Union

from ..raw import RawPost
from . import ExportError, PathLike, ensure_file
from .blogger_export import read_blogger_export
from .wp_rest import is_comment, is_post, read_wp_rest
from .wxr import read_wxr

SNIFF_BYTES = 64 * 1024
# (format, pattern on the decoded head of the file); first match wins.
SIGNATURES = (
    ("wxr", re.compile(r"<rss\b[^>]*xmlns:wp=[\"']https?://wordpress\.org/export/1\.\d+/", re.S)),
    ("wxr", re.compile(r"<wp:wxr_version>")),
    ("blogger-export", re.compile(r"<feed\b[^>]*http://www\.w3\.org/2005/Atom.*?"
                                  r"(?:schemas\.google\.com/blogger/2008/kind#|tag:blogger\.com,1999:blog-\d+\.archive<"
                                  r"|<blogger:type>)", re.S)),
)
JSON_START = re.compile(r"^\s*[\[{]")
READERS = {"wxr": read_wxr, "blogger-export": read_blogger_export}


def _head(path: PathLike) -> str:
    ensure_file(path)
    with open(path, "rb") as fh:
        data = fh.read(SNIFF_BYTES)
    return data.lstrip(b"\xef\xbb\xbf").decode("utf-8", errors="replace")


def _is_wp_rest(path: PathLike) -> bool:
    """A JSON file holding WordPress REST post or comment objects (a list, or one object)."""
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return False
    objects = data if isinstance(data, list) else [data]
    return any(is_post(o) or is_comment(o) for o in objects)


def detect_format(path: PathLike) -> str:
    """'wxr', 'blogger-export' or 'wp-rest'; ValueError naming the file when none fits."""
    head = _head(path)
    for name, pattern in SIGNATURES:
        if pattern.search(head):
            return name
    if JSON_START.match(head) and _is_wp_rest(path):
        return "wp-rest"
    raise ExportError(f"{path}: unrecognised export format (expected WordPress WXR, Blogger Atom export "
                      f"or WP REST JSON)")


def read_export(path_or_paths: Union[PathLike, Sequence[PathLike]], *, include_unapproved: bool = False
                ) -> Iterator[RawPost]:
    """Raw posts from one export file, or from several: XML exports one by one, WP REST files merged together."""
    paths = [path_or_paths] if isinstance(path_or_paths, (str, Path)) else list(path_or_paths)
    formats = [(p, detect_format(p)) for p in paths]
    rest = [p for p, fmt in formats if fmt == "wp-rest"]
    for path, fmt in formats:
        if fmt in READERS:
            yield from READERS[fmt](path, include_unapproved=include_unapproved)
    if rest:
        yield from read_wp_rest(rest, include_unapproved=include_unapproved)
