"""How long `newsarchive search` takes from the shell on a large archive (default
100,000 articles), against the `sqlite3` shell running the same full-text query.

    python bench/cli_latency.py [--articles 100000] [--repeat 10] [--write]

Each run is a fresh process, as a user's command is: `newsarchive search QUERY --format
json` and `sqlite3 -readonly ARCHIVE SQL`, where SQL is the statement the search runs
(the same FTS5 MATCH, bm25 weights, snippet, bylines and tags, LIMIT), with its
parameters written in as literals. The two run interleaved (A, B, A, B ...) after one
warm-up each, so both see the same page cache; wall time and CPU time (user + system,
from wait4) are reported as medians with their ratio. The aim for a read-only command is
under 0.3 s of wall time. Also measured: a bare `python -c pass` (the floor any Python
command pays) and the search library call in-process, repeated on one connection.

The archive is the one `bench/analyst.py` uses (`bench/analyst_archive.py`: built once,
cached under bench/out/; building 100,000 articles takes a while).
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

from analyst_archive import ensure_archive
from common import markdown_table, write_doc_section

QUERIES = ("ukraine talks", '"peace summit"', "diplom* AND nato")
LIMIT = 20
AIM_SECONDS = 0.3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--page-kb", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=10, help="timed runs of each")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument(
        "--write", action="store_true", help="update docs/benchmarks.md"
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    db = ensure_archive(args.articles, args.seed, args.page_kb, rebuild=args.rebuild)
    rows = []
    for query in QUERIES:
        newsarchive = [sys.executable, "-m", "newsarchive", "search", query,
                       "--db", str(db), "--format", "json", "--limit", str(LIMIT)]  # fmt: skip
        shell = ["sqlite3", "-readonly", str(db), search_sql(db, query)]
        ours, theirs = interleaved(newsarchive, shell, args.repeat)
        rows.append(_row(query, ours, theirs))
    floor = [measure([sys.executable, "-c", "pass"]) for _ in range(args.repeat)]
    library = library_ms(db, QUERIES[0], args.repeat)
    limits = query_limit_rows(db)
    report = render(args, db, rows, floor, library, limits)
    print(report)
    if args.write:
        print(f"Wrote {write_doc_section('CLI latency', report)}")


def search_sql(db: Path, query: str) -> str:
    """The statement `newsarchive search` runs for `query`, parameters as literals."""
    from newsarchive.query.article_columns import authors_list, tags_list
    from newsarchive.query.dialect import full_text_search_params, full_text_search_sql
    from newsarchive.query.search import (
        COLUMN_WEIGHTS,
        HIGHLIGHT_END,
        HIGHLIGHT_START,
        SNIPPET_TOKENS,
    )

    columns = (
        "a.id, a.title, a.url, a.site, a.section, a.published_at, "
        f"{authors_list('a.id')} AS authors, {tags_list('a.id')} AS tags"
    )
    sql = full_text_search_sql(columns, "", limited=True)
    params = full_text_search_params(
        query,
        weights=COLUMN_WEIGHTS,
        mark_start=HIGHLIGHT_START,
        mark_end=HIGHLIGHT_END,
        ellipsis="\u2026",
        snippet_tokens=SNIPPET_TOKENS,
    )
    params["limit"] = LIMIT
    with closing(sqlite3.connect(":memory:")) as connection:
        for name in sorted(params, key=len, reverse=True):  # :fts_tokens before :fts_t
            literal = connection.execute("SELECT quote(?)", (params[name],)).fetchone()[
                0
            ]
            sql = sql.replace(f":{name}", literal)
    return sql + ";"


def measure(command: list[str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system, from wait4) of one run."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        env=dict(os.environ, NEWSARCHIVE_DB=""),
    )  # fmt: skip
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{command[:4]}... failed: {process.stderr.read().decode()}")
    process.stderr.close()
    return wall, usage.ru_utime + usage.ru_stime


def interleaved(
    first: list[str], second: list[str], repeat: int
) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    measure(first), measure(second)  # warm-up: page cache, bytecode
    ours, theirs = [], []
    for _ in range(repeat):
        ours.append(measure(first))
        theirs.append(measure(second))
    return ours, theirs


def library_ms(db: Path, query: str, repeat: int) -> float:
    from newsarchive.query.database import reading
    from newsarchive.query.search import search_articles

    with reading(db) as connection:
        search_articles(connection, query, limit=LIMIT)
        samples = []
        for _ in range(repeat):
            started = time.perf_counter()
            search_articles(connection, query, limit=LIMIT)
            samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def query_limit_rows(db: Path) -> list[list[str]]:
    """One run each of queries up to the term limit, frequent words AND-ed and OR-ed
    (the worst case the limit allows), and over it (refused before FTS5 sees it)."""
    from newsarchive.query import search
    from newsarchive.query.database import reading
    from newsarchive.query.errors import BadSearchQuery

    frequent = ["the", "of", "and", "to", "in", "a", "that", "is", "for", "on", "with",
                "as", "by", "it", "was", "are", "this", "be"]  # fmt: skip
    limit = search.MAX_QUERY_TERMS
    rows = []
    with reading(db) as connection:
        for terms in (limit // 4, limit // 2, limit, limit * 2):
            words = [frequent[n % len(frequent)] for n in range(terms)]
            for operator in (" ", " OR "):
                query = operator.join(words)
                started = time.perf_counter()
                try:
                    search.search_articles(connection, query, limit=LIMIT)
                    outcome = "ran"
                except BadSearchQuery:
                    outcome = f"refused: the limit is {limit}"
                seconds = time.perf_counter() - started
                label = "AND" if operator == " " else "OR"
                rows.append(
                    [f"{terms} frequent words, {label}", outcome, f"{seconds:.3f}"]
                )
    return rows


def _median(samples: list[tuple[float, float]], index: int) -> float:
    return statistics.median(sample[index] for sample in samples)


def _row(query: str, ours, theirs) -> list[str]:
    wall, cpu = _median(ours, 0), _median(ours, 1)
    sqlite_wall, sqlite_cpu = _median(theirs, 0), _median(theirs, 1)
    return [
        query,
        f"{wall:.3f}",
        f"{sqlite_wall:.3f}",
        f"{wall / sqlite_wall:.1f}x",
        f"{cpu:.3f}",
        f"{sqlite_cpu:.3f}",
        "yes" if wall < AIM_SECONDS else "no",
    ]


def render(args, db: Path, rows, floor, library: float, limits) -> str:
    table = markdown_table(
        [
            "query",
            "newsarchive wall s",
            "sqlite3 wall s",
            "ratio",
            "newsarchive CPU s",
            "sqlite3 CPU s",
            f"< {AIM_SECONDS} s",
        ],
        rows,
    )
    cores = os.cpu_count()
    return f"""Command: `python bench/cli_latency.py --articles {args.articles} --repeat \
{args.repeat}` ({platform.system()}, Python {platform.python_version()}, SQLite \
{sqlite3.sqlite_version}, {cores} cores; archive {db.name}, {db.stat().st_size / 1e6:.0f} \
MB). Medians of {args.repeat} runs each, interleaved, each a fresh process writing the \
best {LIMIT} hits (`--format json`; sqlite3 prints the same rows).

{table}

A bare `python -c pass` takes {_median(floor, 0):.3f} s wall, {_median(floor, 1):.3f} s \
CPU: the floor of any Python command. The search itself, in-process on an open \
connection, takes {library:.1f} ms ("{QUERIES[0]}"); the rest is starting Python and \
importing click and the query library (no SQLAlchemy, Alembic or Scrapy: \
`python -X importtime -m newsarchive search ...` lists what is imported).

The size limit on a search (`MAX_QUERY_TERMS` in `newsarchive/query/search.py`), one
in-process run each on the same archive:

{markdown_table(["query", "outcome", "seconds"], limits)}
"""


if __name__ == "__main__":
    main()
