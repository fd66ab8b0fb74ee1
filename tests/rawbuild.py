"""Builders for raw records used across tests (invented content)."""
from __future__ import annotations

import copy

BASE = {
    "raw_version": "1",
    "url": "https://www.riverside-trust.example/2008/09/meeting-the-ministers.html",
    "site": {"base_url": "https://www.riverside-trust.example/", "platform": "blogger",
             "name": "Riverside Trust Blog", "languages": ["en-GB"]},
    "provenance": {"fetched_url": "https://www.riverside-trust.example/2008/09/meeting-the-ministers.html",
                   "fetched_at": "2024-03-01T10:00:00Z", "source": "html", "tool": "blogger",
                   "tool_version": "0.1.0", "payload_sha256": "a" * 64},
    "title": "  Meeting the   Ministers ",
    "authors": [{"name": "Posted by Ruth Evans", "url": "/profile/ruth"}],
    "categories": ["Policy", "policy", "Funding"],
    "tags": [],
    "language": "en-GB",
    "published_raw": "Saturday, September 27, 2008",
    "content_html": ("<p>We met officials from <a href='/about'>three departments</a> today.</p>"
                     "<script>alert(1)</script><p onclick='x()'>Volunteers ran the café.</p>"),
    "comments_declared": "3 comments:",
    "comments": [
        {"id": "c1", "author_name": "Janet F said...", "published_raw": "28 September 2008 09:15",
         "content_html": "<p>Thanks for going.</p>"},
        {"id": "c2", "parent_id": "c1", "author_name": "Ruth Evans", "content_html": "<p>A pleasure.</p>"},
        {"id": "c3", "author_name": "Janet F", "content_html": "<p>Thanks for going.</p>"},
    ],
}


def raw_post(**changes) -> dict:
    """A copy of BASE with top-level keys replaced; the fetched URL follows a changed url."""
    record = copy.deepcopy(BASE)
    record.update(copy.deepcopy(changes))
    if "url" in changes and "provenance" not in changes:
        record["provenance"]["fetched_url"] = changes["url"]
    return record
