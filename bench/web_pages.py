"""Reading-room page times: `newsarchive serve` on a built archive, each page fetched
in turn (interleaved rounds), median and 90th percentile wall time per page, and the
server's CPU time over the timed rounds.

    python bench/web_pages.py --articles 5000 --repeat 15
"""

from __future__ import annotations

import argparse
import logging
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.request
from contextlib import closing
from pathlib import Path
from urllib.parse import quote

from analyst_archive import ensure_archive
from common import markdown_table


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _fetch(url: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as response:
        response.read()
    return time.perf_counter() - started


def pages(db: Path) -> dict[str, str]:
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as connection:
        article_id, section = connection.execute(
            "SELECT id, section FROM articles WHERE section IS NOT NULL "
            "ORDER BY id LIMIT 1"
        ).fetchone()
    section = quote(section)
    return {
        "search page, no query": "/",
        "search 'ukraine'": "/?q=ukraine",
        "search 'ceasefire talks' + section": f"/?q=ceasefire+talks&section={section}",
        "article": f"/article/{article_id}",
        "section listing": f"/?section={section}",
        "runs": "/runs",
        "matching URLs CSV": "/-/matches.csv?q=ukraine",
        "Datasette articles table": "/{name}/articles?_col=title",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--page-kb", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    db = ensure_archive(args.articles, args.seed, args.page_kb, rebuild=args.rebuild)
    subprocess.run(
        [sys.executable, "-m", "newsarchive", "db", "upgrade", "--db", str(db)],
        check=True,
        capture_output=True,
    )
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "newsarchive",
            "serve",
            "--db",
            str(db),
            "--port",
            str(port),
        ],
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                _fetch(base + "/runs")
                break
            except OSError:
                time.sleep(0.2)
        urls = {
            name: base + path.format(name=db.stem) for name, path in pages(db).items()
        }
        for url in urls.values():  # warm the page cache and the templates
            _fetch(url)
        times: dict[str, list[float]] = {name: [] for name in urls}
        cpu_before, wall_before = _cpu_seconds(server.pid), time.perf_counter()
        for _ in range(args.repeat):
            for name, url in urls.items():
                times[name].append(_fetch(url))
        cpu = _cpu_seconds(server.pid) - cpu_before
        wall = time.perf_counter() - wall_before
    finally:
        server.terminate()
        server.wait(timeout=10)
    rows = [
        [
            name,
            f"{statistics.median(samples) * 1000:.0f}",
            f"{sorted(samples)[int(len(samples) * 0.9) - 1] * 1000:.0f}",
        ]
        for name, samples in times.items()
    ]
    print(
        f"newsarchive serve on {args.articles:,} articles ({db.name}); "
        f"{args.repeat} interleaved rounds\n"
    )
    print(markdown_table(["page", "median ms", "p90 ms"], rows))
    print(
        f"\nserver CPU {cpu:.2f} s over {wall:.2f} s wall "
        f"({cpu / wall:.0%} of one core) for {args.repeat * len(urls)} requests"
    )


if __name__ == "__main__":
    main()
