"""What an hourly `crawl --front-pages` costs against a full incremental run, and how
fast the `placements` table grows.

Serves a replica (edition 1), crawls it into a new archive (the first run, not
measured), then runs, interleaved, an incremental run and a `--front-pages` run of the
same unchanged site (A, B, A, B...): requests, wall time and CPU time (the crawl
process, from wait4) of each, medians. Then 24 hourly `--front-pages` runs, the replica
restarted at hour 0..23 of edition 1 on the same port: rows added to `placements` per
run. Prints both tables.

    .venv/bin/python bench/frontpage.py [--articles 2000] [--rounds 2] [--hours 24] [--write]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import REPO_ROOT, markdown_table, write_doc_section
from measured_runs import crawl_command, run_measured

sys.path.insert(0, str(REPO_ROOT))

from newsarchive.replica import start_replica_process

PAGE_KB = 40


def crawl(db: Path, base_url: str, work: Path, name: str, *options: str) -> dict:
    stats_path = work / f"{name}.json"
    started = time.perf_counter()
    command = crawl_command(
        base_url, db, stats_path, "--max-failure-rate", "1", *options
    )
    code, cpu, _rss, tail = run_measured(command, cwd=work)
    wall = time.perf_counter() - started
    if not stats_path.exists():
        raise SystemExit(f"{name}: crawl failed ({code}):\n{tail}")
    stats = json.loads(stats_path.read_text())["stats"]
    return {
        "requests": stats.get("downloader/request_count", 0),
        "wall": wall,
        "cpu": cpu,
        "front_pages": stats.get("newsarchive/placements/pages", 0),
    }


def placement_rows(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT count(*) FROM placements").fetchone()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--hours", type=int, default=24)
    parser.add_argument(
        "--write", action="store_true", help="update docs/benchmarks.md"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-frontpage-") as tmp:
        work = Path(tmp)
        db = work / "archive.sqlite"
        replica = start_replica_process(articles=args.articles, page_kb=PAGE_KB)
        base_url = replica.base_url
        port = int(base_url.rsplit(":", 1)[1])
        try:
            first = crawl(db, base_url, work, "first")
            runs: dict[str, list[dict]] = {"incremental": [], "front-pages": []}
            for round_number in range(args.rounds):
                runs["incremental"].append(
                    crawl(db, base_url, work, f"incremental{round_number}")
                )
                runs["front-pages"].append(
                    crawl(db, base_url, work, f"front{round_number}", "--front-pages")
                )
        finally:
            replica.stop()
        growth = []
        for hour in range(args.hours):
            replica = start_replica_process(
                articles=args.articles, page_kb=PAGE_KB, port=port,
                extra_args=("--hour", str(hour)),
            )  # fmt: skip
            try:
                before = placement_rows(db)
                run = crawl(db, base_url, work, f"hour{hour}", "--front-pages")
                growth.append((hour, placement_rows(db) - before, run))
            finally:
                replica.stop()
    cost = markdown_table(
        ["run", "requests", "wall s (median)", "CPU s (median)", "front pages"],
        [
            [
                name,
                statistics.median(r["requests"] for r in measured),
                f"{statistics.median(r['wall'] for r in measured):.1f}",
                f"{statistics.median(r['cpu'] for r in measured):.1f}",
                measured[0]["front_pages"],
            ]
            for name, measured in runs.items()
        ],
    )
    added = [rows for _, rows, _ in growth]
    table = markdown_table(
        ["hour", "rows added", "requests", "wall s"],
        [[h, rows, r["requests"], f"{r['wall']:.1f}"] for h, rows, r in growth],
    )
    body = (
        f"`.venv/bin/python bench/frontpage.py --articles {args.articles} --rounds "
        f"{args.rounds} --hours {args.hours}`: a {args.articles}-article replica "
        f"({PAGE_KB} KB pages), first run {first['requests']} requests in "
        f"{first['wall']:.0f} s. Unchanged site, runs interleaved (incremental, "
        f"front-pages, ...), medians of {args.rounds}; CPU is the crawl process's "
        "(wait4).\n\n"
        f"{cost}\n\n"
        f"Then {args.hours} hourly `--front-pages` runs (the replica at hours 0..."
        f"{args.hours - 1} of edition 1): {sum(added)} rows in all, "
        f"{statistics.mean(added):.1f} per run on average (an unchanged page adds "
        "none; hour 0 repeats the page the earlier runs saw).\n\n"
        f"{table}\n"
    )
    print(body)
    if args.write:
        write_doc_section("Front-page runs", body)


if __name__ == "__main__":
    main()
