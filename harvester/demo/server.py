"""A static site on loopback: a threaded http.server serving one folder as a web server would serve a blog.

'/2012/05/slug/' serves 2012/05/slug/index.html (or index.xml), '/2012/05/slug' redirects to the slash form,
a missing file is a 404 with the site's 404.html, queries are ignored (the path chooses the page). The pages
hold absolute URLs under the site's real origin; they are rewritten to http://127.0.0.1:PORT as they are served.
"""
from __future__ import annotations

import posixpath
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Optional
from urllib.parse import unquote, urlsplit

# Content types by file suffix; text types get the origin rewritten.
TYPES = {".html": "text/html; charset=UTF-8", ".xml": "application/xml; charset=UTF-8",
         ".txt": "text/plain; charset=UTF-8", ".json": "application/json; charset=UTF-8"}
# Tried in order for a directory URL.
INDEX_FILES = ("index.html", "index.xml")
NOT_FOUND_PAGE = "404.html"


class StaticSite:
    """Serves ``root`` on 127.0.0.1 (ephemeral port) from a daemon thread; ``url`` once started; a context manager."""

    def __init__(self, root: Path, origin: Optional[str] = None, host: str = "127.0.0.1", port: int = 0):
        self.root = Path(root).resolve()
        self.origin = origin.rstrip("/") if origin else None
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

    def respond(self, target: str) -> tuple[int, dict[str, str], bytes]:
        path = urlsplit(target).path or "/"
        found, add_slash = self.file_for(path)
        if add_slash:
            return 301, {"Location": self.url.rstrip("/") + path + "/"}, b""
        status = 200
        if found is None:
            status, found = 404, self.root / NOT_FOUND_PAGE
            if not found.is_file():
                return 404, {"Content-Type": TYPES[".txt"]}, b"Not found\n"
        ctype = TYPES.get(found.suffix, "application/octet-stream")
        body = found.read_bytes()
        if self.origin and ctype.endswith("charset=UTF-8"):
            body = body.replace(self.origin.encode(), self.url.rstrip("/").encode())
        return status, {"Content-Type": ctype}, body


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
