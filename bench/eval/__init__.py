"""The extraction scorecard behind bench/eval.py: gold pages, per-tool adapters, scoring, timing and the table."""
