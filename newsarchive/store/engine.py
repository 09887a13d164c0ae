"""Open the SQLite archive: WAL mode, foreign keys on, a busy timeout.

The store's SQL is dialect-neutral but for this module (the connection's settings, and
`insert_ignoring_conflicts`), the full-text index (`fts`) and the backup before an
upgrade (`schema`).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Table, create_engine, event
from sqlalchemy.dialects.sqlite import Insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

logger = logging.getLogger(__name__)

DEFAULT_DB_PATH = Path("data") / "archive.sqlite"
BUSY_TIMEOUT_SECONDS = 30.0


def default_db_path(environ: os._Environ[str] | dict[str, str] | None = None) -> Path:
    """The archive path: `$NEWSARCHIVE_DB` if set, else `data/archive.sqlite`, absolute
    (resolved against the current directory, so logs can show where the archive is)."""
    env = os.environ if environ is None else environ
    return Path(env.get("NEWSARCHIVE_DB") or DEFAULT_DB_PATH).expanduser().resolve()


def open_engine(db_path: str | Path, *, echo: bool = False) -> Engine:
    """An engine on the archive at `db_path` (its folder is created if missing).

    Every connection gets foreign keys on, a busy timeout and WAL journaling. pysqlite's
    own transaction handling is switched off so that `Session.begin()` emits a real
    `BEGIN` (SQLAlchemy's documented recipe): a batch reads and writes one snapshot.
    """
    path = Path(db_path).expanduser().resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        f"sqlite:///{path}",
        echo=echo,
        connect_args={"timeout": BUSY_TIMEOUT_SECONDS},
    )
    event.listen(engine, "connect", _configure_connection)
    event.listen(engine, "begin", _begin_transaction)
    logger.debug("Opened archive engine on %s", path)
    return engine


def _configure_connection(dbapi_connection: Any, connection_record: Any) -> None:
    # Autocommit at the driver level: SQLAlchemy's "begin" listener issues BEGIN itself.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
        cursor.execute("PRAGMA journal_mode = WAL")
        # NORMAL is durable across application crashes in WAL mode, and much faster.
        cursor.execute("PRAGMA synchronous = NORMAL")
    finally:
        cursor.close()


def _begin_transaction(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")


def insert_ignoring_conflicts(table: Table, unique: Sequence[str]) -> Insert:
    """`INSERT ... ON CONFLICT (unique) DO NOTHING`: a row whose `unique` columns are
    taken is not inserted (and, with RETURNING, returns nothing). SQLite's spelling;
    PostgreSQL's dialect has the same construct."""
    return sqlite_insert(table).on_conflict_do_nothing(index_elements=list(unique))
