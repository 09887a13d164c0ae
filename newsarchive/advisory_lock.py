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

    def __init__(self, url: str, *, what: str = "crawl") -> None:
        self.url = url
        self.what = what
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
            taken = connection.execute(
                "SELECT pg_try_advisory_lock(%s)", [LOCK_KEY]
            ).fetchone()[0]
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
        try:
            connection.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])
        finally:
            connection.close()

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


def lock_holder(db: str | Path) -> dict[str, Any] | None:
    if is_postgres_url(db):
        return postgres_lock_holder(str(db))
    return runlock.lock_holder(db)


def held_by_this_process(db: str | Path) -> bool:
    return (lock_holder(db) or {}).get("pid") == os.getpid()
