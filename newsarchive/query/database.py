"""Opening an archive for queries: read-only, and only if it really is an archive.

Query commands open the file with SQLite's `mode=ro` URI so a typo in `--db` can never
create an empty archive, and check for the archive's tables before running anything.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.exc import DatabaseError

from newsarchive.query.errors import NoArchive, NotAnArchive

REQUIRED_TABLES = frozenset({"articles", "articles_fts"})


def open_archive(path: Path | str) -> Engine:
    """A read-only engine on the archive at `path`; else `NoArchive`/`NotAnArchive`."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise NotAnArchive(
            f"{path} is a directory, not an archive: give the .sqlite file"
        )
    if not path.is_file():
        raise NoArchive(
            f"no archive at {path}: run `newsarchive crawl --db {path}` first"
        )
    uri = path.resolve().as_uri() + "?mode=ro"
    engine = create_engine(
        "sqlite://",
        creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False),
    )
    event.listen(engine, "connect", _set_query_pragmas)
    try:
        tables = set(inspect(engine).get_table_names())
    except DatabaseError as error:
        engine.dispose()
        raise NotAnArchive(
            f"{path} is not a newsarchive archive ({error.orig})"
        ) from error
    if not REQUIRED_TABLES <= tables:
        engine.dispose()
        raise NotAnArchive(
            f"{path} is not a newsarchive archive (no articles table): "
            "check the --db path or NEWSARCHIVE_DB"
        )
    return engine


def _set_query_pragmas(dbapi_connection, _record) -> None:
    # Waiting briefly on a writer (a running crawl) beats "database is locked".
    dbapi_connection.execute("PRAGMA busy_timeout = 5000")
