"""The extractors the scorecard compares: ours, trafilatura and htmldate, each mapped onto the gold fields.

Every tool is a Tool: `run(body, url)` is the timed call (page bytes in, the tool's own result out) and
`records(result)` maps that result onto published-record dicts, the shape score.py reads
(title, published, authors, content_text, comments with replies). `fields` lists the gold fields the
tool produces; the others print as a dash.

- ours: harvester.extract.extract_page then harvester.commands.extract.published, the path of
  `scrapy extract PAGE --url URL`; every field.
- trafilatura: bare_extraction(body, url=URL, include_comments=True, with_metadata=True), one record
  per page: title -> title, date -> published day, author ("A; B") -> authors, text -> body.
  Only `text` counts as the body: trafilatura puts the reader comments apart in `comments`, and the
  gold labels list comment text among the snippets a body must not contain, so adding them would
  charge trafilatura for a separation it made. Its `comments` is one plain-text string with no
  comment boundaries, authors, dates or parents, so comment count, comment author F1, reply parent
  and top level are dashes: there is nothing in it to score them on.
- htmldate: find_date(body, url=URL, original_date=True) -> published day only.

trafilatura and htmldate are benchmark comparators, not dependencies: `pip install -e '.[bench]'`
installs the versions measured; without them the table keeps our column and says how to add theirs.
"""
from __future__ import annotations

import importlib
import importlib.metadata
import logging
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable

from .scoring import FIELDS

FETCHED_AT = "2026-12-01T00:00:00Z"  # after every fixture's dates, so no shown date is dropped as 'in the future'
INSTALL_HINT = "pip install -e '.[bench]'"
TRAFILATURA_FIELDS = ["title", "published_day", "authors", "body_present", "boilerplate_absent"]
HTMLDATE_FIELDS = ["published_day"]


@dataclass
class Tool:
    """One column group of the table: how to run the tool on a page and read its result."""
    name: str
    fields: list[str]
    module: str | None  # the package to import (None: ours, always there)
    run: Callable[[bytes, str], Any]
    records: Callable[[Any], list[dict]]

    def available(self) -> bool:
        if self.module is None:
            return True
        try:
            importlib.import_module(self.module)
        except ImportError:
            return False
        return True

    def version(self) -> str:
        if self.module is None:
            from normalise import __version__
            return __version__
        return importlib.metadata.version(self.module)


def run_ours(body: bytes, url: str) -> list:
    """Published posts of one page, exactly as `scrapy extract` computes them (page order, merged)."""
    from harvester.commands.extract import published
    from harvester.extract import extract_page

    records = extract_page(body, url, fetched_at=FETCHED_AT)
    return published(records)[0] if records else []


def ours_records(posts: list) -> list[dict]:
    from normalise.dataio import to_dict

    return [to_dict(post) for post in posts]


def run_trafilatura(body: bytes, url: str) -> dict | None:
    from trafilatura import bare_extraction

    doc = bare_extraction(body, url=url, include_comments=True, with_metadata=True)
    return doc.as_dict() if doc is not None and hasattr(doc, "as_dict") else doc


def trafilatura_records(result: dict | None) -> list[dict]:
    """trafilatura's document (as a dict) -> one record with the fields it has; [] when it found nothing."""
    if not result:
        return []
    authors = [a.strip() for a in (result.get("author") or "").split(";") if a.strip()]
    return [{"title": result.get("title") or "",
             "published": (result.get("date") or "")[:10] or None,
             "authors": [{"name": a} for a in authors],
             "content_text": result.get("text") or ""}]


def run_htmldate(body: bytes, url: str) -> str | None:
    from htmldate import find_date

    return find_date(body, url=url, original_date=True)


def htmldate_records(date: str | None) -> list[dict]:
    """htmldate's date (YYYY-MM-DD or None) -> one record holding only the published day."""
    return [{"title": "", "published": date[:10]}] if date else []


TOOLS = [
    Tool("ours", list(FIELDS), None, run_ours, ours_records),
    Tool("trafilatura", TRAFILATURA_FIELDS, "trafilatura", run_trafilatura, trafilatura_records),
    Tool("htmldate", HTMLDATE_FIELDS, "htmldate", run_htmldate, htmldate_records),
]


def tool(name: str) -> Tool:
    for t in TOOLS:
        if t.name == name:
            return t
    raise KeyError(f"unknown tool {name!r}: one of {', '.join(t.name for t in TOOLS)}")


@contextmanager
def quiet_logging():
    """No log lines while the tools run (trafilatura and htmldate log each page they find little in; our extractor
    logs what it skips): the table is the output. The previous logging state is restored on exit."""
    previous = logging.root.manager.disable
    logging.disable(logging.CRITICAL)
    try:
        yield
    finally:
        logging.disable(previous)
