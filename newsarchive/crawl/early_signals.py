"""SIGINT/SIGTERM that come before Scrapy's own handlers are in place.

Scrapy installs its shutdown handlers once its reactor has started; a signal before
that would end the process with a traceback (SIGINT) or silently (SIGTERM), or be lost
while the reactor starts. Until then these handlers stand in:

- while the archive is being readied (lock, upgrade, closing killed runs), the signal
  raises `CrawlInterrupted` where the process is, like Ctrl-C in any Python program:
  the open transaction rolls back, the lock is released, nothing was fetched;
- once the reactor is starting, the signal is handed on to the reactor's loop and sent
  again from there, where Scrapy's handlers have been installed: the crawl stops the
  stock way.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class CrawlInterrupted(Exception):
    """A signal stopped the crawl before it started fetching."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(f"interrupted by {signal.Signals(signum).name}")


class EarlySignals:
    def __init__(self) -> None:
        self.reactor: Any = None

    def handle(self, signum: int, frame: FrameType | None) -> None:
        if self.reactor is None:
            # Already stopping: more signals change nothing (and must not interrupt
            # the stop itself).
            for other in STOP_SIGNALS:
                signal.signal(other, signal.SIG_IGN)
            raise CrawlInterrupted(signum)
        # Runs once the reactor runs; by then Scrapy's handler is (or will shortly be)
        # the one installed, and if not, this one hands the signal on again.
        self.reactor.callFromThread(signal.raise_signal, signum)

    def reactor_starting(self, reactor: Any) -> None:
        """From now on, signals go to the reactor (and so to Scrapy's handlers)."""
        self.reactor = reactor


@contextmanager
def early_signals() -> Iterator[EarlySignals]:
    """Stand-in handlers for SIGINT and SIGTERM (see the module docstring). The
    handlers found are put back on exit unless Scrapy has replaced these."""
    handlers = EarlySignals()
    previous = {signum: signal.getsignal(signum) for signum in STOP_SIGNALS}
    for signum in STOP_SIGNALS:
        signal.signal(signum, handlers.handle)
    try:
        yield handlers
    finally:
        for signum, handler in previous.items():
            if signal.getsignal(signum) == handlers.handle:
                signal.signal(signum, handler)


def ignore_late_signals() -> None:
    """Once the crawl has stopped, its run is closed with its status: a SIGINT or
    SIGTERM arriving while the summary is printed changes nothing and must not kill the
    process (whose exit code reports the run) with Scrapy's handlers gone."""
    for signum in STOP_SIGNALS:
        signal.signal(signum, signal.SIG_IGN)
