"""Benchmarks of the map page against the naive way of drawing it; run `python -m benchmarks`."""
