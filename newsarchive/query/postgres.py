"""Reading a PostgreSQL archive with the analyst queries (docs/postgresql.md).

The queries are written once, for SQLite's DB-API shape: `connection.execute(sql,
{"name": value})` with `:name` parameters, rows as dicts, JSON columns as text, booleans
as 0/1, sums as integers. `PostgresConnection` gives a psycopg 3 connection that shape:
it turns `:name` into psycopg's `%(name)s` (leaving quoted text, `::` casts and `%` in
literals alone), SQLite's JSON aggregate into PostgreSQL's, and loads values as SQLite
would return them, so every command's output is the same on both archives. The session
is read-only and autocommits: a query never writes and never holds a transaction open.

psycopg is imported only here, and only for a `postgresql://` archive.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

import psycopg
from psycopg.adapt import Loader
from psycopg.rows import dict_row
from psycopg.types.string import TextLoader

from newsarchive.archive_url import libpq_url, shown_location
from newsarchive.query.errors import NoArchive

CONNECT_TIMEOUT_SECONDS = 10
_CURSOR_NUMBERS = itertools.count(1)
# Quoted text and identifiers are copied as they are; `::` is a cast; `:name` a
# parameter; a lone `%` must be doubled for psycopg.
_SQL_PIECE = re.compile(
    r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|::|:(?P<name>[A-Za-z_][A-Za-z0-9_]*)|%"
)
# SQLite's spellings in the shared queries, and PostgreSQL's.
_FUNCTIONS = {"json_group_array(": "json_agg("}


def translate(sql: str) -> str:
    """`sql` written for SQLite's DB-API (`:name`), as psycopg takes it (`%(name)s`)."""

    def piece(match: re.Match[str]) -> str:
        text = match.group(0)
        if match["name"]:
            return f"%({match['name']})s"
        if text == "%":
            return "%%"
        return text

    translated = _SQL_PIECE.sub(piece, sql)
    for sqlite_name, postgres_name in _FUNCTIONS.items():
        translated = translated.replace(sqlite_name, postgres_name)
    return translated


class _NumericLoader(Loader):
    """`sum()` and `avg()` give NUMERIC: an integer when whole (as SQLite's sum of
    integers), else a float."""

    def load(self, data: Any) -> int | float:
        value = Decimal(bytes(data).decode("ascii"))
        return int(value) if value == value.to_integral_value() else float(value)


class _BooleanAsIntegerLoader(Loader):
    def load(self, data: Any) -> int:
        return 1 if bytes(data) == b"t" else 0


class PostgresConnection:
    """A psycopg 3 connection with the query layer's DB-API shape (see the module
    docstring)."""

    is_postgres = True

    def __init__(self, connection: psycopg.Connection) -> None:
        self.raw = connection

    def execute(self, sql: str, params: Mapping[str, Any] | None = None) -> Any:
        return self.raw.execute(translate(sql), dict(params or {}) or None)

    def cursor(self) -> Any:
        return self.raw.cursor()

    def stream(
        self, sql: str, params: Mapping[str, Any] | None, *, batch_rows: int
    ) -> Iterator[dict[str, Any]]:
        """The rows of `sql` from a server-side cursor, `batch_rows` at a time: a plain
        `execute` would bring the whole result (an export's every body) into memory.
        The cursor lives in a transaction of its own (the session autocommits)."""
        with self.raw.transaction():
            cursor = self.raw.cursor(name=f"newsarchive_rows_{next(_CURSOR_NUMBERS)}")
            try:
                cursor.execute(translate(sql), dict(params or {}) or None)
                while batch := cursor.fetchmany(batch_rows):
                    yield from batch
            finally:
                # A reader that stopped early (a closed pipe) may finish this generator
                # only after the connection is closed, which closed the cursor with it.
                if not self.raw.closed:
                    cursor.close()

    def close(self) -> None:
        self.raw.close()

    def commit(self) -> None:
        self.raw.commit()

    def rollback(self) -> None:
        self.raw.rollback()


def connect_postgres(url: str, *, dict_rows: bool = True) -> PostgresConnection:
    """A read-only connection on the PostgreSQL archive at `url` (`NoArchive` when the
    server cannot be reached or the database does not exist)."""
    try:
        connection = psycopg.connect(
            libpq_url(url),
            autocommit=True,
            row_factory=dict_row if dict_rows else psycopg.rows.tuple_row,
            connect_timeout=CONNECT_TIMEOUT_SECONDS,
        )
    except psycopg.OperationalError as error:
        reason = " ".join(str(error).split())
        raise NoArchive(
            f"cannot open the archive {shown_location(url)}: {reason}"
        ) from None
    adapters = connection.adapters
    for json_type in ("json", "jsonb"):
        adapters.register_loader(json_type, TextLoader)
    adapters.register_loader("numeric", _NumericLoader)
    adapters.register_loader("bool", _BooleanAsIntegerLoader)
    connection.execute("SET default_transaction_read_only = on")
    return PostgresConnection(connection)


def is_postgres_connection(connection: Any) -> bool:
    return getattr(connection, "is_postgres", False)
