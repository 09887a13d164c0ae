"""End-to-end crawl throughput against a bare Scrapy spider fetching the same URLs.

    python bench/crawl_throughput.py [--articles 10000] [--page-kb 120] [--seed 1] [--write]

One run, one replica (`warm_replica.py`: every article page rendered before the clock
starts, every page cached once served, every request recorded):

1. `newsarchive crawl` into an empty archive (parse + validate + dedupe + store): it
   also renders the index pages for the first time and records what was fetched;
2. `bare_spider.py` fetches exactly the requests the crawl made (same paths, same
   order, same download settings) and does nothing else; then again with `--parse`,
   running newsarchive's parsers on each page and nothing more: the ceiling of any crawl
   that parses in the crawling process;
3. `newsarchive crawl` again into another empty archive, now against a fully warm
   replica: the end-to-end figure compared with the bare spider;
4. the same with the opt-in writer process (`-s NEWSARCHIVE_STORE_PROCESS=True`);
5. the same with both opt-in worker processes, the parser's and the writer's
   (`-s NEWSARCHIVE_PARSE_PROCESS=True -s NEWSARCHIVE_STORE_PROCESS=True`);
6. `--pairs N` more times, back to back: the bare spider, then the crawl with both
   worker processes (the ratio moves with the machine's load: each pair is measured
   under the same load, and the median of the pairs' ratios is reported);
7. the replica alone: an aiohttp client fetches the same list at the same concurrency.

Each crawl is a subprocess; its CPU time and peak RSS come from wait4(), the replica's
CPU time during each step from /proc. Throughput is HTTP responses (redirects included) per second
of the spider's own open-to-close time (Scrapy's `elapsed_time_seconds`).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from common import REPO_ROOT, markdown_table, write_doc_section
from measured_runs import crawl_command, process_cpu_seconds, run_measured
from warm_replica import fetch_served_paths, start_warm_replica

SECTION = "Crawl throughput"
BENCH_DIR = Path(__file__).resolve().parent
TARGET_RATIO = 0.70
WORKERS = (
    "-s",
    "NEWSARCHIVE_PARSE_PROCESS=True",
    "-s",
    "NEWSARCHIVE_STORE_PROCESS=True",
)
WORKERS_LABEL = "crawl, parser + writer processes (NEWSARCHIVE_PARSE_PROCESS)"


@dataclass(kw_only=True)
class Measured:
    """One benchmarked subprocess: what it did and what it cost."""

    label: str
    pages: int
    seconds: float
    """The spider's open-to-close time (Scrapy's `elapsed_time_seconds`)."""
    cpu_seconds: float
    peak_rss_mb: float
    replica_cpu_seconds: float
    stats: dict

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


def measured(label: str, command: list[str], stats_path: Path, *, replica_pid: int,
             cwd: Path, code_root: Path = REPO_ROOT) -> Measured:  # fmt: skip
    replica_before = process_cpu_seconds(replica_pid)
    code, cpu, rss, tail = run_measured(command, cwd=cwd, code_root=code_root)
    replica_cpu = process_cpu_seconds(replica_pid) - replica_before
    if not stats_path.exists():
        sys.exit(f"{label} failed (exit {code}):\n{tail}")
    data = json.loads(stats_path.read_text())
    stats = data.get("stats", data)  # the crawl's --stats-json wraps the stats
    return Measured(
        label=label,
        pages=int(stats.get("downloader/response_count", 0)),  # redirects included
        seconds=float(stats["elapsed_time_seconds"]),
        cpu_seconds=cpu,
        peak_rss_mb=rss,
        replica_cpu_seconds=replica_cpu,
        stats=stats,
    )


def full_crawl(label: str, base_url: str, work: Path, name: str, replica_pid: int,
               *extra: str, code_root: Path = REPO_ROOT) -> Measured:  # fmt: skip
    stats_path = work / f"{name}.json"
    command = crawl_command(base_url, work / f"{name}.sqlite", stats_path, *extra)
    return measured(label, command, stats_path, replica_pid=replica_pid, cwd=work,
                    code_root=code_root)  # fmt: skip


def bare_crawl(base_url: str, paths_file: Path, work: Path, replica_pid: int, *,
               parse: bool = False) -> Measured:  # fmt: skip
    stats_path = work / ("bare-parse.json" if parse else "bare.json")
    command = [sys.executable, str(BENCH_DIR / "bare_spider.py"), "--base-url", base_url,
               "--paths", str(paths_file), "--stats-json", str(stats_path)]  # fmt: skip
    label = "bare Scrapy spider, same requests"
    if parse:
        command.append("--parse")
        label = "bare spider + newsarchive's parsers only (nothing stored)"
    return measured(label, command, stats_path, replica_pid=replica_pid, cwd=work)


async def _replica_alone(base_url: str, paths: list[str], concurrency: int) -> float:
    import aiohttp

    queue: asyncio.Queue[str] = asyncio.Queue()
    for path in paths:
        queue.put_nowait(path)
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def worker() -> None:
            while not queue.empty():
                path = queue.get_nowait()
                async with session.get(
                    base_url + path, allow_redirects=False
                ) as response:
                    await response.read()

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return time.perf_counter() - started


def replica_alone(
    base_url: str, paths: list[str], replica_pid: int
) -> tuple[float, float]:
    """(requests/s, replica CPU share of one core) serving the list with no crawler."""
    before = process_cpu_seconds(replica_pid)
    seconds = asyncio.run(_replica_alone(base_url, paths, concurrency=32))
    cpu = process_cpu_seconds(replica_pid) - before
    fetch_served_paths(base_url)  # forget them
    return len(paths) / seconds, cpu / seconds


def row(run: Measured, bare: Measured) -> list[str]:
    return [
        run.label,
        f"{run.pages:,}",
        f"{run.seconds:.1f}",
        f"{run.pages_per_second:.1f}",
        f"{run.stats.get('newsarchive/article_pages', 0) / run.seconds:.1f}"
        if "newsarchive/article_pages" in run.stats
        else "-",
        f"{run.pages_per_second / bare.pages_per_second:.0%}",
        f"{100 * run.cpu_seconds / run.seconds:.0f}%",
        f"{1000 * run.cpu_seconds / run.pages:.2f}" if run.pages else "-",
        f"{100 * run.replica_cpu_seconds / run.seconds:.0f}%",
        f"{run.peak_rss_mb:.0f}",
    ]


def cpu_budget(bare: Measured, parsing: Measured, crawl: Measured, writer: Measured,
               workers: Measured) -> str:  # fmt: skip
    """What the target asks of this machine's CPU, from the measured runs."""
    cores = os.cpu_count() or 1
    target_rate = TARGET_RATIO * bare.pages_per_second
    replica_share = crawl.replica_cpu_seconds / crawl.seconds
    budget_ms = 1000 * (cores - replica_share) / target_rate
    bare_ms = 1000 * bare.cpu_seconds / bare.pages
    parse_ms = 1000 * parsing.cpu_seconds / parsing.pages - bare_ms
    crawl_ms = 1000 * crawl.cpu_seconds / crawl.pages
    writer_ms = 1000 * writer.cpu_seconds / writer.pages
    workers_ms = 1000 * workers.cpu_seconds / workers.pages
    return (
        f"What the target asks of this machine: {target_rate:.0f} pages/s. Even with every "
        f"core busy ({cores}, less the replica's {replica_share:.0%} of one), that leaves "
        f"{budget_ms:.2f} ms of CPU per page, in all processes together. Scrapy's own work "
        f"is {bare_ms:.2f} ms of it (the bare spider) and parsing adds {parse_ms:.2f} ms "
        f"(bare spider + parsers), leaving {budget_ms - bare_ms - parse_ms:.2f} ms for link "
        f"handling, dedupe, hashing, compression and the store; the crawl spends "
        f"{crawl_ms:.2f} ms per page ({writer_ms:.2f} ms with the writer process, "
        f"{workers_ms:.2f} ms in all three processes with both workers). Parsing in the "
        f"crawling process alone caps the crawl at "
        f"{parsing.pages_per_second / bare.pages_per_second:.0%} of the bare spider, since "
        f"Scrapy runs on one core: hence the parser process."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--page-kb", type=int, default=120)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--baseline",
        type=Path,
        help="also crawl with the code in this "
        "tree (a copy of newsarchive/, spiders/, pipelines/): before/after",
    )
    parser.add_argument(
        "--pairs",
        type=int,
        default=3,
        help="back-to-back (bare, workers) runs for the ratio",
    )
    parser.add_argument(
        "--write", action="store_true", help="update docs/benchmarks.md"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-throughput-") as tmp:
        work = Path(tmp)
        started = time.perf_counter()
        with start_warm_replica(articles=args.articles, page_kb=args.page_kb,
                                seed=args.seed) as replica:  # fmt: skip
            warmup = time.perf_counter() - started
            pid, url = replica.pid, replica.base_url
            first = full_crawl("crawl, first (index pages rendered cold)", url, work,
                               "first", pid)  # fmt: skip
            paths = fetch_served_paths(url)
            paths_file = work / "paths.txt"
            paths_file.write_text("\n".join(paths) + "\n")
            bare = bare_crawl(url, paths_file, work, pid)
            fetch_served_paths(url)
            parsing = bare_crawl(url, paths_file, work, pid, parse=True)
            fetch_served_paths(url)
            crawl = full_crawl("crawl (parse + dedupe + store), warm replica", url,
                               work, "again", pid)  # fmt: skip
            fetch_served_paths(url)
            writer = full_crawl("crawl, writer process (NEWSARCHIVE_STORE_PROCESS)", url,
                                work, "writer", pid, "-s", "NEWSARCHIVE_STORE_PROCESS=True")  # fmt: skip
            fetch_served_paths(url)
            workers = full_crawl(WORKERS_LABEL, url, work, "workers", pid, *WORKERS)
            fetch_served_paths(url)
            pairs = [] if args.pairs else [(bare, workers)]
            for number in range(args.pairs):
                again_bare = bare_crawl(url, paths_file, work, pid)
                fetch_served_paths(url)
                again = full_crawl(WORKERS_LABEL, url, work, f"workers{number}", pid,
                                   *WORKERS)  # fmt: skip
                fetch_served_paths(url)
                pairs.append((again_bare, again))
            runs = [bare, parsing, first, crawl, writer, workers]
            if args.baseline:
                runs.append(full_crawl(f"crawl, baseline code ({args.baseline.name})", url,
                                       work, "baseline", pid, code_root=args.baseline))  # fmt: skip
                fetch_served_paths(url)
            alone_rate, alone_cpu = replica_alone(url, paths, pid)

    ratio = crawl.pages_per_second / bare.pages_per_second
    pair_ratios = sorted(w.pages_per_second / b.pages_per_second for b, w in pairs)
    workers_ratio = statistics.median(pair_ratios)
    pair_text = ", ".join(
        f"{b.pages_per_second:.0f} / {w.pages_per_second:.0f} = "
        f"{w.pages_per_second / b.pages_per_second:.0%}"
        for b, w in pairs
    )
    headers = ["run", "pages", "seconds", "pages/s", "article pages/s", "of bare",
               "crawler CPU", "CPU ms/page", "replica CPU", "peak RSS MB"]  # fmt: skip
    rows = [row(r, bare) for r in runs]
    for number, (pair_bare, pair_workers) in enumerate(pairs if args.pairs else [], 1):
        pair_bare.label = f"pair {number}: bare Scrapy spider"
        pair_workers.label = f"pair {number}: parser + writer processes"
        rows += [row(pair_bare, pair_bare), row(pair_workers, pair_bare)]
    table = markdown_table(headers, rows)
    verdict = "met" if max(ratio, workers_ratio) >= TARGET_RATIO else "NOT met"
    command = (f"python bench/crawl_throughput.py --articles {args.articles} "
               f"--page-kb {args.page_kb} --seed {args.seed} --pairs {args.pairs}")  # fmt: skip
    load = os.getloadavg()
    body = f"""Command: `{command}`

{os.cpu_count()} cores shared by the crawler and the replica, Python {platform.python_version()}; replica of {args.articles:,} articles (seed {args.seed}, article pages ~{args.page_kb} KB), every article page rendered before the runs ({warmup:.0f} s) and every page cached once served. Each run starts from an empty archive. "crawler CPU" and "replica CPU" are CPU time over the run's wall time (100% = one core busy the whole run).

{table}

"of bare" is against the first bare run, and in a pair against the pair's own bare run: the same bare spider fetching the same list swings by a quarter from one run to the next on this machine (other tenants, CPU frequency), so a ratio only means something between runs made back to back.

Target: end-to-end crawl at least {TARGET_RATIO:.0%} of the bare spider's throughput: **{verdict}**: {workers_ratio:.0%} with the parser and writer processes (median of {len(pairs)} back-to-back pairs, bare / crawl pages/s: {pair_text}); {ratio:.0%} with the default settings, everything in one process; {writer.pages_per_second / bare.pages_per_second:.0%} with the writer process alone. With worker processes, CPU and peak RSS include theirs (wait4() adds their CPU time, and gives the largest of the processes' peaks).

{cpu_budget(bare, parsing, crawl, writer, workers)}

The replica is not the bottleneck: alone (an aiohttp client fetching the same {len(paths):,} requests, 32 at a time) it answers {alone_rate:,.0f} requests/s using {alone_cpu:.0%} of a core, {alone_rate / crawl.pages_per_second:.1f}x what the crawl asks of it; during the crawl it used {crawl.replica_cpu_seconds / crawl.seconds:.0%} of a core while the crawler used {crawl.cpu_seconds / crawl.seconds:.0%}. Load average (1/5/15 min) at the end: {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}.
"""
    print(body)
    if args.write:
        print(f"wrote {write_doc_section(SECTION, body)}")


if __name__ == "__main__":
    main()
