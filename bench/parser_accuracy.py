"""Parser accuracy and speed on replica article pages.

    .venv/bin/python bench/parser_accuracy.py [--site NAME] [--articles N] [--page-kb 120] [--write]

Renders each article of a replica corpus of the publication NAME (responsiblestatecraft.org,
the default, or spectrum.ieee.org) in-process (no HTTP), parses it with
`newsarchive.extraction.parse_article`, and compares every field with the replica's
ground truth. Prints per-field exact-match rates and the parse time per page (the time
of `parse_article` on the page's bytes: decoding, lxml parsing and extraction).
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import markdown_table, median_mean, percent, timed_ms, write_doc_section

from newsarchive.extraction import ParseError, parse_article
from newsarchive.items import to_json_dict
from newsarchive.replica import Corpus
from newsarchive.sites import profile_named

DEFAULT_SITE = "responsiblestatecraft.org"
BASE_URL = "http://127.0.0.1:8765"
NOT_COMPARED = {"body_html"}  # docs/design/decisions.md 3: kept, not compared exactly


def main() -> None:
    options = _arguments()
    corpus = Corpus(
        articles=options.articles,
        seed=options.seed,
        base_url=BASE_URL,
        page_kb=options.page_kb,
        site=options.site,
    )
    # The corpus's own objects are not the parser's: keep the collector from rescanning
    # them during timed parses.
    gc.collect()
    gc.freeze()
    matches: Counter[str] = Counter()
    failures: Counter[str] = Counter()
    timings: list[float] = []
    cpu_timings: list[float] = []  # CPU time: steadier than wall time on a busy machine
    sizes: list[int] = []
    examples: dict[str, str] = {}
    paths = list(corpus.article_paths())
    profile = profile_named(options.site)
    for path in paths:
        body = _body(corpus.render(path))
        truth = corpus.truth_for(path)
        sizes.append(len(body))
        cpu_started = time.process_time()
        try:
            article, elapsed = timed_ms(
                parse_article, body, BASE_URL + path, site=profile
            )
        except ParseError as error:
            failures[error.reason] += 1
            examples.setdefault(f"error:{error.reason}", f"{path}: {error}")
            continue
        timings.append(elapsed)
        cpu_timings.append((time.process_time() - cpu_started) * 1000.0)
        parsed = to_json_dict(article)
        for field, expected in truth.items():
            if field in NOT_COMPARED:
                continue
            if parsed.get(field) == expected:
                matches[field] += 1
            else:
                examples.setdefault(field, path)
    report = _report(
        options, paths, matches, failures, (timings, cpu_timings), sizes, examples
    )
    print(report)
    if options.write:
        title = "Parser accuracy"
        if options.site != DEFAULT_SITE:
            title += f": {options.site}"
        print(f"wrote {write_doc_section(title, report)}")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--site",
        default=DEFAULT_SITE,
        help="publication the replica serves (responsiblestatecraft.org, spectrum.ieee.org)",
    )
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--page-kb", type=int, default=120, help="replica page size setting"
    )
    parser.add_argument(
        "--write", action="store_true", help="update docs/benchmarks.md"
    )
    return parser.parse_args()


def _body(rendered: object) -> bytes:
    body = getattr(rendered, "body", rendered)
    return body.encode("utf-8") if isinstance(body, str) else bytes(body)


def _report(options, paths, matches, failures, timings, sizes, examples) -> str:
    total = len(paths)
    fields = [f for f in to_json_dict(_empty_article()) if f not in NOT_COMPARED]
    rows = [
        (field, percent(matches[field], total), examples.get(field, ""))
        for field in fields
    ]
    wall, cpu = timings
    median, mean = median_mean(wall)
    cpu_median, cpu_mean = median_mean(cpu)
    size_median, _ = median_mean([float(s) for s in sizes])
    lines = [
        (
            "Command: `.venv/bin/python bench/parser_accuracy.py"
            f" --site {options.site} --articles {options.articles}"
            f" --seed {options.seed} --page-kb {options.page_kb}`"
        ),
        (
            f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}."
            f" Pages: {total} (median {size_median / 1024:.0f} KB);"
            f" parse errors: {dict(failures) or 'none'}."
        ),
        "",
        markdown_table(["field", "exact match", "first mismatch"], rows),
        "",
        markdown_table(
            [
                "pages parsed",
                "wall ms/page median",
                "wall mean",
                "CPU ms/page median",
                "CPU mean",
            ],
            [
                (
                    len(wall),
                    f"{median:.2f}",
                    f"{mean:.2f}",
                    f"{cpu_median:.2f}",
                    f"{cpu_mean:.2f}",
                )
            ],
        ),
    ]
    for key, example in examples.items():
        if key.startswith("error:"):
            lines.append(f"\n{key}: {example}")
    return "\n".join(lines)


def _empty_article():
    from newsarchive.items import Article

    return Article(url="")


if __name__ == "__main__":
    main()
