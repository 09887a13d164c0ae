"""Full-text search over `articles_fts` (FTS5): bm25 ranking and highlighted snippets.

The query is FTS5's own syntax, passed as a bound parameter: words (`umerov turkish`,
all must match), phrases (`"peace summit"`), prefixes (`diplom*`), boolean operators
(`ukraine AND (talks OR summit) NOT nato`) and column filters (`title: ukraine`).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Connection, column, func, literal_column, select, table
from sqlalchemy.exc import OperationalError

from newsarchive.models import Article as ArticleRow
from newsarchive.query.article_columns import authors_list, decode_list, tags_list
from newsarchive.query.errors import BadSearchQuery
from newsarchive.query.filters import NO_FILTERS, ArticleFilters, apply_filters

# Markers around matched terms in snippets: control characters never found in article
# text, so presentation code can turn them into bold, <mark> or whatever it needs.
HIGHLIGHT_START = "\x02"
HIGHLIGHT_END = "\x03"
SNIPPET_TOKENS = 24

# bm25 weights per FTS column (title, subtitle, body, authors, tags): a word in the
# title or the byline says more about what an article is than one in the body.
COLUMN_WEIGHTS = (10.0, 4.0, 1.0, 6.0, 3.0)
# Given as FTS5's per-query `rank` function, so that `ORDER BY rank` lets FTS5 hand rows
# over best first: SQLite then stops after `limit` rows that pass the filters, and
# snippets and bylines are computed for those rows only (not for every match).
RANK_FUNCTION = f"bm25({', '.join(str(weight) for weight in COLUMN_WEIGHTS)})"

SYNTAX_HINT = (
    'quote phrases and words with punctuation in double quotes, e.g. "U.S. policy" or '
    '"peace summit"; operators are AND, OR, NOT, a trailing * for prefixes'
)


@dataclass(kw_only=True)
class SearchHit:
    id: int
    rank: float
    """bm25 score: lower is better (FTS5 convention)."""
    title: str
    url: str
    section: str | None
    published_at: datetime | None
    snippet: str
    """Best-matching passage; matches between HIGHLIGHT_START and HIGHLIGHT_END."""
    authors: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


def search_articles(
    connection: Connection,
    query: str,
    *,
    filters: ArticleFilters = NO_FILTERS,
    limit: int = 20,
) -> list[SearchHit]:
    """The best `limit` articles for an FTS5 `query`, best first.

    Raises `BadSearchQuery` (one line with quoting advice) when FTS5 cannot parse it.
    """
    if not query.strip():
        raise BadSearchQuery(f"the search query is empty: {SYNTAX_HINT}")
    fts_table = table("articles_fts", column("rowid"), column("rank"))
    fts = literal_column("articles_fts")  # FTS5's hidden column named after its table
    snippet = func.snippet(
        fts, -1, HIGHLIGHT_START, HIGHLIGHT_END, "\u2026", SNIPPET_TOKENS
    )
    statement = (
        select(
            ArticleRow.id,
            fts_table.c.rank.label("rank"),
            ArticleRow.title,
            ArticleRow.url,
            ArticleRow.section,
            ArticleRow.published_at,
            snippet.label("snippet"),
            authors_list().label("authors"),
            tags_list().label("tags"),
        )
        .select_from(ArticleRow)
        .join(fts_table, fts_table.c.rowid == ArticleRow.id)
        .where(fts.op("MATCH")(query), fts_table.c.rank.op("MATCH")(RANK_FUNCTION))
        .order_by(fts_table.c.rank)
        .limit(limit)
    )
    statement = apply_filters(statement, filters, connection)
    try:
        rows = connection.execute(statement).mappings().all()
    except OperationalError as error:
        if _is_query_mistake(error):
            raise BadSearchQuery(
                f"cannot search for {query!r} ({error.orig}): {SYNTAX_HINT}"
            ) from None
        raise  # a real database problem: never swallowed
    return [
        SearchHit(
            id=row["id"],
            rank=row["rank"],
            title=row["title"],
            url=row["url"],
            section=row["section"],
            published_at=row["published_at"],
            snippet=" ".join(
                (row["snippet"] or "").split()
            ),  # one line, paragraphs joined
            authors=decode_list(row["authors"]),
            tags=decode_list(row["tags"]),
        )
        for row in rows
    ]


def _is_query_mistake(error: OperationalError) -> bool:
    """FTS5's complaints about a query, as opposed to a broken or locked database."""
    message = str(error.orig) if isinstance(error.orig, sqlite3.Error) else ""
    return any(marker in message for marker in _QUERY_MISTAKES)


_QUERY_MISTAKES = (
    "fts5: syntax error",
    "no such column",
    "unknown special query",
    "unterminated string",
)


def highlighted_parts(snippet: str) -> list[tuple[str, bool]]:
    """Split a snippet into (text, is_match) parts for presentation."""
    parts: list[tuple[str, bool]] = []
    for chunk_index, chunk in enumerate(snippet.split(HIGHLIGHT_START)):
        if chunk_index == 0:
            parts.append((chunk, False))
            continue
        matched, _, rest = chunk.partition(HIGHLIGHT_END)
        parts.append((matched, True))
        parts.append((rest, False))
    return [(text, flag) for text, flag in parts if text]


def marked_snippet(snippet: str, start: str = "<mark>", end: str = "</mark>") -> str:
    """The snippet with its matches between `start` and `end` (for JSON/CSV output)."""
    return snippet.replace(HIGHLIGHT_START, start).replace(HIGHLIGHT_END, end)
