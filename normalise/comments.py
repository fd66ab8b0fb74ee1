"""Comment threads: flat list <-> tree, repeated comments removed, comment lists from two fetches merged.

Every function returns new Comment objects (shallow copies with their own ``replies`` list); inputs are never
modified. Nothing here recurses, so threads of any depth work.

Conventions, decided here and relied on by callers:

* ``build_tree``: a comment whose ``parent_id`` names no comment in the list (an orphan, e.g. its parent is on
  another comment page) stays at top level and keeps that ``parent_id``, so a later merge can still attach it.
  A comment naming itself, or closing a cycle (a -> b -> a), is made top level with ``parent_id`` None: in each
  cycle the comment that comes first in document order becomes the root. No comment is ever lost.
* ``flatten``: copies in depth-first document order with ``replies`` emptied; a nested comment's ``parent_id``
  is set to the comment it is nested under, top-level comments keep theirs. So
  ``build_tree(flatten(tree)) == tree`` for any tree ``build_tree`` made.
"""
from __future__ import annotations

import dataclasses
import hashlib
import re
import unicodedata
from typing import Callable, Iterable, Optional

from .schema import Comment, RemovedComment

# Kinds whose repeats are recognised by the linking page (author URL) rather than by author name and text.
LINK_KINDS = ("pingback", "trackback")
# Ids the normaliser invents from document position ('c' + position, '_' appended on collision): they are not
# stable across fetches, so merge_comment_lists matches such comments by content, never by id.
POSITIONAL_ID = re.compile(r"^c\d+_*$")
# A new comment from the second list with a positional id gets '~' + this many hex digits of a hash of its
# content (match_key), so the same comment gets the same id in every merge; '~' is appended on a collision.
CONTENT_ID_DIGITS = 6
COLLISION_SUFFIX = "~"

Key = Callable[[Comment], Optional[tuple]]


def _copy(c: Comment, **changes) -> Comment:
    return dataclasses.replace(c, replies=[], **changes)


class _Unpunctuated(dict):
    """str.translate table dropping punctuation and symbols (Unicode categories P*, S*), filled as characters come."""

    def __missing__(self, code: int):
        keep = None if unicodedata.category(chr(code)).startswith(("P", "S")) else code
        self[code] = keep
        return keep


_UNPUNCTUATED = _Unpunctuated()


def _fold(s: str, drop_punctuation: bool) -> str:
    """NFKC, casefold, optionally punctuation/symbols dropped, whitespace collapsed (private text key)."""
    folded = unicodedata.normalize("NFKC", s or "").casefold()
    if drop_punctuation:
        folded = folded.translate(_UNPUNCTUATED)
    return " ".join(folded.split())


def text_key(s: str) -> str:
    """Comparison key of a comment text: casefolded, punctuation-free, whitespace collapsed."""
    return _fold(s, drop_punctuation=True)


def author_key(name: str) -> str:
    """Comparison key of an author name: casefolded, whitespace-insensitive."""
    return "".join(_fold(name, drop_punctuation=False).split())


# ---------------------------------------------------------------------------------------------- tree


def _parents(flat: list[Comment]) -> list[Optional[int]]:
    """Index of each comment's parent in ``flat`` (first comment with that id), None when absent or itself."""
    index: dict[str, int] = {}
    for i, c in enumerate(flat):
        index.setdefault(c.id, i)
    parents = [index.get(c.parent_id) if c.parent_id is not None else None for c in flat]
    return [None if p == i else p for i, p in enumerate(parents)]


def _break_cycles(parents: list[Optional[int]]) -> set[int]:
    """Cut every cycle at its earliest member (in place); returns the indexes made roots, self-parents included."""
    state = [0] * len(parents)          # 0 unseen, 1 on the current walk, 2 done
    cut: set[int] = set()
    for start in range(len(parents)):
        path = []
        node = start
        while node is not None and state[node] == 0:
            state[node] = 1
            path.append(node)
            node = parents[node]
        if node is not None and state[node] == 1:
            root = min(path[path.index(node):])
            parents[root] = None
            cut.add(root)
        for n in path:
            state[n] = 2
    return cut


def build_tree(flat: list[Comment]) -> list[Comment]:
    """Flat comments (document order, parent_id set) -> top-level comments with replies nested, document order.

    Replies already nested in the input are flattened first, so nothing is lost. See the module docstring
    for orphans and cycles.
    """
    flat = flatten(flat)
    parents = _parents(flat)
    selfish = {i for i, c in enumerate(flat) if c.parent_id == c.id and parents[i] is None}
    cut = _break_cycles(parents) | selfish
    nodes = [_copy(c, parent_id=None) if i in cut else _copy(c) for i, c in enumerate(flat)]
    roots: list[Comment] = []
    for node, parent in zip(nodes, parents):
        (roots if parent is None else nodes[parent].replies).append(node)
    return roots


