"""The scheduler's disk queue: CPU per request pushed and popped, Scrapy's queue and ours.

    python bench/disk_queue.py [--requests 10000] [--rounds 3] [--write]

Both queues get the same requests, built by the crawl's own spider (article links from
a sitemap, with their `<lastmod>`), pushed onto an empty queue in a temporary directory
and popped back. CPU time per request, the best of `--rounds` rounds.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time

from common import REPO_ROOT, markdown_table, write_doc_section

SECTION = "Disk queue"
SITE = "https://responsiblestatecraft.org"


def spider_and_requests(count: int):
    sys.path.insert(0, str(REPO_ROOT))
    from scrapy.utils.test import get_crawler

    from spiders.responsiblestatecraft import ResponsiblestatecraftSpider

    crawler = get_crawler(ResponsiblestatecraftSpider)
    spider = ResponsiblestatecraftSpider.from_crawler(crawler, start_url=f"{SITE}/")
    crawler.spider = spider
    requests = [
        spider.link_request(
            f"{SITE}/article-number-{i}/", source="sitemap", lastmod="2024-01-01"
        )
        for i in range(count)
    ]
    return crawler, requests


def one_round(queue_class, crawler, requests) -> tuple[float, float]:
    """(push, pop) CPU microseconds per request."""
    with tempfile.TemporaryDirectory(prefix="bench-queue-") as directory:
        queue = queue_class.from_crawler(crawler, os.path.join(directory, "queue"))
        started = time.process_time()
        for request in requests:
            queue.push(request)
        pushed = time.process_time()
        while queue.pop() is not None:
            pass
        popped = time.process_time()
        queue.close()
    scale = 1e6 / len(requests)
    return (pushed - started) * scale, (popped - pushed) * scale


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--write", action="store_true", help="update docs/benchmarks.md"
    )
    args = parser.parse_args()

    crawler, requests = spider_and_requests(args.requests)
    from scrapy.squeues import PickleLifoDiskQueue

    from newsarchive.crawl.queues import NamedCallbackDiskQueue

    queues = [("Scrapy's PickleLifoDiskQueue", PickleLifoDiskQueue),
              ("newsarchive's NamedCallbackDiskQueue", NamedCallbackDiskQueue)]  # fmt: skip
    best = {}
    for _ in range(args.rounds):
        for label, queue_class in queues:
            push, pop = one_round(queue_class, crawler, requests)
            old = best.get(label, (push, pop))
            best[label] = (min(push, old[0]), min(pop, old[1]))
    scrapy_push = best[queues[0][0]][0]
    rows = [[label, f"{push:.1f}", f"{pop:.1f}", f"{scrapy_push / push:.1f}x"]
            for label, (push, pop) in best.items()]  # fmt: skip
    table = markdown_table(["queue", "push µs", "pop µs", "push vs Scrapy's"], rows)
    body = f"""Command: `python bench/disk_queue.py --requests {args.requests} --rounds {args.rounds}`

{os.cpu_count()} cores, Python {platform.python_version()}. CPU time per request ({args.requests:,} requests from the crawl's spider, best of {args.rounds} rounds). A crawl pushes every request it schedules (pending requests wait on disk) and pops it when it is sent.

{table}
"""
    print(body)
    if args.write:
        print(f"wrote {write_doc_section(SECTION, body)}")


if __name__ == "__main__":
    main()
