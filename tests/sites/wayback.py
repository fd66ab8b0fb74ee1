"""A loopback fake Wayback Machine: the CDX API and raw (id_) snapshots, filled by capturing loopback mock sites.

The CDX API answers as the real one documents (wayback-cdx-server README): ``matchType=prefix`` on SURT keys,
``filter=[!]field:regex``, ``collapse=field[:N]`` on adjacent rows, ``from``/``to`` as 1-14 digit bounds, ``limit``,
``showResumeKey`` (JSON: an empty row then ``[key]``; plain: a blank line then the key, URL-encoded ``urlkey
timestamp!``) and ``resumeKey``; ``output=json`` gives arrays with a header row, otherwise plain space-separated
lines. ``/web/<ts>id_/<original>`` gives the capture's bytes with its original headers as X-Archive-Orig-*, or a
302 to the nearest capture when the timestamp is not exact. Every request is logged.
"""
from __future__ import annotations

import hashlib
import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Callable, Optional
from urllib.parse import parse_qs, quote_plus, unquote_plus, urljoin, urlsplit

from .server import LoopbackServing

FIELDS = ["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"]
SNAPSHOT = re.compile(r"^/web/(?P<ts>\d{1,14})(?P<mod>[a-z]{2}_)?/(?P<original>.+)$")
HREF = re.compile(rb"""href=["']([^"'#]+)""")
TOOLBAR = (b"<!-- BEGIN WAYBACK TOOLBAR INSERT --><div id='wm-ipp'>Wayback Machine toolbar "
           b"<a href='/web/2015*/x'>calendar</a></div><!-- END WAYBACK TOOLBAR INSERT -->")


def surt(url: str) -> str:
    """The SURT key of a URL: host labels reversed (an IP kept), 'www.' and default ports dropped, lower case."""
    parts = urlsplit(url if "://" in url else "http://" + url)
    host = (parts.hostname or "").lower()
    host = host[4:] if host.startswith("www.") else host
    key = host if re.match(r"^[\d.]+$", host) else ",".join(reversed(host.split(".")))
    if parts.port not in (None, 80, 443):
        key += f":{parts.port}"
    query = "&".join(sorted(parts.query.split("&"))) if parts.query else ""
    return (key + ")" + (parts.path or "/") + (f"?{query}" if query else "")).lower()


@dataclass
class Snapshot:
    timestamp: str
    original: str
    body: bytes
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html; charset=UTF-8"})
    status: int = 200

    @property
    def row(self) -> dict[str, str]:
        digest = hashlib.sha1(self.body).hexdigest().upper()[:32]
        mime = self.headers.get("Content-Type", "").split(";")[0].strip() or "unk"
        return {"urlkey": surt(self.original), "timestamp": self.timestamp, "original": self.original,
                "mimetype": mime, "statuscode": str(self.status), "digest": digest, "length": str(len(self.body))}


@dataclass
class Options:
    delay: float = 0.0