def flatten(tree: list[Comment]) -> list[Comment]:
    """Depth-first document order; copies with replies emptied and nested comments' parent_id = their parent."""
    out: list[Comment] = []
    stack: list[tuple[Comment, Optional[str], bool]] = [(c, None, False) for c in reversed(tree)]
    while stack:
        c, parent, nested = stack.pop()
        out.append(_copy(c, parent_id=parent) if nested else _copy(c))
        stack.extend((r, c.id, True) for r in reversed(c.replies))
    return out


def count(tree: Iterable[Comment]) -> int:
    """Number of comments at all depths."""
    total = 0
    stack = list(tree)
    while stack:
        c = stack.pop()
        total += 1
        stack.extend(c.replies)
    return total


# ------------------------------------------------------------------------------------------- repeats


def repeat_key(c: Comment) -> Optional[tuple]:
    """Default repeat key: pingbacks/trackbacks by linking URL, others by author and text; None = never a repeat.

    For comments with platform ids the parent is part of the key: a comment posted twice lands in the same
    place, while the same short answer to two different readers is two comments. Comments with positional ids
    ('c3', markup without ids) are keyed without it: such versions of a post are matched by content alone,
    and a parent-dependent key would make merging depend on the order versions arrive in."""
    if c.kind in LINK_KINDS and c.author.url:
        return ("link", c.author.url.strip())
    text = text_key(c.content_text)
    if not text:
        return None
    if _stable_id(c.id):
        return ("comment", author_key(c.author.name), text, c.parent_id)
    return ("comment", author_key(c.author.name), text)


def remove_repeats(flat: list[Comment], key: Key | None = None) -> tuple[list[Comment], list[RemovedComment]]:
    """Drop later comments whose key equals an earlier one's; replies of a dropped comment move to the kept one.

    Returns (kept comments as copies in document order, RemovedComment records in document order). A key of
    None (default: empty text) never matches. Comment ids are expected to be unique within the list.
    """
    key = key or repeat_key
    first: dict[tuple, str] = {}
    replaced: dict[str, str] = {}
    removed: list[RemovedComment] = []
    for c in flat:
        k = key(c)
        if k is not None and k in first and first[k] != c.id:
            replaced[c.id] = first[k]
            removed.append(RemovedComment(id=c.id, repeat_of=first[k]))
        elif k is not None:
            first.setdefault(k, c.id)
    dropped_parent = {c.id: c.parent_id for c in flat if c.id in replaced}
    kept = [_copy(c, parent_id=_reparent(c, replaced, dropped_parent)) for c in flat if c.id not in replaced]
    return kept, removed


def _reparent(c: Comment, replaced: dict[str, str], dropped_parent: dict[str, Optional[str]]) -> Optional[str]:
    """Parent id after repeats are dropped; never the comment itself (then the dropped parent's own parent)."""
    parent = c.parent_id
    seen = set()
    while parent in replaced and parent not in seen:
        seen.add(parent)
        target = replaced[parent]
        parent = target if target != c.id else dropped_parent[parent]
    return parent


# --------------------------------------------------------------------------------------------- merge


def _day(c: Comment) -> Optional[str]:
    return c.published[:10] if c.published else None


def match_key(c: Comment) -> tuple:
    """What identifies the same comment in two fetches when ids cannot: kind, author, text (or html), day."""
    body = text_key(c.content_text) or c.content_html.strip()
    return (c.kind, author_key(c.author.name), body, _day(c))


def _undated_key(c: Comment) -> tuple:
    """match_key without the day: used when one of the two fetches shows no date."""
    return match_key(c)[:-1]


def _stable_id(cid: str) -> bool:
    return not POSITIONAL_ID.match(cid)


def _fill(kept: Comment, other: Comment) -> Comment:
    """``kept`` with its empty fields (date, body, author link) taken from ``other``, the same comment."""
    changes: dict = {}
    if kept.published is None and other.published is not None:
        changes.update(published=other.published, published_precision=other.published_precision,
                       published_raw=other.published_raw)
    if not kept.content_html and other.content_html:
        changes.update(content_html=other.content_html, content_text=other.content_text)
    if not kept.author.url and other.author.url:
        changes["author"] = dataclasses.replace(kept.author, url=other.author.url)
    return dataclasses.replace(kept, **changes) if changes else kept


