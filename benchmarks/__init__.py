"""Benchmarks: every timing is a ratio to floors measured in the same run (see README)."""
