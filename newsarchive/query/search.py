"""Full-text search over `articles_fts` (FTS5): bm25 ranking and highlighted snippets.

The query is FTS5's own syntax, passed as a bound parameter: words (`umerov turkish`,
all must match), phrases (`"peace summit"`), prefixes (`diplom*`), boolean operators
(`ukraine AND (talks OR summit) NOT nato`) and column filters (`title: ukraine`).

A query's size is bounded before it reaches FTS5: every term costs a pass over its
posting list, so a query of thousands of terms would run for minutes; one over the
limits gets a one-line error naming them.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime

from newsarchive.query.article_columns import authors_list, decode_list, tags_list
from newsarchive.query.database import Connection, fetch_all
from newsarchive.query.dialect import dialect_of, instant_value
from newsarchive.query.errors import BadSearchQuery
from newsarchive.query.filters import NO_FILTERS, ArticleFilters, filter_conditions

# Markers around matched terms in snippets: control characters never found in article
# text, so presentation code can turn them into bold, <mark> or whatever it needs.
HIGHLIGHT_START = "\x02"
HIGHLIGHT_END = "\x03"
SNIPPET_TOKENS = 24

# bm25 weights per FTS column (title, subtitle, body, authors, tags): a word in the
# title or the byline says more about what an article is than one in the body.
COLUMN_WEIGHTS = (10.0, 4.0, 1.0, 6.0, 3.0)

MAX_QUERY_TERMS = 32
"""Words, phrases and prefixes in one query. FTS5's cost grows faster than the number
of OR-ed frequent terms: on 100,000 articles 32 of them take about 3 s, 64 about 9 s,
256 a minute and a half (bench/cli_latency.py measures it)."""
MAX_QUERY_CHARACTERS = 2_000
MAX_QUERY_NESTING = 16
"""Parentheses inside parentheses; FTS5's parser gives up deeper than about 100."""

SYNTAX_HINT = (
    'quote phrases and words with punctuation in double quotes, e.g. "U.S. policy" or '
    '"peace summit"; operators are AND, OR, NOT, a trailing * for prefixes'
)
_TERM = re.compile(r'"[^"]*"|[^\s()"]+')
_OPERATORS = {"AND", "OR", "NOT"}


@dataclass(kw_only=True)
class SearchHit:
    id: int
    rank: float
    """bm25 score: lower is better (FTS5 convention)."""
    title: str
    url: str
    site: str
    section: str | None
    published_at: datetime | None
    snippet: str
    """Best-matching passage; matches between HIGHLIGHT_START and HIGHLIGHT_END."""
    authors: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


def check_query_size(query: str) -> None:
    """Refuse a query over the size limits, naming the limit (`BadSearchQuery`)."""
    if not query.strip():
        raise BadSearchQuery(f"the search query is empty: {SYNTAX_HINT}")
    if len(query) > MAX_QUERY_CHARACTERS:
        raise BadSearchQuery(
            f"the search query is {len(query):,} characters long; the limit is "
            f"{MAX_QUERY_CHARACTERS:,}: search for fewer words"
        )
    terms = [term for term in _TERM.findall(query) if term not in _OPERATORS]
    if len(terms) > MAX_QUERY_TERMS:
        raise BadSearchQuery(
            f"the search query has {len(terms):,} terms; the limit is "
            f"{MAX_QUERY_TERMS}: search for fewer words (or run several searches)"
        )
    depth = deepest = 0
    for character in re.sub(r'"[^"]*"', "", query):
        if character == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif character == ")":
            depth -= 1
    if deepest > MAX_QUERY_NESTING:
        raise BadSearchQuery(
            f"the search query nests parentheses {deepest} deep; the limit is "
            f"{MAX_QUERY_NESTING}: {SYNTAX_HINT}"
        )


def search_articles(
    connection: Connection,
    query: str,
    *,
    filters: ArticleFilters = NO_FILTERS,
    limit: int | None = 50,
) -> list[SearchHit]:
    """The best `limit` articles (all when None) for an FTS5 `query`, best first.

    Raises `BadSearchQuery` (one line with quoting advice) when FTS5 cannot parse it
    or it is over the size limits.
    """
    check_query_size(query)
    dialect = dialect_of(connection)
    conditions = filter_conditions(connection, filters)
    columns = (
        "a.id, a.title, a.url, a.site, a.section, a.published_at, "
        f"{authors_list('a.id')} AS authors, {tags_list('a.id')} AS tags"
    )
    sql = dialect.full_text_search_sql(
        columns, conditions.sql(), limited=limit is not None
    )
    try:
        params = dialect.full_text_search_params(
            query,
            weights=COLUMN_WEIGHTS,
            mark_start=HIGHLIGHT_START,
            mark_end=HIGHLIGHT_END,
            ellipsis="\u2026",
            snippet_tokens=SNIPPET_TOKENS,
        )
    except ValueError as error:  # PostgreSQL: the query translated before it runs
        raise BadSearchQuery(
            f"cannot search for {_shown(query)} ({error}): {SYNTAX_HINT}"
        ) from None
    params.update(conditions.params)
    if limit is not None:
        params["limit"] = limit
    try:
        rows = fetch_all(connection, sql, params)
    except sqlite3.OperationalError as error:
        if dialect.is_search_query_mistake(error):
            raise BadSearchQuery(
                f"cannot search for {_shown(query)} ({error}): {SYNTAX_HINT}"
            ) from None
        raise  # a real database problem: never swallowed
    return [
        SearchHit(
            id=row["id"],
            rank=row["rank"],
            title=row["title"],
            url=row["url"],
            site=row["site"],
            section=row["section"],
            published_at=instant_value(row["published_at"]),
            # one line: paragraphs joined
            snippet=" ".join((row["snippet"] or "").split()),
            authors=decode_list(row["authors"]),
            tags=decode_list(row["tags"]),
        )
        for row in rows
    ]


def _shown(text: str) -> str:
    return repr(text) if len(text) <= 80 else repr(text[:77] + "...")


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
