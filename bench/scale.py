"""How crawl cost grows with the site: 10,000 vs 100,000 articles.

    python bench/scale.py [--articles 10000,100000] [--page-kb 120] [--write]
                          [--analyst] [--rerun] [--timeout-minutes 180]

For each size: a replica (`warm_replica.py`, pages rendered when first asked for, so its
start-up does not grow with the site), then one `newsarchive crawl` into an empty
archive in a subprocess. Measured: wall time, pages/s, CPU time, the crawl process's
RSS sampled every 2 s from /proc (peak and along the run: flat memory means the same
peak at 10x the articles) and its peak RSS from wait4(), archive size on disk.
`--analyst` also times searches and exports on the largest archive with
`bench/analyst.py`'s own functions. Each size's figures are kept in
bench/out/scale-<N>.json as soon as its crawl ends, and the report (`--write` puts it
in docs/benchmarks.md, "Scale") is built from every such file for the sizes asked for,
so a size measured by an earlier run counts too (`--reuse`; also the analyst figures,
kept in bench/out/scale-analyst-<N>.md).

`--rerun` then crawls the largest archive again, unchanged (a scheduled run's daily
case): the same replica content on the same port, so every URL is the one archived. It
measures the re-run's requests, wall time and peak RSS: the archive's memory of every
URL it holds is loaded at the start (bench/out/scale-rerun-<N>.json).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
from pathlib import Path

from common import REPO_ROOT, markdown_table, write_doc_section
from measured_runs import SAMPLE_SECONDS, crawl_command, run_sampled
from warm_replica import start_warm_replica

SECTION = "Scale"
OUT_DIR = REPO_ROOT / "bench" / "out"
RSS_TARGET_MB = 300


def measure(
    articles: int, page_kb: int, timeout: float, keep: Path | None = None
) -> dict:
    """One crawl of a replica of `articles`; into `keep` (kept) or a temporary archive."""
    with tempfile.TemporaryDirectory(prefix=f"bench-scale-{articles}-") as tmp:
        work = Path(tmp)
        db, stats_path = keep or work / "archive.sqlite", work / "stats.json"
        for old in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
            old.unlink(missing_ok=True)
        with start_warm_replica(articles=articles, page_kb=page_kb, prerender=False,
                                cache_size=5_000) as replica:  # fmt: skip
            result = run_sampled(crawl_command(replica.base_url, db, stats_path),
                                 cwd=work, timeout=timeout)  # fmt: skip
        if not stats_path.exists():
            sys.exit(
                f"crawl of {articles} failed:\n{(work / 'crawl.stderr').read_text()[-3000:]}"
            )
        stats = json.loads(stats_path.read_text())["stats"]
        files = [db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")]
        result.update(
            articles=articles, page_kb=page_kb,
            seconds=float(stats["elapsed_time_seconds"]),
            pages=int(stats.get("response_received_count", 0)),
            stored=int(stats.get("newsarchive/store/inserted", 0)),
            archive_mb=sum(f.stat().st_size for f in files if f.exists()) / 1e6,
        )  # fmt: skip
    return result


def archived_port(db: Path) -> int:
    """The replica port the archive's URLs were crawled from."""
    import sqlite3
    from urllib.parse import urlsplit

    with sqlite3.connect(db) as connection:
        (url,) = connection.execute("SELECT url FROM articles LIMIT 1").fetchone()
    return int(urlsplit(url).port or 80)


def measure_rerun(db: Path, first: dict, timeout: float) -> dict:
    """An unchanged re-run of the crawl that made `db` (kept), into `db`."""
    with tempfile.TemporaryDirectory(prefix="bench-scale-rerun-") as tmp:
        work = Path(tmp)
        stats_path = work / "stats.json"
        with start_warm_replica(articles=first["articles"], page_kb=first["page_kb"],
                                prerender=False, cache_size=5_000,
                                port=archived_port(db)) as replica:  # fmt: skip
            result = run_sampled(crawl_command(replica.base_url, db, stats_path),
                                 cwd=work, timeout=timeout)  # fmt: skip
        if not stats_path.exists():
            sys.exit(f"re-run failed:\n{(work / 'crawl.stderr').read_text()[-3000:]}")
        stats = json.loads(stats_path.read_text())["stats"]
    result.update(
        articles=first["articles"],
        seconds=float(stats["elapsed_time_seconds"]),
        pages=int(stats.get("response_received_count", 0)),
        stored=int(stats.get("newsarchive/store/inserted", 0)),
        first_pages=first["pages"],
    )
    return result


