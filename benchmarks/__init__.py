"""Speed figures for `make bench`; see bench.py."""
