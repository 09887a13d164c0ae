"""Analyst-side benchmark: search latency and export throughput / peak memory on a large
archive (default 100,000 articles).

    python bench/analyst.py [--articles 100000] [--page-kb 8] [--repeat 5] [--write]

The archive is built once from the replica's ground truth through the store library
(`ArchiveWriter`, the crawl's own write path, with each article's rendered page as
its raw page) and cached under bench/out/ (rebuilt when the parameters differ, or with
--rebuild); building 100,000 articles takes a while. Searches run in-process on a
read-only connection (latency of the library call, after one warm-up per query); each export
runs as `newsarchive export` in its own subprocess, whose peak RSS comes from wait4().
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from analyst_archive import OUT_DIR, ensure_archive
from common import REPO_ROOT, markdown_table, write_doc_section

logger = logging.getLogger("bench.analyst")

SEARCH_QUERIES = (
    ("Umerov Turkish", {}),
    ("russia", {}),
    ("iran drones", {}),
    ('"peace summit"', {}),
    ('"nuclear weapons"', {}),
    ("diplom*", {}),
    ("ukraine AND (talks OR summit) NOT nato", {}),
    ("title: ceasefire", {}),
    ("china", {"section": "Asia-Pacific"}),
    ("ceasefire", {"since": "2024-01", "until": "2024-12"}),
    ("pentagon budget", {"author": None}),  # author filled in from the archive
    ("russia", {"tag": "NATO"}),
)
EXPORT_FORMATS = (
    ("csv", "csv"),
    ("jsonl", "jsonl"),
    ("parquet", "parquet"),
    ("warc", "warc.gz"),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--page-kb",
        type=int,
        default=8,
        help="replica page size of the stored raw pages",
    )
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per query")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument(
        "--write", action="store_true", help="update docs/benchmarks.md"
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(message)s")
    logger.setLevel(logging.INFO)

    db = ensure_archive(args.articles, args.seed, args.page_kb, rebuild=args.rebuild)
    if args.build_only:
        return
    search_rows, latencies = bench_searches(db, args.repeat)
    command_rows = bench_commands(db)
    export_rows = bench_exports(db, args.articles)
    report = render_report(args, db, search_rows, latencies, command_rows, export_rows)
    print(report)
    if args.write:
        print(f"Wrote {write_doc_section('Analyst queries and exports', report)}")


# --- searches -----------------------------------------------------------------------


def bench_searches(db: Path, repeat: int) -> tuple[list[list], list[float]]:
    from newsarchive.query.database import reading
    from newsarchive.query.dates import since_instant, until_instant
    from newsarchive.query.filters import ArticleFilters
    from newsarchive.query.search import search_articles
    from newsarchive.query.vocabulary import author_counts

    rows, everything = [], []
    now = datetime.now(UTC)
    with reading(db) as connection:
        busiest_author = author_counts(connection, limit=1)[0]["name"]
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
            hits = search_articles(
                connection, query, filters=filters, limit=20
            )  # warm-up
            samples = []
            for _ in range(repeat):
                started = time.perf_counter()
                search_articles(connection, query, filters=filters, limit=20)
                samples.append((time.perf_counter() - started) * 1000)
            everything += samples
            label = query + "".join(f" --{k} {v}" for k, v in options.items())
            rows.append(
                [
                    label,
                    len(hits),
                    f"{_percentile(samples, 50):.1f}",
                    f"{_percentile(samples, 95):.1f}",
                ]
            )
    return rows, everything


def _percentile(samples: list[float], percent: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(percent / 100 * (len(ordered) - 1))))
    return ordered[index]


# --- whole commands -----------------------------------------------------------------

CLI_COMMANDS = (
    ("search", "Umerov Turkish"),
    ("list", "--section", "QiOSK"),
    ("show", "1"),
    ("authors", "--limit", "20"),
    ("tags", "--limit", "20"),
    ("stats", "--by", "month"),
    ("stats", "--by", "section"),
    ("stats", "--by", "author"),
    ("failures",),
    ("teasers", "--format", "csv"),
)


def bench_commands(db: Path) -> list[list]:
    """Wall time of whole CLI commands (process start-up included), JSON output."""
    rows = []
    for arguments in CLI_COMMANDS:
        output = [] if arguments[0] == "teasers" else ["--format", "json"]
        command = [sys.executable, "-m", "newsarchive", *arguments, *output]
        seconds, peak_mb, _ = _run_measured([*command, "--db", str(db)])
        rows.append(
            ["newsarchive " + " ".join(arguments), f"{seconds:.2f}", f"{peak_mb:.0f}"]
        )
    return rows


# --- exports ------------------------------------------------------------------------


def bench_exports(db: Path, articles: int) -> list[list]:
    rows = []
    cases = [(fmt, suffix, ()) for fmt, suffix in EXPORT_FORMATS]
    # Same format on a tenth of the archive: flat memory means the same peak RSS.
    cases.insert(1, ("csv", "csv", ("--until", _tenth_date(db))))
    for fmt, suffix, extra in cases:
        out = OUT_DIR / f"export.{suffix}"
        out.unlink(missing_ok=True)
        command = [
            sys.executable,
            "-m",
            "newsarchive",
            "export",
            "--format",
            fmt,
            "--out",
            str(out),
            "--db",
            str(db),
            *extra,
        ]
        seconds, peak_mb, message = _run_measured(command)
        count = int(message.split()[1]) if message.startswith("Wrote") else 0
        size_mb = out.stat().st_size / 1e6 if out.exists() else 0.0
        label = fmt + (f" ({' '.join(extra)})" if extra else "")
        rows.append(
            [
                label,
                count,
                f"{seconds:.1f}",
                f"{count / seconds:,.0f}",
                f"{size_mb:,.0f}",
                f"{size_mb / seconds:.1f}",
                f"{peak_mb:.0f}",
            ]
        )
        out.unlink(missing_ok=True)
    return rows


def _tenth_date(db: Path) -> str:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        total = connection.execute("SELECT count(*) FROM articles").fetchone()[0]
        (value,) = connection.execute(
            "SELECT published_at FROM articles ORDER BY published_at LIMIT 1 OFFSET ?",
            (total // 10,),
        ).fetchone()
    return value[:10]


def _run_measured(command: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS in MB (wait4 on the child) and the last stderr line."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=REPO_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {stderr}")
    last_line = (stderr.strip().splitlines() or [""])[-1]
    return seconds, usage.ru_maxrss / 1024, last_line


# --- report -------------------------------------------------------------------------


def render_report(args, db: Path, search_rows, latencies, command_rows, export_rows):
    marker = json.loads(db.with_suffix(".json").read_text())
    size_mb = db.stat().st_size / 1e6
    overall = [
        [
            "all queries",
            "",
            f"{_percentile(latencies, 50):.1f}",
            f"{_percentile(latencies, 95):.1f}",
        ]
    ]
    setup = (
        f"Command: `python bench/analyst.py --articles {args.articles} --page-kb "
        f"{args.page_kb} --repeat {args.repeat}`. Machine: {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}. "
        f"Archive: {args.articles:,} replica articles (seed {args.seed}, raw pages of "
        f"{args.page_kb} KB) written through the store library in "
        f"{marker.get('build_seconds', '?')} s; {size_mb:,.0f} MB."
    )
    return "\n\n".join(
        [
            setup,
            "Search (library call, warm, top 20 with snippets; ms):",
            markdown_table(["query", "hits", "median", "p95"], search_rows + overall),
            "Whole commands (a subprocess each, start-up included):",
            markdown_table(["command", "seconds", "peak RSS MB"], command_rows),
            "Export (`newsarchive export` in a subprocess; peak RSS of that process):",
            markdown_table(
                [
                    "format",
                    "rows",
                    "seconds",
                    "rows/s",
                    "MB out",
                    "MB/s",
                    "peak RSS MB",
                ],
                export_rows,
            ),
        ]
    )


if __name__ == "__main__":
    main()
