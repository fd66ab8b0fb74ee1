"""Normalise a stream of raw (or already published) records into one merged, de-duplicated archive."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Iterable

from .comments import count
from .dataio import RecordError, from_dict, to_dict
from .dedupe import link_near_duplicates, merge_posts
from .jsonl import Line, dumps
from .record import NormaliseError, cap_reply_depth, normalise_dict
from .schema import SCHEMA_VERSION, Post


@dataclass
class Rejected:
    """An input line that could not be normalised, and why."""

    where: str
    reason: str
    text: str


@dataclass
class Summary:
    """Counts reported at the end of a run."""

    lines: int = 0
    raw_records: int = 0
    published_records: int = 0
    posts: int = 0
    pages: int = 0
    comments: int = 0
    merged_versions: int = 0
    near_duplicates: int = 0
    repeated_comments_removed: int = 0
    rejected: list[Rejected] = field(default_factory=list)

    def text(self) -> str:
        return (f"{self.posts - self.pages} posts, {self.pages} pages, {self.comments} comments; {self.merged_versions} duplicate versions merged, "
                f"{self.near_duplicates} near-duplicates linked, {self.repeated_comments_removed} repeated comments "
                f"removed; {len(self.rejected)} rejected of {self.lines} lines")


def record_from_line(value: dict) -> Post:
    """A Post from a raw record or from an already published record (for re-merging an archive)."""
    if "schema_version" in value:
        if value["schema_version"] != SCHEMA_VERSION:
            raise NormaliseError(f"$.schema_version: {value['schema_version']!r:.20} is not {SCHEMA_VERSION}")
        try:
            return from_dict(Post, value)
        except RecordError as exc:
            raise NormaliseError(str(exc)) from exc
    return normalise_dict(value)


def normalise_lines(lines: Iterable[Line], summary: Summary, progress=None) -> list[Post]:
    """Every accepted line as a Post, then merged and near-duplicates linked; bad lines go to summary."""
    posts: list[Post] = []
    for line in lines:
        summary.lines += 1
        if progress is not None:
            progress(summary.lines)
        if line.error is not None:
            summary.rejected.append(Rejected(line.where, line.error, line.text))
            continue
        try:
            post = record_from_line(line.value)
        except (NormaliseError, RecordError) as exc:
            summary.rejected.append(Rejected(line.where, str(exc), line.text))
            continue
        if "schema_version" in line.value:
            summary.published_records += 1
        else:
            summary.raw_records += 1
        posts.append(post)
    return finish(posts, summary)


def finish(posts: list[Post], summary: Summary) -> list[Post]:
    """Merge versions of the same post, link near-duplicates and fill the summary counts."""
    merged = [replace(p, comments=cap_reply_depth(p.comments)) for p in link_near_duplicates(merge_posts(posts))]
    summary.posts = len(merged)
    summary.pages = sum(1 for p in merged if p.post_type == "page")
    summary.merged_versions = len(posts) - len(merged)
    summary.comments = sum(count(p.comments) for p in merged)
    summary.near_duplicates = sum(1 for p in merged if p.duplicate_of)
    summary.repeated_comments_removed = sum(len(p.comments_removed) for p in merged)
    return merged


def serialise(posts: Iterable[Post]) -> Iterable[str]:
    """The JSONL lines of the published archive."""
    for post in posts:
        yield dumps(to_dict(post))
