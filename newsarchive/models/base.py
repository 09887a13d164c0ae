"""The declarative base shared by every archive table, and the archive's column types.

Project-wide type decisions live here: `datetime` columns are `UTCDateTime` (ISO 8601
text in UTC, the format of docs/design/decisions.md 8), `str` columns are TEXT, dict/list ones JSON.
Constraint names follow `NAMING_CONVENTION` so Alembic migrations can refer to them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, MetaData, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

from newsarchive.items import iso_utc

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class NaiveDatetimeError(ValueError):
    """A naive datetime was written: its instant is unknown, so it is refused."""


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime stored as ISO 8601 text in UTC (`2023-10-27T16:00:00+00:00`).

    SQLite has no time zone support and silently drops offsets, so the offset is
    normalised to UTC on write and naive datetimes are refused. Whole seconds are stored
    (the archive-wide format); as every value has the same shape, text order is time
    order and SQLite's date functions read it as is.
    """

    impl = Text
    cache_ok = True

    def process_bind_param(
        self, value: datetime | None, dialect: Dialect
    ) -> str | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(
                f"expected a datetime, got {type(value).__name__}: {value!r}"
            )
        if value.tzinfo is None or value.utcoffset() is None:
            raise NaiveDatetimeError(
                f"naive datetime {value.isoformat()} refused: give it a time zone"
            )
        return iso_utc(value)

    def process_result_value(
        self, value: str | None, dialect: Dialect
    ) -> datetime | None:
        if value is None:
            return None
        parsed = datetime.fromisoformat(value)
        if parsed.tzinfo is None:
            # Only hand-written rows lack an offset; the archive's convention is UTC.
            parsed = parsed.replace(tzinfo=UTC)
        return parsed.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    # SQLAlchemy reads this class attribute as is (its documented pattern).
    type_annotation_map = {  # noqa: RUF012
        datetime: UTCDateTime(),
        str: Text(),
        dict[str, Any]: JSON(),
        list[Any]: JSON(),
    }
