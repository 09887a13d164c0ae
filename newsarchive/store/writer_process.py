"""Write the crawl's batches in a second process, so storing uses another core.

The crawl process fetches, parses and dedupes; storing a page (~15 SQL statements, the
ORM's bookkeeping, compression) costs more CPU than all of that, and Python runs one
thread at a time. `WriterProcess` hands each batch to one worker process, which opens
its own engine on the archive and writes the batches in the order they were sent, each
in one transaction (`ArchiveWriter.write`, the same code as in-process writing).

Submitting does not wait. At most `max_in_flight` batches are outstanding; beyond that,
`submit` waits for the oldest (the crawl slows down to the writer's pace instead of
queueing pages in memory). The worker is spawned, not forked: the crawl process runs an
event loop and threads. It ignores SIGINT and SIGTERM, so that a stopped crawl still
writes what it has (the crawl process decides when to stop, and closes the pool), and
its log records go to the crawl's own log through a queue.

After a failed batch the worker refuses every later one: a batch is never written past
a hole, and the caller stops the crawl on the first error (counting `unwritten`).
"""

from __future__ import annotations

import logging
import logging.handlers
import multiprocessing
import os
import pickle
import time
from collections import Counter, deque
from concurrent.futures import Future, ProcessPoolExecutor, wait
from pathlib import Path
from typing import Any

from sqlalchemy.exc import DBAPIError

from newsarchive.child_process import become_worker
from newsarchive.store.shared_bodies import BodyReader, BodyRegions, BodySpans
from newsarchive.store.writer import ArchiveWriter, QueuedFetch

logger = logging.getLogger(__name__)

DEFAULT_MAX_IN_FLIGHT = 2


class WriterProcess:
    def __init__(
        self, db_path: Path, *, max_in_flight: int = DEFAULT_MAX_IN_FLIGHT
    ) -> None:
        if max_in_flight < 1:
            raise ValueError(f"max_in_flight must be 1 or more, not {max_in_flight}")
        context = multiprocessing.get_context("spawn")
        self.max_in_flight = max_in_flight
        self._log_queue: Any = context.Queue()
        self._log_listener = logging.handlers.QueueListener(
            self._log_queue, _ForwardToLogger()
        )
        self._log_listener.start()
        self._executor = ProcessPoolExecutor(
            max_workers=1,
            mp_context=context,
            initializer=_open_writer,
            initargs=(
                str(db_path),
                self._log_queue,
                logging.getLogger().level,
                os.getpid(),
            ),
        )
        # Bodies go through shared memory where the platform allows (one region per
        # batch in flight, and one for the batch being sent).
        self._bodies = (
            BodyRegions(max_in_flight + 1) if BodyRegions.available() else None
        )
        # (pages in the batch, its result, where its bodies are), oldest first; a batch
        # leaves only once written, so after an error the failed batch and all later
        # ones are here.
        self._in_flight: deque[tuple[int, Future[Counter[str]], BodySpans | None]] = (
            deque()
        )
        self._closed = False
        self.waited_seconds = 0.0
        """How long the crawl waited for the writer (the writer was the slower)."""

    @property
    def unwritten(self) -> int:
        """Pages sent and not (yet) written: all of them after an error."""
        return sum(size for size, _, _ in self._in_flight)

    def submit(self, batch: list[QueuedFetch], *, run_id: int | None) -> Counter[str]:
        """Send a batch; the stats of the batches written meanwhile. Raises the
        error of a failed batch."""
        if batch:
            spans = None
            if self._bodies is not None:
                batch, spans = self._bodies.detach(batch)
            future = self._executor.submit(_write, batch, run_id, spans)
            self._in_flight.append((len(batch), future, spans))
        return self.collect(wait_for=len(self._in_flight) - self.max_in_flight)

    def collect(self, *, wait_for: int = 0) -> Counter[str]:
        """The stats of the batches written so far (the oldest `wait_for` are waited
        for; the others only if already done). Raises the error of a failed batch."""
        counts: Counter[str] = Counter()
        while self._in_flight:
            _, future, spans = self._in_flight[0]
            if not future.done():
                if wait_for <= 0:
                    break
                started = time.perf_counter()
                wait([future])
                self.waited_seconds += time.perf_counter() - started
            counts.update(future.result())  # raises the batch's error: it stays queued
            self._in_flight.popleft()
            if spans is not None and self._bodies is not None:
                self._bodies.release(spans)
            wait_for -= 1
        return counts

    def drain(self) -> Counter[str]:
        """Wait for every batch sent; their stats."""
        return self.collect(wait_for=len(self._in_flight))

    def close(self) -> None:
        """Stop the worker (after the batches it has; the unstarted ones are dropped
        after an error: see `unwritten`)."""
        if self._closed:
            return
        self._closed = True
        self._executor.shutdown(wait=True, cancel_futures=True)
        if self._bodies is not None:  # after the worker: it may have been reading them
            self._bodies.close()
        self._log_listener.stop()
        self._log_queue.close()


class _ForwardToLogger:
    """Hands a record from the worker to the crawl's logger of the same name."""

    def handle(self, record: logging.LogRecord) -> None:
        logging.getLogger(record.name).handle(record)


# --- in the worker process ------------------------------------------------------------

_writer: ArchiveWriter | None = None
_bodies: BodyReader | None = None
_failed: str | None = None
_parent: int | None = None


def _open_writer(db_path: str, log_queue: Any, log_level: int, parent: int) -> None:
    global _writer, _bodies, _parent
    # Killed with the crawl, its open transaction rolls back; where the kernel can't
    # do that, `_write` checks before each batch that the crawl is still there.
    _parent = parent
    become_worker(parent)
    root = logging.getLogger()
    root.handlers[:] = [logging.handlers.QueueHandler(log_queue)]
    root.setLevel(log_level)
    from newsarchive.store.engine import open_engine

    _writer = ArchiveWriter(open_engine(db_path))
    _bodies = BodyReader(parent)


def _write(
    batch: list[QueuedFetch], run_id: int | None, spans: BodySpans | None = None
) -> Counter[str]:
    global _failed
    assert _writer is not None and _bodies is not None, "the writer was not initialised"
    if _parent is not None and os.getppid() != _parent:
        os._exit(1)  # the crawl process is gone
    if _failed is not None:
        raise RuntimeError(f"not written: an earlier batch failed ({_failed})")
    try:
        if spans is not None:
            _bodies.attach(batch, spans)
        return _writer.write(batch, run_id=run_id)
    except Exception as exc:  # noqa: BLE001
        _failed = type(exc).__name__
        raise _picklable(exc) from None


def _picklable(exc: Exception) -> Exception:
    """The error as it can travel back to the crawl process: a database error's bound
    parameters (page bodies, as memoryviews) can't be pickled, so they are left out."""
    try:
        pickle.dumps(exc)
    except Exception:  # noqa: BLE001
        if isinstance(exc, DBAPIError):
            return type(exc)(exc.statement, None, exc.orig, hide_parameters=True)
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc
