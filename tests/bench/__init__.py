"""Tests of the benchmark scripts (bench/), mirroring its modules."""
