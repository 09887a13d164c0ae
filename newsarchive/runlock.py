"""One writer per archive: an OS lock on `<db>.lock` held for the whole run.

`fcntl.flock` locks belong to the open file, so the kernel releases them when the process
dies, however it dies (SIGKILL, power cut of a container, OOM killer): a killed run can
never block the next one, and there is no stale-PID guessing. The lock file holds the
holder's pid and start time as JSON, only to say who holds it; the file itself is left in
place (deleting it would let two processes lock two different files of the same name).

    with ArchiveLock(db_path):          # raises ArchiveLocked at once if held
        ...crawl, or upgrade the schema...
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self

logger = logging.getLogger(__name__)


def lock_path(db_path: str | Path) -> Path:
    """The lock file of an archive: the archive's path plus `.lock`."""
    path = Path(db_path).expanduser().resolve()
    return path.with_name(path.name + ".lock")


class ArchiveLocked(Exception):
    """Another process holds the archive's lock."""

    def __init__(self, db_path: Path, holder: dict[str, Any] | None) -> None:
        self.db_path = db_path
        self.holder = holder or {}
        who = f"pid {self.holder['pid']}" if "pid" in self.holder else "another process"
        since = (
            f", running since {self.holder['since']}" if "since" in self.holder else ""
        )
        what = f" ({self.holder['what']})" if "what" in self.holder else ""
        super().__init__(
            f"another newsarchive run holds the archive {db_path}: {who}{what}{since}; "
            "try again when it has finished"
        )


class ArchiveLock:
    """An exclusive, non-blocking lock on an archive (see the module docstring)."""

    def __init__(self, db_path: str | Path, *, what: str = "crawl") -> None:
        self.db_path = Path(db_path).expanduser().resolve()
        self.path = lock_path(self.db_path)
        self.what = what
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock, or raise `ArchiveLocked` at once (never waits)."""
        if self._fd is not None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_holder(fd)
            os.close(fd)
            raise ArchiveLocked(self.db_path, holder) from None
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        _write_holder(
            fd,
            {
                "pid": os.getpid(),
                "what": self.what,
                "since": datetime.now(UTC).replace(microsecond=0).isoformat(),
            },
        )
        logger.debug("Locked %s", self.path)

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)
        logger.debug("Unlocked %s", self.path)

    def __enter__(self) -> Self:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()


def lock_holder(db_path: str | Path) -> dict[str, Any] | None:
    """Who holds the archive's lock (`{"pid", "what", "since"}`), or None if nobody."""
    path = lock_path(db_path)
    if not path.exists():
        return None
    fd = os.open(path, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return _read_holder(fd) or {}
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)


def held_by_this_process(db_path: str | Path) -> bool:
    """Whether this process holds the archive's lock (the CLI takes it before a crawl)."""
    return (lock_holder(db_path) or {}).get("pid") == os.getpid()


def _write_holder(fd: int, holder: dict[str, Any]) -> None:
    os.ftruncate(fd, 0)
    os.pwrite(fd, json.dumps(holder).encode("utf-8"), 0)


def _read_holder(fd: int) -> dict[str, Any] | None:
    try:
        data = os.pread(fd, 4096, 0)
        holder = json.loads(data.decode("utf-8")) if data.strip() else None
    except (OSError, ValueError):
        return None
    return holder if isinstance(holder, dict) else None
