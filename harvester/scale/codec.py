"""Requests in and out of Redis: which stay on their worker (pinned), how the rest are encoded, and blog state.

Our spiders keep per-blog state on the spider object (the WordPress API root and ping lists, the blog's name,
the Blogger posts-feed count). A worker holds one spider instance per blog (see ``blogs``), and:

- A request whose callback mutates that state in a way that cannot be merged (a counter across parallel
  chains, a chain that counts across pages) is *pinned*: it runs on the worker that started the blog, from an
  in-memory queue, exactly as in a single-process crawl. ``PINNED_CALLBACKS`` lists them by method name (data,
  not control flow); a callback or errback that is not a method of a blog's spider (a lambda) is pinned too.
- Every other request is *shared*: pickled with the blog id, the path from the blog's spider to the object
  whose method is the callback (``delegate`` for the ``blog`` spider's platform spider), the method names and
  the version of the blog's state it was made under. The state (the spider's attributes less ``LOCAL_ATTRIBUTES``)
  is published in ``<spider>:state`` when it changes; a worker that runs a request of a blog it did not start
  first brings its copy of the blog up to that version.
"""
from __future__ import annotations

import hashlib
import pickle
import time
from dataclasses import dataclass, field
from typing import Any, Optional

from scrapy.http import Request
from scrapy.utils.request import request_from_dict

#: Callbacks that run on the worker that started the blog: start pages, platform detection, WordPress API
#: discovery and ping lists (the post lists start when every ping list is in: a counter), the Blogger posts feed
#: (it counts posts across its pages to notice a short feed).
PINNED_CALLBACKS = frozenset({
    "parse_start", "parse_home",
    "parse_api_probe", "parse_api_index", "parse_rest_pings",
    "parse_posts_feed",
})
#: Spider attributes that are never published: the crawl's objects, the delegate (rebuilt from its platform),
#: and local caches of what this process has already requested or judged (Redis de-duplicates across workers).
LOCAL_ATTRIBUTES = frozenset({"crawler", "settings", "delegate", "_seen", "_looked_at", "_link_css"})
#: Attributes through which one spider hands the crawl to another (the ``blog`` spider's platform spider).
DELEGATE_ATTRIBUTES = ("delegate",)


def blog_id(spider: str, url: Optional[str], args: dict) -> str:
    """A short stable id for one seed (spider name, blog URL, spider arguments)."""
    text = repr((spider, url or "", sorted(args.items())))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def owner_path(root: Any, func: Any) -> Optional[tuple[str, ...]]:
    """The attribute path from ``root`` to the object ``func`` is a bound method of; None if there is none."""
    owner = getattr(func, "__self__", None)
    if owner is None or getattr(owner, getattr(func, "__name__", ""), None) is None:
        return None
    path: tuple[str, ...] = ()
    node = root
    while node is not None:
        if node is owner:
            return path
        nxt = None
        for attr in DELEGATE_ATTRIBUTES:
            if getattr(node, attr, None) is not None:
                nxt, path = getattr(node, attr), path + (attr,)
                break
        node = nxt
    return None


def is_pinned(request: Request) -> bool:
    """Whether ``request`` must run on the worker that started its blog (see PINNED_CALLBACKS)."""
    callback = request.callback
    if callback is None or getattr(callback, "__name__", "") in PINNED_CALLBACKS:
        return True
    for func in (callback, request.errback):
        if func is not None and (getattr(func, "__self__", None) is None or func.__name__ == "<lambda>"):
            return True
    return False


def snapshot(obj: Any) -> dict[str, Any]:
    """The publishable state of one spider object: its attributes less LOCAL_ATTRIBUTES, picklable ones only."""
    state = {k: v for k, v in vars(obj).items() if k not in LOCAL_ATTRIBUTES}
    try:
        pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL)
        return state
    except Exception:   # keep what can travel; a value that cannot is this worker's alone
        out = {}
        for key, value in state.items():
            try:
                pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
                out[key] = value
            except Exception:
                continue
        return out


def blog_state(root: Any) -> dict[tuple[str, ...], tuple[Optional[str], dict]]:
    """Path -> (platform of the object, its snapshot) for the blog's spider and each delegate below it."""
    out: dict[tuple[str, ...], tuple[Optional[str], dict]] = {}
    node, path = root, ()
    while node is not None:
        out[path] = (getattr(node, "platform", None), snapshot(node))
        nxt = None
        for attr in DELEGATE_ATTRIBUTES:
            if getattr(node, attr, None) is not None:
                nxt, path = getattr(node, attr), path + (attr,)
                break
        node = nxt
    return out


@dataclass
class Published:
    """The last state of one blog this worker published or applied: its version and digest."""

    version: int = 0
    digest: str = ""
    blob: bytes = field(default=b"", repr=False)


def pack_state(root: Any, last: Published) -> Published:
    """The blog's current state; a new version (nanosecond clock) when it differs from ``last``."""
    blob = pickle.dumps(blog_state(root), protocol=pickle.HIGHEST_PROTOCOL)
    digest = hashlib.sha1(blob).hexdigest()
    if digest == last.digest:
        return last
    return Published(version=max(time.time_ns(), last.version + 1), digest=digest, blob=blob)


def apply_state(root: Any, state: dict[tuple[str, ...], tuple[Optional[str], dict]], make_delegate) -> None:
    """Bring ``root`` and its delegates to a published state; a missing delegate is made by
    ``make_delegate(node, platform)`` first."""
    for path in sorted(state, key=len):
        platform, attrs = state[path]
        node = root
        for attr in path[:-1]:
            node = getattr(node, attr)
        if path:
            if getattr(node, path[-1], None) is None:
                setattr(node, path[-1], make_delegate(node, platform))
            node = getattr(node, path[-1])
        vars(node).update(attrs)


def encode(request: Request, blog: str, path: tuple[str, ...], version: int) -> bytes:
    """A shared request as bytes: its blog, the owner path, callback and errback names, and the state version."""
    plain = request.replace(callback=None, errback=None).to_dict()
    data = {"blog": blog, "path": path, "version": version, "request": plain,
            "callback": request.callback.__name__ if request.callback else None,
            "errback": request.errback.__name__ if request.errback else None}
    return pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)


def decode(payload: bytes) -> dict[str, Any]:
    """The dict ``encode`` made; the request itself still without callbacks (see ``bind``)."""
    return pickle.loads(payload)


def bind(data: dict[str, Any], owner: Any) -> Request:
    """The request of a decoded payload with its callback and errback bound to ``owner``."""
    request = request_from_dict(data["request"])
    if data["callback"]:
        request.callback = getattr(owner, data["callback"])
    if data["errback"]:
        request.errback = getattr(owner, data["errback"])
    return request
