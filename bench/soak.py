"""Soak: crawl a replica with every fault mixed in, then audit the archive (prints a table).

    python bench/soak.py [--articles 3000] [--share 0.2] [--profile mixed] [--seed 1]
                         [--page-kb 8] [--keep DIR] [--write]

Serves a replica with `--faults <profile>` on a share of its article pages (plus the
site-wide faults: a broken sitemap and feed, dead sitemap entries, URL variants), crawls
it with `newsarchive crawl` (short timeouts, Retry-After capped: `SOAK_CRAWL_SETTINGS`),
and checks the invariant: every article of the truth archived correctly or recorded in
`failures` with a reason its fault explains; none lost, none stored twice; the database
passes `PRAGMA integrity_check`. Exits 1 when the invariant breaks.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import markdown_table, write_doc_section

from newsarchive.resilience.soak import SOAK_CRAWL_SETTINGS, SoakConfig, run_soak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--share", type=float, default=0.2)
    parser.add_argument("--profile", default="mixed")
    parser.add_argument("--seed", type=int, default=1, help="fault seed")
    parser.add_argument("--page-kb", type=int, default=8)
    parser.add_argument("--keep", type=Path, help="keep the archive and logs in DIR")
    parser.add_argument(
        "--write", action="store_true", help="update docs/benchmarks.md"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="soak-") as scratch:
        directory = args.keep or Path(scratch)
        config = SoakConfig(
            directory=directory, articles=args.articles, page_kb=args.page_kb,
            profile=args.profile, share=args.share, fault_seed=args.seed,
        )  # fmt: skip
        result = run_soak(config)
        figures = result.figures()
        report = result.report
    table = markdown_table(["figure", "value"], figures.items())
    kinds = markdown_table(
        ["fault kind", "article pages"], sorted(report.faulted_articles.items())
    )
    reasons = markdown_table(
        ["failure reason (truth articles)", "count"], sorted(report.recorded.items())
    )
    command = " ".join(
        ["python bench/soak.py", f"--articles {args.articles}", f"--share {args.share}",
         f"--profile {args.profile}", f"--seed {args.seed}", f"--page-kb {args.page_kb}"]
    )  # fmt: skip
    settings = ", ".join(f"{k}={v}" for k, v in SOAK_CRAWL_SETTINGS.items())
    body = (
        f"`{command}` on {os.cpu_count()} cores; replica hang {config.hang_seconds} s, "
        f"Retry-After {config.retry_after} s; crawler {settings}.\n\n"
        f"{table}\n\n{kinds}\n\n{reasons}\n"
    )
    print(body)
    problems = report.problems()
    if problems:
        print(f"INVARIANT BROKEN: {problems}")
    if args.write:
        print(f"Wrote {write_doc_section('Soak (faults)', body)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
