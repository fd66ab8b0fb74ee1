"""Gold pages of ../shared/fixtures and per-field scores, with the reference scorer's own definitions.

best_record and score_post are loaded from ../shared/tools/score.py (never re-implemented here), so a
figure printed by bench/eval.py or pinned by tests/harvester/score_baseline.json is the figure
`score.py --extract "scrapy extract"` prints: the per-post mean of each field, per family and overall.
"""
from __future__ import annotations

import csv
import fnmatch
import json
import runpy
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

ROOT = Path(__file__).resolve().parents[2]
SHARED_FIXTURES = ROOT.parent / "shared" / "fixtures"
# Column name of the all-families figure (score.py's 'per-post' column).
OVERALL = "overall"
# Fields in the order the table prints them; a field nobody scored is left out.
FIELDS = ["title", "published_day", "authors", "body_present", "boilerplate_absent",
          "comment_count", "comment_author_f1", "reply_parent", "top_level_right"]


@dataclass(frozen=True)
class GoldPage:
    """One labelled page: its file under the fixtures folder, family, original URL and gold posts."""
    file: str
    family: str
    url: str
    posts: list = field(hash=False, compare=False)

    def path(self, fixtures: Path) -> Path:
        return fixtures / self.file


@lru_cache(maxsize=None)
def scorer(fixtures: Path = SHARED_FIXTURES) -> dict:
    """The reference scorer's namespace (../shared/tools/score.py beside the fixtures folder)."""
    path = fixtures.parent / "tools" / "score.py"
    if not path.is_file():
        raise FileNotFoundError(f"reference scorer not found: {path}")
    return runpy.run_path(str(path))


def manifest_urls(fixtures: Path) -> dict[str, str]:
    """file -> original_url from MANIFEST.tsv ({} without one)."""
    path = fixtures / "MANIFEST.tsv"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["file"]: row["original_url"] for row in csv.DictReader(fh, delimiter="\t") if row.get("original_url")}


def gold_pages(fixtures: Path = SHARED_FIXTURES, family: str = "", pattern: str = "") -> list[GoldPage]:
    """Every gold-labelled page, sorted by file; family and pattern (a glob on 'family/name.html') select."""
    gold_dir = fixtures / "gold"
    if not gold_dir.is_dir():
        raise FileNotFoundError(f"no gold labels at {gold_dir}")
    urls = manifest_urls(fixtures)
    pages = []
    for path in sorted(gold_dir.glob("*/*.json")):
        try:
            gold = json.loads(path.read_text(encoding="utf-8"))
            file, posts = gold["file"], gold["posts"]
        except (ValueError, KeyError) as exc:
            raise ValueError(f"{path}: not a gold label file ({exc})") from exc
        fam = file.split("/")[0]
        if family and fam != family:
            continue
        if pattern and not (fnmatch.fnmatch(file, pattern) or fnmatch.fnmatch(Path(file).name, pattern)):
            continue
        url = urls.get(file) or "http://example.invalid/" + Path(file).name
        pages.append(GoldPage(file, fam, url, posts))
    return pages


def score_page(page: GoldPage, records: list[dict], acc: dict[str, list[float]], fixtures: Path = SHARED_FIXTURES) -> None:
    """Add each gold post's field scores to acc (field -> list of per-post scores), as score.py does."""
    ns = scorer(fixtures)
    for gold_post in page.posts:
        record = ns["best_record"](gold_post, records) if records else None
        ns["score_post"](gold_post, record, acc)


def mean_scores(acc: dict[str, list[float]], fields: Iterable[str] | None = None) -> dict[str, float]:
    """Per-post mean of each field in acc, limited to fields (None: all), in table order."""
    wanted = set(FIELDS if fields is None else fields)
    return {f: sum(acc[f]) / len(acc[f]) for f in FIELDS if f in wanted and acc.get(f)}


def score_tool(pages: list[GoldPage], records_of: Callable[[GoldPage], list[dict]],
               fields: Iterable[str] | None = None, fixtures: Path = SHARED_FIXTURES) -> dict[str, dict[str, float]]:
    """{family: {field: score}} plus OVERALL, for the records a tool gives on each page."""
    per_family: dict[str, dict[str, list[float]]] = {}
    overall: dict[str, list[float]] = {}
    for page in pages:
        records = records_of(page)
        score_page(page, records, per_family.setdefault(page.family, {}), fixtures)
        score_page(page, records, overall, fixtures)
    out = {fam: mean_scores(acc, fields) for fam, acc in sorted(per_family.items())}
    out[OVERALL] = mean_scores(overall, fields)
    return out


def post_counts(pages: list[GoldPage]) -> dict[str, int]:
    """Gold posts per family and overall."""
    counts: dict[str, int] = {}
    for page in pages:
        counts[page.family] = counts.get(page.family, 0) + len(page.posts)
    counts[OVERALL] = sum(counts.values())
    return counts
