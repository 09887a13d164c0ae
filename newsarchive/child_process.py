"""What every worker process of a crawl does first: die with the crawl process."""

from __future__ import annotations

import ctypes
import os
import signal
import sys

_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent(parent: int) -> None:
    """Exit when the crawl process dies (SIGKILL, a crash): an orphan must not go on
    working for a run that is over, beside the next run. On Linux the kernel kills this
    process at once; elsewhere the caller checks `os.getppid()` between jobs."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it died before prctl
        os._exit(1)


# The crawl process is the pace-setter (Scrapy runs in one thread); a worker that takes
# a core from it when both want one slows the whole crawl. A lower priority lets the
# workers run on what the crawl leaves (bench/crawl_throughput.py).
WORKER_NICENESS = 5


def lower_priority() -> None:
    """Run this process at a lower CPU priority than the crawl process."""
    try:
        os.nice(WORKER_NICENESS)
    except OSError:  # not allowed here: run at the same priority
        pass
