"""A page tree indexed once by tag, class and id, answering plain CSS selectors without an XPath pass each.

Extractors try dozens of ordered selectors per page, many on small subtrees (one comment); each XPath call
walks its subtree and costs a fixed set-up besides. The index answers the selectors made of tags, classes,
ids and attribute tests joined by descendant (' ') or child ('>') combinators, and unions of them, exactly as
cssselect's XPath would (document order, each element once; @class split on XML whitespace like
normalize-space()). Anything else (pseudo-classes, sibling combinators, '*', escapes) is left to XPath.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache

from lxml import etree

_IDENT = r"-?[_a-zA-Z][\w-]*"
_VALUE = r"""'[^'\\,]*'|"[^"\\,]*"|""" + _IDENT
_COMPOUND = re.compile(r"(?P<tag>[a-z][a-z0-9]*)?(?P<rest>(?:\.%s|#%s|\[%s(?:[~^$*|]?=(?:%s))?\])*)"
                       % (_IDENT, _IDENT, _IDENT, _VALUE))
_PART = re.compile(r"\.(%s)|#(%s)|\[(%s)(?:([~^$*|]?=)(%s))?\]" % (_IDENT, _IDENT, _IDENT, _VALUE))
_COMBINATOR = re.compile(r"\s*>\s*|\s+")
_XML_SPACE = re.compile(r"[ \t\n\r]+")  # what XPath's normalize-space() splits on
_ANY_SPACE = re.compile(r"\s")


# The index checks candidates in Python only while they are fewer than MIN_CANDIDATES plus one in PYTHON_COST
# of the subtree's elements (one candidate checked in Python costs about what libxml2 spends on that many).
PYTHON_COST = 8
MIN_CANDIDATES = 16


class Compound:
    """One compound selector: tag, classes, ids and attribute tests, all to hold on one element."""

    __slots__ = ("tag", "classes", "ids", "attrs")

    def __init__(self, tag: str | None, classes: tuple, ids: tuple, attrs: tuple) -> None:
        self.tag, self.classes, self.ids, self.attrs = tag, classes, ids, attrs

    def matches(self, el, classes: frozenset) -> bool:
        if self.tag is not None and el.tag != self.tag:
            return False
        if self.classes and not classes.issuperset(self.classes):
            return False
        if self.ids and any(el.get("id") != ident for ident in self.ids):
            return False
        for name, op, value in self.attrs:
            got = el.get(name)
            if got is None:
                return False
            if op == "=" and got != value or op == "^=" and not got.startswith(value) or \
                    op == "$=" and not got.endswith(value) or op == "*=" and value not in got or \
                    op == "|=" and not (got == value or got.startswith(value + "-")) or \
                    op == "~=" and value not in _XML_SPACE.split(got.strip(" \t\n\r")):
                return False
        return True


def _compound(text: str) -> Compound | None:
    m = _COMPOUND.fullmatch(text)
    if not m or not text:
        return None
    classes, ids, attrs = [], [], []
    for cls, ident, name, op, value in _PART.findall(m["rest"]):
        if cls:
            classes.append(cls)
        elif ident:
            ids.append(ident)
        else:
            value = value[1:-1] if value[:1] in "'\"" else value
            if op and (not value or op == "~=" and _ANY_SPACE.search(value)):
                return None  # cssselect matches nothing here; XPath says so
            attrs.append((name.lower(), op, value))
    return Compound(m["tag"], tuple(classes), tuple(ids), tuple(attrs))


@lru_cache(maxsize=None)
def parse(css: str) -> tuple | None:
    """The selector as a union of chains ((compound, combinator before it or ''), ...), or None when the
    index cannot answer it."""
    union = []
    for part in css.split(","):
        part = part.strip()
        if not part:
            return None
        chain, at, combinator = [], 0, ""
        for sep in _COMBINATOR.finditer(part):
            compound = _compound(part[at:sep.start()])
            if compound is None:
                return None
            chain.append((compound, combinator))
            combinator, at = (">" if ">" in sep.group() else " "), sep.end()
        compound = _compound(part[at:])
        if compound is None:
            return None
        chain.append((compound, combinator))
        union.append(tuple(chain))
    return tuple(union)


class Index:
    """Every element of one tree that does not change while indexed, in document order, by tag, class and id."""

    def __init__(self, root) -> None:
        self.els = list(root.iter(etree.Element))  # elements only: comments, PIs and entities filtered in C
        self.pos = {el: i for i, el in enumerate(self.els)}
        n = len(self.els)
        self.end = list(range(n))  # position of each element's last descendant
        self.parent = [-1] * n
        self.class_sets: list[frozenset] = [frozenset()] * n
        self.tags: dict[str, list[int]] = {}
        self.classes: dict[str, list[int]] = {}
        self.ids: dict[str, list[int]] = {}
        pos, end, parent = self.pos, self.end, self.parent
        for i, el in enumerate(self.els):
            up = el.getparent()
            if up is not None:
                parent[i] = pos.get(up, -1)
            self.tags.setdefault(el.tag, []).append(i)
            cls = el.get("class")
            if cls:
                names = frozenset(_XML_SPACE.split(cls.strip(" \t\n\r"))) - {""}
                self.class_sets[i] = names
                for name in names:
                    self.classes.setdefault(name, []).append(i)
            ident = el.get("id")
            if ident is not None:
                self.ids.setdefault(ident, []).append(i)
        for i in range(n - 1, 0, -1):  # document order: a parent's last descendant is its children's last one
            up = parent[i]
            if up >= 0 and end[i] > end[up]:
                end[up] = end[i]

    def _matches(self, i: int, compound: Compound) -> bool:
        return compound.matches(self.els[i], self.class_sets[i])

    def _chain_holds(self, i: int, chain: tuple, k: int, start: int) -> bool:
        """Compounds chain[:k] hold on ancestors of position i (at or under start) as the combinators say."""
        if k == 0:
            return True
        compound, combinator = chain[k - 1][0], chain[k][1]
        p = self.parent[i]
        while p >= start:
            if self._matches(p, compound) and self._chain_holds(p, chain, k - 1, start):
                return True
            if combinator == ">":
                return False
            p = self.parent[p]
        return False

    def _candidates(self, compound: Compound, start: int, stop: int):
        """Positions in [start, stop] that may match compound (by its id, first class or tag), or None when
        XPath is the cheaper way: no such key, or so many candidates that checking each in Python costs more
        than one pass of libxml2 over the subtree."""
        found = (self.ids.get(compound.ids[0], ()) if compound.ids else
                 self.classes.get(compound.classes[0], ()) if compound.classes else
                 self.tags.get(compound.tag, ()) if compound.tag else None)
        if found is None:
            return None
        lo, hi = bisect_left(found, start), bisect_right(found, stop)
        return found[lo:hi] if hi - lo <= (stop - start) // PYTHON_COST + MIN_CANDIDATES else None

    def select(self, node, css: str) -> list | None:
        """Elements under (or equal to) node matching css, in document order; None when css is beyond the
        index or node is not in this tree."""
        start = self.pos.get(node)
        union = parse(css) if start is not None else None
        if union is None:
            return None
        stop = self.end[start]
        hits: set[int] = set()
        for chain in union:
            last, k = chain[-1][0], len(chain) - 1
            candidates = self._candidates(last, start, stop)
            if candidates is None:
                return None
            hits.update(i for i in candidates if self._matches(i, last) and self._chain_holds(i, chain, k, start))
        els = self.els
        return [els[i] for i in sorted(hits)]
