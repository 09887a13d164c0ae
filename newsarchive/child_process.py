"""What every worker process of a crawl does first (`become_worker`): leave stopping to
the crawl process, die with it, and give way to it."""

from __future__ import annotations

import ctypes
import os
import signal
import sys

_PR_SET_PDEATHSIG = 1  # linux/prctl.h
# The crawl process is the pace-setter (Scrapy runs in one thread); a worker that takes
# a core from it when both want one slows the whole crawl. A lower priority lets the
# workers run on what the crawl leaves (bench/crawl_throughput.py).
WORKER_NICENESS = 5


def become_worker(parent: int) -> None:
    """Set this process up as a worker of the crawl process `parent`.

    - SIGINT and SIGTERM are ignored: Ctrl-C reaches the whole process group, and the
      crawl process decides when to stop (it finishes its batch, then closes us).
    - It dies with the crawl (SIGKILL, a crash): an orphan must not go on working for a
      run that is over, beside the next run. On Linux the kernel kills it at once;
      elsewhere the caller checks `os.getppid()` between jobs.
    - It runs at a lower CPU priority than the crawl.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it died before prctl
        os._exit(1)
    try:
        os.nice(WORKER_NICENESS)
    except OSError:  # not allowed here: run at the same priority
        pass
