"""Hypothesis strategies for hostile raw records: built from the raw contract's dataclasses, then broken."""
from __future__ import annotations

import copy
import dataclasses
import random
import typing
from typing import Any

from hypothesis import strategies as st

from normalise.raw import RAW_VERSION, RawComment, RawPost
from tests.hostile.vectors import VECTORS

# Characters that break naive code: NUL, lone surrogates, bidi overrides, BOM, escapes, separators, combining.
NASTY_CHARS = ["\x00", "\ud800", "\udfff", "\u202e", "\u200f", "\u200b", "\ufeff", "\x1b[31m", "\u2028", "\r\n", "\x0b",
               "\x7f", "\uffff", "\U0001f3f3\ufe0f\u200d\U0001f308", "\u0130", "\u0301", "&amp;", "&#0;", "&#xD800;",
               "<", ">", "\"", "'", "\\", "%00", "%zz", "\t", " "]
DATE_TEXT = ["12 March 2009 at 14:05", "Saturday, September 27, 2008", "2020-13-45T99:99", "3 weeks ago", "yesterday",
             "0000-00-00 00:00:00", "1e400", "99999999999999999999", "-1", "1/1/1", "31/02/2021", "23.06.2016 um 16:14 Uhr",
             "9999-12-31T23:59:59+14:00", "0001-01-01T00:00:00-14:00", "1234567890123", "1700000000000", "NaN",
             "2021-06-14T10:30:00", "2021-06-14T10:30:00Z", "2021-06-14T10:30:00+25:00", "mardi 5 juin 2018", "Mai 03, 2017"]
URL_TEXT = ["https://blog.example.org/2021/06/post/", "http://127.0.0.1:8000/?p=12", "/relative/path", "relative",
            "//other.example/x", "http://[::1", "http://[::1]:80/", "javascript:alert(1)", "mailto:a@b.example", "",
            "   ", "http://ex ample.org/", "https://\u00fcnicode.example/\u00e4?q=\u00df#frag", "http://a.example:99999/",
            "https://a.example/%zz%", "data:text/html,<script>alert(1)</script>", "ftp://files.example/x", "http://",
            "https://user:pass@a.example/", "\x00https://a.example/", "https://a.example/" + "x" * 3000]
TIMES = ["2024-05-01T12:00:00Z", "2024-05-01T12:00:00", "2024-05-01T12:00:00+02:00", "9999-12-31T23:59:59+14:00",
         "0001-01-01T00:00:00-14:00", "0001-01-01T00:00:00Z", "2024-02-30T00:00:00Z", "yesterday", "", "2024-05-01"]
FRAGMENTS = [markup for _, markup, _ in VECTORS[::3]] + [
    "<p>Plain words.</p>", "<p>Unclosed <b>bold <i>italic", "</div></div></body>", "<table><td>cell", "<![CDATA[x]]>",
    "<p>" + "deep <span>" * 300 + "end", "<!--", "<a href='/x'>link</a>", "&#x110000;", "&#0;", "<br/><br/><br/>"]


def _pieces(extra: list[str]) -> st.SearchStrategy[str]:
    return st.one_of(st.text(max_size=20), st.sampled_from(NASTY_CHARS), st.sampled_from(extra))


def text_like(extra: list[str] | None = None) -> st.SearchStrategy[str]:
    """Strings mixing random text, nasty characters and the given realistic values."""
    extra = extra or ["Janet F said...", "By Ruth Evans", "4 comments:", "Policy", "en-GB", "comment-42"]
    return st.one_of(st.sampled_from(extra), st.lists(_pieces(extra), max_size=5).map("".join),
                     st.integers(2_000, 60_000).map(lambda n: ("w\u00e9rd " * n)[:n]))


# Field name -> strategy for its string values (else generic text). Shared by posts and comments.
FIELD_TEXT: dict[str, st.SearchStrategy[str]] = {
    "url": text_like(URL_TEXT), "base_url": text_like(URL_TEXT), "canonical_url": text_like(URL_TEXT),
    "fetched_url": text_like(URL_TEXT), "author_url": text_like(URL_TEXT), "fetched_at": text_like(TIMES),
    "content_html": st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=30), max_size=6).map("".join),
    "languages": text_like(["en", "en-GB", "de", "cy", "fr", "xx", "", "zz-ZZ-x"]),
    "language": text_like(["en", "en-GB", "de", "cy", "fr", "xx", "", "zz-ZZ-x"]),
    "timezone": text_like(["Europe/London", "America/New_York", "Mars/Base", "../../etc/passwd", "UTC", ""]),
    "id": text_like(["1", "2", "3", "comment-1", "div-comment-2", "#3", "0", "", "c1", "null"]),
    "parent_id": text_like(["1", "2", "3", "comment-1", "div-comment-2", "#3", "0", "", "c1", "null"]),
    "payload_sha256": text_like(["a" * 64, "A" * 64, "xyz", ""]),
}
for _name in ("published_raw", "published_machine", "published_gmt", "updated_raw", "updated_machine", "updated_gmt"):
    FIELD_TEXT[_name] = text_like(DATE_TEXT)
