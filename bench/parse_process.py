"""What parsing costs the crawl process: in it, or handed to the parser process.

    python bench/parse_process.py [--articles 300] [--page-kb 120]

Parses the replica's article pages (as Scrapy responses) three ways, in one run:
`parse_article` in this process; `ParseProcess` (NEWSARCHIVE_PARSE_PROCESS: pages in
shared memory, results back as pickles); and, for comparison, a round trip of each page
and its item through a Unix socket pair without shared memory. The figure that matters is
this process's CPU per page: the crawl process runs Scrapy on one core, so what it saves
here is what it can spend fetching. Prints a table (ms of CPU per page, median of
`--repeat` runs).
"""

from __future__ import annotations

import argparse
import asyncio
import pickle
import resource
import socket
import statistics
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import markdown_table, write_doc_section

from newsarchive.sites import profile_named

SITE = profile_named("responsiblestatecraft.org")
SECTION = "Parser process"


def cpu_seconds() -> float:
    """This process's CPU time (its threads included, not its children)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def responses(articles: int, page_kb: int) -> list:
    from scrapy.http import HtmlResponse

    from newsarchive.replica import Corpus

    corpus = Corpus(articles=articles, page_kb=page_kb)
    pages = []
    for truth in corpus.truth():
        page = corpus.render(truth["url"])
        pages.append(HtmlResponse(url=truth["url"], body=page.body,
                                  headers=dict(page.headers)))  # fmt: skip
    return pages


def in_process(pages: list) -> float:
    from newsarchive.extraction import parse_article

    started = cpu_seconds()
    for page in pages:
        parse_article(page, site=SITE)
    return (cpu_seconds() - started) / len(pages)


def parse_process(pages: list) -> float:
    from newsarchive.crawl.parse_process import ParseProcess

    async def run() -> float:
        parsers = ParseProcess()
        try:
            await parsers.article(pages[0], site=SITE)  # the worker is up
            started = cpu_seconds()
            await asyncio.gather(*(parsers.article(p, site=SITE) for p in pages))
            return (cpu_seconds() - started) / len(pages)
        finally:
            parsers.close()

    return asyncio.run(run())


def socket_round_trip(pages: list) -> float:
    """Each page's body out and its item back through a socket pair (an echo thread
    stands in for the worker: its CPU is this process's too, so it is measured alone
    and taken off)."""
    from newsarchive.extraction import parse_article

    item = pickle.dumps(parse_article(pages[0], site=SITE))
    ours, theirs = socket.socketpair()

    def echo() -> None:
        reader = theirs.makefile("rb")
        for page in pages:
            reader.read(len(pickle.dumps(page.body)))
            theirs.sendall(item)

    worker = threading.Thread(target=echo)
    started = cpu_seconds()
    worker.start()
    incoming = ours.makefile("rb")
    for page in pages:
        ours.sendall(pickle.dumps(page.body))
        pickle.loads(incoming.read(len(item)))
    worker.join()
    return (cpu_seconds() - started) / len(pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--page-kb", type=int, default=120)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--write", action="store_true", help="update docs/benchmarks.md"
    )
    args = parser.parse_args()
    pages = responses(args.articles, args.page_kb)
    ways = {
        "parse_article in the crawl process": in_process,
        "parser process (NEWSARCHIVE_PARSE_PROCESS)": parse_process,
        "a socket round trip alone, both ends (no parsing)": socket_round_trip,
    }
    rows = []
    for label, way in ways.items():
        ms = statistics.median(1000 * way(pages) for _ in range(args.repeat))
        rows.append([label, f"{ms:.2f}"])
    body = (
        f"Command: `python bench/parse_process.py --articles {args.articles} --page-kb "
        f"{args.page_kb}`\n\n{len(pages)} replica article pages of ~{args.page_kb} KB; "
        f"CPU of the crawl process per page, median of {args.repeat} runs.\n\n"
        + markdown_table(["parsing", "crawl-process CPU ms/page"], rows)
        + "\n"
    )
    print(body)
    if args.write:
        print(f"wrote {write_doc_section(SECTION, body)}")


if __name__ == "__main__":
    main()
