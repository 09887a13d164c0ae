"""Run every benchmark in turn with modest defaults (`make bench`), then a summary.

    python bench/run_all.py [--write] [--only NAME,...] [--skip NAME,...] [--full]

Each script runs as `python bench/<name>.py` in its own process, one after the other
(they would only slow each other down on a small machine), and prints its own table.
The defaults keep the whole run to well under an hour on 2 cores; `--full` uses the
issue's sizes (10,000-article throughput, 10,000 and 100,000-article scale with the
analyst queries, 100,000-article analyst archive): hours. `--write` is passed on, so each
script replaces its own section of docs/benchmarks.md. Exits 1 if any script failed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from common import REPO_ROOT, markdown_table

BENCH_DIR = Path(__file__).resolve().parent

# (script, modest arguments, --full arguments); in the order they run.
BENCHMARKS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("replica_load", ("--articles", "2000", "--requests", "5000"), ()),
    ("parser_accuracy", ("--articles", "2000"), ()),
    ("extraction", ("--articles", "200"), ("--articles", "500")),
    ("crawl_accuracy", ("--articles", "1000"), ("--articles", "2000")),
    ("crawl_cpu", ("--pairs", "5"), ("--pairs", "7")),
    ("incremental_cost", ("--articles", "1000"), ("--articles", "2000")),
    ("soak", ("--articles", "1000"), ()),
    (
        "scale",
        ("--articles", "2000,10000"),
        ("--articles", "10000,100000", "--analyst"),
    ),
    ("analyst", ("--articles", "10000"), ("--articles", "100000")),
    ("cli_latency", ("--articles", "10000"), ("--articles", "100000")),
    ("profile_crawl", ("--articles", "500"), ("--articles", "1000")),
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--write", action="store_true", help="update docs/benchmarks.md"
    )
    parser.add_argument("--full", action="store_true", help="the issue's sizes (hours)")
    parser.add_argument("--only", default="", help="comma-separated script names")
    parser.add_argument("--skip", default="", help="comma-separated script names")
    args = parser.parse_args()
    names = [name for name, _, _ in BENCHMARKS]
    only = set(filter(None, args.only.split(",")))
    skip = set(filter(None, args.skip.split(",")))
    if unknown := (only | skip) - set(names):
        parser.error(f"unknown benchmark(s) {', '.join(sorted(unknown))}; "
                     f"choose from {', '.join(names)}")  # fmt: skip
    rows = []
    for name, modest, full in BENCHMARKS:
        if (only and name not in only) or name in skip:
            continue
        arguments = list(full if args.full and full else modest)
        if args.write:
            arguments.append("--write")
        command = [sys.executable, str(BENCH_DIR / f"{name}.py"), *arguments]
        print(f"\n=== {name}: {' '.join(command[1:])}", flush=True)
        started = time.perf_counter()
        code = subprocess.run(
            command, cwd=REPO_ROOT, env=dict(os.environ), check=False
        ).returncode
        rows.append(
            [name, " ".join(arguments), code, f"{time.perf_counter() - started:.0f}"]
        )
    print("\n" + markdown_table(["benchmark", "arguments", "exit", "seconds"], rows, 2))
    return 1 if any(row[2] != 0 for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
