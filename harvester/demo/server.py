"""A static site on loopback: a threaded http.server serving one folder as a web server would serve a blog.

'/2012/05/slug/' serves 2012/05/slug/index.html (or index.xml), '/2012/05/slug' redirects to the slash form,
a missing file is a 404 with the site's 404.html. URLs whose query chooses the page (Blogger's
/feeds/posts/default?alt=json&start-index=26, Drupal's /blog?page=2) are mapped to files by the site's routes
table (``Route``, samples/sites/<site>/routes.json), which may also add response headers; any other query is
ignored (the path chooses the page). The pages hold absolute URLs under the site's real origin; they are
rewritten to http://127.0.0.1:PORT as they are served (bodies and route headers).
"""
from __future__ import annotations

import posixpath
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterable, Mapping, Optional
from urllib.parse import parse_qs, unquote, urlsplit

# Content types by file suffix; text types get the origin rewritten.
TYPES = {".html": "text/html; charset=UTF-8", ".xml": "application/xml; charset=UTF-8",
         ".txt": "text/plain; charset=UTF-8", ".json": "application/json; charset=UTF-8"}
# Tried in order for a directory URL.
INDEX_FILES = ("index.html", "index.xml")
NOT_FOUND_PAGE = "404.html"
# What a query value may be to become part of a file name (no '/', no '..').
PARAM_VALUE = re.compile(r"[\w:+-][\w.:+-]*")


@dataclass(frozen=True)
class Route:
    """One row of a site's routes table: URLs whose path matches ``path`` (a regular expression, whole path) and
    whose query carries ``query`` (fixed values) are answered by ``file`` (under the document root), formatted
    with the path's named groups and the ``params`` read from the query (their defaults when absent; a param with
    ``aliases`` accepts only the values listed there, each standing for the file-name part it maps to);
    ``headers`` are sent with the answer. A route whose file is missing answers 404."""

    path: str
    file: Optional[str] = None              # None: the file tree answers, only the headers are added
    query: Mapping[str, str] = field(default_factory=dict)
    params: Mapping[str, str] = field(default_factory=dict)
    aliases: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    headers: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def table(cls, rows: Iterable[Mapping]) -> tuple["Route", ...]:
        """Routes from their JSON rows (keys as the fields); an unknown key is an error naming it."""
        known = set(cls.__dataclass_fields__)
        out = []
        for i, row in enumerate(rows):
            unknown = sorted(set(row) - known)
            if unknown:
                raise ValueError(f"route {i}: unknown key(s) {', '.join(unknown)} (known: {', '.join(sorted(known))})")
            if "path" not in row:
                raise ValueError(f"route {i}: no 'path' in {dict(row)!r}")
            out.append(cls(**row))
        return tuple(out)

    def file_for(self, path: str, query: Mapping[str, list[str]]) -> Optional[str]:
        """The file (relative to the root) this route names for a request, '' when it only adds headers, None
        when the request is not this route's."""
        match = re.fullmatch(self.path, path)
        if match is None or any(query.get(k, [None])[0] != v for k, v in self.query.items()):
            return None
        if self.file is None:
            return ""
        values = {k: (query.get(k) or [default])[0] for k, default in self.params.items()}
        for name, table in self.aliases.items():
            if values.get(name) not in table:
                return None
            values[name] = table[values[name]]
        if not all(PARAM_VALUE.fullmatch(v) for v in values.values()):
            return None
        return self.file.format(**match.groupdict(), **values)


class StaticSite:
    """Serves ``root`` on 127.0.0.1 (ephemeral port) from a daemon thread; ``url`` once started; a context manager."""

    def __init__(self, root: Path, origin: Optional[str] = None, host: str = "127.0.0.1", port: int = 0,
                 routes: Iterable[Route] = ()):
        self.root = Path(root).resolve()
        self.origin = origin.rstrip("/") if origin else None
        self.routes = tuple(routes)
        self.requests: list[str] = []
        self._address = (host, port)
        self._server: Optional[ThreadingHTTPServer] = None

    def start(self) -> "StaticSite":
        try:
            self._server = ThreadingHTTPServer(self._address, _handler(self))
        except OSError:  # the preferred port is taken: any free one will do
            self._server = ThreadingHTTPServer((self._address[0], 0), _handler(self))
        self._server.daemon_threads = True
        host, port = self._server.server_address[:2]
        self.url = f"http://{host}:{port}/"
        threading.Thread(target=self._server.serve_forever, name=f"demo-site-{port}", daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> "StaticSite":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- routing -------------------------------------------------------------------------------------------------
    def file_for(self, path: str) -> tuple[Optional[Path], bool]:
        """The file a URL path names (None when there is none) and whether the path needs a trailing slash."""
        clean = posixpath.normpath(unquote(path))
        if not clean.startswith("/") or "\x00" in clean:
            return None, False
        target = (self.root / clean.lstrip("/")).resolve()
        if target != self.root and self.root not in target.parents:   # '..' out of the document root
            return None, False
        if target.is_dir():
            if not path.endswith("/"):
                return target, True
            return next((target / i for i in INDEX_FILES if (target / i).is_file()), None), False
        return (target if target.is_file() else None), False

    def route(self, path: str, query: str) -> tuple[Optional[str], dict[str, str]]:
        """(the URL path the file tree should answer, extra headers) after the routes table: the first route naming
        a file wins; routes that only add headers add them."""
        params = parse_qs(query, keep_blank_values=True)
        headers: dict[str, str] = {}
        for route in self.routes:
            name = route.file_for(path, params)
            if name is None:
                continue
            headers.update(route.headers)
            if name:
                return "/" + name, headers
        return path, headers

    def rewrite(self, data: bytes) -> bytes:
        """The site's real origin replaced with the loopback address."""
        return data.replace(self.origin.encode(), self.url.rstrip("/").encode()) if self.origin else data

    def respond(self, target: str) -> tuple[int, dict[str, str], bytes]:
        parts = urlsplit(target)
        path, extra = self.route(parts.path or "/", parts.query)
        found, add_slash = self.file_for(path)
        if add_slash and path == (parts.path or "/"):
            return 301, {"Location": self.url.rstrip("/") + path + "/"}, b""
        status = 200
        if found is None or add_slash:
            status, found = 404, self.root / NOT_FOUND_PAGE
            if not found.is_file():
                return 404, {"Content-Type": TYPES[".txt"]}, b"Not found\n"
        ctype = TYPES.get(found.suffix, "application/octet-stream")
        body = found.read_bytes()
        if ctype.endswith("charset=UTF-8"):
            body = self.rewrite(body)
        headers = {"Content-Type": ctype}
        if status == 200:
            headers.update({k: self.rewrite(v.encode("utf-8")).decode("utf-8") for k, v in extra.items()})
        return status, headers, body


def _handler(site: StaticSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "Apache"
        sys_version = ""

        def do_GET(self) -> None:  # noqa: N802 (http.server naming)
            self._reply(with_body=True)

        def do_HEAD(self) -> None:  # noqa: N802
            self._reply(with_body=False)

        def _reply(self, with_body: bool) -> None:
            site.requests.append(self.path)
            try:
                status, headers, body = site.respond(self.path)
            except OSError as exc:
                status, headers, body = 500, {"Content-Type": TYPES[".txt"]}, f"{exc}\n".encode()
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if with_body:
                self.wfile.write(body)

        def log_message(self, *args) -> None:   # the crawl log says what was fetched
            pass

    return Handler
