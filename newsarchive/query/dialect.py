"""SQLite's own SQL for the analyst queries, in one place.

The rest of `newsarchive.query` writes SQL that SQLite and PostgreSQL both read: named
`:name` parameters, plain joins, `lower`, `coalesce`, `LIKE ... ESCAPE`. What only SQLite
says lives here, behind functions named after what they give: the schema catalogue,
JSON list aggregation, calendar keys of the archive's UTC datetime text, how instants are
bound and read back, and full-text search (FTS5's `MATCH`, `bm25`, `snippet`). A second
backend needs its own version of these functions and nothing else: PostgreSQL's are in
`newsarchive.query.postgres_dialect` (the catalogue functions here hand over to them).
"""

from __future__ import annotations

import sqlite3
import sys
from datetime import UTC, datetime
from typing import Any

from newsarchive.fts_columns import fts_query
from newsarchive.items import iso_utc


def dialect_of(connection: Any) -> Any:
    """The SQL of the archive's engine: this module's, or its PostgreSQL twin."""
    if getattr(connection, "is_postgres", False):
        from newsarchive.query import postgres_dialect

        return postgres_dialect
    return sys.modules[__name__]


# --- the schema catalogue -------------------------------------------------------------


def table_names(connection: sqlite3.Connection) -> set[str]:
    if getattr(connection, "is_postgres", False):
        from newsarchive.query import postgres_dialect

        return postgres_dialect.table_names(connection)
    rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    return {row["name"] for row in rows}


def column_names(connection: sqlite3.Connection, table: str) -> list[str]:
    """The columns `table` has in this archive (an older schema revision has fewer)."""
    if getattr(connection, "is_postgres", False):
        from newsarchive.query import postgres_dialect

        return postgres_dialect.column_names(connection, table)
    rows = connection.execute(
        "SELECT name FROM pragma_table_info(:table) ORDER BY cid", {"table": table}
    )
    return [row["name"] for row in rows]


# --- values ---------------------------------------------------------------------------


def json_list(select_sql: str) -> str:
    """An SQL expression: the JSON array of the `value` column of `select_sql`, in its
    order (SQLite 3.40 has no ORDER BY inside aggregates, so it aggregates an ordered
    subquery; over the (article_id, position) keys that is an index walk)."""
    return f"(SELECT json_group_array(value) FROM ({select_sql}) AS list_values)"


def day_of(column: str) -> str:
    """`YYYY-MM-DD`, the UTC day of an instant column. The archive stores instants as
    ISO 8601 UTC text (docs/schema.md), so the day is the first ten characters."""
    return f"substr({column}, 1, 10)"


def month_of(column: str) -> str:
    """`YYYY-MM`, the UTC month of an instant column."""
    return f"substr({column}, 1, 7)"


def instant_param(value: datetime) -> str:
    """An aware datetime as a query parameter compared with instant columns."""
    return iso_utc(value)


def instant_value(value: Any) -> datetime | None:
    """An instant column's value as an aware UTC datetime."""
    if value is None or isinstance(value, datetime):
        return value
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:  # only hand-written rows lack an offset: read as UTC
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


# --- full-text search (FTS5) ----------------------------------------------------------

FTS_TABLE = "articles_fts"
# FTS5's complaints about a query, as opposed to a broken or locked database.
_QUERY_MISTAKES = (
    "fts5: syntax error",
    "fts5: parser stack overflow",
    "no such column",
    "unknown special query",
    "unterminated string",
    "fts5 expression tree is too large",
)


def full_text_search_sql(columns: str, conditions: str, *, limited: bool) -> str:
    """A statement selecting `columns` from articles `a` matching `:fts_query`, best
    first. `rank` is the match's bm25 score (lower is better), `snippet` its best
    passage. The weights go in as FTS5's per-query rank function (`:fts_rank`), so
    `ORDER BY rank` lets FTS5 hand rows over best first and SQLite stops after `:limit`
    rows that pass `conditions`: snippets and bylines are computed for those only."""
    where = f" AND {conditions}" if conditions else ""
    return (
        f"SELECT {columns}, {FTS_TABLE}.rank AS rank, "
        f"snippet({FTS_TABLE}, -1, :fts_mark_start, :fts_mark_end, :fts_ellipsis, "
        f":fts_tokens) AS snippet "
        f"FROM {FTS_TABLE} JOIN articles a ON a.id = {FTS_TABLE}.rowid "
        f"WHERE {FTS_TABLE} MATCH :fts_query AND {FTS_TABLE}.rank MATCH :fts_rank{where} "
        f"ORDER BY {FTS_TABLE}.rank" + (" LIMIT :limit" if limited else "")
    )


def full_text_match_sql() -> str:
    """A statement selecting the `id` of every article matching `:fts_query` (no
    order: for counting and faceting the matches)."""
    return f"SELECT rowid AS id FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :fts_query"


def full_text_match_params(query: str) -> dict[str, Any]:
    return {"fts_query": fts_query(query)}


def full_text_search_params(
    query: str,
    *,
    weights: tuple[float, ...],
    mark_start: str,
    mark_end: str,
    ellipsis: str,
    snippet_tokens: int,
) -> dict[str, Any]:
    return {
        "fts_query": fts_query(query),
        "fts_rank": f"bm25({', '.join(str(weight) for weight in weights)})",
        "fts_mark_start": mark_start,
        "fts_mark_end": mark_end,
        "fts_ellipsis": ellipsis,
        "fts_tokens": snippet_tokens,
    }


def is_search_query_mistake(error: sqlite3.Error) -> bool:
    """True when the database refused the search expression itself."""
    message = str(error)
    return isinstance(error, sqlite3.OperationalError) and any(
        marker in message for marker in _QUERY_MISTAKES
    )
