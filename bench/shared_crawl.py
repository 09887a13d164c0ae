"""Crawl pages/s and CPU per page: one worker vs two workers of a shared crawl
(`crawl --redis`) on one machine, against the replica, into a PostgreSQL archive.

Runs alternate (1 worker, 2 workers, 1, 2, ...), each into a fresh database; the table
gives medians. Pages/s is over the crawl's own window (the first worker's Scrapy start to
the last one's finish, from their stats: process start-up is left out); CPU per page is
every worker process's user + system time (wait4) over the pages they fetched together.
The PostgreSQL and Redis servers' own CPU is not counted. On loopback the replica answers
at once and nothing waits for politeness: this measures the crawl's own cost. On a real
site, polite delays set the pace (docs/scale-out.md).

The servers are `NEWSARCHIVE_TEST_POSTGRES_URL` / `NEWSARCHIVE_TEST_REDIS_URL`'s, else
started for the run (tests/servers.py).

    .venv/bin/python bench/shared_crawl.py [--articles 150] [--rounds 2] [--write-doc]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import datetime
from pathlib import Path

from common import REPO_ROOT, markdown_table, write_doc_section

sys.path.insert(0, str(REPO_ROOT))

from tests.servers import (
    create_database,
    drop_database,
    postgres_url,
    redis_url,
)


def _worker(directory: Path, name: str, db: str, redis: str, base_url: str):
    stats_path = directory / f"{name}.json"
    command = [
        sys.executable, "-m", "newsarchive", "crawl", "--db", db, "--redis", redis,
        "--start-url", base_url + "/", "--stats-json", str(stats_path),
    ]  # fmt: skip
    process = subprocess.Popen(
        command, cwd=directory, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        env=dict(os.environ, NEWSARCHIVE_DB="", PYTHONPATH=str(REPO_ROOT)),
    )  # fmt: skip
    return process, stats_path


def _instant(value: str) -> datetime:
    return datetime.fromisoformat(value)


def crawl_once(workers: int, server: str, redis: str, base_url: str) -> dict:
    db = create_database(server, prefix="bench_shared")
    try:
        with tempfile.TemporaryDirectory(prefix="bench-shared-") as tmp:
            directory = Path(tmp)
            started = []
            for index in range(workers):
                started.append(_worker(directory, f"w{index}", db, redis, base_url))
                time.sleep(0.3)  # the first leads; the others join its crawl
            cpu = 0.0
            for process, _ in started:
                _, status, usage = os.wait4(process.pid, 0)
                code = os.waitstatus_to_exitcode(status)
                if code != 0:
                    raise SystemExit(
                        f"worker exit {code}: {process.stderr.read()[-2000:]}"
                    )
                cpu += usage.ru_utime + usage.ru_stime
            stats = [json.loads(path.read_text())["stats"] for _, path in started]
    finally:
        drop_database(db)
    pages = sum(s.get("downloader/response_count", 0) for s in stats)
    window = (
        max(_instant(s["finish_time"]) for s in stats)
        - min(_instant(s["start_time"]) for s in stats)
    ).total_seconds()
    return {
        "pages": pages,
        "seconds": window,
        "pages_per_second": pages / window,
        "cpu_ms_per_page": 1000 * cpu / pages,
        "shares": [s.get("downloader/response_count", 0) for s in stats],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=150)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--write-doc", action="store_true")
    args = parser.parse_args()

    from newsarchive.replica import start_replica_process

    results: dict[int, list[dict]] = {1: [], 2: []}
    with ExitStack() as stack:
        server = stack.enter_context(postgres_url())
        redis = stack.enter_context(redis_url())
        replica = stack.enter_context(
            start_replica_process(articles=args.articles, page_kb=20, port=0)
        )
        for round_number in range(args.rounds):
            for workers in (1, 2):
                result = crawl_once(workers, server, redis, replica.base_url)
                results[workers].append(result)
                print(
                    f"round {round_number + 1}, {workers} worker(s): "
                    f"{result['pages']} pages in {result['seconds']:.1f} s, "
                    f"{result['pages_per_second']:.1f} pages/s, "
                    f"{result['cpu_ms_per_page']:.1f} CPU ms/page, "
                    f"shares {result['shares']}",
                    file=sys.stderr,
                )

    def median(workers: int, key: str) -> float:
        return statistics.median(r[key] for r in results[workers])

    rows = []
    for workers in (1, 2):
        rows.append([
            f"{workers} worker{'s' if workers > 1 else ''}",
            f"{median(workers, 'pages'):.0f}",
            f"{median(workers, 'pages_per_second'):.1f}",
            f"{median(workers, 'cpu_ms_per_page'):.1f}",
        ])  # fmt: skip
    speed = median(2, "pages_per_second") / median(1, "pages_per_second")
    cost = median(2, "cpu_ms_per_page") / median(1, "cpu_ms_per_page")
    table = markdown_table(["crawl", "pages", "pages/s", "CPU ms/page"], rows)
    cores = os.cpu_count()
    body = (
        f"`bench/shared_crawl.py --articles {args.articles} --rounds {args.rounds}`: "
        f"the replica ({args.articles} articles) crawled into a fresh PostgreSQL "
        f"archive by one worker, then by two workers of a shared crawl (`crawl "
        f"--redis`), alternately, on one machine ({cores} cores, shared with other "
        f"work); medians of {args.rounds} runs each. Pages/s over the crawl's window "
        "(start-up left out); CPU per page: all worker processes (wait4), not the "
        "servers'. Both rows are shared-crawl workers; the two cores also run the "
        "replica, PostgreSQL and Redis, so a second worker has little free CPU to "
        "use here.\n\n"
        f"{table}\n\n"
        f"Two workers: {speed:.2f}x the pages/s of one, at {cost:.2f}x the CPU per "
        "page (each worker's start-up is in its CPU time, and every request makes "
        "Redis round trips for the shared queue and dupefilter). On loopback "
        "nothing waits; on a real site polite delays set the pace (about one request "
        "per second per worker), so a second worker on the same site doubles the load "
        "on it and is only worth it for many sites (docs/scale-out.md)."
    )
    print(table)
    print(body.rsplit("\n\n", 1)[-1])
    if args.write_doc:
        write_doc_section("Shared crawl: one worker vs two", body)


if __name__ == "__main__":
    main()
