"""Convert schema dataclasses to and from plain JSON values, with errors that name the bad field."""
from __future__ import annotations

import dataclasses
import re
import types
import typing
from functools import lru_cache
from typing import Any, Union


class RecordError(ValueError):
    """A JSON value does not fit the declared record type; the message names the field path."""


# Code points no UTF-8 writer or database text column accepts (lone surrogates from '\ud800' escapes in JSON,
# NUL): every string read is given U+FFFD in their place, so whatever is read can be written.
UNWRITABLE_CHARS = re.compile("[\x00\ud800-\udfff]")
REPLACEMENT_CHAR = "\ufffd"


def to_dict(obj: Any) -> Any:
    """Serialise a dataclass tree to plain JSON types, fields in declaration order."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_dict(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [to_dict(v) for v in obj]
    return obj


@lru_cache(maxsize=None)
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _load(tp: Any, value: Any, path: str) -> Any:
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        args = typing.get_args(tp)
        if value is None:
            if type(None) in args:
                return None
            raise RecordError(f"{path}: null is not allowed")
        inner = [a for a in args if a is not type(None)]
        errors = []
        for a in inner:
            try:
                return _load(a, value, path)
            except RecordError as e:
                errors.append(str(e))
        raise RecordError(errors[0] if len(errors) == 1 else f"{path}: {value!r:.60} fits none of the allowed types")
    if origin is list:
        if not isinstance(value, list):
            raise RecordError(f"{path}: expected a list, got {type(value).__name__}")
        (item,) = typing.get_args(tp)
        return [_load(item, v, f"{path}[{i}]") for i, v in enumerate(value)]
    if dataclasses.is_dataclass(tp):
        return _build(tp, value, path)
    if tp is Any:
        return value
    if tp is bool:
        if not isinstance(value, bool):
            raise RecordError(f"{path}: expected true/false, got {value!r:.60}")
        return value
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise RecordError(f"{path}: expected an integer, got {value!r:.60}")
        return value
    if tp is str:
        if not isinstance(value, str):
            raise RecordError(f"{path}: expected a string, got {type(value).__name__}")
        return UNWRITABLE_CHARS.sub(REPLACEMENT_CHAR, value)
    if origin is not None and not isinstance(value, origin):
        raise RecordError(f"{path}: expected {origin.__name__}, got {type(value).__name__}")
    return value


def from_dict(cls: type, data: Any, path: str = "$") -> Any:
    """Build dataclass ``cls`` from a JSON object, recursively; unknown or missing keys, values outside a field's
    declared enum, and nesting too deep to read raise RecordError."""
    try:
        return _build(cls, data, path)
    except RecursionError:
        raise RecordError(f"{path}: nested too deeply to read") from None


def _short(path: str, keep: int = 80) -> str:
    """A long field path cut after ``keep`` characters at a segment boundary ('$.a[0].b[0]…')."""
    return path if len(path) <= keep else path[:path.rindex(".", 0, keep)] + "…"


def _build(cls: type, data: Any, path: str) -> Any:
    if not isinstance(data, dict):
        raise RecordError(f"{path}: expected an object, got {type(data).__name__}")
    hints = _hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(set(data) - names)
    if unknown:
        raise RecordError(f"{path}: unknown field(s) {', '.join(unknown)}")
    kwargs = {}
    for f in dataclasses.fields(cls):
        if f.name in data:
            try:
                kwargs[f.name] = _load(hints[f.name], data[f.name], f"{path}.{f.name}")
            except RecursionError:  # the deepest level with stack to spare names where it happened
                raise RecordError(f"{_short(path)}.{f.name}: nested too deeply to read") from None
            enum = f.metadata.get("schema", {}).get("enum")
            if enum is not None and kwargs[f.name] not in enum:
                raise RecordError(f"{path}.{f.name}: {kwargs[f.name]!r:.40} is not one of {enum}")
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            raise RecordError(f"{path}: missing required field '{f.name}'")
    return cls(**kwargs)
