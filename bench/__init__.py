"""Benchmark scripts and the extraction scorecard (bench/eval.py); figures are measured against a baseline in the same run."""
