"""`newsarchive db copy`: move a SQLite archive into an empty PostgreSQL database.

The target gets the schema from the same migrations, then every table of the models in
foreign-key order, ids kept, through PostgreSQL's COPY; the id sequences are moved past
the copied ids, the full-text index is built from the copied articles, and every table's
row count is compared with the source's. It all happens in one transaction on the
target: a copy that fails leaves the database as empty as it was (docs/postgresql.md).
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import inspect, text
from sqlalchemy.orm import Session

from newsarchive.models import Base
from newsarchive.store import fts
from newsarchive.store.engine import open_postgres_engine
from newsarchive.store.schema import alembic_config, head_revision

logger = logging.getLogger(__name__)

COPY_BATCH_ROWS = 2_000
# Tables the copy does not take from the source: the target's migrations write its
# schema version, and its full-text index is built from the copied articles.
NOT_COPIED = frozenset({"alembic_version", "articles_fts"})


class CopyRefused(Exception):
    """The copy cannot start (the message says why and what to do)."""


class CountMismatch(Exception):
    """A table's row count differs after the copy (the transaction is rolled back)."""


@dataclass(frozen=True)
class CopiedTable:
    name: str
    rows: int


def copy_archive(
    source: sqlite3.Connection,
    source_revision: str | None,
    target_url: str,
    *,
    on_table: Callable[[CopiedTable], None] | None = None,
) -> list[CopiedTable]:
    """Copy the archive read through `source` (a SQLite connection, tuple rows) into
    the empty PostgreSQL database at `target_url`."""
    head = head_revision()
    if source_revision != head:
        raise CopyRefused(
            f"the source archive has schema {source_revision}, this newsarchive "
            f"writes {head}: run `newsarchive db upgrade --db SOURCE` first"
        )
    source_tables = _sqlite_tables(source)
    engine = open_postgres_engine(target_url)
    try:
        existing = inspect(engine).get_table_names()
        if existing:
            raise CopyRefused(
                f"the target database is not empty ({len(existing)} tables, e.g. "
                f"{min(existing)}): give a new, empty database"
            )
        copied: list[CopiedTable] = []
        with engine.begin() as connection:
            _migrate(connection)
            raw = connection.connection.driver_connection
            for table in Base.metadata.sorted_tables:
                if table.name in NOT_COPIED or table.name not in source_tables:
                    continue
                columns = [
                    c.name for c in table.columns if c.name in source_tables[table.name]
                ]
                rows = _copy_table(source, raw, table.name, columns)
                _check_count(source, connection, table.name, rows)
                if "id" in table.columns:
                    _reset_sequence(connection, table.name)
                done = CopiedTable(table.name, rows)
                copied.append(done)
                if on_table is not None:
                    on_table(done)
            with Session(bind=connection) as session:
                fts.rebuild(session)
                session.flush()
        return copied
    finally:
        engine.dispose()


def _sqlite_tables(source: sqlite3.Connection) -> dict[str, set[str]]:
    names = [
        row[0]
        for row in source.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    ]
    return {
        name: {row[1] for row in source.execute(f'PRAGMA table_info("{name}")')}
        for name in names
    }


def _migrate(connection: Any) -> None:
    from alembic import command

    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


def _copy_table(
    source: sqlite3.Connection, target: Any, table: str, columns: list[str]
) -> int:
    quoted = ", ".join(f'"{column}"' for column in columns)
    cursor = source.execute(f'SELECT {quoted} FROM "{table}" ORDER BY rowid')
    count = 0
    statement = f'COPY "{table}" ({quoted}) FROM STDIN'
    with (
        contextlib.closing(target.cursor()) as target_cursor,
        target_cursor.copy(statement) as copy,
    ):
        while batch := cursor.fetchmany(COPY_BATCH_ROWS):
            for row in batch:
                copy.write_row(row)
            count += len(batch)
    logger.info("Copied %d rows of %s", count, table)
    return count


def _check_count(
    source: sqlite3.Connection, connection: Any, table: str, copied: int
) -> None:
    expected = source.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
    found = connection.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one()
    if not expected == found == copied:
        raise CountMismatch(
            f"{table}: {expected} rows in the source, {found} in the target after "
            "the copy; nothing was kept"
        )


def _reset_sequence(connection: Any, table: str) -> None:
    """The next id after the largest copied one (ids are kept as they were)."""
    connection.execute(
        text(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f'coalesce(max(id), 1), max(id) IS NOT NULL) FROM "{table}"'
        )
    )


def sqlite_source(path: Path) -> tuple[sqlite3.Connection, str | None]:
    """A read-only connection on the SQLite archive at `path`, and its revision."""
    from newsarchive.query.database import connect_archive

    connection = connect_archive(path, dict_rows=False)
    try:
        revision = connection.execute("SELECT version_num FROM alembic_version")
        row = revision.fetchone()
    except sqlite3.Error:
        row = None
    return connection, (row[0] if row else None)
