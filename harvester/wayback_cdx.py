"""The Wayback Machine's CDX API and snapshots as data: queries, both answer formats, the capture index, unrewriting.

Pure functions (no Scrapy): ``cdx_query()`` builds a prefix query (``filter=statuscode:200``, ``collapse``,
``showResumeKey``, ``limit``, optional ``from``/``to``, ``resumeKey``); ``parse_cdx()`` reads an answer in either
format the CDX server gives (``output=json``: an array whose first row names the fields, then one row per
capture, then an empty row and ``[resumeKey]`` when there is more; plain text: space-separated lines in the
default field order, a blank line, then the resume key); ``CaptureIndex`` finds the captures of a URL;
``unarchive()`` maps links the archive rewrote (``https://web.archive.org/web/<ts>/<original>``,
``/web/<ts>im_/<original>``) back to the original URL and drops the replay toolbar.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Iterable, Optional
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

__all__ = ["Capture", "CaptureIndex", "capture_key", "cdx_query", "parse_cdx", "snapshot_url", "snapshot_time",
           "timestamp_of", "unarchive", "valid_timestamp", "versions"]

#: Field order of plain CDX lines when no ``fl=`` is given (the CDX server's documented default).
CDX_FIELDS = ("urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length")
#: Markup the replay adds to a page that is not the site's (removed; ``id_`` snapshots carry none of it).
ARCHIVE_INSERTS: tuple[bytes, ...] = (
    rb"<!-- BEGIN WAYBACK TOOLBAR INSERT -->.*?<!-- END WAYBACK TOOLBAR INSERT -->",
    rb"<script[^>]*archive\.org/includes/.*?<!-- End Wayback Rewrite JS Include -->",
    rb"<script[^>]*/_static/js/[^>]*>\s*</script>",
    rb"<link[^>]*/_static/css/[^>]*>",
)
#: Hosts whose /web/<timestamp>/ links are archive rewrites (the configured snapshot host is added).
ARCHIVE_HOSTS = ("web.archive.org", "wayback.archive.org")
TIMESTAMP = re.compile(r"^\d{1,14}$")
IN_URL = re.compile(r"/web/(\d{1,14})(?:[a-z]{2}_)?/(.+)$", re.DOTALL)


@dataclass(frozen=True)
class Capture:
    """One CDX row: when, which URL as archived, its media type and content digest."""

    timestamp: str
    original: str
    mimetype: str = ""
    digest: str = ""


def valid_timestamp(value: str, what: str) -> str:
    """A Wayback timestamp bound (1 to 14 digits: YYYY, YYYYMM, … YYYYMMDDhhmmss), else ValueError naming it."""
    if not TIMESTAMP.match(value or ""):
        raise ValueError(f"{what} must be a Wayback timestamp (YYYY[MM[DD[hh[mm[ss]]]]]), not {value!r}")
    return value


def snapshot_time(timestamp: str) -> str:
    """'20150102030405' -> '2015-01-02T03:04:05Z' (a short timestamp is padded with the earliest values)."""
    ts = (timestamp + "00000101000000"[len(timestamp):])[:14] if len(timestamp) < 14 else timestamp
    return f"{ts[:4]}-{ts[4:6]}-{ts[6:8]}T{ts[8:10]}:{ts[10:12]}:{ts[12:14]}Z"


def cdx_query(endpoint: str, prefix: str, *, collapse: str, limit: int, output: str = "json",
              time_from: Optional[str] = None, time_to: Optional[str] = None,
              resume_key: Optional[str] = None) -> str:
    """The CDX URL listing the status-200 captures under ``prefix`` (a URL without scheme), one page of ``limit``.

    ``resume_key`` is put in as the server printed it (already URL-encoded)."""
    params = [("url", prefix), ("matchType", "prefix")]
    if output == "json":
        params.append(("output", "json"))
    params += [("filter", "statuscode:200"), ("collapse", collapse), ("showResumeKey", "true"), ("limit", limit)]
    params += [(k, v) for k, v in (("from", time_from), ("to", time_to)) if v]
    url = f"{endpoint}?{urlencode(params, quote_via=quote, safe=':/')}"
    return url + (f"&resumeKey={resume_key}" if resume_key else "")


def parse_cdx(body: bytes, where: str = "CDX answer") -> tuple[list[dict[str, str]], Optional[str]]:
    """(rows as field -> value, resume key or None) of a CDX answer, JSON or plain; ValueError names ``where``."""
    text = body.decode("utf-8", "replace").strip()
    if not text:
        return [], None
    if text.startswith("["):
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise ValueError(f"{where}: unreadable CDX JSON ({exc})") from None
        if not data:
            return [], None
        header, rows, key = data[0], [], None
        for i, row in enumerate(data[1:], start=1):
            if not row:   # the empty row before the resume key
                key = data[i + 1][0] if i + 1 < len(data) and data[i + 1] else None
                break
            rows.append(dict(zip(header, row)))
        return rows, key
    blocks = text.split("\n\n")
    rows = [dict(zip(CDX_FIELDS, line.split(" "))) for line in blocks[0].splitlines() if line.strip()]
    key = blocks[1].strip().splitlines()[0].strip() if len(blocks) > 1 and blocks[1].strip() else None
    return rows, key


def capture_key(url: str) -> str:
    """One key per archived URL, as the archive folds them: no scheme, 'www.' or default port; lower case;
    query parameters sorted; no fragment."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    host = host[4:] if host.startswith("www.") else host
    port = parts.port if parts.port not in (None, 80, 443) else None
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return (f"{host}{':' + str(port) if port else ''}{parts.path or '/'}" + (f"?{query}" if query else "")).lower()