WRONG_TYPES = st.one_of(st.none(), st.booleans(), st.integers(-(2 ** 70), 2 ** 70), st.floats(), st.text(max_size=5),
                        st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))


def _value(tp: Any, name: str, meta: dict, depth: int) -> st.SearchStrategy:
    """Right-typed values for one declared field type (enum fields: mostly a declared value)."""
    enum = meta.get("schema", {}).get("enum")
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is typing.Union:
        inner = [a for a in args if a is not type(None)]
        options = [_value(a, name, meta, depth) for a in inner]
        return st.one_of(st.none(), *options) if type(None) in args else st.one_of(*options)
    if enum:
        return st.one_of(st.sampled_from([e for e in enum if e is not None]), text_like(["spam", "DMY", "Closed"]))
    if origin is list:
        (item,) = args
        if item is RawComment:
            return st.lists(comment_dicts(depth + 1), max_size=0 if depth >= 3 else 4)
        return st.lists(_value(item, name, meta, depth), max_size=4)
    if dataclasses.is_dataclass(tp):
        return contract_dicts(tp, depth)
    if tp is bool:
        return st.booleans()
    if tp is int:
        return st.integers(-(2 ** 64), 2 ** 64)
    return FIELD_TEXT.get(name, text_like())


def contract_dicts(cls: type, depth: int = 0) -> st.SearchStrategy[dict]:
    """JSON objects of the contract class ``cls``: every required field, each optional one present or not."""
    hints = typing.get_type_hints(cls)
    required, optional = {}, {}
    for f in dataclasses.fields(cls):
        strategy = _value(hints[f.name], f.name, dict(f.metadata), depth)
        if f.name == "raw_version":
            strategy = st.just(RAW_VERSION)
        has_default = f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
        (optional if has_default else required)[f.name] = strategy
    return st.fixed_dictionaries(required, optional=optional)


def comment_dicts(depth: int = 0) -> st.SearchStrategy[dict]:
    return st.deferred(lambda: contract_dicts(RawComment, depth))


# --- breaking a record ---------------------------------------------------------------------------------------
def _paths(value: Any, path: tuple = ()) -> list[tuple]:
    """Every (container path) in a JSON value, iteratively."""
    out, stack = [], [(value, path)]
    while stack:
        node, at = stack.pop()
        if isinstance(node, dict):
            out.extend(at + (k,) for k in node)
            stack.extend((v, at + (k,)) for k, v in node.items())
        elif isinstance(node, list):
            out.extend(at + (i,) for i in range(len(node)))
            stack.extend((v, at + (i,)) for i, v in enumerate(node))
    return out


def _parent(record: Any, path: tuple) -> Any:
    for key in path[:-1]:
        record = record[key]
    return record


def mutate(record: dict, rnd: random.Random, wrong: Any, count: int) -> dict:
    """``count`` random breakages: a field deleted, given a wrong-typed value, an extra field, a comment duplicated."""
    for _ in range(count):
        paths = _paths(record)
        if not paths:
            break
        path = rnd.choice(paths)
        holder, key = _parent(record, path), path[-1]
        action = rnd.randrange(4)
        if action == 0 and isinstance(holder, dict):
            del holder[key]
        elif action == 1:
            holder[key] = copy.deepcopy(wrong)  # a copy each time: a value placed inside itself would be a cycle
        elif action == 2 and isinstance(holder, dict):
            holder[f"extra_{rnd.randrange(100)}"] = copy.deepcopy(wrong)
        elif action == 3 and isinstance(holder, list):
            holder.insert(rnd.randrange(len(holder) + 1), holder[key])
    return record


def deep_thread(depth: int, nested: bool) -> list[dict]:
    """A reply chain ``depth`` long (ids 1..depth), as nested 'replies' or as flat parent_ids (built iteratively)."""
    if not nested:
        return [{"id": str(i), "parent_id": str(i - 1) if i > 1 else None, "content_html": f"<p>Reply {i}</p>"}
                for i in range(1, depth + 1)]
    top = node = {"id": "1", "content_html": "<p>Reply 1</p>"}
    for i in range(2, depth + 1):
        child = {"id": str(i), "content_html": f"<p>Reply {i}</p>"}
        node["replies"] = [child]
        node = child
    return [top]


raw_posts = contract_dicts(RawPost)
