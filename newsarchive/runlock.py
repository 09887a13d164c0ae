"""One writer per archive: an OS lock held for the whole run, on `<db>.lock` and on the
database file itself.

The lock follows the file, not its name: besides `<db>.lock` (the same file through any
path or bind mount of its folder, and where the holder writes who it is), the database
file is locked too when it exists, so two names of one file (hard links) can't be
crawled at once. `flock` locks and SQLite's own (`fcntl` byte ranges) don't interact on
Linux.

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
        who = (
            f"pid {self.holder['pid']}"
            if "pid" in self.holder
            else "another process (through another name of the same file)"
        )
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
        self._db_fd: int | None = None
        self._identities: set[tuple[Any, ...]] = set()

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
        try:
            self._db_fd = _lock_database_file(self.db_path)
        except BaseException:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)
            raise
        self._fd = fd
        self._identities = _identities(self.db_path)
        _HELD.update(self._identities)
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
        _HELD.difference_update(self._identities)
        if self._db_fd is not None:
            os.close(self._db_fd)  # releases its flock
            self._db_fd = None
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
    """Who holds the archive's lock (`{"pid", "what", "since"}`, `{}` when it is held
    through another name of the file), or None if nobody."""
    if _database_file_locked(Path(db_path).expanduser().resolve()):
        return _holder_by_name(db_path) or {}
    return _holder_by_name(db_path)


def _holder_by_name(db_path: str | Path) -> dict[str, Any] | None:
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
    return bool(_identities(Path(db_path).expanduser().resolve()) & _HELD)


_HELD: set[tuple[Any, ...]] = set()
"""The archives this process holds, by `_identities`."""


def _identities(db_path: Path) -> set[tuple[Any, ...]]:
    """The database file's path, and its device and inode if it exists."""
    found: set[tuple[Any, ...]] = {("path", str(db_path))}
    try:
        stat = db_path.stat()
    except OSError:
        return found
    return found | {("inode", stat.st_dev, stat.st_ino)}


def _lock_database_file(db_path: Path) -> int | None:
    """An exclusive flock on the database file itself (None if there is no file yet:
    a new archive's only name is the one `<db>.lock` is locked by)."""
    try:
        fd = os.open(db_path, os.O_RDONLY | os.O_NOFOLLOW)
    except FileNotFoundError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise ArchiveLocked(db_path, None) from None
    except BaseException:
        os.close(fd)
        raise
    return fd


def _database_file_locked(db_path: Path) -> bool:
    if _identities(db_path) & _HELD:
        return True
    try:
        fd = os.open(db_path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # also drops the shared lock just taken
    return False


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
