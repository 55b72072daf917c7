"""Benchmarks: `make bench` (`python -m bench`) measures issue 10's figures in a real kernel and
real JupyterLab/Chromium and writes RESULTS.md; `python -m bench --tiny` runs each once, small."""
