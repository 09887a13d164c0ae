"""Parse article and index pages in a second process, so parsing uses another core.

Scrapy runs in one thread: every millisecond the page parsers take is a millisecond the
crawl is not fetching (parsing alone caps a crawl at ~59% of a bare Scrapy spider,
`bench/crawl_throughput.py`). With `NEWSARCHIVE_PARSE_PROCESS` the spider hands each
article and index page to `ParseProcess`: one spawned worker (`parse_worker.serve`)
that runs the same pure parsers (`parse_article`, `parse_index`) and sends the typed
item back. The spider awaits the result while the event loop goes on fetching.

Pages travel in shared memory, the jobs and results as small frames on a socket pair
(`page_wire`). At most `max_in_flight` pages are outstanding; beyond that the callbacks
wait, so the crawl slows to the worker's pace instead of queueing pages in memory. A
page the worker can't take as it is (not a text response, or not UTF-8: decoding rules
stay with Scrapy's response) is parsed here.

If the worker dies, the pages it had are parsed here and so is every later one: the
crawl goes on, slower, and the log says so. The worker exits when the crawl process
closes the socket, or dies (`newsarchive.child_process`).
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import pickle
import socket
from collections.abc import Callable
from typing import Any

from newsarchive.crawl.page_wire import FrameWire, PageSlots
from newsarchive.crawl.parse_worker import serve
from newsarchive.extraction import parse_article, parse_index
from newsarchive.extraction.document import is_utf8
from newsarchive.extraction.errors import MissingField, NotAnArticle, ParseError
from newsarchive.items import Article, IndexPage
from newsarchive.sites import SiteProfile

logger = logging.getLogger(__name__)

DEFAULT_MAX_IN_FLIGHT = 16
_ERRORS: dict[str, type[ParseError]] = {
    "ParseError": ParseError,
    "NotAnArticle": NotAnArticle,
    "MissingField": MissingField,
}


class InProcessParsers:
    """The parsers run here, in the crawl process (the default)."""

    async def article(self, response: Any, *, site: SiteProfile) -> Article:
        return parse_article(response, site=site)

    async def index(self, response: Any, *, site: SiteProfile) -> IndexPage:
        return parse_index(response, site=site)

    def close(self) -> None:
        pass


class ParseProcess(InProcessParsers):
    """The parsers run in one worker process; the callers await their results."""

    def __init__(self, *, max_in_flight: int = DEFAULT_MAX_IN_FLIGHT) -> None:
        if max_in_flight < 1:
            raise ValueError(f"max_in_flight must be 1 or more, not {max_in_flight}")
        self.max_in_flight = max_in_flight
        self.remote_pages = 0
        """Pages parsed in the worker."""
        self.local_pages = 0
        """Pages parsed here (not UTF-8, or after the worker died)."""
        self._slots: asyncio.Semaphore | None = None
        self._pages: PageSlots | None = None
        self._wire: FrameWire | None = None
        self._process: Any = None
        self._starting: asyncio.Future[None] | None = None
        self._pending: dict[int, asyncio.Future[tuple[str, Any]]] = {}
        self._next_id = 0
        self._dead = False
        self._closed = False

    async def article(self, response: Any, *, site: SiteProfile) -> Article:
        return await self._parse(
            response, ("article", site), lambda: parse_article(response, site=site)
        )

    async def index(self, response: Any, *, site: SiteProfile) -> IndexPage:
        return await self._parse(
            response, ("index", site), lambda: parse_index(response, site=site)
        )

    async def _parse(
        self, response: Any, what: tuple[str, SiteProfile], here: Callable[[], Any]
    ) -> Any:
        job = _job_of(response, *what)
        if job is not None and not (self._dead or self._closed):
            await self._start()
        if job is None or self._dead or self._closed:
            self.local_pages += 1
            return here()
        assert self._slots is not None
        async with self._slots:
            try:
                kind, value = await self._send(job, response.body)
            except _WorkerGone:
                self.local_pages += 1
                return here()
        self.remote_pages += 1
        if kind == "error":
            raise _error_of(*value)
        return value

    async def _send(self, job: tuple[Any, ...], body: bytes) -> tuple[str, Any]:
        if self._dead or self._wire is None:  # died while this page waited for a slot
            raise _WorkerGone()
        slot = self._pages.put(body) if self._pages is not None else None
        job_id, self._next_id = self._next_id, self._next_id + 1
        result = asyncio.get_running_loop().create_future()
        self._pending[job_id] = result
        inline = body if slot is None else len(body)
        try:
            self._wire.send(pickle.dumps((job_id, job, slot, inline), protocol=5))
            return await result
        finally:
            if slot is not None:
                assert self._pages is not None
                self._pages.release(slot)

    async def _start(self) -> None:
        if self._starting is None:
            self._starting = asyncio.ensure_future(self._spawn())
        await asyncio.shield(self._starting)

    async def _spawn(self) -> None:
        if PageSlots.available():
            self._pages = PageSlots(self.max_in_flight)
        context = multiprocessing.get_context("spawn")
        ours, theirs = socket.socketpair()
        slot_count = self._pages.count if self._pages is not None else 0
        self._process = context.Process(
            target=serve,
            args=(theirs, multiprocessing.current_process().pid, slot_count),
            name="newsarchive-parser",
            daemon=True,
        )
        self._process.start()
        theirs.close()
        self._wire = FrameWire(ours, on_frame=self._on_result, on_lost=self._on_lost)
        if self._pages is not None:
            self._wire.send_fd(self._pages.fd)
        self._slots = asyncio.Semaphore(self.max_in_flight)
        logger.info("Parsing pages in a worker process (pid %d)", self._process.pid)

    def _on_result(self, frame: memoryview) -> None:
        job_id, outcome = pickle.loads(frame)
        waiting = self._pending.pop(job_id, None)
        if waiting is not None and not waiting.done():
            waiting.set_result(outcome)

    def _on_lost(self, error: BaseException | None) -> None:
        if not self._closed:
            logger.error(
                "The parser process stopped (%s); parsing in the crawl process from now on",
                type(error).__name__ if error else "end of stream",
            )
        self._dead = True
        for waiting in self._pending.values():
            if not waiting.done():
                waiting.set_exception(_WorkerGone())
        self._pending.clear()

    def close(self) -> None:
        """Stop the worker: it sees the socket close and exits."""
        if self._closed:
            return
        self._closed = True
        if self._wire is not None:
            self._wire.close()
        if self._process is not None:
            self._process.join(timeout=5)
            if self._process.is_alive():
                self._process.kill()
                self._process.join(timeout=5)
        if self._pages is not None:
            self._pages.close()
        logger.info(
            "Parser process closed: %d pages parsed there, %d here",
            self.remote_pages,
            self.local_pages,
        )


class _WorkerGone(Exception):
    """The worker died with this page: parse it here."""


def _job_of(response: Any, kind: str, site: SiteProfile) -> tuple[Any, ...] | None:
    """What the worker needs to parse `response` as the crawl process would, or None
    when it should be parsed here (not a text response, or not UTF-8)."""
    encoding = getattr(response, "encoding", None)
    if not isinstance(encoding, str) or not is_utf8(encoding):
        return None
    content_type = response.headers.get(b"Content-Type") or b""
    return (kind, response.url, content_type, encoding, site)


def _error_of(class_name: str, reason: str, message: str) -> ParseError:
    """The parse error the worker met, as the parser raised it here."""
    error = ParseError.__new__(_ERRORS.get(class_name, ParseError))
    Exception.__init__(error, message)
    error.reason = reason
    if isinstance(error, MissingField):
        error.field_name = reason.removeprefix("missing_")
    return error
