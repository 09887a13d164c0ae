"""The crawl's temporary request-queue folders (`$TMPDIR/newsarchive-queue-*`).

A run removes its folder when it ends; a run that was killed (SIGKILL, power cut) can't.
So each folder holds a `.owner` file its run keeps `flock`ed while it lives (the kernel
drops the lock when the process dies, however it dies), and the next run removes every
such folder whose lock it can take: proven dead. A folder without that file (made by an
older newsarchive, or by another program) is left alone.
"""

from __future__ import annotations

import errno
import fcntl
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

logger = logging.getLogger(__name__)

PREFIX = "newsarchive-queue-"
OWNER = ".owner"
MIN_FREE_BYTES = 16 * 1024 * 1024


class TemporaryFolderFull(OSError):
    """The temporary folder (not the archive) has no room for the request queue."""


@contextmanager
def queue_folder(base: str | Path | None = None) -> Iterator[Path]:
    """A new queue folder in `base` (default: the system's temporary folder), owned
    by this process until the context ends; stale ones are removed first."""
    # $TMPDIR itself when set: Python's gettempdir() would quietly fall back to /tmp
    # when $TMPDIR is full, and the user would not know which folder filled up.
    base = Path(base or os.environ.get("TMPDIR") or tempfile.gettempdir())
    remove_dead_folders(base)
    _check_room(base)
    try:
        path = Path(tempfile.mkdtemp(prefix=PREFIX, dir=base))
        fd = os.open(path / OWNER, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as error:
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            raise _full(base) from error
        raise
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, str(os.getpid()).encode())
        yield path
    finally:
        os.close(fd)
        shutil.rmtree(path, ignore_errors=True)


def remove_dead_folders(base: Path) -> list[Path]:
    """Remove the queue folders in `base` whose run is proven dead; those removed."""
    removed = []
    try:
        candidates = sorted(base.glob(f"{PREFIX}*"))
    except OSError:
        return removed
    for folder in candidates:
        if _owner_is_dead(folder):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    if removed:
        logger.info(
            "Removed %d request-queue folders left by killed runs in %s",
            len(removed),
            base,
        )
    return removed


def _owner_is_dead(folder: Path) -> bool:
    try:
        fd = os.open(folder / OWNER, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return False  # not ours to judge
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False  # its run is alive
    finally:
        os.close(fd)
    return True


def _check_room(base: Path) -> None:
    try:
        free = shutil.disk_usage(base).free
    except OSError:
        return
    if free < MIN_FREE_BYTES:
        raise _full(base)


def _full(base: Path) -> TemporaryFolderFull:
    return TemporaryFolderFull(
        errno.ENOSPC,
        f"the temporary folder {base} (TMPDIR) is full: the crawl's request queue "
        "waits there; free some space, or point TMPDIR at a roomier folder",
    )
