"""Where an archive lives: a SQLite file (a path) or a PostgreSQL database (a URL).

`--db` and `NEWSARCHIVE_DB` take either; `postgresql://USER[:PASS]@HOST[:PORT]/DBNAME`
names a PostgreSQL archive (docs/postgresql.md). A URL is kept as text (a `Path` would
fold its `//`), a path is made absolute. This module imports nothing, so the analyst
commands' fast read path and the store can both use it.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

_URL_PREFIX = re.compile(
    r"^(postgresql\+psycopg|postgresql|postgres)://", re.IGNORECASE
)


def is_postgres_url(db: object) -> bool:
    """True when `db` names a PostgreSQL archive (a `postgresql://` URL)."""
    return isinstance(db, str) and _URL_PREFIX.match(db) is not None


def archive_location(db: str | Path) -> str | Path:
    """A PostgreSQL URL as given, or the absolute path of a SQLite archive."""
    if is_postgres_url(db):
        return str(db)
    return Path(db).expanduser().resolve()


def libpq_url(url: str) -> str:
    """The URL as libpq (psycopg) takes it: scheme `postgresql`."""
    return _URL_PREFIX.sub("postgresql://", url, count=1)


def sqlalchemy_url(url: str) -> str:
    """The URL as SQLAlchemy takes it: the psycopg 3 dialect."""
    return _URL_PREFIX.sub("postgresql+psycopg://", url, count=1)


def shown_location(db: str | Path) -> str:
    """The archive for messages and logs: a URL without its password."""
    if not is_postgres_url(db):
        return str(db)
    parts = urlsplit(str(db))
    if parts.password is None:
        return str(db)
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    netloc = f"{parts.username}:***@{host}" if parts.username else host
    return urlunsplit(parts._replace(netloc=netloc))
