"""Reading a fault crawl: its fault-log lines and stats, each fault's URLs and outcome, and the closing table."""
from __future__ import annotations

import re
from collections import Counter

from .blog import ACCENTED, SITE_FAULT_PATHS, Fault

LOG_LINE = re.compile(r"\[harvester\.faultlog\] \w+: harvest (failed|recovered|repaired) \[(\w+)\] (\S+?)(?=: |$)", re.M)
STAT = re.compile(r"'harvest/(failed|recovered|repaired)/(\w+)': (\d+)")
SUMMARY = "harvest faults (URLs by kind and outcome)"


def fault_log(log: str) -> list[tuple[str, str, str]]:
    """(outcome, kind, url) of every fault-log line, in order."""
    return [m.groups() for m in LOG_LINE.finditer(log)]


def fault_stats(log: str) -> Counter:
    """The harvest/<outcome>/<kind> stats of the final stats dump, as (outcome, kind) -> count."""
    dump = log[log.rfind("Dumping Scrapy stats"):]
    return Counter({(outcome, kind): int(n) for outcome, kind, n in STAT.findall(dump)})


def fault_urls(site, fault: Fault) -> list[str]:
    """The paths a fault is injected at: the post's permalink, or the redirect hops leading to it."""
    if fault.slug == "redirect-chain-target":
        return ["/go/chain-1/", "/go/chain-2/", "/go/chain-3/"]
    if fault.slug == "redirect-loop-target":
        return ["/go/loop-a/", "/go/loop-b/"]
    if fault.slug == "redirect-offsite-target":
        return ["/go/offsite/"]
    if not fault.slug:
        return [SITE_FAULT_PATHS[fault.kind]] if fault.kind in SITE_FAULT_PATHS else []
    return [site.path_of(fault.slug)]


def logged_as(crawl, fault: Fault) -> list[str]:
    """The fault-log entries ('outcome/kind') naming the URL the crawl asked for."""
    paths = fault_urls(crawl["site"], fault)
    if not paths:
        return []
    url = crawl["base"] + paths[0]
    return [f"{outcome}/{kind}" for outcome, kind, logged_url in crawl["faults"] if logged_url == url]


def requests_for(site, fault: Fault) -> int:
    """How often the server was asked for the fault's URLs (the REST fault: any API URL)."""
    if fault.kind.startswith("REST"):
        return sum(n for path, n in site.hits.items() if path.startswith("/wp-json"))
    return sum(site.hits[p] for p in fault_urls(site, fault))


def calendar_requests(site) -> int:
    return sum(n for path, n in site.hits.items() if path.startswith("/events/"))


def outcome(crawl, fault: Fault) -> str:
    """What happened to a fault, in words, from the server's request counts, the archive and the fault log."""
    site, records = crawl["site"], crawl["records"]
    hits = requests_for(site, fault)
    entries = logged_as(crawl, fault)
    entry = entries[0] if entries else ""
    record = records.get(site.path_of(fault.slug)) if fault.slug else None
    if fault.kind == "off-site links":
        hosts = {h for h, _ in site.requests} - {site.host}
        return f"no off-site request{'; LEAK ' + str(hosts) if hosts else ''}"
    if fault.kind == "infinite calendar":
        n = calendar_requests(site)
        return f"{n} month pages fetched" + (" (calendar widgets are not followed)" if n == 0 else "")
    if "XXE" in fault.kind or "laughs" in fault.kind:
        return "entities never expanded or fetched; document read without them"
    if fault.slug == "charset-mojibake":
        return "in output as sent (mojibake kept)" if record and ACCENTED not in record["title"] else "in output"
    if entry.startswith("recovered"):
        retries = hits - 1
        return f"retried {retries} time{'s' * (retries != 1)}, recovered, in output" if record else "recovered, LOST"
    if entry.startswith("failed"):
        if fault.kind.startswith("REST"):
            return f"{hits} API requests given up at once; the blog read from its HTML pages (logged)"
        return f"given up after {hits} request{'s' * (hits != 1)}" + (", yet in output" if record else "")
    if entry.startswith("repaired"):
        return "repaired, in output" if record else "repaired, LOST"
    return "in output" if record else ("not in output" if fault.slug else "-")


def table(crawl, faults: list[Fault], width: int = 0) -> tuple[list[str], list[str]]:
    """The report table's lines, and the kinds whose fault-log entry differs from the catalogue's."""
    site = crawl["site"]
    rows, wrong = [], []
    for fault in faults:
        entries = logged_as(crawl, fault)
        shown = ", ".join(entries) or "-"
        under_test = [e for e in entries if e != "recovered/timeout" or fault.logged == "recovered/timeout"]
        if under_test != ([fault.logged] if fault.logged else []):   # a page timing out once under load is no fault
            wrong.append(f"{fault.kind}: logged {shown}, expected {fault.logged or 'nothing'}")
        hits = requests_for(site, fault)
        rows.append((fault.kind, site.injected[fault.kind], hits, shown, outcome(crawl, fault)))
    width = max([width] + [len(r[0]) for r in rows])
    lines = [f"{'fault kind':<{width}} | injected | requests | fault log                  | outcome",
             "-" * (width + 90)]
    lines += [f"{kind:<{width}} | {inj:>8} | {hits:>8} | {shown:<26} | {what}" for kind, inj, hits, shown, what in rows]
    return lines, wrong
