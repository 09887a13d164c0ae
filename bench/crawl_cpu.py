"""The crawl's own CPU time per page, against a bare Scrapy spider fetching the same
requests from the same replica, and against the code of another commit (the baseline).

    python bench/crawl_cpu.py [--articles 300] [--page-kb 60] [--pairs 5]
                              [--baseline DIR] [--write]

One warm replica (`warm_replica.py`). A first `newsarchive crawl` records the requests it
made; then `--pairs` rounds, interleaved so each round runs under the same load: the bare
spider (`bare_spider.py`) fetching exactly those requests, the crawl into an empty
archive, and (with `--baseline DIR`, a checkout of another commit, e.g. made with
`git worktree add --detach /tmp/lean-baseline 596311d`) the same crawl with that code on
PYTHONPATH. CPU time is user + system of the whole process tree (os.wait4 of the
subprocess, which includes any child processes it waited for), divided by the HTTP
responses it received (Scrapy's `response_received_count`). Reported: the median of each
round's ratios (crawl/bare, crawl/baseline) and their spread (min-max).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import REPO_ROOT, markdown_table, write_doc_section
from measured_runs import crawl_command, run_measured
from warm_replica import fetch_served_paths, start_warm_replica

SECTION = "Crawl CPU per page"
BENCH_DIR = Path(__file__).resolve().parent


def per_page(cpu_seconds: float, stats_path: Path) -> tuple[float, int]:
    """(CPU ms per response, responses) of a finished run."""
    stats = json.loads(stats_path.read_text())
    stats = stats.get("stats", stats)
    pages = int(stats.get("response_received_count", 0))
    return (cpu_seconds * 1000 / pages if pages else float("nan")), pages


def crawl(
    url: str, work: Path, name: str, code_root: Path = REPO_ROOT
) -> tuple[float, int]:
    run = work / name
    run.mkdir()
    stats = run / "stats.json"
    command = crawl_command(
        url, run / "archive.sqlite", stats, "--max-failure-rate", "1"
    )
    code, cpu, _, tail = run_measured(command, cwd=run, code_root=code_root)
    if code != 0:
        raise RuntimeError(f"crawl {name} exited {code}: {tail}")
    fetch_served_paths(url)  # forget what it fetched
    return per_page(cpu, stats)


def bare(url: str, paths_file: Path, work: Path, name: str) -> tuple[float, int]:
    stats = work / f"{name}.json"
    command = [sys.executable, str(BENCH_DIR / "bare_spider.py"), "--base-url", url,
               "--paths", str(paths_file), "--stats-json", str(stats)]  # fmt: skip
    code, cpu, _, tail = run_measured(command, cwd=work)
    if code != 0:
        raise RuntimeError(f"bare spider exited {code}: {tail}")
    fetch_served_paths(url)
    return per_page(cpu, stats)


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} ({min(values):.2f}-{max(values):.2f})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--page-kb", type=int, default=60)
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument(
        "--baseline", type=Path, help="a checkout of the code to compare"
    )
    parser.add_argument(
        "--write", action="store_true", help="update docs/benchmarks.md"
    )
    args = parser.parse_args()

    rounds: list[dict[str, tuple[float, int]]] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-crawl-cpu-") as tmp:
        work = Path(tmp)
        with start_warm_replica(
            articles=args.articles, page_kb=args.page_kb
        ) as replica:
            url = replica.base_url
            crawl(url, work, "first")  # renders the index pages; records the requests
            crawl_paths = work / "paths-source.txt"
            # The first crawl's requests were forgotten by `crawl`; record a second one.
            first_stats = work / "recorded"
            first_stats.mkdir()
            code, _, _, tail = run_measured(
                crawl_command(url, first_stats / "a.sqlite", first_stats / "s.json"),
                cwd=first_stats,
            )
            if code != 0:
                raise RuntimeError(tail)
            crawl_paths.write_text("\n".join(fetch_served_paths(url)) + "\n")
            for number in range(args.pairs):
                row = {"bare": bare(url, crawl_paths, work, f"bare{number}")}
                row["crawl"] = crawl(url, work, f"crawl{number}")
                if args.baseline:
                    row["baseline"] = crawl(
                        url,
                        work,
                        f"baseline{number}",
                        code_root=args.baseline.resolve(),
                    )
                rounds.append(row)
    seconds = time.perf_counter() - started

    kinds = ["bare", "crawl"] + (["baseline"] if args.baseline else [])
    rows = [
        [kind, f"{statistics.median(r[kind][1] for r in rounds):,.0f}",
         spread([r[kind][0] for r in rounds])]
        for kind in kinds
    ]  # fmt: skip
    ratios = [["crawl / bare", spread([r["crawl"][0] / r["bare"][0] for r in rounds])]]
    if args.baseline:
        ratios.append(
            [
                "crawl / baseline",
                spread([r["crawl"][0] / r["baseline"][0] for r in rounds]),
            ]
        )
        ratios.append(
            [
                "baseline / bare",
                spread([r["baseline"][0] / r["bare"][0] for r in rounds]),
            ]
        )
    table = markdown_table(
        ["run", "responses", "CPU ms per response: median (min-max)"], rows
    )
    ratio_table = markdown_table(["ratio (per round)", "median (min-max)"], ratios)
    command = (
        f"python bench/crawl_cpu.py --articles {args.articles} --page-kb {args.page_kb} "
        f"--pairs {args.pairs}"
        + (f" --baseline {args.baseline}" if args.baseline else "")
    )
    body = (
        f"Command: `{command}` ({len(rounds)} interleaved rounds, {seconds:.0f} s in all)\n\n"
        f"{table}\n\n{ratio_table}\n"
    )
    print(body)
    if args.write:
        write_doc_section(SECTION, body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
