"""SQLite vs PostgreSQL: what storing a new article costs, and how fast search is.

    python bench/postgresql.py [--articles 300] [--rounds 4] [--search-archive 20000]
                               [--repeat 5] [--write]

Store: the same new articles (replica truth with their rendered pages) written through
`ArchiveWriter` into a fresh SQLite archive and a fresh PostgreSQL archive, in batches of
100, rounds interleaved (SQLite, PostgreSQL, SQLite, ...). CPU is this process's
(getrusage) plus, on PostgreSQL, the server backends' that served it (/proc, the work
SQLite does in-process); statements are the DB-API executions SQLAlchemy makes (an
executemany counts once).

Search: the archive bench/analyst_archive.py builds (`--search-archive` articles) is
copied into PostgreSQL with `newsarchive db copy` (timed), then bench/analyst.py's
queries run in-process on an open connection (top 20 with snippets), alternating
engines, `--repeat` times each: median and p95 per engine.

The PostgreSQL server is `NEWSARCHIVE_TEST_POSTGRES_URL`'s, else one started for the
run (tests/servers.py).
"""

from __future__ import annotations

import argparse
import logging
import os
import resource
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path

from common import REPO_ROOT, markdown_table, write_doc_section

sys.path.insert(0, str(REPO_ROOT))

from tests.servers import create_database, drop_database, postgres_url

logger = logging.getLogger("bench.postgresql")
SITE = "responsiblestatecraft.org"
BATCH = 100
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
STORE_NOTE = "Statements per article are the same (the store batches its writes alike on both); PostgreSQL's cost is the client's protocol work (psycopg) plus the server's, which SQLite does in-process. Wall times include a machine shared with other jobs (load ~10 on 2 cores)."
SEARCH_NOTE = "Same hits on both. PostgreSQL ranks with `ts_rank`, which reads the `tsvector` of every matching article before the top 20 are known (the GIN index finds matches but does not rank; a weight filter such as `title:` is checked on each match too), while FTS5 hands rows over best first from its index: a rare word costs a few ms on both, a frequent word or a prefix costs PostgreSQL several times more."


def _process_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _backend_cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def _fetches(count: int, offset: int) -> list:
    from analyst_archive import replica_fetch

    from newsarchive.replica import Corpus

    corpus = Corpus(
        articles=offset + count, seed=7, base_url="http://127.0.0.1:8765", page_kb=8
    )
    fetched_at = datetime(2026, 1, 1, tzinfo=UTC)
    return [
        replica_fetch(corpus, truth, fetched_at + timedelta(seconds=number))
        for number, truth in enumerate(list(corpus.truth())[offset:], start=1)
    ]


def _store_round(db: Path | str, fetches: list) -> dict[str, float]:
    from sqlalchemy import event, text

    from newsarchive.store import ArchiveWriter, open_engine, upgrade

    upgrade(db)
    engine = open_engine(db)
    statements = 0
    backends: dict[int, float] = {}

    def count(*_args) -> None:
        nonlocal statements
        statements += 1

    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            pid = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
            backends[pid] = _backend_cpu_seconds(pid)
    event.listen(engine, "before_cursor_execute", count)
    writer = ArchiveWriter(engine)
    cpu, wall = _process_cpu_seconds(), time.perf_counter()
    for fetch in fetches:
        writer.add(fetch, site=SITE)
        if writer.pending >= BATCH:
            writer.flush(run_id=None)
    writer.flush(run_id=None)
    cpu, wall = _process_cpu_seconds() - cpu, time.perf_counter() - wall
    server = sum(_backend_cpu_seconds(pid) - before for pid, before in backends.items())
    engine.dispose()
    return {"cpu": cpu, "server": server, "wall": wall, "statements": statements}


def bench_store(server_url: str, articles: int, rounds: int) -> str:
    rows: dict[str, list[dict[str, float]]] = {"SQLite": [], "PostgreSQL": []}
    for number in range(rounds):
        fetches = _fetches(articles, offset=number * articles)
        with tempfile.TemporaryDirectory() as folder:
            rows["SQLite"].append(_store_round(Path(folder) / "a.sqlite", fetches))
        url = create_database(server_url, prefix="bench")
        try:
            rows["PostgreSQL"].append(_store_round(url, fetches))
        finally:
            drop_database(url)
        logger.info("store round %d done", number + 1)
    table = []
    for name, results in rows.items():
        per = articles / 1000.0  # ms per article from seconds per round

        def median(key: str, results=results, per=per) -> float:
            return statistics.median(result[key] for result in results) / per

        table.append(
            [
                name,
                f"{median('cpu'):.2f}",
                f"{median('server'):.2f}",
                f"{median('cpu') + median('server'):.2f}",
                f"{median('wall'):.2f}",
                f"{statistics.median(r['statements'] for r in results) / articles:.1f}",
            ]
        )
    sqlite_total = float(table[0][3])
    ratio = float(table[1][3]) / sqlite_total if sqlite_total else float("nan")
    return (
        markdown_table(
            [
                "engine",
                "client CPU ms",
                "server CPU ms",
                "total CPU ms",
                "wall ms",
                "statements",
            ],
            table,
        )
        + f"\n\nPer new article, median of {rounds} interleaved rounds of {articles} "
        f"articles (batches of {BATCH}). PostgreSQL / SQLite total CPU: x{ratio:.2f}. "
        + STORE_NOTE
    )


