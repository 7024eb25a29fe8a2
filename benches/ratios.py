#!/usr/bin/env python3
"""Prints criterion's medians as ratios against `ours`, one table per benchmark group.

Run after `cargo bench --manifest-path benches/Cargo.toml`. A ratio above 1 means the
peer took that many times longer than primo-events in the same run.
"""
import json
import pathlib
import sys

root = pathlib.Path(__file__).resolve().parent / "target" / "criterion"
if not root.is_dir():
    sys.exit(f"no criterion results under {root}: run cargo bench first")


def median_ns(path):
    with open(path / "new" / "estimates.json") as f:
        return json.load(f)["median"]["point_estimate"]


def throughput(path):
    with open(path / "new" / "benchmark.json") as f:
        return json.load(f)["throughput"]["Elements"]


for group in sorted(p for p in root.iterdir() if p.is_dir() and p.name != "report"):
    results = {
        p.name: p for p in group.iterdir() if (p / "new" / "estimates.json").exists()
    }
    if "ours" not in results:
        continue
    # Only peers measured in the same run as ours: criterion keeps results of benchmarks
    # that no longer exist.
    run = (results["ours"] / "new" / "estimates.json").stat().st_mtime
    results = {
        name: p
        for name, p in results.items()
        if abs((p / "new" / "estimates.json").stat().st_mtime - run) < 3600
    }
    per_query = {name: median_ns(p) / throughput(p) for name, p in results.items()}
    ours = per_query["ours"]
    print(f"\n{group.name}: ours {ours:.2f} ns per lookup (median)")
    for name, ns in sorted(per_query.items(), key=lambda item: item[1]):
        if name != "ours":
            print(f"  {name:<12} {ns:8.2f} ns   {ns / ours:6.2f}x")
