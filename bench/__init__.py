"""Benchmarks: `make bench` (python -m bench) runs every bench module and prints its rows."""