class _Matcher:
    """Finds, for each comment of b, the comment of a it is (by stable id, else by match_key), each a used once."""

    def __init__(self, a: list[Comment]) -> None:
        self.by_id = {c.id: i for i, c in enumerate(a) if _stable_id(c.id)}
        self.by_key: dict[tuple, list[int]] = {}
        self.by_undated: dict[tuple, list[int]] = {}
        for i, c in enumerate(a):
            self.by_key.setdefault(match_key(c), []).append(i)
            self.by_undated.setdefault(_undated_key(c), []).append(i)
        self.a = a
        self.used: set[int] = set()

    def _may_match(self, j: int, c: Comment) -> bool:
        """Two different stable ids are two comments, however alike (a comment posted twice)."""
        return not (_stable_id(c.id) and _stable_id(self.a[j].id) and c.id != self.a[j].id)

    def match(self, c: Comment) -> Optional[int]:
        i = self.by_id.get(c.id) if _stable_id(c.id) else None
        if i is None:
            i = self._pick(c, self.by_key.get(match_key(c), ()))
        if i is None:
            undated = self.by_undated.get(_undated_key(c), ())
            i = self._pick(c, [j for j in undated if _day(self.a[j]) is None or _day(c) is None])
        if i is not None:
            self.used.add(i)
        return i

    def _pick(self, c: Comment, candidates: Iterable[int]) -> Optional[int]:
        """First unused candidate that may be ``c``, preferring one with the same id."""
        free = [j for j in candidates if j not in self.used and self._may_match(j, c)]
        return next((j for j in free if self.a[j].id == c.id), free[0] if free else None)


def _fresh_id(c: Comment, taken: set[str], rehash: bool) -> str:
    """Id for a new comment: its own, or for a positional id (when ``rehash``) one derived from its content."""
    new = c.id
    if rehash and not _stable_id(c.id):
        digest = hashlib.blake2b(repr(match_key(c)).encode("utf-8"), digest_size=8).hexdigest()
        new = f"{c.id}~{digest[:CONTENT_ID_DIGITS]}"
    while new in taken:
        new += COLLISION_SUFFIX
    return new


class _Placement:
    """Where new b comments go: after the b comment before them, or before the first matched one, or at the end."""

    def __init__(self) -> None:
        self.before: dict[int, list[Comment]] = {}
        self.after: dict[int, list[Comment]] = {}
        self.head: list[Comment] = []
        self.cursor: Optional[int] = None

    def matched(self, i: int) -> None:
        if self.cursor is None and self.head:
            self.before[i] = self.head
        self.cursor = i

    def new(self, c: Comment) -> None:
        (self.head if self.cursor is None else self.after.setdefault(self.cursor, [])).append(c)

    def interleave(self, a: list[Comment]) -> list[Comment]:
        out: list[Comment] = []
        for i, c in enumerate(a):
            out.extend(self.before.get(i, ()))
            out.append(c)
            out.extend(self.after.get(i, ()))
        return out + (self.head if self.cursor is None else [])


def merge_comment_lists(a: list[Comment], b: list[Comment]) -> list[Comment]:
    """Union of two flat comment lists of one post; a's comments first, each new b comment placed right after
    the b comment before it (or before the first matched b comment that follows, or else at the end).

    Matching: same stable id, else same (kind, author, text, day), else the same with the day missing on one
    side; two different stable (platform) ids never match. Matched a comments keep their id and get their
    empty fields (date, body, author link) from b. When a is not empty, a new b comment with a positional id
    ('c3') gets 'c3~' + CONTENT_ID_DIGITS hex digits of its content hash (positions differ between fetches);
    '~' is appended to any id still taken. Replies follow their parent's new id.
    """
    return merge_comment_lists_mapped(a, b)[0]


def merge_comment_lists_mapped(a: list[Comment], b: list[Comment]) -> tuple[list[Comment], dict[str, str]]:
    """merge_comment_lists, plus the id each comment of b has in the result (b id -> result id)."""
    a, b = flatten(a), flatten(b)
    matcher, merged, placement = _Matcher(a), list(a), _Placement()
    taken = {c.id for c in a}
    ids: dict[str, str] = {}
    new_ids: set[str] = set()
    for c in b:
        i = matcher.match(c)
        if i is None:
            new_id = _fresh_id(c, taken, rehash=bool(a))
            taken.add(new_id)
            new_ids.add(new_id)
            ids[c.id] = new_id
            placement.new(dataclasses.replace(c, id=new_id))
            continue
        merged[i] = _fill(merged[i], c)
        ids[c.id] = merged[i].id
        placement.matched(i)
    result = [_copy(c, parent_id=ids.get(c.parent_id, c.parent_id)) if c.id in new_ids else c
              for c in placement.interleave(merged)]
    return result, ids
