"""Open the archive: a SQLite file (WAL mode, foreign keys on, a busy timeout, write
transactions that take the write lock when they begin) or a PostgreSQL database
(`postgresql://` URL, psycopg 3; docs/postgresql.md).

The store's SQL is dialect-neutral but for this module (the connection's settings, and
`insert_ignoring_conflicts`), the full-text index (`fts`) and the backup before an
upgrade (`schema`).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Table, create_engine, event
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.sql.dml import Insert

from newsarchive.archive_url import (
    archive_location,
    is_postgres_url,
    shown_location,
    sqlalchemy_url,
)

logger = logging.getLogger(__name__)

DEFAULT_DB_PATH = Path("data") / "archive.sqlite"
BUSY_TIMEOUT_SECONDS = 30.0
"""How long a SQLite transaction waits for another process's write lock before giving
up (`NEWSARCHIVE_BUSY_TIMEOUT` for a crawl)."""


def default_db_path(
    environ: os._Environ[str] | dict[str, str] | None = None,
) -> Path | str:
    """The archive: `$NEWSARCHIVE_DB` if set, else `data/archive.sqlite`; a path is made
    absolute (so logs can show where the archive is), a PostgreSQL URL kept as is."""
    env = os.environ if environ is None else environ
    return archive_location(env.get("NEWSARCHIVE_DB") or DEFAULT_DB_PATH)


def open_engine(
    db_path: str | Path,
    *,
    echo: bool = False,
    busy_timeout: float = BUSY_TIMEOUT_SECONDS,
) -> Engine:
    """An engine on the archive `db_path`: a PostgreSQL URL, or a SQLite file (its
    folder is created if missing).

    SQLite: every connection gets foreign keys on, a busy timeout of `busy_timeout`
    seconds and WAL journaling. pysqlite's own transaction handling is switched off so
    that `Session.begin()` emits a real `BEGIN IMMEDIATE` (SQLAlchemy's documented
    recipe for SQLite): a batch reads and writes one snapshot, and takes the write lock
    up front. A deferred `BEGIN` would take it only at the first write, after reading:
    if another process wrote meanwhile, SQLite fails that transaction at once ("database
    is locked") instead of waiting, so the busy timeout would never apply.
    """
    if is_postgres_url(db_path):
        return open_postgres_engine(str(db_path), echo=echo)
    path = Path(db_path).expanduser().resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        f"sqlite:///{path}",
        echo=echo,
        connect_args={"timeout": busy_timeout},
    )
    event.listen(engine, "connect", _sqlite_connection_configurer(busy_timeout))
    event.listen(engine, "begin", _sqlite_begin_immediate)
    logger.debug("Opened archive engine on %s", path)
    return engine


def open_postgres_engine(url: str, *, echo: bool = False) -> Engine:
    """An engine on the PostgreSQL archive at `url` (psycopg 3). Its transactions are
    PostgreSQL's default READ COMMITTED; the run lock keeps one crawl per archive."""
    engine = create_engine(sqlalchemy_url(url), echo=echo, pool_pre_ping=True)
    logger.debug("Opened archive engine on %s", shown_location(url))
    return engine


def _sqlite_connection_configurer(busy_timeout: float) -> Callable[[Any, Any], None]:
    milliseconds = int(busy_timeout * 1000)

    def configure(dbapi_connection: Any, connection_record: Any) -> None:
        # Autocommit at the driver level: the "begin" listener issues BEGIN itself.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute(f"PRAGMA busy_timeout = {milliseconds}")
            cursor.execute("PRAGMA journal_mode = WAL")
            # NORMAL is durable across application crashes in WAL mode, much faster.
            cursor.execute("PRAGMA synchronous = NORMAL")
        finally:
            cursor.close()

    return configure


def _sqlite_begin_immediate(connection: Any) -> None:
    """SQLite only: every transaction takes the write lock when it begins, waiting up
    to the busy timeout for another process to release it."""
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def insert_ignoring_conflicts(
    table: Table, unique: Sequence[str], *, dialect: str = "sqlite"
) -> Insert:
    """`INSERT ... ON CONFLICT (unique) DO NOTHING`: a row whose `unique` columns are
    taken is not inserted (and, with RETURNING, returns nothing). Both SQLite and
    PostgreSQL say it this way; each dialect has its own construct."""
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    return insert(table).on_conflict_do_nothing(index_elements=list(unique))
