"""One writer per archive, for a PostgreSQL archive: a session advisory lock.

The file lock of `newsarchive.runlock` guards a SQLite archive; a PostgreSQL archive has
no file, so the run takes `pg_try_advisory_lock` on a connection of its own, held for the
whole run. The server releases the lock when that connection ends, however the process
ends (SIGKILL included), like the kernel's `flock`. Who holds it is read from the server:
the holder's connection carries its pid, start time and what it runs in its
`application_name`.

`archive_lock`, `lock_holder` and `held_by_this_process` choose between the two locks by
the archive's kind, so callers need not know it.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from newsarchive import runlock
from newsarchive.archive_url import is_postgres_url, libpq_url, shown_location
from newsarchive.runlock import ArchiveLocked

logger = logging.getLogger(__name__)

LOCK_KEY = 0x6E65_7773_6172_6368
"""The advisory lock's key ("newsarch"): one per database, so one per archive."""
_CLASS_ID, _OBJECT_ID = LOCK_KEY >> 32, LOCK_KEY & 0xFFFF_FFFF
_NAME_PREFIX = "newsarchive"
_HOLDER_SQL = """
SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
  AND l.classid = %(class_id)s AND l.objid = %(object_id)s
  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
"""


class PostgresArchiveLock:
    """An exclusive, non-blocking lock on a PostgreSQL archive (`ArchiveLocked` at once
    if another run holds it), with the interface of `runlock.ArchiveLock`."""

    def __init__(self, url: str, *, what: str = "crawl", shared: bool = False) -> None:
        self.url = url
        self.what = what
        self.shared = shared
        """Shared: the workers of a shared crawl hold it together; a crawl run alone
        holds it exclusive, so the two exclude each other (docs/scale-out.md)."""
        self._connection: Any = None

    @property
    def held(self) -> bool:
        return self._connection is not None

    def acquire(self) -> None:
        import psycopg

        if self._connection is not None:
            return
        since = datetime.now(UTC).replace(microsecond=0).isoformat()
        # application_name holds at most 63 bytes: pid and time first, then the what.
        name = f"{_NAME_PREFIX} {os.getpid()} {since} {self.what}"[:63]
        connection = psycopg.connect(
            libpq_url(self.url), autocommit=True, application_name=name
        )
        try:
            taken = _try_lock(connection, shared=self.shared)
        except BaseException:
            connection.close()
            raise
        if not taken:
            holder = _holder(connection)
            connection.close()
            raise ArchiveLocked(shown_location(self.url), holder)  # type: ignore[arg-type]
        self._connection = connection
        logger.debug("Took the advisory lock of %s", shown_location(self.url))

    def release(self) -> None:
        if self._connection is None:
            return
        connection, self._connection = self._connection, None
        unlock = "pg_advisory_unlock_shared" if self.shared else "pg_advisory_unlock"
        try:
            connection.execute(f"SELECT {unlock}(%s)", [LOCK_KEY])
        finally:
            connection.close()

    def share(self) -> None:
        """Turn the exclusive lock held into a shared one, with no moment unlocked
        between: the first worker of a shared crawl readies the archive alone, then
        lets the other workers in."""
        if self._connection is None or self.shared:
            return
        self._connection.execute("SELECT pg_advisory_lock_shared(%s)", [LOCK_KEY])
        self._connection.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])
        self.shared = True

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


def _try_lock(connection: Any, *, shared: bool) -> bool:
    function = "pg_try_advisory_lock_shared" if shared else "pg_try_advisory_lock"
    return connection.execute(f"SELECT {function}(%s)", [LOCK_KEY]).fetchone()[0]


def _holder(connection: Any) -> dict[str, Any] | None:
    row = connection.execute(
        _HOLDER_SQL, {"class_id": _CLASS_ID, "object_id": _OBJECT_ID}
    ).fetchone()
    if row is None:
        return None
    parts = (row[0] or "").split(" ", 3)
    if len(parts) < 3 or parts[0] != _NAME_PREFIX or not parts[1].isdigit():
        return {}
    holder: dict[str, Any] = {"pid": int(parts[1]), "since": parts[2]}
    if len(parts) == 4:
        holder["what"] = parts[3]
    return holder


def postgres_lock_holder(url: str) -> dict[str, Any] | None:
    """Who holds the PostgreSQL archive's lock, or None if nobody."""
    import psycopg

    with psycopg.connect(libpq_url(url), autocommit=True) as connection:
        return _holder(connection)


def archive_lock(
    db: str | Path, *, what: str = "crawl"
) -> runlock.ArchiveLock | PostgresArchiveLock:
    """The run lock of the archive `db`: the advisory lock of a PostgreSQL archive, the
    file lock of a SQLite one."""
    if is_postgres_url(db):
        return PostgresArchiveLock(str(db), what=what)
    return runlock.ArchiveLock(db, what=what)


WORKER_LOCK_WAIT_SECONDS = 10.0


@contextmanager
def worker_lock(
    url: str, *, ready: Callable[[str], object]
) -> Iterator[PostgresArchiveLock]:
    """The lock of a worker of a shared crawl: shared with the other workers, refused
    (`ArchiveLocked`) while a crawl run alone holds the archive. A worker that finds
    the archive free takes it alone first and calls `ready(url)` (the upgrade and the
    runs killed processes left `running` are only safe alone); one that comes while
    another is at that step waits for it, a few seconds at most."""
    lock = PostgresArchiveLock(url, what="crawl worker")
    try:
        lock.acquire()
    except ArchiveLocked:
        lock = PostgresArchiveLock(url, what="crawl worker", shared=True)
        deadline = time.monotonic() + WORKER_LOCK_WAIT_SECONDS
        while True:
            try:
                lock.acquire()
                break
            except ArchiveLocked as error:
                holder = error.holder or {}
                if "worker" not in str(holder.get("what", "")):
                    raise
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
    else:
        try:
            ready(url)
            lock.share()
        except BaseException:
            lock.release()
            raise
    try:
        yield lock
    finally:
        lock.release()


def lock_holder(db: str | Path) -> dict[str, Any] | None:
    if is_postgres_url(db):
        return postgres_lock_holder(str(db))
    return runlock.lock_holder(db)


def held_by_this_process(db: str | Path) -> bool:
    if is_postgres_url(db):
        # The workers of a shared crawl hold the lock together: look for this one.
        return os.getpid() in _holder_pids(str(db))
    return (lock_holder(db) or {}).get("pid") == os.getpid()


def _holder_pids(url: str) -> set[int]:
    import psycopg

    with psycopg.connect(libpq_url(url), autocommit=True) as connection:
        rows = connection.execute(
            _HOLDER_SQL, {"class_id": _CLASS_ID, "object_id": _OBJECT_ID}
        ).fetchall()
    pids = set()
    for (name,) in rows:
        parts = (name or "").split(" ", 2)
        if len(parts) >= 2 and parts[0] == _NAME_PREFIX and parts[1].isdigit():
            pids.add(int(parts[1]))
    return pids
