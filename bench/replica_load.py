"""Replica throughput under concurrent GETs (not a test: prints a table).

    python bench/replica_load.py [--articles 2000] [--requests 5000] [--concurrency 64]
                                 [--page-kb 120] [--write]

Starts a replica subprocess on loopback, then fetches with a bounded aiohttp client:
cold article pages (each rendered for the first time), hot article pages (a set small enough
for the render cache) and index pages. The client shares the machine's cores with the server.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from pathlib import Path

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import markdown_table, write_doc_section

from newsarchive.replica import Corpus, start_replica_process


async def fetch_all(
    base_url: str, paths: list[str], concurrency: int
) -> tuple[float, int, list[float]]:
    """Fetch every path with at most `concurrency` in flight: wall seconds, bytes, latencies."""
    latencies: list[float] = []
    total_bytes = 0
    queue: asyncio.Queue[str] = asyncio.Queue()
    for path in paths:
        queue.put_nowait(path)
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def worker() -> None:
            nonlocal total_bytes
            while not queue.empty():
                path = queue.get_nowait()
                started = time.perf_counter()
                async with session.get(
                    base_url + path, allow_redirects=False
                ) as response:
                    body = await response.read()
                    if response.status != 200:
                        raise RuntimeError(f"{path}: HTTP {response.status}")
                latencies.append(time.perf_counter() - started)
                total_bytes += len(body)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return time.perf_counter() - started, total_bytes, latencies


def row(
    label: str, paths: list[str], result: tuple[float, int, list[float]]
) -> list[str]:
    seconds, size, latencies = result
    ordered = sorted(latencies)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    return [
        label,
        str(len(paths)),
        f"{len(paths) / seconds:,.0f}",
        f"{size / seconds / 1e6:,.1f}",
        f"{statistics.median(ordered) * 1000:.1f}",
        f"{p95 * 1000:.1f}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--page-kb", type=int, default=120)
    parser.add_argument(
        "--write", action="store_true", help="update docs/benchmarks.md"
    )
    args = parser.parse_args()

    corpus = Corpus(articles=args.articles, page_kb=args.page_kb)
    articles = corpus.article_paths()
    cold = (articles * (args.requests // len(articles) + 1))[
        : min(args.requests, len(articles))
    ]
    hot = (articles[-200:] * (args.requests // 200 + 1))[: args.requests]
    index_pages = [f"/?page={n}" for n in range(1, 40)] + [
        f"/qiosk/?page={n}" for n in range(1, 6)
    ]
    index = (index_pages * (args.requests // len(index_pages) + 1))[
        : args.requests // 2
    ]
    started = time.perf_counter()
    with start_replica_process(articles=args.articles, page_kb=args.page_kb) as replica:
        startup = time.perf_counter() - started
        rows = [
            row(
                "articles, first render",
                cold,
                asyncio.run(fetch_all(replica.base_url, cold, args.concurrency)),
            ),
            row(
                "articles, cached",
                hot,
                asyncio.run(fetch_all(replica.base_url, hot, args.concurrency)),
            ),
            row(
                "index pages",
                index,
                asyncio.run(fetch_all(replica.base_url, index, args.concurrency)),
            ),
        ]
    table = markdown_table(
        ["pages", "requests", "req/s", "MB/s", "p50 ms", "p95 ms"], rows
    )
    command = (
        f"python bench/replica_load.py --articles {args.articles} --requests {args.requests} "
        f"--concurrency {args.concurrency} --page-kb {args.page_kb}"
    )
    load = os.getloadavg()[0]
    notes = (
        f"{os.cpu_count()} cores, client and server on the same machine; replica of "
        f"{args.articles} articles, article pages ~{args.page_kb} KB; replica start-up "
        f"{startup:.1f} s; 1-minute load average {load:.1f} when it finished (other "
        "processes share the cores, so treat these as lower bounds)."
    )
    print(table)
    print(notes)
    if args.write:
        write_doc_section("Replica load", f"`{command}`\n\n{table}\n\n{notes}")


if __name__ == "__main__":
    main()