@dataclass
class FakeWayback(LoopbackServing):
    """``cdx_url`` and ``web_url`` are the settings a crawl points at; ``snapshots`` what the archive holds."""

    snapshots: list[Snapshot] = field(default_factory=list)
    options: Options = field(default_factory=Options)
    requests: list[tuple[str, str]] = field(default_factory=list)

    def start(self) -> "FakeWayback":
        self._listen()
        self.url = f"http://127.0.0.1:{self.port}"
        self.cdx_url, self.web_url = f"{self.url}/cdx/search/cdx", f"{self.url}/web"
        self._serve()
        return self

    # -- filling -----------------------------------------------------------------------------------------------
    def capture(self, site_url: str, timestamp: str, *, original_base: Optional[str] = None,
                paths: Optional[list[str]] = None, skip: Callable[[str], bool] = lambda p: False,
                rewrite: bool = False) -> list[str]:
        """Capture ``paths`` of a live loopback site (default: every page reachable by links from its home page,
        as a crawler of the archive would) at ``timestamp``, stored under ``original_base`` (default the site's
        own URL); ``rewrite`` turns the links of the stored pages into the archive's /web/<ts>/ forms."""
        site = site_url.rstrip("/")
        base = (original_base or site_url).rstrip("/")
        queue, seen, done = list(paths or ["/"]), set(paths or ["/"]), []
        while queue:
            path = queue.pop(0)
            try:
                with urllib.request.urlopen(site + path, timeout=10) as answer:
                    status, headers, body = answer.status, dict(answer.headers.items()), answer.read()
            except urllib.error.HTTPError as error:   # archived too, with its status (CDX filters on it)
                status, headers, body = error.code, dict(error.headers.items()), error.read()
            body = body.replace(site.encode(), base.encode())
            headers = {k: v.replace(site, base) for k, v in headers.items()}
            done.append(path)
            if paths is None:
                for href in HREF.findall(body):
                    link = urljoin(base + path, href.decode())
                    rel = link[len(base):] if link.startswith(base + "/") else None
                    if rel and rel not in seen and not skip(rel):
                        seen.add(rel)
                        queue.append(rel)
            if rewrite and b"<html" in body[:2000].lower():
                body = self.rewritten(body, base, timestamp)
            self.snapshots.append(Snapshot(timestamp, base + path, body, headers, status))
        return done

    def rewritten(self, body: bytes, base: str, timestamp: str) -> bytes:
        """Links as the replay rewrites them, alternating the relative and the absolute form, plus its toolbar."""
        forms = [f"/web/{timestamp}/".encode(), f"{self.url}/web/{timestamp}im_/".encode()]
        count = [0]

        def one(match: re.Match) -> bytes:
            count[0] += 1
            return match.group(0)[:6] + forms[count[0] % 2] + match.group(1)
        body = re.sub(rb"""href=["'](""" + re.escape(base.encode()) + rb"""[^"']*)""", one, body)
        return body.replace(b"<body", TOOLBAR + b"<body", 1) if b"<body" in body else body

    # -- serving -----------------------------------------------------------------------------------------------
    def respond(self, host: str, target: str) -> tuple[int, dict, bytes]:
        parts = urlsplit(target)
        if parts.path == "/cdx/search/cdx":
            return self.cdx(parse_qs(parts.query))
        match = SNAPSHOT.match(target)
        if match:
            return self.snapshot(match["ts"], match["original"])
        return 404, {"Content-Type": "text/plain"}, b"not an archive URL"

    def cdx(self, params: dict[str, list[str]]) -> tuple[int, dict, bytes]:
        url = params["url"][0]
        key = surt(url)
        match_type = (params.get("matchType") or ["exact"])[0]
        rows = sorted((s.row for s in self.snapshots), key=lambda r: (r["urlkey"], r["timestamp"]))
        rows = [r for r in rows if (r["urlkey"].startswith(key) if match_type == "prefix" else r["urlkey"] == key)]
        low = (params.get("from") or [""])[0].ljust(14, "0")
        high = (params.get("to") or [""])[0].ljust(14, "9")
        rows = [r for r in rows if low <= r["timestamp"] <= high]
        for spec in params.get("filter", []):
            negate, spec = spec.startswith("!"), spec.lstrip("!")
            name, regex = spec.split(":", 1)
            rows = [r for r in rows if bool(re.fullmatch(regex, r[name])) != negate]
        resume = params.get("resumeKey", [None])[0]
        previous = None
        if resume:
            last_key, last_ts = unquote_plus(resume).rstrip("!").split(" ")
            previous = next(r for r in rows if (r["urlkey"], r["timestamp"]) == (last_key, last_ts))
            rows = [r for r in rows if (r["urlkey"], r["timestamp"]) > (last_key, last_ts)]
        collapsed = []
        for row in rows:   # collapse: a row repeating the adjacent one on a collapse field is dropped
            if previous is None or not any(self._same(previous, row, c) for c in params.get("collapse", [])):
                collapsed.append(row)
            previous = row
        limit = int((params.get("limit") or ["150000"])[0])
        page, more = collapsed[:limit], len(collapsed) > limit
        key_out = quote_plus(f"{page[-1]['urlkey']} {page[-1]['timestamp']}!") if more and page else None
        show_key = (params.get("showResumeKey") or ["false"])[0] == "true"
        if (params.get("output") or [""])[0] == "json":
            data = [FIELDS, *[[r[f] for f in FIELDS] for r in page]] if page else []
            if key_out and show_key:
                data += [[], [key_out]]
            return 200, {"Content-Type": "application/json"}, json.dumps(data).encode()
        text = "".join(" ".join(r[f] for f in FIELDS) + "\n" for r in page)
        if key_out and show_key:
            text += "\n" + key_out + "\n"
        return 200, {"Content-Type": "text/plain"}, text.encode()

    @staticmethod
    def _same(a: dict, b: dict, spec: str) -> bool:
        name, _, n = spec.partition(":")
        return a[name][: int(n)] == b[name][: int(n)] if n else a[name] == b[name]

    def snapshot(self, ts: str, original: str) -> tuple[int, dict, bytes]:
        captures = sorted((s for s in self.snapshots if surt(s.original) == surt(original)), key=lambda s: s.timestamp)
        if not captures:
            return 404, {"Content-Type": "text/html"}, b"<html><body>Wayback Machine has not archived that URL.</body></html>"
        exact = next((s for s in captures if s.timestamp == ts), None)
        if exact is None:
            nearest = min(captures, key=lambda s: abs(int(s.timestamp) - int(ts.ljust(14, "0"))))
            return 302, {"Location": f"{self.web_url}/{nearest.timestamp}id_/{nearest.original}"}, b""
        headers = {"Content-Type": exact.headers.get("Content-Type", "text/html"),
                   "Memento-Datetime": exact.timestamp,
                   **{f"X-Archive-Orig-{k}": v for k, v in exact.headers.items()}}
        return exact.status, headers, exact.body

    def cdx_requests(self) -> list[dict[str, list[str]]]:
        return [parse_qs(urlsplit(p).query) for _, p in self.requests if p.startswith("/cdx/")]
