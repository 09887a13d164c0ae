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
