"""Benchmarks: `make bench` (or `python -m bench`) measures ratios and writes RESULTS.md."""
