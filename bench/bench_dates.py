"""Benchmark: DateNormaliser.parse against plain dateparser (same explicit settings) on the fixture date strings."""
from __future__ import annotations

import csv
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from dateparser.date import DateDataParser

from normalise.dates import DateNormaliser, dateparser_languages, dateparser_settings

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT.parent / "shared" / "fixtures" / "MANIFEST.tsv"
FETCHED = datetime(2026, 1, 31, 12, 0, tzinfo=timezone.utc)
SEED_FORMS = [  # (string, site languages): the seeds' and README's forms beyond the manifest
    ("Saturday, September 27, 2008", []), ("Tuesday, 23 June 2009", []), ("Saturday, September 11, 2010", []),
    ("December 2012", []), ("Dydd Mawrth, 23 Mehefin 2009", ["cy"]), ("5 Ebrill 2011", ["cy"]),
    ("02.12.19", ["de"]), ("23.06.2016 um 16:14 Uhr", ["de"]), ("June 28th, 2018", []),
    ("3 weeks ago", []), ("vor 2 Tagen", ["de"]), ("12/04/2020", ["en-US"]),
]
LOOPS_OURS, LOOPS_DP, REPEATS = 2000, 20, 3


def cases() -> list[tuple[str, list[str]]]:
    rows = []
    if MANIFEST.exists():
        with MANIFEST.open(encoding="utf-8", newline="") as fh:
            rows = [(r["date_as_shown"], [r["lang"]] if r["lang"] else [])
                    for r in csv.DictReader(fh, delimiter="\t") if r["date_as_shown"].strip()]
    return rows + SEED_FORMS


def per_call_us(fn, text: str, loops: int) -> float:
    best = float("inf")
    for _ in range(REPEATS):
        start = time.perf_counter()
        for _ in range(loops):
            fn(text)
        best = min(best, (time.perf_counter() - start) / loops)
    return best * 1e6


def plain_dateparser(normaliser: DateNormaliser) -> DateDataParser:
    base = FETCHED.replace(tzinfo=None)
    return DateDataParser(languages=list(dateparser_languages(normaliser.languages)), try_previous_locales=False,
                          settings=dateparser_settings(normaliser.date_order, base, False))


def dp_value(parser: DateDataParser, text: str, precision: str | None) -> str | None:
    data = parser.get_date_data(text)
    if data.date_obj is None:
        return None
    width = {"year": 4, "month": 7}.get(precision or data.period, 10)
    return data.date_obj.date().isoformat()[:width]


def main() -> int:
    rows, total_ours, total_dp, differ, dp_none = [], 0.0, 0.0, [], []
    for text, languages in cases():
        normaliser = DateNormaliser(languages=languages, fetched_at=FETCHED)
        parser = plain_dateparser(normaliser)
        ours = normaliser.parse(text)
        theirs = dp_value(parser, text, ours.precision if ours else None)
        t_ours = per_call_us(normaliser.parse, text, LOOPS_OURS)
        t_dp = per_call_us(parser.get_date_data, text, LOOPS_DP)
        total_ours, total_dp = total_ours + t_ours, total_dp + t_dp
        mine = ours.value[:len(theirs)] if ours and theirs else (ours.value if ours else None)
        if theirs is None:
            dp_none.append(text)
        elif mine != theirs:
            differ.append((text, mine, theirs))
        rows.append((text, ours.value if ours else "-", theirs or "-", t_ours, t_dp))

    print(f"{'date string':48} {'DateNormaliser':24} {'dateparser':11} {'ours us':>8} {'dp us':>9}")
    for text, mine, theirs, t_ours, t_dp in rows:
        print(f"{text[:48]:48} {mine:24} {theirs:11} {t_ours:8.1f} {t_dp:9.1f}")
    n = len(rows)
    print(f"\nstrings: {n}   mean per call: DateNormaliser {total_ours / n:.1f} us, "
          f"dateparser {total_dp / n:.1f} us   speed-up x{total_dp / total_ours:.0f}")
    print(f"DateNormaliser found no date: {sum(1 for r in rows if r[1] == '-')}")
    print(f"dateparser found no date: {len(dp_none)}" + "".join(f"\n  {t!r}" for t in dp_none))
    print(f"days differing where dateparser found one: {len(differ)}"
          + "".join(f"\n  {t!r}: ours {a} vs dateparser {b}" for t, a, b in differ))
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
