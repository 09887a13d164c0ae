"""Extraction benchmark: newsarchive's parser against peer extractors, speed, accuracy.

    .venv/bin/python bench/extraction.py [--articles 500] [--page-kb 120] [--write]

Renders replica article pages (N generated + the seed article) in-process into a temp
dir, with a manifest and the ground truth; runs newsarchive's parser in-process and each
peer (trafilatura, newspaper4k, news-please, fundus) in its own venv under bench/.venvs/
(built on first use from bench/peers/<peer>.txt) through bench/peers/run_<peer>.py;
then prints, per tool, the exact-match rate per field (plus body F1), ms/page and the
speed ratio vs trafilatura. `--write` replaces "## Extraction" in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from common import REPO_ROOT, markdown_table, write_doc_section
from peers._runner import extract_page
from peers.report import BenchContext, render
from peers.results import ToolRun, read_runner_output, score
from peers.scoring import fields_from_article
from peers.venvs import TOOLS, PeerVenv, ensure_venv, runner_script

logger = logging.getLogger(__name__)

SEED_PATH = "/diplomacy-watch-ukraine-russia-quietly-talking/"
SITE = "responsiblestatecraft.org"
# The real site's origin: peers see the URLs they would see in production.
BASE_URL = "https://responsiblestatecraft.org"
RUNNER_TIMEOUT_S = 3600


def main() -> None:
    args = _parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    sys.path.insert(0, str(REPO_ROOT))
    tools = [t for t in args.peers.split(",") if t] if args.peers else list(TOOLS)
    # Installs run while the pages render (venvs do not depend on the pages); all are
    # done before any timing starts, so pip never competes with a timed tool.
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {
            name: pool.submit(ensure_venv, name) for name in {TOOLS[t] for t in tools}
        }
        with tempfile.TemporaryDirectory(prefix="bench-extraction-") as workdir:
            work = Path(args.keep or workdir)
            work.mkdir(parents=True, exist_ok=True)
            truth, mean_kb = render_pages(work, args.articles, args.page_kb, args.seed)
            venvs = {name: future.result() for name, future in futures.items()}
            load_before = os.getloadavg()[0]
            runs = [run_newsarchive(work, args.repeat)]
            for tool in tools:  # one at a time: timings must not share the 2 cores
                runs.append(run_peer(tool, venvs[TOOLS[tool]], work, args.repeat))
    scores = [score(run, truth) for run in runs]
    context = BenchContext(
        command="python bench/extraction.py " + " ".join(sys.argv[1:]),
        pages=len(truth),
        generated_articles=len(truth) - 1,
        page_kb_setting=args.page_kb,
        mean_page_kb=mean_kb,
        base_url=BASE_URL,
        repeat=args.repeat,
        load=f"{load_before:.1f} -> {os.getloadavg()[0]:.1f}",
        machine=f"{os.cpu_count()} cores, Python {platform.python_version()}, "
        "tools run one at a time",
    )
    section = render(scores, context)
    print(section)
    _print_misses(scores, truth)
    if args.write:
        logger.info("wrote %s", write_doc_section("Extraction", section))


def _parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--articles",
        type=int,
        default=500,
        help="generated articles besides the seed article (default 500)",
    )
    parser.add_argument(
        "--page-kb",
        type=int,
        default=120,
        help="replica page size setting in KB (default 120)",
    )
    parser.add_argument("--seed", type=int, default=1, help="replica corpus seed")
    parser.add_argument(
        "--peers",
        default="",
        help=f"comma-separated subset of {','.join(TOOLS)} (default all)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="timed runs per page and tool; the fastest counts (default 3)",
    )
    parser.add_argument(
        "--keep",
        type=Path,
        help="write pages, manifest and tool outputs to this (empty) dir and keep them",
    )
    parser.add_argument(
        "--write",
        action="store_true",
        help='replace the "## Extraction" section of docs/benchmarks.md',
    )
    args = parser.parse_args()
    if args.articles < 4 or args.page_kb < 1:
        parser.error("--articles must be >= 4 and --page-kb >= 1")
    unknown = set(filter(None, args.peers.split(","))) - set(TOOLS)
    if unknown:
        names, choices = ", ".join(sorted(unknown)), ", ".join(TOOLS)
        parser.error(f"unknown peer(s) {names}; choose from {choices}")
    return args


def render_pages(
    work: Path, articles: int, page_kb: int, seed: int
) -> tuple[dict[int, dict[str, Any]], float]:
    """Write pages/, manifest.jsonl and truth.jsonl; return the truth by page id."""
    from newsarchive.replica import Corpus

    corpus = Corpus(
        articles=articles + 1, seed=seed, base_url=BASE_URL, page_kb=page_kb
    )
    paths = list(corpus.article_paths())
    if SEED_PATH not in paths:  # the brief: the seed page is always part of the set
        raise SystemExit(f"the replica corpus has no seed article at {SEED_PATH}")
    (work / "pages").mkdir(exist_ok=True)
    truth: dict[int, dict[str, Any]] = {}
    total_bytes = 0
    with (
        (work / "manifest.jsonl").open("w", encoding="utf-8") as manifest,
        (work / "truth.jsonl").open("w", encoding="utf-8") as truth_file,
    ):
        # The seed goes first: page 0 is the warm-up and the "what it returns" sample.
        for page_id, path in enumerate(
            [SEED_PATH] + [p for p in paths if p != SEED_PATH]
        ):
            body = _page_bytes(corpus.render(path))
            total_bytes += len(body)
            file = f"pages/{page_id:06d}.html"
            (work / file).write_bytes(body)
            url = BASE_URL + path
            manifest.write(json.dumps({"id": page_id, "url": url, "file": file}) + "\n")
            article_truth = corpus.truth_for(path)
            truth[page_id] = fields_from_article(article_truth) | {"path": path}
            truth_file.write(json.dumps(article_truth) + "\n")
    logger.info(
        "rendered %d pages (%.0f KB mean)", len(truth), total_bytes / 1024 / len(truth)
    )
    return truth, total_bytes / 1024 / len(truth)


def _page_bytes(response: Any) -> bytes:
    body = response.body if hasattr(response, "body") else response[-1]
    status = getattr(response, "status", 200)
    if status != 200:
        raise SystemExit(f"the replica answered {status} for an article path")
    return body.encode("utf-8") if isinstance(body, str) else bytes(body)


def run_newsarchive(work: Path, repeat: int) -> ToolRun:
    """newsarchive's parser, in-process, on the decoded HTML strings the peers get."""
    from newsarchive import __version__
    from newsarchive.extraction import parse_article
    from newsarchive.items import to_json_dict
    from newsarchive.sites import profile_named

    def extract(html: str, url: str) -> Any:
        return parse_article(html, url, site=profile_named(SITE))

    def to_fields(article: Any) -> dict[str, Any]:
        return fields_from_article(to_json_dict(article))

    run = ToolRun(name="newsarchive", version=__version__,
                  settings=f"parse_article(html, url, site=profile_named({SITE!r}))")  # fmt: skip
    lines = (work / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    for position, page in enumerate(json.loads(line) for line in lines):
        html = (work / page["file"]).read_text(encoding="utf-8")
        if position == 0:
            extract(html, page["url"])  # warm-up, as for the peers
        record, _ = extract_page(extract, to_fields, html, page, repeat)
        run.pages[page["id"]] = record
    logger.info("newsarchive: %d pages done", len(run.pages))
    return run


def run_peer(tool: str, venv: PeerVenv, work: Path, repeat: int) -> ToolRun:
    """Run one peer's runner in its venv; problems become a row note, not a crash."""
    if venv.python is None:
        return ToolRun(name=tool, problem=f"not installable: {venv.problem}")
    out = work / f"out_{tool}.jsonl"
    command = [str(venv.python), str(runner_script(tool)),
               "--manifest", str(work / "manifest.jsonl"), "--out", str(out),
               "--repeat", str(repeat)]  # fmt: skip
    logger.info("running %s", tool)
    # Peers must not reach for the network (tldextract's suffix list, image fetches).
    env = os.environ | {"TLDEXTRACT_CACHE": str(work / "tldextract"), "no_proxy": "*"}
    try:
        done = subprocess.run(command, capture_output=True, text=True, env=env,
                              timeout=RUNNER_TIMEOUT_S, check=False)  # fmt: skip
    except subprocess.TimeoutExpired:
        return ToolRun(
            name=tool, problem=f"runner timed out after {RUNNER_TIMEOUT_S} s"
        )
    if done.returncode != 0 or not out.exists():
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return ToolRun(
            name=tool, problem=f"runner failed (exit {done.returncode}): {last}"
        )
    return read_runner_output(out, tool)


def _print_misses(scores: list, truth: dict[int, dict[str, Any]]) -> None:
    """Console only: the first pages each tool got wrong, to read the misses."""
    rows = []
    for s in scores:
        for name, page_ids in s.misses.items():
            rows.append(
                [s.run.name, name, ", ".join(truth[i]["path"] for i in page_ids[:3])]
            )
    if rows:
        print("\nFirst pages missed per field (console only):\n")
        print(markdown_table(["tool", "field", "pages"], rows, right_align_from=99))


if __name__ == "__main__":
    main()
