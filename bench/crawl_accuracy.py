"""Crawl a replica into a temporary archive and compare the archive with the truth.

    python bench/crawl_accuracy.py [--articles 2000] [--seed 1] [--page-kb 120] [--write]

Starts the replica on a free loopback port, runs `newsarchive crawl` against it in a
subprocess (as a user would), then reads every archived article back with the store's
`load_article` and compares it, field by field, with `replica truth`. Prints: articles
archived vs truth, per-field exact-match rate, failures and duplicates by reason, wall
time and pages/s. `--write` replaces the "Crawl accuracy" section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from common import markdown_table, percent, write_doc_section

SECTION = "Crawl accuracy"


def crawl(base_url: str, workdir: Path) -> tuple[dict, int, float]:
    """Run the CLI crawl; its stats, exit code and the command's wall time."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "newsarchive", "crawl", "--start-url", base_url + "/",
         "--db", str(workdir / "archive.sqlite"), "--stats-json", str(workdir / "stats.json"),
         "--log-file", str(workdir / "crawl.log")],
        cwd=workdir, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        env=dict(os.environ, NEWSARCHIVE_DB=""), check=False)  # fmt: skip
    elapsed = time.perf_counter() - started
    if not (workdir / "stats.json").exists():
        sys.exit(f"the crawl failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    data = json.loads((workdir / "stats.json").read_text())
    return data, done.returncode, elapsed


def compare(db_path: Path, corpus) -> tuple[dict[str, int], Counter, int, int, int]:
    """Per-field exact matches, mismatch examples, and archived/missing/extra counts."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from newsarchive.items import to_json_dict
    from newsarchive.models import Article
    from newsarchive.store import load_article, open_engine
    from newsarchive.urls import url_key

    engine = open_engine(db_path)
    matches: Counter = Counter()
    truth_keys = set()
    found = 0
    with Session(engine) as session:
        ids = dict(session.execute(select(Article.url_key, Article.id)).all())
        for expected in corpus.truth():
            key = url_key(expected["url"])
            truth_keys.add(key)
            if key not in ids:
                continue
            found += 1
            stored = to_json_dict(load_article(session, ids[key]))
            for name, value in expected.items():
                matches[name] += stored.get(name) == value
    engine.dispose()
    extra = len(set(ids) - truth_keys)
    return dict(matches), found, len(truth_keys), extra, len(ids)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--page-kb", type=int, default=120)
    parser.add_argument(
        "--write", action="store_true", help="update docs/benchmarks.md"
    )
    args = parser.parse_args()

    from newsarchive.replica import Corpus, start_replica_process

    with tempfile.TemporaryDirectory(prefix="crawl-accuracy-") as tmp:
        workdir = Path(tmp)
        with start_replica_process(articles=args.articles, seed=args.seed,
                                   page_kb=args.page_kb, port=0) as replica:  # fmt: skip
            data, exit_code, command_seconds = crawl(replica.base_url, workdir)
        corpus = Corpus(articles=args.articles, seed=args.seed, base_url=replica.base_url,
                        page_kb=args.page_kb)  # fmt: skip
        matches, found, truth_total, extra, archived = compare(
            workdir / "archive.sqlite", corpus
        )

    stats = data["stats"]
    crawl_seconds = data["wall_seconds"]
    pages = int(stats.get("response_received_count", 0))
    failures = {
        k.rsplit("/", 1)[1]: v
        for k, v in stats.items()
        if k.startswith("newsarchive/failures/")
    }
    dupes = {
        k.rsplit("/", 1)[1]: v
        for k, v in stats.items()
        if k.startswith("newsarchive/dedupe/")
    }
    summary = markdown_table(
        ["measure", "value"],
        [
            ["articles in the replica (truth)", truth_total],
            ["articles archived", archived],
            ["truth articles archived", f"{found} ({percent(found, truth_total)})"],
            ["archived articles not in the truth", extra],
            ["failures", ", ".join(f"{k} {v}" for k, v in failures.items()) or "0"],
            [
                "duplicates by layer",
                ", ".join(f"{k} {v}" for k, v in dupes.items()) or "0",
            ],
            ["pages fetched (all kinds)", pages],
            ["crawl wall time", f"{crawl_seconds:.1f} s"],
            ["pages/s", f"{pages / crawl_seconds:.1f}"],
            [
                "article pages/s",
                f"{stats.get('newsarchive/article_pages', 0) / crawl_seconds:.1f}",
            ],
            ["command wall time (incl. start-up)", f"{command_seconds:.1f} s"],
            ["exit code", exit_code],
        ],
    )
    fields = markdown_table(
        ["field", "exact match"],
        [[name, percent(hits, found)] for name, hits in sorted(matches.items())],
    )
    command = (f"python bench/crawl_accuracy.py --articles {args.articles} --seed {args.seed} "
               f"--page-kb {args.page_kb}")  # fmt: skip
    machine = f"{os.cpu_count()} CPUs, {platform.python_implementation()} {platform.python_version()}"
    body = (
        f"Command: `{command}` ({machine}; replica pages {args.page_kb} KB; the replica "
        "runs in its own process on the same machine).\n\n"
        f"{summary}\n\nPer-field exact match of archived articles against `replica truth` "
        f"(body_html is kept but not required to match exactly: docs/design/decisions.md 3):\n\n{fields}\n"
    )
    print(body)
    if args.write:
        print(f"wrote {write_doc_section(SECTION, body)}")


if __name__ == "__main__":
    main()