class CaptureIndex:
    """The captures the CDX API listed, by capture key (each URL's in time order)."""

    def __init__(self) -> None:
        self.by_key: dict[str, list[Capture]] = {}
        self.rows = 0

    def add(self, rows: Iterable[dict[str, str]]) -> None:
        for row in rows:
            if not row.get("timestamp") or not row.get("original"):
                continue
            capture = Capture(row["timestamp"], row["original"], row.get("mimetype", ""), row.get("digest", ""))
            captures = self.by_key.setdefault(capture_key(capture.original), [])
            if capture not in captures:
                captures.append(capture)
                captures.sort(key=lambda c: c.timestamp)
                self.rows += 1

    def lookup(self, url: str) -> list[Capture]:
        """The captures of ``url`` (the same URL with or without a trailing slash also counts), oldest first."""
        key = capture_key(url)
        alternative = key[:-1] if key.endswith("/") else key + "/"
        return self.by_key.get(key) or self.by_key.get(alternative) or []

    def pages(self) -> list[str]:
        """The original URL of every captured HTML page (latest capture's form), in key order."""
        return [caps[-1].original for _, caps in sorted(self.by_key.items())
                if caps[-1].mimetype in ("", "text/html", "application/xhtml+xml")]


def versions(captures: list[Capture], wanted: Optional[int]) -> list[Capture]:
    """Up to ``wanted`` captures (None: all), spread evenly over time, always the latest; latest first."""
    if wanted is None or wanted >= len(captures):
        chosen = list(captures)
    elif wanted <= 1:
        chosen = captures[-1:]
    else:
        step = (len(captures) - 1) / (wanted - 1)
        chosen = [captures[round(i * step)] for i in range(wanted)]
    return list(reversed(chosen))


def snapshot_url(endpoint: str, capture: Capture) -> str:
    """The raw (``id_``) snapshot of a capture: <endpoint>/<timestamp>id_/<original>."""
    return f"{endpoint.rstrip('/')}/{capture.timestamp}id_/{capture.original}"


def timestamp_of(url: str) -> Optional[str]:
    """The timestamp of a /web/<timestamp>[xx_]/<original> URL, or None."""
    match = IN_URL.search(urlsplit(url).path + ("?" + urlsplit(url).query if urlsplit(url).query else ""))
    return match.group(1) if match else None


def _rewritten(hosts: Iterable[str]) -> re.Pattern:
    names = b"|".join(re.escape(h.encode()) for h in dict.fromkeys(hosts))
    absolute = rb"(?:https?:)?//(?:" + names + rb")/web/\d{1,14}(?:[a-z]{2}_)?/"
    relative = rb"(?<=[\"'=(\s])/web/\d{1,14}(?:[a-z]{2}_)?/(?=https?:|//)"
    return re.compile(absolute + rb"|" + relative, re.IGNORECASE)


_PATTERNS: dict[tuple[str, ...], re.Pattern] = {}
_INSERTS = [re.compile(p, re.DOTALL | re.IGNORECASE) for p in ARCHIVE_INSERTS]


def unarchive(body: bytes, hosts: Iterable[str] = ()) -> bytes:
    """``body`` with the replay's inserts removed and every archive-rewritten link mapped to its original URL."""
    names = tuple(dict.fromkeys([*ARCHIVE_HOSTS, *hosts]))
    if names not in _PATTERNS:
        _PATTERNS[names] = _rewritten(names)
    for pattern in _INSERTS:
        body = pattern.sub(b"", body)
    return _PATTERNS[names].sub(b"", body)
