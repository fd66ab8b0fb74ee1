"""Render a coverage report (normalise.report) as one self-contained HTML page: inline SVG charts, no script."""
from __future__ import annotations

import json
from html import escape
# Chart geometry and colours (the browser test looks for these colours in the screenshot).
WIDTH, PANEL_HEIGHT, LEFT, BOTTOM = 1000, 170, 48, 22
#: Up to this many months every month is labelled on the axis; beyond it only years.
MONTH_LABELS_UP_TO = 18
POST_COLOUR, COMMENT_COLOUR, GAP_COLOUR = "#1f5fbf", "#2e8b57", "#f8d3cf"

CSS = """
body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1060px;color:#1b1b1b;padding:0 1em}
h1{font-size:1.5em;margin-bottom:.2em} h2{font-size:1.15em;margin-top:1.8em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.5em 0} td,th{padding:.25em .8em;border-bottom:1px solid #eee;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums} .muted{color:#666} .bad{color:#a40000;font-weight:600}
details{margin:.2em 0} summary{cursor:pointer} ul.urls{margin:.2em 0 .6em;font-size:.9em;word-break:break-all}
svg text{font:11px system-ui,sans-serif;fill:#444} .legend span{display:inline-block;width:.9em;height:.9em;
margin:0 .3em 0 1em;vertical-align:middle}
"""


def _panel(rows: list[dict], key: str, colour: str, label: str, top: int) -> list[str]:
    """One bar chart panel (posts or comments per month) with gap months shaded behind the bars."""
    n = len(rows)
    plot_w = WIDTH - LEFT - 10
    step = plot_w / n
    bar = max(step * 0.8, 1.0)
    peak = max((r[key] for r in rows), default=0) or 1
    height = PANEL_HEIGHT - BOTTOM - 14
    base = top + 14 + height
    active = [i for i, r in enumerate(rows) if r["posts"]]
    out = [f'<text x="{LEFT}" y="{top + 10}">{escape(label)} (max {peak} in a month)</text>',
           f'<line x1="{LEFT}" y1="{base}" x2="{WIDTH - 10}" y2="{base}" stroke="#999"/>']
    for i, r in enumerate(rows):
        x = LEFT + i * step
        if active and active[0] < i < active[-1] and not r["posts"]:
            out.append(f'<rect class="gap" x="{x:.1f}" y="{top + 14}" width="{step:.2f}" height="{height}" '
                       f'fill="{GAP_COLOUR}"><title>{r["month"]}: no posts</title></rect>')
        if r[key]:
            h = max(r[key] / peak * height, 1.5)
            out.append(f'<rect class="{key}" x="{x + (step - bar) / 2:.1f}" y="{base - h:.1f}" width="{bar:.2f}" '
                       f'height="{h:.1f}" fill="{colour}"><title>{r["month"]}: {r[key]} {key}</title></rect>')
    every_month = n <= MONTH_LABELS_UP_TO
    for i, r in enumerate(rows):  # a tick and label at every month of a short range, else at each January
        if every_month or r["month"].endswith("-01") or i == 0:
            x = LEFT + i * step
            out.append(f'<line x1="{x:.1f}" y1="{base}" x2="{x:.1f}" y2="{base + 4}" stroke="#999"/>')
            out.append(f'<text x="{x + 2:.1f}" y="{base + 15}">{r["month"] if every_month else r["month"][:4]}</text>')
    out.append(f'<text x="{LEFT - 6}" y="{base - height + 4}" text-anchor="end">{peak}</text>')
    out.append(f'<text x="{LEFT - 6}" y="{base}" text-anchor="end">0</text>')
    return out


def chart(rows: list[dict]) -> str:
    """Posts per month above comments per month, sharing the month axis; empty months inside the range shaded."""
    if not rows:
        return '<p class="muted">No dated posts or comments: nothing to chart.</p>'
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{WIDTH}" height="{2 * PANEL_HEIGHT}" '
             f'viewBox="0 0 {WIDTH} {2 * PANEL_HEIGHT}" aria-label="Posts and comments per month">']
    parts += _panel(rows, "posts", POST_COLOUR, "Posts per month", 0)
    parts += _panel(rows, "comments", COMMENT_COLOUR, "Comments per month", PANEL_HEIGHT)
    parts.append("</svg>")
    legend = (f'<p class="legend"><span style="background:{POST_COLOUR}"></span>posts'
              f'<span style="background:{COMMENT_COLOUR}"></span>comments'
              f'<span style="background:{GAP_COLOUR}"></span>month with no post inside the blog\'s active range</p>')
    return "\n".join(parts) + legend


def _urls(urls: list[str], count: int) -> str:
    items = "".join(f"<li>{escape(u)}</li>" for u in urls)
    more = f'<li class="muted">… and {count - len(urls)} more</li>' if count > len(urls) else ""
    return f'<details><summary>URLs</summary><ul class="urls">{items}{more}</ul></details>' if items else ""


def _table(head: list[str], rows: list[list[str]]) -> str:
    th = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(row) + "</tr>" for row in rows)
    return f"<table><tr>{th}</tr>{body}</table>"


def _n(value) -> str:
    return f'<td class="n">{"—" if value is None else escape(str(value))}</td>'


def render(report: dict, title: str = "Coverage report") -> str:
    """The whole HTML page for a report dict from normalise.report.build_report."""
    t = report["totals"]
    span = f"{t['first_month']} to {t['last_month']}" if t["first_month"] else "no dated content"
    sites = ", ".join(escape(s) for s in report["sites"]) or "no site"
    gap_rows = [[f"<td>{escape(g['from'])}</td>", f"<td>{escape(g['to'])}</td>", _n(g["months"])]
                for g in report["gaps"]]
    miss_rows = [[f"<td>{escape(m['label'])}</td>",
                  f'<td class="n{" bad" if m["count"] else ""}">{m["count"]}</td>',
                  f"<td>{_urls(m['urls'], m['count'])}</td>"] for m in report["missing_fields"]]
    d = report["duplicates"]
    dup_rows = [["<td>raw versions merged into one record</td>", _n(d["merged_versions"])],
                ["<td>other URLs of the same post (seen_at)</td>", _n(d["url_variants"])],
                ["<td>near-duplicate posts linked (duplicate_of)</td>", _n(d["near_duplicates"])],
                ["<td>repeated comments removed</td>", _n(d["repeated_comments_removed"])]]
    err_rows = [[f"<td>{escape(e['kind'])}</td>", f'<td class="n bad">{e["count"]}</td>',
                 f"<td>{_urls(e['urls'], e['count'])}</td>"] for e in report["errors"]]
    data = json.dumps(report, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="muted">{sites} · {span} · from {escape(", ".join(report["sources"]) or "records")}</p>',
        _table(["posts", "pages", "comments", "replies", "undated posts", "undated comments"],
               [[_n(t["posts"]), _n(t["pages"]), _n(t["comments"]), _n(t["replies"]),
                 _n(t["undated_posts"]), _n(t["undated_comments"])]]),
        "<h2>Timeline</h2>", chart(report["months"]),
        "<h2>Gaps (months with no post)</h2>",
        _table(["from", "to", "months"], gap_rows) if gap_rows else '<p class="muted">No gap.</p>',
        "<h2>Fields missing per post</h2>", _table(["missing", "posts", ""], miss_rows),
        "<h2>Duplicates</h2>", _table(["", "count"], dup_rows),
        "<h2>Errors</h2>",
        _table(["kind", "count", ""], err_rows) if err_rows else '<p class="muted">No error recorded.</p>',
        f'<script type="application/json" id="report-data">{data}</script>',
        "</body></html>", ""])
