"""What scheduled re-runs cost: requests and wall time against the first run.

Serves a replica (edition 1), crawls it into a new archive (the first run), crawls it
again unchanged, then serves edition 2 on the same port (new, edited, unpublished and
moved articles) and crawls again; finally a `--full` run of edition 2 for comparison.
Each crawl is `newsarchive crawl` in a subprocess. Prints a table of requests, article
pages, 304s, counts and wall time, each relative to the first run.

    .venv/bin/python bench/incremental_cost.py [--articles 2000] [--page-kb 120] [--write]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import REPO_ROOT, markdown_table, write_doc_section

sys.path.insert(0, str(REPO_ROOT))

from newsarchive.replica import start_replica_process

SEED = 1


def crawl(db: Path, base_url: str, work: Path, name: str, *options: str) -> dict:
    stats_path = work / f"{name}.json"
    started = time.perf_counter()
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "newsarchive",
            "crawl",
            "--db",
            str(db),
            "--start-url",
            base_url + "/",
            "--stats-json",
            str(stats_path),
            *options,
        ],
        capture_output=True,
        text=True,
        env=dict(os.environ, NEWSARCHIVE_DB=""),
        check=False,
    )
    wall = time.perf_counter() - started
    if not stats_path.exists():
        raise SystemExit(
            f"{name}: crawl failed ({completed.returncode}):\n{completed.stderr}"
        )
    data = json.loads(stats_path.read_text())
    data["process_seconds"] = wall
    return data


def row(name: str, data: dict, first: dict) -> list[str]:
    stats = data["stats"]
    requests = stats.get("downloader/request_count", 0)
    first_requests = first["stats"].get("downloader/request_count", 1)
    wall, first_wall = data["wall_seconds"], first["wall_seconds"]
    return [
        name,
        str(requests),
        f"{100 * requests / first_requests:.1f}%",
        str(stats.get("newsarchive/article_pages", 0)),
        str(stats.get("downloader/response_status_count/304", 0)),
        str(stats.get("newsarchive/store/inserted", 0)),
        str(stats.get("newsarchive/store/updated", 0)),
        str(stats.get("newsarchive/store/moved", 0)),
        str(stats.get("newsarchive/gone", 0)),
        f"{wall:.1f}",
        f"{100 * wall / first_wall:.1f}%",
        str(data["exit_code"]),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--page-kb", type=int, default=120)
    parser.add_argument(
        "--write", action="store_true", help="update docs/benchmarks.md"
    )
    args = parser.parse_args()
    runs: list[tuple[str, dict]] = []
    with tempfile.TemporaryDirectory(prefix="bench-incremental-") as tmp:
        work = Path(tmp)
        db = work / "archive.sqlite"
        replica = start_replica_process(
            articles=args.articles, seed=SEED, page_kb=args.page_kb, port=0
        )
        port = int(replica.base_url.rsplit(":", 1)[1])
        with replica:
            runs.append(
                ("first run (edition 1)", crawl(db, replica.base_url, work, "first"))
            )
            runs.append(
                ("unchanged re-run", crawl(db, replica.base_url, work, "again"))
            )
        with start_replica_process(
            articles=args.articles,
            seed=SEED,
            page_kb=args.page_kb,
            port=port,
            edition=2,
        ) as replica:
            runs.append(
                ("re-run after edition 2", crawl(db, replica.base_url, work, "e2"))
            )
            runs.append(
                (
                    "--full re-run (edition 2)",
                    crawl(db, replica.base_url, work, "full", "--full"),
                )
            )
    first = runs[0][1]
    headers = [
        "run",
        "requests",
        "of first",
        "article pages",
        "304",
        "new",
        "changed",
        "moved",
        "gone",
        "wall s",
        "of first",
        "exit",
    ]
    table = markdown_table(headers, [row(name, data, first) for name, data in runs])
    command = (
        f".venv/bin/python bench/incremental_cost.py --articles {args.articles} "
        f"--page-kb {args.page_kb}"
    )
    body = (
        f"Replica of {args.articles} articles (seed {SEED}, pages of ~{args.page_kb} KB), "
        f"{os.cpu_count()} CPUs; each run is `newsarchive crawl` in a subprocess, wall "
        "time as the crawl measures it (without interpreter start-up).\n\n"
        f"```sh\n{command}\n```\n\n{table}\n\n"
        "An unchanged re-run reads robots.txt, the sitemaps, the main feed, the first page "
        "of the home, section and region listings (answered 304) and retries the open "
        "failures; no archived article is fetched. After edition 2 it also fetches the new "
        "articles, the edited ones (their sitemap `<lastmod>` changed) and the ones that "
        "left the sitemaps (one unpublished: 410, one moved: 301 to its new slug).\n"
    )
    print(body)
    if args.write:
        print(f"Wrote {write_doc_section('Incremental runs', body)}")


if __name__ == "__main__":
    main()
