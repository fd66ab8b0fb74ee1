"""Coverage report of an archive: posts and comments per month, timeline gaps, missing fields, duplicates, errors.

The report is what an archivist reads after a crawl to see what is missing: a month with no posts inside a
blog's active years is how a pagination failure shows, a post whose page announced more comments than were
harvested is how a lost comment page shows. ``build_report`` returns a plain JSON-ready dict (the JSON summary);
``normalise.report_html`` renders the same dict as a self-contained HTML page.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Optional

from .comments import flatten
from .schema import Post

REPORT_VERSION = 1
#: How many example URLs each list in the report keeps (counts are always complete).
MAX_URLS = 50

# Checks for fields missing from a post, in report order: (name, what the archivist is told, test on the Post).
MISSING_FIELD_CHECKS = [
    ("title", "no title", lambda p: not p.title.strip()),
    ("published", "no publication date", lambda p: p.published is None),
    ("authors", "no author named", lambda p: not p.authors),
    ("content", "empty body", lambda p: not p.content_text.strip()),
    ("full_text", "only an excerpt of the body", lambda p: p.is_excerpt),
    ("comments", "fewer comments than the page announced",
     lambda p: p.comments_declared is not None
     and p.comment_count + len(p.comments_removed) < p.comments_declared),
    ("comment_dates", "comments without a date", lambda p: any(c.published is None for c in flatten(p.comments))),
]


@dataclass
class CrawlError:
    """A URL the crawl could not harvest, and why (one line of a crawl's errors file)."""

    kind: str
    url: str
    detail: str = ""


@dataclass
class ReportInputs:
    """What a report is built from besides the posts: names of the inputs, crawl errors, normalising counts."""

    sources: list[str] = field(default_factory=list)
    errors: list[CrawlError] = field(default_factory=list)
    #: Raw versions merged into another record while normalising (same post at several URLs or fetches), if known.
    merged_versions: Optional[int] = None
    #: Input lines the normaliser rejected, as (where, reason).
    rejected: list[tuple[str, str]] = field(default_factory=list)


def month_of(date: Optional[str]) -> Optional[str]:
    """'YYYY-MM' of an ISO date of month precision or finer, else None (a year alone has no month)."""
    if date and len(date) >= 7 and date[4] == "-" and date[:4].isdigit() and date[5:7].isdigit():
        return date[:7]
    return None


def month_range(first: str, last: str) -> list[str]:
    """Every 'YYYY-MM' from first to last inclusive."""
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while (year, month) <= (int(last[:4]), int(last[5:7])):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def timeline(posts: list[Post]) -> tuple[list[dict], dict]:
    """Posts and comments per month, every month from the first to the last dated one; plus undated counts."""
    post_months: Counter = Counter()
    comment_months: Counter = Counter()
    undated = {"posts": 0, "comments": 0}
    for post in posts:
        month = month_of(post.published)
        if month:
            post_months[month] += 1
        elif post.post_type == "post":
            undated["posts"] += 1
        for comment in flatten(post.comments):
            cmonth = month_of(comment.published)
            if cmonth:
                comment_months[cmonth] += 1
            else:
                undated["comments"] += 1
    months = sorted(set(post_months) | set(comment_months))
    if not months:
        return [], undated
    rows = [{"month": m, "posts": post_months[m], "comments": comment_months[m]}
            for m in month_range(months[0], months[-1])]
    return rows, undated


def gaps(rows: list[dict]) -> list[dict]:
    """Runs of months with no post between the first and the last month that has one, longest first."""
    active = [i for i, r in enumerate(rows) if r["posts"]]
    if not active:
        return []
    out, start = [], None
    for i in range(active[0], active[-1] + 1):
        if rows[i]["posts"] == 0 and start is None:
            start = i
        elif rows[i]["posts"] and start is not None:
            out.append({"from": rows[start]["month"], "to": rows[i - 1]["month"], "months": i - start})
            start = None
    return sorted(out, key=lambda g: (-g["months"], g["from"]))


def missing_fields(posts: list[Post]) -> list[dict]:
    """For each check in MISSING_FIELD_CHECKS: how many posts fail it, and example URLs."""
    out = []
    for name, label, failing in MISSING_FIELD_CHECKS:
        urls = [p.url for p in posts if p.post_type == "post" and failing(p)]
        out.append({"field": name, "label": label, "count": len(urls), "urls": urls[:MAX_URLS]})
    return out


def duplicates(posts: list[Post], merged_versions: Optional[int]) -> dict:
    """What de-duplication removed or linked: URL variants, merged versions, near-duplicates, repeated comments."""
    near = [{"url": p.url, "id": p.id, "duplicate_of": p.duplicate_of} for p in posts if p.duplicate_of]
    return {
        "merged_versions": merged_versions,
        "url_variants": sum(len(p.seen_at) for p in posts),
        "near_duplicates": len(near),
        "near_duplicate_posts": near[:MAX_URLS],
        "repeated_comments_removed": sum(len(p.comments_removed) for p in posts),
    }


def errors_by_kind(errors: Iterable[CrawlError], rejected: list[tuple[str, str]]) -> list[dict]:
    """Crawl errors and rejected input lines grouped by kind, most frequent first, each with its URLs."""
    groups: dict[str, list[str]] = {}
    for err in errors:
        groups.setdefault(err.kind, []).append(err.url)
    for where, _reason in rejected:
        groups.setdefault("rejected_record", []).append(where)
    return [{"kind": kind, "count": len(urls), "urls": urls[:MAX_URLS]}
            for kind, urls in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))]


def build_report(posts: list[Post], inputs: Optional[ReportInputs] = None) -> dict:
    """The JSON summary of an archive (see the module docstring); deterministic for the same input."""
    inputs = inputs or ReportInputs()
    rows, undated = timeline(posts)
    comments = [c for p in posts for c in flatten(p.comments)]
    sites = sorted({p.site.base_url for p in posts})
    return {
        "report_version": REPORT_VERSION,
        "sources": list(inputs.sources),
        "sites": sites,
        "totals": {
            "posts": sum(1 for p in posts if p.post_type == "post"),
            "pages": sum(1 for p in posts if p.post_type == "page"),
            "comments": len(comments),
            "replies": sum(1 for c in comments if c.parent_id),
            "undated_posts": undated["posts"],
            "undated_comments": undated["comments"],
            "first_month": rows[0]["month"] if rows else None,
            "last_month": rows[-1]["month"] if rows else None,
        },
        "months": rows,
        "gaps": gaps(rows),
        "missing_fields": missing_fields(posts),
        "duplicates": duplicates(posts, inputs.merged_versions),
        "errors": errors_by_kind(inputs.errors, inputs.rejected),
    }
