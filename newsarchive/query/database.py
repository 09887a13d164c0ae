"""Opening an archive for queries: read-only, and only if it really is an archive.

Every analyst query reads through a plain DB-API connection (`sqlite3` today) made here
and nowhere else, so that a read-only command imports neither SQLAlchemy nor Alembic
and starts in a fraction of a second. Rows come back as dicts keyed by column name.

The archive is opened with SQLite's `mode=ro` URI: a typo in `--db` can never create an
empty archive, and a query never writes. An archive on read-only storage (a share, a
snapshot, a read-only folder) has no `-wal`/`-shm` files and SQLite cannot create them,
so `mode=ro` fails there; such an archive is opened `immutable=1` instead, which reads
the file as it is and touches nothing. That is only correct when no write-ahead log
holds changes the file lacks, so an archive with a non-empty `-wal` that cannot be
opened gets a clear error instead. `--db` also takes a SQLite `file:` URI (its
parameters are kept; `mode` is always `ro`).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

from newsarchive.archive_url import archive_location, is_postgres_url, shown_location
from newsarchive.query.dialect import table_names
from newsarchive.query.errors import NoArchive, NotAnArchive

Connection = sqlite3.Connection
"""The connection type every query function takes (a DB-API connection whose rows are
dicts; psycopg's with `dict_row` is the same shape)."""

REQUIRED_TABLES = frozenset({"articles", "articles_fts"})
DEFAULT_ARCHIVE = Path("data") / "archive.sqlite"
ARCHIVE_ENV_VAR = "NEWSARCHIVE_DB"
# Waiting briefly on a writer (a running crawl) beats "database is locked".
BUSY_TIMEOUT_MS = 5000
SIDE_FILE_SUFFIXES = ("-wal", "-shm", "-journal", ".lock")
"""Files SQLite (and the crawl's run lock) keep beside an archive."""
STREAM_BATCH_ROWS = 1_000


def default_archive_path(environ: Mapping[str, str] | None = None) -> Path | str:
    """`$NEWSARCHIVE_DB` if set, else `data/archive.sqlite`, absolute (the same rule as
    `newsarchive.store.default_db_path`, without importing the store); a
    `postgresql://` URL as it is."""
    env = os.environ if environ is None else environ
    return archive_location(env.get(ARCHIVE_ENV_VAR) or DEFAULT_ARCHIVE)


@dataclass(frozen=True)
class ArchiveLocation:
    """Where an archive is: its file, and SQLite URI parameters given with `--db`."""

    path: Path
    uri_parameters: tuple[tuple[str, str], ...] = ()

    @classmethod
    def parse(cls, db: Path | str) -> ArchiveLocation:
        text = str(db)
        if not text.startswith("file:"):
            return cls(Path(text).expanduser())
        parts = urlsplit(text)
        host = "" if parts.netloc in ("", "localhost") else f"//{parts.netloc}"
        path = unquote(host + parts.path)
        parameters = tuple(
            (name, value)
            for name, value in parse_qsl(parts.query, keep_blank_values=True)
            if name != "mode"
        )
        return cls(Path(path).expanduser(), parameters)

    @property
    def immutable(self) -> bool:
        return dict(self.uri_parameters).get("immutable") == "1"

    def uri(self, *, immutable: bool = False) -> str:
        parameters = dict(self.uri_parameters)
        parameters["mode"] = "ro"
        if immutable:
            parameters["immutable"] = "1"
        path = quote(str(self.path.resolve()), safe="/")
        return f"file:{path}?{urlencode(parameters)}"

    def side_files(self) -> list[Path]:
        return [Path(f"{self.path}{suffix}") for suffix in SIDE_FILE_SUFFIXES]


def check_archive(db: Path | str) -> Path:
    """The archive's path when `db` is an archive; else `NoArchive`/`NotAnArchive`.

    For commands that write through another layer (the store) but must never create
    an archive from a typo.
    """
    with contextlib.closing(connect_archive(db)):
        pass
    if is_postgres_url(db):
        return db  # type: ignore[return-value]
    return ArchiveLocation.parse(db).path


def connect_archive(db: Path | str, *, dict_rows: bool = True) -> Connection:
    """A read-only connection on the archive `db` (a path, a `file:` URI or a
    `postgresql://` URL); rows are dicts unless `dict_rows` is False (plain tuples, as
    SQLAlchemy's `creator` wants)."""
    if is_postgres_url(db):
        return _connect_postgres(str(db), dict_rows=dict_rows)
    location = ArchiveLocation.parse(db)
    path = location.path
    _check_file(path)
    try:
        connection = _open(location, immutable=location.immutable)
    except sqlite3.OperationalError as error:
        if _error_name(error) != "SQLITE_CANTOPEN":
            raise NotAnArchive(
                f"{path} is not a newsarchive archive ({error})"
            ) from None
        connection = _open_on_read_only_storage(location, error)
    except sqlite3.DatabaseError as error:
        raise NotAnArchive(f"{path} is not a newsarchive archive ({error})") from None
    try:
        tables = table_names(connection)
    except sqlite3.DatabaseError as error:
        connection.close()
        raise NotAnArchive(f"{path} is not a newsarchive archive ({error})") from None
    if not REQUIRED_TABLES <= tables:
        connection.close()
        raise NotAnArchive(
            f"{path} is not a newsarchive archive (no articles table): "
            f"check the --db path or {ARCHIVE_ENV_VAR}"
        )
    if not dict_rows:
        connection.row_factory = None
    return connection


def _connect_postgres(url: str, *, dict_rows: bool) -> Connection:
    # Imported here: the SQLite path never loads psycopg.
    from newsarchive.query.postgres import connect_postgres

    connection = connect_postgres(url, dict_rows=dict_rows)
    try:
        tables = table_names(connection)
    except BaseException:
        connection.close()
        raise
    if not REQUIRED_TABLES <= tables:
        connection.close()
        raise NotAnArchive(
            f"{shown_location(url)} is not a newsarchive archive (no articles table): "
            f"check the --db URL or {ARCHIVE_ENV_VAR}, or create it with "
            "`newsarchive crawl` or `newsarchive db copy`"
        )
    return connection  # type: ignore[return-value]


def _check_file(path: Path) -> None:
    """`NoArchive`/`NotAnArchive` unless `path` names a readable regular file."""
    shown = str(path) if len(str(path)) <= 200 else f"{str(path)[:197]}..."
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise NoArchive(
            f"no archive at {shown}: run `newsarchive crawl --db {shown}` first"
        ) from None
    except (OSError, ValueError) as error:  # a name too long, a NUL character, ...
        reason = getattr(error, "strerror", None) or str(error)
        raise NoArchive(f"cannot use --db {shown!r}: {reason}") from None
    if stat.S_ISDIR(mode):
        raise NotAnArchive(
            f"{shown} is a directory, not an archive: give the .sqlite file"
        )
    if not stat.S_ISREG(mode):
        raise NotAnArchive(f"{shown} is not a regular file, so not an archive")
    if not os.access(path, os.R_OK):
        raise NotAnArchive(f"cannot read {shown}: permission denied")


@contextlib.contextmanager
def reading(db: Path | str) -> Iterator[Connection]:
    """`connect_archive(db)`, closed afterwards."""
    connection = connect_archive(db)
    try:
        yield connection
    finally:
        connection.close()


def _open(location: ArchiveLocation, *, immutable: bool) -> Connection:
    connection = sqlite3.connect(
        location.uri(immutable=immutable), uri=True, check_same_thread=False
    )
    connection.row_factory = dict_row
    try:
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # Reading the schema makes SQLite open the file (and its WAL) now, so opening
        # errors surface here rather than in the first query.
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except BaseException:
        connection.close()
        raise
    return connection


def _open_on_read_only_storage(
    location: ArchiveLocation, error: sqlite3.OperationalError
) -> Connection:
    wal = Path(f"{location.path}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise NotAnArchive(
            f"cannot read {location.path} ({error}): its write-ahead log {wal.name} holds "
            "changes and the folder is read-only; copy the archive with its -wal file "
            "to writable storage"
        ) from None
    try:
        return _open(location, immutable=True)
    except sqlite3.DatabaseError as retry_error:
        raise NotAnArchive(
            f"{location.path} is not a newsarchive archive ({retry_error})"
        ) from None


def _error_name(error: sqlite3.Error) -> str:
    return getattr(error, "sqlite_errorname", "")


def dict_row(cursor: sqlite3.Cursor, row: tuple[Any, ...]) -> dict[str, Any]:
    return dict(zip([column[0] for column in cursor.description], row, strict=True))


def fetch_all(
    connection: Connection, sql: str, params: Mapping[str, Any] | None = None
) -> list[dict[str, Any]]:
    """Every row of `sql` (named `:name` parameters) as dicts."""
    return connection.execute(sql, dict(params or {})).fetchall()


def fetch_one(
    connection: Connection, sql: str, params: Mapping[str, Any] | None = None
) -> dict[str, Any] | None:
    return connection.execute(sql, dict(params or {})).fetchone()


def fetch_value(
    connection: Connection, sql: str, params: Mapping[str, Any] | None = None
) -> Any:
    """The first column of the first row (None when there is no row)."""
    row = fetch_one(connection, sql, params)
    return None if row is None else next(iter(row.values()))


def stream_rows(
    connection: Connection,
    sql: str,
    params: Mapping[str, Any] | None = None,
    *,
    batch_rows: int = STREAM_BATCH_ROWS,
) -> Iterator[dict[str, Any]]:
    """The rows of `sql` a batch at a time: flat memory on any archive size."""
    if getattr(connection, "is_postgres", False):
        yield from connection.stream(sql, params, batch_rows=batch_rows)
        return
    cursor = connection.execute(sql, dict(params or {}))
    try:
        while batch := cursor.fetchmany(batch_rows):
            yield from batch
    finally:
        # A reader that stopped early (a closed pipe) may finish this generator only
        # after the connection is closed, which closed the cursor with it.
        with contextlib.suppress(sqlite3.ProgrammingError):
            cursor.close()