def bench_search(server_url: str, articles: int, repeat: int) -> str:
    from analyst import SEARCH_QUERIES
    from analyst_archive import ensure_archive

    from newsarchive.query.database import connect_archive, fetch_value
    from newsarchive.query.dates import since_instant, until_instant
    from newsarchive.query.filters import ArticleFilters
    from newsarchive.query.search import search_articles

    db = ensure_archive(articles, seed=1, page_kb=2, rebuild=False)
    url = create_database(server_url, prefix="bench_search")
    started = time.perf_counter()
    import subprocess

    subprocess.run(
        [sys.executable, "-m", "newsarchive", "db", "copy", "--from", str(db),
         "--to", url],
        check=True, capture_output=True,
    )  # fmt: skip
    copy_seconds = time.perf_counter() - started
    samples: dict[str, list[float]] = {"SQLite": [], "PostgreSQL": []}
    by_query: dict[tuple[str, str], list[float]] = {}
    hits: dict[str, int] = {"SQLite": 0, "PostgreSQL": 0}
    with ExitStack() as stack:
        connections = {
            "SQLite": connect_archive(db),
            "PostgreSQL": connect_archive(url),
        }
        for connection in connections.values():
            stack.callback(connection.close)
        busiest_author = fetch_value(
            connections["SQLite"],
            "SELECT name FROM article_authors GROUP BY name ORDER BY count(*) DESC "
            "LIMIT 1",
        )
        now = datetime.now(UTC)
        for _ in range(repeat):
            for query, options in SEARCH_QUERIES:
                options = dict(options)
                if "author" in options:
                    options["author"] = busiest_author
                filters = ArticleFilters(
                    section=options.get("section"),
                    author=options.get("author"),
                    tag=options.get("tag"),
                    since=since_instant(options.get("since"), now=now),
                    until=until_instant(options.get("until"), now=now),
                )
                for name, connection in connections.items():
                    started = time.perf_counter()
                    found = search_articles(
                        connection, query, filters=filters, limit=20
                    )
                    elapsed = (time.perf_counter() - started) * 1000
                    samples[name].append(elapsed)
                    label = query + "".join(f" --{k} {v}" for k, v in options.items())
                    by_query.setdefault((label, name), []).append(elapsed)
                    hits[name] += len(found)
    drop_database(url)
    table = []
    for name, values in samples.items():
        ordered = sorted(values)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        table.append(
            [name, len(values), f"{statistics.median(values):.1f}", f"{p95:.1f}",
             hits[name] // repeat]
        )  # fmt: skip
    labels = list(dict.fromkeys(label for label, _ in by_query))
    per_query = [
        [f"`{label}`"]
        + [f"{statistics.median(by_query[label, name]):.1f}" for name in samples]
        for label in labels
    ]
    return (
        markdown_table(["engine", "searches", "median ms", "p95 ms", "hits"], table)
        + "\n\n"
        + markdown_table(
            ["query", "SQLite median ms", "PostgreSQL median ms"], per_query
        )
        + f"\n\nArchive: {articles:,} articles (bench/analyst_archive.py, seed 1, "
        f"pages of 2 KB); `newsarchive db copy` into PostgreSQL took "
        f"{copy_seconds:.0f} s. {len(SEARCH_QUERIES)} queries of bench/analyst.py x "
        f"{repeat}, engines alternating, top 20 with snippets, in-process on an open "
        "connection. " + SEARCH_NOTE
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--search-archive", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-search", action="store_true")

    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    for name in ("alembic", "newsarchive"):
        logging.getLogger(name).setLevel(logging.WARNING)
    with postgres_url() as server:
        store = bench_store(server, args.articles, args.rounds)
        print(store)
        search = ""
        if not args.skip_search:
            search = bench_search(server, args.search_archive, args.repeat)
            print(search)
    command = " ".join(["python bench/postgresql.py", *sys.argv[1:]])
    body = (
        f"Command: `{command}`. Machine: 2 cores shared with other jobs; "
        "PostgreSQL 15 on loopback (fsync off: a throwaway test cluster), SQLite WAL.\n\n"
        f"### Store cost per new article\n\n{store}\n"
        + (f"\n### Search\n\n{search}\n" if search else "")
    )
    if args.write:
        write_doc_section("SQLite and PostgreSQL", body)


if __name__ == "__main__":
    main()
