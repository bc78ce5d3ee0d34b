"""Benchmarks of Concierge: how well it understands and how fast it answers (``scripts/bench``)."""
