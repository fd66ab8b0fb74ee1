"""Extraction: one saved or fetched page -> raw post records (normalise.raw contract), platform detected."""
from __future__ import annotations

import hashlib
import logging

from normalise import __version__
from normalise.raw import RAW_VERSION

from . import blogger, generic, page, wordpress
from .detect import detect_platform

__all__ = ["extract_page", "detect_platform"]

log = logging.getLogger(__name__)

EXTRACTORS = {"wordpress": wordpress.extract, "blogger": blogger.extract}


def _provenance(body: bytes, url: str, fetched_at: str, source: str, tool: str) -> dict:
    return {"fetched_url": url, "fetched_at": fetched_at, "source": source, "tool": tool, "tool_version": __version__,
            "payload_sha256": hashlib.sha256(body).hexdigest(), "snapshot": None}


# A page without title or comments is a post only when its body holds at least this much text.
MIN_UNTITLED_TEXT = 200


def _prose(fragment: str | None) -> bool:
    doc = page.parse(fragment) if fragment else None
    return doc is not None and len(page.text(doc)) >= MIN_UNTITLED_TEXT


def _tidy(record: dict) -> dict:
    """Drop None values the raw contract defaults anyway, and empty strings in optional text fields."""
    out = {k: v for k, v in record.items() if v is not None}
    out["raw_version"] = RAW_VERSION
    return out


def extract_page(body: bytes | str, url: str, *, fetched_at: str, headers: dict[str, str] | None = None,
                 platform: str | None = None, tool: str = "extract", source: str = "html",
                 site_selectors: dict | None = None) -> list[dict]:
    """Raw records (normalise.raw.RawPost as dicts) for every post on this page; [] for junk (logged).
    site_selectors: a site's own selectors per field, for the generic extractor (generic_selectors.SITE_FIELDS)."""
    data = body.encode("utf-8") if isinstance(body, str) else bytes(body or b"")
    if platform is None:
        platform, reason = detect_platform(data, url, headers)
        log.debug("%s: platform %s (%s)", url, platform, reason)
    if page.looks_binary(data):
        log.warning("%s: binary content served as a page; nothing extracted", url)
        return []
    doc = page.parse(data, headers)
    if doc is None or doc.find(".//body") is None:
        log.info("%s: no HTML body; nothing extracted", url)
        return []
    extractor = EXTRACTORS.get(platform)
    try:
        with page.indexed(doc):  # extractors read the page tree and change only copies of it
            records = extractor(doc, url) if extractor else generic.extract(doc, url, platform=platform,
                                                                             site_selectors=site_selectors)
    except (ValueError, TypeError, AttributeError, KeyError, IndexError) as exc:  # junk markup, never a crash
        log.warning("%s: extraction failed (%s: %s); nothing extracted", url, type(exc).__name__, exc)
        return []
    provenance = _provenance(data, url, fetched_at, source, tool)
    out = []
    for record in records:
        if not (record.get("title") or record.get("comments") or _prose(record.get("content_html"))):
            log.info("%s: an entry with no title, comments or body prose skipped", url)
            continue
        record["provenance"] = dict(provenance)
        out.append(_tidy(record))
    if not out:
        log.info("%s: no post found on the page", url)
    return out
