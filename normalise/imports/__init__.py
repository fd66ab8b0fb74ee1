"""Importers: read blog exports (WordPress WXR, Blogger Atom, WP REST JSON) into raw records."""
from __future__ import annotations

import hashlib
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable, Optional, Union

from lxml import etree

from .. import __version__
from ..raw import RAW_VERSION, RawProvenance

PathLike = Union[str, "os.PathLike[str]"]
TOOL = "normalise import"

# Parser options for every export: no entity expansion, no DTD, no network; big files allowed.
SAFE_XML = dict(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=True,
                remove_blank_text=False)


class ExportError(ValueError):
    """An export file cannot be read; the message names the file (and line, when known)."""


def file_uri(path: PathLike) -> str:
    """The file's absolute file:// URI."""
    return Path(path).resolve().as_uri()


def file_sha256(path: PathLike) -> str:
    """Hex SHA-256 of the file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def iso_utc(moment: datetime) -> str:
    """An aware datetime as 'YYYY-MM-DDThh:mm:ssZ' (fractions dropped)."""
    return moment.astimezone(timezone.utc).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def mtime_utc(path: PathLike) -> str:
    """The file's modification time as an ISO UTC instant (the fallback import time)."""
    return iso_utc(datetime.fromtimestamp(os.stat(path).st_mtime, tz=timezone.utc))


def first_time(path: PathLike, candidates: Iterable[Optional[str]], parse: Callable[[str], datetime]) -> str:
    """The first candidate string ``parse`` accepts, as ISO UTC; else the file's mtime."""
    for text in candidates:
        if not text or not text.strip():
            continue
        try:
            return iso_utc(parse(text.strip()))
        except ValueError:
            continue
    return mtime_utc(path)


def provenance(path: PathLike, source: str, fetched_at: str, sha256: Optional[str] = None) -> RawProvenance:
    """Provenance for a record imported from ``path``."""
    return RawProvenance(fetched_url=file_uri(path), fetched_at=fetched_at, source=source, tool=TOOL,
                         tool_version=__version__, payload_sha256=sha256 or file_sha256(path))


def xml_error(path: PathLike, err: etree.XMLSyntaxError) -> ExportError:
    """A ValueError naming the file and line for an lxml syntax error."""
    line = f" line {err.lineno}" if getattr(err, "lineno", None) else ""
    return ExportError(f"{path}:{line}: not well-formed XML: {err.msg}")


def ensure_file(path: PathLike) -> None:
    """Raise a ValueError naming ``path`` when it is not a readable file."""
    if not Path(path).is_file():
        raise ExportError(f"{path}: no such export file")


__all__ = ["RAW_VERSION", "TOOL", "ExportError", "file_uri", "file_sha256", "provenance", "read_export",
           "detect_format", "read_wxr", "read_blogger_export", "read_wp_rest"]

# Re-exported last: the importer modules use the helpers above.
from .blogger_export import read_blogger_export  # noqa: E402
from .detect import detect_format, read_export  # noqa: E402
from .wp_rest import read_wp_rest  # noqa: E402
from .wxr import read_wxr  # noqa: E402
