"""Instructions per response of a crawl, counted by valgrind (callgrind): the CPU-per-page
comparison without the machine's noise.

    python bench/crawl_instructions.py [--articles 300] [--page-kb 60]
        [--variant NAME=DIR[:SETTING=VALUE,...]] ... [--write]

CPU time on these shared 2-core machines moves by a quarter from one run to the next
(`crawl_cpu.py` reports the spread), so a difference of a few percent needs many
rounds to show. An instruction count does not depend on the machine's load: the same
crawl counted twice differs by under 0.5%. Each variant is a checkout of the code
(DIR, e.g. made with `git worktree add --detach /tmp/lean-baseline 596311d`; "." is
this one) and `-s` settings for `newsarchive crawl`. Every variant crawls the same warm
replica (`warm_replica.py`) into an empty archive under `valgrind --tool=callgrind`,
and once more against a closed port, which counts its start-up (imports, the
archive's migrations, Scrapy's set-up). Reported: instructions of the crawl, of its
start-up, responses received (Scrapy's `response_received_count`), and the marginal
instructions per response, (crawl - start-up) / responses, with its ratio to the first
variant. Two crawls run at a time; valgrind makes each ~30x slower (~4 minutes for
300 articles).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from common import REPO_ROOT, markdown_table, write_doc_section
from measured_runs import crawl_command
from warm_replica import start_warm_replica

SECTION = "Crawl instructions per response"
CLOSED_PORT_URL = "http://127.0.0.1:9"  # discard: nothing listens


def parse_variant(text: str) -> tuple[str, Path, list[str]]:
    name, _, rest = text.partition("=")
    directory, _, settings = rest.partition(":")
    if not name or not directory:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not NAME=DIR[:SETTING=VALUE,...]"
        )
    options = [part for setting in settings.split(",") if setting
               for part in ("-s", setting)]  # fmt: skip
    root = REPO_ROOT if directory == "." else Path(directory).resolve()
    return name, root, options


def count(url: str, root: Path, options: list[str]) -> tuple[int, int]:
    """(instructions, responses) of one crawl of `url` with the code at `root`."""
    with tempfile.TemporaryDirectory(prefix="bench-instructions-") as tmp:
        work = Path(tmp)
        command = crawl_command(
            url, work / "archive.sqlite", work / "stats.json",
            "--max-failure-rate", "1", *options,
        )  # fmt: skip
        run = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={work}/cg.out",
             *command],
            cwd=work, capture_output=True, text=True, check=False,
            env=dict(os.environ, NEWSARCHIVE_DB="", PYTHONPATH=str(root)),
        )  # fmt: skip
        collected = re.search(r"Collected : (\d+)", run.stderr)
        if collected is None:
            raise RuntimeError(f"valgrind did not finish: {run.stderr[-2000:]}")
        stats_path = work / "stats.json"
        responses = 0
        if stats_path.exists():
            stats = json.loads(stats_path.read_text())
            responses = int(stats.get("stats", stats).get("response_received_count", 0))
        return int(collected[1]), responses


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--page-kb", type=int, default=60)
    parser.add_argument(
        "--variant",
        type=parse_variant,
        action="append",
        help="NAME=DIR[:SETTING=VALUE,...]; the first is the reference (default: .)",
    )
    parser.add_argument(
        "--write", action="store_true", help="update docs/benchmarks.md"
    )
    args = parser.parse_args()
    variants = args.variant or [("this tree", REPO_ROOT, [])]

    with (
        start_warm_replica(articles=args.articles, page_kb=args.page_kb) as replica,
        ThreadPoolExecutor(2) as pool,
    ):
        url = replica.base_url + "/"
        jobs = {
            name: (
                pool.submit(count, CLOSED_PORT_URL + "/", root, options),
                pool.submit(count, url, root, options),
            )
            for name, root, options in variants
        }
        results = {
            name: (start_up.result()[0], *crawl.result())
            for name, (start_up, crawl) in jobs.items()
        }

    def marginal(name: str) -> float:
        start_up, crawl, responses = results[name]
        return (crawl - start_up) / responses

    reference = variants[0][0]
    rows = [
        [name, f"{crawl / 1e9:.2f}", f"{start_up / 1e9:.2f}", responses,
         f"{marginal(name) / 1e6:.2f}", f"{marginal(name) / marginal(reference):.3f}"]
        for name, (start_up, crawl, responses) in results.items()
    ]  # fmt: skip
    described = " ".join(
        f"--variant {name}={'.' if root == REPO_ROOT else root}"
        + (":" + ",".join(options[1::2]) if options else "")
        for name, root, options in variants
    )
    headers = ["variant", "crawl G instr", "start-up G instr", "responses",
               "M instr per response", f"/ {reference}"]  # fmt: skip
    body = (
        f"Command: `python bench/crawl_instructions.py --articles {args.articles} "
        f"--page-kb {args.page_kb} {described}`\n\n"
        + markdown_table(headers, rows)
        + "\n"
    )
    print(body)
    if args.write:
        write_doc_section(SECTION, body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
