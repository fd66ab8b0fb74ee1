"""Per-blog sets the spiders keep on themselves (``_seen``: request keys already requested), held in Redis.

A spider adds to ``_seen`` the pages it decided not to fetch as well as those it fetched (WordPress: the comment
page the bare post URL already showed; Blogger: comment page 1). With one instance of a blog per worker, a local
set would let another worker fetch that page after all; ``SharedSet`` is a drop-in for the two operations the
spiders use (``in`` and ``add``), backed by ``<spider>:seen:<blog>:<attribute>`` and caching what it has seen.
"""
from __future__ import annotations

from typing import Any, Iterable, Iterator

from .codec import DELEGATE_ATTRIBUTES

#: Spider attributes (sets of strings) shared across workers this way.
SHARED_SETS = ("_seen",)


class SharedSet:
    """A grow-only set of strings in Redis with a local cache of members already seen."""

    def __init__(self, server, key: str, initial: Iterable[str] = ()):
        self.server, self.key = server, key
        self.local: set[str] = set()
        for value in initial:
            self.add(value)

    def __contains__(self, value: object) -> bool:
        if value in self.local:
            return True
        if self.server.sismember(self.key, value):
            self.local.add(value)   # type: ignore[arg-type]
            return True
        return False

    def add(self, value: str) -> None:
        if value not in self.local:
            self.local.add(value)
            self.server.sadd(self.key, value)

    def __len__(self) -> int:
        return self.server.scard(self.key)

    def __iter__(self) -> Iterator[str]:
        for value in self.server.sscan_iter(self.key):
            yield value.decode("utf-8") if isinstance(value, bytes) else value


def share_sets(root: Any, server, prefix: str) -> None:
    """Swap each SHARED_SETS attribute of ``root`` and of its delegates for a SharedSet (once; contents kept)."""
    node, path = root, ""
    while node is not None:
        for attr in SHARED_SETS:
            value = getattr(node, attr, None)
            if isinstance(value, set):
                setattr(node, attr, SharedSet(server, f"{prefix}{path}{attr}", value))
        nxt = None
        for name in DELEGATE_ATTRIBUTES:
            if getattr(node, name, None) is not None:
                nxt, path = getattr(node, name), f"{path}{name}:"
                break
        node = nxt
