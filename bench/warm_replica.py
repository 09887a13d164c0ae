"""A replica for crawl benchmarks: every page cached, every request recorded.

    python bench/warm_replica.py --articles 10000 --page-kb 120 [--seed 1] [--no-prerender]
                                 [--cache-size N]

Serves the same pages as `newsarchive replica serve` (same `Corpus`, same aiohttp app),
with two differences that matter to a benchmark:

- the render cache holds every page (`newsarchive replica serve` keeps 512), and the
  article pages are rendered before the server says it is ready, so a crawl measures the
  crawler, not the page generator;
- it remembers the path of every request it answers. `GET /__bench__/paths` returns
  them (one per line, in arrival order) and forgets them: the list a bare spider
  replays to fetch exactly what a crawl fetched.

Its first stdout line is the usual "Replica serving at URL/". `start_warm_replica()`
runs it in a subprocess (the `ReplicaProcess` of `newsarchive.replica.process`).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
PATHS_ENDPOINT = "/__bench__/paths"
# Index pages, sitemaps, feeds, tag and author pages come on top of the articles.
CACHE_SLACK = 20_000


def start_warm_replica(
    *, articles: int, page_kb: int, seed: int = 1, prerender: bool = True,
    cache_size: int | None = None, port: int = 0,
):  # fmt: skip
    """This script in a subprocess; returns a `ReplicaProcess` (use it with `with`).
    `cache_size`: pages the render cache keeps (default: all of them). `port`: 0 for any
    free one; a given port serves the same URLs as an earlier replica on it (a re-run)."""
    sys.path.insert(0, str(REPO_ROOT))
    from newsarchive.replica.process import READY_PREFIX, ReplicaProcess

    command = [sys.executable, str(Path(__file__).resolve()), "--articles", str(articles),
               "--page-kb", str(page_kb), "--seed", str(seed)]  # fmt: skip
    if not prerender:
        command.append("--no-prerender")
    if cache_size is not None:
        command += ["--cache-size", str(cache_size)]
    if port:
        command += ["--port", str(port)]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, text=True, cwd=REPO_ROOT,
        env=dict(os.environ, PYTHONUNBUFFERED="1"),
    )  # fmt: skip
    assert process.stdout is not None
    line = process.stdout.readline()  # blocks through the pre-rendering
    if not line.startswith(READY_PREFIX):
        process.kill()
        raise RuntimeError(
            f"warm replica did not start (exit {process.wait()}): {line!r}"
        )
    return ReplicaProcess(process, line[len(READY_PREFIX) :].strip().rstrip("/"))


def fetch_served_paths(base_url: str) -> list[str]:
    """The paths the replica answered since the last call (and forget them)."""
    from urllib.request import urlopen

    with urlopen(base_url + PATHS_ENDPOINT, timeout=60) as response:
        return response.read().decode("utf-8").splitlines()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--page-kb", type=int, default=120)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0: any free port")
    parser.add_argument("--no-prerender", dest="prerender", action="store_false")
    parser.add_argument("--cache-size", type=int, help="pages cached (default: all)")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO_ROOT))

    from aiohttp import web

    from newsarchive.replica.corpus import Corpus
    from newsarchive.replica.server import base_url_for, bind_socket, serve

    sock = bind_socket(args.host, args.port)
    corpus = Corpus(articles=args.articles, seed=args.seed, page_kb=args.page_kb,
                    base_url=base_url_for(sock, args.host),
                    cache_size=args.cache_size or args.articles + CACHE_SLACK)  # fmt: skip
    if args.prerender:
        started = time.perf_counter()
        paths = corpus.article_paths()
        for path in paths:
            corpus.render(path)
        print(f"pre-rendered {len(paths)} article pages in "
              f"{time.perf_counter() - started:.1f} s", file=sys.stderr)  # fmt: skip
    served: list[str] = []

    @web.middleware
    async def record(request: web.Request, handler):
        if request.path == PATHS_ENDPOINT:
            text = "\n".join(served)
            served.clear()
            return web.Response(text=text)
        served.append(request.path_qs)
        return await handler(request)

    def ready(base_url: str) -> None:
        print(f"Replica serving at {base_url}/", flush=True)

    asyncio.run(serve(sock, corpus, ready, [record]))


if __name__ == "__main__":
    main()
