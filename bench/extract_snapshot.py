"""Byte-identical extraction check: raw and published records of every saved page, written or compared.

A speed change must not change what is extracted. Run once before the change to write a snapshot,
and after it to compare:

    python bench/extract_snapshot.py write /tmp/before.json
    python bench/extract_snapshot.py compare /tmp/before.json

Pages: every /work/shared/fixtures/*/*.html (URL from MANIFEST.tsv) and tests/harvester/pages/*.html
(URL and fetched_at from the page's .json). For each page the snapshot holds the raw records of
harvester.extract.extract_page and the published records of harvester.commands.extract.published,
serialised as canonical JSON text, so that 'identical' means byte-identical. compare exits 1 naming
every page whose output differs (and the first differing field), 0 when all are identical.
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIXTURES = ROOT.parent / "shared" / "fixtures"
PAGES = ROOT / "tests" / "harvester" / "pages"
FETCHED_AT = "2026-12-01T00:00:00Z"  # after every fixture's dates, as in bench/eval


def pages(fixtures: Path = FIXTURES, own: Path = PAGES) -> list[tuple[str, Path, str, str]]:
    """(name, path, url, fetched_at) of every page checked, sorted by name."""
    out = []
    manifest = fixtures / "MANIFEST.tsv"
    urls = {}
    if manifest.is_file():
        with manifest.open(encoding="utf-8", newline="") as fh:
            urls = {row["file"]: row["original_url"] for row in csv.DictReader(fh, delimiter="\t")}
    for path in sorted(fixtures.glob("*/*.html")):
        name = f"{path.parent.name}/{path.name}"
        out.append((name, path, urls.get(name) or f"http://example.invalid/{path.name}", FETCHED_AT))
    for path in sorted(own.glob("*.html")):
        meta = path.with_suffix(".json")
        spec = json.loads(meta.read_text(encoding="utf-8")) if meta.is_file() else {}
        out.append((f"pages/{path.name}", path, spec.get("url") or f"http://example.invalid/{path.name}",
                    spec.get("fetched_at") or FETCHED_AT))
    return out


def extract(path: Path, url: str, fetched_at: str) -> dict[str, str]:
    """{'raw': JSON text, 'published': JSON text, 'problems': JSON text} of one page."""
    from harvester.commands.extract import published
    from harvester.extract import extract_page
    from normalise.dataio import to_dict

    raw = extract_page(path.read_bytes(), url, fetched_at=fetched_at)
    raw_text = json.dumps(raw, ensure_ascii=False, sort_keys=True)
    posts, problems = published(json.loads(raw_text)) if raw else ([], [])
    return {"raw": raw_text,
            "published": json.dumps([to_dict(p) for p in posts], ensure_ascii=False, sort_keys=True),
            "problems": json.dumps(problems, ensure_ascii=False)}


def snapshot(fixtures: Path = FIXTURES, own: Path = PAGES) -> dict[str, dict[str, str]]:
    return {name: extract(path, url, fetched_at) for name, path, url, fetched_at in pages(fixtures, own)}


def _first_difference(a: str, b: str) -> str:
    i = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    return f"at char {i}: {a[max(0, i - 60):i + 60]!r} vs {b[max(0, i - 60):i + 60]!r}"


def compare(before: dict, after: dict) -> list[str]:
    """Messages for every page missing, added or with output not byte-identical."""
    problems = []
    for name in sorted(set(before) | set(after)):
        if name not in after:
            problems.append(f"{name}: no longer checked")
        elif name not in before:
            problems.append(f"{name}: not in the snapshot")
        else:
            for part in ("raw", "published", "problems"):
                if before[name][part] != after[name][part]:
                    problems.append(f"{name}: {part} differs {_first_difference(before[name][part], after[name][part])}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["write", "compare"])
    parser.add_argument("snapshot", type=Path)
    args = parser.parse_args(argv)
    import logging
    logging.disable(logging.CRITICAL)
    current = snapshot()
    if args.mode == "write":
        args.snapshot.write_text(json.dumps(current, ensure_ascii=False, indent=0, sort_keys=True), encoding="utf-8")
        print(f"{len(current)} pages written to {args.snapshot}")
        return 0
    problems = compare(json.loads(args.snapshot.read_text(encoding="utf-8")), current)
    for problem in problems:
        print(problem)
    print(f"{len(current)} pages: {'all byte-identical' if not problems else f'{len(problems)} differences'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