def rerun_text(rerun: dict) -> str:
    peak = peak_with_writer(rerun)
    verdict = "under" if peak < RSS_TARGET_MB else "OVER"
    return (
        f"\nUnchanged re-run of the {rerun['articles']:,}-article archive (`--rerun`: same "
        f"replica content and port, so every URL is the archived one): {rerun['pages']:,} "
        f"requests ({rerun['pages'] / rerun['first_pages']:.2%} of the first run's "
        f"{rerun['first_pages']:,}), {rerun['stored']:,} articles stored, "
        f"{rerun['seconds']:.0f} s, peak RSS {peak:.0f} MB ({verdict} the {RSS_TARGET_MB} MB "
        f"target; exit code {rerun['exit_code']}). The re-run loads what the archive "
        "remembers of every URL before it starts.\n"
    )


def projected_peak(run: dict) -> float:
    """Peak RSS extrapolated to the whole site from the RSS growth per stored article
    between 10% of the run (the sitemaps read, every article queued) and its end."""
    samples = run["rss_samples"]
    start = samples[len(samples) // 10][-1]
    end = max(
        sample[-1] for sample in samples[-max(1, len(samples) // 10) :]
    )  # not shutdown
    per_article = (end - start) / max(1, 0.9 * run["stored"])
    return max(
        peak_with_writer(run), end + per_article * (run["articles"] - run["stored"])
    )


def peak_with_writer(run: dict) -> float:
    """Peak of the crawl process plus its writer process (sampled), at least wait4's."""
    sampled = max((sample[-1] for sample in run["rss_samples"]), default=0.0)
    return max(run["peak_rss_mb"], sampled)


def rss_along(samples: list[list[float]], share: float) -> str:
    if not samples:
        return "-"
    return f"{samples[min(len(samples) - 1, int(share * len(samples)))][1]:.0f}"


def report(
    results: list[dict], analyst_text: str, note: str = "", rerun: str = ""
) -> str:
    rows = []
    for r in results:
        samples = r["rss_samples"]
        stopped = r["interrupted"] or r["exit_code"] == 4  # time limit, or Ctrl-C
        rows.append([
            f"{r['articles']:,}" + (" (stopped)" if stopped else ""),
            f"{r['pages']:,}", f"{r['stored']:,}", f"{r['seconds'] / 60:.1f}",
            f"{r['pages'] / r['seconds']:.1f}", f"{r['cpu_seconds'] / r['seconds']:.0%}",
            rss_along(samples, 0.25), rss_along(samples, 0.5), rss_along(samples, 0.9),
            f"{r['peak_rss_mb']:.0f}", f"{peak_with_writer(r):.0f}", f"{r['archive_mb']:,.0f}",
            f"{1000 * r['archive_mb'] / max(1, r['stored']):.1f}",
        ])  # fmt: skip
    headers = ["articles", "pages", "stored", "minutes", "pages/s", "crawler CPU",
               "RSS MB at 25%", "at 50%", "at 90%", "peak RSS MB", "with writer", "archive MB",
               "KB per article"]  # fmt: skip
    table = markdown_table(headers, rows)
    small, large = results[0], results[-1]
    stopped = large["interrupted"] or large["exit_code"] == 4
    growth = ""
    if stopped:
        growth = (
            f"The {large['articles']:,}-article crawl was stopped (time limit) after "
            f"{large['seconds'] / 60:.0f} minutes with {large['stored']:,} articles stored: "
            "its sitemaps had all been read and every article queued, so its memory covers "
            "the largest state a full crawl holds; pages/s is for the part crawled. "
        )
    if len(results) > 1:
        wall = (
            "" if stopped else f"wall time x{large['seconds'] / small['seconds']:.1f}, "
        )
        growth += (
            f"From {small['articles']:,} to {large['articles']:,} articles: {wall}pages/s "
            f"{small['pages'] / small['seconds']:.1f} -> {large['pages'] / large['seconds']:.1f}, "
            f"peak RSS with the writer {peak_with_writer(small):.0f} -> {peak_with_writer(large):.0f} MB, archive "
            f"{1000 * small['archive_mb'] / small['stored']:.1f} -> "
            f"{1000 * large['archive_mb'] / large['stored']:.1f} KB per article. "
        )  # fmt: skip
    peak = max(peak_with_writer(r) for r in results)
    verdict = "met" if peak < RSS_TARGET_MB else "NOT met"
    if stopped:
        projected = projected_peak(large)
        verdict = (
            f"{'met' if projected < RSS_TARGET_MB else 'NOT met'} by projection: "
            f"{projected:.0f} MB for all {large['articles']:,} articles, extrapolating the "
            f"growth after every article was queued (measured: {peak:.0f} MB with "
            f"{large['stored']:,} stored); an upper bound, as bounded caches fill early"
        )
    sizes = ",".join(str(r["articles"]) for r in results)
    command = f"python bench/scale.py --articles {sizes} --page-kb {large['page_kb']}"
    return f"""Command: `{command}`{" --analyst" if analyst_text else ""}

{os.cpu_count()} cores shared with the replica, Python {platform.python_version()}; replica pages ~{large["page_kb"]} KB, rendered when first asked for (the replica's render cache holds 5,000 pages). Each crawl starts from an empty archive. RSS is the crawl process's, sampled every {SAMPLE_SECONDS:.0f} s (at 25/50/90% of the run), and its peak from wait4() (the largest of the crawl process and its writer process); "with writer" is the peak of the two processes' sum, sampled (the target is checked against it).

{table}

{note + chr(10) * 2 if note else ""}{growth}Target: peak RSS under {RSS_TARGET_MB} MB from 10,000 to 100,000 articles: **{verdict}**.
{rerun}{analyst_text}"""


def analyst_section(db: Path, articles: int, stored: int) -> str:
    import analyst

    analyst.EXPORT_FORMATS = tuple(f for f in analyst.EXPORT_FORMATS if f[0] != "warc")
    search_rows, latencies = analyst.bench_searches(db, 5)
    overall = ["all queries", "", f"{analyst._percentile(latencies, 50):.1f}",
               f"{analyst._percentile(latencies, 95):.1f}"]  # fmt: skip
    export_rows = analyst.bench_exports(db, articles)
    return f"""
Search and export on the archive of the {articles:,}-article crawl ({stored:,} articles), with `bench/analyst.py`'s functions (library call, warm, top 20 with snippets; ms):

{markdown_table(["query", "hits", "median", "p95"], search_rows + [overall])}

Export (`newsarchive export` in a subprocess; WARC left to `bench/analyst.py`):

{markdown_table(["format", "rows", "seconds", "rows/s", "MB out", "MB/s", "peak RSS MB"], export_rows)}
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", default="10000,100000")
    parser.add_argument("--page-kb", type=int, default=120)
    parser.add_argument("--timeout-minutes", type=float, default=180)
    parser.add_argument(
        "--reuse", action="store_true", help="keep sizes measured before"
    )
    parser.add_argument("--analyst", action="store_true")
    parser.add_argument(
        "--rerun",
        action="store_true",
        help="then an unchanged re-run of the largest archive",
    )
    parser.add_argument("--note", default="", help="a sentence added to the report")
    parser.add_argument(
        "--write", action="store_true", help="update docs/benchmarks.md"
    )
    args = parser.parse_args()
    sizes = [int(size) for size in args.articles.split(",")]
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    results = []
    # The analyst figures need the largest archive after its crawl: it is kept in bench/out/.
    largest = OUT_DIR / f"scale-{sizes[-1]}.sqlite"
    for articles in sizes:
        saved = OUT_DIR / f"scale-{articles}.json"
        if args.reuse and saved.exists():
            results.append(json.loads(saved.read_text()))
            continue
        keep = (
            largest if (args.analyst or args.rerun) and articles == sizes[-1] else None
        )
        result = measure(articles, args.page_kb, args.timeout_minutes * 60, keep)
        saved.write_text(json.dumps(result))
        print(f"{articles}: {result['pages']} pages in {result['seconds']:.0f} s, "
              f"peak RSS {result['peak_rss_mb']:.0f} MB", flush=True)  # fmt: skip
        results.append(result)
    analyst_text = ""
    saved_analyst = OUT_DIR / f"scale-analyst-{sizes[-1]}.md"
    if args.analyst and args.reuse and saved_analyst.exists():
        analyst_text = saved_analyst.read_text()
    elif args.analyst and largest.exists():
        analyst_text = analyst_section(largest, sizes[-1], results[-1]["stored"])
        saved_analyst.write_text(analyst_text)
    rerun_file = OUT_DIR / f"scale-rerun-{sizes[-1]}.json"
    if args.rerun and not (args.reuse and rerun_file.exists()):
        if not largest.exists():
            sys.exit(
                f"--rerun needs the archive of the first crawl: {largest} is missing"
            )
        rerun_file.write_text(json.dumps(
            measure_rerun(largest, results[-1], args.timeout_minutes * 60)))  # fmt: skip
    rerun = rerun_text(json.loads(rerun_file.read_text())) if args.rerun else ""
    body = report(results, analyst_text, args.note, rerun)
    print(body)
    if args.write:
        print(f"wrote {write_doc_section(SECTION, body)}")


if __name__ == "__main__":
    main()
