"""URL canonicalisation and the stable post ids derived from it (one post, one key, whatever URL variant)."""
from __future__ import annotations

import hashlib
import re
from urllib.parse import urljoin, urlsplit, urlunsplit

# Query parameters that only track the visitor or pick a view of the same page: dropped (names compared
# case-insensitively). Everything else (?p=123, ?page_id=, ?rest_route=, ?cat=…) is kept, sorted.
DROP_PARAMS = (
    "fbclid", "gclid", "mc_cid", "mc_eid", "_ga", "ref_src", "share", "replytocom", "amp",
    "m",            # Blogger mobile view: ?m=1 / ?m=0
    "showcomment",  # Blogger ?showComment=<epoch ms>
    "commentpage",  # Blogger ?commentPage=N: a page of a post's comments beyond the first 200
    "spref", "feature",
    "cpage",        # WordPress comment page of a post with plain permalinks (?p=12&cpage=2)
)
DROP_PARAM_PREFIXES = ("utm_",)
DEFAULT_PORTS = {"http": 80, "https": 443}
# Blogger serves every blog under country domains (x.blogspot.co.uk, x.blogspot.de…): one blog, one host.
BLOGSPOT_COUNTRY_HOST = re.compile(r"^(?P<blog>.+)\.blogspot\.[a-z]{2,3}(?:\.[a-z]{2})?$")
BLOGSPOT_HOST = r"\g<blog>.blogspot.com"
# WordPress comment pages of a post (/slug/comment-page-2/) are views of the same post.
COMMENT_PAGE_PATH = re.compile(r"(?<=/)comment-page-\d+/?$")
# url_key strips these from the end of the path (AMP view of a post).
KEY_PATH_SUFFIXES = ("/amp",)

# A fragment holding a fragment directive (':~:', as in '#note-3:~:text=Title', the URL Fragment Text Directives
# standard) names one post among several shown in full on one page with no permalink of their own (a digest or
# listing of notes): such a fragment is kept, with the element id before the directive, so each of those posts has
# its own URL, url_key and post_id. Every other fragment (#comments, #more-12, #c5) is dropped.
FRAGMENT_DIRECTIVE = ":~:"

UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
# Characters left as they are in a path or query component; anything else (space, non-ASCII…) is escaped.
SAFE_PATH = frozenset("!$&'()*+,;=:@/") | UNRESERVED
SAFE_QUERY_PART = frozenset("!$'()*+,;:@/?") | UNRESERVED   # '&' and '=' stay escaped inside a name or value
SAFE_FRAGMENT = frozenset("!$&'()*+,;=:@/?~") | UNRESERVED
FRAGMENT_DECODED = UNRESERVED - {"-"}    # '%2D' is syntax-neutral in a text directive ('-' marks a prefix/suffix)
PERCENT_TRIPLET = re.compile(r"%([0-9A-Fa-f]{2})")


def _normalise_escapes(part: str, safe: frozenset[str], decode: frozenset[str] = UNRESERVED) -> str:
    """RFC 3986 6.2.2: decode escaped unreserved characters (those in ``decode``), upper-case other escapes,
    escape the rest."""
    out: list[str] = []
    i = 0
    while i < len(part):
        ch = part[i]
        triplet = PERCENT_TRIPLET.match(part, i)
        if triplet:
            decoded = chr(int(triplet.group(1), 16))
            out.append(decoded if decoded in decode else "%" + triplet.group(1).upper())
            i += 3
            continue
        out.append(ch if ch in safe else "".join(f"%{b:02X}" for b in ch.encode("utf-8")))
        i += 1
    return "".join(out)


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 5.2.4, keeping empty segments and the trailing slash."""
    out: list[str] = []
    segments = path.split("/")
    for i, seg in enumerate(segments):
        last = i == len(segments) - 1
        if seg == ".":
            if last:
                out.append("")
        elif seg == "..":
            if len(out) > 1:
                out.pop()
            if last:
                out.append("")
        else:
            out.append(seg)
    result = "/".join(out)
    return result if result.startswith("/") or not path.startswith("/") else "/" + result


def _dropped(name: str) -> bool:
    folded = name.casefold()
    return folded in DROP_PARAMS or folded.startswith(DROP_PARAM_PREFIXES)


def _query(query: str) -> str:
    """Tracking/view parameters removed, escapes normalised, the rest sorted (name, then value)."""
    pairs = []
    for item in query.split("&"):
        if not item:
            continue
        name, eq, value = item.partition("=")
        if _dropped(_normalise_escapes(name, SAFE_QUERY_PART)):
            continue
        pairs.append((_normalise_escapes(name, SAFE_QUERY_PART), eq, _normalise_escapes(value, SAFE_QUERY_PART)))
    return "&".join(n + eq + v for n, eq, v in sorted(pairs))


def _netloc(scheme: str, netloc: str) -> str:
    """Lower-case host, no default port, no trailing dot; Blogger country domains folded to .blogspot.com."""
    userinfo, at, hostport = netloc.rpartition("@")
    host, colon, port = hostport.rpartition(":") if not hostport.endswith("]") else (hostport, "", "")
    if not colon or not port.isdigit():
        host, port = hostport, ""
    host = host.lower().rstrip(".")
    host = BLOGSPOT_COUNTRY_HOST.sub(BLOGSPOT_HOST, host)
    if port and int(port) == DEFAULT_PORTS.get(scheme):
        port = ""
    return userinfo + at + host + (":" + port if port else "")


def canonical_url(url: str, base: str | None = None) -> str:
    """The canonical absolute form of ``url`` (resolved against ``base``); see the module constants for what
    is dropped (the fragment too, unless it holds a FRAGMENT_DIRECTIVE). Raises ValueError when the result is not absolute (relative URL and no base, or empty)."""
    text = url.strip()
    if base:
        text = urljoin(base.strip(), text)
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if not scheme or (scheme in DEFAULT_PORTS and not parts.netloc):
        raise ValueError(f"not an absolute URL: {url!r:.100}")
    netloc = _netloc(scheme, parts.netloc)
    path = _normalise_escapes(_remove_dot_segments(parts.path), SAFE_PATH)
    path = COMMENT_PAGE_PATH.sub("", path)
    if netloc and not path:
        path = "/"
    fragment = parts.fragment if FRAGMENT_DIRECTIVE in parts.fragment else ""
    return urlunsplit((scheme, netloc, path, _query(parts.query), _normalise_escapes(fragment, SAFE_FRAGMENT,
                                                                                           FRAGMENT_DECODED)))


def url_key(url: str) -> str:
    """canonical_url without scheme, leading 'www.', trailing slash and '/amp' suffix: one key per post (a kept
    fragment, see FRAGMENT_DIRECTIVE, stays part of the key)."""
    parts = urlsplit(canonical_url(url))
    host = parts.netloc[4:] if parts.netloc.startswith("www.") else parts.netloc
    path = parts.path.rstrip("/")
    for suffix in KEY_PATH_SUFFIXES:
        if path.endswith(suffix) and len(path) > len(suffix):
            path = path[: -len(suffix)].rstrip("/")
    return host + path + ("?" + parts.query if parts.query else "") + ("#" + parts.fragment if parts.fragment else "")


def post_id(url: str) -> str:
    """'post-' + the first 20 hex digits of SHA-256 of url_key(url)."""
    return "post-" + hashlib.sha256(url_key(url).encode("utf-8")).hexdigest()[:20]
