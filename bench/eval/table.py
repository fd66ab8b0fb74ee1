"""The scorecard as text (rows = fields, columns = tools per family and overall) and as JSON."""
from __future__ import annotations

from .runner import EXTRACT, PARSE
from .scoring import FIELDS, OVERALL

SHORT = {"ours": "ours", "trafilatura": "traf.", "htmldate": "hdate"}
CELL = 6
GAP = "   "


def _cell(value: float | None, fmt: str = "{:.3f}") -> str:
    return f"{'-' if value is None else fmt.format(value):>{CELL}}"


def _row(label: str, widths: dict[str, int], tools: list[str], value) -> str:
    return f"{label:20}" + GAP.join(f"{' '.join(_cell(*value(t, g)) for t in tools):>{w}}" for g, w in widths.items())


def render(report: dict) -> str:
    """The printed table: a score per field, then ms/page (median, mean) per tool, then the parse baseline."""
    tools = list(report["tools"])
    labels = {g: f"{g} ({n} posts)" for g, n in report["posts"].items()}
    widths = {g: max(len(label), len(tools) * (CELL + 1) - 1) for g, label in labels.items()}
    lines = [f"{'':20}" + GAP.join(f"{labels[g]:^{w}}" for g, w in widths.items()),
             _row("field", widths, tools, lambda t, g: (SHORT.get(t, t)[:CELL], "{}"))]
    scores = report["scores"]
    for field in FIELDS:
        if not any(field in scores[t].get(g, {}) for t in tools for g in widths):
            continue
        lines.append(_row(field, widths, tools, lambda t, g: (scores[t].get(g, {}).get(field),)))
    timing = report["ms_per_page"]
    for stat in ("median", "mean"):
        lines.append(_row(f"ms/page ({stat})", widths, tools,
                          lambda t, g: (timing.get(t, {}).get(g, {}).get(stat), "{:.1f}")))
    parse = timing.get(PARSE, {}).get(OVERALL)
    legend = ", ".join(f"{SHORT.get(t, t)} = {info.get('package', t)} {info['version']}"
                       for t, info in report["tools"].items())
    lines.append(f"{legend}; '-' = the tool does not produce that field")
    if parse:
        note = (f"lxml parse alone (charset decode + lxml.html): median {parse['median']:.1f}, "
                f"mean {parse['mean']:.1f} ms/page")
        ours = timing.get("ours", {}).get(OVERALL)
        if ours:
            note += f"; ours = {ours['mean'] / parse['mean']:.1f}x parse"
            extract = timing.get(EXTRACT, {}).get(OVERALL)
            if extract:
                note += (f" (extract_page {extract['mean']:.1f} + normalising {ours['mean'] - extract['mean']:.1f} "
                         f"ms/page)")
            traf = timing.get("trafilatura", {}).get(OVERALL)
            if traf:
                note += f", {ours['mean'] / traf['mean']:.2f}x trafilatura's time per page (means)"
        lines.append(note)
    for name, hint in report["missing"].items():
        lines.append(f"{name}: not installed, column left out (install the comparators with: {hint})")
    for name, failures in report["errors"].items():
        for file, message in failures.items():
            lines.append(f"{name} failed on {file}: {message}")
    return "\n".join(lines)
