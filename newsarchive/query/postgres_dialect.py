"""PostgreSQL's own SQL for the analyst queries: the twin of `newsarchive.query.dialect`
(the same functions, the same parameters), for an archive read through
`newsarchive.query.postgres.PostgresConnection`.

Full-text search reads the weighted `tsvector` the store writes into `articles_fts`
(docs/postgresql.md): the FTS5 query is translated (`newsarchive.query.tsquery`), ranked
with `ts_rank` under the same column weights, and its snippet is `ts_headline` of the
body, computed for the rows returned only.
"""

from __future__ import annotations

from typing import Any

from newsarchive.query.tsquery import TsquerySyntaxError, fts5_to_tsquery

TEXT_SEARCH_CONFIG = "newsarchive_english"
"""The configuration migration 0001 makes (English stemming, diacritics removed)."""


def table_names(connection: Any) -> set[str]:
    rows = connection.execute(
        "SELECT table_name AS name FROM information_schema.tables "
        "WHERE table_schema = current_schema()"
    )
    return {row["name"] for row in rows}


def column_names(connection: Any, table: str) -> list[str]:
    rows = connection.execute(
        "SELECT column_name AS name FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND table_name = :table "
        "ORDER BY ordinal_position",
        {"table": table},
    )
    return [row["name"] for row in rows]


def _rank_weights(weights: tuple[float, ...]) -> str:
    """FTS5's per-column bm25 weights (title, subtitle, body, authors, tags) as
    `ts_rank`'s {D, C, B, A} array, each class relative to the title's."""
    title, subtitle, body, authors, tags = weights
    classes = (body, max(subtitle, tags), authors, title)
    return "{" + ", ".join(f"{weight / title:.3f}" for weight in classes) + "}"


def full_text_search_sql(columns: str, conditions: str, *, limited: bool) -> str:
    """A statement selecting `columns` from articles `a` matching `:fts_query`, best
    first; `rank` is minus `ts_rank` (lower is better, as FTS5's bm25), `snippet` the
    body's best passage. The inner query ranks, filters and limits ids; only the rows
    it keeps get their columns (bylines, tags) and a headline."""
    where = f" AND {conditions}" if conditions else ""
    limit = " LIMIT :limit" if limited else ""
    return (
        f"SELECT {columns}, found.rank AS rank, "
        "ts_headline(:fts_config::regconfig, a.body_text, found.fts_q, :fts_headline) "
        "AS snippet FROM ("
        "SELECT a.id AS id, -ts_rank(:fts_weights::real[], f.document, q) AS rank, "
        "q AS fts_q FROM articles_fts f JOIN articles a ON a.id = f.rowid, "
        "to_tsquery(:fts_config::regconfig, :fts_query) q "
        f"WHERE f.document @@ q{where} ORDER BY rank, a.id{limit}"
        ") found JOIN articles a ON a.id = found.id ORDER BY found.rank, found.id"
    )


def full_text_match_sql() -> str:
    """A statement selecting the `id` of every article matching `:fts_query` (no
    order: for counting and faceting the matches)."""
    return (
        "SELECT f.rowid AS id FROM articles_fts f "
        "WHERE f.document @@ to_tsquery(:fts_config::regconfig, :fts_query)"
    )


def full_text_match_params(query: str) -> dict[str, Any]:
    """Its parameters (`TsquerySyntaxError` when `query` is not FTS5 syntax)."""
    return {"fts_query": fts5_to_tsquery(query), "fts_config": TEXT_SEARCH_CONFIG}


def full_text_search_params(
    query: str,
    *,
    weights: tuple[float, ...],
    mark_start: str,
    mark_end: str,
    ellipsis: str,
    snippet_tokens: int,
) -> dict[str, Any]:
    """The statement's parameters (`TsquerySyntaxError` when `query` is not FTS5
    syntax)."""
    headline = (
        f'StartSel="{mark_start}", StopSel="{mark_end}", '
        f"MaxWords={snippet_tokens}, MinWords={max(1, snippet_tokens // 2)}, "
        f'MaxFragments=1, FragmentDelimiter="{ellipsis}"'
    )
    return {
        "fts_query": fts5_to_tsquery(query),
        "fts_config": TEXT_SEARCH_CONFIG,
        "fts_weights": _rank_weights(weights),
        "fts_headline": headline,
    }


def is_search_query_mistake(error: Exception) -> bool:
    """True when the search expression itself was refused."""
    return isinstance(error, TsquerySyntaxError)
