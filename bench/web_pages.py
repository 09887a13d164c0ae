"""Reading-room page times: `newsarchive serve` on a built archive, each page fetched
in turn (interleaved rounds), median and 90th percentile wall time per page, and the
server's CPU time over the timed rounds.

    python bench/web_pages.py --articles 5000 --repeat 15
    python bench/web_pages.py --articles 5000 --postgresql postgresql://me@localhost/postgres

`--postgresql SERVER_URL` also copies the archive (`newsarchive db copy`, ids kept) into
a new database on that server, serves it too, and fetches every page from both servers
in the same rounds (SQLite, PostgreSQL, SQLite, ...): the two columns and their ratio.
Datasette's own table exists on SQLite only. The database is dropped at the end.
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

logger = logging.getLogger("bench.web_pages")


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


def _start_server(db: str) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "newsarchive", "serve", "--db", db, "--port", str(port)],
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            _fetch(base + "/runs")
            break
        except OSError:
            time.sleep(0.2)
    return server, base


def _copy_to_postgres(db: Path, server_url: str) -> str:
    import psycopg

    name = "newsarchive_bench_web"
    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    url = server_url.rpartition("/")[0] + "/" + name
    subprocess.run(
        [sys.executable, "-m", "newsarchive", "db", "copy", "--from", str(db),
         "--to", url],
        check=True, capture_output=True,
    )  # fmt: skip
    return url


def _drop(url: str) -> None:
    import psycopg

    server_url, _, name = url.rpartition("/")
    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--page-kb", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument(
        "--postgresql", metavar="SERVER_URL", help="also serve a copy on this server"
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    db = ensure_archive(args.articles, args.seed, args.page_kb, rebuild=args.rebuild)
    subprocess.run(
        [sys.executable, "-m", "newsarchive", "db", "upgrade", "--db", str(db)],
        check=True,
        capture_output=True,
    )
    archives = {"SQLite": str(db)}
    if args.postgresql:
        logger.info("copying the archive to PostgreSQL")
        archives["PostgreSQL"] = _copy_to_postgres(db, args.postgresql)
    servers: dict[str, subprocess.Popen] = {}
    try:
        urls: dict[tuple[str, str], str] = {}
        for engine, archive in archives.items():
            servers[engine], base = _start_server(archive)
            for name, path in pages(db).items():
                if engine != "SQLite" and name.startswith("Datasette"):
                    continue  # Datasette opens SQLite files only
                urls[name, engine] = base + path.format(name=db.stem)
        for url in urls.values():  # warm the page cache and the templates
            _fetch(url)
        times: dict[tuple[str, str], list[float]] = {key: [] for key in urls}
        cpu_before = {e: _cpu_seconds(server.pid) for e, server in servers.items()}
        wall_before = time.perf_counter()
        for _ in range(args.repeat):
            for key, url in urls.items():
                times[key].append(_fetch(url))
        cpu = {
            engine: _cpu_seconds(server.pid) - cpu_before[engine]
            for engine, server in servers.items()
        }
        wall = time.perf_counter() - wall_before
    finally:
        for server in servers.values():
            server.terminate()
            server.wait(timeout=10)
        if "PostgreSQL" in archives:
            _drop(archives["PostgreSQL"])
    names = list(dict.fromkeys(name for name, _ in urls))
    engines = list(archives)
    headers = ["page"]
    for engine in engines:
        headers += [f"{engine} median ms", f"{engine} p90 ms"]
    if len(engines) > 1:
        headers.append("PostgreSQL / SQLite")
    rows = []
    for name in names:
        row = [name]
        medians = {}
        for engine in engines:
            samples = times.get((name, engine))
            if not samples:
                row += ["-", "-"]
                continue
            medians[engine] = statistics.median(samples)
            row += [
                f"{medians[engine] * 1000:.0f}",
                f"{sorted(samples)[int(len(samples) * 0.9) - 1] * 1000:.0f}",
            ]
        if len(engines) > 1:
            row.append(
                f"x{medians['PostgreSQL'] / medians['SQLite']:.2f}"
                if len(medians) == 2
                else "-"
            )
        rows.append(row)
    print(
        f"newsarchive serve on {args.articles:,} articles ({db.name}); "
        f"{args.repeat} interleaved rounds\n"
    )
    print(markdown_table(headers, rows))
    requests = {e: sum(1 for _, engine in urls if engine == e) for e in engines}
    for engine in engines:
        print(
            f"\n{engine} server CPU {cpu[engine]:.2f} s over {wall:.2f} s wall for "
            f"{args.repeat * requests[engine]} requests"
        )


if __name__ == "__main__":
    main()
