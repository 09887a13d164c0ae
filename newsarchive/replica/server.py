"""The aiohttp application serving a `Corpus`, and the serve loop the CLI runs.

One catch-all route hands the path to `Corpus.render` (pure, LRU-cached) and applies the
conditional-request rules. Access logging is off: the server must never be what limits a crawl.
Fault injection plugs in through `make_app(..., middlewares=...)`.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import socket
from collections.abc import Callable, Iterable
from typing import Any

from aiohttp import web

from newsarchive.replica.corpus import Corpus
from newsarchive.replica.responses import conditional

logger = logging.getLogger(__name__)

CORPUS_KEY = web.AppKey("corpus", Corpus)


async def _handle(request: web.Request) -> web.Response:
    corpus = request.app[CORPUS_KEY]
    page = corpus.render(request.path_qs)
    page = conditional(
        page,
        request.headers.get("If-None-Match"),
        request.headers.get("If-Modified-Since"),
    )
    if request.method == "HEAD":
        return web.Response(status=page.status, headers=page.headers)
    return web.Response(status=page.status, headers=page.headers, body=page.body)


def make_app(
    corpus: Corpus, middlewares: Iterable[Callable[..., Any]] = ()
) -> web.Application:
    """An aiohttp application serving `corpus`. `middlewares` is the slot for fault injection."""
    app = web.Application(middlewares=list(middlewares))
    app[CORPUS_KEY] = corpus
    app.router.add_get("/{tail:.*}", _handle)
    return app


def bind_socket(host: str, port: int) -> socket.socket:
    """Bind first, so a `--port 0` server knows its URL before building the corpus."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(1024)
    sock.setblocking(False)
    return sock


def base_url_for(sock: socket.socket, host: str) -> str:
    port = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


async def serve(
    sock: socket.socket,
    corpus: Corpus,
    ready: Callable[[str], None],
    middlewares: Iterable[Callable[..., Any]] = (),
) -> None:
    """Serve until SIGTERM or SIGINT, then shut down cleanly."""
    runner = web.AppRunner(
        make_app(corpus, middlewares), access_log=None, handle_signals=False
    )
    await runner.setup()
    site = web.SockSite(runner, sock)
    await site.start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    ready(corpus.base_url)
    try:
        await stop.wait()
    finally:
        logger.info("replica shutting down")
        await runner.cleanup()
